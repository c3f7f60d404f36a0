// Clarification questions, one partition per competition in the order asked. The asker is
// kept (so abuse can be traced, and their open questions counted) but no schema returns it.
// Answered questions also sit in an index partition of their own (gsi1, `ANSWERED#<id>`), so
// the public list pages through answered questions only; the answer write sets those keys.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { Clarification } from '../../shared/schemas/clarification.js'
import type { Page } from '../../shared/schemas/common.js'
import type { Db } from './client.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { queryEvery, queryIndexPage } from './query-page.js'
import { indexes, keys } from './table.js'
import { commit, ConditionFailed, write } from './write.js'

export const clarificationKeys = {
  pk: (competitionId: string) => `CLAR#${competitionId}`,
  sk: (clarificationId: string) => `Q#${clarificationId}`,
  /** How many of one applicant's questions on the competition await an answer. */
  asker: (userId: string) => `ASKER#${userId}`,
  answeredPk: (competitionId: string) => `ANSWERED#${competitionId}`,
  /** GSI2: one person's questions, across competitions, in the order asked. */
  askedBy: (userId: string) => `ASKED#${userId}`,
}

const answeredIndexKeys = (c: Clarification) =>
  c.status === 'answered'
    ? { [indexes.byKind.partition]: clarificationKeys.answeredPk(c.competitionId), [indexes.byKind.sort]: c.id }
    : {}

const toItem = (c: Clarification, askedBy?: string) => ({
  [keys.partition]: clarificationKeys.pk(c.competitionId),
  [keys.sort]: clarificationKeys.sk(c.id),
  entity: 'clarification',
  ...c,
  ...answeredIndexKeys(c),
  ...(askedBy
    ? {
        askedBy,
        [indexes.byOwner.partition]: clarificationKeys.askedBy(askedBy),
        [indexes.byOwner.sort]: `${c.askedAt}#${c.id}`,
      }
    : {}),
})

export class TooManyOpenQuestions extends Error {}

/** Saves a new question unless the asker already has `maxOpen` awaiting an answer (TooManyOpenQuestions). */
export async function insertClarification(
  db: Db,
  clarification: Clarification,
  askedBy: string,
  maxOpen: number,
): Promise<void> {
  await commit(
    db,
    [
      write(
        {
          Put: {
            TableName: db.tableName,
            Item: toItem(clarification, askedBy),
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': keys.partition },
          },
        },
        'clarification-new',
      ),
      write(
        {
          Update: {
            TableName: db.tableName,
            Key: {
              [keys.partition]: clarificationKeys.pk(clarification.competitionId),
              [keys.sort]: clarificationKeys.asker(askedBy),
            },
            UpdateExpression: 'ADD #open :one SET entity = :entity',
            ConditionExpression: 'attribute_not_exists(#open) OR #open < :max',
            ExpressionAttributeNames: { '#open': 'openQuestions' },
            ExpressionAttributeValues: { ':one': 1, ':max': maxOpen, ':entity': 'clarification-asker' },
          },
        },
        'open-questions-within-limit',
      ),
    ],
    { 'open-questions-within-limit': () => new TooManyOpenQuestions() },
  )
}

export async function getClarification(
  db: Db,
  competitionId: string,
  clarificationId: string,
): Promise<{ clarification: Clarification; askedBy?: string } | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: {
        [keys.partition]: clarificationKeys.pk(competitionId),
        [keys.sort]: clarificationKeys.sk(clarificationId),
      },
      ConsistentRead: true,
    }),
  )
  return Item
    ? {
        clarification: Clarification.parse(Item),
        ...(typeof Item.askedBy === 'string' ? { askedBy: Item.askedBy } : {}),
      }
    : undefined
}

/**
 * Saves an answer if the question is still at `expectedVersion`; ConditionFailed (`'clarification-version'`) if not. Keeps
 * who asked. Puts the question in the answered index, and a first answer frees one of the
 * asker's open questions in the same transaction.
 */
export async function saveAnswer(
  db: Db,
  answered: Clarification,
  expectedVersion: number,
  firstAnswerFor?: string,
): Promise<void> {
  await commit(db, [
    write(
      {
        Update: {
          TableName: db.tableName,
          Key: {
            [keys.partition]: clarificationKeys.pk(answered.competitionId),
            [keys.sort]: clarificationKeys.sk(answered.id),
          },
          UpdateExpression:
            'SET question = :question, answer = :answer, #status = :status, answeredAt = :at, #version = :next, #gpk = :gpk, #gsk = :gsk',
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#version': 'version',
            '#gpk': indexes.byKind.partition,
            '#gsk': indexes.byKind.sort,
          },
          ExpressionAttributeValues: {
            ':question': answered.question,
            ':answer': answered.answer,
            ':status': answered.status,
            ':at': answered.answeredAt,
            ':next': answered.version,
            ':expected': expectedVersion,
            ':gpk': clarificationKeys.answeredPk(answered.competitionId),
            ':gsk': answered.id,
          },
        },
      },
      'clarification-version',
    ),
    ...(firstAnswerFor
      ? [
          write({
            Update: {
              TableName: db.tableName,
              Key: {
                [keys.partition]: clarificationKeys.pk(answered.competitionId),
                [keys.sort]: clarificationKeys.asker(firstAnswerFor),
              },
              // Questions asked before open ones were counted have no counter: it may dip below zero.
              UpdateExpression: 'ADD #open :minusOne',
              ExpressionAttributeNames: { '#open': 'openQuestions' },
              ExpressionAttributeValues: { ':minusOne': -1 },
            },
          }),
        ]
      : []),
  ])
}

/** Answered questions in the order asked, from their own index: for everyone. */
export async function listAnsweredClarifications(
  db: Db,
  competitionId: string,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<Page<Clarification>> {
  return queryIndexPage(db, {
    index: indexes.byKind,
    partition: clarificationKeys.answeredPk(competitionId),
    limit,
    cursor,
    parse: (item) => Clarification.parse(item),
  })
}

/** Every question in the order asked, answered or not: for programme managers. */
export async function listClarifications(
  db: Db,
  competitionId: string,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<Page<Clarification>> {
  const pk = clarificationKeys.pk(competitionId)
  const { Items, LastEvaluatedKey } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :q)',
      ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
      ExpressionAttributeValues: { ':pk': pk, ':q': 'Q#' },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(db, cursor, {
        attributes: [keys.partition, keys.sort],
        equal: { [keys.partition]: pk },
        prefix: { attribute: keys.sort, value: 'Q#' },
      }),
    }),
  )
  return {
    items: (Items ?? []).map((item) => Clarification.parse(item)),
    nextCursor: encodeCursor(db, LastEvaluatedKey),
  }
}

/** Every question one person asked, across competitions, in the order asked (GSI2 `ASKED#<userId>`, followed through its pages). */
export async function listClarificationsAskedBy(db: Db, userId: string): Promise<Clarification[]> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    IndexName: indexes.byOwner.name,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': indexes.byOwner.partition },
    ExpressionAttributeValues: { ':pk': clarificationKeys.askedBy(userId) },
  })
  return items.map((item) => Clarification.parse(item))
}

// — Questions asked before the `ASKED#` index —

/** One item says the backfill below has run over every competition: questions asked since carry their index keys. */
const askedIndexMarker = { [keys.partition]: 'MIGRATION#asked-index', [keys.sort]: 'DONE' }

/** Whether every question asked before the `ASKED#<userId>` index existed has been given its entry. */
export async function askedIndexBackfilled(db: Db): Promise<boolean> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: askedIndexMarker }))
  return Boolean(Item)
}

/**
 * Gives a competition's questions that still have an asker but no `ASKED#` entry their entry
 * (questions from before the index). Conditional on the asker being there and the entry not, so
 * it is idempotent, never re-links a question an erasure unlinked, and races harmlessly with itself.
 */
export async function indexOldQuestions(db: Db, competitionId: string): Promise<number> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :q)',
    FilterExpression: 'attribute_exists(askedBy) AND attribute_not_exists(#gpk)',
    ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort, '#gpk': indexes.byOwner.partition },
    ExpressionAttributeValues: { ':pk': clarificationKeys.pk(competitionId), ':q': 'Q#' },
    ProjectionExpression: 'id, askedAt, askedBy',
  })
  let indexed = 0
  for (const item of items) {
    const askedBy = String(item.askedBy)
    try {
      await commit(db, [
        write(
          {
            Update: {
              TableName: db.tableName,
              Key: {
                [keys.partition]: clarificationKeys.pk(competitionId),
                [keys.sort]: clarificationKeys.sk(String(item.id)),
              },
              UpdateExpression: 'SET #gpk = :gpk, #gsk = :gsk',
              ConditionExpression: 'askedBy = :askedBy AND attribute_not_exists(#gpk)',
              ExpressionAttributeNames: { '#gpk': indexes.byOwner.partition, '#gsk': indexes.byOwner.sort },
              ExpressionAttributeValues: {
                ':gpk': clarificationKeys.askedBy(askedBy),
                ':gsk': `${String(item.askedAt)}#${String(item.id)}`,
                ':askedBy': askedBy,
              },
            },
          },
          'question-not-indexed',
        ),
      ])
      indexed++
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error
    }
  }
  return indexed
}

/** Records that the backfill has run over every competition. */
export async function markAskedIndexBackfilled(db: Db, at: string): Promise<void> {
  await commit(db, [
    write({ Put: { TableName: db.tableName, Item: { ...askedIndexMarker, entity: 'migration', at } } }),
  ])
}
