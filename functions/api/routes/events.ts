// Events: managers create, edit and run them under their competition; anyone reads a
// published event, downloads its calendar file and registers without an account; the
// registrant confirms or cancels with the secret from their email.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { page } from '../../../shared/schemas/common.js'
import {
  AttendanceImport,
  AttendanceImportResult,
  CompetitionEvent,
  EventInput,
  EventUpdate,
  ManagedEvent,
  OwnRegistration,
  PublicEvent,
  PublicEventList,
  Registrant,
  Registration,
  RegistrationAccepted,
  RegistrationToken,
  ResolveUnmatched,
  UnmatchedAttendee,
} from '../../../shared/schemas/events.js'
import { importAttendance } from '../../core/events/attendance.js'
import {
  cancelOwnRegistration,
  checkIn,
  confirmOwnRegistration,
  createEvent,
  editEvent,
  getManagedEvent,
  getPublicEvent,
  listCompetitionEvents,
  listEventRegistrations,
  listPublicEvents,
  listUnmatchedAttendees,
  readOwnRegistration,
  recordEventView,
  register,
  resolveUnmatched,
} from '../../core/events/events.js'
import { eventIcs } from '../../core/events/ics.js'
import type { Env } from '../env.js'
import { requireManagerElse404 } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { CompetitionParams, ListQuery } from './params.js'

const PathId = z.string().check(z.minLength(1), z.maxLength(64))
const EventParams = z.extend(CompetitionParams, { eventId: PathId })
const PublicEventParams = z.object({ eventId: PathId })
const OwnParams = z.extend(PublicEventParams, { registrationId: PathId })
const RegistrationParams = z.extend(EventParams, { registrationId: PathId })
const UnmatchedParams = z.extend(EventParams, { rowId: PathId })

const managerEvent = '404 for an event of another competition, as for one that does not exist.'

export const events = new Hono<Env>()
  .post(
    '/competitions/:competitionId/events',
    doc({
      summary: 'Create an event (launch, webinar, roundtable or finals)',
      description: `${access.managerElse404} Times are UTC instants (typed and shown in Europe/London). An online joining link or a venue is needed; the link goes only to confirmed registrants. \`retentionDays\`: how long after the event ends registrants’ personal data is kept (then deleted, counts kept). Draft until \`status\` is \`published\`.`,
      signedIn: true,
      responses: { 201: ok(CompetitionEvent, 'The event'), ...problems(400, 401, 404) },
    }),
    requireManagerElse404,
    valid('param', CompetitionParams),
    valid('json', EventInput),
    async (c) => c.json(await createEvent(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 201),
  )
  .get(
    '/competitions/:competitionId/events',
    doc({
      summary: 'A competition’s events, soonest first',
      description: `${access.managerElse404} With each event’s counts: places taken, confirmed, attended, page views.`,
      signedIn: true,
      responses: { 200: ok(page(CompetitionEvent), 'A page of events'), ...problems(400, 401, 404) },
    }),
    requireManagerElse404,
    valid('param', CompetitionParams),
    valid('query', ListQuery),
    async (c) =>
      c.json(await listCompetitionEvents(c.var.deps, c.req.valid('param').competitionId, c.req.valid('query')), 200),
  )
  // Before `…/events/:eventId`, which is for managers only.
  .get(
    '/competitions/:competitionId/events/public',
    doc({
      summary: 'A published competition’s published events (for its public page)',
      description: `${access.anyone} Upcoming and happening now, soonest first, then past ones (\`past\`), latest first; at most 200. Title, kind, times (UTC, shown in Europe/London), online or the venue, places left. Never the joining link, registrants or draft events. A draft competition is the same 404 as a missing one.`,
      responses: { 200: ok(PublicEventList, 'The events'), ...problems(404) },
    }),
    valid('param', CompetitionParams),
    async (c) =>
      c.json(
        PublicEventList.parse({ items: await listPublicEvents(c.var.deps, c.req.valid('param').competitionId) }),
        200,
      ),
  )
  .get(
    '/competitions/:competitionId/events/:eventId',
    doc({
      summary: 'An event, its counts and its page views per day',
      description: `${access.managerElse404} ${managerEvent}`,
      signedIn: true,
      responses: { 200: ok(ManagedEvent, 'The event'), ...problems(401, 404) },
    }),
    requireManagerElse404,
    valid('param', EventParams),
    async (c) => {
      const { competitionId, eventId } = c.req.valid('param')
      return c.json(await getManagedEvent(c.var.deps, competitionId, eventId), 200)
    },
  )
  .put(
    '/competitions/:competitionId/events/:eventId',
    doc({
      summary: 'Edit an event',
      description: `${access.managerElse404} Send the version you last read (409 if it changed). 409 naming \`capacity\` if it would be below the places already taken; 409 once its personal data has been deleted. Changing the end or the retention period moves when registrants’ data is deleted. ${managerEvent}`,
      signedIn: true,
      responses: { 200: ok(CompetitionEvent, 'The event as saved'), ...problems(400, 401, 404, 409) },
    }),
    requireManagerElse404,
    valid('param', EventParams),
    valid('json', EventUpdate),
    async (c) => {
      const { competitionId, eventId } = c.req.valid('param')
      return c.json(await editEvent(c.var.deps, competitionId, eventId, c.req.valid('json')), 200)
    },
  )
  .get(
    '/competitions/:competitionId/events/:eventId/registrations',
    doc({
      summary: 'An event’s registrations (the check-in list)',
      description: `${access.managerElse404} In the order made, with attendance. Empty once the event’s personal data has been deleted. ${managerEvent}`,
      signedIn: true,
      responses: { 200: ok(page(Registration), 'A page of registrations'), ...problems(400, 401, 404) },
    }),
    requireManagerElse404,
    valid('param', EventParams),
    valid('query', ListQuery),
    async (c) => {
      const { competitionId, eventId } = c.req.valid('param')
      return c.json(await listEventRegistrations(c.var.deps, competitionId, eventId, c.req.valid('query')), 200)
    },
  )
  .post(
    '/competitions/:competitionId/events/:eventId/registrations/:registrationId/check-in',
    doc({
      summary: 'Check a registrant in at the door',
      description: `${access.managerElse404} For events with a venue. 409 if already checked in or cancelled. ${managerEvent}`,
      signedIn: true,
      responses: { 200: ok(Registration, 'The registration, attended'), ...problems(401, 404, 409) },
    }),
    requireManagerElse404,
    valid('param', RegistrationParams),
    async (c) => {
      const { competitionId, eventId, registrationId } = c.req.valid('param')
      return c.json(await checkIn(c.var.deps, competitionId, eventId, registrationId), 200)
    },
  )
  .post(
    '/competitions/:competitionId/events/:eventId/attendance',
    doc({
      summary: 'Import a meeting tool’s attendance CSV',
      description: `${access.managerElse404} \`csv\`: the file’s text, with a header row naming an email column (and optionally a name column); at most 500,000 characters and 5,000 rows (413 beyond). Rows are matched to registrations by email and counted once each; the rest wait in the unmatched queue. ${managerEvent}`,
      signedIn: true,
      responses: { 200: ok(AttendanceImportResult, 'What was matched'), ...problems(400, 401, 404, 413) },
    }),
    requireManagerElse404,
    valid('param', EventParams),
    valid('json', AttendanceImport),
    async (c) => {
      const { competitionId, eventId } = c.req.valid('param')
      return c.json(await importAttendance(c.var.deps, competitionId, eventId, c.req.valid('json').csv), 200)
    },
  )
  .get(
    '/competitions/:competitionId/events/:eventId/unmatched',
    doc({
      summary: 'Attendance rows no registration matched',
      description: `${access.managerElse404} ${managerEvent}`,
      signedIn: true,
      responses: { 200: ok(page(UnmatchedAttendee), 'A page of rows'), ...problems(400, 401, 404) },
    }),
    requireManagerElse404,
    valid('param', EventParams),
    valid('query', ListQuery),
    async (c) => {
      const { competitionId, eventId } = c.req.valid('param')
      return c.json(await listUnmatchedAttendees(c.var.deps, competitionId, eventId, c.req.valid('query')), 200)
    },
  )
  .post(
    '/competitions/:competitionId/events/:eventId/unmatched/:rowId',
    doc({
      summary: 'Match an attendance row to a registration, or dismiss it',
      description: `${access.managerElse404} Matching counts the registrant as attended (409 if already counted). 409 if the row was resolved already. ${managerEvent}`,
      signedIn: true,
      responses: { 204: { description: 'Resolved' }, ...problems(400, 401, 404, 409) },
    }),
    requireManagerElse404,
    valid('param', UnmatchedParams),
    valid('json', ResolveUnmatched),
    async (c) => {
      const { competitionId, eventId, rowId } = c.req.valid('param')
      await resolveUnmatched(c.var.deps, competitionId, eventId, rowId, c.req.valid('json'))
      return c.body(null, 204)
    },
  )
  .get(
    '/events/:eventId',
    doc({
      summary: 'An event’s public page',
      description: `${access.anyone} Published events of published competitions only (others 404). No joining link and no registrants.`,
      responses: { 200: ok(PublicEvent, 'The event'), ...problems(404) },
    }),
    valid('param', PublicEventParams),
    async (c) => c.json(PublicEvent.parse(await getPublicEvent(c.var.deps, c.req.valid('param').eventId)), 200),
  )
  .get(
    '/events/:eventId/event.ics',
    doc({
      summary: 'An event as a calendar file (iCalendar)',
      description: `${access.anyone} As the public page: published events only.`,
      responses: { 200: { description: 'text/calendar' }, ...problems(404) },
    }),
    valid('param', PublicEventParams),
    async (c) => {
      const event = await getPublicEvent(c.var.deps, c.req.valid('param').eventId)
      return c.body(eventIcs(c.var.deps, event), 200, {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': 'attachment; filename="event.ics"',
      })
    },
  )
  .post(
    '/events/:eventId/views',
    doc({
      summary: 'Count a view of an event’s page',
      description: `${access.anyone} Adds one to today’s (Europe/London) counter. No cookie is set and nothing about the viewer is kept.`,
      responses: { 204: { description: 'Counted' }, ...problems(404) },
    }),
    valid('param', PublicEventParams),
    async (c) => {
      await recordEventView(c.var.deps, c.req.valid('param').eventId)
      return c.body(null, 204)
    },
  )
  .post(
    '/events/:eventId/registrations',
    doc({
      summary: 'Register for an event (no account needed)',
      description: `${access.anyone} Takes a place, held for 48 hours (or until the event starts, if sooner) for confirmation by the link emailed to the address given; unconfirmed, the place then goes back to the event and the address may register again. The answer is the same for an address that registered before (that address is emailed its existing registration), so it says nothing about who registered. 409 when the event is full or has started.`,
      responses: { 200: ok(RegistrationAccepted, 'Check your email'), ...problems(400, 404, 409) },
    }),
    valid('param', PublicEventParams),
    valid('json', Registrant),
    async (c) =>
      c.json(
        RegistrationAccepted.parse(await register(c.var.deps, c.req.valid('param').eventId, c.req.valid('json'))),
        200,
      ),
  )
  .get(
    '/events/:eventId/registrations/:registrationId',
    doc({
      summary: 'Your registration (from the link in your email)',
      description: `${access.anyone} With the \`token\` from the email’s link; a wrong token is the same 404 as a missing registration. While pending, \`holdUntil\`; \`lapsed\` once the hold ended unconfirmed. The joining link once confirmed.`,
      responses: { 200: ok(OwnRegistration, 'The registration'), ...problems(400, 404) },
    }),
    valid('param', OwnParams),
    valid('query', RegistrationToken),
    async (c) => {
      const { eventId, registrationId } = c.req.valid('param')
      return c.json(await readOwnRegistration(c.var.deps, eventId, registrationId, c.req.valid('query').token), 200)
    },
  )
  .post(
    '/events/:eventId/registrations/:registrationId/confirm',
    doc({
      summary: 'Confirm your place',
      description: `${access.anyone} With the \`token\` from the email. Confirming twice is harmless; 409 once cancelled, or once the hold has lapsed (its place goes back to the event; register again). Emails the confirmation with the joining link.`,
      responses: { 200: ok(OwnRegistration, 'The registration, confirmed'), ...problems(400, 404, 409) },
    }),
    valid('param', OwnParams),
    valid('json', RegistrationToken),
    async (c) => {
      const { eventId, registrationId } = c.req.valid('param')
      return c.json(await confirmOwnRegistration(c.var.deps, eventId, registrationId, c.req.valid('json').token), 200)
    },
  )
  .post(
    '/events/:eventId/registrations/:registrationId/cancel',
    doc({
      summary: 'Cancel your place',
      description: `${access.anyone} With the \`token\` from the email. Gives the place back; the address may register again.`,
      responses: { 200: ok(OwnRegistration, 'The registration, cancelled'), ...problems(400, 404) },
    }),
    valid('param', OwnParams),
    valid('json', RegistrationToken),
    async (c) => {
      const { eventId, registrationId } = c.req.valid('param')
      return c.json(await cancelOwnRegistration(c.var.deps, eventId, registrationId, c.req.valid('json').token), 200)
    },
  )
