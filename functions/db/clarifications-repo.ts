// Clarification questions, one partition per competition in the order asked. The asker is
// kept (so abuse can be traced) but no schema returns it.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { Clarification } from '../../shared/schemas/clarification.js'
import type { Page } from '../../shared/schemas/common.js'
import type { Db } from './client.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { keys } from './table.js'
import { conditional } from './write.js'

export const clarificationKeys = {
  pk: (competitionId: string) => `CLAR#${competitionId}`,
  sk: (clarificationId: string) => `Q#${clarificationId}`,
}

const toItem = (c: Clarification, askedBy?: string) => ({
  [keys.partition]: clarificationKeys.pk(c.competitionId),
  [keys.sort]: clarificationKeys.sk(c.id),
  entity: 'clarification',
  ...c,
  ...(askedBy ? { askedBy } : {}),
})

export async function insertClarification(db: Db, clarification: Clarification, askedBy: string): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.tableName, Item: toItem(clarification, askedBy) }))
}

export async function getClarification(db: Db, competitionId: string, clarificationId: string): Promise<Clarification | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: clarificationKeys.pk(competitionId), [keys.sort]: clarificationKeys.sk(clarificationId) },
      ConsistentRead: true,
    }),
  )
  return Item ? Clarification.parse(Item) : undefined
}

/** Saves an answer if the question is still at `expectedVersion`; ConditionFailed if not. Keeps who asked. */
export async function saveAnswer(db: Db, answered: Clarification, expectedVersion: number): Promise<void> {
  await conditional(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: { [keys.partition]: clarificationKeys.pk(answered.competitionId), [keys.sort]: clarificationKeys.sk(answered.id) },
        UpdateExpression: 'SET question = :question, answer = :answer, #status = :status, answeredAt = :at, #version = :next',
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: {
          ':question': answered.question,
          ':answer': answered.answer,
          ':status': answered.status,
          ':at': answered.answeredAt,
          ':next': answered.version,
          ':expected': expectedVersion,
        },
      }),
    ),
  )
}

/** The competition's questions in the order asked; `answeredOnly` for the public list. */
export async function listClarifications(
  db: Db,
  competitionId: string,
  { limit, cursor, answeredOnly }: { limit: number; cursor?: string; answeredOnly: boolean },
): Promise<Page<Clarification>> {
  const pk = clarificationKeys.pk(competitionId)
  const { Items, LastEvaluatedKey } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: '#pk = :pk',
      FilterExpression: answeredOnly ? '#status = :answered' : undefined,
      ExpressionAttributeNames: { '#pk': keys.partition, ...(answeredOnly ? { '#status': 'status' } : {}) },
      ExpressionAttributeValues: { ':pk': pk, ...(answeredOnly ? { ':answered': 'answered' } : {}) },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, { attributes: [keys.partition, keys.sort], equal: { [keys.partition]: pk } }),
    }),
  )
  return { items: (Items ?? []).map((item) => Clarification.parse(item)), nextCursor: encodeCursor(LastEvaluatedKey) }
}
