// The grantee's change requests, in their grant's partition `GRANTS#<competitionId>`:
//
//   GRANT#<applicationId>#CHANGE#<id>   one change request (ids sort by time), open until decided once
//
// so one Query (`begins_with GRANT#<applicationId>#CHANGE#`) lists a grant's requests. Every
// write of one goes into a transaction with `grantPut` (grants-repo), whose version guard keeps
// the grant's count of open requests, and so the bound on them, true.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { ChangeRequest, GRANT_CHANGE_LIMITS } from '../../shared/schemas/grant-changes.js'
import type { Db } from './client.js'
import { grantKeys } from './grants-repo.js'
import { keys } from './table.js'
import { write } from './write.js'

const changeSk = (applicationId: string, changeId = '') => `${grantKeys.grant(applicationId)}#CHANGE#${changeId}`

const key = (competitionId: string, applicationId: string, changeId: string) => ({
  [keys.partition]: grantKeys.pk(competitionId),
  [keys.sort]: changeSk(applicationId, changeId),
})

/**
 * Writes a change request: `'new'` only if there is none with its id (`'change-new'`); a
 * decision only if it is still open at the version read (`'change-open'`), so it is decided once.
 */
export const changeRequestPut = (db: Db, change: ChangeRequest, expected: 'new' | { version: number }) =>
  expected === 'new'
    ? write(
        {
          Put: {
            TableName: db.tableName,
            Item: { ...key(change.competitionId, change.applicationId, change.id), entity: 'grantChange', ...change },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': keys.partition },
          },
        },
        'change-new',
      )
    : write(
        {
          Put: {
            TableName: db.tableName,
            Item: { ...key(change.competitionId, change.applicationId, change.id), entity: 'grantChange', ...change },
            ConditionExpression: '#version = :version AND #status = :open',
            ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
            ExpressionAttributeValues: { ':version': expected.version, ':open': 'open' },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        'change-open',
      )

/** One change request of a grant, if it exists (strongly consistent). */
export async function getChangeRequest(
  db: Db,
  competitionId: string,
  applicationId: string,
  changeId: string,
): Promise<ChangeRequest | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: key(competitionId, applicationId, changeId), ConsistentRead: true }),
  )
  return Item ? ChangeRequest.parse(Item) : undefined
}

/** A grant's change requests, newest first: one query (their number is bounded). */
export async function listChangeRequestsByGrant(
  db: Db,
  competitionId: string,
  applicationId: string,
): Promise<ChangeRequest[]> {
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
      ExpressionAttributeValues: { ':pk': grantKeys.pk(competitionId), ':prefix': changeSk(applicationId) },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: GRANT_CHANGE_LIMITS.total,
    }),
  )
  return (Items ?? []).map((item) => ChangeRequest.parse(item))
}

/**
 * Checks an award's grant agreement has not been sent (there is none, or a draft): an accepted
 * award is withdrawn only then, so a grant sent, active or ended never loses its award.
 */
export const grantNotInForce = (db: Db, competitionId: string, applicationId: string) =>
  write(
    {
      ConditionCheck: {
        TableName: db.tableName,
        Key: { [keys.partition]: grantKeys.pk(competitionId), [keys.sort]: grantKeys.grant(applicationId) },
        ConditionExpression: 'attribute_not_exists(#pk) OR #status = :draft',
        ExpressionAttributeNames: { '#pk': keys.partition, '#status': 'status' },
        ExpressionAttributeValues: { ':draft': 'draft' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    'grant-not-in-force',
  )
