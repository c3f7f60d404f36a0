// A competition's events: managers create and edit them; anyone reads a published one and
// registers without an account, confirming by the link emailed to them; managers check people
// in at the door or import a meeting tool's attendance file. Capacity, once-per-email and
// once-per-attendee are conditions in the database (db/events-repo.ts), not reads before writes.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Page } from '../../../shared/schemas/common.js'
import type {
  CompetitionEvent,
  EventFunnelRow,
  EventInput,
  EventOrganisation,
  EventUpdate,
  OwnRegistration,
  PublicEvent,
  PublicEventSummary,
  Registrant,
  Registration,
  UnmatchedAttendee,
} from '../../../shared/schemas/events.js'
import { PLACE_HOLD_HOURS } from '../../../shared/schemas/events.js'
import { getCompetition, getCompetitionAggregate } from '../../db/competitions-repo.js'
import { InvalidCursor } from '../../db/cursor.js'
import {
  cancelRegistration,
  confirmRegistration,
  countView,
  deleteUnmatched,
  epochSeconds,
  getEvent,
  getRegistration,
  getRegistrationByEmail,
  getUnmatched,
  insertEmail,
  insertEvent,
  insertRegistration,
  lapseRegistration,
  listAllEventsOfCompetition,
  listEventOrganisations,
  listEventsOfCompetition,
  listRegistrations,
  listUnmatched,
  listViewsByDay,
  markAttended,
  restampExpiry,
  updateEvent,
} from '../../db/events-repo.js'
import { ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, StateConflict, ValidationFailed, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'
import { eventEmail, retainUntil } from './emails.js'
import { engage } from '../funnel/engage.js'
import { organisationKey } from '../funnel/organisation-key.js'

// ---------------------------------------------------------------------------------------
// Managers

async function competitionOrNotFound(ctx: Ctx, competitionId: string) {
  const competition = await getCompetition(ctx.db, competitionId)
  if (!competition) throw new NotFound('competition')
  return competition
}

/** The event, if it belongs to this competition: another competition's event id is as missing as a made-up one. */
async function eventOf(ctx: Ctx, competitionId: string, eventId: string, consistent = true) {
  const event = await getEvent(ctx.db, eventId, { consistent })
  if (!event || event.competitionId !== competitionId) throw new NotFound('event')
  return event
}

async function checkChallenges(ctx: Ctx, competitionId: string, challengeIds: string[]) {
  if (!challengeIds.length) return
  const aggregate = await getCompetitionAggregate(ctx.db, competitionId)
  const known = new Set(aggregate?.challenges.map((c) => c.id))
  const unknown = challengeIds.findIndex((id) => !known.has(id))
  if (unknown >= 0)
    throw new ValidationFailed([
      { field: `challengeIds.${unknown}`, message: 'is not a challenge of this competition' },
    ])
}

export async function createEvent(ctx: Ctx, competitionId: string, input: EventInput): Promise<CompetitionEvent> {
  await competitionOrNotFound(ctx, competitionId)
  await checkChallenges(ctx, competitionId, input.challengeIds)
  const event: CompetitionEvent = {
    ...input,
    id: newId(),
    competitionId,
    createdAt: ctx.now().toISOString(),
    version: 1,
    counts: { registered: 0, confirmed: 0, attended: 0, views: 0 },
  }
  await insertEvent(ctx.db, event, retainUntil(event))
  return event
}

export async function editEvent(
  ctx: Ctx,
  competitionId: string,
  eventId: string,
  { version, ...fields }: EventUpdate,
): Promise<CompetitionEvent> {
  const event = await eventOf(ctx, competitionId, eventId)
  if (event.version !== version) throw new VersionConflict('event', event.version)
  if (event.personalDataDeletedAt)
    throw new StateConflict(
      'This event is over and its registrants’ personal data has been deleted; it can no longer be changed.',
    )
  await checkChallenges(ctx, competitionId, fields.challengeIds)
  const capacityRefusal = (registered: number) =>
    new StateConflict(
      `${registered} people have registered, more than a capacity of ${fields.capacity}. Cancel registrations first, or keep the capacity at ${registered} or more.`,
      [{ field: 'capacity', message: `must be at least ${registered}, the places already taken` }],
    )
  if (fields.capacity < event.counts.registered) throw capacityRefusal(event.counts.registered)
  const until = retainUntil(fields)
  try {
    await updateEvent(ctx.db, event, fields, version, until)
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
    const now = await eventOf(ctx, competitionId, eventId)
    if (now.version !== version) throw new VersionConflict('event', now.version)
    throw capacityRefusal(now.counts.registered)
  }
  // The registrants' data now goes at the new time: TTL follows the event.
  if (until !== retainUntil(event) && event.counts.registered + event.counts.attended > 0)
    await restampExpiry(ctx.db, eventId, epochSeconds(until))
  return { ...event, ...fields, version: version + 1 }
}

export async function listCompetitionEvents(
  ctx: Ctx,
  competitionId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<CompetitionEvent>> {
  await competitionOrNotFound(ctx, competitionId)
  return withCursor(() => listEventsOfCompetition(ctx.db, competitionId, query))
}

export async function getManagedEvent(ctx: Ctx, competitionId: string, eventId: string) {
  const event = await eventOf(ctx, competitionId, eventId)
  return { event, viewsByDay: await listViewsByDay(ctx.db, eventId) }
}

export async function listEventRegistrations(
  ctx: Ctx,
  competitionId: string,
  eventId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<Registration>> {
  await eventOf(ctx, competitionId, eventId, false)
  return withCursor(() => listRegistrations(ctx.db, eventId, query))
}

/** Checks a registrant in at the door (in-person events). Checking in twice is refused. */
export async function checkIn(
  ctx: Ctx,
  competitionId: string,
  eventId: string,
  registrationId: string,
): Promise<Registration> {
  const event = await eventOf(ctx, competitionId, eventId)
  if (!event.venue)
    throw new StateConflict('This event is online only: import the meeting tool’s attendance file instead.')
  const found = await getRegistration(ctx.db, eventId, registrationId)
  if (!found) throw new NotFound('registration')
  const at = ctx.now().toISOString()
  try {
    await markAttended(ctx.db, event, found.registration, found.organisationKey, { at, by: 'check-in' })
    await engagedAtEvent(ctx, event.competitionId, found.registration)
  } catch (error) {
    if (error instanceof ConditionFailed)
      throw new StateConflict(
        found.registration.status === 'cancelled'
          ? 'This registration was cancelled.'
          : `${found.registration.name} is already checked in.`,
      )
    throw error
  }
  return { ...found.registration, attendedAt: at, attendedBy: 'check-in' }
}

export async function listUnmatchedAttendees(
  ctx: Ctx,
  competitionId: string,
  eventId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<UnmatchedAttendee>> {
  await eventOf(ctx, competitionId, eventId, false)
  return withCursor(() => listUnmatched(ctx.db, eventId, query))
}

/** Matches a queued attendance row to a registration (counting them as attended), or dismisses it. */
export async function resolveUnmatched(
  ctx: Ctx,
  competitionId: string,
  eventId: string,
  rowId: string,
  resolution: { action: 'match'; registrationId: string } | { action: 'dismiss' },
): Promise<void> {
  const event = await eventOf(ctx, competitionId, eventId)
  const row = await getUnmatched(ctx.db, eventId, rowId)
  if (!row) throw new NotFound('attendance row')
  const gone = () => new StateConflict('This row has already been matched or dismissed.')
  if (resolution.action === 'dismiss') {
    try {
      await deleteUnmatched(ctx.db, eventId, rowId)
    } catch (error) {
      if (error instanceof ConditionFailed) throw gone()
      throw error
    }
    return
  }
  const found = await getRegistration(ctx.db, eventId, resolution.registrationId)
  if (!found) throw new ValidationFailed([{ field: 'registrationId', message: 'is not a registration for this event' }])
  try {
    await markAttended(
      ctx.db,
      event,
      found.registration,
      found.organisationKey,
      { at: ctx.now().toISOString(), by: 'import' },
      rowId,
    )
    await engagedAtEvent(ctx, event.competitionId, found.registration)
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
    if (error.failed('unmatched-queued')) throw gone()
    throw new StateConflict(`${found.registration.name} is already counted as attended (or cancelled).`, [
      { field: 'registrationId', message: 'is already counted as attended, or cancelled' },
    ])
  }
}

// ---------------------------------------------------------------------------------------
// The public

/** A published event of a published competition, or 404 (drafts look missing). */
async function publishedEvent(ctx: Ctx, eventId: string) {
  const event = await getEvent(ctx.db, eventId)
  if (event?.status !== 'published') throw new NotFound('event')
  const aggregate = await getCompetitionAggregate(ctx.db, event.competitionId)
  if (aggregate?.competition.status !== 'published') throw new NotFound('event')
  return { event, aggregate }
}

const registrationOpen = (ctx: Ctx, event: CompetitionEvent) =>
  ctx.now() < new Date(event.startsAt) && event.counts.registered < event.capacity && !event.personalDataDeletedAt

export async function getPublicEvent(ctx: Ctx, eventId: string): Promise<PublicEvent> {
  const { event, aggregate } = await publishedEvent(ctx, eventId)
  const titles = new Map(aggregate.challenges.map((c) => [c.id, c.title]))
  return {
    id: event.id,
    competitionId: event.competitionId,
    title: event.title,
    kind: event.kind,
    description: event.description,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    online: !!event.onlineUrl,
    venue: event.venue,
    partners: event.partners,
    challenges: event.challengeIds.flatMap((id) => (titles.has(id) ? [{ id, title: titles.get(id)! }] : [])),
    placesLeft: Math.max(0, event.capacity - event.counts.registered),
    registrationOpen: registrationOpen(ctx, event),
    retentionDays: event.retentionDays,
  }
}

/** Most events a competition's public page lists (a competition has tens). */
const PUBLIC_LIST_MAX = 200

/**
 * A published competition's published events for its public page: upcoming (and happening
 * now) soonest first, then past ones latest first. A draft or missing competition is the same
 * 404. Nothing about registrants or the joining link.
 */
export async function listPublicEvents(ctx: Ctx, competitionId: string): Promise<PublicEventSummary[]> {
  const competition = await getCompetition(ctx.db, competitionId)
  if (competition?.status !== 'published') throw new NotFound('competition')
  const now = ctx.now().toISOString()
  const events = (await listAllEventsOfCompetition(ctx.db, competitionId))
    .filter((e) => e.status === 'published')
    .map(
      (e): PublicEventSummary => ({
        id: e.id,
        title: e.title,
        kind: e.kind,
        startsAt: e.startsAt,
        endsAt: e.endsAt,
        online: !!e.onlineUrl,
        venue: e.venue,
        placesLeft: Math.max(0, e.capacity - e.counts.registered),
        past: e.endsAt <= now,
      }),
    )
  // The index lists them by start: upcoming in that order, past ones the other way.
  return [...events.filter((e) => !e.past), ...events.filter((e) => e.past).reverse()].slice(0, PUBLIC_LIST_MAX)
}

/** Counts a view of a published event's page on today's (London) counter. Nothing about the viewer is kept. */
export async function recordEventView(ctx: Ctx, eventId: string): Promise<void> {
  const event = await getEvent(ctx.db, eventId)
  if (event?.status !== 'published') throw new NotFound('event')
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(ctx.now())
  await countView(ctx.db, eventId, day)
}

const ACCEPTED = `Thank you. We have emailed you a link to confirm your place. We hold it for you for ${PLACE_HOLD_HOURS} hours (less if the event starts sooner); if you do not confirm by then, it goes to someone else and you can register again. If you do not see the email, check your junk folder.`

/** An unconfirmed place is held for `PLACE_HOLD_HOURS`, or until the event starts if that is sooner. */
const holdUntil = (ctx: Ctx, event: CompetitionEvent) => {
  const hold = ctx.now().getTime() + PLACE_HOLD_HOURS * 3_600_000
  return new Date(Math.min(hold, Date.parse(event.startsAt))).toISOString()
}

const LAPSED = `This place was held for you but not confirmed in time, so it has gone back to the event. Register again from the event page if places are left.`

/**
 * Registers someone for a published event. The answer is the same whether or not the email
 * had registered before (so it tells no one who registered); a repeat gets an email with a
 * link to the registration it already has.
 */
export async function register(
  ctx: Ctx,
  eventId: string,
  registrant: Registrant,
  retried = false,
): Promise<{ message: string }> {
  const { event } = await publishedEvent(ctx, eventId)
  if (event.personalDataDeletedAt || ctx.now() >= new Date(event.startsAt))
    throw new StateConflict('Registration for this event has closed: it has started or finished.')
  const registration: Registration = {
    ...registrant,
    id: newId(),
    eventId,
    status: 'pending',
    registeredAt: ctx.now().toISOString(),
    holdUntil: holdUntil(ctx, event),
  }
  const token = randomBytes(24).toString('base64url')
  const key = registrant.organisation ? organisationKey(registrant.organisation) : ''
  const expiresAt = epochSeconds(retainUntil(event))
  try {
    await insertRegistration(
      ctx.db,
      event,
      { ...registration, token, ...(key ? { organisationKey: key } : {}) },
      key ? { name: registrant.organisation, key } : undefined,
      eventEmail(ctx, 'event-registration', event, registration, token, expiresAt),
      expiresAt,
    )
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
    if (error.failed('email-new')) {
      const existing = await getRegistrationByEmail(ctx.db, eventId, registrant.email)
      // Their earlier hold is over: give its place back and register them afresh (once).
      if (existing && holdOver(ctx, existing.registration) && !retried) {
        await lapseNow(ctx, existing.registration)
        return register(ctx, eventId, registrant, true)
      }
      if (existing && existing.registration.status !== 'cancelled')
        await insertEmail(
          ctx.db,
          eventEmail(ctx, 'event-registration', event, existing.registration, existing.token, expiresAt, {
            already: true,
          }),
        )
      return { message: ACCEPTED }
    }
    throw new StateConflict('This event is full: every place has been taken.', [
      { field: 'eventId', message: 'has no places left' },
    ])
  }
  return { message: ACCEPTED }
}

/** The registration the secret from the email opens; anything else is as missing as a made-up id. */
async function ownRegistration(ctx: Ctx, eventId: string, registrationId: string, token: string) {
  const found = await getRegistration(ctx.db, eventId, registrationId)
  const a = Buffer.from(found?.token ?? '')
  const b = Buffer.from(token)
  if (!found || a.length !== b.length || !timingSafeEqual(a, b)) throw new NotFound('registration')
  const event = await getEvent(ctx.db, eventId, { consistent: true })
  if (!event) throw new NotFound('registration')
  return { ...found, event }
}

/** A pending hold whose time is up is lapsed, even before the events run gives its place back. */
const holdOver = (ctx: Ctx, r: Registration) =>
  r.status === 'pending' && !!r.holdUntil && r.holdUntil <= ctx.now().toISOString()

const ownView = (ctx: Ctx, event: CompetitionEvent, r: Registration): OwnRegistration => ({
  id: r.id,
  eventId: r.eventId,
  name: r.name,
  status: r.status,
  ...(r.status === 'pending' && r.holdUntil ? { holdUntil: r.holdUntil } : {}),
  lapsed: !!r.lapsedAt || holdOver(ctx, r),
  ...(r.status === 'confirmed' && event.onlineUrl ? { onlineUrl: event.onlineUrl } : {}),
})

export async function readOwnRegistration(ctx: Ctx, eventId: string, registrationId: string, token: string) {
  const { registration, event } = await ownRegistration(ctx, eventId, registrationId, token)
  return ownView(ctx, event, registration)
}

/** Gives a lapsed hold's place back now (the events run would within the hour); harmless if already done. */
async function lapseNow(ctx: Ctx, registration: Registration) {
  try {
    await lapseRegistration(ctx.db, registration, ctx.now().toISOString())
  } catch (error) {
    // Lapsed, confirmed or cancelled by a racing request: the caller re-reads.
    if (!(error instanceof ConditionFailed)) throw error
  }
}

/** Confirms a place from the emailed link; confirming twice is harmless. */
export async function confirmOwnRegistration(
  ctx: Ctx,
  eventId: string,
  registrationId: string,
  token: string,
): Promise<OwnRegistration> {
  const { registration, event } = await ownRegistration(ctx, eventId, registrationId, token)
  const reread = async () => (await ownRegistration(ctx, eventId, registrationId, token)).registration
  // Confirmed already (harmless), or refused: cancelled, or a hold that is over (lapsed here and now if need be).
  const settled = async (r: Registration) => {
    if (holdOver(ctx, r)) {
      await lapseNow(ctx, r)
      r = await reread()
    }
    if (r.status === 'confirmed') return ownView(ctx, event, r)
    throw new StateConflict(
      r.lapsedAt ? LAPSED : 'This registration was cancelled. Register again from the event page if places are left.',
    )
  }
  if (registration.status !== 'pending' || holdOver(ctx, registration)) return settled(registration)
  const confirmed: Registration = { ...registration, status: 'confirmed', confirmedAt: ctx.now().toISOString() }
  try {
    await confirmRegistration(
      ctx.db,
      registration,
      confirmed.confirmedAt!,
      eventEmail(ctx, 'event-confirmed', event, confirmed, token, epochSeconds(retainUntil(event))),
    )
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
    // A second click, a cancel or the lapse raced this one: say what it left.
    return settled(await reread())
  }
  await engagedAtEvent(ctx, event.competitionId, confirmed)
  return ownView(ctx, event, confirmed)
}

/** Cancels a place from the emailed link, giving it back. */
export async function cancelOwnRegistration(
  ctx: Ctx,
  eventId: string,
  registrationId: string,
  token: string,
): Promise<OwnRegistration> {
  const { registration, event } = await ownRegistration(ctx, eventId, registrationId, token)
  if (registration.status === 'cancelled') return ownView(ctx, event, registration)
  try {
    await cancelRegistration(ctx.db, registration)
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
    return readOwnRegistration(ctx, eventId, registrationId, token)
  }
  return ownView(ctx, event, { ...registration, status: 'cancelled' })
}

/**
 * A confirmed place or an attendance makes the registrant's organisation engaged with the
 * competition (once, however many of its people come; see core/funnel/engage.ts).
 */
async function engagedAtEvent(ctx: Ctx, competitionId: string, registration: Registration): Promise<void> {
  if (registration.organisation) await engage(ctx, competitionId, registration.organisation, 'event')
}

// ---------------------------------------------------------------------------------------
// For the funnel (read from counters, never from registrants)

/** Views → registrations → attendance for each of a competition's events, from their counters. */
export async function eventFunnel(ctx: Pick<Ctx, 'db'>, competitionId: string): Promise<EventFunnelRow[]> {
  const events = await listAllEventsOfCompetition(ctx.db, competitionId)
  return events.map((e) => ({
    eventId: e.id,
    title: e.title,
    kind: e.kind,
    startsAt: e.startsAt,
    views: e.counts.views,
    registrations: e.counts.confirmed,
    attended: e.counts.attended,
  }))
}

/**
 * The organisations that registered for or attended any of a competition's events, as first
 * typed, with their matching key and totals across its events (for "engaged" in the funnel).
 */
export async function eventOrganisations(ctx: Pick<Ctx, 'db'>, competitionId: string): Promise<EventOrganisation[]> {
  const byKey = new Map<string, EventOrganisation>()
  for (const row of await listEventOrganisations(ctx.db, competitionId)) {
    const seen = byKey.get(row.organisationKey)
    if (seen) {
      seen.registered += row.registered
      seen.attended += row.attended
    } else byKey.set(row.organisationKey, { ...row })
  }
  return [...byKey.values()].filter((o) => o.registered > 0 || o.attended > 0)
}

async function withCursor<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof InvalidCursor)
      throw new ValidationFailed([{ field: 'cursor', message: 'is not a cursor from this list' }])
    throw error
  }
}
