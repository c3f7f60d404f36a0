// Awards through the API: the pot is never overspent, whatever races; the ledger records every
// change and sums to what is committed; offers, declines, withdrawals; published results; and
// every refusal a problem+json naming the field, with nothing changed. An offer stays hidden
// (no email, a 404) until decisions are released: the release emails it with the decision.
import { beforeAll, describe, expect, it } from 'vitest'
import {
  acceptedAwards,
  assessingCompetition,
  declareNone,
  releaseDecisions,
  scoreAndSubmit,
  type Assessing,
} from '../support/assessing-fixtures.js'
import { cutIn } from '../../functions/db/race-hook.js'
import { reportedGrant } from '../support/report-fixtures.js'
import { fieldsOf, createTestPlatform, type TestPlatform } from '../support/platform.js'
import { emailsTo } from '../support/mail.js'

let p: TestPlatform
const DAY = 86_400_000
const POT = 6_000_000
const REQUESTED = 1_670_000 // every fixture EOI asks for £16,700

beforeAll(async () => {
  p = await createTestPlatform()
})

const respondBy = () => new Date(p.clock.now.getTime() + 14 * DAY).toISOString()
const award = (
  a: Assessing,
  applicationId: string,
  amountPence: number,
  extra: Record<string, unknown> = {},
  headers?: Record<string, string>,
) =>
  p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
    as: a.manager,
    body: { applicationId, amountPence, respondBy: respondBy(), ...extra },
    headers,
  })
const budget = async (a: Assessing) =>
  (await p.call('GET', `/api/competitions/${a.competitionId}/budget`, { as: a.manager })).json
const ledger = async (a: Assessing) =>
  (await p.call('GET', `/api/competitions/${a.competitionId}/ledger`, { as: a.manager })).json.entries as {
    changePence: number
    committedBeforePence: number
    committedAfterPence: number
  }[]

/** The ledger replays to the committed total, each entry starting where the one before ended. */
async function expectLedgerAddsUp(a: Assessing) {
  const { committedPence, potPence } = await budget(a)
  const entries = (await ledger(a)).reverse()
  let running = 0
  for (const entry of entries) {
    expect(entry.committedBeforePence).toBe(running)
    running += entry.changePence
    expect(entry.committedAfterPence).toBe(running)
    expect(running).toBeLessThanOrEqual(potPence)
  }
  expect(running).toBe(committedPence)
  expect(committedPence).toBeLessThanOrEqual(potPence)
}

describe('awarding', () => {
  let a: Assessing
  beforeAll(async () => {
    a = await assessingCompetition(p, { applications: 4, shortlisted: 3, panellists: 1 })
  }, 60_000)

  it('refuses bad amounts and applications, naming the field, and changes nothing', async () => {
    const [first, , , notShortlisted] = a.ids
    for (const [amount, status] of [
      [-100, 400],
      [0, 400],
      [1_000.5, 400],
      [REQUESTED + 1, 422],
    ] as const) {
      const res = await award(a, first!, amount)
      expect(res.status, String(amount)).toBe(status)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect(fieldsOf(res.json)).toEqual(['amountPence'])
    }
    const partial = await award(a, first!, 1_000_000)
    expect(partial.status).toBe(422)
    expect(fieldsOf(partial.json)).toEqual(['reason'])
    expect((await award(a, notShortlisted!, REQUESTED)).status).toBe(422)
    expect((await award(a, '01ARZ3NDEKTSV4RRFFQ69G5FAV', REQUESTED)).status).toBe(404)
    const past = await award(a, first!, REQUESTED, { respondBy: new Date(p.clock.now.getTime() - DAY).toISOString() })
    expect(fieldsOf(past.json)).toEqual(['respondBy'])
    const badKey = await award(a, first!, REQUESTED, {}, { 'Idempotency-Key': 'x' })
    expect(fieldsOf(badKey.json)).toEqual(['Idempotency-Key'])

    const other = await assessingCompetition(p, { applications: 1, panellists: 0 })
    expect((await award(a, other.ids[0]!, REQUESTED)).status).toBe(404)
    for (const caller of [a.panel[0]!, a.applications[0]!.applicant]) {
      const res = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
        as: caller,
        body: { applicationId: first, amountPence: REQUESTED, respondBy: respondBy() },
      })
      expect(res.status).toBe(403)
      expect((await p.call('GET', `/api/competitions/${a.competitionId}/budget`, { as: caller })).status).toBe(403)
    }
    expect(await budget(a)).toMatchObject({ committedPence: 0, remainingPence: POT, awards: [] })
    expect(await ledger(a)).toEqual([])
  })

  it('awards once per idempotency key, records the ledger, and sends the offer with the decisions’ release', async () => {
    const [first, , , fourth] = a.ids
    const winner = a.applications[0]!.applicant
    const key = { 'Idempotency-Key': 'award-breathe-easy-1' }
    const made = await award(a, first!, REQUESTED, { conditions: 'Quarterly progress reports' }, key)
    expect(made.status).toBe(201)
    const again = await award(a, first!, REQUESTED, { conditions: 'Quarterly progress reports' }, key)
    expect(again.status).toBe(201)
    expect(again.json).toEqual(made.json)
    const twice = await award(a, first!, REQUESTED, {}, { 'Idempotency-Key': 'award-breathe-easy-2' })
    expect(twice.status).toBe(409)
    const reused = await award(a, first!, 1_000_000, { reason: 'Less' }, key)
    expect(reused.status).toBe(422)
    expect(fieldsOf(reused.json)).toEqual(['Idempotency-Key'])
    // An awarded application stays on the shortlist until its award is withdrawn or declined.
    const drop = await p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
      as: a.manager,
      body: { decisions: [{ applicationId: first, outcome: 'not-shortlisted', reason: 'x' }] },
    })
    expect(drop.status).toBe(422)
    expect(drop.json.errors[0].message).toMatch(/has an award/)
    expect(await budget(a)).toMatchObject({ committedPence: REQUESTED, remainingPence: POT - REQUESTED })
    const entries = await ledger(a)
    expect(entries).toEqual([
      expect.objectContaining({
        cause: 'awarded',
        changePence: REQUESTED,
        committedBeforePence: 0,
        committedAfterPence: REQUESTED,
        by: a.manager.id,
      }),
    ])

    // Until decisions are released the applicant is told nothing: no email, and no offer to read.
    const offerUrl = `/api/applications/${first}/offer`
    expect((await emailsTo(p.db, winner.email)).filter((m) => m.kind !== 'receipt')).toEqual([])
    expect((await p.call('GET', offerUrl, { as: winner })).status).toBe(404)

    // Every application needs a final decision to release: the fourth goes on the reserve list.
    const reserve = await p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
      as: a.manager,
      body: { decisions: [{ applicationId: fourth, outcome: 'shortlisted', reason: 'Reserve' }] },
    })
    expect(reserve.status).toBe(200)
    await releaseDecisions(p, a)
    const sent = (await emailsTo(p.db, winner.email)).filter((m) => m.kind !== 'receipt')
    expect(sent.map((m) => m.kind)).toEqual(['decision'])
    expect(sent[0]!.text).toContain('£16,700')
    expect(sent[0]!.text).toContain('Quarterly progress reports')
    const offer = await p.call('GET', offerUrl, { as: winner })
    expect(offer.status).toBe(200)
    expect(offer.json).toMatchObject({
      status: 'offered',
      amountPence: REQUESTED,
      conditions: 'Quarterly progress reports',
    })
  })

  it('says how much remains when the pot cannot fit an award, and a withdrawal frees it', {
    timeout: 60_000,
  }, async () => {
    // Its own competition, where the first is awarded, the fourth is on the reserve list and decisions are released.
    const a = await assessingCompetition(p, { applications: 4, shortlisted: 3, panellists: 1 })
    const [first, second, third, fourth] = a.ids
    expect((await award(a, first!, REQUESTED)).status).toBe(201)
    const reserve = await p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
      as: a.manager,
      body: { decisions: [{ applicationId: fourth, outcome: 'shortlisted', reason: 'Reserve' }] },
    })
    expect(reserve.status).toBe(200)
    await releaseDecisions(p, a)
    expect((await award(a, second!, REQUESTED)).status).toBe(201)
    expect((await award(a, third!, REQUESTED)).status).toBe(201)
    // Decisions are released: an award now is emailed at once.
    const offers = (await emailsTo(p.db, a.applications[1]!.applicant.email)).filter((m) => m.kind === 'award-offer')
    expect(offers).toHaveLength(1)
    expect(offers[0]!.text).toContain('£16,700')
    // The real programme's arithmetic: £60,000 − 3 × £16,700 leaves £9,900.
    expect((await budget(a)).remainingPence).toBe(990_000)
    const over = await award(a, fourth!, REQUESTED)
    expect(over.status).toBe(409)
    expect(over.json.detail).toBe('Only £9,900 remains in the pot; this needs £16,700.')
    expect(fieldsOf(over.json)).toEqual(['amountPence'])

    const withdrawn = await p.call('POST', `/api/competitions/${a.competitionId}/awards/${second}/withdraw`, {
      as: a.manager,
      body: { version: 1, reason: 'Duplicate funding found' },
    })
    expect(withdrawn.json).toMatchObject({ status: 'withdrawn', withdrawnReason: 'Duplicate funding found' })
    expect(
      (await emailsTo(p.db, a.applications[1]!.applicant.email)).filter((m) => m.kind === 'award-withdrawn'),
    ).toHaveLength(1)
    expect(
      (
        await p.call('POST', `/api/competitions/${a.competitionId}/awards/${second}/withdraw`, {
          as: a.manager,
          body: { version: 1, reason: 'Again' },
        })
      ).status,
    ).toBe(409)
    expect((await award(a, fourth!, REQUESTED)).status).toBe(201)
    expect((await budget(a)).remainingPence).toBe(990_000)
    await expectLedgerAddsUp(a)
  })
})

describe('racing for the pot', () => {
  it('never overspends with 50 parallel awards, and refuses the rest with a 409 saying what remains', {
    timeout: 120_000,
  }, async () => {
    const a = await assessingCompetition(p, { applications: 6, panellists: 0 })
    // Every amount is at least £12,000, so one award each for the six (at least £72,000) cannot
    // fit the £60,000 pot: some application's requests are refused for the pot, whatever the order.
    const amounts = [1_670_000, 1_500_000, 1_200_000, 1_400_000, 1_300_000]
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const applicationId = a.ids[i % a.ids.length]!
        const amount = amounts[i % amounts.length]!
        return award(a, applicationId, amount, amount < REQUESTED ? { reason: 'Scaled to fit' } : {}, {
          'Idempotency-Key': `race-${i}-${applicationId}`,
        })
      }),
    )
    const statuses = results.map((r) => r.status)
    expect(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(','),
    ).toBe(true)
    expect(
      results.filter((r) => r.status === 409).every((r) => /remain|already has an award/.test(r.json.detail)),
    ).toBe(true)
    // Lower bounds: awards were made, and the pot itself was fought over (not only the applications).
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1)
    expect(
      results.filter((r) => r.status === 409 && /remains in the pot|Other awards are being made/.test(r.json.detail))
        .length,
      results.map((r) => r.json?.detail).join('\n'),
    ).toBeGreaterThanOrEqual(1)
    const { committedPence, awards } = await budget(a)
    expect(committedPence).toBeLessThanOrEqual(POT)
    expect(
      awards
        .filter((x: { status: string }) => x.status === 'offered')
        .reduce((sum: number, x: { amountPence: number }) => sum + x.amountPence, 0),
    ).toBe(committedPence)
    // One award per application at most, and exactly the 201s made them.
    expect(new Set(awards.map((x: { applicationId: string }) => x.applicationId)).size).toBe(awards.length)
    expect(results.filter((r) => r.status === 201)).toHaveLength(awards.length)
    await expectLedgerAddsUp(a)
  })

  it('keeps the books straight when declines, withdrawals and awards interleave', { timeout: 120_000 }, async () => {
    const a = await assessingCompetition(p, { applications: 6, panellists: 0 })
    // Three awarded (£50,100), three waiting.
    for (const id of a.ids.slice(0, 3)) expect((await award(a, id, REQUESTED)).status).toBe(201)
    // The applicants can answer once decisions are released (the other three are shortlisted, not funded).
    await releaseDecisions(p, a)
    const declines = a.applications.slice(0, 2).map(({ applicant, application }) =>
      p.call('POST', `/api/applications/${application.id}/offer/response`, {
        as: applicant,
        body: { version: 1, accept: false },
      }),
    )
    const withdrawal = p.call('POST', `/api/competitions/${a.competitionId}/awards/${a.ids[2]}/withdraw`, {
      as: a.manager,
      body: { version: 1, reason: 'Duplicate funding found' },
    })
    const newcomers = a.ids
      .slice(3)
      .flatMap((id, i) => [
        award(a, id, REQUESTED, {}, { 'Idempotency-Key': `late-${i}-a` }),
        award(a, id, REQUESTED, {}, { 'Idempotency-Key': `late-${i}-b` }),
      ])
    const results = await Promise.all([...declines, withdrawal, ...newcomers])
    expect(
      results.every((r) => [200, 201, 409].includes(r.status)),
      results.map((r) => r.status).join(','),
    ).toBe(true)
    expect(results.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200])
    // Each newcomer asked twice under two keys: at most one award each, so at least one refusal each.
    const pairs = [0, 1, 2].map((i) => results.slice(3 + 2 * i, 5 + 2 * i))
    for (const pair of pairs) {
      expect(pair.filter((r) => r.status === 201).length).toBeLessThanOrEqual(1)
      expect(
        pair
          .filter((r) => r.status === 409)
          .every((r) => /already has an award|remains in the pot|being made/.test(r.json.detail)),
      ).toBe(true)
    }
    await expectLedgerAddsUp(a)
    const { awards, committedPence } = await budget(a)
    expect(
      awards
        .filter((x: { status: string }) => x.status === 'offered')
        .reduce((sum: number, x: { amountPence: number }) => sum + x.amountPence, 0),
    ).toBe(committedPence)
  })
})

describe('forced: a write lands between an award decision’s read and its commit', () => {
  const awardsOf = async (a: Assessing) =>
    (await budget(a)).awards as { applicationId: string; status: string; amountPence: number; version: number }[]

  it('re-decides an award on the pot as it now is: the other award stands, this one is told what remains', {
    timeout: 60_000,
  }, async () => {
    const a = await assessingCompetition(p, { applications: 5, panellists: 0 })
    for (const id of a.ids.slice(0, 3)) expect((await award(a, id, REQUESTED)).status).toBe(201)
    // £9,900 remains: enough for either £9,000 award, not both.
    const scaled = { reason: 'Scaled to fit' }
    const { request: late, write: early } = await cutIn(p.db, {
      request: () => award(a, a.ids[3]!, 900_000, scaled),
      write: () => award(a, a.ids[4]!, 900_000, scaled),
    })
    expect(early.status, early.text).toBe(201)
    expect(late.status, late.text).toBe(409)
    expect(late.headers.get('content-type')).toBe('application/problem+json')
    expect(late.json.detail).toBe('Only £900 remains in the pot; this needs £9,000.')
    expect(late.json.errors).toEqual([{ field: 'amountPence', message: 'must be at most £900, what remains' }])
    expect(await budget(a)).toMatchObject({ committedPence: 5_910_000, remainingPence: 90_000 })
    expect((await awardsOf(a)).map((x) => x.applicationId).sort()).toEqual([...a.ids.slice(0, 3), a.ids[4]].sort())
    await expectLedgerAddsUp(a)
  })

  it('refuses a second award for the same application made under another key (409), keeping the first', async () => {
    const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
    const { request: late, write: early } = await cutIn(p.db, {
      request: () => award(a, a.ids[0]!, REQUESTED, {}, { 'Idempotency-Key': 'forced-late' }),
      write: () => award(a, a.ids[0]!, REQUESTED, {}, { 'Idempotency-Key': 'forced-early' }),
    })
    expect(early.status, early.text).toBe(201)
    expect(late.status, late.text).toBe(409)
    expect(late.json.detail).toBe('Breathe Easy Ltd already has an award of £16,700.')
    expect(fieldsOf(late.json)).toEqual(['applicationId'])
    expect(await budget(a)).toMatchObject({ committedPence: REQUESTED })
    expect(await awardsOf(a)).toHaveLength(1)
    await expectLedgerAddsUp(a)
  })

  it('answers the same award retried under the same key with the award the first made: one award, one ledger entry', async () => {
    const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
    const same = () => award(a, a.ids[0]!, REQUESTED, {}, { 'Idempotency-Key': 'double-click' })
    const { request: retried, write: first } = await cutIn(p.db, { request: same, write: same })
    expect(first.status, first.text).toBe(201)
    expect(retried.status, retried.text).toBe(201)
    expect(retried.json).toEqual(first.json)
    expect(await budget(a)).toMatchObject({ committedPence: REQUESTED })
    expect(await awardsOf(a)).toHaveLength(1)
    expect(await ledger(a)).toHaveLength(1)
  })

  it('refuses an award whose application left the shortlist since the read (409), and commits nothing', async () => {
    const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
    const { request: late, write: dropped } = await cutIn(p.db, {
      request: () => award(a, a.ids[0]!, REQUESTED),
      write: () =>
        p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
          as: a.manager,
          body: { decisions: [{ applicationId: a.ids[0], outcome: 'not-shortlisted', reason: 'Changed our minds' }] },
        }),
    })
    expect(dropped.status, dropped.text).toBe(200)
    expect(late.status, late.text).toBe(409)
    expect(late.json.type).toMatch(/state-conflict$/)
    expect(late.json.detail).toBe('An award changed while this was being decided. Reload the budget and try again.')
    expect(await budget(a)).toMatchObject({ committedPence: 0, awards: [] })
    expect(await ledger(a)).toEqual([])
  })

  it('refuses an acceptance when the award was withdrawn since the read (409), and the money stays back in the pot', {
    timeout: 60_000,
  }, async () => {
    const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
    expect((await award(a, a.ids[0]!, REQUESTED)).status).toBe(201)
    await releaseDecisions(p, a)
    const { applicant, application } = a.applications[0]!
    const { request: accept, write: withdraw } = await cutIn(p.db, {
      request: () =>
        p.call('POST', `/api/applications/${application.id}/offer/response`, {
          as: applicant,
          body: { version: 1, accept: true },
        }),
      write: () =>
        p.call('POST', `/api/competitions/${a.competitionId}/awards/${a.ids[0]}/withdraw`, {
          as: a.manager,
          body: { version: 1, reason: 'Duplicate funding found' },
        }),
    })
    expect(withdraw.status, withdraw.text).toBe(200)
    expect(accept.status, accept.text).toBe(409)
    expect(accept.json.type).toMatch(/version-conflict$/)
    expect(accept.json.detail).toBe(
      'This offer was changed since you opened it. Reload it, check the changes and try again.',
    )
    expect(await awardsOf(a)).toMatchObject([{ status: 'withdrawn', version: 2 }])
    expect(await budget(a)).toMatchObject({ committedPence: 0 })
    await expectLedgerAddsUp(a)
  })

  it('refuses a withdrawal when the offer was accepted since the read (409), and the acceptance stands', {
    timeout: 60_000,
  }, async () => {
    const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
    expect((await award(a, a.ids[0]!, REQUESTED)).status).toBe(201)
    await releaseDecisions(p, a)
    const { applicant, application } = a.applications[0]!
    const { request: withdraw, write: accept } = await cutIn(p.db, {
      request: () =>
        p.call('POST', `/api/competitions/${a.competitionId}/awards/${a.ids[0]}/withdraw`, {
          as: a.manager,
          body: { version: 1, reason: 'Duplicate funding found' },
        }),
      write: () =>
        p.call('POST', `/api/applications/${application.id}/offer/response`, {
          as: applicant,
          body: { version: 1, accept: true },
        }),
    })
    expect(accept.status, accept.text).toBe(200)
    expect(withdraw.status, withdraw.text).toBe(409)
    expect(withdraw.json.type).toMatch(/version-conflict$/)
    expect(withdraw.json.detail).toBe(
      'This award was changed since you opened it. Reload it, check the changes and try again.',
    )
    expect(await awardsOf(a)).toMatchObject([{ status: 'accepted', version: 2 }])
    expect(await budget(a)).toMatchObject({ committedPence: REQUESTED })
    await expectLedgerAddsUp(a)
  })

  it('refuses a withdrawal when the grant agreement was sent since the read (409): the award stands', {
    timeout: 60_000,
  }, async () => {
    const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
    await acceptedAwards(p, a, 1, { amountPence: 1_000_000, conditions: '', reason: 'Part funded' })
    const grant = `/api/competitions/${a.competitionId}/grants/${a.ids[0]}`
    expect((await p.call('PUT', grant, { as: a.manager, body: { version: 0, ...reportedGrant } })).status).toBe(201)
    const { request: withdraw, write: sent } = await cutIn(p.db, {
      request: () =>
        p.call('POST', `/api/competitions/${a.competitionId}/awards/${a.ids[0]}/withdraw`, {
          as: a.manager,
          body: { version: 2, reason: 'Duplicate funding found' },
        }),
      write: () => p.call('POST', `${grant}/send`, { as: a.manager, body: { version: 1 } }),
    })
    expect(sent.status, sent.text).toBe(200)
    expect(withdraw.status, withdraw.text).toBe(409)
    expect(withdraw.json.detail).toMatch(
      /^The grant agreement with Breathe Easy Ltd is sent for signing: an award with a grant in force cannot be withdrawn\./,
    )
    expect(fieldsOf(withdraw.json)).toEqual(['grant'])
    expect(await awardsOf(a)).toMatchObject([{ status: 'accepted', version: 2 }])
    expect(await budget(a)).toMatchObject({ committedPence: 1_000_000 })
    await expectLedgerAddsUp(a)
  })
})

describe('offers and results', () => {
  it('lets only the applicant answer their offer, once released and before its deadline; publishes once; shows nothing before', {
    timeout: 60_000,
  }, async () => {
    const a = await assessingCompetition(p, { applications: 3, panellists: 0 })
    const [winner, decliner, late] = a.applications
    for (const id of a.ids) await award(a, id, REQUESTED)
    const offerUrl = (id: string) => `/api/applications/${id}/offer`

    // Nothing public, nor to other applicants, before the results.
    const results = `/api/competitions/${a.competitionId}/results`
    expect((await p.call('GET', results)).status).toBe(404)
    const publicPage = await p.call('GET', `/api/competitions/${a.competitionId}`)
    expect(publicPage.json.competition.committedPence).toBeUndefined()
    expect(publicPage.text).not.toContain(String(3 * REQUESTED))
    expect((await p.call('GET', offerUrl(winner!.application.id), { as: decliner!.applicant })).status).toBe(404)
    // Nor to the winner, before decisions are released: no offer to read or answer, no results.
    expect((await p.call('GET', offerUrl(winner!.application.id), { as: winner!.applicant })).status).toBe(404)
    expect(
      (
        await p.call('POST', `${offerUrl(winner!.application.id)}/response`, {
          as: winner!.applicant,
          body: { version: 1, accept: true },
        })
      ).status,
    ).toBe(404)
    const unreleased = await p.call('POST', results, { as: a.manager })
    expect(unreleased.status).toBe(422)
    expect(fieldsOf(unreleased.json)).toEqual(['release'])
    await releaseDecisions(p, a)
    expect((await p.call('GET', offerUrl(winner!.application.id), { as: decliner!.applicant })).status).toBe(404)

    const offer = await p.call('GET', offerUrl(winner!.application.id), { as: winner!.applicant })
    expect(offer.json).toMatchObject({ status: 'offered', amountPence: REQUESTED, version: 1 })
    expect(offer.json.idempotencyKey).toBeUndefined()
    const publicBefore = publicPage.json.competition.updatedAt
    const accepted = await p.call('POST', `${offerUrl(winner!.application.id)}/response`, {
      as: winner!.applicant,
      body: { version: 1, accept: true },
    })
    expect(accepted.json.status).toBe('accepted')
    const declined = await p.call('POST', `${offerUrl(decliner!.application.id)}/response`, {
      as: decliner!.applicant,
      body: { version: 1, accept: false },
    })
    expect(declined.json.status).toBe('declined')
    expect((await budget(a)).committedPence).toBe(2 * REQUESTED)
    // Nobody outside learns when decisions happen.
    expect((await p.call('GET', `/api/competitions/${a.competitionId}`)).json.competition.updatedAt).toBe(publicBefore)
    // A retry of the award that was declined returns it, declined; it does not award again.
    const retried = await award(a, decliner!.application.id, REQUESTED, {}, { 'Idempotency-Key': 'never-used-before' })
    expect(retried.status).toBe(201)
    await p.call('POST', `/api/competitions/${a.competitionId}/awards/${decliner!.application.id}/withdraw`, {
      as: a.manager,
      body: { version: 1, reason: 'Made in error' },
    })

    const waiting = await p.call('POST', results, { as: a.manager })
    expect(waiting.status).toBe(422)
    p.clock.now = new Date(p.clock.now.getTime() + 15 * DAY)
    const tooLate = await p.call('POST', `${offerUrl(late!.application.id)}/response`, {
      as: late!.applicant,
      body: { version: 1, accept: true },
    })
    expect(tooLate.status).toBe(422)
    // Declining stays possible after the deadline: it only gives the money back.
    const lateDecline = await p.call('POST', `${offerUrl(late!.application.id)}/response`, {
      as: late!.applicant,
      body: { version: 1, accept: false },
    })
    expect(lateDecline.json.status).toBe('declined')

    const published = await p.call('POST', results, { as: a.manager })
    expect(published.status).toBe(200)
    expect(published.json).toMatchObject({
      potPence: POT,
      totalAwardedPence: REQUESTED,
      winners: [{ organisationName: 'Breathe Easy Ltd', amountPence: REQUESTED }],
    })
    expect((await p.call('POST', results, { as: a.manager })).status).toBe(409)
    expect((await p.call('GET', results)).json).toEqual(published.json)
    const afterwards = await award(a, decliner!.application.id, REQUESTED)
    expect(afterwards.status).toBe(422)
    await expectLedgerAddsUp(a)
  })
})

describe('the planner', () => {
  it('proposes greedy and optimal plans from the ranking, and applies one through the ledger', {
    timeout: 60_000,
  }, async () => {
    const a = await assessingCompetition(p, { applications: 4, panellists: 1 })
    const [panellist] = a.panel
    await declareNone(p, panellist!, a.competitionId, a.ids)
    for (const [i, id] of a.ids.entries()) await scoreAndSubmit(p, panellist!, a, id, [5 - i, 4, 4])
    const advice = await p.call('POST', `/api/competitions/${a.competitionId}/award-plans`, {
      as: a.manager,
      body: { maxAwards: 3 },
    })
    expect(advice.status).toBe(200)
    expect(advice.json.plans.map((plan: { method: string }) => plan.method)).toEqual(['greedy', 'optimal'])
    for (const plan of advice.json.plans) {
      expect(plan.totalPence).toBeLessThanOrEqual(POT)
      expect(plan.awards.length).toBeLessThanOrEqual(3)
    }
    const bad = await p.call('POST', `/api/competitions/${a.competitionId}/award-plans`, {
      as: a.manager,
      body: { maxAwards: 0, partialPercent: 101 },
    })
    expect(fieldsOf(bad.json).sort()).toEqual(['maxAwards', 'partialPercent'])

    const greedy = advice.json.plans[0]
    const expected = greedy.awards.map(
      ({ applicationId, amountPence }: { applicationId: string; amountPence: number }) => ({
        applicationId,
        amountPence,
      }),
    )
    const body = { method: 'greedy', constraints: { maxAwards: 3 }, expected, respondBy: respondBy() }
    const applied = await p.call('POST', `/api/competitions/${a.competitionId}/award-plans/apply`, {
      as: a.manager,
      body,
    })
    expect(applied.status).toBe(201)
    // Applied twice (a double click): the plan has changed, and nothing more is awarded.
    const again = await p.call('POST', `/api/competitions/${a.competitionId}/award-plans/apply`, {
      as: a.manager,
      body,
    })
    expect(again.status).toBe(409)
    expect(applied.json.awards.map((x: { applicationId: string }) => x.applicationId)).toEqual(
      greedy.awards.map((x: { applicationId: string }) => x.applicationId),
    )
    expect((await budget(a)).committedPence).toBe(greedy.totalPence)
    await expectLedgerAddsUp(a)
  })

  it('applies a plan with a partial award, recording why it is less than requested, which the manager and the applicant see', {
    timeout: 60_000,
  }, async () => {
    const a = await assessingCompetition(p, { applications: 4, panellists: 1 })
    const [panellist] = a.panel
    await declareNone(p, panellist!, a.competitionId, a.ids)
    for (const [i, id] of a.ids.entries()) await scoreAndSubmit(p, panellist!, a, id, [5 - i, 4, 4])
    // Three full awards of £16,700 leave £9,900 of the £60,000: 59% of the fourth's request.
    const constraints = { maxAwards: 4, partialPercent: 50 }
    const advice = await p.call('POST', `/api/competitions/${a.competitionId}/award-plans`, {
      as: a.manager,
      body: constraints,
    })
    const greedy = advice.json.plans.find((plan: { method: string }) => plan.method === 'greedy')
    const expected = greedy.awards.map((x: { applicationId: string; amountPence: number }) => ({
      applicationId: x.applicationId,
      amountPence: x.amountPence,
    }))
    const left = POT - 3 * REQUESTED
    expect(expected).toEqual([
      ...a.ids.slice(0, 3).map((applicationId) => ({ applicationId, amountPence: REQUESTED })),
      {
        applicationId: a.ids[3],
        amountPence: left,
      },
    ])

    const applied = await p.call('POST', `/api/competitions/${a.competitionId}/award-plans/apply`, {
      as: a.manager,
      body: { method: 'greedy', constraints, expected, respondBy: respondBy() },
    })
    expect(applied.status, JSON.stringify(applied.json)).toBe(201)
    const why =
      'This is what remained in the pot once the higher-ranked awards were made: 59% of the £16,700 requested.'
    const made = (await budget(a)).awards as { applicationId: string; amountPence: number; partialReason?: string }[]
    expect(made.find((x) => x.applicationId === a.ids[3])).toMatchObject({ amountPence: left, partialReason: why })
    for (const id of a.ids.slice(0, 3)) expect(made.find((x) => x.applicationId === id)?.partialReason).toBeUndefined()

    await releaseDecisions(p, a)
    const applicant = a.applications[3]!.applicant
    const offer = await p.call('GET', `/api/applications/${a.ids[3]}/offer`, { as: applicant })
    expect(offer.json).toMatchObject({ amountPence: left, partialReason: why })
    const [email] = await emailsTo(p.db, applicant.email, 'decision')
    expect(email!.text).toContain(`This is less than the £16,700 you asked for: ${why}`)
  })
})
