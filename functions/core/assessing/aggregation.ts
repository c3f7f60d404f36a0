// Turns the panel's score sheets into the ranking: weighted means, spread, calibration for
// lenient or harsh panellists, and shared ranks. Pure: the same input, in any order, gives
// the same rows.
import type { RankingRow, Scale } from '../../../shared/schemas/assessing.js'

export type AggregationInput = {
  scale: Scale
  /** Weights are more than 0; only the ratios between them matter. */
  criteria: { id: string; weight: number }[]
  applications: { applicationId: string; organisationName: string }[]
  sheets: {
    applicationId: string
    panellistId: string
    status: 'draft' | 'submitted'
    scores: Record<string, number>
  }[]
  /** (application, panellist) pairs whose sheets never count. */
  conflicts: { applicationId: string; panellistId: string }[]
  /** Flag an application when max − min of its counted sheets' weighted scores is more than this. */
  discussAbove: number
  minScorers: number
}

type Criteria = AggregationInput['criteria']
type Sheet = AggregationInput['sheets'][number]

/** A submitted, unconflicted, fully scored sheet, with its weighted score. */
export type Counted = { applicationId: string; panellistId: string; scores: number[]; weighted: number }

/**
 * Σ w·s / Σ w over the criteria, or undefined if any criterion is unscored (or there are none).
 * Kept between the lowest and highest score given, where a weighted mean always lies, so
 * floating-point noise cannot push it off the scale.
 */
export function weightedScore(criteria: Criteria, scores: Record<string, number>): number | undefined {
  const given = criteria.map((c) => scores[c.id])
  if (criteria.length === 0 || !given.every(isScore)) return undefined
  const total = sum(criteria.map((c, i) => c.weight * given[i]!))
  const weights = sum(criteria.map((c) => c.weight))
  return clamp(total / weights, Math.min(...given), Math.max(...given))
}

/**
 * One row per application, best first. Ranked by the raw weighted mean; calibrated sits
 * beside it and never replaces it. Equal means (to 9 decimal places) share a rank and are
 * listed by organisation name then application id; unscored applications come last, unranked.
 */
export function aggregate(input: AggregationInput): RankingRow[] {
  const counted = countedSheets(input)
  const offsets = panellistOffsets(counted)
  const byApplication = groupBy(counted, (s) => s.applicationId)
  const rows = input.applications.map((application) =>
    summarise(input, application, byApplication.get(application.applicationId) ?? [], offsets),
  )
  return rank(rows)
}

// — Which sheets count —

/** The sheets the ranking counts, by application then panellist (the bootstrap in awards/confidence.ts counts the same). */
export function countedSheets(
  input: Pick<AggregationInput, 'criteria' | 'applications' | 'sheets' | 'conflicts'>,
): Counted[] {
  const conflicted = new Set(input.conflicts.map(pairKey))
  const known = new Set(input.applications.map((a) => a.applicationId))
  const counted: Counted[] = []
  for (const sheet of input.sheets) {
    if (sheet.status !== 'submitted' || conflicted.has(pairKey(sheet)) || !known.has(sheet.applicationId)) continue
    const weighted = weightedScore(input.criteria, sheet.scores)
    if (weighted === undefined) continue
    const scores = input.criteria.map((c) => sheet.scores[c.id]!)
    counted.push({ applicationId: sheet.applicationId, panellistId: sheet.panellistId, scores, weighted })
  }
  // A fixed order before any summation, so the result never depends on the input's order.
  return counted.sort(bySheet)
}

function pairKey(pair: Pick<Sheet, 'applicationId' | 'panellistId'>): string {
  return JSON.stringify([pair.applicationId, pair.panellistId])
}

/** By application, then panellist; then by the scores, should a pair ever have two sheets. */
function bySheet(a: Counted, b: Counted): number {
  return (
    compareCodeUnits(a.applicationId, b.applicationId) ||
    compareCodeUnits(a.panellistId, b.panellistId) ||
    compareScores(a.scores, b.scores)
  )
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

// — Calibration —

/**
 * Each panellist's leniency (+) or harshness (−): the mean of their weighted scores less the
 * grand mean of every counted sheet. Only panellists who scored at least 2 applications get one.
 */
function panellistOffsets(counted: Counted[]): Map<string, number> {
  const offsets = new Map<string, number>()
  if (counted.length === 0) return offsets
  const grandMean = mean(counted.map((s) => s.weighted))
  for (const [panellistId, theirs] of groupBy(counted, (s) => s.panellistId)) {
    const applications = new Set(theirs.map((s) => s.applicationId))
    if (applications.size >= 2) offsets.set(panellistId, mean(theirs.map((s) => s.weighted)) - grandMean)
  }
  return offsets
}

// — One application's figures —

type Unranked = Omit<RankingRow, 'rank' | 'tied'>

function summarise(
  input: AggregationInput,
  application: AggregationInput['applications'][number],
  sheets: Counted[],
  offsets: Map<string, number>,
): Unranked {
  const scorers = sheets.length
  const base = { applicationId: application.applicationId, organisationName: application.organisationName }
  const tooFewScorers = scorers < input.minScorers
  if (scorers === 0) return { ...base, discuss: false, scorers, tooFewScorers, criterionMeans: {} }

  const weighted = sheets.map((s) => s.weighted)
  const weightedMean = mean(weighted)
  const range = Math.max(...weighted) - Math.min(...weighted)
  const calibrated = clamp(
    mean(sheets.map((s) => s.weighted - (offsets.get(s.panellistId) ?? 0))),
    input.scale.min,
    input.scale.max,
  )
  const criterionMeans: Record<string, number> = {}
  input.criteria.forEach((c, i) => {
    criterionMeans[c.id] = mean(sheets.map((s) => s.scores[i]!))
  })
  return {
    ...base,
    weightedMean,
    calibrated,
    standardDeviation: Math.sqrt(mean(weighted.map((w) => (w - weightedMean) ** 2))),
    range,
    // Rounded like ties, so a spread equal to the threshold but for floating-point noise is not flagged.
    discuss: scorers >= 2 && roundForComparison(range) > input.discussAbove,
    scorers,
    tooFewScorers,
    criterionMeans,
  }
}

// — Ranking —

/** Standard competition ranking (1, 2, 2, 4) by weighted mean; unscored rows last, unranked. */
function rank(rows: Unranked[]): RankingRow[] {
  const scored = rows.filter((r) => r.weightedMean !== undefined).sort((a, b) => tieKey(b) - tieKey(a) || byName(a, b))
  const unscored = rows.filter((r) => r.weightedMean === undefined).sort(byName)
  // Sorted, so a row's rank is one more than the index of the first row with its key.
  const firstAt = new Map<number, number>()
  const count = new Map<number, number>()
  scored.forEach((row, i) => {
    const key = tieKey(row)
    if (!firstAt.has(key)) firstAt.set(key, i)
    count.set(key, (count.get(key) ?? 0) + 1)
  })
  const ranked = scored.map((row) => withRank(row, firstAt.get(tieKey(row))! + 1, count.get(tieKey(row))! > 1))
  return [...ranked, ...unscored.map((row) => withRank(row, undefined, false))]
}

/** The row with rank and tied placed after the organisation name, as RankingRow lists them. */
function withRank(row: Unranked, rank: number | undefined, tied: boolean): RankingRow {
  const { applicationId, organisationName, ...figures } = row
  return { applicationId, organisationName, ...(rank === undefined ? {} : { rank }), tied, ...figures }
}

/** Weighted means equal to 9 decimal places are a tie: this absorbs floating-point noise. */
function tieKey(row: Unranked): number {
  return Math.round(row.weightedMean! * 1e9)
}

function roundForComparison(x: number): number {
  return Math.round(x * 1e9) / 1e9
}

function byName(a: Unranked, b: Unranked): number {
  return compareCodeUnits(a.organisationName, b.organisationName) || compareCodeUnits(a.applicationId, b.applicationId)
}

// — Arithmetic —

/** Items by key, each group in the items' order. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}

function isScore(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function sum(xs: number[]): number {
  return xs.reduce((total, x) => total + x, 0)
}

function mean(xs: number[]): number {
  return sum(xs) / xs.length
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(Math.max(x, min), max)
}

/** Plain code-unit order: the same on every machine, unlike a locale's collation. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
