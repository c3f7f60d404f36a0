// The events run, hourly: gives back the places of holds never confirmed, emails confirmed registrants of events starting within 24 hours
// (once each, with the joining link), then deletes the personal data of events past their
// retention period (core/events/reminders.ts). Running it twice at once is harmless: each
// reminder is marked under a condition in the same transaction as its email, and deleting
// what is already deleted does nothing.
import type { Context } from 'aws-lambda'
import { lapseHolds, remindEvents, sweepEventRetention } from '../core/events/reminders.js'
import { readEnv } from '../core/env.js'
import { log, withLogger } from '../core/log.js'
import { createDb } from '../db/client.js'

/** Read once at cold start; a misconfigured function fails loudly here. */
export const env = readEnv({
  TABLE_NAME: 3,
  /** The site's address: each reminder links to the registrant's page and the event's. */
  PUBLIC_URL: 'url',
})

const ctx = { db: createDb({ tableName: env.TABLE_NAME }), now: () => new Date(), publicUrl: env.PUBLIC_URL }

export const handler = (
  _event?: unknown,
  context?: Pick<Context, 'awsRequestId'>,
): Promise<{ lapsed: number; reminded: number; swept: string[] }> =>
  withLogger(log.child({ requestId: context?.awsRequestId }), async () => {
    const lapsed = (await lapseHolds(ctx)).length
    const reminded = (await remindEvents(ctx)).length
    const swept = await sweepEventRetention(ctx)
    log.info('Event run finished', { lapsed, reminded, swept })
    return { lapsed, reminded, swept }
  })
