// Offers not accepted by their date lapse: the scheduled sweep finds only the offers due (one
// GSI1 query, no Scan), lapses each through the ledger in one transaction (the budget drops by
// exactly the amount), and emails the applicant and the manager with a link to the page each
// reads it on; the applicant's offer and the manager's budget say "lapsed". An acceptance
// racing the lapse either wins (accepted, not lapsed) or is refused with a 409 saying why.
import { beforeAll, describe, expect, it } from 'vitest'
import { lapseDueOffers, lapseOffer } from '../../functions/core/awards/lapse.js'
import { listOffersDueToLapse } from '../../functions/db/awards-repo.js'
import { assessingCompetition, releaseDecisions, type Assessing } from '../support/assessing-fixtures.js'
import { createTestPlatform, TEST_PUBLIC_URL, type TestPlatform } from '../support/platform.js'
import { emailsTo } from '../support/mail.js'

let p: TestPlatform
const DAY = 86_400_000
const REQUESTED = 1_670_000 // every fixture EOI asks for £16,700

beforeAll(async () => {
  p = await createTestPlatform()
})

/** The sweep as the scheduler runs it, on its own clock. */
const sweeper = (now: () => Date) => ({ db: p.db, now, publicUrl: p.publicUrl })
const award = (a: Assessing, applicationId: string, respondBy: string) =>
  p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
    as: a.manager,
    body: { applicationId, amountPence: REQUESTED, respondBy },
  })
const budget = async (a: Assessing) =>
  (await p.call('GET', `/api/competitions/${a.competitionId}/budget`, { as: a.manager })).json
const ledger = async (a: Assessing) =>
  (await p.call('GET', `/api/competitions/${a.competitionId}/ledger`, { as: a.manager })).json.entries as {
    cause: string
    changePence: number
    committedBeforePence: number
    committedAfterPence: number
    applicationId: string
  }[]
const answer = (a: Assessing, i: number, version: number, accept = true) =>
  p.call('POST', `/api/applications/${a.ids[i]}/offer/response`, {
    as: a.applications[i]!.applicant,
    body: { version, accept },
  })

async function expectLedgerAddsUp(a: Assessing) {
  const { committedPence } = await budget(a)
  let running = 0
  for (const entry of (await ledger(a)).reverse()) {
    expect(entry.committedBeforePence).toBe(running)
    running += entry.changePence
    expect(entry.committedAfterPence).toBe(running)
  }
  expect(running).toBe(committedPence)
}

describe('an offer not accepted by its date', () => {
  let a: Assessing
  let respondBy: string
  beforeAll(async () => {
    a = await assessingCompetition(p, { applications: 3, shortlisted: 3, panellists: 1 })
    await releaseDecisions(p, a)
  }, 90_000)

  it('lapses through the ledger, releasing exactly its amount, and both sides are told with a link', async () => {
    respondBy = new Date(p.clock.now.getTime() + 2 * DAY).toISOString()
    const later = new Date(p.clock.now.getTime() + 5 * DAY).toISOString()
    expect((await award(a, a.ids[0]!, respondBy)).status).toBe(201)
    expect((await award(a, a.ids[1]!, later)).status).toBe(201)
    const before = await budget(a)
    expect(before.committedPence).toBe(2 * REQUESTED)

    // Before its date nothing lapses, and the index holds no offer that is not due.
    expect(await lapseDueOffers(sweeper(() => p.clock.now))).toEqual([])
    const past = new Date(Date.parse(respondBy) + 60_000)
    const due = await listOffersDueToLapse(p.db, past.toISOString(), 100)
    expect(due.map((o) => o.applicationId)).toEqual([a.ids[0]])

    p.clock.now = past
    expect(await lapseDueOffers(sweeper(() => past))).toEqual([`${a.competitionId}/${a.ids[0]}`])
    const after = await budget(a)
    expect(after.committedPence).toBe(before.committedPence - REQUESTED)
    expect(after.remainingPence).toBe(before.remainingPence + REQUESTED)
    const lapsed = after.awards.find((x: { applicationId: string }) => x.applicationId === a.ids[0])
    expect(lapsed).toMatchObject({ status: 'lapsed', lapsedAt: past.toISOString(), version: 2 })
    expect(after.awards.find((x: { applicationId: string }) => x.applicationId === a.ids[1]).status).toBe('offered')
    const [entry] = await ledger(a)
    expect(entry).toMatchObject({ cause: 'lapsed', changePence: -REQUESTED, applicationId: a.ids[0] })
    await expectLedgerAddsUp(a)

    // The applicant sees it lapsed, and can no longer accept (nor decline) it.
    const offer = await p.call('GET', `/api/applications/${a.ids[0]}/offer`, { as: a.applications[0]!.applicant })
    expect(offer.json).toMatchObject({ status: 'lapsed', lapsedAt: past.toISOString() })
    for (const accept of [true, false]) {
      const refused = await answer(a, 0, 2, accept)
      expect(refused.status).toBe(409)
      expect(refused.headers.get('content-type')).toContain('application/problem+json')
      expect(refused.json.detail).toMatch(/lapsed/)
    }

    const [toApplicant] = await emailsTo(p.db, a.applications[0]!.applicant.email, 'award-lapsed')
    expect(toApplicant!.text).toContain(`${TEST_PUBLIC_URL}/applications/${a.ids[0]}`)
    const [toManager] = await emailsTo(p.db, a.manager.email, 'award-lapsed-manager')
    expect(toManager!.text).toContain(`${TEST_PUBLIC_URL}/manage/competitions/${a.competitionId}/awards`)
    expect(toManager!.text).toContain('£16,700')

    // A second run (or two at once) finds nothing more: one ledger entry, one email each.
    await Promise.all([lapseDueOffers(sweeper(() => past)), lapseDueOffers(sweeper(() => past))])
    expect((await ledger(a)).filter((e) => e.cause === 'lapsed')).toHaveLength(1)
    expect(await emailsTo(p.db, a.applications[0]!.applicant.email, 'award-lapsed')).toHaveLength(1)
    expect((await budget(a)).committedPence).toBe(after.committedPence)

    // The manager may offer it again.
    expect((await award(a, a.ids[0]!, new Date(past.getTime() + 3 * DAY).toISOString())).status).toBe(201)
    await expectLedgerAddsUp(a)
  })
})

describe('an acceptance racing the lapse', () => {
  it('either wins (accepted, not lapsed) or is refused with a 409 saying the offer lapsed; never both, and the money adds up', async () => {
    const a = await assessingCompetition(p, { applications: 3, shortlisted: 3, panellists: 1 })
    await releaseDecisions(p, a)
    const respondBy = new Date(p.clock.now.getTime() + 2 * DAY)
    for (const id of a.ids) expect((await award(a, id, respondBy.toISOString())).status).toBe(201)

    // The API's clock a moment before the date, the sweeper's (another machine) a moment after.
    p.clock.now = new Date(respondBy.getTime() - 1)
    const late = sweeper(() => new Date(respondBy.getTime() + 1_000))

    // The lapse first: the acceptance is refused, saying why.
    const lapsedFirst = await lapseOffer(late, a.competitionId, a.ids[0]!)
    expect(lapsedFirst?.status).toBe('lapsed')
    const refused = await answer(a, 0, 1)
    expect(refused.status).toBe(409)
    expect(refused.json.detail).toMatch(/lapsed/)

    // The acceptance first: the lapse leaves it accepted.
    expect((await answer(a, 1, 1)).status).toBe(200)
    expect(await lapseOffer(late, a.competitionId, a.ids[1]!)).toBeUndefined()

    // At the same moment: exactly one of them happens.
    const [accepted, lapse] = await Promise.all([answer(a, 2, 1), lapseOffer(late, a.competitionId, a.ids[2]!)])
    const final = (await budget(a)).awards.find((x: { applicationId: string }) => x.applicationId === a.ids[2])
    if (accepted.status === 200) {
      expect(lapse).toBeUndefined()
      expect(final.status).toBe('accepted')
    } else {
      expect(accepted.status).toBe(409)
      expect(accepted.json.detail).toMatch(/lapsed/)
      expect(lapse?.status).toBe('lapsed')
      expect(final.status).toBe('lapsed')
    }

    const { awards, committedPence } = await budget(a)
    const holding = awards.filter((x: { status: string }) => x.status === 'accepted')
    expect(committedPence).toBe(holding.length * REQUESTED)
    expect((await ledger(a)).filter((e) => e.cause === 'lapsed')).toHaveLength(
      awards.filter((x: { status: string }) => x.status === 'lapsed').length,
    )
    await expectLedgerAddsUp(a)
  })
})
