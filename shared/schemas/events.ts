// Events of a competition (launch, webinars, roundtables, finals), their registrations and
// attendance. What the public sees of an event is whitelisted in `PublicEvent`: the joining
// link goes only to confirmed registrants, and no registrant is ever named in public.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Id, IsoInstant, Line, Text, WebUrl } from './common.js'

export const EventKind = z.enum(['launch', 'webinar', 'roundtable', 'finals'])
export type EventKind = z.infer<typeof EventKind>

export const EventStatus = z.enum(['draft', 'published'])
export type EventStatus = z.infer<typeof EventStatus>

/** Most places an event offers: bounds every per-event list and loop. */
export const MAX_EVENT_CAPACITY = 2000
/** Longest a manager may keep attendees' personal data after an event: two years. */
export const MAX_RETENTION_DAYS = 730

/** How long an unconfirmed registration holds its place (less if the event starts first). */
export const PLACE_HOLD_HOURS = 48

/** What a manager sets. Times are UTC instants, typed and shown in Europe/London. */
export const EventFields = z.strictObject({
  title: Line(200),
  kind: EventKind,
  description: z._default(Text(5000), ''),
  startsAt: IsoInstant,
  endsAt: IsoInstant,
  /** Where it happens: online (the joining link, sent only to confirmed registrants) or a venue. */
  onlineUrl: z.optional(WebUrl),
  venue: z.optional(Text(500)),
  capacity: z
    .number({ message: 'must be a whole number' })
    .check(
      z.int('must be a whole number'),
      z.minimum(1, 'must be at least 1'),
      z.maximum(MAX_EVENT_CAPACITY, `must be at most ${MAX_EVENT_CAPACITY}`),
    ),
  partners: z._default(z.array(Line(200)).check(z.maxLength(20, 'must list at most 20 partners')), []),
  challengeIds: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(50)), []),
  /** Days after the event ends that registrants' names, emails and needs are kept. */
  retentionDays: z
    .number({ message: 'must be a whole number of days' })
    .check(
      z.int('must be a whole number of days'),
      z.minimum(1, 'must be at least 1 day'),
      z.maximum(MAX_RETENTION_DAYS, `must be at most ${MAX_RETENTION_DAYS} days`),
    ),
  status: z._default(EventStatus, 'draft'),
})

const whereAndWhen = <
  T extends z.ZodMiniType<{ startsAt: string; endsAt: string; onlineUrl?: string; venue?: string }>,
>(
  s: T,
) =>
  s.check(
    z.refine((e) => e.endsAt > e.startsAt, { path: ['endsAt'], message: 'must be after the start' }),
    z.refine((e) => !!e.onlineUrl || !!e.venue?.trim(), {
      path: ['venue'],
      message: 'needs a venue or an online joining link',
    }),
  )

export const EventInput = whereAndWhen(EventFields)
export type EventInput = z.infer<typeof EventInput>

export const EventUpdate = whereAndWhen(z.extend(EventFields, { version: z.number().check(z.int(), z.minimum(1)) }))
export type EventUpdate = z.infer<typeof EventUpdate>

/** Counts kept on the event itself, so reports never read registrants (and survive retention). */
export const EventCounts = z.object({
  /** Places taken (pending confirmation or confirmed); never more than capacity. */
  registered: z._default(z.number().check(z.int()), 0),
  confirmed: z._default(z.number().check(z.int()), 0),
  attended: z._default(z.number().check(z.int()), 0),
  views: z._default(z.number().check(z.int()), 0),
})
export type EventCounts = z.infer<typeof EventCounts>

// Stored items carry keys and counters: parsing drops them (the input's strictness is for requests).
export const CompetitionEvent = meta(
  z.object(
    z.extend(EventFields, {
      id: Id,
      competitionId: z.string(),
      createdAt: IsoInstant,
      version: z.number().check(z.int()),
      counts: EventCounts,
      /** When the reminders the day before went out. */
      remindedAt: z.optional(IsoInstant),
      /** When registrants' personal data was deleted (counts kept). */
      personalDataDeletedAt: z.optional(IsoInstant),
    }).shape,
  ),
  { id: 'CompetitionEvent' },
)
export type CompetitionEvent = z.infer<typeof CompetitionEvent>

/** An event as anyone sees it: no joining link, no registrants. */
export const PublicEvent = meta(
  z.object({
    id: Id,
    competitionId: z.string(),
    title: z.string(),
    kind: EventKind,
    description: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    online: z.boolean(),
    venue: z.optional(z.string()),
    partners: z.array(z.string()),
    challenges: z.array(z.object({ id: z.string(), title: z.string() })),
    placesLeft: z.number().check(z.int()),
    /** Open until it starts, while places are left. */
    registrationOpen: z.boolean(),
    retentionDays: z.number().check(z.int()),
  }),
  { id: 'PublicEvent' },
)
export type PublicEvent = z.infer<typeof PublicEvent>

/** A competition's published event as its public page lists it: what, when, where, whether places are left. */
export const PublicEventSummary = meta(
  z.object({
    id: Id,
    title: z.string(),
    kind: EventKind,
    startsAt: z.string(),
    endsAt: z.string(),
    online: z.boolean(),
    venue: z.optional(z.string()),
    placesLeft: z.number().check(z.int()),
    /** It has ended. */
    past: z.boolean(),
  }),
  { id: 'PublicEventSummary' },
)
export type PublicEventSummary = z.infer<typeof PublicEventSummary>

/** A competition's published events: upcoming (and happening now) soonest first, then past ones, latest first. */
export const PublicEventList = meta(z.object({ items: z.array(PublicEventSummary) }), { id: 'PublicEventList' })
export type PublicEventList = z.infer<typeof PublicEventList>

export const Registrant = z.strictObject({
  name: Line(200),
  email: z.email({ message: 'must be an email address' }).check(z.maxLength(254), z.toLowerCase()),
  organisation: z._default(Text(200), ''),
  accessibilityNeeds: z._default(Text(2000), ''),
})
export type Registrant = z.infer<typeof Registrant>

export const RegistrationStatus = z.enum(['pending', 'confirmed', 'cancelled'])

export const Registration = meta(
  z.object(
    z.extend(Registrant, {
      id: Id,
      eventId: Id,
      status: RegistrationStatus,
      registeredAt: IsoInstant,
      /** Until when an unconfirmed place is held; after it the place goes back to the pool. */
      holdUntil: z.optional(IsoInstant),
      /** When an unconfirmed hold lapsed (the registration is then `cancelled`). */
      lapsedAt: z.optional(IsoInstant),
      confirmedAt: z.optional(IsoInstant),
      attendedAt: z.optional(IsoInstant),
      /** How attendance was recorded: checked in at the door, or from the meeting tool's CSV. */
      attendedBy: z.optional(z.enum(['check-in', 'import'])),
    }).shape,
  ),
  { id: 'EventRegistration' },
)
export type Registration = z.infer<typeof Registration>

/** What registering answers, whoever's email it is: it never says whether that email had registered before. */
export const RegistrationAccepted = meta(z.object({ message: z.string() }), { id: 'RegistrationAccepted' })

/** The registrant's own view, reached with the secret from their email. */
export const OwnRegistration = meta(
  z.object({
    id: Id,
    eventId: Id,
    name: z.string(),
    status: RegistrationStatus,
    /** While pending: until when the place is held. */
    holdUntil: z.optional(z.string()),
    /** The place was held, never confirmed, and has gone back to the pool: register again. */
    lapsed: z.boolean(),
    /** Only once confirmed. */
    onlineUrl: z.optional(z.string()),
  }),
  { id: 'OwnRegistration' },
)
export type OwnRegistration = z.infer<typeof OwnRegistration>

export const RegistrationToken = z.strictObject({ token: z.string().check(z.minLength(16), z.maxLength(128)) })

/** An attendance CSV from an online meeting tool, as text. */
export const MAX_ATTENDANCE_CSV_CHARS = 500_000
export const MAX_ATTENDANCE_ROWS = 5000
export const AttendanceImport = z.strictObject({
  csv: z
    .string()
    .check(
      z.minLength(1, 'must not be empty'),
      z.maxLength(
        MAX_ATTENDANCE_CSV_CHARS,
        `must be at most ${MAX_ATTENDANCE_CSV_CHARS.toLocaleString('en-GB')} characters`,
      ),
    ),
})

export const AttendanceImportResult = meta(
  z.object({
    rows: z.number().check(z.int()),
    matched: z.number().check(z.int()),
    alreadyAttended: z.number().check(z.int()),
    unmatched: z.number().check(z.int()),
  }),
  { id: 'AttendanceImportResult' },
)

export const UnmatchedAttendee = meta(
  z.object({ id: Id, eventId: Id, name: z.string(), email: z.string(), importedAt: IsoInstant }),
  { id: 'UnmatchedAttendee' },
)
export type UnmatchedAttendee = z.infer<typeof UnmatchedAttendee>

export const ResolveUnmatched = z.union([
  z.strictObject({ action: z.literal('match'), registrationId: z.string().check(z.minLength(1), z.maxLength(64)) }),
  z.strictObject({ action: z.literal('dismiss') }),
])

export const EventViewsByDay = z.array(z.object({ day: z.string(), views: z.number().check(z.int()) }))

/** The manager's view of one event: the event and its page views per day. */
export const ManagedEvent = meta(z.object({ event: CompetitionEvent, viewsByDay: EventViewsByDay }), {
  id: 'ManagedEvent',
})

/** One event's row of the engagement funnel. */
export const EventFunnelRow = z.object({
  eventId: z.string(),
  title: z.string(),
  kind: EventKind,
  startsAt: z.string(),
  views: z.number().check(z.int()),
  registrations: z.number().check(z.int()),
  attended: z.number().check(z.int()),
})
export type EventFunnelRow = z.infer<typeof EventFunnelRow>

/** An organisation that registered for or attended a competition's event, by its matching key. */
export const EventOrganisation = z.object({
  name: z.string(),
  organisationKey: z.string(),
  registered: z.number().check(z.int()),
  attended: z.number().check(z.int()),
})
export type EventOrganisation = z.infer<typeof EventOrganisation>
