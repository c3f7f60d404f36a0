// Grant agreements through the API: the manager sets one up for an accepted award (the tranches
// adding up exactly to the award), sends it with an email linking to its page, and the grantee
// reads and accepts it, after which it is fixed. Bad input is refused naming the field with
// nothing saved; someone else's grant is the same 404 as none; races leave one outcome.
import { beforeAll, describe, expect, it } from 'vitest'
import { checkSetup } from '../../functions/core/grants/grants.js'
import { GrantSetupInput } from '../../shared/schemas/grants.js'
import {
  acceptedAwards,
  assessingCompetition,
  releaseDecisions,
  type Assessing,
} from '../support/assessing-fixtures.js'
import { emailsTo } from '../support/mail.js'
import { createTestPlatform, fieldsOf, TEST_PUBLIC_URL, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
const DAY = 86_400_000
const AWARD = 1_670_000 // every fixture EOI asks for £16,700
const MISSING = '01ARZ3NDEKTSV4RRFFQ69G5FAV'

/** A valid agreement: 40% on signing, 33% on the pilot, 27% held back until the completion report. */
const setup = (version: number, extra: Record<string, unknown> = {}) => ({
  version,
  startsOn: '2027-01-04',
  endsOn: '2027-12-17',
  milestones: [
    { id: 'm1', title: 'Discovery with two GP practices', dueOn: '2027-03-31', evidence: 'A discovery report' },
    { id: 'm2', title: 'Pilot in 50 homes', dueOn: '2027-09-30', evidence: 'The pilot’s data and a summary' },
    { id: 'final', title: 'Completion report', dueOn: '2027-12-10', evidence: 'The completion report' },
  ],
  tranches: [
    { id: 't1', label: 'On signing', percent: 40, trigger: { kind: 'signing' } },
    { id: 't2', label: 'After the pilot', percent: 33, trigger: { kind: 'milestone', milestoneId: 'm2' } },
    {
      id: 't3',
      label: 'Held back until the completion report',
      percent: 27,
      trigger: { kind: 'milestone', milestoneId: 'final' },
      holdback: true,
    },
  ],
  indicators: [
    {
      id: 'admissions',
      measure: 'Emergency asthma admissions of children in the pilot area',
      unit: 'admissions a quarter',
      better: 'lower',
      baseline: { value: 42, on: '2026-09-30' },
      targets: [
        { on: '2027-06-30', value: 38 },
        { on: '2027-12-31', value: 33 },
      ],
    },
  ],
  notes: 'Finance to check VAT status before the first payment.',
  ...extra,
})

let a: Assessing
const grantPath = (applicationId: string) => `/api/competitions/${a.competitionId}/grants/${applicationId}`
const granteePath = (applicationId: string) => `/api/applications/${applicationId}/grant`
const put = (applicationId: string, body: unknown, as = a.manager) =>
  p.call('PUT', grantPath(applicationId), { as, body })

beforeAll(async () => {
  p = await createTestPlatform()
  // Four shortlisted: the first accepts its offer, the second leaves it open, the third declines,
  // the fourth is awarded then withdrawn.
  a = await assessingCompetition(p, { applications: 4, panellists: 0 })
  const respondBy = new Date(p.clock.now.getTime() + 14 * DAY).toISOString()
  const award = (applicationId: string) =>
    p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
      as: a.manager,
      body: { applicationId, amountPence: AWARD, respondBy, conditions: 'Quarterly progress reports' },
    })
  for (const id of a.ids.slice(0, 3)) expect((await award(id)).status).toBe(201)
  await releaseDecisions(p, a)
  const answer = (i: number, accept: boolean) =>
    p.call('POST', `/api/applications/${a.ids[i]}/offer/response`, {
      as: a.applications[i]!.applicant,
      body: { version: 1, accept },
    })
  expect((await answer(0, true)).json.status).toBe('accepted')
  expect((await answer(2, false)).json.status).toBe('declined')
  expect((await award(a.ids[3]!)).status).toBe(201)
  const withdrawn = await p.call('POST', `/api/competitions/${a.competitionId}/awards/${a.ids[3]}/withdraw`, {
    as: a.manager,
    body: { version: 1, reason: 'Duplicate funding found' },
  })
  expect(withdrawn.json.status).toBe('withdrawn')
}, 120_000)

describe('setting up a grant', () => {
  it('refuses amounts that do not add up, bad pence, unknown milestones and huge lists, naming the field, and saves nothing', async () => {
    const winner = a.ids[0]!
    const cases: [string, Record<string, unknown>, number, string[]][] = [
      [
        'fixed amounts 1p short',
        {
          tranches: [
            { id: 't1', label: 'On signing', amountPence: 1_000_000, trigger: { kind: 'signing' } },
            { id: 't2', label: 'Pilot', amountPence: 669_999, trigger: { kind: 'milestone', milestoneId: 'm2' } },
          ],
        },
        422,
        ['tranches'],
      ],
      [
        'percentages short of 100',
        {
          tranches: [
            { id: 't1', label: 'On signing', percent: 40, trigger: { kind: 'signing' } },
            { id: 't2', label: 'Pilot', percent: 59, trigger: { kind: 'date', on: '2027-06-01' } },
          ],
        },
        422,
        ['tranches'],
      ],
      [
        'fractional pence',
        { tranches: [{ id: 't1', label: 'All', amountPence: 1_669_999.5, trigger: { kind: 'signing' } }] },
        400,
        ['tranches.0.amountPence'],
      ],
      [
        'negative pence',
        { tranches: [{ id: 't1', label: 'All', amountPence: -100, trigger: { kind: 'signing' } }] },
        400,
        ['tranches.0.amountPence'],
      ],
      [
        'a fractional percentage',
        { tranches: [{ id: 't1', label: 'All', percent: 99.5, trigger: { kind: 'signing' } }] },
        400,
        ['tranches.0.percent'],
      ],
      [
        'an unknown milestone',
        {
          tranches: [
            { id: 't1', label: 'On signing', percent: 50, trigger: { kind: 'signing' } },
            { id: 't2', label: 'Later', percent: 50, trigger: { kind: 'milestone', milestoneId: 'nope' } },
          ],
        },
        422,
        ['tranches.1.trigger.milestoneId'],
      ],
      [
        'a holdback before the end',
        {
          tranches: [
            { id: 't1', label: 'Held', percent: 50, trigger: { kind: 'milestone', milestoneId: 'm1' }, holdback: true },
            { id: 't2', label: 'Later', percent: 50, trigger: { kind: 'milestone', milestoneId: 'm2' } },
          ],
        },
        422,
        ['tranches.0.holdback'],
      ],
      [
        'ends before it starts',
        { endsOn: '2026-12-31' },
        422,
        ['endsOn', 'milestones.0.dueOn', 'milestones.1.dueOn', 'milestones.2.dueOn'],
      ],
      [
        'a milestone after the end',
        {
          milestones: [{ id: 'm1', title: 'Late', dueOn: '2028-01-01', evidence: 'x' }],
          tranches: [{ id: 't', label: 'All', percent: 100, trigger: { kind: 'signing' } }],
        },
        422,
        ['milestones.0.dueOn'],
      ],
      [
        'a percent and an amount',
        { tranches: [{ id: 't1', label: 'All', percent: 100, amountPence: AWARD, trigger: { kind: 'signing' } }] },
        400,
        ['tranches.0.amountPence'],
      ],
      [
        'a milestone id used twice',
        {
          milestones: [
            { id: 'm1', title: 'One', dueOn: '2027-03-31', evidence: 'x' },
            { id: 'm1', title: 'Two', dueOn: '2027-04-30', evidence: 'x' },
          ],
          tranches: [{ id: 't1', label: 'All', percent: 100, trigger: { kind: 'milestone', milestoneId: 'm1' } }],
        },
        422,
        ['milestones.1.id'],
      ],
      [
        'a target before its baseline',
        {
          indicators: [
            {
              id: 'i1',
              measure: 'Admissions',
              unit: 'a quarter',
              better: 'lower',
              baseline: { value: 42, on: '2027-06-30' },
              targets: [{ on: '2027-03-31', value: 38 }],
            },
          ],
        },
        422,
        ['indicators.0.targets.0.on'],
      ],
      [
        '25 milestones',
        {
          milestones: Array.from({ length: 25 }, (_, i) => ({
            id: `m${i}`,
            title: 'A milestone',
            dueOn: '2027-06-01',
            evidence: 'x',
          })),
        },
        400,
        ['milestones'],
      ],
      [
        '5,000 tranches',
        {
          tranches: Array.from({ length: 5_000 }, (_, i) => ({
            id: `t${i}`,
            label: 'x',
            amountPence: 1,
            trigger: { kind: 'signing' },
          })),
        },
        400,
        ['tranches'],
      ],
    ]
    for (const [name, change, status, fields] of cases) {
      const res = await put(winner, setup(0, change))
      expect(res.status, `${name}: ${JSON.stringify(res.json)}`).toBe(status)
      expect(res.headers.get('content-type'), name).toContain('application/problem+json')
      expect(fieldsOf(res.json), name).toEqual(fields)
    }
    const short = await put(winner, setup(0, cases[0]![1]))
    expect(short.json.detail).toBe(
      'The tranches add up to £16,699.99: £0.01 less than the award of £16,700: they must add up to exactly the award.',
    )
    const percent = await put(winner, setup(0, cases[1]![1]))
    expect(percent.json.detail).toMatch(/99% of the award.*£167 less than the award of £16,700/)
    expect((await p.call('GET', grantPath(winner), { as: a.manager })).status).toBe(404)
  })

  it('converts percentages exactly: each rounded down, the pence left over on the last', () => {
    const input = GrantSetupInput.parse(
      setup(0, {
        tranches: [
          { id: 'a', label: 'A', percent: 33, trigger: { kind: 'signing' } },
          { id: 'b', label: 'B', percent: 33, trigger: { kind: 'milestone', milestoneId: 'm1' } },
          { id: 'c', label: 'C', percent: 34, trigger: { kind: 'milestone', milestoneId: 'm2' } },
        ],
      }),
    )
    // 33%, 33% and 34% of £10,000.01: 330,000.33, 330,000.33 and 340,000.34, rounded down; the 1p left to the last.
    expect(checkSetup(1_000_001, input).map((t) => t.amountPence)).toEqual([330_000, 330_000, 340_001])
    // Fixed amounts and percentages together: £10,000 fixed and 50% of £20,000.
    const mixed = GrantSetupInput.parse(
      setup(0, {
        tranches: [
          { id: 'a', label: 'A', amountPence: 1_000_000, trigger: { kind: 'signing' } },
          { id: 'b', label: 'B', percent: 50, trigger: { kind: 'milestone', milestoneId: 'm2' } },
        ],
      }),
    )
    expect(checkSetup(2_000_000, mixed).map((t) => t.amountPence)).toEqual([1_000_000, 1_000_000])
    expect(() => checkSetup(2_000_001, mixed)).toThrow(/less than the award/)
  })

  it('is refused for an award that is not accepted (offered, declined, withdrawn) and for no award', async () => {
    for (const id of a.ids.slice(1)) {
      const res = await put(id, setup(0))
      expect(res.status, id).toBe(409)
      expect(res.json.detail).toMatch(
        /is (offered|declined|withdrawn): a grant agreement is set up only once the offer is accepted/,
      )
      expect((await p.call('GET', grantPath(id), { as: a.manager })).status).toBe(404)
    }
    expect((await put(MISSING, setup(0))).status).toBe(404)
  })

  it('lets only programme managers set it up', async () => {
    const panellist = await p.signIn('panellist')
    for (const caller of [panellist, a.applications[0]!.applicant]) {
      expect((await put(a.ids[0]!, setup(0), caller)).status).toBe(403)
      expect((await p.call('GET', grantPath(a.ids[0]!), { as: caller })).status).toBe(403)
    }
    expect((await p.call('PUT', grantPath(a.ids[0]!), { body: setup(0) })).status).toBe(401)
    expect((await p.call('GET', grantPath(a.ids[0]!), { as: a.manager })).status).toBe(404)
  })
})

describe('the agreement’s life', () => {
  it('is saved, raced, sent with a link, read and accepted by the grantee only, then fixed', {
    timeout: 60_000,
  }, async () => {
    const id = a.ids[0]!
    const grantee = a.applications[0]!.applicant
    const other = a.applications[1]!.applicant

    const created = await put(id, setup(0))
    expect(created.status, JSON.stringify(created.json)).toBe(201)
    expect(created.json).toMatchObject({
      status: 'draft',
      version: 1,
      awardPence: AWARD,
      conditions: 'Quarterly progress reports',
      organisationName: 'Breathe Easy Ltd',
    })
    expect(created.json.tranches.map((t: { amountPence: number }) => t.amountPence)).toEqual([
      668_000, 551_100, 450_900,
    ])
    // Creating it again is a stale version.
    expect((await put(id, setup(0))).status).toBe(409)

    // Two managers, four tabs each, save the draft they all read at once: one wins, the rest are told it changed.
    const second = await p.signIn('manager', 'Sam Okafor')
    const raced = await Promise.all(
      Array.from({ length: 8 }, (_, i) => put(id, setup(1, { notes: `Tab ${i}` }), i % 2 ? second : a.manager)),
    )
    expect(raced.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409])
    for (const loser of raced.filter((r) => r.status === 409))
      expect(loser.json.detail).toMatch(/changed since you opened it/)
    const saved = (await p.call('GET', grantPath(id), { as: a.manager })).json
    expect(saved.version).toBe(2)
    expect(saved.notes).toBe(raced.find((r) => r.status === 200)!.json.notes)

    // Not visible to the grantee while a draft.
    expect((await p.call('GET', granteePath(id), { as: grantee })).status).toBe(404)

    // Sent, with one email to the applicant linking to the agreement's page.
    const stale = await p.call('POST', `${grantPath(id)}/send`, { as: a.manager, body: { version: 1 } })
    expect(stale.status).toBe(409)
    const sent = await p.call('POST', `${grantPath(id)}/send`, { as: a.manager, body: { version: 2 } })
    expect(sent.status, JSON.stringify(sent.json)).toBe(200)
    expect(sent.json).toMatchObject({ status: 'sent', version: 3 })
    const again = await p.call('POST', `${grantPath(id)}/send`, { as: a.manager, body: { version: 2 } })
    expect(again.json).toEqual(sent.json)
    const emails = await emailsTo(p.db, grantee.email, 'grant-sent')
    expect(emails).toHaveLength(1)
    expect(emails[0]!.text).toMatch(new RegExp(`${TEST_PUBLIC_URL}/applications/${id}/grant$`, 'm'))
    expect(emails[0]!.text).toContain('£16,700')
    expect(emails[0]!.text).toContain('4 January 2027 to 17 December 2027')

    // The grantee reads it: no notes, no manager ids.
    const read = await p.call('GET', granteePath(id), { as: grantee })
    expect(read.status).toBe(200)
    expect(read.json).toMatchObject({ status: 'sent', version: 3, awardPence: AWARD })
    expect(read.json.tranches).toHaveLength(3)
    expect(read.json.milestones).toHaveLength(3)
    expect(read.json.indicators[0].targets).toHaveLength(2)
    for (const key of ['notes', 'createdBy', 'updatedBy', 'updatedByName', 'sentBy'])
      expect(read.json[key], key).toBeUndefined()
    expect(read.text).not.toContain(a.manager.id)
    expect(read.text).not.toContain(a.manager.name)
    expect(read.text).not.toContain('Finance to check VAT status')

    // Someone else's grant and a missing one are the same 404; other roles 403; signed out 401.
    const theirs = await p.call('GET', granteePath(id), { as: other })
    const missing = await p.call('GET', granteePath(MISSING), { as: other })
    expect([theirs.status, missing.status]).toEqual([404, 404])
    expect(theirs.json.detail).toBe(missing.json.detail)
    const acceptOthers = await p.call('POST', `${granteePath(id)}/accept`, { as: other, body: { version: 3 } })
    expect(acceptOthers.status).toBe(404)
    expect(acceptOthers.json.detail).toBe(missing.json.detail)
    expect((await p.call('GET', granteePath(id), { as: a.manager })).status).toBe(403)
    expect((await p.call('GET', granteePath(id))).status).toBe(401)
    expect((await p.call('POST', `${granteePath(id)}/accept`, { body: { version: 3 } })).status).toBe(401)

    // A change after sending takes it back to draft: the grantee cannot accept what they were sent.
    const changed = await put(id, setup(3, { endsOn: '2027-12-20' }))
    expect(changed.json).toMatchObject({ status: 'draft', version: 4 })
    expect((await p.call('POST', `${granteePath(id)}/accept`, { as: grantee, body: { version: 3 } })).status).toBe(404)
    const resent = await p.call('POST', `${grantPath(id)}/send`, { as: a.manager, body: { version: 4 } })
    expect(resent.json).toMatchObject({ status: 'sent', version: 5 })
    expect(await emailsTo(p.db, grantee.email, 'grant-sent')).toHaveLength(2)
    const old = await p.call('POST', `${granteePath(id)}/accept`, { as: grantee, body: { version: 3 } })
    expect(old.status).toBe(409)
    expect(fieldsOf(old.json)).toEqual(['version'])

    // 20 accepts at once (tabs, double clicks) racing a manager's change to the version sent: either
    // the acceptance wins (once; the rest return it, the change is refused) or the change does (every
    // accept refused), never both.
    const [change, ...accepts] = await Promise.all([
      put(id, setup(5, { notes: 'Changed at the last minute' }), second),
      ...Array.from({ length: 20 }, () =>
        p.call('POST', `${granteePath(id)}/accept`, { as: grantee, body: { version: 5 } }),
      ),
    ])
    expect(
      accepts.every((r) => [200, 404, 409].includes(r.status)),
      accepts.map((r) => r.status).join(','),
    ).toBe(true)
    let oks = accepts.filter((r) => r.status === 200)
    if (change.status === 200) {
      expect(oks).toEqual([])
      expect(change.json).toMatchObject({ status: 'draft', version: 6 })
      expect((await p.call('POST', `${grantPath(id)}/send`, { as: a.manager, body: { version: 6 } })).status).toBe(200)
      oks = [await p.call('POST', `${granteePath(id)}/accept`, { as: grantee, body: { version: 7 } })]
    } else {
      expect(change.status).toBe(409)
      expect(change.json.detail).toMatch(/it is fixed/)
      expect(oks.length).toBeGreaterThan(0)
    }
    for (const r of oks) expect(r.json).toEqual(oks[0]!.json)
    const acceptedVersion = change.status === 200 ? 8 : 6
    expect(oks[0]!.json).toMatchObject({ status: 'active', version: acceptedVersion, acceptedByName: grantee.name })
    const active = (await p.call('GET', grantPath(id), { as: a.manager })).json
    expect(active).toMatchObject({ status: 'active', version: acceptedVersion, acceptedBy: grantee.id })
    expect(active.acceptedAt).toBe(oks[0]!.json.acceptedAt)

    // Decided stays decided.
    const edit = await put(id, setup(acceptedVersion, { notes: 'Too late' }))
    expect(edit.status).toBe(409)
    expect(edit.json.detail).toMatch(/accepted this grant agreement .*: it is fixed, and can no longer be changed/)
    const resend = await p.call('POST', `${grantPath(id)}/send`, { as: a.manager, body: { version: acceptedVersion } })
    expect(resend.status).toBe(409)
    expect((await p.call('GET', grantPath(id), { as: a.manager })).json).toEqual(active)
    // Accepting again returns it as accepted.
    const repeat = await p.call('POST', `${granteePath(id)}/accept`, { as: grantee, body: { version: 5 } })
    expect(repeat.json).toEqual(oks[0]!.json)
  })

  it('cannot be sent once the award behind it is withdrawn: the database checks the award in the same transaction', {
    timeout: 60_000,
  }, async () => {
    const b = await assessingCompetition(p, { applications: 1, panellists: 0 })
    const [id] = b.ids
    const at = (rest: string) => `/api/competitions/${b.competitionId}${rest}`
    const [offer] = await acceptedAwards(p, b, 1, { amountPence: AWARD })
    expect(offer).toMatchObject({ status: 'accepted', version: 2 })
    expect((await p.call('PUT', at(`/grants/${id}`), { as: b.manager, body: setup(0) })).status).toBe(201)
    // While the agreement is a draft the award can still be withdrawn (once sent it cannot: grant-changes.test.ts).
    const withdrawn = await p.call('POST', at(`/awards/${id}/withdraw`), {
      as: b.manager,
      body: { version: 2, reason: 'The company was dissolved' },
    })
    expect(withdrawn.json.status).toBe('withdrawn')
    const send = await p.call('POST', at(`/grants/${id}/send`), { as: b.manager, body: { version: 1 } })
    expect(send.status).toBe(409)
    expect(send.json.detail).toMatch(/is withdrawn/)
    expect((await p.call('GET', at(`/grants/${id}`), { as: b.manager })).json).toMatchObject({
      status: 'draft',
      version: 1,
    })
    const edit = await p.call('PUT', at(`/grants/${id}`), { as: b.manager, body: setup(1) })
    expect(edit.status).toBe(409)
    expect(edit.json.detail).toMatch(/is withdrawn/)
  })
})
