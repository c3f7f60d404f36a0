// Progress reports, in their grant's partition `GRANTS#<competitionId>`:
//
//   GRANT#<applicationId>#REPORT#<milestoneId>   one milestone's report, versioned
//
// so one Query (`begins_with GRANT#<applicationId>`) reads a grant with everything it has. The
// reminders read every grant from GSI1 (`GRANTS`), a page at a time.
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { Report, type ReportStatus } from '../../shared/schemas/grant-reports.js'
import type { Db } from './client.js'
import { grantKeys } from './grants-repo.js'
import { keys } from './table.js'
import { write } from './write.js'

export const reportKeys = {
  pk: grantKeys.pk,
  report: (applicationId: string, milestoneId: string) => `${grantKeys.grant(applicationId)}#REPORT#${milestoneId}`,
}

const key = (competitionId: string, applicationId: string, milestoneId: string) => ({
  [keys.partition]: reportKeys.pk(competitionId),
  [keys.sort]: reportKeys.report(applicationId, milestoneId),
})

/**
 * Writes a report: `'new'` only if the milestone has none yet, otherwise only if it is still at
 * the version and status it was read at. Both are the guard `'report-version'`.
 */
export const reportPut = (db: Db, report: Report, expected: 'new' | { version: number; status: ReportStatus }) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: {
          ...key(report.competitionId, report.applicationId, report.milestoneId),
          entity: 'grantReport',
          ...report,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        ...(expected === 'new'
          ? {
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': keys.partition },
            }
          : {
              ConditionExpression: '#version = :version AND #status = :status',
              ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
              ExpressionAttributeValues: { ':version': expected.version, ':status': expected.status },
            }),
      },
    },
    'report-version',
  )

/** One milestone's report, if the grantee has saved one (strongly consistent). */
export async function getReport(
  db: Db,
  competitionId: string,
  applicationId: string,
  milestoneId: string,
): Promise<Report | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: key(competitionId, applicationId, milestoneId),
      ConsistentRead: true,
    }),
  )
  return Item ? Report.parse(Item) : undefined
}

/** A stored report as core reads it (the item a refused write returns). */
export const parseReportItem = (item: Record<string, unknown>): Report => Report.parse(item)
