// The release scheduler: run every minute, it releases the decisions and feedback whose
// scheduled time has come, and finishes any release a crash left part-way. Applicants see a
// scheduled release from its time whether or not this has run (core/feedback/gate.ts); this
// writes their emails. Running it twice at once is harmless: each release is claimed once, and
// each chunk of emails is written once (core/feedback/release.ts).
import type { Context } from 'aws-lambda'
import { runDueReleases } from '../core/feedback/release.js'
import { readEnv } from '../core/env.js'
import { log, withLogger } from '../core/log.js'
import { createDb } from '../db/client.js'
import { countRelease } from '../adapters/metrics.js'

/** Read once at cold start; a misconfigured function fails loudly here. */
export const env = readEnv({
  TABLE_NAME: 3,
  /** The site's address: decision emails link to each applicant's decision page. */
  PUBLIC_URL: 'url',
})

const ctx = { db: createDb({ tableName: env.TABLE_NAME }), now: () => new Date(), publicUrl: env.PUBLIC_URL }

/** The scheduled event carries nothing the run needs. */
export const handler = (_event?: unknown, context?: Pick<Context, 'awsRequestId'>): Promise<{ released: string[] }> =>
  withLogger(log.child({ requestId: context?.awsRequestId }), async () => {
    const released = await runDueReleases(ctx, countRelease)
    log.info('Release run finished', { released })
    return { released }
  })
