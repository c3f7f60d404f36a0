// Every email links back to the page it is about: an absolute address built from the
// configured public URL, to a route the web app really has. The kinds are read from core's
// source, so a new kind of email fails here until it is given a link and a page.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { lapseDueOffers } from '../../functions/core/awards/lapse.js'
import { remindEvents } from '../../functions/core/events/reminders.js'
import { runDueReleases } from '../../functions/core/feedback/release.js'
import { sendCheckInNotices } from '../../functions/core/grants/check-ins.js'
import { remindMilestones } from '../../functions/core/grants/reminders.js'
import { voterPseudonym } from '../../functions/db/intake-repo.js'
import type { OutboxMessage } from '../../shared/schemas/outbox.js'
import { assessingCompetition, releaseDecisions, type Assessing } from '../support/assessing-fixtures.js'
import { createTestPlatform, TEST_PUBLIC_URL, type TestPlatform } from '../support/platform.js'
import { everyEmail } from '../support/mail.js'

let p: TestPlatform
/** Someone who registers for an event: their emails link to their registration and the event's page. */
const registrant = 'registrant@events.example'
let event: { id: string; registrationId: string }
/** A challenge owner opted in to partner matching, and the introduction an SME asked of it. */
const owner = 'owner@matching.example'
let match: { ownerId: string; smeId: string; introId: string }
/** The problem owner, their problem and the stakeholder invited to vote in a round. */
const intake = { owner: '', problemId: '', roundId: '', voter: 'stakeholder@intake.example' }
const DAY = 86_400_000
const HOUR = 3_600_000

beforeAll(async () => {
  p = await createTestPlatform()
})

/** Every `kind: '…'` core writes to the outbox (files that call outboxPut). */
function emailKinds(): Set<string> {
  const kinds = new Set<string>()
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (path.endsWith('.ts')) {
        const source = readFileSync(path, 'utf8')
        if (!source.includes('outboxPut(')) continue
        for (const match of source.matchAll(/kind: '([a-z-]+)'/g)) kinds.add(match[1]!)
      }
    }
  }
  walk('functions/core')
  return kinds
}

/** The web app's route patterns, as main.tsx declares them. */
const routes = [...readFileSync('web/src/main.tsx', 'utf8').matchAll(/pattern: '([^']+)'/g)].map((m) => m[1]!)
const routeOf = (path: string) =>
  routes.find((pattern) => {
    const want = pattern.split('/')
    const got = path.split('/')
    return (
      want.length === got.length &&
      want.every((part, i) => (part.startsWith(':') ? got[i]!.length > 0 : part === got[i]))
    )
  })

/** The links in an email that point at the site. */
const siteLinks = (text: string) =>
  [...text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]).filter((url) => url.startsWith(`${TEST_PUBLIC_URL}/`))

describe('emails', () => {
  let a: Assessing
  beforeAll(async () => {
    // Receipts (submitting) and panel invitations (seating the panel).
    a = await assessingCompetition(p, { applications: 3, shortlisted: 3, panellists: 1 })
    const at = (rest: string) => `/api/competitions/${a.competitionId}${rest}`
    const slot = (applicationId: string, startsAt: string) => ({
      applicationId,
      startsAt,
      minutes: 30,
      place: 'Room 2, Cunard Building, Liverpool',
    })
    const slots = await p.call('PUT', at('/pitches'), {
      as: a.manager,
      body: { version: 0, slots: [slot(a.ids[0]!, new Date(p.clock.now.getTime() + HOUR).toISOString())] },
    })
    expect(slots.status, JSON.stringify(slots.json)).toBe(200)
    expect((await p.call('POST', at('/pitches/invitations'), { as: a.manager })).status).toBe(200)
    // An award before release (its offer goes with the decision), then the release's decision emails.
    const respondBy = new Date(p.clock.now.getTime() + 3 * DAY).toISOString()
    const award = (id: string) =>
      p.call('POST', at('/awards'), { as: a.manager, body: { applicationId: id, amountPence: 1_670_000, respondBy } })
    expect((await award(a.ids[0]!)).status).toBe(201)
    // Decisions go out once the pitch is over.
    p.clock.now = new Date(p.clock.now.getTime() + 2 * HOUR)
    await releaseDecisions(p, a)
    await runDueReleases({ db: p.db, now: () => p.clock.now, publicUrl: p.publicUrl })
    // A third award, accepted, and its grant agreement sent.
    expect((await award(a.ids[2]!)).status).toBe(201)
    const accepted = await p.call('POST', `/api/applications/${a.ids[2]}/offer/response`, {
      as: a.applications[2]!.applicant,
      body: { version: 1, accept: true },
    })
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200)
    const grant = await p.call('PUT', at(`/grants/${a.ids[2]}`), {
      as: a.manager,
      body: {
        version: 0,
        startsOn: '2027-01-04',
        endsOn: '2027-12-17',
        milestones: [{ id: 'm1', title: 'Discovery', dueOn: '2027-03-31', evidence: 'A discovery report' }],
        tranches: [{ id: 't1', label: 'On signing', percent: 100, trigger: { kind: 'signing' } }],
        indicators: [],
      },
    })
    expect(grant.status, JSON.stringify(grant.json)).toBe(201)
    expect((await p.call('POST', at(`/grants/${a.ids[2]}/send`), { as: a.manager, body: { version: 1 } })).status).toBe(
      200,
    )
    // The grantee accepts it and asks for a change, which a manager refuses.
    const grantee = a.applications[2]!.applicant
    expect(
      (await p.call('POST', `/api/applications/${a.ids[2]}/grant/accept`, { as: grantee, body: { version: 2 } }))
        .status,
    ).toBe(200)
    const change = await p.call('POST', `/api/applications/${a.ids[2]}/grant/changes`, {
      as: grantee,
      body: { kind: 'scope', scope: 'A smaller pilot', reason: 'Fewer homes' },
    })
    expect(change.status, JSON.stringify(change.json)).toBe(201)
    const decided = await p.call('POST', at(`/grants/${a.ids[2]}/changes/${change.json.id}/decision`), {
      as: a.manager,
      body: { decision: 'refuse', reason: 'The panel funded the full pilot.', version: 1 },
    })
    expect(decided.status, JSON.stringify(decided.json)).toBe(200)
    // After release: an offer, a withdrawal, edited feedback, an arranged feedback call, a lapse.
    const offered = await award(a.ids[1]!)
    expect(offered.status).toBe(201)
    expect(
      (
        await p.call('POST', at(`/awards/${a.ids[1]}/withdraw`), {
          as: a.manager,
          body: { version: 1, reason: 'The partner pulled out.' },
        })
      ).status,
    ).toBe(200)
    const workspace = (await p.call('GET', at(`/feedback/${a.ids[2]}`), { as: a.manager })).json
    const saved = await p.call('PUT', at(`/feedback/${a.ids[2]}`), {
      as: a.manager,
      body: { version: workspace.feedback?.version ?? 0, ...workspace.draft },
    })
    expect(saved.status, JSON.stringify(saved.json)).toBe(200)
    const asked = await p.call('POST', `/api/applications/${a.ids[2]}/feedback-call`, {
      as: a.applications[2]!.applicant,
      body: { preferredTimes: 'Mornings', question: 'What next?' },
    })
    expect(asked.status, JSON.stringify(asked.json)).toBe(201)
    const arranged = await p.call('PATCH', at(`/feedback-calls/${a.ids[2]}`), {
      as: a.manager,
      body: { version: 1, status: 'arranged', arrangement: 'Thursday at 10:00 by phone' },
    })
    expect(arranged.status, JSON.stringify(arranged.json)).toBe(200)
    p.clock.now = new Date(Date.parse(respondBy) + 60_000)
    expect(await lapseDueOffers({ db: p.db, now: () => p.clock.now, publicUrl: p.publicUrl })).toHaveLength(1)
    // The grant's milestone report: due in 14 days, then overdue.
    for (const now of ['2027-03-20T09:00:00Z', '2027-04-02T09:00:00Z']) {
      p.clock.now = new Date(now)
      expect(await remindMilestones({ db: p.db, now: () => p.clock.now, publicUrl: p.publicUrl })).toHaveLength(1)
    }
    // The report on it: sent (the manager is told), queried, answered, rejected, sent again and
    // approved; then a second manager pays its tranche.
    const report = `/api/applications/${a.ids[2]}/grant/reports/m1`
    const review = at(`/grants/${a.ids[2]}/reports/m1`)
    const draft = await p.call('PUT', report, {
      as: grantee,
      body: { version: 0, progress: 'Discovery done', evidenceNote: 'On our drive' },
    })
    expect(draft.status, JSON.stringify(draft.json)).toBe(200)
    let version = draft.json.version
    for (const [step, body] of [
      ['submit', {}],
      ['query', { section: 'progress', question: 'Which practices?' }],
      ['submit', { answer: 'Two in Bootle.' }],
      ['reject', { reason: 'Attach the report itself.' }],
      ['submit', {}],
      ['approve', {}],
    ] as const) {
      const path = step === 'submit' ? `${report}/submit` : `${review}/${step}`
      const done = await p.call('POST', path, {
        as: step === 'submit' ? grantee : a.manager,
        body: { version, ...body },
      })
      expect(done.status, `${step}: ${JSON.stringify(done.json)}`).toBe(200)
      version = done.json.version
    }
    const payer = await p.signIn('manager', 'Sam Okafor')
    const paid = await p.call('POST', at(`/grants/${a.ids[2]}/tranches/t1/payment`), {
      as: payer,
      body: { paidOn: '2027-04-02', amountPence: 1_670_000, reference: 'BACS-1' },
    })
    expect(paid.status, JSON.stringify(paid.json)).toBe(200)
    // The grant accepted, and six months after it ends its first check-in opens.
    const acceptedGrant = await p.call('POST', `/api/applications/${a.ids[2]}/grant/accept`, {
      as: a.applications[2]!.applicant,
      body: { version: 2 },
    })
    expect(acceptedGrant.status, JSON.stringify(acceptedGrant.json)).toBe(200)
    p.clock.now = new Date('2028-06-17T09:00:00Z')
    expect(await sendCheckInNotices({ db: p.db, now: () => p.clock.now, publicUrl: p.publicUrl })).toHaveLength(1)
    // An event: a registration, its confirmation, and the reminder the day before.
    const made = await p.call('POST', at('/events'), {
      as: a.manager,
      body: {
        title: 'Webinar',
        kind: 'webinar',
        startsAt: new Date(p.clock.now.getTime() + 2 * DAY).toISOString(),
        endsAt: new Date(p.clock.now.getTime() + 2 * DAY + HOUR).toISOString(),
        onlineUrl: 'https://meet.example/abc',
        capacity: 10,
        retentionDays: 30,
        status: 'published',
      },
    })
    expect(made.status, JSON.stringify(made.json)).toBe(201)
    const registered = await p.call('POST', `/api/events/${made.json.id}/registrations`, {
      body: { name: 'Ada Registrant', email: registrant },
    })
    expect(registered.status, JSON.stringify(registered.json)).toBe(200)
    const [invite] = (await everyEmail(p.db)).filter((m) => m.to === registrant)
    const own = new URL(/https:\/\/\S+\/registrations\/\S+/.exec(invite!.text)![0])
    event = { id: made.json.id, registrationId: own.pathname.split('/').pop()! }
    const confirmed = await p.call('POST', `/api/events/${event.id}/registrations/${event.registrationId}/confirm`, {
      body: { token: own.searchParams.get('token') },
    })
    expect(confirmed.status, JSON.stringify(confirmed.json)).toBe(200)
    p.clock.now = new Date(p.clock.now.getTime() + DAY + HOUR)
    expect(await remindEvents({ db: p.db, now: () => p.clock.now, publicUrl: p.publicUrl })).toHaveLength(1)
    // Partner matching: the owner's invitation, an SME's request, and the introduction both accepted.
    const profiles = `/api/competitions/${a.competitionId}/matching/profiles`
    const ownerProfile = await p.call('POST', profiles, {
      as: a.manager,
      body: {
        side: 'owner',
        challengeId: a.comp.challenge.id,
        organisationName: 'Alder Hey',
        contactName: 'Ada',
        contactEmail: owner,
      },
    })
    expect(ownerProfile.status, JSON.stringify(ownerProfile.json)).toBe(201)
    const smeProfile = await p.call('POST', profiles, { as: a.applications[0]!.applicant, body: { side: 'sme' } })
    expect(smeProfile.status, JSON.stringify(smeProfile.json)).toBe(201)
    const introAsked = await p.call('POST', `${profiles}/${smeProfile.json.id}/introductions`, {
      as: a.applications[0]!.applicant,
      body: { toProfileId: ownerProfile.json.id },
    })
    expect(introAsked.status, JSON.stringify(introAsked.json)).toBe(201)
    const introAccepted = await p.call(
      'POST',
      `${profiles}/${ownerProfile.json.id}/introductions/${introAsked.json.id}/answer`,
      {
        as: a.manager,
        body: { action: 'accept' },
      },
    )
    expect(introAccepted.status, JSON.stringify(introAccepted.json)).toBe(200)
    match = { ownerId: ownerProfile.json.id, smeId: smeProfile.json.id, introId: introAsked.json.id }
    // Intake: a problem owner invited, asked for more on their problem; a stakeholder invited to vote.
    const problemOwner = await p.signIn('problemOwner')
    intake.owner = problemOwner.email
    const invitedOwner = await p.call('POST', '/api/problem-owners', {
      as: a.manager,
      body: { email: problemOwner.email, name: problemOwner.name, organisation: 'Sefton Council' },
    })
    expect(invitedOwner.status, JSON.stringify(invitedOwner.json)).toBe(201)
    const problem = await p.call('POST', '/api/problems', {
      as: problemOwner,
      body: {
        title: 'Damp homes',
        statement: 'How might we find damp homes?',
        description: 'Damp.',
        affects: 'Children.',
        evidence: [],
        commitment: { leadName: 'A Lead', time: 'A day a week' },
        contributionPence: 0,
      },
    })
    expect(problem.status, JSON.stringify(problem.json)).toBe(201)
    intake.problemId = problem.json.id
    const more = await p.call('POST', `/api/problems/${problem.json.id}/questions`, {
      as: a.manager,
      body: { question: 'How many?', version: 1 },
    })
    expect(more.status, JSON.stringify(more.json)).toBe(200)
    const published = await p.call('POST', `/api/problems/${problem.json.id}/publish`, {
      as: a.manager,
      body: { expectedCostPence: 100_000, version: 2 },
    })
    expect(published.status, JSON.stringify(published.json)).toBe(200)
    const round = await p.call('POST', '/api/rounds', {
      as: a.manager,
      body: {
        title: 'Which problems?',
        opensAt: p.clock.now.toISOString(),
        closesAt: new Date(p.clock.now.getTime() + DAY).toISOString(),
        method: 'approval',
        budgetPence: 100_000,
        problemIds: [problem.json.id],
      },
    })
    expect(round.status, JSON.stringify(round.json)).toBe(201)
    intake.roundId = round.json.id
    const voters = await p.call('POST', `/api/rounds/${round.json.id}/voters`, {
      as: a.manager,
      body: { voters: [{ email: intake.voter, group: 'vcse' }] },
    })
    expect(voters.json).toEqual({ invited: 1 })
  }, 120_000)

  it('of every kind link to the page they are about, at the configured public URL, on a route the web app has', async () => {
    const c = a.competitionId
    /** The page each kind is about, for the email `m`. */
    const expected: Record<string, (m: OutboxMessage) => string[]> = {
      receipt: (m) => [`/applications/${applicationOf(m)}`],
      'panel-invitation': () => ['/panel'],
      'pitch-invitation': (m) => [`/applications/${applicationOf(m)}`],
      // A winner's decision email carries the offer too.
      decision: (m) => [`/applications/${applicationOf(m)}/decision`],
      'award-offer': (m) => [`/applications/${applicationOf(m)}`],
      'award-withdrawn': (m) => [`/applications/${applicationOf(m)}`],
      'award-lapsed': (m) => [`/applications/${applicationOf(m)}`],
      'award-lapsed-manager': () => [`/manage/competitions/${c}/awards`],
      'feedback-updated': (m) => [`/applications/${applicationOf(m)}/decision`],
      'feedback-call': (m) => [`/applications/${applicationOf(m)}/decision`],
      'grant-sent': (m) => [`/applications/${applicationOf(m)}/grant`],
      'grant-check-in': (m) => [`/applications/${applicationOf(m)}/grant/check-ins/6`],
      'grant-change-decided': (m) => [`/applications/${applicationOf(m)}/grant/changes`],
      'grant-report-due': (m) => [`/applications/${applicationOf(m)}/grant/reports/m1`],
      'grant-report-overdue': (m) => [`/applications/${applicationOf(m)}/grant/reports/m1`],
      'grant-report-submitted': () => [`/manage/competitions/${c}/grants/${a.ids[2]}/reports/m1`],
      'grant-report-queried': (m) => [`/applications/${applicationOf(m)}/grant/reports/m1`],
      'grant-report-rejected': (m) => [`/applications/${applicationOf(m)}/grant/reports/m1`],
      'grant-milestone-approved': (m) => [
        `/applications/${applicationOf(m)}/grant/reports/m1`,
        `/applications/${applicationOf(m)}/grant`,
      ],
      'grant-payment-recorded': (m) => [`/applications/${applicationOf(m)}/grant`],
      'event-registration': () => [`/events/${event.id}/registrations/${event.registrationId}`, `/events/${event.id}`],
      'event-confirmed': () => [`/events/${event.id}/registrations/${event.registrationId}`, `/events/${event.id}`],
      'event-reminder': () => [`/events/${event.id}/registrations/${event.registrationId}`, `/events/${event.id}`],
      'match-owner-invited': () => [`/competitions/${c}/matching/${match.ownerId}`],
      'introduction-requested': () => [`/competitions/${c}/matching/${match.ownerId}/introductions/${match.introId}`],
      'introduction-accepted': (m) => [
        `/competitions/${c}/matching/${m.to === owner ? match.ownerId : match.smeId}/introductions/${match.introId}`,
      ],
      'problem-owner-invitation': () => ['/problems'],
      'problem-more-info': () => [`/problems/${intake.problemId}`],
      'round-vote-invitation': () => [`/vote/${intake.roundId}/${voterPseudonym(p.db, intake.roundId, intake.voter)}`],
    }
    const byEmail = new Map(a.applications.map((x, i) => [x.applicant.email.toLowerCase(), a.ids[i]!]))
    const applicationOf = (m: OutboxMessage) => byEmail.get(m.to) ?? 'unknown'

    // Every kind of email core writes is covered here.
    expect([...emailKinds()].sort()).toEqual(Object.keys(expected).sort())
    const emails = (await everyEmail(p.db)).filter(
      (m) =>
        byEmail.has(m.to) ||
        m.to === a.manager.email.toLowerCase() ||
        m.to === registrant ||
        m.to === owner ||
        m.to === intake.owner ||
        m.to === intake.voter ||
        a.panel.some((x) => x.email.toLowerCase() === m.to),
    )
    expect([...new Set(emails.map((m) => m.kind))].sort()).toEqual(Object.keys(expected).sort())

    for (const email of emails) {
      const links = siteLinks(email.text)
      const paths = links.map((url) => new URL(url).pathname)
      for (const page of expected[email.kind]!(email))
        expect(paths, `${email.kind} to ${email.to}:\n${email.text}`).toContain(page)
      for (const path of paths) expect(routeOf(path), `${email.kind}: ${path} is a page of the web app`).toBeDefined()
    }
  })
})
