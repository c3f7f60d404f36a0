// The anonymous survey's counters: one item per competition holding only counts. A response
// adds to them in the same transaction that marks the application "answered" (so nobody
// answers twice) without storing which answers, when, or in what order.
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import type { Db } from './client.js'
import { applicationKeys } from './applications-repo.js'
import { keys } from './table.js'
import { transactWrite } from './write.js'

export const diSurveyKeys = { pk: (competitionId: string) => `DI#${competitionId}`, sk: 'COUNTS' }

const counter = (questionId: string, optionId: string) => `c_${questionId}_${optionId}`.replace(/[^A-Za-z0-9_]/g, '_')

/** Adds one response; ConditionFailed (index 0) if the application is not submitted or already answered. */
export async function addSurveyResponse(db: Db, competitionId: string, applicationId: string, answers: [questionId: string, optionId: string][]): Promise<void> {
  const names: Record<string, string> = { '#respondents': 'respondents' }
  const values: Record<string, number> = { ':one': 1 }
  const adds = ['#respondents :one']
  answers.forEach(([questionId, optionId], i) => {
    names[`#c${i}`] = counter(questionId, optionId)
    adds.push(`#c${i} :one`)
  })
  await transactWrite(db, [
    {
      Update: {
        TableName: db.tableName,
        Key: { [keys.partition]: applicationKeys.pk(applicationId), [keys.sort]: applicationKeys.sk },
        // Only the flag: no timestamp or version change that would date the response.
        UpdateExpression: 'SET diSurveyAnswered = :true',
        ConditionExpression: '#status = :submitted AND attribute_not_exists(diSurveyAnswered)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':true': true, ':submitted': 'submitted' },
      },
    },
    {
      Update: {
        TableName: db.tableName,
        Key: { [keys.partition]: diSurveyKeys.pk(competitionId), [keys.sort]: diSurveyKeys.sk },
        UpdateExpression: `ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  ])
}

/** The counters, by "question/option" (0 where nobody chose it), and the respondents. */
export async function getSurveyCounts(db: Db, competitionId: string): Promise<{ respondents: number; count: (questionId: string, optionId: string) => number }> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: { [keys.partition]: diSurveyKeys.pk(competitionId), [keys.sort]: diSurveyKeys.sk } }),
  )
  return { respondents: Number(Item?.respondents ?? 0), count: (q, o) => Number(Item?.[counter(q, o)] ?? 0) }
}
