// The anonymous survey's storage, split so no write ties answers to an applicant:
// - the main table holds only the EOI's "answered" flag (to stop a second answer) and, once
//   published, the suppressed counts;
// - the survey table (no stream, no indexes) holds each answer set as an item under a random
//   key with nothing else: no application, organisation or user id, no time. It is written in
//   its own request, never in a transaction with the main table. Reading a partition returns
//   the sets in key order, which is random, not arrival order.
import { randomBytes } from 'node:crypto'
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { DiSurveyPublished } from '../../shared/schemas/di-survey.js'
import type { Db } from './client.js'
import { applicationKeys } from './applications-repo.js'
import { queryEvery } from './query-page.js'
import { keys } from './table.js'
import { commit, ConditionFailed, conditional, write } from './write.js'

export const diSurveyKeys = {
  /** Both tables: the competition's survey partition. */
  pk: (competitionId: string) => `DI#${competitionId}`,
  /** Survey table: one answer set, under 128 random bits. */
  answerSk: () => `ANS#${randomBytes(16).toString('hex')}`,
  /** Survey table: present once counting has begun; no answer set is added after it. */
  closedSk: 'CLOSED',
  /** Main table: the published counts. */
  publishedSk: 'PUBLISHED',
}

export type AnswerSet = Record<string, string>

/** Sets the EOI's flag; ConditionFailed (`'submitted-not-answered'`) if it is not submitted or has answered already. Only the flag: nothing that would date or describe the answers. */
export async function markSurveyAnswered(db: Db, applicationId: string): Promise<void> {
  await conditional('submitted-not-answered', () =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: { [keys.partition]: applicationKeys.pk(applicationId), [keys.sort]: applicationKeys.sk },
        UpdateExpression: 'SET diSurveyAnswered = :true',
        ConditionExpression: '#status = :submitted AND attribute_not_exists(diSurveyAnswered)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':true': true, ':submitted': 'submitted' },
      }),
    ),
  )
}

/** Undoes the flag when the answers could not be stored, so the applicant may try again. */
export async function unmarkSurveyAnswered(db: Db, applicationId: string): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: applicationKeys.pk(applicationId), [keys.sort]: applicationKeys.sk },
      UpdateExpression: 'REMOVE diSurveyAnswered',
    }),
  )
}

/** Stores one answer set in the survey table; ConditionFailed (`'survey-open'`) once counting has begun. */
export async function putAnswerSet(db: Db, competitionId: string, answers: AnswerSet): Promise<void> {
  const pk = diSurveyKeys.pk(competitionId)
  await commit(db, [
    write(
      {
        ConditionCheck: {
          TableName: db.surveyTableName,
          Key: { [keys.partition]: pk, [keys.sort]: diSurveyKeys.closedSk },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.partition },
        },
      },
      'survey-open',
    ),
    write({
      Put: {
        TableName: db.surveyTableName,
        Item: { [keys.partition]: pk, [keys.sort]: diSurveyKeys.answerSk(), answers },
      },
    }),
  ])
}

/** Closes the survey to answers (idempotent): from here the answer sets cannot change. */
export async function closeSurvey(db: Db, competitionId: string): Promise<void> {
  try {
    await conditional('survey-open', () =>
      db.doc.send(
        new PutCommand({
          TableName: db.surveyTableName,
          Item: { [keys.partition]: diSurveyKeys.pk(competitionId), [keys.sort]: diSurveyKeys.closedSk },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.partition },
        }),
      ),
    )
  } catch (error) {
    // Closed already: by another request, or an earlier look.
    if (!(error instanceof ConditionFailed)) throw error
  }
}

/** Every answer set of a closed survey, read consistently after closing it. */
export async function listAnswerSets(db: Db, competitionId: string): Promise<AnswerSet[]> {
  const { items } = await queryEvery(db, {
    TableName: db.surveyTableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :answer)',
    ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
    ExpressionAttributeValues: { ':pk': diSurveyKeys.pk(competitionId), ':answer': 'ANS#' },
    ConsistentRead: true,
  })
  return items.map((item) => (item.answers ?? {}) as AnswerSet)
}

export async function getPublishedSurvey(db: Db, competitionId: string): Promise<DiSurveyPublished | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: diSurveyKeys.pk(competitionId), [keys.sort]: diSurveyKeys.publishedSk },
      ConsistentRead: true,
    }),
  )
  return Item ? DiSurveyPublished.parse(Item) : undefined
}

/** Publishes once; ConditionFailed (`'published-once'`) if published already (the caller reads that one). */
export async function putPublishedSurvey(db: Db, competitionId: string, published: DiSurveyPublished): Promise<void> {
  await conditional('published-once', () =>
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          [keys.partition]: diSurveyKeys.pk(competitionId),
          [keys.sort]: diSurveyKeys.publishedSk,
          entity: 'diSurveyPublished',
          ...published,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': keys.partition },
      }),
    ),
  )
}
