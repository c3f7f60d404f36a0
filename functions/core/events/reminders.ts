// The hourly run of events (functions/events/event-reminders.ts; locally a timer): gives back
// the places of registrations never confirmed within their hold; emails every confirmed registrant of an event starting within the next 24 hours, once each,
// with the joining link and a link to their registration; then deletes the personal data of
// events past their retention period (TTL is the backstop, but it is not prompt, and DynamoDB
// Local never expires). Kept apart from events.ts so the Lambda's bundle carries only this.
import {
  deletePersonalData,
  epochSeconds,
  getEvent,
  lapseRegistration,
  listEventsPastRetention,
  listHoldsDue,
  listEventsToRemind,
  listRegistrationsToRemind,
  markEventReminded,
  markPersonalDataDeleted,
  remindRegistrant,
} from '../../db/events-repo.js'
import { ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { log } from '../log.js'
import { eventEmail, retainUntil } from './emails.js'

const DAY_MS = 86_400_000
/** Events looked at per run; what is left the next run (an hour later) finishes. */
const EVENTS_PER_RUN = 25
const PAGE = 100
/** Personal data items deleted per run, across events: bounded so a run ends well within its timeout. */
const DELETIONS_PER_RUN = 2000

type RunCtx = Pick<Ctx, 'db' | 'now' | 'publicUrl'>

/** Holds lapsed per run; what is left the next run (an hour later) finishes. */
const LAPSES_PER_RUN = 500

/**
 * Gives back the places of registrations still unconfirmed when their hold ended: each lapses in
 * its own transaction (registration cancelled with `lapsedAt`, the event's place back, the
 * address free to register again), conditional on it still being pending, so a confirm racing
 * it cannot both win. Returns `<eventId>/<registrationId>` for each hold it lapsed.
 */
export async function lapseHolds(ctx: Pick<Ctx, 'db' | 'now'>): Promise<string[]> {
  const at = ctx.now().toISOString()
  const lapsed: string[] = []
  for (const registration of await listHoldsDue(ctx.db, at, LAPSES_PER_RUN)) {
    try {
      await lapseRegistration(ctx.db, registration, at)
      lapsed.push(`${registration.eventId}/${registration.id}`)
    } catch (error) {
      // Confirmed, cancelled or lapsed meanwhile (the index lags the table).
      if (!(error instanceof ConditionFailed)) throw error
    }
  }
  return lapsed
}

/** Sends the reminders due now; returns `<eventId>/<registrationId>` for each email written. */
export async function remindEvents(ctx: RunCtx): Promise<string[]> {
  const now = ctx.now()
  const sent: string[] = []
  const due = await listEventsToRemind(
    ctx.db,
    now.toISOString(),
    new Date(now.getTime() + DAY_MS).toISOString(),
    EVENTS_PER_RUN,
  )
  for (const listed of due) {
    if (listed.status !== 'published') continue
    try {
      const event = (await getEvent(ctx.db, listed.id, { consistent: true }))!
      const expiresAt = epochSeconds(retainUntil(event))
      let cursor: string | undefined
      do {
        const page = await listRegistrationsToRemind(ctx.db, event.id, PAGE, cursor)
        for (const { registration, token } of page.items) {
          try {
            await remindRegistrant(
              ctx.db,
              registration,
              ctx.now().toISOString(),
              eventEmail(ctx, 'event-reminder', event, registration, token, expiresAt),
            )
            sent.push(`${event.id}/${registration.id}`)
          } catch (error) {
            // A racing run reminded them first, or they cancelled meanwhile.
            if (!(error instanceof ConditionFailed)) throw error
          }
        }
        cursor = page.next
      } while (cursor)
      await markEventReminded(ctx.db, event.id, ctx.now().toISOString())
    } catch (error) {
      // One failing must not hold up the others; it stays on the list, so the next run tries again.
      log.error('Reminding an event’s registrants failed', { eventId: listed.id, error })
    }
  }
  return sent
}

/**
 * Deletes the registrants' personal data (registrations, email locks, unmatched attendance
 * rows) of every event past its retention period; counts stay on the event. Returns the ids of
 * the events it finished.
 */
export async function sweepEventRetention(ctx: Pick<Ctx, 'db' | 'now'>): Promise<string[]> {
  const finished: string[] = []
  let budget = DELETIONS_PER_RUN
  for (const eventId of await listEventsPastRetention(ctx.db, ctx.now().toISOString(), EVENTS_PER_RUN)) {
    let deleted: number
    do {
      deleted = await deletePersonalData(ctx.db, eventId, Math.min(PAGE, budget))
      budget -= deleted
    } while (deleted > 0 && budget > 0)
    if (budget <= 0) break
    await markPersonalDataDeleted(ctx.db, eventId, ctx.now().toISOString())
    finished.push(eventId)
  }
  return finished
}
