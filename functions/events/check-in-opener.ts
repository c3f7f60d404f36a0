// The check-in opener: run on a schedule, it emails each grantee once when a check-in after
// their grant (6 or 12 months after its end) opens, linking to its page
// (core/grants/check-ins.ts). Running it twice at once is harmless: each email is written in
// one transaction with the grant's record of it, conditioned on the grant's version read.
import type { Context } from 'aws-lambda'
import { sendCheckInNotices } from '../core/grants/check-ins.js'
import { readEnv } from '../core/env.js'
import { log, withLogger } from '../core/log.js'
import { createDb } from '../db/client.js'

/** Read once at cold start; a misconfigured function fails loudly here. */
export const env = readEnv({
  TABLE_NAME: 3,
  /** The site's address: the emails link to the check-in's page. */
  PUBLIC_URL: 'url',
})

const ctx = { db: createDb({ tableName: env.TABLE_NAME }), now: () => new Date(), publicUrl: env.PUBLIC_URL }

/** The scheduled event carries nothing the run needs. */
export const handler = (_event?: unknown, context?: Pick<Context, 'awsRequestId'>): Promise<{ opened: string[] }> =>
  withLogger(log.child({ requestId: context?.awsRequestId }), async () => {
    const opened = await sendCheckInNotices(ctx)
    log.info('Check-in opener run finished', { opened })
    return { opened }
  })
