// The award planner: the programme as it was actually awarded, and the cases a programme
// manager meets (skip-over, a partial award, ties at the funding line, a floor, a cap on the
// number of awards, one award per challenge); then properties for any pot and any bids,
// with the optimum checked against every subset.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  greedyPlan,
  optimalPlan,
  plans,
  type Bid,
  type Plan,
  type PlanConstraints,
  type PlanInput,
} from '../../functions/core/awards/planner.js'

const pounds = (n: number) => n * 100
const bid = (applicationId: string, score: number, requestedPounds: number, challengeIds: string[] = []): Bid => ({
  applicationId,
  organisationName: applicationId.replace(/^app-/, ''),
  score,
  requestedPence: pounds(requestedPounds),
  challengeIds,
})
const ids = (plan: Plan) => plan.awards.map((a) => a.applicationId)
const reasons = (plan: Plan) =>
  Object.fromEntries(plan.unfunded.map(({ applicationId, ...why }) => [applicationId, why]))

// — The real programme: a £60,000 pot, £20,000 at most per award —

const programme: Bid[] = [
  bid('app-alder', 4.6, 16_700, ['flood']),
  bid('app-birch', 4.4, 24_000, ['air']), // asks for more than the maximum: £20,000
  bid('app-cedar', 4.1, 16_240, ['heat']),
  bid('app-damson', 3.8, 18_500, ['flood']),
  bid('app-elm', 3.5, 12_000, ['air']),
  bid('app-fir', 2.9, 9_800, ['heat']),
  bid('app-gorse', 2.2, 7_500, ['flood']),
]
const real = (constraints: PlanConstraints = {}, bids = programme): PlanInput => ({
  budgetPence: pounds(60_000),
  maxAwardPence: pounds(20_000),
  bids,
  constraints,
})

describe('the real programme', () => {
  it('greedy by rank funds £16,700, £20,000 and £16,240 in full, leaving £7,060', () => {
    const plan = greedyPlan(real())
    expect(plan.awards).toEqual([
      { applicationId: 'app-alder', amountPence: pounds(16_700), partial: false },
      { applicationId: 'app-birch', amountPence: pounds(20_000), partial: false },
      { applicationId: 'app-cedar', amountPence: pounds(16_240), partial: false },
    ])
    expect(plan).toMatchObject({
      method: 'greedy',
      exact: true,
      totalPence: pounds(52_940),
      leftPence: pounds(7_060),
      totalScore: 13.1,
      tiesAtFundingLine: [],
    })
    expect(plan.infeasible).toBeUndefined()
    // Each of the rest needed this much less to fit in the £7,060 left.
    expect(reasons(plan)).toEqual({
      'app-damson': { reason: 'did-not-fit', shortByPence: pounds(11_440) },
      'app-elm': { reason: 'did-not-fit', shortByPence: pounds(4_940) },
      'app-fir': { reason: 'did-not-fit', shortByPence: pounds(2_740) },
      'app-gorse': { reason: 'did-not-fit', shortByPence: pounds(440) },
    })
  })

  it('has a better set than the ranking: four smaller awards instead of Cedar’s (greedy and optimal differ)', () => {
    const [greedy, optimal] = plans(real())
    expect(ids(greedy!)).toEqual(['app-alder', 'app-birch', 'app-cedar'])
    // 4.6 + 4.4 + 3.5 + 2.9 = 15.4 for £58,500, against 13.1 for £52,940.
    expect(ids(optimal!)).toEqual(['app-alder', 'app-birch', 'app-elm', 'app-fir'])
    expect(optimal).toMatchObject({
      method: 'optimal',
      exact: true,
      totalPence: pounds(58_500),
      leftPence: pounds(1_500),
      totalScore: 15.4,
    })
    expect(reasons(optimal!)).toEqual({
      'app-cedar': { reason: 'not-chosen' },
      'app-damson': { reason: 'not-chosen' },
      'app-gorse': { reason: 'not-chosen' },
    })
  })

  it('offers the £7,060 left as a partial award to the best-ranked bid it meets at least half of', () => {
    const plan = greedyPlan(real({ partialPercent: 50 }))
    // Damson's £18,500 would be met 38%: not enough. Elm's £12,000 is met 59%.
    expect(plan.awards.at(-1)).toEqual({ applicationId: 'app-elm', amountPence: pounds(7_060), partial: true })
    expect(plan).toMatchObject({ totalPence: pounds(60_000), leftPence: 0, totalScore: 13.1 })
    expect(plan.unfunded.map((u) => u.applicationId)).toEqual(['app-damson', 'app-fir', 'app-gorse'])
    // At 60%, Elm is not met enough; Fir's £9,800 is met 72%.
    expect(greedyPlan(real({ partialPercent: 60 })).awards.at(-1)).toEqual({
      applicationId: 'app-fir',
      amountPence: pounds(7_060),
      partial: true,
    })
    // At 95%, nobody is.
    expect(greedyPlan(real({ partialPercent: 95 })).awards.every((a) => !a.partial)).toBe(true)
  })

  it('lists awards and partial awards in rank order', () => {
    // Skipping Damson and Fir, then funding Gorse in full; the £1,560 left is 16% of Fir (ranked above Gorse), 8% of Damson.
    const plan = greedyPlan({
      ...real({ partialPercent: 10 }),
      budgetPence: pounds(42_000),
      bids: programme.filter((b) => b.applicationId !== 'app-birch' && b.applicationId !== 'app-elm'),
    })
    expect(plan.awards).toEqual([
      { applicationId: 'app-alder', amountPence: pounds(16_700), partial: false },
      { applicationId: 'app-cedar', amountPence: pounds(16_240), partial: false },
      { applicationId: 'app-fir', amountPence: pounds(1_560), partial: true },
      { applicationId: 'app-gorse', amountPence: pounds(7_500), partial: false },
    ])
  })
})

describe('greedy by rank with skip-over', () => {
  it('skips a bid that does not fit and funds the next that does', () => {
    const plan = greedyPlan({
      budgetPence: pounds(30_000),
      maxAwardPence: pounds(20_000),
      bids: [bid('app-a', 4.5, 20_000), bid('app-b', 4.0, 15_000), bid('app-c', 3.0, 8_000)],
      constraints: {},
    })
    expect(ids(plan)).toEqual(['app-a', 'app-c'])
    expect(reasons(plan)).toEqual({ 'app-b': { reason: 'did-not-fit', shortByPence: pounds(5_000) } })
    expect(plan.leftPence).toBe(pounds(2_000))
  })
})

describe('ties at the funding line', () => {
  const tied = {
    budgetPence: pounds(40_000),
    maxAwardPence: pounds(20_000),
    bids: [bid('app-c', 4.0, 20_000), bid('app-a', 4.5, 20_000), bid('app-b', 4.0, 20_000)],
    constraints: {},
  }

  it('are broken by application id, and shown, in both plans', () => {
    for (const plan of plans(tied)) {
      expect(ids(plan)).toEqual(['app-a', 'app-b'])
      expect(plan.tiesAtFundingLine).toEqual([['app-b', 'app-c']])
    }
  })

  it('count to 9 decimal places, so float noise is a tie and a real difference is not', () => {
    const noisy = {
      ...tied,
      bids: [bid('app-a', 4.5, 20_000), bid('app-b', 0.1 + 0.2, 20_000), bid('app-c', 0.3, 20_000)],
    }
    expect(greedyPlan(noisy).tiesAtFundingLine).toEqual([['app-b', 'app-c']])
    const apart = {
      ...tied,
      bids: [bid('app-a', 4.5, 20_000), bid('app-b', 4.000000001, 20_000), bid('app-c', 4.000000002, 20_000)],
    }
    expect(ids(greedyPlan(apart))).toEqual(['app-a', 'app-c'])
    expect(greedyPlan(apart).tiesAtFundingLine).toEqual([])
  })

  it('are not reported when everyone tied is funded, or no one is', () => {
    for (const plan of plans({ ...tied, budgetPence: pounds(60_000) })) {
      expect(ids(plan)).toEqual(['app-a', 'app-b', 'app-c'])
      expect(plan.tiesAtFundingLine).toEqual([])
    }
    expect(greedyPlan({ ...tied, budgetPence: pounds(20_000) }).tiesAtFundingLine).toEqual([])
  })

  it('among identical bids, the optimal plan funds the first by id, however many it takes', () => {
    // Greedy takes a (£30,000) and has no room for another; the optimum is two of the three identical bids.
    const three = [
      bid('app-a', 4.5, 30_000),
      bid('app-d', 4.0, 20_000),
      bid('app-b', 4.0, 20_000),
      bid('app-c', 4.0, 20_000),
    ]
    const [greedy, optimal] = plans({ ...tied, maxAwardPence: pounds(30_000), bids: three })
    expect(ids(greedy!)).toEqual(['app-a'])
    expect(ids(optimal!)).toEqual(['app-b', 'app-c'])
    expect(optimal!.tiesAtFundingLine).toEqual([['app-b', 'app-c', 'app-d']])
  })

  it('include a partial award: full against part, or part against nothing, is still a tie broken', () => {
    const plan = greedyPlan({ ...tied, budgetPence: pounds(50_000), constraints: { partialPercent: 50 } })
    expect(plan.awards.map((a) => [a.applicationId, a.partial])).toEqual([
      ['app-a', false],
      ['app-b', false],
      ['app-c', true],
    ])
    expect(plan.tiesAtFundingLine).toEqual([['app-b', 'app-c']])
    const part = greedyPlan({ ...tied, budgetPence: pounds(30_000), constraints: { partialPercent: 50 } })
    expect(part.awards.map((a) => [a.applicationId, a.partial])).toEqual([
      ['app-a', false],
      ['app-b', true],
    ])
    expect(part.tiesAtFundingLine).toEqual([['app-b', 'app-c']])
  })

  it('among equal optima, the optimal plan spends less, then funds the higher-ranked bids', () => {
    const pot = { budgetPence: pounds(30_000), maxAwardPence: pounds(20_000), constraints: {} }
    // a + b and c + d both score 8.0 (nothing scores more); c + d costs £1,000 less. Greedy takes a, then b.
    const cheaper = [
      bid('app-a', 4.5, 20_000),
      bid('app-b', 3.5, 10_000),
      bid('app-c', 4.0, 15_000),
      bid('app-d', 4.0, 14_000),
    ]
    const [greedy, optimal] = plans({ ...pot, bids: cheaper })
    expect(ids(greedy!)).toEqual(['app-a', 'app-b'])
    expect(ids(optimal!)).toEqual(['app-c', 'app-d'])
    expect([greedy!.totalScore, optimal!.totalScore]).toEqual([8, 8])
    // Three bids tied at 4.5: any two fit and score 9.0; the cheapest two leave £10,000.
    const threeWay = [
      bid('app-a', 4.5, 15_000),
      bid('app-b', 4.5, 10_000),
      bid('app-c', 2.5, 20_000),
      bid('app-d', 4.5, 20_000),
    ]
    expect(optimalPlan({ ...pot, budgetPence: pounds(35_000), bids: threeWay })).toMatchObject({
      totalScore: 9,
      leftPence: pounds(10_000),
    })
    // a + d and b + c: 8.0 and £30,000 each. a is the best-ranked bid the two sets do not share.
    const same = [
      bid('app-a', 4.5, 20_000),
      bid('app-b', 4.2, 15_000),
      bid('app-c', 3.8, 15_000),
      bid('app-d', 3.5, 10_000),
    ]
    expect(ids(optimalPlan({ ...pot, bids: same }))).toEqual(['app-a', 'app-d'])
    // f + e and f + c + b: 8.0 and £30,000 each; e ranks above c and b.
    const sameAgain = [
      bid('app-a', 1, 10_000),
      bid('app-b', 1, 5_000),
      bid('app-c', 2.5, 10_000),
      bid('app-d', 4.5, 20_000),
      bid('app-e', 3.5, 15_000),
      bid('app-f', 4.5, 15_000),
    ]
    expect(ids(optimalPlan({ ...pot, bids: sameAgain }))).toEqual(['app-f', 'app-e'])
    // Renamed so that id order disagrees with rank, the choice follows the rank.
    const renamed = same.map((b) => ({
      ...b,
      applicationId: { 'app-a': 'app-z', 'app-b': 'app-c', 'app-c': 'app-b', 'app-d': 'app-y' }[b.applicationId]!,
    }))
    expect(ids(optimalPlan({ ...pot, bids: renamed }))).toEqual(['app-z', 'app-y'])
  })
})

describe('constraints', () => {
  it('never funds a bid below the floor, even with money left', () => {
    // With £62,000, the £9,060 left after the top three would fund Gorse (2.2)…
    expect(ids(greedyPlan({ ...real(), budgetPence: pounds(62_000) }))).toContain('app-gorse')
    // …but not under a floor of 2.5.
    for (const plan of plans({ ...real({ minScore: 2.5 }), budgetPence: pounds(62_000) })) {
      expect(ids(plan)).not.toContain('app-gorse')
      expect(reasons(plan)['app-gorse']).toEqual({ reason: 'below-floor' })
    }
    expect(greedyPlan({ ...real({ minScore: 2.5 }), budgetPence: pounds(62_000) }).leftPence).toBe(pounds(9_060))
  })

  it('counts a score exactly at the floor as reaching it', () => {
    // Elm scores 3.5: at a floor of 3.5 it takes the partial award; at 3.6 it is below the floor and nobody does.
    expect(greedyPlan(real({ minScore: 3.5, partialPercent: 50 })).awards.at(-1)).toMatchObject({
      applicationId: 'app-elm',
      partial: true,
    })
    const above = greedyPlan(real({ minScore: 3.6, partialPercent: 50 }))
    expect(above.awards.some((a) => a.partial)).toBe(false)
    expect(reasons(above)['app-elm']).toEqual({ reason: 'below-floor' })
  })

  it('makes at most maxAwards awards, partial ones included', () => {
    const [greedy, optimal] = plans(real({ maxAwards: 2, partialPercent: 10 }))
    expect(ids(greedy!)).toEqual(['app-alder', 'app-birch'])
    expect(reasons(greedy!)['app-cedar']).toEqual({ reason: 'max-awards' })
    expect(ids(optimal!)).toEqual(['app-alder', 'app-birch'])
    // Every other bid would fit in the £23,300 left, but there is no slot for it.
    expect(new Set(optimal!.unfunded.map((u) => u.reason))).toEqual(new Set(['max-awards']))
    expect(greedy!.awards.some((a) => a.partial)).toBe(false)
    const three = greedyPlan(real({ maxAwards: 3, partialPercent: 50 }))
    expect(three.awards.filter((a) => a.partial)).toEqual([])
  })

  it('with at most three awards, finds the best three that fit together', () => {
    const input = {
      budgetPence: pounds(26_000),
      maxAwardPence: pounds(20_000),
      bids: [
        bid('app-a', 4, 16_000),
        bid('app-b', 3, 6_000),
        bid('app-c', 2, 2_000),
        bid('app-d', 2, 2_000),
        bid('app-e', 4, 12_000),
        bid('app-f', 4.5, 8_000),
        bid('app-g', 2.5, 8_000),
      ],
      constraints: { maxAwards: 3 },
    }
    const [greedy, optimal] = plans(input)
    expect(ids(greedy!)).toEqual(['app-f', 'app-a', 'app-c'])
    expect(greedy!.totalScore).toBe(10.5)
    expect(ids(optimal!)).toEqual(['app-f', 'app-e', 'app-b'])
    expect(optimal).toMatchObject({ totalScore: 11.5, leftPence: 0 })
  })

  it('gives each challenge an award: challenges in order of their best bid, then by rank', () => {
    const input = {
      budgetPence: pounds(60_000),
      maxAwardPence: pounds(20_000),
      bids: [
        bid('app-a', 4.6, 20_000, ['flood']),
        bid('app-b', 4.5, 20_000, ['flood']),
        bid('app-c', 4.4, 20_000, ['air']),
        bid('app-d', 3.0, 15_000, ['heat']),
      ],
      constraints: {},
    }
    expect(ids(greedyPlan(input))).toEqual(['app-a', 'app-b', 'app-c'])
    for (const plan of plans({ ...input, constraints: { onePerChallenge: true } })) {
      expect(ids(plan)).toEqual(['app-a', 'app-c', 'app-d'])
      expect(plan.infeasible).toBeUndefined()
    }
  })

  it('one per challenge that ranking cannot keep but another set can: greedy says why and plans without it', () => {
    const input = {
      budgetPence: pounds(40_000),
      maxAwardPence: pounds(30_000),
      bids: [
        bid('app-a', 4.6, 30_000, ['flood']),
        bid('app-b', 4.0, 30_000, ['air']),
        bid('app-c', 3.0, 10_000, ['flood']),
      ],
      constraints: { onePerChallenge: true },
    }
    const [greedy, optimal] = plans(input)
    expect(greedy!.infeasible).toMatch(/challenge air.*£10,000 left after the awards for flood/)
    expect(ids(greedy!)).toEqual(['app-a', 'app-c'])
    // Exactly the whole pot.
    expect(ids(optimal!)).toEqual(['app-b', 'app-c'])
    expect(optimal!.leftPence).toBe(0)
    expect(optimal!.infeasible).toBeUndefined()
    // Keeping the constraint costs score: 7.0 against greedy's unconstrained 7.6.
    expect(optimal!.totalScore).toBeLessThan(greedy!.totalScore)
  })

  it('one per challenge met by greedy, and better by a set that fills the pot exactly', () => {
    const input = {
      budgetPence: pounds(40_000),
      maxAwardPence: pounds(30_000),
      bids: [
        bid('app-a', 4.6, 30_000, ['flood']),
        bid('app-b', 4.0, 30_000, ['air']),
        bid('app-c', 3.0, 10_000, ['flood']),
        bid('app-e', 2.0, 5_000, ['air']),
      ],
      constraints: { onePerChallenge: true },
    }
    const [greedy, optimal] = plans(input)
    // Flood first (its best bid ranks first): a; then air's best that fits in £10,000: e.
    expect(ids(greedy!)).toEqual(['app-a', 'app-e'])
    expect(greedy!.totalScore).toBe(6.6)
    expect(ids(optimal!)).toEqual(['app-b', 'app-c'])
    expect(optimal).toMatchObject({ totalScore: 7, leftPence: 0 })
  })

  it('one per challenge that no set can meet within the pot: both plans say why and plan without it', () => {
    const input = {
      budgetPence: pounds(30_000),
      maxAwardPence: pounds(40_000),
      bids: [
        bid('app-a', 4.6, 20_000, ['flood']),
        bid('app-b', 4.0, 15_000, ['air']),
        bid('app-c', 3.0, 18_000, ['heat']),
        bid('app-d', 2.0, 35_000, ['soil']),
      ],
      constraints: { onePerChallenge: true },
    }
    const [greedy, optimal] = plans(input)
    // Soil's only bid is more than the pot, so soil is not required.
    const why =
      'The cheapest way to give each of the 3 challenges with an eligible bid (flood, air, heat) an award is £53,000 (app-a, app-b, app-c), more than the £30,000 left; planned without one award per challenge.'
    expect(greedy!.infeasible).toBe(why)
    expect(optimal!.infeasible).toBe(why)
    expect(ids(greedy!)).toEqual(['app-a'])
    expect(ids(optimal!)).toEqual(['app-a'])
    expect(reasons(optimal!)).toEqual({
      'app-b': { reason: 'not-chosen' },
      'app-c': { reason: 'not-chosen' },
      'app-d': { reason: 'did-not-fit', shortByPence: pounds(25_000) },
    })
  })

  it('one per challenge that needs more awards than allowed', () => {
    const plan = optimalPlan(real({ onePerChallenge: true, maxAwards: 2 }))
    expect(plan.infeasible).toBe(
      'Giving each of the 3 challenges with an eligible bid (flood, air, heat) an award needs more than the maximum of 2 awards; planned without one award per challenge.',
    )
    expect(ids(plan)).toEqual(['app-alder', 'app-birch'])
  })

  it('refuses input that is not money or not a ranking', () => {
    const good = real()
    expect(() => plans({ ...good, budgetPence: 1.5 })).toThrow(RangeError)
    expect(() => plans({ ...good, bids: [...programme, programme[0]!] })).toThrow(/twice/)
    expect(() => plans({ ...good, bids: [bid('app-x', 3, 0)] })).toThrow(/requestedPence/)
    expect(() => plans({ ...good, constraints: { partialPercent: 0 } })).toThrow(/partialPercent/)
  })
})

describe('the search limit', () => {
  it('on a hard case, stops at its node limit and says so: the best set found, never worse than greedy', () => {
    // Every bid worth the same per pound (score = request ÷ £4,000 + 0.5, to the penny): many
    // sets of four fill the pot exactly, and telling them apart takes more than the limit.
    let seed = 1
    const next = () => (seed = (seed * 48271) % 2147483647)
    const bids = Array.from({ length: 200 }, (_, i): Bid => {
      const requestedPence = 500_000 + (next() % 1_500_000)
      return {
        applicationId: `app-${String(i).padStart(3, '0')}`,
        organisationName: `Org ${i}`,
        score: requestedPence / 400_000 + 0.5,
        requestedPence,
        challengeIds: [],
      }
    })
    const [greedy, optimal] = plans({
      budgetPence: pounds(60_000),
      maxAwardPence: pounds(20_000),
      bids,
      constraints: { maxAwards: 4 },
    })
    expect(greedy!.exact).toBe(true)
    expect(optimal!.exact).toBe(false)
    expect(optimal!.awards.length).toBeLessThanOrEqual(4)
    expect(optimal!.totalPence).toBeLessThanOrEqual(pounds(60_000))
    expect(optimal!.totalScore).toBeGreaterThan(greedy!.totalScore)
  })
})

// — Properties —

const CHALLENGES = ['flood', 'air', 'heat', 'soil']

/** Bids with tied scores and amounts as often as not, so tie-breaking is exercised. */
const anyBids = (maxLength: number) =>
  fc
    .array(
      fc.record({
        score: fc.oneof(
          fc.integer({ min: 0, max: 50 }).map((tenths) => tenths / 10),
          fc.constantFrom(3, 3.5, 4),
          fc.double({ min: 0, max: 5, noNaN: true }),
        ),
        requestedPence: fc.oneof(
          fc.integer({ min: 2, max: 60 }).map((halfThousands) => halfThousands * 50_000),
          fc.integer({ min: 1, max: 3_000_000 }),
        ),
        challengeIds: fc.subarray(CHALLENGES, { maxLength: 2 }),
      }),
      { maxLength },
    )
    .map((drafts) =>
      drafts.map(
        (d, i): Bid => ({ applicationId: `app-${String(i).padStart(2, '0')}`, organisationName: `Org ${i}`, ...d }),
      ),
    )

const anyConstraints: fc.Arbitrary<PlanConstraints> = fc.record(
  {
    minScore: fc.constantFrom(1, 2.5, 3, 3.5),
    maxAwards: fc.integer({ min: 0, max: 6 }),
    onePerChallenge: fc.boolean(),
    partialPercent: fc.integer({ min: 1, max: 100 }),
  },
  { requiredKeys: [] },
)

const anyInput = (maxBids: number): fc.Arbitrary<PlanInput> =>
  fc.record({
    budgetPence: fc.oneof(
      fc.integer({ min: 0, max: 100 }).map((k) => k * 100_000),
      fc.integer({ min: 0, max: 10_000_000 }),
    ),
    maxAwardPence: fc.integer({ min: 1, max: 40 }).map((halfThousands) => halfThousands * 50_000),
    bids: anyBids(maxBids),
    constraints: anyConstraints,
  })

const key = (score: number) => Math.round(score * 1e9)
const amountOf = (input: PlanInput, b: Bid) => Math.min(b.requestedPence, input.maxAwardPence)
const eligible = (input: PlanInput, b: Bid) =>
  input.constraints.minScore === undefined || key(b.score) >= key(input.constraints.minScore)
/** Challenges that must each get a full award: those of eligible bids that fit the pot alone. */
const required = (input: PlanInput) =>
  new Set(
    input.bids
      .filter((b) => eligible(input, b) && amountOf(input, b) <= input.budgetPence)
      .flatMap((b) => b.challengeIds),
  )

/**
 * Every subset of the eligible bids, by bitmask in rank order. The best: highest score (in
 * billionths), then lowest cost, then the one holding the best-ranked bid the two do not share.
 */
function bruteForce(input: PlanInput): { ids: string[]; coverMet: boolean } {
  const ranked = input.bids
    .filter((b) => eligible(input, b))
    .sort((a, b) => key(b.score) - key(a.score) || (a.applicationId < b.applicationId ? -1 : 1))
  const n = ranked.length
  const must = [...required(input)]
  const mustBits = input.constraints.onePerChallenge
    ? must.reduce((bits, c) => bits | (1 << CHALLENGES.indexOf(c)), 0)
    : 0
  const cost = new Float64Array(1 << n)
  const total = new Float64Array(1 << n)
  const count = new Uint8Array(1 << n)
  const covers = new Uint8Array(1 << n)
  const best = (withCover: boolean) => {
    let chosen = -1
    for (let mask = 0; mask < 1 << n; mask++) {
      if (mask) {
        const low = 31 - Math.clz32(mask & -mask)
        const rest = mask & (mask - 1)
        const b = ranked[low]!
        cost[mask] = cost[rest]! + amountOf(input, b)
        total[mask] = total[rest]! + key(b.score)
        count[mask] = count[rest]! + 1
        covers[mask] = covers[rest]! | b.challengeIds.reduce((bits, c) => bits | (1 << CHALLENGES.indexOf(c)), 0)
      }
      if (cost[mask]! > input.budgetPence || count[mask]! > (input.constraints.maxAwards ?? Infinity)) continue
      if (withCover && (covers[mask]! & mustBits) !== mustBits) continue
      const better =
        chosen < 0 ||
        total[mask]! > total[chosen]! ||
        (total[mask] === total[chosen] &&
          (cost[mask]! < cost[chosen]! ||
            (cost[mask] === cost[chosen] && (mask & ((mask ^ chosen) & -(mask ^ chosen))) !== 0)))
      if (better) chosen = mask
    }
    return chosen
  }
  let chosen = best(mustBits !== 0)
  const coverMet = chosen >= 0
  if (!coverMet) chosen = best(false)
  return { ids: ranked.filter((_, i) => chosen & (1 << i)).map((b) => b.applicationId), coverMet }
}

const fullIds = (plan: Plan) => plan.awards.filter((a) => !a.partial).map((a) => a.applicationId)

describe('for any pot and bids', () => {
  it('never spends more than the pot, nor awards more than a bid asked for or the maximum award', () => {
    fc.assert(
      fc.property(anyInput(40), (input) => {
        for (const plan of plans(input)) {
          expect(plan.totalPence).toBe(plan.awards.reduce((sum, a) => sum + a.amountPence, 0))
          expect(plan.totalPence + plan.leftPence).toBe(input.budgetPence)
          expect(plan.leftPence).toBeGreaterThanOrEqual(0)
          for (const award of plan.awards) {
            const b = input.bids.find((x) => x.applicationId === award.applicationId)!
            expect(award.amountPence).toBeGreaterThan(0)
            expect(award.amountPence).toBeLessThanOrEqual(b.requestedPence)
            expect(award.amountPence).toBeLessThanOrEqual(input.maxAwardPence)
            if (!award.partial) expect(award.amountPence).toBe(amountOf(input, b))
          }
        }
      }),
      { numRuns: 150 },
    )
  })

  it('scores the optimal plan at least as high as greedy, under the constraints greedy kept', () => {
    fc.assert(
      fc.property(anyInput(40), (input) => {
        const greedy = greedyPlan(input)
        // Greedy drops one-per-challenge when ranking cannot keep it; compare like with like.
        const kept = greedy.infeasible
          ? { ...input, constraints: { ...input.constraints, onePerChallenge: false } }
          : input
        expect(optimalPlan(kept).totalScore).toBeGreaterThanOrEqual(greedy.totalScore)
      }),
      { numRuns: 150 },
    )
  })

  it('finds exactly the best set, as enumerating every subset does (up to 18 bids)', () => {
    fc.assert(
      fc.property(anyInput(18), (input) => {
        const plan = optimalPlan(input)
        const best = bruteForce(input)
        expect(plan.exact).toBe(true)
        expect(fullIds(plan)).toEqual(best.ids)
        expect(plan.infeasible === undefined).toBe(best.coverMet)
      }),
      { numRuns: 400 },
    )
  })

  it('keeps every constraint, and accounts for every bid once', () => {
    fc.assert(
      fc.property(anyInput(30), (input) => {
        const [greedy, optimal] = plans(input)
        const { minScore, maxAwards, onePerChallenge, partialPercent } = input.constraints
        if (optimal!.infeasible) expect(greedy!.infeasible).toBe(optimal!.infeasible)
        for (const plan of [greedy!, optimal!]) {
          const accounted = [...plan.awards.map((a) => a.applicationId), ...plan.unfunded.map((u) => u.applicationId)]
          expect(accounted.sort()).toEqual(input.bids.map((b) => b.applicationId).sort())
          const byId = new Map(input.bids.map((b) => [b.applicationId, b]))
          for (const award of plan.awards) expect(eligible(input, byId.get(award.applicationId)!)).toBe(true)
          for (const u of plan.unfunded) {
            expect(u.reason === 'below-floor').toBe(!eligible(input, byId.get(u.applicationId)!))
            if (u.reason === 'did-not-fit') expect(u.shortByPence).toBeGreaterThan(0)
            else expect(u.shortByPence).toBeUndefined()
          }
          if (minScore === undefined) expect(plan.unfunded.some((u) => u.reason === 'below-floor')).toBe(false)
          if (maxAwards !== undefined) expect(plan.awards.length).toBeLessThanOrEqual(maxAwards)
          if (onePerChallenge && !plan.infeasible) {
            const funded = new Set(
              plan.awards.filter((a) => !a.partial).flatMap((a) => byId.get(a.applicationId)!.challengeIds),
            )
            for (const c of required(input)) expect(funded).toContain(c)
          }
          const partials = plan.awards.filter((a) => a.partial)
          expect(partials.length).toBeLessThanOrEqual(partialPercent === undefined ? 0 : 1)
          for (const a of partials) {
            const amount = amountOf(input, byId.get(a.applicationId)!)
            expect(a.amountPence).toBeLessThan(amount)
            expect(a.amountPence * 100).toBeGreaterThanOrEqual(partialPercent! * amount)
            expect(plan.leftPence).toBe(0)
          }
          expect(plan.totalScore).toBeCloseTo(
            fullIds(plan).reduce((sum, id) => sum + byId.get(id)!.score, 0),
            6,
          )
        }
      }),
      { numRuns: 150 },
    )
  })

  it('is deterministic: the same input, or the same bids in any order, gives the same plans', () => {
    const shuffled = anyInput(40).chain((input) =>
      fc.record({
        input: fc.constant(input),
        reordered: fc
          .shuffledSubarray(input.bids, { minLength: input.bids.length, maxLength: input.bids.length })
          .chain((bids) =>
            fc.tuple(
              ...bids.map((b) =>
                fc
                  .shuffledSubarray(b.challengeIds, {
                    minLength: b.challengeIds.length,
                    maxLength: b.challengeIds.length,
                  })
                  .map((challengeIds) => ({ ...b, challengeIds })),
              ),
            ),
          ),
      }),
    )
    fc.assert(
      fc.property(shuffled, ({ input, reordered }) => {
        const once = plans(input)
        expect(plans(structuredClone(input))).toEqual(once)
        expect(plans({ ...input, bids: reordered })).toEqual(once)
      }),
      { numRuns: 100 },
    )
  })
})
