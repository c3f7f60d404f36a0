// The floor event function: the DynamoDB document client and a handler that reads one item,
// nothing else. Each scheduled or stream function is measured against this (or the mailer's).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}))

export const handler = async (event: { id?: string }) => {
  const { Item } = await doc.send(new GetCommand({ TableName: 'floor', Key: { pk: event.id ?? 'x', sk: 'ITEM' } }))
  return Item ?? null
}
