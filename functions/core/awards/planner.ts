// The award planner: proposes awards from what is left in the pot, as advice the programme
// manager weighs (nothing here awards anything). Two methods side by side: greedy by rank
// with skip-over, and the exact optimum. Pure and deterministic: no I/O, clock or randomness.
import { formatPence } from '../../../shared/money.js'
import type {
  Plan,
  PlanBid,
  PlanConstraintsInput as PlanConstraints,
  UnfundedReason,
} from '../../../shared/schemas/awards.js'

/** One bid as the planner takes it; the advice adds its place in the ranking. */
export type Bid = Omit<PlanBid, 'rank' | 'tied'>

export type { Plan, PlanConstraints, UnfundedReason }

export type PlanInput = { budgetPence: number; maxAwardPence: number; bids: Bid[]; constraints: PlanConstraints }

/**
 * The optimal search gives up after this many nodes and returns the best set found with
 * `exact: false`. Counted, not timed, so the answer never depends on the machine.
 */
export const NODE_LIMIT = 2_000_000
const COVER_NODE_LIMIT = 1_000_000
/** Finding the cheapest cover only words the message once the pot is known to be too small. */
const CHEAPEST_COVER_NODE_LIMIT = 50_000

/** Scores in integer billionths: equal to 9 d.p. means equal, and sums are exact. */
const SCORE_UNITS = 1e9
const scoreKey = (score: number) => Math.round(score * SCORE_UNITS)

/** One bid, placed in the ranking. */
type Ranked = {
  bid: Bid
  /** Position in the ranking: score descending, then applicationId. */
  rank: number
  /** min(requested, maximum award). */
  amount: number
  key: number
  /** At or above the floor. */
  eligible: boolean
}

type Prepared = {
  ranked: Ranked[]
  budget: number
  maxAwards: number
  partialPercent: number | undefined
  /** Challenges that must each get a full award when onePerChallenge is asked for, best first. */
  required: string[]
}

type Why = { reason: UnfundedReason; shortByPence?: number }

/** Greedy by rank with skip-over (the CONSUL participatory-budget rule). */
export function greedyPlan(input: PlanInput): Plan {
  const p = prepare(input)
  return greedy(p, coverage(p))
}

/** The full awards with the highest total score within the budget and constraints, found exactly. */
export function optimalPlan(input: PlanInput): Plan {
  const p = prepare(input)
  const cover = coverage(p)
  return optimal(p, cover, greedy(p, cover))
}

/** Both plans, greedy first, computed from one ranking. */
export function plans(input: PlanInput): Plan[] {
  const p = prepare(input)
  const cover = coverage(p)
  const greedyOne = greedy(p, cover)
  return [greedyOne, optimal(p, cover, greedyOne)]
}

// — The ranking —

function prepare({ budgetPence, maxAwardPence, bids, constraints }: PlanInput): Prepared {
  const { minScore, maxAwards, partialPercent } = constraints
  if (!Number.isSafeInteger(budgetPence) || budgetPence < 0)
    throw new RangeError('budgetPence must be a whole number of pence, 0 or more')
  if (!Number.isSafeInteger(maxAwardPence) || maxAwardPence <= 0)
    throw new RangeError('maxAwardPence must be a whole number of pence, more than 0')
  if (maxAwards !== undefined && (!Number.isInteger(maxAwards) || maxAwards < 0))
    throw new RangeError('maxAwards must be a whole number, 0 or more')
  if (partialPercent !== undefined && !(partialPercent >= 1 && partialPercent <= 100))
    throw new RangeError('partialPercent must be 1–100')
  if (minScore !== undefined && !Number.isFinite(minScore)) throw new RangeError('minScore must be a number')
  const seen = new Set<string>()
  for (const bid of bids) {
    if (seen.has(bid.applicationId)) throw new RangeError(`bid ${bid.applicationId} appears twice`)
    seen.add(bid.applicationId)
    if (!Number.isSafeInteger(bid.requestedPence) || bid.requestedPence <= 0)
      throw new RangeError(`bid ${bid.applicationId}: requestedPence must be a whole number of pence, more than 0`)
    if (!Number.isFinite(bid.score)) throw new RangeError(`bid ${bid.applicationId}: score must be a number`)
  }

  const floorKey = minScore === undefined ? -Infinity : scoreKey(minScore)
  const ranked = bids
    .map((bid): Ranked => {
      const key = scoreKey(bid.score)
      return { bid, rank: 0, key, amount: Math.min(bid.requestedPence, maxAwardPence), eligible: key >= floorKey }
    })
    .sort((a, b) => b.key - a.key || compareIds(a.bid.applicationId, b.bid.applicationId))
  for (let rank = 0; rank < ranked.length; rank++) ranked[rank]!.rank = rank

  // Each challenge in the order of its best eligible bid's rank; a bid's own list in id order.
  const required: string[] = []
  if (constraints.onePerChallenge) {
    const listed = new Set<string>()
    for (const r of ranked) {
      if (!r.eligible || r.amount > budgetPence) continue
      for (const id of [...new Set(r.bid.challengeIds)].sort(compareIds)) {
        if (!listed.has(id)) required.push(id)
        listed.add(id)
      }
    }
  }
  return { ranked, budget: budgetPence, maxAwards: maxAwards ?? Infinity, partialPercent, required }
}

/** Code-unit order, so the ranking does not depend on the runtime's locale. */
const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

// — One award per challenge: can it be met at all? —

/** 'met' carries a set of bids (ranks) that meets it, so the optimal search always starts from a feasible plan. */
type Coverage = { kind: 'none' } | { kind: 'met'; ranks: number[] } | { kind: 'unmet'; message: string }

/**
 * Whether some set of eligible bids gives every required challenge a full award within the
 * budget and maxAwards, by an exact search over challenges, scarcest first. When none does,
 * the cheapest set that would, to say how far short the pot is.
 */
function coverage(p: Prepared): Coverage {
  if (!p.required.length) return { kind: 'none' }
  const index = new Map(p.required.map((id, i) => [id, i]))
  // Cheapest first (then by rank); a bid is left out when one kept already covers all its
  // challenges for no more.
  const kept: { r: Ranked; covers: number[] }[] = []
  const eligible = p.ranked
    .filter((r) => r.eligible && r.amount <= p.budget)
    .map((r) => ({
      r,
      covers: [...new Set(r.bid.challengeIds)].flatMap((id) => (index.has(id) ? [index.get(id)!] : [])),
    }))
    .sort((a, b) => a.r.amount - b.r.amount || a.r.rank - b.r.rank)
  for (const bid of eligible) if (!kept.some((k) => bid.covers.every((c) => k.covers.includes(c)))) kept.push(bid)
  const widest = Math.max(...kept.map((k) => k.covers.length))
  // Per challenge: its bids cheapest first, the cheapest, and the least any bid spends per challenge it covers.
  const byChallenge = p.required.map(() => [] as number[])
  kept.forEach((k, b) => k.covers.forEach((c) => byChallenge[c]!.push(b)))
  const order = p.required.map((_, c) => c).sort((a, b) => byChallenge[a]!.length - byChallenge[b]!.length || a - b)
  const cheapest = byChallenge.map((list) => kept[list[0]!]!.r.amount)
  const share = byChallenge.map((list) => Math.min(...list.map((b) => kept[b]!.r.amount / kept[b]!.covers.length)))

  const covered = new Int32Array(p.required.length)
  const chosen: number[] = []
  /** The cheapest cover costing at most `limit` (or the first found), and whether the search finished. */
  const cheapestCover = (limit: number, first: boolean, nodeLimit: number) => {
    let best: { cost: number; set: number[] } | undefined
    let nodes = 0
    const visit = (cost: number) => {
      if (++nodes > nodeLimit || (first && best)) return
      const open = order.filter((c) => covered[c] === 0)
      if (!open.length) {
        if (!best || cost < best.cost) best = { cost, set: [...chosen] }
        return
      }
      if (chosen.length + Math.ceil(open.length / widest) > p.maxAwards) return
      const atLeast =
        cost + Math.max(Math.max(...open.map((c) => cheapest[c]!)), open.reduce((sum, c) => sum + share[c]!, 0) - 1e-6)
      if (atLeast > limit || (best && atLeast >= best.cost)) return
      for (const b of byChallenge[open[0]!]!) {
        const next = cost + kept[b]!.r.amount
        if (next > limit || (best && next >= best.cost)) break
        chosen.push(b)
        for (const c of kept[b]!.covers) covered[c]!++
        visit(next)
        for (const c of kept[b]!.covers) covered[c]!--
        chosen.pop()
      }
    }
    visit(0)
    return { best, finished: nodes <= nodeLimit }
  }

  const within = cheapestCover(p.budget, true, COVER_NODE_LIMIT)
  if (within.best) return { kind: 'met', ranks: within.best.set.map((b) => kept[b]!.r.rank) }
  const each = `each of the ${p.required.length} challenges with an eligible bid (${p.required.join(', ')})`
  const awards = Number.isFinite(p.maxAwards) ? ` and the maximum of ${p.maxAwards} awards` : ''
  const unmet = (why: string): Coverage => ({
    kind: 'unmet',
    message: `${why}; planned without one award per challenge.`,
  })
  if (!within.finished)
    return unmet(
      `No way was found, within the search limit, to give ${each} an award within the ${formatPence(p.budget)} left${awards}`,
    )
  const any = cheapestCover(Infinity, false, CHEAPEST_COVER_NODE_LIMIT)
  if (!any.best && any.finished)
    return unmet(`Giving ${each} an award needs more than the maximum of ${p.maxAwards} awards`)
  if (!any.best || !any.finished) {
    const atLeast = Math.ceil(Math.max(Math.max(...cheapest), share.reduce((sum, x) => sum + x, 0) - 1e-6))
    const needs = atLeast > p.budget ? ` (it needs at least ${formatPence(atLeast)})` : ''
    return unmet(`No way to give ${each} an award fits within the ${formatPence(p.budget)} left${awards}${needs}`)
  }
  const ids = any.best.set
    .map((b) => kept[b]!.r)
    .sort((a, b) => a.rank - b.rank)
    .map((r) => r.bid.applicationId)
  return unmet(
    `The cheapest way to give ${each} an award${awards ? ` within the maximum of ${p.maxAwards} awards` : ''} is ${formatPence(any.best.cost)} (${ids.join(', ')}), more than the ${formatPence(p.budget)} left`,
  )
}

// — Greedy —

function greedy(p: Prepared, cover: Coverage): Plan {
  if (cover.kind !== 'met') return walk(p, funding(p), cover.kind === 'unmet' ? cover.message : undefined)
  const first = onePerChallengeFirst(p)
  return typeof first === 'string' ? walk(p, funding(p), first) : walk(p, first)
}

type Funding = { full: boolean[]; left: number; count: number }
const funding = (p: Prepared): Funding => ({
  full: new Array<boolean>(p.ranked.length).fill(false),
  left: p.budget,
  count: 0,
})
const fund = (f: Funding, r: Ranked) => {
  f.full[r.rank] = true
  f.left -= r.amount
  f.count++
}

/**
 * For each required challenge still without an award, in order of its best eligible bid,
 * fund its best-ranked eligible bid that fits; or say why one cannot be.
 */
function onePerChallengeFirst(p: Prepared): Funding | string {
  const f = funding(p)
  const covered = new Set<string>()
  for (const challenge of p.required) {
    if (covered.has(challenge)) continue
    const pick =
      f.count < p.maxAwards
        ? p.ranked.find(
            (r) => r.eligible && !f.full[r.rank] && r.amount <= f.left && r.bid.challengeIds.includes(challenge),
          )
        : undefined
    if (!pick) {
      const limit =
        f.count >= p.maxAwards
          ? `the maximum of ${p.maxAwards} awards is reached`
          : `no eligible bid for it fits in the ${formatPence(f.left)} left`
      const after = f.count ? ` after the awards for ${p.required.filter((c) => covered.has(c)).join(', ')}` : ''
      return `Funding in rank order cannot give challenge ${challenge} an award: ${limit}${after} (the optimal plan meets one award per challenge); planned without that constraint.`
    }
    fund(f, pick)
    for (const id of pick.bid.challengeIds) covered.add(id)
  }
  return f
}

/** Walks the ranking: funds each eligible bid that still fits, skips one that does not and keeps going. */
function walk(p: Prepared, f: Funding, infeasible?: string): Plan {
  const why: (Why | undefined)[] = new Array(p.ranked.length)
  for (const r of p.ranked) {
    if (f.full[r.rank]) continue
    if (!r.eligible) why[r.rank] = { reason: 'below-floor' }
    else if (f.count >= p.maxAwards) why[r.rank] = { reason: 'max-awards' }
    else if (r.amount > f.left) why[r.rank] = { reason: 'did-not-fit', shortByPence: r.amount - f.left }
    else fund(f, r)
  }
  return complete('greedy', p, f.full, why, true, infeasible)
}

// — Optimal —

function optimal(p: Prepared, cover: Coverage, greedyOne: Plan): Plan {
  const perChallenge = cover.kind === 'met'
  // The search starts from greedy's full awards when they meet the same constraints, and from the cover found.
  const seeds = [
    ...(!perChallenge || greedyOne.infeasible === undefined ? [fullRanks(p, greedyOne)] : []),
    ...(cover.kind === 'met' ? [cover.ranks] : []),
  ]
  const found = search(p, perChallenge, seeds)
  const full = new Array<boolean>(p.ranked.length).fill(false)
  for (const rank of found.ranks) full[rank] = true
  const leftAfterFull = p.budget - found.ranks.reduce((sum, rank) => sum + p.ranked[rank]!.amount, 0)
  const count = found.ranks.length
  const why = p.ranked.map((r): Why | undefined => {
    if (full[r.rank]) return undefined
    if (!r.eligible) return { reason: 'below-floor' }
    if (r.amount > p.budget) return { reason: 'did-not-fit', shortByPence: r.amount - leftAfterFull }
    if (count >= p.maxAwards && r.amount <= leftAfterFull) return { reason: 'max-awards' }
    return { reason: 'not-chosen' }
  })
  return complete('optimal', p, full, why, found.exact, cover.kind === 'unmet' ? cover.message : undefined)
}

const fullRanks = (p: Prepared, plan: Plan) => {
  const full = new Set(plan.awards.flatMap((a) => (a.partial ? [] : [a.applicationId])))
  const ranks: number[] = []
  for (const r of p.ranked) if (full.has(r.bid.applicationId)) ranks.push(r.rank)
  return ranks
}

/**
 * Branch and bound over the eligible bids that fit the budget, taken in order of score per
 * pound. Sets are compared by: higher total score (in billionths, so exactly), then smaller
 * total pence, then the higher-ranked bids — the set holding the best-ranked bid of those the
 * two sets do not share wins. That order is total, so the optimum is unique and the search
 * order cannot change it. A node is pruned only when no completion can beat the best set:
 * its score bound is lower, or equal with a cost bound that is higher; or, with one per
 * challenge, the challenges still without an award cannot all get one from the bids left
 * within the room and slots left. The score bound is the least of: the LP relaxation of the
 * budget (with a price λ on each award slot when maxAwards binds: λ·slots + LP(score − λ)),
 * and the best remaining scores for as many bids as can still fit; rounded down to the
 * scores' common step. Identical bids (score, amount, challenges) are taken best-ranked
 * first, which the third comparison would choose anyway.
 *
 * Worst case exponential in the number of bids (it is a knapsack problem); NODE_LIMIT caps it.
 */
function search(p: Prepared, perChallenge: boolean, seeds: number[][]): { ranks: number[]; exact: boolean } {
  const pool = p.ranked.filter((r) => r.eligible && r.amount <= p.budget)
  const K = p.maxAwards
  // At most how many bids fit in a room: the cheapest of the pool first (so of any part of it too).
  // Typed arrays filled by plain loops: this runs once per plan, thousands of times for the confidence figures.
  const cheapest = new Float64Array(pool.length)
  for (let i = 0; i < pool.length; i++) cheapest[i] = pool[i]!.amount
  cheapest.sort()
  const cheapestSum = new Float64Array(pool.length + 1)
  for (let i = 0; i < pool.length; i++) cheapestSum[i + 1] = cheapestSum[i]! + cheapest[i]!
  const fitIn = (room: number) => {
    let lo = 0
    let hi = cheapestSum.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (cheapestSum[mid]! <= room) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  const mostSlots = Math.min(K, fitIn(p.budget))
  // A price on award slots only when maxAwards is what limits them (it reorders the search).
  const lambda = K < fitIn(p.budget) ? countPrice(pool, p.budget, K) : 0

  const challengeIndex = new Map(perChallenge ? p.required.map((id, i) => [id, i]) : [])
  // Without one per challenge no challenge counts, and every signature is empty.
  const signature = (r: Ranked) =>
    !perChallenge
      ? ''
      : [...new Set(r.bid.challengeIds)]
          .filter((id) => challengeIndex.has(id))
          .sort(compareIds)
          .join('\u0000')
  const items = pool
    .map((r) => ({ r, d: density(r.key - lambda, r.amount), sig: signature(r) }))
    .sort(
      (a, b) =>
        b.d - a.d || b.r.key - a.r.key || a.r.amount - b.r.amount || compareIds(a.sig, b.sig) || a.r.rank - b.r.rank,
    )
  const n = items.length
  const amount = new Float64Array(n)
  const key = new Float64Array(n)
  const rank = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    amount[i] = items[i]!.r.amount
    key[i] = items[i]!.r.key
    rank[i] = items[i]!.r.rank
  }
  const sameAsPrevious = items.map(
    (x, i) =>
      i > 0 && items[i - 1]!.r.key === x.r.key && items[i - 1]!.r.amount === x.r.amount && items[i - 1]!.sig === x.sig,
  )
  // Bids whose score less the price of a slot is positive come first; only they raise the LP bound.
  let positive = 0
  while (positive < n && key[positive]! - lambda > 0) positive++
  const prefixAmount = new Float64Array(positive + 1)
  const prefixValue = new Float64Array(positive + 1)
  for (let i = 0; i < positive; i++) {
    prefixAmount[i + 1] = prefixAmount[i]! + amount[i]!
    prefixValue[i + 1] = prefixValue[i]! + key[i]! - lambda
  }
  const suffixMinAmount = new Float64Array(n + 1).fill(Infinity)
  for (let i = n - 1; i >= 0; i--) suffixMinAmount[i] = Math.min(amount[i]!, suffixMinAmount[i + 1]!)
  // Every total is a multiple of the scores' and the amounts' greatest common divisors (scores
  // to 0.05 and requests to the £10 are common), so bounds can be rounded to those steps.
  const scoreStep = gcdOf(key)
  const amountStep = gcdOf(amount)

  // The best k remaining scores bound a node too: top[i·(mostSlots+1)+k].
  const width = mostSlots + 1
  const top = (n + 1) * width <= 4_000_000 ? new Float64Array((n + 1) * width) : undefined
  if (top) {
    const best: number[] = []
    for (let i = n - 1; i >= 0; i--) {
      if (key[i]! > 0) {
        let at = best.length
        while (at > 0 && best[at - 1]! < key[i]!) at--
        if (at < mostSlots) best.splice(at, 0, key[i]!)
        if (best.length > mostSlots) best.pop()
      }
      for (let k = 1; k <= mostSlots; k++) top[i * width + k] = top[i * width + k - 1]! + (best[k - 1] ?? 0)
    }
  }

  // One per challenge: per challenge, the positions of its bids and the cheapest from each on.
  const required = perChallenge ? p.required.length : 0
  const coversOf = items.map((x) =>
    perChallenge
      ? x.sig
          .split('\u0000')
          .filter(Boolean)
          .map((id) => challengeIndex.get(id)!)
      : [],
  )
  const positionsOf = Array.from({ length: required }, () => [] as number[])
  coversOf.forEach((cs, i) => cs.forEach((c) => positionsOf[c]!.push(i)))
  const widest = Math.max(1, ...coversOf.map((cs) => cs.length))
  // From each of a challenge's positions on: its cheapest bid, and the least a bid spends per challenge it covers.
  const suffixMin = (list: number[], value: (i: number) => number) => {
    const min = new Float64Array(list.length + 1).fill(Infinity)
    for (let j = list.length - 1; j >= 0; j--) min[j] = Math.min(value(list[j]!), min[j + 1]!)
    return min
  }
  const cheapestFrom = positionsOf.map((list) => suffixMin(list, (i) => amount[i]!))
  const shareFrom = positionsOf.map((list) => suffixMin(list, (i) => amount[i]! / coversOf[i]!.length))
  /** Can the challenges still without an award get one from the bids at `from` on, within room and slots? */
  const canStillCover = (from: number, room: number, slots: number) => {
    if (Math.ceil(uncovered / widest) > slots) return false
    let shares = 0
    for (let c = 0; c < required; c++) {
      if (coveredCount[c] !== 0) continue
      const list = positionsOf[c]!
      let lo = 0
      let hi = list.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (list[mid]! < from) lo = mid + 1
        else hi = mid
      }
      if (cheapestFrom[c]![lo]! > room) return false
      shares += shareFrom[c]![lo]!
    }
    return shares - 1e-6 <= room
  }
  const coveredCount = new Int32Array(required)
  let uncovered = required

  // The best set so far: its score, cost and ranks (ascending).
  let bestKey = -Infinity
  let bestCost = Infinity
  let bestRanks: number[] = []
  const consider = (ranks: number[], total: number, cost: number) => {
    if (total < bestKey || (total === bestKey && cost > bestCost)) return
    const sorted = [...ranks].sort((a, b) => a - b)
    if (total === bestKey && cost === bestCost && !rankedFirst(sorted, bestRanks)) return
    bestKey = total
    bestCost = cost
    bestRanks = sorted
  }
  for (const seed of seeds)
    consider(
      seed,
      seed.reduce((sum, r) => sum + p.ranked[r]!.key, 0),
      seed.reduce((sum, r) => sum + p.ranked[r]!.amount, 0),
    )

  /** Upper bound on the score less lambda each that items from.. can add within room (Dantzig's LP bound). */
  const lpBound = (from: number, room: number) => {
    if (from >= positive) return 0
    let lo = from
    let hi = positive
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (prefixAmount[mid]! - prefixAmount[from]! <= room) lo = mid
      else hi = mid - 1
    }
    const whole = prefixValue[lo]! - prefixValue[from]!
    if (lo === positive) return whole
    return whole + roundUp(((key[lo]! - lambda) * (room - (prefixAmount[lo]! - prefixAmount[from]!))) / amount[lo]!)
  }
  /** Lower bound on the pence items from.. need to add `gain` score: fractional by density, or (when lambda reorders them) one more bid. */
  const costBound = (from: number, gain: number) => {
    if (gain <= 0) return 0
    if (lambda > 0) return suffixMinAmount[from]!
    if (from >= positive || prefixValue[positive]! - prefixValue[from]! < gain) return Infinity
    let lo = from
    let hi = positive
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (prefixValue[mid]! - prefixValue[from]! < gain) lo = mid
      else hi = mid - 1
    }
    const whole = prefixAmount[lo]! - prefixAmount[from]!
    return whole + roundDown(((gain - (prefixValue[lo]! - prefixValue[from]!)) / key[lo]!) * amount[lo]!)
  }

  const chosen: number[] = []
  const included = new Uint8Array(n)
  let nodes = 0
  const visit = (from: number, spent: number, total: number) => {
    if (uncovered === 0) consider(chosen, total, spent)
    const room = p.budget - spent
    const slots = Math.min(K - chosen.length, fitIn(room))
    // Leaving bids out one after another keeps the same set: a loop, so the recursion is only as
    // deep as the bids taken. Every bound only tightens along it, so a pruned node ends the loop.
    for (let i = from; i < n; i++) {
      if (++nodes > NODE_LIMIT || slots <= 0 || suffixMinAmount[i]! > room) return
      // Any λ ≥ 0 gives a bound: a completion of s ≤ slots bids scores Σk = λs + Σ(k − λ) ≤ λ·slots + LP.
      let bound = lambda * slots + lpBound(i, room)
      if (top) bound = Math.min(bound, top[i * width + slots]!)
      const most = Math.floor((total + bound) / scoreStep) * scoreStep
      if (most < bestKey) return
      if (most === bestKey && Math.ceil((spent + costBound(i, bestKey - total)) / amountStep) * amountStep > bestCost)
        return
      if (uncovered > 0 && !canStillCover(i, room, slots)) return

      if (amount[i]! <= room && !(sameAsPrevious[i] && !included[i - 1])) {
        included[i] = 1
        chosen.push(rank[i]!)
        for (const c of coversOf[i]!) if (coveredCount[c]!++ === 0) uncovered--
        visit(i + 1, spent + amount[i]!, total + key[i]!)
        for (const c of coversOf[i]!) if (--coveredCount[c]! === 0) uncovered++
        chosen.pop()
        included[i] = 0
      }
    }
  }
  visit(0, 0, 0)
  return { ranks: bestRanks, exact: nodes <= NODE_LIMIT }
}

/** The greatest common divisor of whole numbers' magnitudes, at least 1 (it stops early once it is 1). */
function gcdOf(values: Float64Array): number {
  let g = 0
  for (let i = 0; i < values.length && g !== 1; i++) g = gcd(g, Math.abs(values[i]!))
  return Math.max(1, g)
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const rest = a % b
    a = b
    b = rest
  }
  return a
}

/** Score per penny, for ordering: the positive best first, then zero, then the negative least bad. */
const density = (value: number, amount: number) => (value > 0 ? value / amount : value === 0 ? 0 : value * amount)

/**
 * The price λ of one award slot that makes the Lagrangian bound λ·slots + LP(score − λ)
 * tightest at the root: 0 unless the LP wants more bids than there are slots. Found by
 * ternary search (the bound is convex in λ); any λ ≥ 0 is valid, so near enough is fine.
 */
function countPrice(pool: Ranked[], budget: number, slots: number): number {
  const rootBound = (lambda: number) => {
    const sorted = pool
      .filter((r) => r.key > lambda)
      .sort((a, b) => (b.key - lambda) * a.amount - (a.key - lambda) * b.amount)
    let room = budget
    let value = lambda * slots
    let taken = 0
    for (const r of sorted) {
      if (r.amount > room)
        return { value: value + ((r.key - lambda) * room) / r.amount, taken: taken + room / r.amount }
      room -= r.amount
      value += r.key - lambda
      taken++
    }
    return { value, taken }
  }
  if (rootBound(0).taken <= slots) return 0
  let lo = 0
  let hi = Math.max(0, ...pool.map((r) => r.key))
  for (let step = 0; step < 40 && hi - lo > 1; step++) {
    const m1 = Math.floor(lo + (hi - lo) / 3)
    const m2 = Math.ceil(hi - (hi - lo) / 3)
    if (rootBound(m1).value < rootBound(m2).value) hi = m2
    else lo = m1
  }
  return lo
}

/** Ranks ascending: does `a` hold the best-ranked bid of those it does not share with `b`? */
function rankedFirst(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]!
  return a.length > b.length
}

// Float slack for bounds: an upper bound rounded up, a lower bound rounded down, never the other way.
const roundUp = (x: number) => Math.floor(x + Math.abs(x) * 1e-12 + 1e-6)
const roundDown = (x: number) => Math.ceil(x - Math.abs(x) * 1e-12 - 1e-6)

// — Both —

/** The partial award, totals, reasons and ties, from a plan's full awards. */
function complete(
  method: Plan['method'],
  p: Prepared,
  full: boolean[],
  why: (Why | undefined)[],
  exact: boolean,
  infeasible: string | undefined,
): Plan {
  const fullAwards = p.ranked.filter((r) => full[r.rank])
  let left = p.budget - fullAwards.reduce((sum, r) => sum + r.amount, 0)
  const totalKey = fullAwards.reduce((sum, r) => sum + r.key, 0)

  // The remainder goes to the best-ranked eligible bid without an award that it does not
  // cover in full but meets at least partialPercent of.
  let partial: Ranked | undefined
  if (p.partialPercent !== undefined && fullAwards.length < p.maxAwards && left > 0) {
    const pct = p.partialPercent
    partial = p.ranked.find((r) => r.eligible && !full[r.rank] && r.amount > left && left * 100 >= pct * r.amount)
  }
  const partialPence = left
  if (partial) left = 0

  const outcome = (r: Ranked) => (full[r.rank] ? 'full' : r === partial ? 'partial' : 'none')
  const ties: string[][] = []
  for (let start = 0; start < p.ranked.length; ) {
    let end = start + 1
    while (end < p.ranked.length && p.ranked[end]!.key === p.ranked[start]!.key) end++
    const first = outcome(p.ranked[start]!)
    for (let i = start + 1; i < end; i++)
      if (outcome(p.ranked[i]!) !== first) {
        ties.push(p.ranked.slice(start, end).map((r) => r.bid.applicationId))
        break
      }
    start = end
  }

  return {
    method,
    exact,
    awards: p.ranked
      .filter((r) => full[r.rank] || r === partial)
      .map((r) => ({
        applicationId: r.bid.applicationId,
        amountPence: r === partial ? partialPence : r.amount,
        partial: r === partial,
      })),
    totalPence: p.budget - left,
    leftPence: left,
    totalScore: totalKey / SCORE_UNITS,
    unfunded: p.ranked
      .filter((r) => !full[r.rank] && r !== partial)
      .map((r) => ({ applicationId: r.bid.applicationId, ...why[r.rank]! })),
    tiesAtFundingLine: ties,
    ...(infeasible === undefined ? {} : { infeasible }),
  }
}
