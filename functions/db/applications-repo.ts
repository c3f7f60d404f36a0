// Expressions of interest. Each has its own partition; a claim item makes "one EOI per
// organisation per competition" a database rule; GSI1 lists a competition's EOIs by status
// for managers, GSI2 an organisation's EOIs for its applicants.
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { Application } from '../../shared/schemas/application.js'
import type { ApplicationStatus } from '../../shared/schemas/application.js'
import type { Page } from '../../shared/schemas/common.js'
import type { Db } from './client.js'
import { queryIndexPage } from './query-page.js'
import { indexes, keys } from './table.js'
import { commit, write } from './write.js'

export const applicationKeys = {
  pk: (applicationId: string) => `APP#${applicationId}`,
  sk: 'APP',
  claimPk: (competitionId: string, organisationId: string) => `EOI#${competitionId}#${organisationId}`,
  claimSk: 'CLAIM',
  /** GSI1: a competition's EOIs, grouped by status, oldest first within each. */
  byCompetition: (competitionId: string) => `APPS#${competitionId}`,
  byCompetitionSort: (a: Application) => `${a.status}#${a.createdAt}#${a.id}`,
  /** GSI2: an organisation's EOIs, oldest first. */
  byOrganisation: (organisationId: string) => `ORGAPPS#${organisationId}`,
  byOrganisationSort: (a: Application) => `${a.createdAt}#${a.id}`,
}

/** The EOI item's key, to read it in a batch with other items. */
export const applicationItemKey = (applicationId: string) => ({
  [keys.partition]: applicationKeys.pk(applicationId),
  [keys.sort]: applicationKeys.sk,
})

const toItem = (application: Application) => ({
  [keys.partition]: applicationKeys.pk(application.id),
  [keys.sort]: applicationKeys.sk,
  [indexes.byKind.partition]: applicationKeys.byCompetition(application.competitionId),
  [indexes.byKind.sort]: applicationKeys.byCompetitionSort(application),
  [indexes.byOwner.partition]: applicationKeys.byOrganisation(application.organisationId),
  [indexes.byOwner.sort]: applicationKeys.byOrganisationSort(application),
  entity: 'application',
  ...application,
})

/** Starts an EOI; ConditionFailed (`'one-per-organisation'`) if the organisation already has one for the competition. */
export async function insertApplication(db: Db, application: Application): Promise<void> {
  const notExists = {
    ConditionExpression: 'attribute_not_exists(#pk)',
    ExpressionAttributeNames: { '#pk': keys.partition },
  }
  await commit(db, [
    write(
      {
        Put: {
          TableName: db.tableName,
          Item: {
            [keys.partition]: applicationKeys.claimPk(application.competitionId, application.organisationId),
            [keys.sort]: applicationKeys.claimSk,
            entity: 'applicationClaim',
            applicationId: application.id,
          },
          ...notExists,
        },
      },
      'one-per-organisation',
    ),
    write({ Put: { TableName: db.tableName, Item: toItem(application), ...notExists } }, 'application-new'),
  ])
}

export async function getApplication(db: Db, applicationId: string): Promise<Application | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: applicationKeys.pk(applicationId), [keys.sort]: applicationKeys.sk },
      // Decisions (save, submit) follow what the applicant just saved.
      ConsistentRead: true,
    }),
  )
  return Item ? Application.parse(Item) : undefined
}

/** The id of the organisation's EOI for the competition, if it has started one. */
export async function getClaim(db: Db, competitionId: string, organisationId: string): Promise<string | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: {
        [keys.partition]: applicationKeys.claimPk(competitionId, organisationId),
        [keys.sort]: applicationKeys.claimSk,
      },
    }),
  )
  return Item ? String(Item.applicationId) : undefined
}

/** Replaces the EOI if it is still at `expected` version and status (`'application-version'`), for the caller's transaction. */
export const applicationPut = (
  db: Db,
  application: Application,
  expected: { version: number; status: ApplicationStatus },
) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: toItem(application),
        ConditionExpression: '#version = :version AND #status = :status',
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: { ':version': expected.version, ':status': expected.status },
      },
    },
    'application-version',
  )

export async function listApplicationsByOrganisation(
  db: Db,
  organisationId: string,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<Page<Application>> {
  return queryIndexPage(db, {
    index: indexes.byOwner,
    partition: applicationKeys.byOrganisation(organisationId),
    limit,
    cursor,
    parse: (item) => Application.parse(item),
  })
}

/**
 * A competition's EOIs, optionally of one status (a key condition) and addressing one theme
 * (a filter, so a page may hold fewer than `limit`; follow `nextCursor`).
 */
export async function listApplicationsByCompetition(
  db: Db,
  competitionId: string,
  { limit, cursor, status, themeId }: { limit: number; cursor?: string; status?: ApplicationStatus; themeId?: string },
): Promise<Page<Application>> {
  return queryIndexPage(db, {
    index: indexes.byKind,
    partition: applicationKeys.byCompetition(competitionId),
    limit,
    cursor,
    parse: (item) => Application.parse(item),
    range: status ? { beginsWith: `${status}#` } : undefined,
    filter: themeId ? { expression: 'contains(themeIds, :theme)', values: { ':theme': themeId } } : undefined,
  })
}
