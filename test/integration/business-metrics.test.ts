// Business metrics: each action, done through the API as people do it, writes its metric once
// (after its change is committed), and a repeat of the same request that changes nothing writes
// none. The outbox's deliverers count sent and failed emails and the age of the oldest waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useMetricSink } from '../../functions/adapters/metrics.js'
import { londonToday } from '../../functions/core/grants/payments.js'
import { newId } from '../../functions/core/ids.js'
import { outboxPut } from '../../functions/db/outbox-repo.js'
import { commit } from '../../functions/db/write.js'
import { sweepOutbox } from '../../functions/events/outbox/sweep.js'
import { assessingCompetition, releaseDecisions, type Assessing } from '../support/assessing-fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'
import { AWARD_PENCE, reportedGrant } from '../support/report-fixtures.js'

let p: TestPlatform
const lines: string[] = []
let restore = () => {}

beforeAll(async () => {
  p = await createTestPlatform()
  restore = useMetricSink('ChallengeFund/Test', (line) => lines.push(line))
})
afterAll(() => restore())

const docs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>)
/** The values written for a metric since the test began, in order. */
const values = (name: string) => docs().flatMap((doc) => (name in doc ? [doc[name] as number] : []))

describe('business metrics, as the API writes them', () => {
  let a: Assessing
  let respondBy: string

  beforeAll(async () => {
    a = await assessingCompetition(p, { applications: 2, panellists: 0 })
    respondBy = new Date(p.clock.now.getTime() + 14 * 86_400_000).toISOString()
  })

  it('counts each EOI started and submitted once, and a repeated submit not again', async () => {
    expect(values('EoiStarted')).toEqual([1, 1])
    expect(values('EoiSubmitted')).toEqual([1, 1])
    const again = await p.call('POST', `/api/applications/${a.ids[0]}/submit`, { as: a.applications[0]!.applicant })
    expect(again.status).toBeLessThan(500)
    expect(values('EoiSubmitted')).toEqual([1, 1])
    // Every document is EMF in the namespace given, with no dimensions.
    for (const doc of docs())
      expect(doc._aws).toMatchObject({ CloudWatchMetrics: [{ Namespace: 'ChallengeFund/Test', Dimensions: [[]] }] })
  })

  it('counts an award once, even when the same request is retried with its Idempotency-Key', async () => {
    const award = (applicationId: string, key: string) =>
      p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
        as: a.manager,
        headers: { 'Idempotency-Key': key },
        body: { applicationId, amountPence: AWARD_PENCE, respondBy, reason: 'Part funded: the pot is shared.' },
      })
    const key = newId()
    expect((await award(a.ids[0]!, key)).status).toBe(201)
    expect((await award(a.ids[0]!, key)).status).toBe(201)
    expect(values('AwardMade')).toEqual([1])
    expect((await award(a.ids[1]!, newId())).status).toBe(201)
    expect(values('AwardMade')).toEqual([1, 1])
  })

  it('counts the decisions a release tells, once, when it finishes', async () => {
    await releaseDecisions(p, a)
    expect(values('DecisionsReleased')).toEqual([2])
  })

  it('counts a declined offer once (not an accepted one, nor the same answer again)', async () => {
    const answer = (i: number, accept: boolean) =>
      p.call('POST', `/api/applications/${a.ids[i]}/offer/response`, {
        as: a.applications[i]!.applicant,
        body: { version: 1, accept },
      })
    expect((await answer(0, true)).status).toBe(200)
    expect(values('AwardDeclined')).toEqual([])
    expect((await answer(1, false)).status).toBe(200)
    // The same answer again changes nothing (the declined offer is no longer the applicant's to answer).
    expect((await answer(1, false)).status).toBeLessThan(500)
    expect(values('AwardDeclined')).toEqual([1])
  })

  it('counts a payment recorded once; paying the same tranche again is refused and not counted', async () => {
    const path = `/api/competitions/${a.competitionId}/grants/${a.ids[0]}`
    expect((await p.call('PUT', path, { as: a.manager, body: { version: 0, ...reportedGrant } })).status).toBe(201)
    expect((await p.call('POST', `${path}/send`, { as: a.manager, body: { version: 1 } })).status).toBe(200)
    const accepted = await p.call('POST', `/api/applications/${a.ids[0]}/grant/accept`, {
      as: a.applications[0]!.applicant,
      body: { version: 2 },
    })
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200)
    const payer = await p.signIn('manager', 'Sam Okafor')
    const pay = () =>
      p.call('POST', `${path}/tranches/t1/payment`, {
        as: payer,
        body: { paidOn: londonToday(p.clock.now), amountPence: AWARD_PENCE / 5, reference: 'BACS-0001' },
      })
    const paid = await pay()
    expect(paid.status, JSON.stringify(paid.json)).toBe(200)
    expect((await pay()).status).toBe(409)
    expect(values('PaymentRecorded')).toEqual([1])
  })
})

describe('the outbox’s metrics', () => {
  it('counts each email sent and failed, and writes the oldest pending email’s age every sweep (0 when none)', async () => {
    // Drain what the API wrote, so this test counts only its own.
    await sweepOutbox({ db: p.db, now: () => p.clock.now }, async () => {})
    lines.length = 0
    const createdAt = new Date(p.clock.now.getTime() - 20 * 60_000).toISOString()
    const refused = `${newId().toLowerCase()}@test.example`
    const messages = [`${newId().toLowerCase()}@test.example`, refused].map((to) => ({
      id: newId(),
      to,
      subject: 'Hello',
      text: 'Hello',
      kind: 'test',
      createdAt,
      status: 'pending' as const,
    }))
    await commit(
      p.db,
      messages.map((m) => outboxPut(p.db, m)),
    )
    const ctx = { db: p.db, now: () => p.clock.now }
    await expect(
      sweepOutbox(ctx, async (m) => {
        if (m.to === refused) throw new Error('MessageRejected')
      }),
    ).rejects.toThrow('MessageRejected')
    expect(values('EmailSent')).toEqual([1])
    expect(values('EmailFailed')).toEqual([1])
    // The refused email still waits, 20 minutes after it was written.
    expect(values('OutboxOldestPendingSeconds')).toEqual([20 * 60])
    const unit = docs().find((doc) => 'OutboxOldestPendingSeconds' in doc)!._aws as {
      CloudWatchMetrics: { Metrics: { Unit: string }[] }[]
    }
    expect(unit.CloudWatchMetrics[0]!.Metrics[0]!.Unit).toBe('Seconds')

    await sweepOutbox(ctx, async () => {})
    expect(values('EmailSent')).toEqual([1, 1])
    expect(values('OutboxOldestPendingSeconds')).toEqual([20 * 60, 0])
  })
})
