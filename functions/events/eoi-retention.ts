// The EOI retention sweep: run daily, it erases the answers and contact of unsuccessful
// applicants' EOIs once the period the programme manager set after the release has passed
// (core/users/retention.ts). Running it twice at once is harmless: each erasure is conditioned
// on the EOI's version read, and a competition is marked swept on the release's version.
import type { Context } from 'aws-lambda'
import { readEnv } from '../core/env.js'
import { log, withLogger } from '../core/log.js'
import { sweepUnsuccessfulEois } from '../core/users/retention.js'
import { createDb } from '../db/client.js'

/** Read once at cold start; a misconfigured function fails loudly here. */
export const env = readEnv({ TABLE_NAME: 3 })

const ctx = { db: createDb({ tableName: env.TABLE_NAME }), now: () => new Date() }

/** The scheduled event carries nothing the run needs. */
export const handler = (
  _event?: unknown,
  context?: Pick<Context, 'awsRequestId'>,
): Promise<{ swept: { competitionId: string; erased: number }[] }> =>
  withLogger(log.child({ requestId: context?.awsRequestId }), async () => {
    const swept = await sweepUnsuccessfulEois(ctx)
    log.info('EOI retention run finished', { swept })
    return { swept }
  })
