// The outbox sweeper: run on a schedule, it sends the outbox messages still pending, those
// whose stream delivery failed, gave up or never ran (e.g. written before the mailer was
// deployed). Delivery claims each message first, so it never sends one the mailer sent. Each
// run writes OutboxOldestPendingSeconds (0 when nothing waits).
import type { Context } from 'aws-lambda'
import { readEnv } from '../core/env.js'
import { log, withLogger } from '../core/log.js'
import { createDb } from '../db/client.js'
import { createSesTransport } from '../adapters/ses-mail-transport.js'
import { beforeDeadline } from './outbox/deadline.js'
import { outboxMailEnv } from './outbox/mail-env.js'
import { sweepOutbox, type SweepResult } from './outbox/sweep.js'

/** Read once at cold start; a misconfigured function fails loudly here. */
export const env = readEnv(outboxMailEnv)

const ctx = { db: createDb({ tableName: env.TABLE_NAME }), now: () => new Date() }
const transport = createSesTransport({
  from: env.MAIL_FROM,
  region: env.AWS_REGION,
  configurationSet: process.env.SES_CONFIGURATION_SET || undefined,
})

/** The scheduled event carries nothing the sweep needs. */
export const handler = (
  _event: unknown,
  context: Pick<Context, 'getRemainingTimeInMillis'> & Partial<Pick<Context, 'awsRequestId'>>,
): Promise<SweepResult> =>
  withLogger(log.child({ requestId: context.awsRequestId }), async () => {
    const send = beforeDeadline(transport, context)
    const result = await sweepOutbox(ctx, send)
    log.info('Outbox sweep finished', result)
    return result
  })
