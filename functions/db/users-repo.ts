// People known to the platform. In the cloud Cognito holds identities; this keeps the
// profile the platform needs (name, role) and makes an email address unique.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { Role, type Page } from '../../shared/schemas/common.js'
import { User } from '../../shared/schemas/user.js'
import type { Db } from './client.js'
import { queryIndexPage } from './query-page.js'
import { indexes, keys } from './table.js'
import { commit, ConditionFailed, conditional, write } from './write.js'

export const userKeys = {
  pk: (userId: string) => `USER#${userId}`,
  sk: 'PROFILE',
  emailPk: (email: string) => `EMAIL#${email.toLowerCase()}`,
  emailSk: 'EMAIL',
  /** GSI1: users by role, in email order. */
  byRole: (role: Role) => `USERS#${role}`,
}

/** A user's profile item: listed by role, found by email. */
const userItem = (user: User) => ({
  [keys.partition]: userKeys.pk(user.id),
  [keys.sort]: userKeys.sk,
  [indexes.byKind.partition]: userKeys.byRole(user.role),
  [indexes.byKind.sort]: user.email.toLowerCase(),
  entity: 'user',
  ...user,
})

/** Creates a user; ConditionFailed if the id or the email is taken. */
export async function insertUser(db: Db, user: User): Promise<void> {
  const notExists = {
    ConditionExpression: 'attribute_not_exists(#pk)',
    ExpressionAttributeNames: { '#pk': keys.partition },
  }
  await commit(db, [
    write({ Put: { TableName: db.tableName, Item: userItem(user), ...notExists } }, 'user-new'),
    // The email claim keeps addresses unique and gives a one-read lookup by email.
    write(
      {
        Put: {
          TableName: db.tableName,
          Item: {
            [keys.partition]: userKeys.emailPk(user.email),
            [keys.sort]: userKeys.emailSk,
            entity: 'userEmail',
            ...user,
          },
          ...notExists,
        },
      },
      'email-unused',
    ),
  ])
}

/**
 * Keeps the name a person gave us. The profile is written whole (people signed in through
 * Cognito have none until now); the email claim, where there is one for this user, follows.
 */
export async function saveUserName(db: Db, user: User, name: string): Promise<User> {
  const next: User = { ...user, name }
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: userItem(next),
    }),
  )
  try {
    await conditional('email-claim-ours', () =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: { [keys.partition]: userKeys.emailPk(user.email), [keys.sort]: userKeys.emailSk },
          UpdateExpression: 'SET #name = :name',
          ConditionExpression: '#id = :id',
          ExpressionAttributeNames: { '#name': 'name', '#id': 'id' },
          ExpressionAttributeValues: { ':name': name, ':id': user.id },
        }),
      ),
    )
  } catch (error) {
    // No claim for this user (a Cognito sign-in): the profile is all there is.
    if (!(error instanceof ConditionFailed)) throw error
  }
  return next
}

export async function getUser(db: Db, userId: string): Promise<User | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: userKeys.pk(userId), [keys.sort]: userKeys.sk },
    }),
  )
  return Item ? User.parse(Item) : undefined
}

/** The directory locally: the user item's role (none once erased). Local accounts have no second factor. */
export async function getUserDirectoryEntry(db: Db, userId: string): Promise<{ role: Role; mfa: boolean } | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: userKeys.pk(userId), [keys.sort]: userKeys.sk },
      ProjectionExpression: '#role, erasedAt',
      ExpressionAttributeNames: { '#role': 'role' },
    }),
  )
  // An erased account is gone: its tokens stop working.
  return Item && !Item.erasedAt ? { role: Role.parse(Item.role), mfa: false } : undefined
}

export async function getUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: userKeys.emailPk(email), [keys.sort]: userKeys.emailSk },
    }),
  )
  return Item ? User.parse(Item) : undefined
}

export async function listUsersByRole(
  db: Db,
  role: Role,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<Page<User>> {
  return queryIndexPage(db, {
    index: indexes.byKind,
    partition: userKeys.byRole(role),
    limit,
    cursor,
    parse: (item) => User.parse(item),
  })
}
