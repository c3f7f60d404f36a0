// The outbox mailer: a DynamoDB Streams consumer that emails each new outbox message with
// SES. Each message is claimed before it is sent (see core/notifications/deliver.ts), so a
// retried batch or a second consumer never sends it twice.
import { SESv2Client } from '@aws-sdk/client-sesv2'
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda'
import * as z from 'zod'
import { deliver } from '../core/notifications/deliver.js'
import { createDb } from '../db/client.js'
import { sesTransport } from './outbox/ses-transport.js'
import { deliverRecords } from './outbox/stream-records.js'

const Env = z.object({
  TABLE_NAME: z.string().min(3),
  /** The verified SES identity (or an address of a verified domain) emails come from. */
  MAIL_FROM: z.email(),
  /** Set by the Lambda runtime. */
  AWS_REGION: z.string().min(1),
})

/** Read once at cold start; a misconfigured function fails loudly here, not per record. */
export const env = Env.parse(process.env)

const ctx = { db: createDb({ tableName: env.TABLE_NAME }), now: () => new Date() }
const transport = sesTransport(new SESv2Client({ region: env.AWS_REGION }), env.MAIL_FROM)

/** Partial batch response: only the records whose email failed are retried. */
export const handler = (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  deliverRecords(event.Records, (message) => deliver(ctx, message, transport))
