// After the grant, through the API: the grantee's check-ins (open from their date in
// Europe/London, prefilled, "nothing to report", fixed once submitted, raced), the email when
// one opens (once, linking to its page), the manager's programme view across competitions
// (statuses, paid against awarded, indicators met, totals, a fixed number of reads), and the
// milestones a manager publishes on the public results page (nothing else of the grant shown).
import { beforeAll, describe, expect, it } from 'vitest'
import { sendCheckInNotices } from '../../functions/core/grants/check-ins.js'
import { addToDate, indicatorsMet } from '../../functions/core/grants/programme.js'
import type { Grant } from '../../shared/schemas/grants.js'
import type { Assessing } from '../support/assessing-fixtures.js'
import { emailsTo } from '../support/mail.js'
import { createTestPlatform, fieldsOf, TEST_PUBLIC_URL, type TestPlatform } from '../support/platform.js'
import { AWARD, changeGrant, grantsInDelivery } from '../support/programme-fixtures.js'

let p: TestPlatform
let a: Assessing
const MISSING = '01ARZ3NDEKTSV4RRFFQ69G5FAV'

const checkIns = (applicationId: string) => `/api/applications/${applicationId}/grant/check-ins`
const grantPath = (applicationId: string, b: Assessing = a) =>
  `/api/competitions/${b.competitionId}/grants/${applicationId}`
const sweep = () => sendCheckInNotices({ db: p.db, now: () => p.clock.now, publicUrl: p.publicUrl })
const setClock = (iso: string) => {
  p.clock.now = new Date(iso)
}
const report = {
  nothingToReport: false,
  followOnFunding: [{ source: 'Innovate UK Smart grant', amountPence: 25_000_000, type: 'grant' }],
  publicBodies: ['Liverpool City Council', 'NHS Cheshire and Merseyside'],
  jobs: { created: 3, safeguarded: 2 },
  actuals: [{ indicatorId: 'admissions', value: 31 }],
}

beforeAll(async () => {
  p = await createTestPlatform()
  // Three winners: two grants accepted (active), the third sent and not yet accepted.
  a = await grantsInDelivery(p, { applications: 3, accepted: 2, sent: 1 })
}, 180_000)

describe('check-ins after the grant', () => {
  it('open 6 and 12 months after the end date in Europe/London, prefilled, checked, submitted once and then fixed', {
    timeout: 120_000,
  }, async () => {
    const id = a.ids[0]!
    const grantee = a.applications[0]!.applicant
    // An approved report brought an actual in (as the reports code copies it).
    await changeGrant(p, a.competitionId, id, (g) => ({
      ...g,
      progress: { ...g.progress!, actuals: { admissions: [{ on: '2027-07-01', value: 37 }] } },
    }))

    const before = await p.call('GET', checkIns(id), { as: grantee })
    expect(before.status, JSON.stringify(before.json)).toBe(200)
    expect(before.json.rounds.map((r: any) => [r.round, r.opensOn, r.state])).toEqual([
      ['6', '2028-06-17', 'upcoming'],
      ['12', '2028-12-17', 'upcoming'],
    ])
    expect(before.json.rounds[0].draft).toMatchObject({
      prefilledFrom: 'grant',
      actuals: [{ indicatorId: 'admissions', value: 37 }],
      jobs: { created: 0, safeguarded: 0 },
    })
    expect(before.json.indicators).toEqual([
      {
        id: 'admissions',
        measure: 'Emergency asthma admissions of children in the pilot area',
        unit: 'admissions a quarter',
        better: 'lower',
      },
    ])

    // One minute before midnight in London (BST) on 16 June 2028: not open yet, and the 409 says when it opens.
    setClock('2028-06-16T22:59:00Z')
    const early = await p.call('PUT', `${checkIns(id)}/6`, { as: grantee, body: report })
    expect(early.status, JSON.stringify(early.json)).toBe(409)
    expect(early.headers.get('content-type')).toContain('application/problem+json')
    expect(early.json.detail).toMatch(/opens on 17 June 2028/)
    expect(fieldsOf(early.json)).toEqual(['round'])

    // Midnight in London: open.
    setClock('2028-06-16T23:00:00Z')
    expect((await p.call('GET', checkIns(id), { as: grantee })).json.rounds[0].state).toBe('open')

    // Bad input: the field named, nothing saved.
    const bad: [string, unknown, number, string[]][] = [
      [
        'nothing to report, with something',
        { nothingToReport: true, publicBodies: ['Wirral Council'] },
        400,
        ['publicBodies'],
      ],
      ['no jobs', { ...report, jobs: undefined }, 400, ['jobs']],
      [
        'negative funding',
        { ...report, followOnFunding: [{ source: 'Bank', amountPence: -5, type: 'loan' }] },
        400,
        ['followOnFunding.0.amountPence'],
      ],
      [
        'fractional pence',
        { ...report, followOnFunding: [{ source: 'Bank', amountPence: 100.5, type: 'loan' }] },
        400,
        ['followOnFunding.0.amountPence'],
      ],
      [
        'an unknown kind of funding',
        { ...report, followOnFunding: [{ source: 'Bank', amountPence: 100, type: 'gift' }] },
        400,
        ['followOnFunding.0.type'],
      ],
      ['fractional jobs', { ...report, jobs: { created: 1.5, safeguarded: 0 } }, 400, ['jobs.created']],
      [
        '5,000 public bodies',
        { ...report, publicBodies: Array.from({ length: 5_000 }, (_, i) => `Council ${i}`) },
        400,
        ['publicBodies'],
      ],
      [
        'an unknown indicator',
        { ...report, actuals: [{ indicatorId: 'nope', value: 1 }] },
        422,
        ['actuals.0.indicatorId'],
      ],
      [
        'an indicator twice',
        {
          ...report,
          actuals: [
            { indicatorId: 'admissions', value: 1 },
            { indicatorId: 'admissions', value: 2 },
          ],
        },
        422,
        ['actuals.1.indicatorId'],
      ],
    ]
    for (const [name, body, status, fields] of bad) {
      const res = await p.call('PUT', `${checkIns(id)}/6`, { as: grantee, body })
      expect(res.status, `${name}: ${JSON.stringify(res.json)}`).toBe(status)
      expect(res.headers.get('content-type'), name).toContain('application/problem+json')
      expect(fieldsOf(res.json), name).toEqual(fields)
    }
    expect((await p.call('PUT', `${checkIns(id)}/7`, { as: grantee, body: report })).status).toBe(400)
    expect((await p.call('GET', checkIns(id), { as: grantee })).json.rounds[0].state).toBe('open')

    // Someone else's and a missing one: the same 404; a manager 403; signed out 401.
    const other = a.applications[1]!.applicant
    const theirs = await p.call('PUT', `${checkIns(id)}/6`, { as: other, body: report })
    const missing = await p.call('PUT', `${checkIns(MISSING)}/6`, { as: other, body: report })
    expect([theirs.status, missing.status]).toEqual([404, 404])
    expect(theirs.json.detail).toBe(missing.json.detail)
    expect((await p.call('GET', checkIns(id), { as: other })).status).toBe(404)
    expect((await p.call('GET', checkIns(id), { as: a.manager })).status).toBe(403)
    expect((await p.call('GET', checkIns(id))).status).toBe(401)

    // Ten tabs submit different answers at once: one lands, the rest are told it is fixed.
    const raced = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        p.call('PUT', `${checkIns(id)}/6`, { as: grantee, body: { ...report, jobs: { created: i, safeguarded: 2 } } }),
      ),
    )
    expect(raced.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409])
    const won = raced.find((r) => r.status === 200)!.json
    for (const lost of raced.filter((r) => r.status === 409)) expect(lost.json.detail).toMatch(/it is fixed/)
    expect(won).toMatchObject({ round: '6', nothingToReport: false, submittedByName: grantee.name })
    expect(won.actuals).toEqual([{ indicatorId: 'admissions', value: 31, on: '2028-06-17' }])
    expect(won.submittedBy).toBeUndefined()
    // The same submission again (a double click) returns it.
    const again = await p.call('PUT', `${checkIns(id)}/6`, { as: grantee, body: { ...report, jobs: won.jobs } })
    expect(again.status).toBe(200)
    expect(again.json).toEqual(won)

    // The actual went onto the grant exactly once.
    const grant = (await p.call('GET', grantPath(id), { as: a.manager })).json as Grant
    expect(grant.progress!.actuals.admissions).toEqual([
      { on: '2027-07-01', value: 37 },
      { on: '2028-06-17', value: 31 },
    ])
    expect(grant.checkIns?.['6']?.submittedAt).toBe(won.submittedAt)

    // The 12-month check-in starts from the 6-month one's answers.
    const after = (await p.call('GET', checkIns(id), { as: grantee })).json
    expect(after.rounds[0]).toMatchObject({ state: 'submitted', submitted: won })
    expect(after.rounds[0].draft).toBeUndefined()
    expect(after.rounds[1].draft).toEqual({
      nothingToReport: false,
      followOnFunding: report.followOnFunding,
      publicBodies: report.publicBodies,
      jobs: won.jobs,
      actuals: [{ indicatorId: 'admissions', value: 31 }],
      prefilledFrom: 'round-6',
    })
    expect(JSON.stringify(after)).not.toContain(grantee.id)

    // Twelve months on: nothing to report is enough, and changes no actual.
    setClock('2028-12-17T00:00:00Z')
    const nothing = await p.call('PUT', `${checkIns(id)}/12`, { as: grantee, body: { nothingToReport: true } })
    expect(nothing.status, JSON.stringify(nothing.json)).toBe(200)
    expect(nothing.json).toMatchObject({ round: '12', nothingToReport: true, followOnFunding: [], actuals: [] })
    const changed = await p.call('PUT', `${checkIns(id)}/12`, { as: grantee, body: report })
    expect(changed.status).toBe(409)
    expect(changed.json.detail).toMatch(/12-month check-in was submitted .* it is fixed/)
    expect((await p.call('GET', grantPath(id), { as: a.manager })).json.progress.actuals.admissions).toHaveLength(2)

    // The manager sees both, with who submitted them.
    const managers = await p.call('GET', `${grantPath(id)}/check-ins`, { as: a.manager })
    expect(managers.status).toBe(200)
    expect(managers.json.rounds.map((r: any) => [r.state, r.submitted.submittedBy])).toEqual([
      ['submitted', grantee.id],
      ['submitted', grantee.id],
    ])
    expect((await p.call('GET', `${grantPath(MISSING)}/check-ins`, { as: a.manager })).status).toBe(404)
    expect((await p.call('GET', `${grantPath(id)}/check-ins`, { as: grantee })).status).toBe(403)
  })

  it('are refused for a grant not yet accepted, though its dates can be read', async () => {
    const id = a.ids[2]!
    const grantee = a.applications[2]!.applicant
    const read = await p.call('GET', checkIns(id), { as: grantee })
    expect(read.status).toBe(200)
    expect(read.json.rounds.map((r: any) => r.state)).toEqual(['upcoming', 'upcoming'])
    const refused = await p.call('PUT', `${checkIns(id)}/6`, { as: grantee, body: { nothingToReport: true } })
    expect(refused.status).toBe(409)
    expect(refused.json.detail).toMatch(/once the grant agreement is accepted/)
  })
})

describe('the email when a check-in opens', () => {
  it('goes once per round, linking to the check-in page, with two sweeps at once and another write of the grant racing', {
    timeout: 120_000,
  }, async () => {
    const b = await grantsInDelivery(p, { applications: 1 })
    const id = b.ids[0]!
    const grantee = b.applications[0]!.applicant
    const emails = () => emailsTo(p.db, grantee.email, 'grant-check-in')
    setClock('2028-06-16T22:00:00Z')
    await sweep()
    expect(await emails()).toEqual([])

    setClock('2028-06-17T09:00:00Z')
    // Two sweeps at once, and the grant written meanwhile (a manager publishing a milestone).
    await Promise.all([
      sweep(),
      sweep(),
      p.call('PUT', `${grantPath(id, b)}/milestones/m1/public`, { as: b.manager, body: { public: true } }),
    ])
    await sweep()
    const sent = await emails()
    expect(sent).toHaveLength(1)
    expect(sent[0]!.subject).toMatch(/6-month check-in .* is open/)
    expect(sent[0]!.text).toContain(`${TEST_PUBLIC_URL}/applications/${id}/grant/check-ins/6`)
    const grant = (await p.call('GET', grantPath(id, b), { as: b.manager })).json
    expect(grant.progress.milestones.m1.public).toBe(true)
    expect(grant.checkIns['6'].emailedAt).toBe(sent[0]!.createdAt)

    // Submitted before the 12-month round opens, and then that round's email.
    expect((await p.call('PUT', `${checkIns(id)}/6`, { as: grantee, body: { nothingToReport: true } })).status).toBe(
      200,
    )
    setClock('2028-12-17T09:00:00Z')
    await Promise.all([sweep(), sweep()])
    const both = await emails()
    expect(both).toHaveLength(2)
    expect(both.find((m) => m.id !== sent[0]!.id)!.text).toContain(`/applications/${id}/grant/check-ins/12`)
    // A round already submitted is never announced.
    expect((await sweep()).filter((s) => s.includes(id))).toEqual([])
  })
})

describe('the programme view', () => {
  it('shows every grant across competitions with its status, paid against awarded, indicators met and totals', {
    timeout: 120_000,
  }, async () => {
    const fresh = await createTestPlatform()
    const q = fresh
    const first = await grantsInDelivery(q, { applications: 3, accepted: 2, sent: 1 })
    const second = await grantsInDelivery(q, { applications: 1 })
    const view = async (query = '') => {
      const res = await q.call('GET', `/api/programme/grants${query}`, { as: first.manager })
      expect(res.status, JSON.stringify(res.json)).toBe(200)
      return res.json
    }

    q.clock.now = new Date('2027-02-01T12:00:00Z')
    const early = await view()
    expect(early.asOf).toBe('2027-02-01')
    expect(early.grants).toHaveLength(4)
    expect(early.grants[0]).toEqual({
      competitionId: first.competitionId,
      competitionTitle: expect.any(String),
      applicationId: expect.any(String),
      organisationName: expect.any(String),
      status: expect.any(String),
      awardPence: AWARD,
      paidPence: 0,
      indicatorsMet: 0,
      indicatorsTotal: 1,
      nextDueOn: '2027-03-31',
    })
    const title = (await q.call('GET', `/api/competitions/${first.competitionId}`)).json.competition.title
    expect(early.grants.filter((g: any) => g.competitionTitle === title)).toHaveLength(4)
    expect(early.totals).toMatchObject({ grants: 4, awardPence: 4 * AWARD, paidPence: 0, indicatorsTotal: 4 })

    // A milestone due within 14 days; then past its date; one report queried; one grant completed.
    q.clock.now = new Date('2027-03-20T12:00:00Z')
    expect((await view()).totals.byStatus).toMatchObject({ 'report-due': 3, 'awaiting-acceptance': 1 })
    await changeGrant(q, first.competitionId, first.ids[1]!, (g) => ({
      ...g,
      progress: {
        ...g.progress!,
        milestones: { ...g.progress!.milestones, m1: { ...g.progress!.milestones.m1!, status: 'queried' } },
      },
    }))
    await changeGrant(q, second.competitionId, second.ids[0]!, (g) => ({
      ...g,
      status: 'completed',
      paidPence: AWARD,
      progress: { ...g.progress!, actuals: { admissions: [{ on: '2027-07-01', value: 36 }] } },
    }))
    await changeGrant(q, first.competitionId, first.ids[0]!, (g) => ({
      ...g,
      paidPence: 668_000,
      progress: { ...g.progress!, actuals: { admissions: [{ on: '2027-03-01', value: 30 }] } },
    }))
    q.clock.now = new Date('2027-04-01T12:00:00Z')
    // Count the reads one request makes.
    const commands: string[] = []
    q.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(context.commandName!)
        return next(args)
      },
      { step: 'initialize', name: 'count-programme-reads' },
    )
    const now = await view()
    q.db.doc.middlewareStack.remove('count-programme-reads')
    // One query of the index and one batch read of the competitions; the only GetItem signs the manager in.
    expect(commands.filter((c) => c === 'QueryCommand')).toHaveLength(1)
    expect(commands.filter((c) => c === 'BatchGetItemCommand')).toHaveLength(1)
    expect(commands.filter((c) => !['QueryCommand', 'BatchGetItemCommand', 'GetItemCommand'].includes(c))).toEqual([])
    expect(commands.filter((c) => c === 'GetItemCommand').length).toBeLessThanOrEqual(1)
    const statusOf = (id: string) => now.grants.find((g: any) => g.applicationId === id).status
    expect([first.ids[0], first.ids[1], first.ids[2], second.ids[0]].map((id) => statusOf(id!))).toEqual([
      'overdue',
      'queried',
      'awaiting-acceptance',
      'completed',
    ])
    // Actual 30 on 1 March is before any target: not met. The completed grant's 36 on 1 July meets the June target of 38 (lower is better).
    const row = (id: string) => now.grants.find((g: any) => g.applicationId === id)
    expect([row(first.ids[0]!).indicatorsMet, row(second.ids[0]!).indicatorsMet]).toEqual([0, 1])
    expect(now.totals).toEqual({
      grants: 4,
      awardPence: 4 * AWARD,
      paidPence: AWARD + 668_000,
      indicatorsMet: 1,
      indicatorsTotal: 4,
      byStatus: {
        draft: 0,
        'awaiting-acceptance': 1,
        overdue: 1,
        queried: 1,
        'report-due': 0,
        'on-track': 0,
        completed: 1,
        terminated: 0,
      },
    })

    // Filters.
    expect((await view('?status=overdue')).grants.map((g: any) => g.applicationId)).toEqual([first.ids[0]])
    const one = await view(`?competitionId=${second.competitionId}`)
    expect(one.grants.map((g: any) => g.applicationId)).toEqual([second.ids[0]])
    expect(one.totals.grants).toBe(1)
    const bad = await q.call('GET', '/api/programme/grants?status=lost', { as: first.manager })
    expect(bad.status).toBe(400)
    expect(fieldsOf(bad.json)).toEqual(['status'])
    expect((await q.call('GET', '/api/programme/grants', { as: first.applications[0]!.applicant })).status).toBe(403)
    expect((await q.call('GET', '/api/programme/grants')).status).toBe(401)
  })

  it('judges indicators by the latest actual against the latest target due by then, whichever way is better', () => {
    const grant = (better: 'higher' | 'lower', actuals: { on: string; value: number }[]) =>
      ({
        indicators: [
          {
            id: 'i',
            measure: 'm',
            unit: 'u',
            better,
            baseline: { value: 10, on: '2027-01-01' },
            targets: [
              { on: '2027-06-30', value: 20 },
              { on: '2027-12-31', value: 30 },
            ],
          },
        ],
        progress: { milestones: {}, tranches: {}, actuals: { i: actuals } },
      }) as unknown as Grant
    expect(indicatorsMet(grant('higher', [{ on: '2027-07-01', value: 20 }]))).toEqual({ met: 1, total: 1 })
    expect(indicatorsMet(grant('higher', [{ on: '2028-01-01', value: 25 }]))).toEqual({ met: 0, total: 1 })
    expect(indicatorsMet(grant('lower', [{ on: '2028-01-01', value: 25 }]))).toEqual({ met: 1, total: 1 })
    // The latest actual counts, not the best.
    expect(
      indicatorsMet(
        grant('higher', [
          { on: '2027-07-01', value: 50 },
          { on: '2027-08-01', value: 5 },
        ]),
      ),
    ).toEqual({ met: 0, total: 1 })
    expect(indicatorsMet(grant('higher', []))).toEqual({ met: 0, total: 1 })
    expect(addToDate('2027-08-31', { months: 6 })).toBe('2028-02-29')
    expect(addToDate('2027-12-17', { months: 12 })).toBe('2028-12-17')
  })
})

describe('public milestones', () => {
  it('show on the results page only when published, with a plain status, and nothing else of the grant', {
    timeout: 120_000,
  }, async () => {
    const b = await grantsInDelivery(p, { applications: 2, accepted: 1, sent: 1 })
    const [active, sent] = b.ids as [string, string]
    const publish = (id: string, milestoneId: string, shown: boolean, as: { token: string } = b.manager) =>
      p.call('PUT', `${grantPath(id, b)}/milestones/${milestoneId}/public`, { as, body: { public: shown } })

    // Before acceptance: refused. Unknown milestone, grant or competition: 404. Bad body: 400. Not a manager: 403.
    const early = await publish(sent, 'm1', true)
    expect(early.status).toBe(409)
    expect(early.json.detail).toMatch(/once the grantee has accepted it/)
    expect((await publish(active, 'nope', true)).status).toBe(404)
    expect((await publish(MISSING, 'm1', true)).status).toBe(404)
    expect(
      (
        await p.call('PUT', `/api/competitions/${a.competitionId}/grants/${active}/milestones/m1/public`, {
          as: b.manager,
          body: { public: true },
        })
      ).status,
    ).toBe(404)
    const malformed = await p.call('PUT', `${grantPath(active, b)}/milestones/m1/public`, {
      as: b.manager,
      body: { public: 'yes' },
    })
    expect(malformed.status).toBe(400)
    expect(fieldsOf(malformed.json)).toEqual(['public'])
    expect((await publish(active, 'm1', true, b.applications[0]!.applicant)).status).toBe(403)

    // Two managers publish two milestones at once, racing a report being queried: all three land.
    const second = await p.signIn('manager', 'Sam Okafor')
    const [one, two] = await Promise.all([
      publish(active, 'm1', true),
      publish(active, 'm2', true, second),
      changeGrantWithRetry(b, active, (g) => ({
        ...g,
        progress: {
          ...g.progress!,
          milestones: {
            ...g.progress!.milestones,
            m2: { ...g.progress!.milestones.m2!, status: 'queried' },
            final: { ...g.progress!.milestones.final!, status: 'rejected' },
          },
        },
      })),
    ])
    expect([one.status, two.status]).toEqual([200, 200])
    const stored = (await p.call('GET', grantPath(active, b), { as: b.manager })).json
    expect(
      Object.fromEntries(
        Object.entries(stored.progress.milestones).map(([k, m]: [string, any]) => [k, [m.public, m.status]]),
      ),
    ).toEqual({ m1: [true, 'upcoming'], m2: [true, 'queried'], final: [false, 'rejected'] })
    // Publishing it again changes nothing.
    const repeat = await publish(active, 'm1', true)
    expect(repeat.json.version).toBe(stored.version)

    // The results, published: the winner's two public milestones, with plain statuses.
    expect((await p.call('POST', `/api/competitions/${b.competitionId}/results`, { as: b.manager })).status).toBe(200)
    const results = await p.call('GET', `/api/competitions/${b.competitionId}/results`)
    expect(results.status).toBe(200)
    const winner = results.json.winners.find((w: any) => w.organisationName === stored.organisationName)
    expect(winner.milestones).toEqual([
      { title: 'Discovery with two GP practices', dueOn: '2027-03-31', status: 'upcoming' },
      { title: 'Pilot in 50 homes', dueOn: '2027-09-30', status: 'in-review' },
    ])
    // The winner whose grant is not yet accepted shows none.
    expect(results.json.winners.find((w: any) => w !== winner).milestones).toEqual([])
    // Nothing else of the grant: no unpublished milestone, no evidence, notes, report states or who did what.
    for (const hidden of [
      'Completion report',
      'A discovery report',
      'VAT',
      'queried',
      'rejected',
      'approvedBy',
      'evidence',
      'notes',
      b.manager.id,
      second.id,
      active,
    ])
      expect(results.text, hidden).not.toContain(hidden)
    // The API document lists the view.
    const doc = (await p.call('GET', '/api/openapi.json')).json
    expect(Object.keys(doc.components.schemas.PublicMilestone.properties).sort()).toEqual(['dueOn', 'status', 'title'])

    // Unpublished again: gone from the results page.
    expect((await publish(active, 'm2', false)).status).toBe(200)
    const later = (await p.call('GET', `/api/competitions/${b.competitionId}/results`)).json
    expect(later.winners.find((w: any) => w.organisationName === stored.organisationName).milestones).toEqual([
      { title: 'Discovery with two GP practices', dueOn: '2027-03-31', status: 'upcoming' },
    ])
  })
})

/** A write of the grant by other code (a report's review), re-reading when it loses a race, as that code does. */
async function changeGrantWithRetry(b: Assessing, id: string, change: (g: Grant) => Grant) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await changeGrant(p, b.competitionId, id, change)
    } catch (error) {
      if (attempt >= 8) throw error
    }
  }
}
