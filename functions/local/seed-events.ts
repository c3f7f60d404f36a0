// The demo's events: the online launch and the five webinars of "What's your problem?" (first
// round), with the real programme's figures: 94 at the launch; the webinars' Eventbrite pages
// turned 171 / 35 / 99 / 53 / 120 views into 13 / 4 / 6 / 6 / 29 tickets. The registrants are
// SYNTHETIC (made-up names at example.org): the real attendees' details are not ours to show.
// They register, confirm and (at the launch) attend through the same core functions people use;
// the page views are the real totals, set on the counters (the platform did not count them then).
import { importAttendance } from '../core/events/attendance.js'
import { confirmOwnRegistration, createEvent, register } from '../core/events/events.js'
import type { Ctx } from '../core/context.js'
import { getRegistrationByEmail, setEventCounts } from '../db/events-repo.js'
import type { EventInput } from '../../shared/schemas/events.js'
import { deliveryTimeline, deliveryWinners } from './seed-delivery-data.js'
import { otherEngagedOrganisations } from './seed-funnel.js'

const DAY = 86_400_000
const HOUR = 3_600_000

/** Days from the seed's today, at a London-afternoon hour (UTC). */
type DemoEvent = {
  title: string
  kind: EventInput['kind']
  day: number
  hour: number
  views: number
  tickets: number
  attended?: number
  description: string
}

export const demoEvents: DemoEvent[] = [
  {
    title: 'Launch: What’s your problem?',
    kind: 'launch',
    day: deliveryTimeline.eoiOpensDay - 14,
    hour: 13,
    views: 0,
    tickets: 94,
    attended: 94,
    description: 'The three problems, from the service leaders who own them, and how the competition works.',
  },
  {
    title: 'Webinar: childhood asthma',
    kind: 'webinar',
    day: deliveryTimeline.eoiOpensDay + 3,
    hour: 12,
    views: 171,
    tickets: 13,
    description: 'The asthma problem and its information pack.',
  },
  {
    title: 'Webinar: keeping families together',
    kind: 'webinar',
    day: deliveryTimeline.eoiOpensDay + 10,
    hour: 12,
    views: 35,
    tickets: 4,
    description: 'Family support to keep children out of care.',
  },
  {
    title: 'Webinar: making digital doable in social care',
    kind: 'webinar',
    day: deliveryTimeline.eoiOpensDay + 17,
    hour: 12,
    views: 99,
    tickets: 6,
    description: 'Digital in social care teams.',
  },
  {
    title: 'Webinar: regulation and DTAC',
    kind: 'webinar',
    day: deliveryTimeline.eoiOpensDay + 24,
    hour: 12,
    views: 53,
    tickets: 6,
    description: 'Regulation, the Digital Technology Assessment Criteria and information governance.',
  },
  {
    title: 'Webinar: writing a good expression of interest',
    kind: 'webinar',
    day: deliveryTimeline.eoiOpensDay + 31,
    hour: 12,
    views: 120,
    tickets: 29,
    description: 'What the panel looks for, and questions answered.',
  },
]

const firstNames = ['Alex', 'Sam', 'Jo', 'Priya', 'Kwame', 'Megan', 'Tom', 'Aisha', 'Liam', 'Chen', 'Ffion', 'Ravi']
/**
 * The real programme counted 75 organisations engaged, 15 of them with the application process.
 * The registrants come from 75 organisations: the 15 (the winners, the other EOIs, the askers;
 * some typed differently, as people do) and 60 synthetic ones; a few registrants give none.
 */
const places = ['Liverpool', 'Wirral', 'Sefton', 'Knowsley', 'St Helens', 'Halton']
const kinds = ['Community Trust', 'Digital Ltd', 'Health Partners', 'Data Co-op', 'Care CIC']
const sectors = ['', 'North ', 'South ']
const organisations = [
  ...deliveryWinners.map((w) => `${w.organisation.name} Ltd`),
  ...otherEngagedOrganisations,
  ...sectors.flatMap((s) => places.flatMap((p) => kinds.map((k) => `${s}${p} ${k}`))).slice(0, 60),
]

/** Seeds the demo's events on the first-round competition; returns their ids. */
export async function seedEventsDemo(ctx: Ctx, competitionId: string): Promise<string[]> {
  const today = ctx.now().getTime()
  const ids: string[] = []
  for (const [e, demo] of demoEvents.entries()) {
    const startsAt = new Date(today + demo.day * DAY)
    startsAt.setUTCHours(demo.hour, 0, 0, 0)
    const before = { ...ctx, now: () => new Date(startsAt.getTime() - 7 * DAY) }
    const event = await createEvent(before, competitionId, {
      title: demo.title,
      kind: demo.kind,
      description: demo.description,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
      onlineUrl: 'https://meet.example.org/whats-your-problem',
      capacity: Math.max(100, demo.tickets),
      partners: ['Liverpool City Region Combined Authority', 'Innovate UK KTN'],
      challengeIds: [],
      retentionDays: 365,
      status: 'published',
    })
    // Registered and confirmed a few at a time: the seed should not hold up `npm start`.
    const emails = Array.from({ length: demo.tickets }, (_, i) => `registrant-${e + 1}-${i + 1}@example.org`)
    for (let from = 0; from < emails.length; from += 16) {
      await Promise.all(
        emails.slice(from, from + 16).map(async (email, j) => {
          const i = from + j
          await register(before, event.id, {
            name: `${firstNames[(i + e) % firstNames.length]} Example ${i + 1}`,
            email,
            organisation:
              i >= organisations.length && i % 10 === 9 ? '' : organisations[(i + e) % organisations.length]!,
            accessibilityNeeds: i % 9 === 0 ? 'Live captions, please.' : '',
          })
          const found = await getRegistrationByEmail(ctx.db, event.id, email)
          await confirmOwnRegistration(before, event.id, found!.registration.id, found!.token)
        }),
      )
    }
    if (demo.attended) {
      const after = { ...ctx, now: () => new Date(startsAt.getTime() + 2 * HOUR) }
      await importAttendance(after, competitionId, event.id, `Email\n${emails.slice(0, demo.attended).join('\n')}\n`)
    }
    if (demo.views) await setEventCounts(ctx.db, event.id, { views: demo.views })
    ids.push(event.id)
  }
  return ids
}
