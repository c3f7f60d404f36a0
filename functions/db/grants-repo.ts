// Grant agreements, in one partition per competition, `GRANTS#<competitionId>`:
//
//   GRANT#<applicationId>      the agreement for one accepted award, and its progress once accepted
//
// A competition's grants are one Query of its partition, keeping `entity = 'grant'` (the items
// other features keep under `GRANT#<applicationId>#…` are not grants).
//
// Every grant is also on GSI1 (`GRANTS`, by competition and application), so the programme view
// across competitions is one paged query, never one per grant or per competition.
//
// Every write of a grant goes into a transaction with `awardAccepted` (awards-repo), so a grant
// is never written beside an award that no longer holds.
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { Grant, type GrantStatus } from '../../shared/schemas/grants.js'
import type { Page } from '../../shared/schemas/common.js'
import type { Db } from './client.js'
import { queryEvery, queryIndexPage } from './query-page.js'
import { indexes, keys } from './table.js'
import { write } from './write.js'

export const grantKeys = {
  pk: (competitionId: string) => `GRANTS#${competitionId}`,
  grant: (applicationId: string) => `GRANT#${applicationId}`,
  /** GSI1: every grant of every competition. */
  all: 'GRANTS',
  allSk: (grant: Pick<Grant, 'competitionId' | 'applicationId'>) => `${grant.competitionId}#${grant.applicationId}`,
}

const key = (competitionId: string, applicationId: string) => ({
  [keys.partition]: grantKeys.pk(competitionId),
  [keys.sort]: grantKeys.grant(applicationId),
})

/**
 * Writes a grant. `expected: 'new'` only if the application has none yet (`'grant-new'`);
 * otherwise only if it is still at the version and status it was read at (`'grant-version'`).
 */
export const grantPut = (db: Db, grant: Grant, expected: 'new' | { version: number; status: GrantStatus }) => {
  const put = {
    TableName: db.tableName,
    Item: {
      ...key(grant.competitionId, grant.applicationId),
      [indexes.byKind.partition]: grantKeys.all,
      [indexes.byKind.sort]: grantKeys.allSk(grant),
      entity: 'grant',
      ...grant,
    },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  }
  return expected === 'new'
    ? write(
        {
          Put: {
            ...put,
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': keys.partition },
          },
        },
        'grant-new',
      )
    : write(
        {
          Put: {
            ...put,
            ConditionExpression: '#version = :version AND #status = :status',
            ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
            ExpressionAttributeValues: { ':version': expected.version, ':status': expected.status },
          },
        },
        'grant-version',
      )
}

/** One application's grant, if it has one (strongly consistent: decisions follow the last write). */
export async function getGrant(db: Db, competitionId: string, applicationId: string): Promise<Grant | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: key(competitionId, applicationId), ConsistentRead: true }),
  )
  return Item ? Grant.parse(Item) : undefined
}

/** A stored grant as core reads it (the item a refused write returns). */
export const parseGrantItem = (item: Record<string, unknown>): Grant => Grant.parse(item)

/**
 * Every grant of one competition, by application id: one Query of its partition (more only past
 * 1 MB a page), whatever else (reports, changes, check-ins) the partition holds. Never one per grant.
 */
export async function listGrantsOfCompetition(
  db: Db,
  competitionId: string,
  { consistent = true } = {},
): Promise<Grant[]> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk',
    FilterExpression: '#entity = :grant',
    ExpressionAttributeNames: { '#pk': keys.partition, '#entity': 'entity' },
    ExpressionAttributeValues: { ':pk': grantKeys.pk(competitionId), ':grant': 'grant' },
    ConsistentRead: consistent,
  })
  return items.map((item) => Grant.parse(item))
}

/**
 * Every grant of every competition: one Query of GSI1 (`GRANTS`), followed through its pages
 * (about one round trip per MB), never a read per grant or per competition. `pages` counts them.
 */
export async function listEveryGrant(db: Db): Promise<{ grants: Grant[]; pages: number }> {
  const { items, pages } = await queryEvery(db, {
    TableName: db.tableName,
    IndexName: indexes.byKind.name,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': indexes.byKind.partition },
    ExpressionAttributeValues: { ':pk': grantKeys.all },
  })
  return { grants: items.map((item) => Grant.parse(item)), pages }
}

/** A page of every grant of every competition (GSI1 `GRANTS`), for runs that go page by page. */
export const listGrantsPage = (db: Db, limit: number, cursor?: string): Promise<Page<Grant>> =>
  queryIndexPage(db, {
    index: indexes.byKind,
    partition: grantKeys.all,
    limit,
    cursor,
    parse: (item) => Grant.parse(item),
  })
