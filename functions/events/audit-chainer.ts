// The audit chainer: run every minute, it links each competition's pending audit intents
// (written in the same transaction as each change) into its hash chain, in order. Running
// twice at once is harmless: the chain head's condition lets one win and the other retry.
import type { Context } from 'aws-lambda'
import { chainAllPending } from '../core/audit/chain.js'
import { readEnv } from '../core/env.js'
import { log, withLogger } from '../core/log.js'
import { createDb } from '../db/client.js'

/** Read once at cold start; a misconfigured function fails loudly here. */
export const env = readEnv({
  TABLE_NAME: 3,
  /** The audit key (a Secrets Manager dynamic reference, resolved at deploy). */
  AUDIT_KEY: 32,
})

const ctx = { db: createDb({ tableName: env.TABLE_NAME, auditSecret: env.AUDIT_KEY }) }

export const handler = (_event?: unknown, context?: Pick<Context, 'awsRequestId'>): Promise<{ chained: number }> =>
  withLogger(log.child({ requestId: context?.awsRequestId }), async () => {
    const chained = await chainAllPending(ctx)
    log.info('Audit chaining finished', { chained })
    return { chained }
  })
