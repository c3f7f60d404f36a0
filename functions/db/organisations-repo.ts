// Organisations and who belongs to them. A user belongs to one organisation (its
// membership item), which is how an applicant's requests find the organisation they act for.
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { Organisation } from '../../shared/schemas/organisation.js'
import type { Db } from './client.js'
import { keys } from './table.js'
import { commit, write } from './write.js'

export const organisationKeys = {
  pk: (organisationId: string) => `ORG#${organisationId}`,
  sk: 'PROFILE',
  memberPk: (userId: string) => `USER#${userId}`,
  memberSk: 'ORG',
  /** One item per organisation registered with a Companies House number, so duplicates can be found. */
  companyPk: (companiesHouseNumber: string) => `CHNUM#${companiesHouseNumber}`,
  companySk: (organisationId: string) => `ORG#${organisationId}`,
}

/** At most this many organisations sharing a number are read: enough to warn and to show. */
const MAX_SHARING = 25

const notExists = {
  ConditionExpression: 'attribute_not_exists(#pk)',
  ExpressionAttributeNames: { '#pk': keys.partition },
}

const toItem = (organisation: Organisation) => ({
  [keys.partition]: organisationKeys.pk(organisation.id),
  [keys.sort]: organisationKeys.sk,
  entity: 'organisation',
  ...organisation,
})

const companyNumberPut = (db: Db, organisation: Organisation) =>
  organisation.companiesHouseNumber
    ? [
        write({
          Put: {
            TableName: db.tableName,
            Item: {
              [keys.partition]: organisationKeys.companyPk(organisation.companiesHouseNumber),
              [keys.sort]: organisationKeys.companySk(organisation.id),
              entity: 'companyNumber',
              organisationId: organisation.id,
              name: organisation.name,
            },
          },
        }),
      ]
    : []

/** Creates an organisation with its first member; ConditionFailed (`'one-organisation-per-member'`) if the user already has one. */
export async function insertOrganisation(db: Db, organisation: Organisation, memberUserId: string): Promise<void> {
  await commit(db, [
    ...companyNumberPut(db, organisation),
    write({ Put: { TableName: db.tableName, Item: toItem(organisation), ...notExists } }, 'organisation-new'),
    write(
      {
        Put: {
          TableName: db.tableName,
          Item: {
            [keys.partition]: organisationKeys.memberPk(memberUserId),
            [keys.sort]: organisationKeys.memberSk,
            entity: 'membership',
            organisationId: organisation.id,
          },
          ...notExists,
        },
      },
      'one-organisation-per-member',
    ),
  ])
}

export async function getOrganisation(db: Db, organisationId: string): Promise<Organisation | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: organisationKeys.pk(organisationId), [keys.sort]: organisationKeys.sk },
    }),
  )
  return Item ? Organisation.parse(Item) : undefined
}

/** The id of the organisation a user acts for, if any. */
export async function getMembership(db: Db, userId: string): Promise<string | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: organisationKeys.memberPk(userId), [keys.sort]: organisationKeys.memberSk },
    }),
  )
  return Item ? String(Item.organisationId) : undefined
}

/**
 * Saves an edited organisation if nobody saved since `expectedVersion`, moving its Companies
 * House number entry with it (from `previousNumber`) in the same transaction.
 */
export async function replaceOrganisation(
  db: Db,
  organisation: Organisation,
  expectedVersion: number,
  previousNumber?: string,
): Promise<void> {
  await commit(db, [
    write(
      {
        Put: {
          TableName: db.tableName,
          Item: toItem(organisation),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      'organisation-version',
    ),
    ...(previousNumber && previousNumber !== organisation.companiesHouseNumber
      ? [
          write({
            Delete: {
              TableName: db.tableName,
              Key: {
                [keys.partition]: organisationKeys.companyPk(previousNumber),
                [keys.sort]: organisationKeys.companySk(organisation.id),
              },
            },
          }),
        ]
      : []),
    ...companyNumberPut(db, organisation),
  ])
}

/** The organisations (id and name) registered with this Companies House number, up to 25. */
export async function listOrganisationsByCompaniesHouseNumber(
  db: Db,
  companiesHouseNumber: string,
): Promise<{ organisationId: string; name: string }[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': keys.partition },
      ExpressionAttributeValues: { ':pk': organisationKeys.companyPk(companiesHouseNumber) },
      Limit: MAX_SHARING,
      // Read after this request's own write: of two registering at once, the later sees the earlier.
      ConsistentRead: true,
    }),
  )
  return Items.map((item) => ({ organisationId: String(item.organisationId), name: String(item.name) }))
}

/** Organisations by id (at most 100), in no particular order; missing ids are left out. */
export async function getOrganisations(db: Db, organisationIds: string[]): Promise<Organisation[]> {
  const ids = [...new Set(organisationIds)].slice(0, 100)
  if (!ids.length) return []
  let request: Record<string, unknown>[] | undefined = ids.map((id) => ({
    [keys.partition]: organisationKeys.pk(id),
    [keys.sort]: organisationKeys.sk,
  }))
  const found: Organisation[] = []
  for (let attempt = 0; request?.length; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt))
    const { Responses, UnprocessedKeys } = await db.doc.send(
      new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: request } } }),
    )
    found.push(...(Responses?.[db.tableName] ?? []).map((item) => Organisation.parse(item)))
    request = UnprocessedKeys?.[db.tableName]?.Keys as Record<string, unknown>[] | undefined
  }
  return found
}
