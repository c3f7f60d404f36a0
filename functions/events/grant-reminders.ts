// The grant reminder run: every hour it emails grantees whose milestone report is due in 14
// days, or overdue, once each, linking to the report's page (core/grants/reminders.ts). Running
// it twice at once is harmless: each grant's reminders are marked under its version guard in
// the same transaction as their emails, so a racing run finds them sent.
import type { Context } from 'aws-lambda'
import { remindMilestones } from '../core/grants/reminders.js'
import { readEnv } from '../core/env.js'
import { log, withLogger } from '../core/log.js'
import { createDb } from '../db/client.js'

/** Read once at cold start; a misconfigured function fails loudly here. */
export const env = readEnv({
  TABLE_NAME: 3,
  /** The site's address: each reminder links to the grantee's report page. */
  PUBLIC_URL: 'url',
})

const ctx = { db: createDb({ tableName: env.TABLE_NAME }), now: () => new Date(), publicUrl: env.PUBLIC_URL }

/** The scheduled event carries nothing the run needs. */
export const handler = (_event?: unknown, context?: Pick<Context, 'awsRequestId'>): Promise<{ reminded: string[] }> =>
  withLogger(log.child({ requestId: context?.awsRequestId }), async () => {
    const reminded = await remindMilestones(ctx)
    log.info('Grant reminder run finished', { reminded })
    return { reminded }
  })
