// How sure the plan is at the funding line: a re-sampled panel scores each bid exactly as the
// ranking would with that panel; an application everyone scores top is funded in every
// round; identical sheets get identical shares; the same seed gives the same figures; and
// a split panel at the funding line is flagged a close call.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { aggregate, type AggregationInput } from '../../functions/core/assessing/aggregation.js'
import {
  fundingConfidence,
  panelOf,
  resampledScores,
  roundsFor,
  seedOf,
  type ConfidenceInput,
} from '../../functions/core/awards/confidence.js'
import type { Bid } from '../../functions/core/awards/planner.js'

type Sheet = AggregationInput['sheets'][number]
const SCALE = { min: 0, max: 5 }
const criteria = [
  { id: 'fit', weight: 2 },
  { id: 'impact', weight: 1 },
]
const sheet = (applicationId: string, panellistId: string, fit: number, impact = fit): Sheet => ({
  applicationId,
  panellistId,
  status: 'submitted',
  scores: { fit, impact },
})
const bidOf = (applicationId: string, requestedPence: number, challengeIds: string[] = []): Bid => ({
  applicationId,
  organisationName: `Org ${applicationId}`,
  score: 0, // replaced each round
  requestedPence,
  challengeIds,
})
const input = (bids: Bid[], sheets: Sheet[], extra: Partial<ConfidenceInput> = {}): ConfidenceInput => ({
  plan: { budgetPence: 6_000_000, maxAwardPence: 2_000_000, bids, constraints: {} },
  method: 'greedy',
  criteria,
  sheets,
  conflicts: [],
  rounds: 200,
  seed: 42,
  ...extra,
})
const shareOf = (result: ReturnType<typeof fundingConfidence>, id: string) =>
  result.applications.find((a) => a.applicationId === id)!

// — Arbitraries: a panel of 1–6, 1–8 bids, integer scores, some sheets drafts, missing or conflicted —

const panelIds = (n: number) => Array.from({ length: n }, (_, i) => `pan-${String.fromCharCode(65 + i)}`)
const arbitraryCase = fc
  .record({ panellists: fc.integer({ min: 1, max: 6 }), bids: fc.integer({ min: 1, max: 8 }) })
  .chain(({ panellists, bids }) =>
    fc.record({
      panel: fc.constant(panelIds(panellists)),
      bids: fc.tuple(
        ...Array.from({ length: bids }, (_, i) =>
          fc.record({
            applicationId: fc.constant(`app-${i}`),
            organisationName: fc.constant(`Org ${i}`),
            score: fc.constant(0),
            requestedPence: fc.integer({ min: 1, max: 40 }).map((n) => n * 50_000),
            challengeIds: fc.subarray(['flood', 'air', 'heat']),
          }),
        ),
      ),
      cells: fc.array(
        fc.record({
          fit: fc.integer({ min: 0, max: 5 }),
          impact: fc.integer({ min: 0, max: 5 }),
          kind: fc.constantFrom('counted', 'counted', 'counted', 'draft', 'none', 'conflicted'),
        }),
        { minLength: panellists * bids, maxLength: panellists * bids },
      ),
    }),
  )
  .map(({ panel, bids, cells }) => {
    const sheets: Sheet[] = []
    const conflicts: { applicationId: string; panellistId: string }[] = []
    bids.forEach((bid, i) =>
      panel.forEach((panellistId, j) => {
        const cell = cells[i * panel.length + j]!
        if (cell.kind === 'none') return
        if (cell.kind === 'conflicted') conflicts.push({ applicationId: bid.applicationId, panellistId })
        sheets.push({
          ...sheet(bid.applicationId, panellistId, cell.fit, cell.impact),
          status: cell.kind === 'draft' ? 'draft' : 'submitted',
        })
      }),
    )
    return { panel, bids: bids as Bid[], sheets, conflicts }
  })

describe('a re-sampled panel', () => {
  it('scores each bid exactly as aggregate() would with that panel (copies of a drawn panellist counted once each)', () => {
    fc.assert(
      fc.property(arbitraryCase, fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), (c, picks) => {
        const { panel, sheetsOf } = panelOf({ ...c, criteria, plan: { bids: c.bids } })
        if (!panel.length) return
        const draws = new Int32Array(panel.length)
        for (const pick of picks.slice(0, panel.length)) draws[pick % panel.length]!++
        const scores = resampledScores(sheetsOf, draws)
        // The same panel spelled out: each drawn panellist's sheets once per draw, as distinct panellists.
        const copies = (list: { applicationId: string; panellistId: string }[]) =>
          list.flatMap((s) => {
            const j = panel.indexOf(s.panellistId)
            return Array.from({ length: j < 0 ? 0 : draws[j]! }, (_, k) => ({
              ...s,
              panellistId: `${s.panellistId}#${k}`,
            }))
          })
        const rows = aggregate({
          scale: SCALE,
          criteria,
          applications: c.bids.map(({ applicationId, organisationName }) => ({ applicationId, organisationName })),
          sheets: copies(c.sheets) as Sheet[],
          conflicts: copies(c.conflicts),
          discussAbove: 1,
          minScorers: 1,
        })
        c.bids.forEach((bid, i) => {
          expect(Number.isNaN(scores[i]) ? undefined : scores[i]).toBe(
            rows.find((r) => r.applicationId === bid.applicationId)!.weightedMean,
          )
        })
      }),
      { numRuns: 300 },
    )
  })

  it('with every panellist drawn once, scores each bid its real weighted mean', () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const { panel, sheetsOf } = panelOf({ ...c, criteria, plan: { bids: c.bids } })
        const scores = resampledScores(sheetsOf, new Int32Array(panel.length).fill(1))
        const rows = aggregate({
          scale: SCALE,
          criteria,
          applications: c.bids,
          sheets: c.sheets,
          conflicts: c.conflicts,
          discussAbove: 1,
          minScorers: 1,
        })
        c.bids.forEach((bid, i) =>
          expect(Number.isNaN(scores[i]) ? undefined : scores[i]).toBe(
            rows.find((r) => r.applicationId === bid.applicationId)!.weightedMean,
          ),
        )
      }),
      { numRuns: 200 },
    )
  })
})

describe('funding confidence', () => {
  it('funds an application every panellist scores top in every round (greedy: if it fits; optimal: if it also asks for no more than any other)', () => {
    fc.assert(
      fc.property(
        arbitraryCase,
        fc.constantFrom('greedy' as const, 'optimal' as const),
        fc.integer({ min: 1, max: 20 }),
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        (c, method, requestedFifties, maxAwards) => {
          const cheapest = Math.min(...c.bids.map((b) => Math.min(b.requestedPence, 2_000_000)))
          const requestedPence = method === 'optimal' ? Math.min(cheapest, requestedFifties * 50_000) : 2_000_000
          const top = bidOf('app-top', requestedPence, ['flood'])
          // Everyone else is below the top of the scale on some criterion: the top one is first in every round.
          const others = c.sheets.map((s) => ({ ...s, scores: { ...s.scores, fit: Math.min(s.scores.fit!, 4) } }))
          const tops = c.panel.map((p) => sheet('app-top', p, 5))
          const result = fundingConfidence({
            ...input([...c.bids, top], [...others, ...tops], { method, rounds: 30 }),
            conflicts: c.conflicts,
            plan: {
              budgetPence: 2_000_000,
              maxAwardPence: 2_000_000,
              bids: [...c.bids, top],
              constraints: maxAwards ? { maxAwards } : {},
            },
          })
          expect(shareOf(result, 'app-top')).toEqual({
            applicationId: 'app-top',
            fundedShare: 1,
            scoredRounds: 30,
            closeCall: false,
          })
        },
      ),
      { numRuns: 100 },
    )
  })

  it('gives two applications with identical sheets, requests and challenges the same share (ties are symmetric)', () => {
    fc.assert(
      fc.property(
        arbitraryCase,
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('greedy' as const, 'optimal' as const),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (c, scores, fifties, method, seed) => {
          const twins = ['app-twin-a', 'app-twin-b'].map((id) => bidOf(id, fifties * 50_000, ['air']))
          const twinSheets = twins.flatMap((t) =>
            c.panel.map((p, j) => sheet(t.applicationId, p, scores[j]!, scores[(j + 1) % 6]!)),
          )
          const bids = [twins[1]!, ...c.bids, twins[0]!]
          const result = fundingConfidence({
            ...input(bids, [...c.sheets, ...twinSheets], { method, rounds: 40, seed }),
            conflicts: c.conflicts,
          })
          expect(shareOf(result, 'app-twin-a').fundedShare).toBe(shareOf(result, 'app-twin-b').fundedShare)
          expect(shareOf(result, 'app-twin-a').scoredRounds).toBe(shareOf(result, 'app-twin-b').scoredRounds)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('gives the same figures for the same seed, every share within 0–1 and a close call exactly from 25% to 75%', () => {
    fc.assert(
      fc.property(
        arbitraryCase,
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.constantFrom('greedy' as const, 'optimal' as const),
        fc.integer({ min: 1, max: 40 }),
        (c, seed, method, budgetFifties) => {
          const run = () =>
            fundingConfidence({
              ...input(c.bids, c.sheets, { method, rounds: 25, seed }),
              conflicts: c.conflicts,
              plan: {
                budgetPence: budgetFifties * 50_000,
                maxAwardPence: 1_000_000,
                bids: c.bids,
                constraints: {},
              },
            })
          const first = run()
          expect(run()).toEqual(first)
          expect(first).toMatchObject({ method, rounds: 25, seed })
          for (const a of first.applications) {
            expect(a.scoredRounds).toBeGreaterThanOrEqual(0)
            expect(a.scoredRounds).toBeLessThanOrEqual(25)
            if (a.fundedShare === undefined) {
              expect(a.scoredRounds).toBe(0)
              expect(a.closeCall).toBe(false)
            } else {
              expect(a.fundedShare).toBeGreaterThanOrEqual(0)
              expect(a.fundedShare).toBeLessThanOrEqual(1)
              expect(a.closeCall).toBe(a.fundedShare >= 0.25 && a.fundedShare <= 0.75)
            }
          }
        },
      ),
      { numRuns: 150 },
    )
  })

  it('flags a bid the panel is split on at the funding line as a close call, and leaves the clear ones alone', () => {
    // £30,000 funds the clear winner and one of the two the panel is split on.
    const bids = [bidOf('app-clear', 1_500_000), bidOf('app-left', 1_500_000), bidOf('app-right', 1_500_000)]
    const panel = panelIds(5)
    const sheets = [
      ...panel.map((p) => sheet('app-clear', p, 5)),
      ...panel.map((p, i) => sheet('app-left', p, i < 3 ? 4 : 2)),
      ...panel.map((p, i) => sheet('app-right', p, i < 3 ? 2 : 4)),
      sheet('app-loser', panel[0]!, 0),
    ]
    const result = fundingConfidence({
      ...input([...bids, bidOf('app-loser', 100_000)], sheets, { rounds: 2000, seed: 7 }),
      plan: {
        budgetPence: 3_000_000,
        maxAwardPence: 2_000_000,
        bids: [...bids, bidOf('app-loser', 2_000_000)],
        constraints: {},
      },
    })
    expect(result.panellists).toBe(5)
    expect(shareOf(result, 'app-clear')).toMatchObject({ fundedShare: 1, closeCall: false, scoredRounds: 2000 })
    const left = shareOf(result, 'app-left')
    const right = shareOf(result, 'app-right')
    expect(left.closeCall && right.closeCall).toBe(true)
    // Three panellists of five prefer the left one: it wins more re-sampled panels, not all.
    expect(left.fundedShare!).toBeGreaterThan(right.fundedShare!)
    expect(left.fundedShare! + right.fundedShare!).toBeCloseTo(1, 9)
    // Scored by one panellist of five: some re-sampled panels never drew them, and those rounds do not count.
    const loser = shareOf(result, 'app-loser')
    expect(loser.scoredRounds).toBeGreaterThan(0)
    expect(loser.scoredRounds).toBeLessThan(2000)
    expect(loser.fundedShare).toBe(0)
  })

  it('seeds from the competition id when none is given, and clips the rounds to the work allowed', () => {
    expect(seedOf('01HZCOMPETITION')).toBe(seedOf('01HZCOMPETITION'))
    expect(seedOf('01HZCOMPETITION')).not.toBe(seedOf('01HZCOMPETITIOM'))
    expect(roundsFor(undefined, 200)).toBe(2000)
    expect(roundsFor(undefined, 1000)).toBe(400)
    expect(roundsFor(10_000, 10)).toBe(10_000)
    expect(roundsFor(50_000, 0)).toBe(10_000)
    expect(roundsFor(undefined, 1_000_000)).toBe(1)
  })
})
