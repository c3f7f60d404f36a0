// The outbox sweeper: run on a schedule, it sends the outbox messages still pending, those
// whose stream delivery failed, gave up or never ran (e.g. written before the mailer was
// deployed). Delivery claims each message first, so it never sends one the mailer sent.
import type { Context } from 'aws-lambda'
import { deliverPending } from '../core/notifications/deliver.js'
import { createDb } from '../db/client.js'
import { createSesTransport } from '../db/ses-mail-transport.js'
import { beforeDeadline } from './outbox/deadline.js'
import { OutboxMailEnv } from './outbox/mail-env.js'
import { sweep, type SweepResult } from './outbox/sweep.js'

/** Messages per deliverPending call: one GSI1 page of the pending list. */
export const SWEEP_PAGE = 25
/**
 * No page starts after this; with the function's 90 s timeout a page that started then still
 * has 40 s, and any send that would start within SEND_MARGIN_MS of the timeout is refused.
 */
export const SWEEP_BUDGET_MS = 50_000

/** Read once at cold start; a misconfigured function fails loudly here. */
export const env = OutboxMailEnv.parse(process.env)

const ctx = { db: createDb({ tableName: env.TABLE_NAME }), now: () => new Date() }
const transport = createSesTransport({ from: env.MAIL_FROM, region: env.AWS_REGION })

/** The scheduled event carries nothing the sweep needs. */
export const handler = async (_event: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SweepResult> => {
  const send = beforeDeadline(transport, context)
  const result = await sweep((limit) => deliverPending(ctx, send, limit), { limit: SWEEP_PAGE, budgetMs: SWEEP_BUDGET_MS })
  console.log(JSON.stringify({ level: 'INFO', message: 'Outbox sweep finished', ...result }))
  return result
}
