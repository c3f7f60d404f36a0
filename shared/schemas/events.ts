// Events of a competition (launch, webinars, roundtables, finals), their registrations and
// attendance. What the public sees of an event is whitelisted in `PublicEvent`: the joining
// link goes only to confirmed registrants, and no registrant is ever named in public.
import * as z from 'zod'
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
export const EventFields = z
  .object({
    title: Line(200),
    kind: EventKind,
    description: Text(5000).default(''),
    startsAt: IsoInstant,
    endsAt: IsoInstant,
    /** Where it happens: online (the joining link, sent only to confirmed registrants) or a venue. */
    onlineUrl: WebUrl.optional(),
    venue: Text(500).optional(),
    capacity: z
      .number({ message: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_EVENT_CAPACITY, `must be at most ${MAX_EVENT_CAPACITY}`),
    partners: z.array(Line(200)).max(20, 'must list at most 20 partners').default([]),
    challengeIds: z.array(z.string().min(1).max(64)).max(50).default([]),
    /** Days after the event ends that registrants' names, emails and needs are kept. */
    retentionDays: z
      .number({ message: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be at least 1 day')
      .max(MAX_RETENTION_DAYS, `must be at most ${MAX_RETENTION_DAYS} days`),
    status: EventStatus.default('draft'),
  })
  .strict()

const whereAndWhen = <T extends z.ZodType<{ startsAt: string; endsAt: string; onlineUrl?: string; venue?: string }>>(
  s: T,
) =>
  s
    .refine((e) => e.endsAt > e.startsAt, { path: ['endsAt'], message: 'must be after the start' })
    .refine((e) => !!e.onlineUrl || !!e.venue?.trim(), {
      path: ['venue'],
      message: 'needs a venue or an online joining link',
    })

export const EventInput = whereAndWhen(EventFields)
export type EventInput = z.infer<typeof EventInput>

export const EventUpdate = whereAndWhen(EventFields.extend({ version: z.number().int().min(1) }))
export type EventUpdate = z.infer<typeof EventUpdate>

/** Counts kept on the event itself, so reports never read registrants (and survive retention). */
export const EventCounts = z.object({
  /** Places taken (pending confirmation or confirmed); never more than capacity. */
  registered: z.number().int().default(0),
  confirmed: z.number().int().default(0),
  attended: z.number().int().default(0),
  views: z.number().int().default(0),
})
export type EventCounts = z.infer<typeof EventCounts>

export const CompetitionEvent = EventFields.extend({
  id: Id,
  competitionId: z.string(),
  createdAt: IsoInstant,
  version: z.number().int(),
  counts: EventCounts,
  /** When the reminders the day before went out. */
  remindedAt: IsoInstant.optional(),
  /** When registrants' personal data was deleted (counts kept). */
  personalDataDeletedAt: IsoInstant.optional(),
})
  // Stored items carry keys and counters: parsing drops them (the input's strictness is for requests).
  .strip()
  .meta({ id: 'CompetitionEvent' })
export type CompetitionEvent = z.infer<typeof CompetitionEvent>

/** An event as anyone sees it: no joining link, no registrants. */
export const PublicEvent = z
  .object({
    id: Id,
    competitionId: z.string(),
    title: z.string(),
    kind: EventKind,
    description: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    online: z.boolean(),
    venue: z.string().optional(),
    partners: z.array(z.string()),
    challenges: z.array(z.object({ id: z.string(), title: z.string() })),
    placesLeft: z.number().int(),
    /** Open until it starts, while places are left. */
    registrationOpen: z.boolean(),
    retentionDays: z.number().int(),
  })
  .meta({ id: 'PublicEvent' })
export type PublicEvent = z.infer<typeof PublicEvent>

/** A competition's published event as its public page lists it: what, when, where, whether places are left. */
export const PublicEventSummary = z
  .object({
    id: Id,
    title: z.string(),
    kind: EventKind,
    startsAt: z.string(),
    endsAt: z.string(),
    online: z.boolean(),
    venue: z.string().optional(),
    placesLeft: z.number().int(),
    /** It has ended. */
    past: z.boolean(),
  })
  .meta({ id: 'PublicEventSummary' })
export type PublicEventSummary = z.infer<typeof PublicEventSummary>

/** A competition's published events: upcoming (and happening now) soonest first, then past ones, latest first. */
export const PublicEventList = z.object({ items: z.array(PublicEventSummary) }).meta({ id: 'PublicEventList' })
export type PublicEventList = z.infer<typeof PublicEventList>

export const Registrant = z
  .object({
    name: Line(200),
    email: z.email({ message: 'must be an email address' }).max(254).toLowerCase(),
    organisation: Text(200).default(''),
    accessibilityNeeds: Text(2000).default(''),
  })
  .strict()
export type Registrant = z.infer<typeof Registrant>

export const RegistrationStatus = z.enum(['pending', 'confirmed', 'cancelled'])

export const Registration = Registrant.extend({
  id: Id,
  eventId: Id,
  status: RegistrationStatus,
  registeredAt: IsoInstant,
  /** Until when an unconfirmed place is held; after it the place goes back to the pool. */
  holdUntil: IsoInstant.optional(),
  /** When an unconfirmed hold lapsed (the registration is then `cancelled`). */
  lapsedAt: IsoInstant.optional(),
  confirmedAt: IsoInstant.optional(),
  attendedAt: IsoInstant.optional(),
  /** How attendance was recorded: checked in at the door, or from the meeting tool's CSV. */
  attendedBy: z.enum(['check-in', 'import']).optional(),
})
  .strip()
  .meta({ id: 'EventRegistration' })
export type Registration = z.infer<typeof Registration>

/** What registering answers, whoever's email it is: it never says whether that email had registered before. */
export const RegistrationAccepted = z.object({ message: z.string() }).meta({ id: 'RegistrationAccepted' })

/** The registrant's own view, reached with the secret from their email. */
export const OwnRegistration = z
  .object({
    id: Id,
    eventId: Id,
    name: z.string(),
    status: RegistrationStatus,
    /** While pending: until when the place is held. */
    holdUntil: z.string().optional(),
    /** The place was held, never confirmed, and has gone back to the pool: register again. */
    lapsed: z.boolean(),
    /** Only once confirmed. */
    onlineUrl: z.string().optional(),
  })
  .meta({ id: 'OwnRegistration' })
export type OwnRegistration = z.infer<typeof OwnRegistration>

export const RegistrationToken = z.object({ token: z.string().min(16).max(128) }).strict()

/** An attendance CSV from an online meeting tool, as text. */
export const MAX_ATTENDANCE_CSV_CHARS = 500_000
export const MAX_ATTENDANCE_ROWS = 5000
export const AttendanceImport = z
  .object({
    csv: z
      .string()
      .min(1, 'must not be empty')
      .max(MAX_ATTENDANCE_CSV_CHARS, `must be at most ${MAX_ATTENDANCE_CSV_CHARS.toLocaleString('en-GB')} characters`),
  })
  .strict()

export const AttendanceImportResult = z
  .object({
    rows: z.number().int(),
    matched: z.number().int(),
    alreadyAttended: z.number().int(),
    unmatched: z.number().int(),
  })
  .meta({ id: 'AttendanceImportResult' })

export const UnmatchedAttendee = z
  .object({ id: Id, eventId: Id, name: z.string(), email: z.string(), importedAt: IsoInstant })
  .meta({ id: 'UnmatchedAttendee' })
export type UnmatchedAttendee = z.infer<typeof UnmatchedAttendee>

export const ResolveUnmatched = z.union([
  z.object({ action: z.literal('match'), registrationId: z.string().min(1).max(64) }).strict(),
  z.object({ action: z.literal('dismiss') }).strict(),
])

export const EventViewsByDay = z.array(z.object({ day: z.string(), views: z.number().int() }))

/** The manager's view of one event: the event and its page views per day. */
export const ManagedEvent = z
  .object({ event: CompetitionEvent, viewsByDay: EventViewsByDay })
  .meta({ id: 'ManagedEvent' })

/** One event's row of the engagement funnel. */
export const EventFunnelRow = z.object({
  eventId: z.string(),
  title: z.string(),
  kind: EventKind,
  startsAt: z.string(),
  views: z.number().int(),
  registrations: z.number().int(),
  attended: z.number().int(),
})
export type EventFunnelRow = z.infer<typeof EventFunnelRow>

/** An organisation that registered for or attended a competition's event, by its matching key. */
export const EventOrganisation = z.object({
  name: z.string(),
  organisationKey: z.string(),
  registered: z.number().int(),
  attended: z.number().int(),
})
export type EventOrganisation = z.infer<typeof EventOrganisation>
