// Paying grants through the API: a second programme manager records the payment of a due
// tranche (never the manager who authorised it), in full, once; the grant, the competition's
// paid total and the ledger move in one transaction; 50 at once pay once; the grant completes
// with its last tranche; the budget shows paid and outstanding every way, what falls due each
// month and committed and paid over time; and the ledger replays to the budget.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { londonToday } from '../../functions/core/grants/payments.js'
import {
  acceptedAwards,
  assessingCompetition,
  releaseDecisions,
  type Assessing,
} from '../support/assessing-fixtures.js'
import { createTestPlatform, fieldsOf, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
const DAY = 86_400_000
const AWARD = 1_670_000 // every fixture EOI asks for £16,700
const MISSING = '01ARZ3NDEKTSV4RRFFQ69G5FAV'

let a: Assessing
let payer: Awaited<ReturnType<TestPlatform['signIn']>>
/** The London date the grants were accepted on; every date below is relative to it. */
let today: string
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10)

const grantPath = (applicationId: string) => `/api/competitions/${a.competitionId}/grants/${applicationId}`
const payPath = (applicationId: string, trancheId: string) =>
  `${grantPath(applicationId)}/tranches/${trancheId}/payment`
const pay = (applicationId: string, trancheId: string, body: Record<string, unknown>, as: { token: string } = payer) =>
  p.call('POST', payPath(applicationId, trancheId), { as, body })
const grantOf = async (applicationId: string) => (await p.call('GET', grantPath(applicationId), { as: a.manager })).json
const budgetOf = async () =>
  (await p.call('GET', `/api/competitions/${a.competitionId}/budget`, { as: a.manager })).json
const ledgerOf = async () =>
  (await p.call('GET', `/api/competitions/${a.competitionId}/ledger`, { as: a.manager })).json.entries as {
    cause: string
    changePence: number
    paidChangePence?: number
    paidAfterPence?: number
    trancheId?: string
    committedAfterPence: number
    applicationId: string
  }[]

/** The three grants: each with its own schedule (see beforeAll). */
let ids: string[]

/**
 * g0: 40% on signing, 30% on a date a month on, 20% on a milestone's approval, 10% held back on a
 * date until the completion report (the milestone). g1: 50% on signing, 50% ten days on, no
 * milestones. g2: 50% on signing, 50% on the day of acceptance.
 */
const schedules = () => [
  {
    milestones: [{ id: 'm1', title: 'Pilot in 50 homes', dueOn: addDays(today, 90), evidence: 'The pilot’s data' }],
    tranches: [
      { id: 't1', label: 'On signing', percent: 40, trigger: { kind: 'signing' } },
      { id: 't2', label: 'After a month', percent: 30, trigger: { kind: 'date', on: addDays(today, 30) } },
      { id: 't3', label: 'After the pilot', percent: 20, trigger: { kind: 'milestone', milestoneId: 'm1' } },
      {
        id: 't4',
        label: 'Held back',
        percent: 10,
        trigger: { kind: 'date', on: addDays(today, 40) },
        holdback: true,
      },
    ],
  },
  {
    milestones: [],
    tranches: [
      { id: 't1', label: 'On signing', percent: 50, trigger: { kind: 'signing' } },
      { id: 't2', label: 'Ten days on', percent: 50, trigger: { kind: 'date', on: addDays(today, 10) } },
    ],
  },
  {
    milestones: [],
    tranches: [
      { id: 't1', label: 'On signing', percent: 50, trigger: { kind: 'signing' } },
      { id: 't2', label: 'On the day', percent: 50, trigger: { kind: 'date', on: today } },
    ],
  },
]

/**
 * A competition of its own for the tests that follow (sets `a`, `ids` and `today`): four
 * shortlisted, three accept their offers and get grants on `schedules()`; the fourth is awarded
 * then withdrawn.
 */
async function grantsToPay() {
  a = await assessingCompetition(p, { applications: 4, panellists: 0 })
  ids = a.ids.slice(0, 3)
  const respondBy = new Date(p.clock.now.getTime() + 14 * DAY).toISOString()
  const award = (applicationId: string) =>
    p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
      as: a.manager,
      body: { applicationId, amountPence: AWARD, respondBy },
    })
  for (const id of ids) expect((await award(id)).status).toBe(201)
  await releaseDecisions(p, a)
  const fourth = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
    as: a.manager,
    body: { applicationId: a.ids[3], amountPence: 500_000, reason: 'What is left of the pot', respondBy },
  })
  expect(fourth.status, JSON.stringify(fourth.json)).toBe(201)
  const withdrawn = await p.call('POST', `/api/competitions/${a.competitionId}/awards/${a.ids[3]}/withdraw`, {
    as: a.manager,
    body: { version: 1, reason: 'Duplicate funding found' },
  })
  expect(withdrawn.json.status).toBe('withdrawn')
  today = londonToday(p.clock.now)
  const plans = schedules()
  for (const [i, id] of ids.entries()) {
    const grantee = a.applications[i]!.applicant
    const offer = await p.call('POST', `/api/applications/${id}/offer/response`, {
      as: grantee,
      body: { version: 1, accept: true },
    })
    expect(offer.json.status).toBe('accepted')
    const saved = await p.call('PUT', grantPath(id), {
      as: a.manager,
      body: { version: 0, startsOn: today, endsOn: addDays(today, 365), indicators: [], ...plans[i] },
    })
    expect(saved.status, JSON.stringify(saved.json)).toBe(201)
    expect((await p.call('POST', `${grantPath(id)}/send`, { as: a.manager, body: { version: 1 } })).status).toBe(200)
    const accepted = await p.call('POST', `/api/applications/${id}/grant/accept`, { as: grantee, body: { version: 2 } })
    expect(accepted.json.status).toBe('active')
  }
}

/** Every tranche of the three grants that can be paid, paid as the tests recording payments pay them. */
async function paidAsRecorded() {
  const saved = p.clock.now
  const payments = [
    [ids[0]!, 't1', today, 668_000, 0],
    [ids[0]!, 't2', addDays(today, 35), 501_000, 41],
    [ids[1]!, 't1', today, AWARD / 2, 0],
    [ids[1]!, 't2', addDays(today, 10), AWARD / 2, 11],
    [ids[2]!, 't1', today, AWARD / 2, 0],
    [ids[2]!, 't2', today, AWARD / 2, 0],
  ] as const
  try {
    for (const [id, trancheId, paidOn, amountPence, daysOn] of payments) {
      p.clock.now = new Date(saved.getTime() + daysOn * DAY)
      const res = await pay(id, trancheId, { paidOn, amountPence, reference: `BACS-${trancheId}` })
      expect(res.status, JSON.stringify(res.json)).toBe(200)
    }
  } finally {
    p.clock.now = saved
  }
}

beforeAll(async () => {
  p = await createTestPlatform()
  payer = await p.signIn('manager', 'Sam Okafor')
})

describe('recording a payment', () => {
  beforeAll(grantsToPay, 120_000)

  it('lets a second manager pay a tranche due on signing: the grant, the paid total and the ledger move together', async () => {
    const id = ids[0]!
    const before = await grantOf(id)
    expect(before.progress.tranches.t1).toMatchObject({ status: 'due', amountPence: 668_000 })
    const res = await pay(id, 't1', {
      version: before.version,
      paidOn: today,
      amountPence: 668_000,
      reference: 'BACS-0001',
    })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    expect(res.json).toMatchObject({ status: 'active', version: before.version + 1, paidPence: 668_000 })
    expect(res.json.progress.tranches.t1).toMatchObject({
      status: 'paid',
      amountPence: 668_000,
      authorisedBy: a.manager.id,
      payment: {
        paidOn: today,
        amountPence: 668_000,
        reference: 'BACS-0001',
        recordedBy: payer.id,
        recordedByName: 'Sam Okafor',
      },
    })
    expect(await grantOf(id)).toEqual(res.json)

    const budget = await budgetOf()
    expect(budget.committedPence).toBe(3 * AWARD)
    expect(budget.paidPence).toBe(668_000)
    expect(budget.outstandingPence).toBe(3 * AWARD - 668_000)
    expect(budget.remainingPence).toBe(budget.potPence - 3 * AWARD)

    const [entry] = await ledgerOf() // newest first
    expect(entry).toMatchObject({
      cause: 'paid',
      applicationId: id,
      changePence: 0,
      paidChangePence: 668_000,
      paidAfterPence: 668_000,
      trancheId: 't1',
      committedAfterPence: 3 * AWARD,
      byName: 'Sam Okafor',
    })
  })

  it('refuses the manager who authorised the tranche (four eyes), with a 403 saying so, and pays nothing', async () => {
    const id = ids[1]!
    const paidBefore = (await budgetOf()).paidPence
    const res = await pay(id, 't1', { paidOn: today, amountPence: AWARD / 2, reference: 'BACS-0002' }, a.manager)
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(res.json.detail).toMatch(
      /^Four eyes: you authorised “On signing” \(you sent the agreement\), so another programme manager must record its payment\.$/,
    )
    expect((await grantOf(id)).progress.tranches.t1.status).toBe('due')
    expect((await budgetOf()).paidPence).toBe(paidBefore)
  })

  it('refuses bad input naming the field, says the tranche’s amount, and pays nothing', async () => {
    const id = ids[1]!
    const good = { paidOn: today, amountPence: AWARD / 2, reference: 'BACS-0003' }
    const before = await grantOf(id)
    const ledgerBefore = (await ledgerOf()).length
    const paidBefore = (await budgetOf()).paidPence
    const cases: [string, Record<string, unknown>, number, string[]][] = [
      ['a part payment', { amountPence: 100_000 }, 422, ['amountPence']],
      ['more than the tranche', { amountPence: AWARD }, 422, ['amountPence']],
      ['fractional pence', { amountPence: 835_000.5 }, 400, ['amountPence']],
      ['negative pence', { amountPence: -835_000 }, 400, ['amountPence']],
      ['no pence', { amountPence: 0 }, 400, ['amountPence']],
      ['a date in the future', { paidOn: addDays(today, 1) }, 422, ['paidOn']],
      ['a date before acceptance', { paidOn: addDays(today, -1) }, 422, ['paidOn']],
      ['not a date', { paidOn: '31/12/2026' }, 400, ['paidOn']],
      ['no reference', { reference: '  ' }, 400, ['reference']],
      ['a huge reference', { reference: 'x'.repeat(100_000) }, 400, ['reference']],
      ['a stale version', { version: before.version - 1 }, 409, ['version']],
    ]
    for (const [name, change, status, fields] of cases) {
      const res = await pay(id, 't1', { ...good, ...change })
      expect(res.status, `${name}: ${JSON.stringify(res.json)}`).toBe(status)
      expect(res.headers.get('content-type'), name).toContain('application/problem+json')
      expect(fieldsOf(res.json), name).toEqual(fields)
    }
    const part = await pay(id, 't1', { ...good, amountPence: 100_000 })
    expect(part.json.errors[0].message).toBe('must be £8,350, the tranche’s amount: a tranche is paid in full')
    expect(await grantOf(id)).toEqual(before)
    expect(await ledgerOf()).toHaveLength(ledgerBefore)
    expect((await budgetOf()).paidPence).toBe(paidBefore)
  })

  it('refuses a tranche not due (409 "not due"): its milestone not approved, its date not reached, a share held back', async () => {
    const id = ids[0]!
    const body = (amountPence: number) => ({ paidOn: today, amountPence, reference: 'BACS-0004' })
    const milestone = await pay(id, 't3', body(334_000))
    expect(milestone.status).toBe(409)
    expect(milestone.json.detail).toBe(
      '“After the pilot” is not due: it falls due when “Pilot in 50 homes” is approved, and its report is not yet in.',
    )
    expect(fieldsOf(milestone.json)).toEqual(['trancheId'])
    const dated = await pay(id, 't2', body(501_000))
    expect(dated.status).toBe(409)
    expect(dated.json.detail).toMatch(/^“After a month” is not due: it falls due on /)
    // 41 days on, the dated tranche is due without any write; the held-back one still waits for the completion report.
    const saved = p.clock.now
    p.clock.now = new Date(saved.getTime() + 41 * DAY)
    try {
      const held = await pay(id, 't4', body(167_000))
      expect(held.status).toBe(409)
      expect(held.json.detail).toBe('“Held back” is not due: it is held back until the completion report is approved.')
      expect((await pay(id, 't3', body(334_000))).status).toBe(409)
      const now = await pay(id, 't2', { ...body(501_000), paidOn: addDays(today, 35) })
      expect(now.status, JSON.stringify(now.json)).toBe(200)
      expect(now.json.progress.tranches.t2).toMatchObject({ status: 'paid', authorisedBy: a.manager.id })
      expect(now.json.progress.tranches.t3.status).toBe('scheduled')
      expect(now.json.status).toBe('active')
    } finally {
      p.clock.now = saved
    }
  })

  it('pays a tranche once: 50 payments at once make exactly one, the rest are told when it was paid', {
    timeout: 60_000,
  }, async () => {
    const id = ids[1]!
    const ledgerBefore = (await ledgerOf()).length
    const paidBefore = (await budgetOf()).paidPence
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        pay(id, 't1', { paidOn: today, amountPence: AWARD / 2, reference: `BACS-RACE-${i}` }),
      ),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(49)
    const winner = results.find((r) => r.status === 200)!
    const reference = winner.json.progress.tranches.t1.payment.reference
    for (const loser of results.filter((r) => r.status === 409))
      expect(loser.json.detail).toMatch(
        new RegExp(
          `^“On signing” was already paid on \\d+ \\w+ \\d{4}: £8,350, reference ${reference}, recorded by Sam Okafor .*A tranche is paid once\\.$`,
        ),
      )
    const ledger = await ledgerOf()
    expect(ledger).toHaveLength(ledgerBefore + 1)
    expect(ledger.filter((e) => e.applicationId === id && e.cause === 'paid')).toHaveLength(1)
    expect((await budgetOf()).paidPence).toBe(paidBefore + AWARD / 2)
    expect((await grantOf(id)).paidPence).toBe(AWARD / 2)
  })

  it('pays two tranches of one grant at once (both land), and completes the grant with its last tranche', {
    timeout: 60_000,
  }, async () => {
    const id = ids[2]!
    const paidBefore = (await budgetOf()).paidPence
    const [first, second] = await Promise.all(
      ['t1', 't2'].map((t) => pay(id, t, { paidOn: today, amountPence: AWARD / 2, reference: `BACS-${t}` })),
    )
    expect([first!.status, second!.status], JSON.stringify([first!.json, second!.json])).toEqual([200, 200])
    const grant = await grantOf(id)
    // No milestones, every tranche paid: completed, in the same write as the last payment.
    expect(grant).toMatchObject({ status: 'completed', paidPence: AWARD })
    expect([first!.json.status, second!.json.status].sort()).toEqual(['active', 'completed'])
    expect(grant.progress.tranches.t1.status).toBe('paid')
    expect(grant.progress.tranches.t2.status).toBe('paid')
    expect((await budgetOf()).paidPence).toBe(paidBefore + AWARD)
    const again = await pay(id, 't2', { paidOn: today, amountPence: AWARD / 2, reference: 'BACS-AGAIN' })
    expect(again.status).toBe(409)
    expect(again.json.detail).toMatch(/already paid on/)
    // The funnel counted the completion once, in the write that completed it, though two payments raced.
    const funnel = await p.call('GET', `/api/competitions/${a.competitionId}/funnel`, { as: a.manager })
    const completed = (await budgetOf()).byGrant.filter((g: { status: string }) => g.status === 'completed').length
    expect(completed).toBeGreaterThan(0)
    expect(funnel.json.steps.find((s: { stage: string }) => s.stage === 'completed').count).toBe(completed)
  })

  it('decides again after a transaction conflict, and pays once', { timeout: 120_000 }, async () => {
    // A competition of its own (the tests after this one use it too): the second grant's
    // signing tranche paid, its last one ten days on.
    await grantsToPay()
    const id = ids[1]!
    const signing = await pay(id, 't1', { paidOn: today, amountPence: AWARD / 2, reference: 'BACS-T1' })
    expect(signing.status, JSON.stringify(signing.json)).toBe(200)
    const saved = p.clock.now
    p.clock.now = new Date(saved.getTime() + 11 * DAY)
    let conflicts = 2
    const name = 'inject-payment-conflict'
    p.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && conflicts > 0) {
          conflicts--
          throw new TransactionCanceledException({
            message: 'Transaction cancelled [TransactionConflict]',
            $metadata: {},
            CancellationReasons: [{ Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }],
          })
        }
        return next(args)
      },
      { step: 'initialize', name },
    )
    try {
      const paidBefore = (await budgetOf()).paidPence
      const res = await pay(id, 't2', { paidOn: addDays(today, 10), amountPence: AWARD / 2, reference: 'BACS-T2' })
      expect(res.status, JSON.stringify(res.json)).toBe(200)
      expect(conflicts).toBe(0)
      expect(res.json).toMatchObject({ status: 'completed', paidPence: AWARD })
      expect((await budgetOf()).paidPence).toBe(paidBefore + AWARD / 2)
    } finally {
      p.db.doc.middlewareStack.remove(name)
      p.clock.now = saved
    }
  })

  it('is for programme managers only; a missing grant, tranche or competition is a 404', async () => {
    const body = { paidOn: today, amountPence: 100, reference: 'X' }
    const panellist = await p.signIn('panellist')
    expect((await pay(ids[0]!, 't3', body, a.applications[0]!.applicant)).status).toBe(403)
    expect((await pay(ids[0]!, 't3', body, panellist)).status).toBe(403)
    expect((await p.call('POST', payPath(ids[0]!, 't3'), { body })).status).toBe(401)
    const missing = await pay(MISSING, 't1', body)
    expect(missing.status).toBe(404)
    expect((await pay(ids[0]!, 'nope', body)).status).toBe(404)
    expect((await pay(a.ids[3]!, 't1', body)).status).toBe(404)
    const elsewhere = await p.call('POST', `/api/competitions/${MISSING}/grants/${ids[0]}/tranches/t1/payment`, {
      as: payer,
      body,
    })
    expect(elsewhere.status).toBe(404)
    expect(elsewhere.json.detail).toBe(missing.json.detail)
  })
})

describe('the budget', () => {
  beforeAll(async () => {
    await grantsToPay()
    await paidAsRecorded()
  }, 120_000)

  it('shows paid and outstanding overall, by challenge, theme and grant, what falls due by month, and over time', async () => {
    const budget = await budgetOf()
    const paid = 668_000 + 501_000 + AWARD + AWARD
    expect(budget).toMatchObject({
      committedPence: 3 * AWARD,
      paidPence: paid,
      outstandingPence: 3 * AWARD - paid,
      remainingPence: budget.potPence - 3 * AWARD,
    })
    type Row = { committedPence: number; paidPence: number; outstandingPence: number }
    const sum = (rows: Row[], key: keyof Row) => rows.reduce((s, r) => s + r[key], 0)
    for (const rows of [budget.byChallenge, budget.byTheme] as Row[][]) {
      expect(sum(rows, 'committedPence')).toBe(budget.committedPence)
      expect(sum(rows, 'paidPence')).toBe(budget.paidPence)
      expect(sum(rows, 'outstandingPence')).toBe(budget.outstandingPence)
      for (const row of rows) expect(row.outstandingPence).toBe(row.committedPence - row.paidPence)
    }
    const byApplication = (x: { applicationId?: string }, y: { applicationId?: string }) =>
      a.ids.indexOf(x.applicationId!) - a.ids.indexOf(y.applicationId!)
    expect([...budget.byGrant].sort(byApplication)).toEqual(
      [
        { applicationId: ids[0], paidPence: 668_000 + 501_000, outstandingPence: 334_000 + 167_000, status: 'active' },
        { applicationId: ids[1], paidPence: AWARD, outstandingPence: 0, status: 'completed' },
        { applicationId: ids[2], paidPence: AWARD, outstandingPence: 0, status: 'completed' },
      ]
        .map((g) => ({ ...g, awardPence: AWARD, organisationName: expect.any(String) }))
        .sort(byApplication),
    )
    // Only g0's unpaid tranches: the milestone's (its due date) and the held-back share (its date).
    const month = (date: string) => date.slice(0, 7)
    const expected = new Map<string, { pence: number; tranches: number }>()
    for (const [date, pence] of [
      [addDays(today, 90), 334_000],
      [addDays(today, 40), 167_000],
    ] as const) {
      const row = expected.get(month(date)) ?? { pence: 0, tranches: 0 }
      expected.set(month(date), { pence: row.pence + pence, tranches: row.tranches + 1 })
    }
    expect(budget.dueByMonth).toEqual(
      [...expected].sort(([x], [y]) => x.localeCompare(y)).map(([m, row]) => ({ month: m, ...row })),
    )
    // Over time: one point per ledger entry, in commit order, ending at the totals.
    const ledger = (await ledgerOf()).reverse()
    expect(budget.overTime).toHaveLength(ledger.length)
    expect(budget.overTime.at(-1)).toMatchObject({
      committedPence: budget.committedPence,
      paidPence: budget.paidPence,
      potPence: budget.potPence,
      cause: 'paid',
    })
    expect(budget.overTime.map((point: { cause: string }) => point.cause)).toEqual(ledger.map((e) => e.cause))
  })

  it('replays from the ledger: every award, withdrawal and payment adds up to what is committed and paid', async () => {
    const ledger = (await ledgerOf()).reverse()
    const budget = await budgetOf()
    expect(ledger.map((e) => e.cause)).toEqual([
      'awarded',
      'awarded',
      'awarded',
      'awarded',
      'withdrawn',
      ...Array.from({ length: 6 }, () => 'paid'),
    ])
    let committed = 0
    let paid = 0
    for (const entry of ledger) {
      committed += entry.changePence
      paid += entry.paidChangePence ?? 0
      expect(entry.committedAfterPence).toBe(committed)
      if (entry.paidAfterPence !== undefined) expect(entry.paidAfterPence).toBe(paid)
    }
    expect(committed).toBe(budget.committedPence)
    expect(paid).toBe(budget.paidPence)
    // The grants' own totals agree.
    const grants = await Promise.all(ids.map(grantOf))
    expect(grants.reduce((s, g) => s + g.paidPence, 0)).toBe(paid)
  })
})

describe('the award behind the grant', () => {
  it('is not paid once the grant is terminated (an award under an active grant cannot be withdrawn): nothing is paid', {
    timeout: 60_000,
  }, async () => {
    const b = await assessingCompetition(p, { applications: 1, panellists: 0 })
    const [id] = b.ids
    const grantee = b.applications[0]!.applicant
    const at = (rest: string) => `/api/competitions/${b.competitionId}${rest}`
    await acceptedAwards(p, b, 1, { amountPence: AWARD })
    const on = londonToday(p.clock.now)
    const body = {
      version: 0,
      startsOn: on,
      endsOn: addDays(on, 100),
      milestones: [],
      tranches: [{ id: 't1', label: 'On signing', percent: 100, trigger: { kind: 'signing' } }],
      indicators: [],
    }
    expect((await p.call('PUT', at(`/grants/${id}`), { as: b.manager, body })).status).toBe(201)
    expect((await p.call('POST', at(`/grants/${id}/send`), { as: b.manager, body: { version: 1 } })).status).toBe(200)
    expect(
      (await p.call('POST', `/api/applications/${id}/grant/accept`, { as: grantee, body: { version: 2 } })).json.status,
    ).toBe('active')
    // The award cannot be withdrawn from under an active grant; terminating the grant is the way.
    const withdrawn = await p.call('POST', at(`/awards/${id}/withdraw`), {
      as: b.manager,
      body: { version: 2, reason: 'The company was dissolved' },
    })
    expect(withdrawn.status).toBe(409)
    const terminated = await p.call('POST', at(`/grants/${id}/terminate`), {
      as: b.manager,
      body: { version: 3, reason: 'The company was dissolved' },
    })
    expect(terminated.status, JSON.stringify(terminated.json)).toBe(200)
    const res = await p.call('POST', at(`/grants/${id}/tranches/t1/payment`), {
      as: payer,
      body: { paidOn: on, amountPence: AWARD, reference: 'BACS-LATE' },
    })
    expect(res.status).toBe(409)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    const grant = (await p.call('GET', at(`/grants/${id}`), { as: b.manager })).json
    expect(grant).toMatchObject({ status: 'terminated', paidPence: 0 })
    expect(grant.progress.tranches.t1.status).toBe('cancelled')
    const budget = (await p.call('GET', at('/budget'), { as: b.manager })).json
    expect([budget.committedPence, budget.paidPence]).toEqual([0, 0])
  })
})
