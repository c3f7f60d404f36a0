// The offer lapser: run on a schedule, it lapses every award offer not accepted by its
// answer-by date, releasing its amount through the ledger and emailing the applicant and the
// manager (core/awards/lapse.ts). Running it twice at once is harmless: each lapse is one
// transaction conditioned on the offer still being offered at the version read.
import type { Context } from 'aws-lambda'
import { lapseDueOffers } from '../core/awards/lapse.js'
import { readEnv } from '../core/env.js'
import { log, withLogger } from '../core/log.js'
import { createDb } from '../db/client.js'

/** Read once at cold start; a misconfigured function fails loudly here. */
export const env = readEnv({
  TABLE_NAME: 3,
  /** The site's address: the lapse emails link to the offer and to the awards page. */
  PUBLIC_URL: 'url',
})

const ctx = { db: createDb({ tableName: env.TABLE_NAME }), now: () => new Date(), publicUrl: env.PUBLIC_URL }

/** The scheduled event carries nothing the run needs. */
export const handler = (_event?: unknown, context?: Pick<Context, 'awsRequestId'>): Promise<{ lapsed: string[] }> =>
  withLogger(log.child({ requestId: context?.awsRequestId }), async () => {
    const lapsed = await lapseDueOffers(ctx)
    log.info('Offer lapse run finished', { lapsed })
    return { lapsed }
  })
