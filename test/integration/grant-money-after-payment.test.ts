// Money moving after a payment, through the API: a reduction keeps what is paid and returns
// exactly the unpaid difference; a repayment takes what is paid and committed down by exactly
// its amount (on an active or a terminated grant) and what is paid never exceeds the award;
// a termination or a reduction racing payments leaves one consistent outcome; and the ledger,
// across every cause, replays in commit order to the budget's committed and paid totals.
import { holdCommits } from '../../functions/db/race-hook.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { londonToday } from '../../functions/core/grants/payments.js'
import type { Grant } from '../../shared/schemas/grants.js'
import { assessingCompetition, releaseDecisions, type Assessing } from '../support/assessing-fixtures.js'
import { createTestPlatform, fieldsOf, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let a: Assessing
/** The second manager: records payments (the first sent the agreements, so authorised their signing tranches). */
let payer: Awaited<ReturnType<TestPlatform['signIn']>>
const DAY = 86_400_000
const AWARD = 1_000_000 // £10,000 each: six fit the £60,000 pot
/** The London date the grants were accepted on. */
let today: string
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10)

type Entry = {
  cause: string
  applicationId: string
  changePence: number
  paidChangePence?: number
  paidAfterPence?: number
  committedBeforePence: number
  committedAfterPence: number
}

const grantPath = (id: string) => `/api/competitions/${a.competitionId}/grants/${id}`
const readGrant = async (id: string): Promise<Grant> => (await p.call('GET', grantPath(id), { as: a.manager })).json
const budget = async () => (await p.call('GET', `/api/competitions/${a.competitionId}/budget`, { as: a.manager })).json
const awardOf = async (id: string) =>
  (await budget()).awards.find((x: { applicationId: string }) => x.applicationId === id)
/** The ledger, oldest first (the API reads it newest first). */
const ledger = async (): Promise<Entry[]> =>
  (await p.call('GET', `/api/competitions/${a.competitionId}/ledger`, { as: a.manager })).json.entries.reverse()

const pay = (id: string, trancheId: string, amountPence: number, reference = `BACS-${trancheId}`) =>
  p.call('POST', `${grantPath(id)}/tranches/${trancheId}/payment`, {
    as: payer,
    body: { paidOn: today, amountPence, reference },
  })
const reduce = (id: string, amountPence: number, version: number) =>
  p.call('POST', `${grantPath(id)}/reduce`, {
    as: a.manager,
    body: { amountPence, reason: 'Part of the work is funded elsewhere.', version },
  })
const terminate = (id: string, version: number, reason = 'The company has ceased trading.') =>
  p.call('POST', `${grantPath(id)}/terminate`, { as: a.manager, body: { reason, version } })
const repay = (id: string, amountPence: number, version: number) =>
  p.call('POST', `${grantPath(id)}/repayment`, {
    as: a.manager,
    body: { amountPence, receivedOn: today, reference: 'BACS-BACK', reason: 'Underspend returned.', version },
  })

/**
 * The grant's own books hold: what is paid is the tranches' payments less repayments and never
 * more than the award; the tranches not cancelled add up to the award plus what was repaid.
 */
function expectBooksHold(grant: Grant) {
  const tranches = Object.values(grant.progress!.tranches)
  const payments = tranches.reduce((sum, t) => sum + (t.status === 'paid' ? t.payment!.amountPence : 0), 0)
  const live = tranches.reduce((sum, t) => sum + (t.status === 'cancelled' ? 0 : t.amountPence), 0)
  const repaid = grant.repaidPence ?? 0
  expect(grant.paidPence).toBe(payments - repaid)
  expect(grant.paidPence).toBeLessThanOrEqual(grant.awardPence)
  expect(live).toBe(grant.awardPence + repaid)
}

/** The ledger replays to the budget, and each entry starts where the one before it ended (commit order). */
async function expectLedgerReplays() {
  const entries = await ledger()
  const b = await budget()
  let committed = 0
  let paid = 0
  for (const entry of entries) {
    expect(entry.committedBeforePence, JSON.stringify(entry)).toBe(committed)
    committed += entry.changePence
    paid += entry.paidChangePence ?? 0
    expect(entry.committedAfterPence, JSON.stringify(entry)).toBe(committed)
    if (entry.paidAfterPence !== undefined) expect(entry.paidAfterPence, JSON.stringify(entry)).toBe(paid)
  }
  expect([committed, paid]).toEqual([b.committedPence, b.paidPence])
  return entries
}

/**
 * 40% on signing (due at once), 35% on the pilot's approval, 25% on the day of acceptance (due
 * at once): £4,000 and £2,500 can be paid straight away, £3,500 waits for the milestone.
 */
const setup = () => ({
  version: 0,
  startsOn: today,
  endsOn: addDays(today, 365),
  milestones: [{ id: 'm1', title: 'Pilot in 50 homes', dueOn: addDays(today, 180), evidence: 'The pilot’s data' }],
  tranches: [
    { id: 't1', label: 'On signing', percent: 40, trigger: { kind: 'signing' } },
    { id: 't2', label: 'After the pilot', percent: 35, trigger: { kind: 'milestone', milestoneId: 'm1' } },
    { id: 't3', label: 'On the day', percent: 25, trigger: { kind: 'date', on: today } },
  ],
  indicators: [],
  notes: '',
})

beforeAll(async () => {
  p = await createTestPlatform()
  // Seven shortlisted: the seventh is awarded and withdrawn before any grant; the other six accept and get active grants.
  a = await assessingCompetition(p, { applications: 7, panellists: 0 })
  payer = await p.signIn('manager', 'Sam Okafor')
  const respondBy = new Date(p.clock.now.getTime() + 14 * DAY).toISOString()
  const makeAward = (applicationId: string) =>
    p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
      as: a.manager,
      body: { applicationId, amountPence: AWARD, reason: 'Shared across six', respondBy },
    })
  expect((await makeAward(a.ids[6]!)).status).toBe(201)
  const withdrawn = await p.call('POST', `/api/competitions/${a.competitionId}/awards/${a.ids[6]}/withdraw`, {
    as: a.manager,
    body: { version: 1, reason: 'Duplicate funding found' },
  })
  expect(withdrawn.json.status, JSON.stringify(withdrawn.json)).toBe('withdrawn')
  for (const id of a.ids.slice(0, 6)) expect((await makeAward(id)).status).toBe(201)
  await releaseDecisions(p, a)
  today = londonToday(p.clock.now)
  for (const [i, id] of a.ids.slice(0, 6).entries()) {
    const grantee = a.applications[i]!.applicant
    const offer = await p.call('POST', `/api/applications/${id}/offer/response`, {
      as: grantee,
      body: { version: 1, accept: true },
    })
    expect(offer.json.status).toBe('accepted')
    const saved = await p.call('PUT', grantPath(id), { as: a.manager, body: setup() })
    expect(saved.status, JSON.stringify(saved.json)).toBe(201)
    expect((await p.call('POST', `${grantPath(id)}/send`, { as: a.manager, body: { version: 1 } })).status).toBe(200)
    const accepted = await p.call('POST', `/api/applications/${id}/grant/accept`, { as: grantee, body: { version: 2 } })
    expect(accepted.json.status).toBe('active')
  }
}, 120_000)

describe('after a payment', () => {
  it('a reduction is at least what is paid, returns exactly the unpaid difference, and leaves the paid tranches as they were', async () => {
    const id = a.ids[0]!
    // The first and the last tranche paid (£6,500); the pilot's (£3,500), between them, not.
    expect((await pay(id, 't1', 400_000)).status).toBe(200)
    expect((await pay(id, 't3', 250_000)).status).toBe(200)
    const paid = await readGrant(id)
    const before = await budget()

    const below = await reduce(id, 649_999, paid.version)
    expect(below.status, JSON.stringify(below.json)).toBe(422)
    expect(below.headers.get('content-type')).toContain('application/problem+json')
    expect(fieldsOf(below.json)).toEqual(['amountPence'])
    expect(below.json.errors[0].message).toMatch(/^must be at least £6,500, what is paid/)
    expect(await readGrant(id)).toEqual(paid)
    expect(await budget()).toEqual(before)

    // £3,000 cut from the unpaid tranches, from the last backwards, passing over the paid ones: £3,000 off the pilot's.
    const reduced = await reduce(id, 700_000, paid.version)
    expect(reduced.status, JSON.stringify(reduced.json)).toBe(200)
    const grant: Grant = reduced.json
    expect(grant).toMatchObject({ status: 'active', awardPence: 700_000, paidPence: 650_000 })
    expect(grant.progress!.tranches.t1).toEqual(paid.progress!.tranches.t1)
    expect(grant.progress!.tranches.t3).toEqual(paid.progress!.tranches.t3)
    expect(grant.progress!.tranches.t2).toMatchObject({ status: 'scheduled', amountPence: 50_000 })
    const after = await budget()
    expect(before.committedPence - after.committedPence).toBe(300_000)
    expect(after.paidPence).toBe(before.paidPence)
    expect((await awardOf(id)).amountPence).toBe(700_000)
    expectBooksHold(grant)
    // Down to exactly what is paid: the rest of the unpaid tranche goes back, still nothing paid is touched.
    const toPaid = await reduce(id, 650_000, grant.version)
    expect(toPaid.status, JSON.stringify(toPaid.json)).toBe(200)
    expect(toPaid.json.progress.tranches.t1).toEqual(paid.progress!.tranches.t1)
    expect(toPaid.json.progress.tranches.t3).toEqual(paid.progress!.tranches.t3)
    expect(toPaid.json.progress.tranches.t2.status).toBe('cancelled')
    expect(before.committedPence - (await budget()).committedPence).toBe(350_000)
    expectBooksHold(toPaid.json)
    await expectLedgerReplays()

    // Nothing is left to pay: approving the last milestone completes the grant (nothing falls due again).
    const report = `/api/applications/${id}/grant/reports/m1`
    const grantee = a.applications[0]!.applicant
    const saved = await p.call('PUT', report, {
      as: grantee,
      body: { version: 0, progress: 'The pilot ran in 50 homes.', evidenceNote: 'On our drive.', actuals: [] },
    })
    expect(saved.status, JSON.stringify(saved.json)).toBe(200)
    const sent = await p.call('POST', `${report}/submit`, { as: grantee, body: { version: saved.json.version } })
    expect(sent.status, JSON.stringify(sent.json)).toBe(200)
    const approved = await p.call('POST', `${grantPath(id)}/reports/m1/approve`, {
      as: a.manager,
      body: { version: sent.json.version },
    })
    expect(approved.status, JSON.stringify(approved.json)).toBe(200)
    const done = await readGrant(id)
    expect(done).toMatchObject({ status: 'completed', awardPence: 650_000, paidPence: 650_000 })
    expect(done.progress!.tranches.t2!.status).toBe('cancelled')
    expectBooksHold(done)
  })

  it('a repayment takes paid and committed down by exactly its amount, at most what is paid, and later payments stay within the award', async () => {
    const id = a.ids[1]!
    expect((await pay(id, 't1', 400_000)).status).toBe(200)
    let grant = await readGrant(id)
    const before = await budget()

    const tooMuch = await repay(id, 400_001, grant.version)
    expect(tooMuch.status, JSON.stringify(tooMuch.json)).toBe(422)
    expect(tooMuch.headers.get('content-type')).toContain('application/problem+json')
    expect(fieldsOf(tooMuch.json)).toEqual(['amountPence'])
    expect(tooMuch.json.detail).toMatch(/£4,000 has been paid/)
    expect(await readGrant(id)).toEqual(grant)
    expect(await budget()).toEqual(before)

    const repaid = await repay(id, 100_000, grant.version)
    expect(repaid.status, JSON.stringify(repaid.json)).toBe(200)
    grant = repaid.json
    expect(grant).toMatchObject({ status: 'active', awardPence: 900_000, paidPence: 300_000, repaidPence: 100_000 })
    let now = await budget()
    expect([before.committedPence - now.committedPence, before.paidPence - now.paidPence]).toEqual([100_000, 100_000])
    expect((await awardOf(id)).amountPence).toBe(900_000)
    expectBooksHold(grant)

    // The tranche due on the day is still paid in full, and what is paid stays within the award.
    const later = await pay(id, 't3', 250_000)
    expect(later.status, JSON.stringify(later.json)).toBe(200)
    expect(later.json).toMatchObject({ awardPence: 900_000, paidPence: 550_000 })
    expectBooksHold(later.json)
    // Paying it again, or the signing tranche again, pays nothing.
    for (const [t, amount] of [
      ['t3', 250_000],
      ['t1', 400_000],
    ] as const) {
      const again = await pay(id, t, amount, 'BACS-AGAIN')
      expect(again.status).toBe(409)
      expect(again.json.detail).toMatch(/already paid on/)
    }
    expect((await readGrant(id)).paidPence).toBe(550_000)

    // Terminated: exactly the unpaid pilot tranche (£3,500) goes back; the award is what is paid.
    now = await budget()
    const ended = await terminate(id, later.json.version)
    expect(ended.status, JSON.stringify(ended.json)).toBe(200)
    expect(ended.json).toMatchObject({ status: 'terminated', awardPence: 550_000, paidPence: 550_000 })
    expect(now.committedPence - (await budget()).committedPence).toBe(350_000)
    expectBooksHold(ended.json)

    // A repayment on a terminated grant works the same way, and is still at most what is paid.
    now = await budget()
    const back = await repay(id, 50_000, ended.json.version)
    expect(back.status, JSON.stringify(back.json)).toBe(200)
    expect(back.json).toMatchObject({
      status: 'terminated',
      awardPence: 500_000,
      paidPence: 500_000,
      repaidPence: 150_000,
    })
    const last = await budget()
    expect([now.committedPence - last.committedPence, now.paidPence - last.paidPence]).toEqual([50_000, 50_000])
    expect((await awardOf(id)).amountPence).toBe(500_000)
    expectBooksHold(back.json)
    const over = await repay(id, 500_001, back.json.version)
    expect(over.status).toBe(422)
    expect(fieldsOf(over.json)).toEqual(['amountPence'])
    const late = await pay(id, 't2', 350_000)
    expect(late.status).toBe(409)
    expect(await budget()).toEqual(last)
    await expectLedgerReplays()
  })
})

describe('races', () => {
  const payments = (id: string, marker: string) =>
    Array.from({ length: 10 }, (_, i) => pay(id, 't1', 400_000, `${marker}-${i}`))

  it('a termination racing 10 payments: a payment landing first leaves the termination to return only the rest', {
    timeout: 60_000,
  }, async () => {
    const id = a.ids[2]!
    const grant = await readGrant(id)
    const before = await budget()
    // The termination decides on the grant unpaid; ten payments land meanwhile; then it commits.
    const hold = holdCommits(p.db, 'Ended while paying')
    const ending = terminate(id, grant.version, 'Ended while paying')
    await hold.held
    const paid = await Promise.all(payments(id, 'BACS-RACE'))
    hold.release()
    const ended = await ending
    expect(paid.filter((r) => r.status === 200)).toHaveLength(1)
    expect(paid.filter((r) => r.status === 409)).toHaveLength(9)
    // Never both on the stale read: the grant moved on from the version it was asked at.
    expect(ended.status, JSON.stringify(ended.json)).toBe(409)
    expect(fieldsOf(ended.json)).toEqual(['version'])
    let after = await readGrant(id)
    expect(after).toMatchObject({ status: 'active', awardPence: AWARD, paidPence: 400_000 })
    expect(await budget()).toMatchObject({
      committedPence: before.committedPence,
      paidPence: before.paidPence + 400_000,
    })
    // Terminated at the version it now has: only the unpaid £6,000 goes back.
    const again = await terminate(id, after.version)
    expect(again.status, JSON.stringify(again.json)).toBe(200)
    after = again.json
    expect(after).toMatchObject({ status: 'terminated', awardPence: 400_000, paidPence: 400_000 })
    expect(after.progress!.tranches.t1!.status).toBe('paid')
    const b = await budget()
    expect([before.committedPence - b.committedPence, b.paidPence - before.paidPence]).toEqual([600_000, 400_000])
    expect((await awardOf(id)).amountPence).toBe(400_000)
    expectBooksHold(after)
    const entries = (await expectLedgerReplays()).filter((e) => e.applicationId === id)
    expect(entries.map((e) => e.cause)).toEqual(['awarded', 'paid', 'terminated'])
  })

  it('10 payments racing a termination: the termination landing first leaves them nothing to pay', {
    timeout: 60_000,
  }, async () => {
    const id = a.ids[3]!
    const grant = await readGrant(id)
    const before = await budget()
    // The payments decide on the tranche due; the termination lands meanwhile; then they commit.
    const hold = holdCommits(p.db, 'BACS-LATE')
    const paying = Promise.all(payments(id, 'BACS-LATE'))
    await hold.held
    const ended = await terminate(id, grant.version)
    hold.release()
    const paid = await paying
    expect(ended.status, JSON.stringify(ended.json)).toBe(200)
    expect(paid.map((r) => r.status)).toEqual(Array(10).fill(409))
    expect(paid[0]!.json.detail).toMatch(/cancelled/)
    const after = await readGrant(id)
    expect(after).toMatchObject({ status: 'terminated', awardPence: 0, paidPence: 0 })
    expect(after.progress!.tranches.t1!.status).toBe('cancelled')
    const b = await budget()
    expect([before.committedPence - b.committedPence, b.paidPence]).toEqual([AWARD, before.paidPence])
    expect((await awardOf(id)).amountPence).toBe(0)
    expectBooksHold(after)
    const entries = (await expectLedgerReplays()).filter((e) => e.applicationId === id)
    expect(entries.map((e) => e.cause)).toEqual(['awarded', 'terminated'])
  })

  it('10 payments racing a reduction of the tranche they pay: the reduction landing first leaves them paying nothing', {
    timeout: 60_000,
  }, async () => {
    const id = a.ids[4]!
    const grant = await readGrant(id)
    const before = await budget()
    // Down to £3,000: "On the day" and the pilot's tranche cancelled, and £1,000 off the signing tranche.
    const hold = holdCommits(p.db, 'BACS-CUT')
    const paying = Promise.all(payments(id, 'BACS-CUT'))
    await hold.held
    const reduced = await reduce(id, 300_000, grant.version)
    hold.release()
    const paid = await paying
    expect(reduced.status, JSON.stringify(reduced.json)).toBe(200)
    // Decided again on the tranche as it now is: £3,000, not the £4,000 they tried to pay.
    expect(paid.map((r) => r.status)).toEqual(Array(10).fill(422))
    expect(fieldsOf(paid[0]!.json)).toEqual(['amountPence'])
    const after = await readGrant(id)
    expect(after).toMatchObject({ awardPence: 300_000, paidPence: 0 })
    expect(after.progress!.tranches.t1).toMatchObject({ status: 'due', amountPence: 300_000 })
    const b = await budget()
    expect([before.committedPence - b.committedPence, b.paidPence]).toEqual([700_000, before.paidPence])
    expect((await awardOf(id)).amountPence).toBe(300_000)
    expectBooksHold(after)
    await expectLedgerReplays()
  })

  it('an approved request to reduce, racing 10 payments that land first: the approval decides again on what is paid and is refused', {
    timeout: 60_000,
  }, async () => {
    const id = a.ids[5]!
    const asked = await p.call('POST', `/api/applications/${id}/grant/changes`, {
      as: a.applications[5]!.applicant,
      body: { kind: 'reduce', amountPence: 300_000, reason: 'We found match funding.' },
    })
    expect(asked.status, JSON.stringify(asked.json)).toBe(201)
    const before = await budget()
    const hold = holdCommits(p.db, asked.json.id)
    const approving = p.call('POST', `${grantPath(id)}/changes/${asked.json.id}/decision`, {
      as: a.manager,
      body: { decision: 'approve', version: asked.json.version },
    })
    await hold.held
    const paid = await Promise.all(payments(id, 'BACS-FIRST'))
    hold.release()
    const approved = await approving
    expect(paid.filter((r) => r.status === 200)).toHaveLength(1)
    // £3,000 is now less than the £4,000 paid: refused naming the amount, nothing moved.
    expect(approved.status, JSON.stringify(approved.json)).toBe(422)
    expect(fieldsOf(approved.json)).toEqual(['amountPence'])
    const after = await readGrant(id)
    expect(after).toMatchObject({ status: 'active', awardPence: AWARD, paidPence: 400_000, openChanges: 1 })
    const b = await budget()
    expect([b.committedPence, b.paidPence - before.paidPence]).toEqual([before.committedPence, 400_000])
    expect((await awardOf(id)).amountPence).toBe(AWARD)
    expectBooksHold(after)
    await expectLedgerReplays()
  })
})

describe('the ledger', () => {
  it('replays across every cause (awarded, withdrawn, paid, reduced, terminated, repaid) to the budget, in commit order', async () => {
    const entries = await expectLedgerReplays()
    expect(new Set(entries.map((e) => e.cause))).toEqual(
      new Set(['awarded', 'withdrawn', 'paid', 'reduced', 'terminated', 'repaid']),
    )
    // Commit order: an award and its withdrawal before any grant, the six awards, then the grants' own entries as made.
    expect(entries.slice(0, 8).map((e) => e.cause)).toEqual(['awarded', 'withdrawn', ...Array(6).fill('awarded')])
    const first = entries.filter((e) => e.applicationId === a.ids[1]).map((e) => e.cause)
    expect(first).toEqual(['awarded', 'paid', 'repaid', 'paid', 'terminated', 'repaid'])
    const zero = entries.filter((e) => e.applicationId === a.ids[0]).map((e) => e.cause)
    expect(zero).toEqual(['awarded', 'paid', 'paid', 'reduced', 'reduced'])
    // Every grant's own totals agree with the budget's.
    const grants = await Promise.all(a.ids.slice(0, 6).map(readGrant))
    const b = await budget()
    expect(grants.reduce((sum, g) => sum + g.paidPence, 0)).toBe(b.paidPence)
    expect(grants.reduce((sum, g) => sum + g.awardPence, 0)).toBe(b.committedPence)
  })
})
