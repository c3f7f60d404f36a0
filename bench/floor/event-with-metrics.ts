// The event floor plus the business-metrics helper (functions/adapters/metrics.ts) writing one
// metric: measured against the event floor, the difference is what the helper costs a cold start.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { putMetric } from '../../functions/adapters/metrics.js'

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}))

export const handler = async (event: { id?: string }) => {
  const { Item } = await doc.send(new GetCommand({ TableName: 'floor', Key: { pk: event.id ?? 'x', sk: 'ITEM' } }))
  putMetric('EmailSent')
  return Item ?? null
}
