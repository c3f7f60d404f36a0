// How sure the plan is at the funding line: the plan made again for thousands of panels
// re-sampled from the real one (a bootstrap over panellists), counting how often each bid is
// funded. Pure: the same sheets, plan and seed give the same figures on any machine.
import { CLOSE_CALL, CONFIDENCE_ROUNDS, type PlanConfidence, type PlanMethod } from '../../../shared/schemas/awards.js'
import { countedSheets, type AggregationInput } from '../assessing/aggregation.js'
import { greedyPlan, optimalPlan, type Bid, type PlanInput } from './planner.js'

/** Rounds × bids at most: 2,000 rounds of 200 bids; fewer rounds when there are more bids. */
export const MAX_BID_ROUNDS = 400_000

export type ConfidenceInput = {
  /** The bids as the planner takes them, with their real scores (replaced each round). */
  plan: PlanInput
  method: PlanMethod
  /** As the ranking weighs and counts the sheets: submitted, unconflicted, every criterion scored. */
  criteria: AggregationInput['criteria']
  sheets: AggregationInput['sheets']
  conflicts: AggregationInput['conflicts']
  rounds?: number
  seed: number
}

/**
 * Each round draws as many panellists as the panel has, with replacement, from the panellists
 * with a counted sheet on a bid. A bid keeps the counted sheets of the drawn panellists who
 * scored it, once per draw, and scores their mean weighted score, summed in the ranking's own
 * order so it is exactly the weighted mean aggregate() would give that panel; then the plan
 * is made again with the same budget and constraints.
 *
 * A bid none of the drawn panellists scored is left out of that round, as the ranking leaves
 * out an application nobody scored, and the round counts neither for nor against it (its
 * share is over `scoredRounds`): being unscored says nothing about how a panel would judge it.
 *
 * Equal scores (to 9 d.p.) whose outcomes differ are settled by id order in the planner; here
 * each bid of such a group gets the group's awards shared equally, so ties are symmetric.
 */
export function fundingConfidence(input: ConfidenceInput): PlanConfidence {
  const { plan, method, seed } = input
  const bids = plan.bids
  const rounds = roundsFor(input.rounds, bids.length)
  const index = new Map(bids.map((b, i) => [b.applicationId, i]))

  const { panel, sheetsOf } = panelOf(input)
  const next = mulberry32(seed)
  const planOf = method === 'greedy' ? greedyPlan : optimalPlan
  const draws = new Int32Array(panel.length)
  const scores = new Float64Array(bids.length)
  const scored = new Int32Array(bids.length)
  const funded = new Float64Array(bids.length)
  for (let round = 0; round < rounds; round++) {
    draws.fill(0)
    for (let k = 0; k < panel.length; k++) draws[Math.floor(next() * panel.length)]!++
    resampledScores(sheetsOf, draws, scores)
    const roundBids: Bid[] = []
    for (let i = 0; i < bids.length; i++) {
      const score = scores[i]!
      if (Number.isNaN(score)) continue
      scored[i]!++
      const { applicationId, organisationName, requestedPence, challengeIds } = bids[i]!
      roundBids.push({ applicationId, organisationName, score, requestedPence, challengeIds })
    }
    const result = planOf({ ...plan, bids: roundBids })
    const credit = new Map<string, number>(result.awards.map((a) => [a.applicationId, 1]))
    for (const group of result.tiesAtFundingLine) {
      const share = group.filter((id) => credit.has(id)).length / group.length
      for (const id of group) credit.set(id, share)
    }
    for (const [id, share] of credit) funded[index.get(id)!]! += share
  }

  return {
    method,
    rounds,
    seed,
    panellists: panel.length,
    applications: bids.map((bid, i) => {
      const fundedShare = scored[i] ? funded[i]! / scored[i]! : undefined
      return {
        applicationId: bid.applicationId,
        ...(fundedShare === undefined ? {} : { fundedShare }),
        scoredRounds: scored[i]!,
        closeCall: fundedShare !== undefined && fundedShare >= CLOSE_CALL.from && fundedShare <= CLOSE_CALL.to,
      }
    }),
  }
}

/**
 * Per bid, its counted sheets grouped by panellist, in the ranking's order, flat for speed:
 * bid i's groups are firstGroup[i]..firstGroup[i+1]; group g is panellist[g]'s sheets, whose
 * weighted scores are weighted[firstSheet[g]..firstSheet[g+1]].
 */
export type SheetsOf = {
  firstGroup: Int32Array
  panellist: Int32Array
  firstSheet: Int32Array
  weighted: Float64Array
}

/** The panel to draw from (panellists with a counted sheet on a bid, by id) and each bid's counted sheets. */
export function panelOf(
  input: Pick<ConfidenceInput, 'criteria' | 'sheets' | 'conflicts'> & { plan: Pick<PlanInput, 'bids'> },
): { panel: string[]; sheetsOf: SheetsOf } {
  const bids = input.plan.bids
  const index = new Map(bids.map((b, i) => [b.applicationId, i]))
  const counted = countedSheets({
    criteria: input.criteria,
    applications: bids.map((b) => ({ applicationId: b.applicationId, organisationName: b.organisationName })),
    sheets: input.sheets,
    conflicts: input.conflicts,
  })
  const panel = [...new Set(counted.map((s) => s.panellistId))].sort(compareIds)
  const seat = new Map(panel.map((id, j) => [id, j]))
  const groupsOf: { panellist: number; weighted: number[] }[][] = bids.map(() => [])
  for (const s of counted) {
    const list = groupsOf[index.get(s.applicationId)!]!
    const j = seat.get(s.panellistId)!
    if (list.at(-1)?.panellist === j) list.at(-1)!.weighted.push(s.weighted)
    else list.push({ panellist: j, weighted: [s.weighted] })
  }
  const groups = groupsOf.flat()
  const firstGroup = new Int32Array(bids.length + 1)
  groupsOf.forEach((list, i) => {
    firstGroup[i + 1] = firstGroup[i]! + list.length
  })
  const firstSheet = new Int32Array(groups.length + 1)
  groups.forEach((g, k) => {
    firstSheet[k + 1] = firstSheet[k]! + g.weighted.length
  })
  return {
    panel,
    sheetsOf: {
      firstGroup,
      panellist: Int32Array.from(groups, (g) => g.panellist),
      firstSheet,
      weighted: Float64Array.from(groups.flatMap((g) => g.weighted)),
    },
  }
}

/** The rounds asked for (or the default), within the bounds and at most MAX_BID_ROUNDS / bids. */
export function roundsFor(asked: number | undefined, bids: number): number {
  const wanted = Math.min(Math.max(Math.floor(asked ?? CONFIDENCE_ROUNDS.default), 1), CONFIDENCE_ROUNDS.max)
  return Math.max(1, Math.min(wanted, Math.floor(MAX_BID_ROUNDS / Math.max(1, bids))))
}

/**
 * Each bid's mean weighted score under a panel that drew panellist j draws[j] times, or NaN
 * when none of its scorers was drawn. Summed as aggregate() sums a panel whose copies of a
 * panellist sort together: by panellist, each copy's sheets in order.
 */
export function resampledScores(
  { firstGroup, panellist, firstSheet, weighted }: SheetsOf,
  draws: ArrayLike<number>,
  into = new Float64Array(firstGroup.length - 1),
): Float64Array {
  for (let i = 0; i < into.length; i++) {
    let total = 0
    let count = 0
    for (let g = firstGroup[i]!; g < firstGroup[i + 1]!; g++)
      for (let copy = draws[panellist[g]!]!; copy > 0; copy--)
        for (let k = firstSheet[g]!; k < firstSheet[g + 1]!; k++) {
          total += weighted[k]!
          count++
        }
    into[i] = count ? total / count : Number.NaN
  }
  return into
}

/** The seed a competition's figures use unless one is given: FNV-1a of its id. */
export function seedOf(competitionId: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < competitionId.length; i++) hash = Math.imul(hash ^ competitionId.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

/** mulberry32: a small, fast PRNG whose sequence is fixed by its 32-bit seed. */
function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Code-unit order, as the ranking's. */
const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
