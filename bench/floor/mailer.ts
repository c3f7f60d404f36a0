// The floor mailer: the DynamoDB document client and the SES v2 client, a handler that reads
// one item and sends one email. The outbox mailer and sweeper are measured against this.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const ses = new SESv2Client({})

export const handler = async (event: { id?: string }) => {
  const { Item } = await doc.send(new GetCommand({ TableName: 'floor', Key: { pk: event.id ?? 'x', sk: 'ITEM' } }))
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: 'floor@example.org',
      Destination: { ToAddresses: ['to@example.org'] },
      Content: { Simple: { Subject: { Data: 'Floor' }, Body: { Text: { Data: String(Item?.text ?? '') } } } },
    }),
  )
}
