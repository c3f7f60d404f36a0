// Events: managers create and run them; anyone registers without an account and confirms by
// email; capacity, once-per-email and once-per-attendee hold in the database; reminders the day
// before; attendance by check-in and CSV import; personal data deleted after the retention
// period with the counts kept; the funnel's counters and organisations; the registrations CSV.
import { beforeAll, describe, expect, it } from 'vitest'
import { eventFunnel, eventOrganisations } from '../../functions/core/events/events.js'
import { lapseHolds, remindEvents, sweepEventRetention } from '../../functions/core/events/reminders.js'
import { eventKeys } from '../../functions/db/events-repo.js'
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { createDraft, createPublished } from '../support/fixtures.js'
import { emailsTo } from '../support/mail.js'
import { createTestPlatform, fieldsOf, TEST_PUBLIC_URL, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let manager: { token: string }
const DAY = 86_400_000
const HOUR = 3_600_000

beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager')
})

const at = (ms: number) => new Date(p.clock.now.getTime() + ms).toISOString()

function eventBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Webinar: data linkage',
    kind: 'webinar',
    description: 'How linked data helps.',
    startsAt: at(10 * DAY),
    endsAt: at(10 * DAY + HOUR),
    onlineUrl: 'https://teams.example/meet/123',
    capacity: 50,
    partners: ['Liverpool City Region Combined Authority'],
    retentionDays: 30,
    status: 'published',
    ...overrides,
  }
}

async function published(overrides: Record<string, unknown> = {}) {
  const { competition, challenge } = await createPublished(p, manager)
  const made = await p.call('POST', `/api/competitions/${competition.id}/events`, {
    as: manager,
    body: eventBody({ challengeIds: [challenge.id], ...overrides }),
  })
  expect(made.status, JSON.stringify(made.json)).toBe(201)
  return { competitionId: competition.id as string, challenge, event: made.json }
}

const person = (n: number | string, organisation = 'Damibu Ltd') => ({
  name: `Person ${n}`,
  email: `person${n}-${Math.random().toString(36).slice(2, 8)}@example.org`,
  organisation,
  accessibilityNeeds: '',
})

/** Registers and returns the registration page's link from the email. */
async function registerAndLink(eventId: string, who: ReturnType<typeof person>) {
  const res = await p.call('POST', `/api/events/${eventId}/registrations`, { body: who })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
  const [email] = await emailsTo(p.db, who.email, 'event-registration')
  const link = new URL(/https:\/\/\S+\/registrations\/\S+/.exec(email!.text)![0])
  return { registrationId: link.pathname.split('/').pop()!, token: link.searchParams.get('token')! }
}

/** Registers an address again and returns the link of the registration made, not the earlier one. */
async function registerAgain(eventId: string, who: ReturnType<typeof person>, earlier: string) {
  const res = await p.call('POST', `/api/events/${eventId}/registrations`, { body: who })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
  const links = (await emailsTo(p.db, who.email, 'event-registration')).map(
    (email) => new URL(/https:\/\/\S+\/registrations\/\S+/.exec(email.text)![0]),
  )
  const fresh = links.filter((link) => link.pathname.split('/').pop() !== earlier)
  expect(fresh).toHaveLength(1)
  return { registrationId: fresh[0]!.pathname.split('/').pop()!, token: fresh[0]!.searchParams.get('token')! }
}

async function confirm(eventId: string, r: { registrationId: string; token: string }) {
  return p.call('POST', `/api/events/${eventId}/registrations/${r.registrationId}/confirm`, {
    body: { token: r.token },
  })
}

describe('managing events', () => {
  it('creates, reads and edits an event under its competition, with Europe/London-agnostic UTC instants', async () => {
    const { competitionId, event } = await published({ status: 'draft' })
    expect(event).toMatchObject({ version: 1, status: 'draft', counts: { registered: 0, views: 0 } })
    const base = `/api/competitions/${competitionId}/events/${event.id}`
    const read = await p.call('GET', base, { as: manager })
    expect(read.json.event.title).toBe('Webinar: data linkage')
    const edited = await p.call('PUT', base, { as: manager, body: { ...eventBody(), title: 'Renamed', version: 1 } })
    expect(edited.status, JSON.stringify(edited.json)).toBe(200)
    expect(edited.json).toMatchObject({ title: 'Renamed', version: 2 })
    const stale = await p.call('PUT', base, { as: manager, body: { ...eventBody(), version: 1 } })
    expect(stale.status).toBe(409)
    const list = await p.call('GET', `/api/competitions/${competitionId}/events`, { as: manager })
    expect(list.json.items.map((e: { title: string }) => e.title)).toEqual(['Renamed'])
  })

  it('refuses bad input with a problem naming each field', async () => {
    const { competition } = await createPublished(p, manager)
    const res = await p.call('POST', `/api/competitions/${competition.id}/events`, {
      as: manager,
      body: eventBody({ kind: 'party', capacity: 0, endsAt: at(DAY), onlineUrl: 'javascript:alert(1)' }),
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(fieldsOf(res.json)).toEqual(expect.arrayContaining(['kind', 'capacity', 'onlineUrl']))
    const noPlace = await p.call('POST', `/api/competitions/${competition.id}/events`, {
      as: manager,
      body: eventBody({ onlineUrl: undefined }),
    })
    expect(fieldsOf(noPlace.json)).toEqual(['venue'])
    const backwards = await p.call('POST', `/api/competitions/${competition.id}/events`, {
      as: manager,
      body: eventBody({ endsAt: at(DAY) }),
    })
    expect(fieldsOf(backwards.json)).toEqual(['endsAt'])
    const strange = await p.call('POST', `/api/competitions/${competition.id}/events`, {
      as: manager,
      body: eventBody({ challengeIds: ['NOT-A-CHALLENGE'] }),
    })
    expect(strange.status).toBe(400)
    expect(fieldsOf(strange.json)).toEqual(['challengeIds.0'])
  })

  it('gives another competition’s event id the same 404 as a missing one, and keeps managers’ routes from others', async () => {
    const { competitionId, event } = await published()
    const other = await createPublished(p, manager)
    const elsewhere = await p.call('GET', `/api/competitions/${other.competition.id}/events/${event.id}`, {
      as: manager,
    })
    const missing = await p.call('GET', `/api/competitions/${competitionId}/events/01ARZ3NDEKTSV4RRFFQ69G5FAV`, {
      as: manager,
    })
    expect(elsewhere.status).toBe(404)
    expect(elsewhere.json).toEqual(missing.json)
    expect((await p.call('GET', `/api/competitions/${competitionId}/events/${event.id}/registrations`)).status).toBe(
      401,
    )
    const missingCompetition = await p.call('GET', '/api/competitions/01ARZ3NDEKTSV4RRFFQ69G5FAV/events', {
      as: manager,
    })
    for (const role of ['applicant', 'panellist'] as const) {
      const res = await p.call('GET', `/api/competitions/${competitionId}/events/${event.id}/registrations`, {
        as: await p.signIn(role),
      })
      expect(res.status).toBe(404)
      expect(res.json).toEqual(missingCompetition.json)
    }
    const put = await p.call('PUT', `/api/competitions/${other.competition.id}/events/${event.id}`, {
      as: manager,
      body: { ...eventBody(), version: 1 },
    })
    expect(put.status).toBe(404)
  })
})

describe('the public page and registration', () => {
  it('shows a published event without its joining link or registrants; a draft is a 404', async () => {
    const { event, challenge } = await published()
    const page = await p.call('GET', `/api/events/${event.id}`)
    expect(page.status).toBe(200)
    expect(page.json).toMatchObject({ title: event.title, online: true, placesLeft: 50, registrationOpen: true })
    expect(page.json.challenges).toEqual([{ id: challenge.id, title: challenge.title }])
    expect(page.text).not.toContain('teams.example')
    const draft = await published({ status: 'draft' })
    expect((await p.call('GET', `/api/events/${draft.event.id}`)).status).toBe(404)
    expect((await p.call('POST', `/api/events/${draft.event.id}/registrations`, { body: person(1) })).status).toBe(404)
  })

  it('registers without an account, confirms by the emailed link, and sends the joining link only then', async () => {
    const { event } = await published()
    const who = person('a')
    const link = await registerAndLink(event.id, who)
    const [first] = await emailsTo(p.db, who.email, 'event-registration')
    expect(first!.text).toContain(`${TEST_PUBLIC_URL}/events/${event.id}`)
    expect(first!.text).not.toContain('teams.example')
    const own = `/api/events/${event.id}/registrations/${link.registrationId}`
    const before = await p.call('GET', `${own}?token=${link.token}`)
    expect(before.json).toEqual({
      id: link.registrationId,
      eventId: event.id,
      name: 'Person a',
      status: 'pending',
      holdUntil: new Date(p.clock.now.getTime() + 48 * HOUR).toISOString(),
      lapsed: false,
    })
    // A wrong token is the same 404 as a missing registration.
    const wrong = await p.call('GET', `${own}?token=${'x'.repeat(32)}`)
    const missing = await p.call(
      'GET',
      `/api/events/${event.id}/registrations/01ARZ3NDEKTSV4RRFFQ69G5FAV?token=${link.token}`,
    )
    expect(wrong.status).toBe(404)
    expect(wrong.json).toEqual(missing.json)

    const confirmed = await confirm(event.id, link)
    expect(confirmed.json).toMatchObject({ status: 'confirmed', onlineUrl: 'https://teams.example/meet/123' })
    expect((await confirm(event.id, link)).status).toBe(200)
    const [email] = await emailsTo(p.db, who.email, 'event-confirmed')
    expect(email!.text).toContain('https://teams.example/meet/123')
    expect(await emailsTo(p.db, who.email, 'event-confirmed')).toHaveLength(1)

    // Registering again answers the same, and emails the existing registration rather than making another.
    const again = await p.call('POST', `/api/events/${event.id}/registrations`, { body: who })
    expect(again.status).toBe(200)
    const stranger = await p.call('POST', `/api/events/${event.id}/registrations`, { body: person('new') })
    expect(again.json).toEqual(stranger.json)
    const registrations = await p.call(
      'GET',
      `/api/competitions/${event.competitionId}/events/${event.id}/registrations`,
      {
        as: manager,
      },
    )
    expect(registrations.json.items.filter((r: { email: string }) => r.email === who.email)).toHaveLength(1)
    expect(await emailsTo(p.db, who.email, 'event-registration')).toHaveLength(2)
  })

  it('refuses a bad registration with a problem naming the field', async () => {
    const { event } = await published()
    const res = await p.call('POST', `/api/events/${event.id}/registrations`, {
      body: { name: '', email: 'not-an-email', organisation: 'x'.repeat(500), extra: 1 },
    })
    expect(res.status).toBe(400)
    expect(fieldsOf(res.json)).toEqual(expect.arrayContaining(['name', 'email', 'organisation']))
  })

  it('never overfills: a race of registrations for the last places takes exactly the capacity', async () => {
    const { event, competitionId } = await published({ capacity: 5 })
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        p.call('POST', `/api/events/${event.id}/registrations`, { body: person(`race${i}`) }),
      ),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(5)
    expect(statuses.filter((s) => s === 409)).toHaveLength(15)
    const full = results.find((r) => r.status === 409)!
    expect(full.json.detail).toMatch(/full/)
    const managed = await p.call('GET', `/api/competitions/${competitionId}/events/${event.id}`, { as: manager })
    expect(managed.json.event.counts.registered).toBe(5)
    const list = await p.call('GET', `/api/competitions/${competitionId}/events/${event.id}/registrations`, {
      as: manager,
    })
    expect(list.json.items).toHaveLength(5)
    expect((await p.call('GET', `/api/events/${event.id}`)).json).toMatchObject({
      placesLeft: 0,
      registrationOpen: false,
    })
    // Capacity cannot drop below the places taken.
    const shrink = await p.call('PUT', `/api/competitions/${competitionId}/events/${event.id}`, {
      as: manager,
      body: { ...eventBody(), capacity: 3, version: 1 },
    })
    expect(shrink.status).toBe(409)
    expect(fieldsOf(shrink.json)).toEqual(['capacity'])
  })

  it('gives a place back when its holder cancels', async () => {
    const { event } = await published({ capacity: 1 })
    const link = await registerAndLink(event.id, person('c'))
    expect((await p.call('POST', `/api/events/${event.id}/registrations`, { body: person('d') })).status).toBe(409)
    const cancelled = await p.call('POST', `/api/events/${event.id}/registrations/${link.registrationId}/cancel`, {
      body: { token: link.token },
    })
    expect(cancelled.json.status).toBe('cancelled')
    expect((await confirm(event.id, link)).status).toBe(409)
    expect((await p.call('POST', `/api/events/${event.id}/registrations`, { body: person('d') })).status).toBe(200)
  })

  it('serves a calendar file with UTC times, the page link and no joining link', async () => {
    const { event } = await published({ startsAt: '2027-07-01T09:00:00.000Z', endsAt: '2027-07-01T10:30:00.000Z' })
    const res = await p.call('GET', `/api/events/${event.id}/event.ics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/calendar')
    expect(res.text).toContain('DTSTART:20270701T090000Z')
    expect(res.text).toContain('DTEND:20270701T103000Z')
    expect(res.text).toContain(`URL:${TEST_PUBLIC_URL}/events/${event.id}`)
    expect(res.text).not.toContain('teams.example')
    expect(res.text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true)
  })

  it('counts page views per day, without a cookie', async () => {
    const { event, competitionId } = await published()
    for (let i = 0; i < 3; i++) {
      const res = await p.call('POST', `/api/events/${event.id}/views`)
      expect(res.status).toBe(204)
      expect(res.headers.get('set-cookie')).toBeNull()
    }
    expect((await p.call('POST', '/api/events/01ARZ3NDEKTSV4RRFFQ69G5FAV/views')).status).toBe(404)
    const managed = await p.call('GET', `/api/competitions/${competitionId}/events/${event.id}`, { as: manager })
    expect(managed.json.event.counts.views).toBe(3)
    expect(managed.json.viewsByDay).toEqual([
      { day: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(p.clock.now), views: 3 },
    ])
  })
})

describe('a competition’s events on its public page', () => {
  it('lists the published events for anyone, upcoming first then past ones marked past, with places left; never drafts, links or registrants', async () => {
    const { competitionId, event: soon } = await published({ startsAt: at(2 * DAY), endsAt: at(2 * DAY + HOUR) })
    const add = async (overrides: Record<string, unknown>) => {
      const made = await p.call('POST', `/api/competitions/${competitionId}/events`, {
        as: manager,
        body: eventBody(overrides),
      })
      expect(made.status, JSON.stringify(made.json)).toBe(201)
      return made.json as { id: string }
    }
    const later = await add({
      title: 'Finals',
      kind: 'finals',
      startsAt: at(20 * DAY),
      endsAt: at(20 * DAY + HOUR),
      onlineUrl: undefined,
      venue: 'The Spine, Liverpool',
      capacity: 1,
    })
    const longAgo = await add({
      title: 'Launch',
      kind: 'launch',
      startsAt: at(-30 * DAY),
      endsAt: at(-30 * DAY + HOUR),
    })
    const lastWeek = await add({ title: 'Webinar 1', startsAt: at(-7 * DAY), endsAt: at(-7 * DAY + HOUR) })
    await add({ title: 'Secret draft', status: 'draft', startsAt: at(DAY), endsAt: at(DAY + HOUR) })
    const who = person('public-list')
    await registerAndLink(later.id, who)

    const res = await p.call('GET', `/api/competitions/${competitionId}/events/public`)
    expect(res.status).toBe(200)
    expect(res.json.items.map((e: { id: string }) => e.id)).toEqual([soon.id, later.id, lastWeek.id, longAgo.id])
    expect(res.json.items.map((e: { past: boolean }) => e.past)).toEqual([false, false, true, true])
    expect(res.json.items[1]).toEqual({
      id: later.id,
      title: 'Finals',
      kind: 'finals',
      startsAt: at(20 * DAY),
      endsAt: at(20 * DAY + HOUR),
      online: false,
      venue: 'The Spine, Liverpool',
      placesLeft: 0,
      past: false,
    })
    expect(res.json.items[0]).toMatchObject({ online: true, placesLeft: 50 })
    expect(res.text).not.toMatch(/teams\.example|Secret draft|public-list|retention|capacity/)
  })

  it('gives a draft competition the same 404 as a missing one', async () => {
    const { competitionId } = await published()
    const draft = await createDraft(p, manager)
    const ofDraft = await p.call('GET', `/api/competitions/${draft.id}/events/public`)
    const ofMissing = await p.call('GET', '/api/competitions/01ARZ3NDEKTSV4RRFFQ69G5FAV/events/public')
    expect(ofDraft.status).toBe(404)
    expect(ofDraft.json).toEqual(ofMissing.json)
    // The manager's routes under the same path stay the manager's.
    expect((await p.call('GET', `/api/competitions/${competitionId}/events`)).status).toBe(401)
  })
})

describe('unconfirmed holds lapse', () => {
  const run = (ms: number) => lapseHolds({ db: p.db, now: () => new Date(p.clock.now.getTime() + ms) })
  const counts = async (competitionId: string, eventId: string) =>
    (await p.call('GET', `/api/competitions/${competitionId}/events/${eventId}`, { as: manager })).json.event.counts

  it('gives the place back after 48 hours: the run frees it, the old link cannot confirm, the person can register again', async () => {
    const { event, competitionId } = await published({ capacity: 1 })
    const who = person('hold')
    const link = await registerAndLink(event.id, who)
    const [email] = await emailsTo(p.db, who.email, 'event-registration')
    expect(email!.text).toMatch(/We hold your place until .+\. If you have not confirmed by then, it goes back/)
    expect((await p.call('POST', `/api/events/${event.id}/registrations`, { body: person('late') })).status).toBe(409)

    expect((await run(47 * HOUR)).filter((r) => r.startsWith(event.id))).toEqual([])
    const lapsed = await run(48 * HOUR + 60_000)
    expect(lapsed.filter((r) => r.startsWith(event.id))).toEqual([`${event.id}/${link.registrationId}`])
    expect((await run(49 * HOUR)).filter((r) => r.startsWith(event.id))).toEqual([])
    expect(await counts(competitionId, event.id)).toMatchObject({ registered: 0, confirmed: 0 })
    expect((await p.call('GET', `/api/events/${event.id}`)).json).toMatchObject({ placesLeft: 1 })

    const refused = await confirm(event.id, link)
    expect(refused.status).toBe(409)
    expect(refused.headers.get('content-type')).toContain('application/problem+json')
    expect(refused.json.detail).toMatch(/not confirmed in time.*Register again/)
    const own = await p.call('GET', `/api/events/${event.id}/registrations/${link.registrationId}?token=${link.token}`)
    expect(own.json).toMatchObject({ status: 'cancelled', lapsed: true })

    const csv = await p.call('GET', `/api/competitions/${competitionId}/exports/registrations.csv`, { as: manager })
    expect(csv.text).toMatch(new RegExp(`Person hold,${who.email},.*,lapsed \\(not confirmed in time\\)`))

    const again = await registerAgain(event.id, who, link.registrationId)
    expect(again.registrationId).not.toBe(link.registrationId)
    expect((await confirm(event.id, again)).json).toMatchObject({ status: 'confirmed' })
    expect(await counts(competitionId, event.id)).toMatchObject({ registered: 1, confirmed: 1 })
  })

  it('refuses to confirm a hold past its time even before the run, giving the place back once; re-registering works at once', async () => {
    const { event, competitionId } = await published({ capacity: 2 })
    const who = person('late-click')
    const link = await registerAndLink(event.id, who)
    const saved = p.clock.now
    try {
      p.clock.now = new Date(saved.getTime() + 48 * HOUR)
      const [a, b] = await Promise.all([confirm(event.id, link), confirm(event.id, link)])
      expect([a.status, b.status]).toEqual([409, 409])
      expect(await counts(competitionId, event.id)).toMatchObject({ registered: 0, confirmed: 0 })
      expect((await run(0)).filter((r) => r.startsWith(event.id))).toEqual([])
      // A second pending hold, past its time, does not stop its address registering afresh.
      const other = person('late-again')
      p.clock.now = saved
      const first = await registerAndLink(event.id, other)
      p.clock.now = new Date(saved.getTime() + 50 * HOUR)
      const fresh = await registerAgain(event.id, other, first.registrationId)
      expect((await confirm(event.id, fresh)).json).toMatchObject({ status: 'confirmed' })
      expect(await counts(competitionId, event.id)).toMatchObject({ registered: 1, confirmed: 1 })
    } finally {
      p.clock.now = saved
    }
  })

  it('holds only until the event starts when that is sooner than 48 hours', async () => {
    const { event } = await published({ startsAt: at(5 * HOUR), endsAt: at(6 * HOUR) })
    const link = await registerAndLink(event.id, person('soon'))
    const own = await p.call('GET', `/api/events/${event.id}/registrations/${link.registrationId}?token=${link.token}`)
    expect(own.json.holdUntil).toBe(event.startsAt)
    expect((await run(5 * HOUR + 1000)).filter((r) => r.startsWith(event.id))).toHaveLength(1)
  })

  it('lets exactly one of a confirm and the lapse racing it win, and gives each place back once', async () => {
    const { event, competitionId } = await published({ capacity: 12 })
    const links = []
    for (let i = 0; i < 12; i++) links.push(await registerAndLink(event.id, person(`racer${i}`)))
    const saved = p.clock.now
    try {
      // The confirms arrive just before the hold ends; two runs lapse just after.
      p.clock.now = new Date(saved.getTime() + 48 * HOUR - 1000)
      const [confirms, first, second] = await Promise.all([
        Promise.all(links.map((l) => confirm(event.id, l))),
        lapseHolds({ db: p.db, now: () => new Date(saved.getTime() + 48 * HOUR + 1000) }),
        lapseHolds({ db: p.db, now: () => new Date(saved.getTime() + 48 * HOUR + 1000) }),
      ])
      const lapsed = new Set([...first, ...second].filter((r) => r.startsWith(event.id)))
      expect([...first, ...second].filter((r) => r.startsWith(event.id))).toHaveLength(lapsed.size)
      const won = confirms.filter((c) => c.status === 200).length
      expect(confirms.every((c) => c.status === 200 || c.status === 409)).toBe(true)
      expect(won + lapsed.size).toBe(12)
      for (const [i, c] of confirms.entries())
        expect(lapsed.has(`${event.id}/${links[i]!.registrationId}`)).toBe(c.status === 409)
      expect(await counts(competitionId, event.id)).toMatchObject({ registered: won, confirmed: won })
      const list = await p.call('GET', `/api/competitions/${competitionId}/events/${event.id}/registrations`, {
        as: manager,
      })
      expect(list.json.items.filter((r: { status: string }) => r.status === 'confirmed')).toHaveLength(won)
    } finally {
      p.clock.now = saved
    }
  })
})

describe('reminders the day before', () => {
  it('email each confirmed registrant once, with the joining link, in the 24 hours before', async () => {
    const { event } = await published({ startsAt: at(3 * DAY), endsAt: at(3 * DAY + HOUR) })
    const yes = person('yes')
    const pending = person('pending')
    await confirm(event.id, await registerAndLink(event.id, yes))
    await registerAndLink(event.id, pending)
    const run = () => remindEvents({ db: p.db, now: () => p.clock.now, publicUrl: p.publicUrl })
    const saved = p.clock.now
    try {
      expect(await run()).not.toContain(expect.stringContaining(event.id))
      p.clock.now = new Date(Date.parse(event.startsAt) - 20 * HOUR)
      const [first, second] = await Promise.all([run(), run()])
      expect([...first!, ...second!].filter((s) => s.startsWith(event.id))).toHaveLength(1)
      expect(await run()).toEqual([])
      const [reminder] = await emailsTo(p.db, yes.email, 'event-reminder')
      expect(reminder!.text).toContain('https://teams.example/meet/123')
      expect(reminder!.text).toContain(`${TEST_PUBLIC_URL}/events/${event.id}`)
      expect(await emailsTo(p.db, yes.email, 'event-reminder')).toHaveLength(1)
      expect(await emailsTo(p.db, pending.email, 'event-reminder')).toHaveLength(0)
    } finally {
      p.clock.now = saved
    }
  })
})

describe('attendance', () => {
  it('checks people in at the door once each', async () => {
    const { event, competitionId } = await published({ onlineUrl: undefined, venue: 'Cunard Building, Liverpool' })
    const link = await registerAndLink(event.id, person('door'))
    const path = `/api/competitions/${competitionId}/events/${event.id}/registrations/${link.registrationId}/check-in`
    const [a, b] = await Promise.all([p.call('POST', path, { as: manager }), p.call('POST', path, { as: manager })])
    expect([a!.status, b!.status].sort()).toEqual([200, 409])
    const managed = await p.call('GET', `/api/competitions/${competitionId}/events/${event.id}`, { as: manager })
    expect(managed.json.event.counts.attended).toBe(1)
  })

  it('imports a meeting tool’s CSV, matching by email; the rest wait for the manager to match or dismiss', async () => {
    const { event, competitionId } = await published()
    const one = person('one', 'Damibu Ltd')
    const two = person('two', 'Mersey Care CIC')
    const r1 = await registerAndLink(event.id, one)
    const r2 = await registerAndLink(event.id, two)
    await confirm(event.id, r1)
    const csv = `\uFEFFFull Name,Join time,Email\r\nPerson One,10:00,${one.email.toUpperCase()}\r\nPerson One,10:20,${one.email}\r\nWalk In,10:05,walkin@example.org\r\nSomeone,10:06,someone@example.org\r\n`
    const base = `/api/competitions/${competitionId}/events/${event.id}`
    const imported = await p.call('POST', `${base}/attendance`, { as: manager, body: { csv } })
    expect(imported.json).toEqual({ rows: 3, matched: 1, alreadyAttended: 0, unmatched: 2 })
    const again = await p.call('POST', `${base}/attendance`, {
      as: manager,
      body: { csv: csv.split('\r\n').slice(0, 2).join('\n') },
    })
    expect(again.json).toMatchObject({ matched: 0, alreadyAttended: 1 })
    const queue = await p.call('GET', `${base}/unmatched`, { as: manager })
    const rows = queue.json.items as { id: string; email: string }[]
    expect(rows.map((r) => r.email).sort()).toEqual(['someone@example.org', 'walkin@example.org'])
    const walkIn = rows.find((r) => r.email === 'walkin@example.org')!
    const someone = rows.find((r) => r.email === 'someone@example.org')!
    const matched = await p.call('POST', `${base}/unmatched/${walkIn.id}`, {
      as: manager,
      body: { action: 'match', registrationId: r2.registrationId },
    })
    expect(matched.status, JSON.stringify(matched.json)).toBe(204)
    expect(
      (await p.call('POST', `${base}/unmatched/${someone.id}`, { as: manager, body: { action: 'dismiss' } })).status,
    ).toBe(204)
    expect(
      (await p.call('POST', `${base}/unmatched/${someone.id}`, { as: manager, body: { action: 'dismiss' } })).status,
    ).toBe(404)
    expect((await p.call('GET', `${base}/unmatched`, { as: manager })).json.items).toEqual([])
    const managed = await p.call('GET', base, { as: manager })
    expect(managed.json.event.counts).toMatchObject({ registered: 2, confirmed: 1, attended: 2 })

    const orgs = await eventOrganisations({ db: p.db }, competitionId)
    expect(orgs.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'Damibu Ltd', organisationKey: 'damibu', registered: 1, attended: 1 },
      { name: 'Mersey Care CIC', organisationKey: 'mersey care', registered: 1, attended: 1 },
    ])
    expect(await eventFunnel({ db: p.db }, competitionId)).toEqual([
      expect.objectContaining({ eventId: event.id, views: 0, registrations: 1, attended: 2 }),
    ])
  })

  it('bounds the attendance file before reading it, and names the field when it cannot be used', async () => {
    const { event, competitionId } = await published()
    const path = `/api/competitions/${competitionId}/events/${event.id}/attendance`
    const huge = await p.call('POST', path, { as: manager, body: { csv: 'a'.repeat(600_000) } })
    expect(huge.status).toBe(400)
    expect(fieldsOf(huge.json)).toEqual(['csv'])
    const many = await p.call('POST', path, { as: manager, body: { csv: `Email\n${'x@y.zz\n'.repeat(6000)}` } })
    expect(many.status).toBe(413)
    const noEmail = await p.call('POST', path, { as: manager, body: { csv: 'Name,Joined\nA,10:00\n' } })
    expect(noEmail.status).toBe(400)
    expect(fieldsOf(noEmail.json)).toEqual(['csv'])
    const broken = await p.call('POST', path, { as: manager, body: { csv: 'Email\n"unterminated' } })
    expect(broken.status).toBe(400)
  })
})

describe('retention', () => {
  it('deletes registrants’ personal data once the retention period passes, keeping the counts', async () => {
    const { event, competitionId } = await published({ retentionDays: 7 })
    const who = person('gone')
    await confirm(event.id, await registerAndLink(event.id, who))
    const base = `/api/competitions/${competitionId}/events/${event.id}`
    await p.call('POST', `${base}/attendance`, {
      as: manager,
      body: { csv: `Email\n${who.email}\nstranger@example.org\n` },
    })
    const sweep = () => sweepEventRetention({ db: p.db, now: () => p.clock.now })
    const saved = p.clock.now
    try {
      // Personal data carries the TTL attribute (the backstop) at the end of the retention period.
      const { Items } = await p.db.doc.send(
        new QueryCommand({
          TableName: p.db.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': eventKeys.pk(event.id) },
        }),
      )
      const personal = Items!.filter((i) => /^(REG|EMAIL|UNMATCHED)#/.test(i.sk))
      expect(personal.length).toBe(3)
      const expected = Math.ceil((Date.parse(event.endsAt) + 7 * DAY) / 1000)
      expect(personal.every((i) => i.expiresAt === expected)).toBe(true)

      p.clock.now = new Date(Date.parse(event.endsAt) + 6 * DAY)
      expect(await sweep()).not.toContain(event.id)
      p.clock.now = new Date(Date.parse(event.endsAt) + 7 * DAY + 60_000)
      expect(await sweep()).toContain(event.id)
      expect((await p.call('GET', `${base}/registrations`, { as: manager })).json.items).toEqual([])
      expect((await p.call('GET', `${base}/unmatched`, { as: manager })).json.items).toEqual([])
      const managed = await p.call('GET', base, { as: manager })
      expect(managed.json.event).toMatchObject({ counts: { registered: 1, confirmed: 1, attended: 1 } })
      expect(managed.json.event.personalDataDeletedAt).toBeDefined()
      expect(await sweep()).toEqual([])
      expect(await eventFunnel({ db: p.db }, competitionId)).toEqual([
        expect.objectContaining({ registrations: 1, attended: 1 }),
      ])
      expect((await p.call('PUT', base, { as: manager, body: { ...eventBody(), version: 1 } })).status).toBe(409)
    } finally {
      p.clock.now = saved
    }
  })

  it('moves the deletion date with the event when its end or retention period changes', async () => {
    const { event, competitionId } = await published({ retentionDays: 7 })
    await registerAndLink(event.id, person('moved'))
    const base = `/api/competitions/${competitionId}/events/${event.id}`
    const edited = await p.call('PUT', base, { as: manager, body: { ...eventBody(), retentionDays: 60, version: 1 } })
    expect(edited.status).toBe(200)
    const saved = p.clock.now
    try {
      p.clock.now = new Date(Date.parse(event.endsAt) + 8 * DAY)
      expect(await sweepEventRetention({ db: p.db, now: () => p.clock.now })).not.toContain(event.id)
      const { Items } = await p.db.doc.send(
        new QueryCommand({
          TableName: p.db.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :reg)',
          ExpressionAttributeValues: { ':pk': eventKeys.pk(event.id), ':reg': 'REG#' },
        }),
      )
      expect(Items![0]!.expiresAt).toBe(Math.ceil((Date.parse(event.endsAt) + 60 * DAY) / 1000))
    } finally {
      p.clock.now = saved
    }
  })
})

describe('for reports', () => {
  it('exports the registrations as CSV with formula cells neutralised', async () => {
    const { event, competitionId } = await published()
    await registerAndLink(event.id, { ...person('csv'), name: '=HYPERLINK("x")', organisation: 'Café £ Ltd' })
    const res = await p.call('GET', `/api/competitions/${competitionId}/exports/registrations.csv`, { as: manager })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const text = res.text
    expect(text.replace(/^\uFEFF/, '').startsWith('Event,Event starts')).toBe(true)
    expect(text).toContain(`'=HYPERLINK`)
    expect(text).toContain('Café £ Ltd')
  })
})
