// The floor Lambda: bare Hono and the DynamoDB document client, nothing else. The API's
// bundle is measured against this one, built with the same options in the same run.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
import { Hono } from 'hono'
import { handle } from 'hono/aws-lambda'

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const app = new Hono()

app.get('/item/:id', async (c) => {
  const { Item } = await doc.send(new GetCommand({ TableName: 'floor', Key: { pk: c.req.param('id'), sk: 'ITEM' } }))
  return c.json(Item ?? null, Item ? 200 : 404)
})

export const handler = handle(app)
