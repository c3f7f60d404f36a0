// Organisations and who belongs to them. A user belongs to one organisation (its
// membership item), which is how an applicant's requests find the organisation they act for.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { Organisation } from '../../shared/schemas/organisation.js'
import type { Db } from './client.js'
import { keys } from './table.js'
import { conditional, transactWrite } from './write.js'

export const organisationKeys = {
  pk: (organisationId: string) => `ORG#${organisationId}`,
  sk: 'PROFILE',
  memberPk: (userId: string) => `USER#${userId}`,
  memberSk: 'ORG',
}

const notExists = { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': keys.partition } }

const toItem = (organisation: Organisation) => ({
  [keys.partition]: organisationKeys.pk(organisation.id),
  [keys.sort]: organisationKeys.sk,
  entity: 'organisation',
  ...organisation,
})

/** Creates an organisation with its first member; ConditionFailed if the user already has one. */
export async function insertOrganisation(db: Db, organisation: Organisation, memberUserId: string): Promise<void> {
  await transactWrite(db, [
    { Put: { TableName: db.tableName, Item: toItem(organisation), ...notExists } },
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
  ])
}

export async function getOrganisation(db: Db, organisationId: string): Promise<Organisation | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: { [keys.partition]: organisationKeys.pk(organisationId), [keys.sort]: organisationKeys.sk } }),
  )
  return Item ? Organisation.parse(Item) : undefined
}

/** The id of the organisation a user acts for, if any. */
export async function getMembership(db: Db, userId: string): Promise<string | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: { [keys.partition]: organisationKeys.memberPk(userId), [keys.sort]: organisationKeys.memberSk } }),
  )
  return Item ? String(Item.organisationId) : undefined
}

/** Saves an edited organisation if nobody saved since `expectedVersion`. */
export async function replaceOrganisation(db: Db, organisation: Organisation, expectedVersion: number): Promise<void> {
  await conditional(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: toItem(organisation),
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': expectedVersion },
      }),
    ),
  )
}
