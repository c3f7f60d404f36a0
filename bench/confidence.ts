// How sure the award plan is: fundingConfidence (a bootstrap over panellists, the plan made
// again each round) at 200 applications × 10 panellists and the default number of rounds,
// for each plan method, against the same number of plans on the real scores alone in the
// same run. Pure functions, no I/O.
import { aggregate, type AggregationInput } from '../functions/core/assessing/aggregation.js'
import { fundingConfidence, MAX_BID_ROUNDS, roundsFor } from '../functions/core/awards/confidence.js'
import { greedyPlan, optimalPlan, type Bid, type PlanInput } from '../functions/core/awards/planner.js'
import { CONFIDENCE_ROUNDS, type PlanMethod } from '../shared/schemas/awards.js'
import { isMain, runAlone } from './lib/main.js'
import { ms, type BenchReport, type Row } from './lib/report.js'
import { abba, median, p90 } from './lib/stats.js'

const APPLICATIONS = 200
const PANELLISTS = 10
const GOAL_MS = 1000
const RUNS = 5
const CHALLENGES = ['flood', 'air', 'heat', 'water', 'soil', 'transport']
const criteria = ['fit', 'impact', 'feasibility', 'value', 'team', 'data'].map((id, i) => ({ id, weight: 1 + (i % 3) }))

/** mulberry32: the same panel on every run and machine. */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * 200 bids (£5,000–£20,000 to the £10, one or two of six challenges), each scored by all 10
 * panellists on 6 criteria, 0–5: the application's quality, the panellist's leniency (±0.5)
 * and noise, rounded; about 1% of pairs conflicted (their sheets submitted but not counted).
 */
function panel() {
  const next = random(20_26)
  const leniency = Array.from({ length: PANELLISTS }, () => next() - 0.5)
  const sheets: AggregationInput['sheets'] = []
  const conflicts: AggregationInput['conflicts'] = []
  const bids: Bid[] = Array.from({ length: APPLICATIONS }, (_, i) => {
    const applicationId = `app-${String(i).padStart(4, '0')}`
    const quality = 1 + 3 * ((next() + next() + next()) / 3)
    for (let j = 0; j < PANELLISTS; j++) {
      const panellistId = `panellist-${String(j).padStart(2, '0')}`
      if (next() < 0.01) conflicts.push({ applicationId, panellistId })
      const scores = Object.fromEntries(
        criteria.map((c) => [c.id, Math.min(5, Math.max(0, Math.round(quality + leniency[j]! + (next() - 0.5) * 2)))]),
      )
      sheets.push({ applicationId, panellistId, status: 'submitted', scores })
    }
    const challengeIds = [CHALLENGES[Math.floor(next() * CHALLENGES.length)]!]
    if (next() < 0.3) challengeIds.push(CHALLENGES[Math.floor(next() * CHALLENGES.length)]!)
    return {
      applicationId,
      organisationName: `Organisation ${i}`,
      score: 0, // the weighted mean, below
      requestedPence: Math.round(500 + next() * 1500) * 1000,
      challengeIds: [...new Set(challengeIds)],
    }
  })
  // Each bid scores its weighted mean, as the ranking gives the planner.
  const rows = aggregate({
    scale: { min: 0, max: 5 },
    criteria,
    applications: bids,
    sheets,
    conflicts,
    discussAbove: 1,
    minScorers: 1,
  })
  const mean = new Map(rows.map((row) => [row.applicationId, row.weightedMean!]))
  for (const bid of bids) bid.score = mean.get(bid.applicationId)!
  const plan: PlanInput = { budgetPence: 6_000_000, maxAwardPence: 2_000_000, bids, constraints: {} }
  return { plan, sheets, conflicts }
}

const timed = (run: () => unknown) => {
  const start = performance.now()
  run()
  return performance.now() - start
}

export async function runConfidenceBench(): Promise<BenchReport> {
  const { plan, sheets, conflicts } = panel()
  const rounds = roundsFor(undefined, APPLICATIONS)
  const rows: Row[] = []
  const notes: string[] = []
  for (const method of ['greedy', 'optimal'] as PlanMethod[]) {
    const planOf = method === 'greedy' ? greedyPlan : optimalPlan
    const bootstrap = () => fundingConfidence({ plan, method, criteria, sheets, conflicts, seed: 1 })
    const baseline = () => {
      for (let round = 0; round < rounds; round++) planOf(plan)
    }
    // One untimed run of each to warm up, and to read what it finds.
    const result = bootstrap()
    baseline()
    const sides = { figure: [] as number[], baseline: [] as number[] }
    for (let run = 0; run < RUNS; run++)
      for (const side of abba(run))
        sides[side === 0 ? 'figure' : 'baseline'].push(timed(side === 0 ? bootstrap : baseline))
    for (const [stat, of] of [
      ['median', median],
      ['p90', p90],
    ] as const) {
      const figure = of(sides.figure)
      rows.push({
        metric: `${APPLICATIONS} × ${PANELLISTS}, ${rounds.toLocaleString('en-GB')} rounds, ${method}: ${stat} (n=${RUNS})`,
        figure: ms(figure),
        baseline: ms(of(sides.baseline)),
        ratio: figure / of(sides.baseline),
        goal: `< ${GOAL_MS} ms`,
        met: figure < GOAL_MS,
      })
    }
    const shares = result.applications.map((a) => a.fundedShare ?? 0)
    notes.push(
      `${method}: ${shares.filter((s) => s === 1).length} funded in every round, ${result.applications.filter((a) => a.closeCall).length} close calls (25–75%), ${shares.filter((s) => s > 0 && s < 1).length} funded in some rounds but not all`,
    )
  }
  return {
    title: 'Award planner confidence: a bootstrap over panellists, the plan made again each round',
    rows,
    notes: [
      `baseline: the same plan method run ${rounds.toLocaleString('en-GB')} times on the real panel's weighted means (no re-sampling), timed alternately (ABBA) with fundingConfidence in the same run, after one untimed run of each`,
      `panel: ${APPLICATIONS} bids (£5,000–£20,000, 1–2 of 6 challenges) over a £60,000 pot with a £20,000 maximum award; ${PANELLISTS} panellists scoring every bid on 6 weighted criteria 0–5 (quality + leniency + noise), ~1% conflicted; default rounds ${CONFIDENCE_ROUNDS.default.toLocaleString('en-GB')}, at most ${MAX_BID_ROUNDS.toLocaleString('en-GB')} rounds × bids`,
      ...notes,
    ],
  }
}

if (isMain(import.meta.url)) await runAlone(runConfidenceBench)
