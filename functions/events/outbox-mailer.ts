// The outbox mailer: a DynamoDB Streams consumer that emails each new outbox message with
// SES. Each message is claimed before it is sent (see core/notifications/deliver.ts), so a
// retried batch, a second consumer or the sweeper never sends it twice.
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda'
import { readEnv } from '../core/env.js'
import { log, withLogger } from '../core/log.js'
import { deliver } from '../core/notifications/deliver.js'
import { createDb } from '../db/client.js'
import { createSesTransport } from '../adapters/ses-mail-transport.js'
import { beforeDeadline } from './outbox/deadline.js'
import { countDelivery } from './outbox/delivery-metrics.js'
import { outboxMailEnv } from './outbox/mail-env.js'
import { deliverRecords } from './outbox/stream-records.js'

/** Read once at cold start; a misconfigured function fails loudly here, not per record. */
export const env = readEnv(outboxMailEnv)

const ctx = { db: createDb({ tableName: env.TABLE_NAME }), now: () => new Date() }
const transport = createSesTransport({
  from: env.MAIL_FROM,
  region: env.AWS_REGION,
  configurationSet: process.env.SES_CONFIGURATION_SET || undefined,
})

/**
 * Partial batch response: only the records whose email failed are retried. Records reached
 * too close to the timeout are not sent but reported as failed, so they are retried too.
 */
export const handler = (
  event: DynamoDBStreamEvent,
  context: Pick<Context, 'getRemainingTimeInMillis'> & Partial<Pick<Context, 'awsRequestId'>>,
): Promise<DynamoDBBatchResponse> =>
  withLogger(log.child({ requestId: context.awsRequestId }), () => {
    const send = beforeDeadline(transport, context)
    return deliverRecords(event.Records, (message) => deliver(ctx, message, send, countDelivery))
  })
