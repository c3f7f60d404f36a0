// The ranking built from panel score sheets: a panel a programme manager would recognise,
// then properties that must hold for any panel.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { aggregate, weightedScore, type AggregationInput } from '../../functions/core/assessing/aggregation.js'
import type { RankingRow } from '../../shared/schemas/assessing.js'

// — A shortlist of 4 scored by 5 panellists on 0–5, impact counting double —

const criteria = [
  { id: 'impact', weight: 2 },
  { id: 'feasibility', weight: 1 },
  { id: 'team', weight: 1 },
]
const applications = [
  { applicationId: 'app-alder', organisationName: 'Alder Health' },
  { applicationId: 'app-birch', organisationName: 'Birch Data' },
  { applicationId: 'app-cedar', organisationName: 'Cedar Labs' },
  { applicationId: 'app-damson', organisationName: 'Damson CIC' },
]
type Scores = [impact: number, feasibility: number, team: number]
const sheet = (
  applicationId: string,
  panellistId: string,
  [impact, feasibility, team]: Scores,
  status: 'draft' | 'submitted' = 'submitted',
) => ({
  applicationId,
  panellistId,
  status,
  scores: { impact, feasibility, team },
})

// Weighted score = (2·impact + feasibility + team) / 4. Panellists 1–4 are fair: over the
// four applications each averages 3. Panellist 5 is harsh: one lower on every criterion.
const grid: Record<string, Record<string, Scores>> = {
  'app-alder': { p1: [5, 4, 4], p2: [3, 4, 4], p3: [4, 4, 4], p4: [4, 4, 4], p5: [3, 3, 3] }, // 4.5 3.5 4 4 3 → 3.8
  'app-birch': { p1: [1, 2, 2], p2: [3, 2, 2], p3: [2, 2, 2], p4: [2, 2, 2], p5: [1, 1, 1] }, // 1.5 2.5 2 2 1 → 1.8
  'app-cedar': { p1: [4, 3, 3], p2: [4, 3, 3], p3: [5, 3, 3], p4: [3, 3, 3], p5: [3, 2, 2] }, // 3.5 3.5 4 3 2.5 → 3.3
  'app-damson': { p1: [2, 3, 3], p2: [2, 3, 3], p3: [1, 3, 3], p4: [3, 3, 3], p5: [1, 2, 2] }, // 2.5 2.5 2 3 1.5 → 2.3
}
const sheets = Object.entries(grid).flatMap(([applicationId, byPanellist]) =>
  Object.entries(byPanellist).map(([panellistId, scores]) => sheet(applicationId, panellistId, scores)),
)
const panel: AggregationInput = {
  scale: { min: 0, max: 5 },
  criteria,
  applications,
  sheets,
  conflicts: [],
  discussAbove: 1.5,
  minScorers: 3,
}

const byId = (rows: RankingRow[]) => Object.fromEntries(rows.map((r) => [r.applicationId, r]))

describe('a weighted score', () => {
  it('is Σ weight × score / Σ weight', () => {
    expect(weightedScore(criteria, { impact: 4, feasibility: 3, team: 3 })).toBe(3.5)
    expect(
      weightedScore(
        [
          { id: 'a', weight: 30 },
          { id: 'b', weight: 70 },
        ],
        { a: 5, b: 0 },
      ),
    ).toBeCloseTo(1.5, 12)
  })

  it('stays between the lowest and highest score given, despite floating-point noise', () => {
    // Computed naively, 6.57·3 + 8.98·3 over 6.57 + 8.98 is 3.0000000000000004: off a 0–3 scale.
    expect(
      weightedScore(
        [
          { id: 'a', weight: 6.57 },
          { id: 'b', weight: 8.98 },
        ],
        { a: 3, b: 3 },
      ),
    ).toBe(3)
    expect(weightedScore([{ id: 'a', weight: 0.47 }], { a: 7 })).toBe(7)
  })

  it('is undefined while any criterion is unscored, and ignores scores for other criteria', () => {
    expect(weightedScore(criteria, { impact: 4, feasibility: 3 })).toBeUndefined()
    expect(weightedScore(criteria, { impact: 4, feasibility: 3, team: 3, retired: 0 })).toBe(3.5)
  })
})

describe('the ranking of a panel', () => {
  it('ranks by weighted mean, with the figures a manager can check by hand', () => {
    const rows = aggregate(panel)
    expect(rows.map((r) => [r.organisationName, r.rank, r.tied])).toEqual([
      ['Alder Health', 1, false],
      ['Cedar Labs', 2, false],
      ['Damson CIC', 3, false],
      ['Birch Data', 4, false],
    ])
    const alder = byId(rows)['app-alder']!
    expect(alder.weightedMean).toBeCloseTo(3.8, 12)
    expect(alder.criterionMeans).toEqual({ impact: 3.8, feasibility: 3.8, team: 3.8 })
    expect(alder.scorers).toBe(5)
    expect(alder.range).toBe(1.5) // 4.5 − 3
    expect(alder.standardDeviation).toBeCloseTo(Math.sqrt(0.26), 12) // deviations .7 −.3 .2 .2 −.8
    expect(byId(rows)['app-birch']!.weightedMean).toBeCloseTo(1.8, 12)
    expect(byId(rows)['app-cedar']!.weightedMean).toBeCloseTo(3.3, 12)
    expect(byId(rows)['app-damson']!.weightedMean).toBeCloseTo(2.3, 12)
    // Every spread is exactly 1.5: at the threshold, not above it.
    expect(rows.every((r) => !r.discuss && !r.tooFewScorers)).toBe(true)
  })

  it('leaves calibration with nothing to do when every panellist scored everything', () => {
    for (const row of aggregate(panel)) expect(row.calibrated).toBeCloseTo(row.weightedMean!, 12)
  })

  it('calibrates out a harsh panellist who scored only some applications', () => {
    // Panellist 5 is conflicted on Cedar and Damson, so their harshness drags down only Alder and Birch.
    const conflicts = [
      { applicationId: 'app-cedar', panellistId: 'p5' },
      { applicationId: 'app-damson', panellistId: 'p5' },
    ]
    const rows = byId(aggregate({ ...panel, conflicts }))
    const fair = { 'app-alder': 4, 'app-birch': 2, 'app-cedar': 3.5, 'app-damson': 2.5 } // panellists 1–4
    // Raw, Alder leads Cedar by only 0.3 (3.8 v 3.5); the fair panel put it 0.5 ahead.
    expect(rows['app-alder']!.weightedMean! - rows['app-cedar']!.weightedMean!).toBeCloseTo(0.3, 12)
    // Offsets: grand mean 52/18; panellists 1–4 +1/9, panellist 5 −8/9. Calibrated = fair − 1/9 throughout.
    for (const [id, score] of Object.entries(fair)) expect(rows[id]!.calibrated).toBeCloseTo(score - 1 / 9, 12)
    expect(rows['app-alder']!.calibrated! - rows['app-cedar']!.calibrated!).toBeCloseTo(0.5, 12)
    // The raw mean stays beside it, and still decides the rank.
    expect(rows['app-alder']!.weightedMean).toBeCloseTo(3.8, 12)
  })

  it('gives a tie a shared rank, flags it, and lists it by organisation name', () => {
    const elm = { applicationId: 'app-elm', organisationName: 'Elm Trust' }
    const elmSheets = Object.entries(grid['app-cedar']!).map(([panellistId, scores]) =>
      sheet('app-elm', panellistId, scores),
    )
    const rows = aggregate({ ...panel, applications: [elm, ...applications], sheets: [...elmSheets, ...sheets] })
    expect(rows.map((r) => [r.organisationName, r.rank, r.tied])).toEqual([
      ['Alder Health', 1, false],
      ['Cedar Labs', 2, true],
      ['Elm Trust', 2, true],
      ['Damson CIC', 4, false],
      ['Birch Data', 5, false],
    ])
  })

  it('treats means that differ only by floating-point noise as a tie, and their spread as none', () => {
    // Weights 10%, 20%, 70%: (0, 0, 5) gives 3.5 but (4, 5, 3) gives 3.4999999999999996.
    const percent = [
      { id: 'a', weight: 0.1 },
      { id: 'b', weight: 0.2 },
      { id: 'c', weight: 0.7 },
    ]
    const [x, y] = [weightedScore(percent, { a: 0, b: 0, c: 5 }), weightedScore(percent, { a: 4, b: 5, c: 3 })]
    expect(x).not.toBe(y)
    const high = { a: 0, b: 0, c: 5 }
    const low = { a: 4, b: 5, c: 3 }
    const input: AggregationInput = {
      ...panel,
      criteria: percent,
      applications: applications.slice(0, 3),
      sheets: [
        { applicationId: 'app-alder', panellistId: 'p1', status: 'submitted', scores: high },
        { applicationId: 'app-birch', panellistId: 'p1', status: 'submitted', scores: low },
        { applicationId: 'app-cedar', panellistId: 'p1', status: 'submitted', scores: high },
        { applicationId: 'app-cedar', panellistId: 'p2', status: 'submitted', scores: low },
      ],
      discussAbove: 0,
    }
    const rows = byId(aggregate(input))
    expect(rows['app-alder']!.weightedMean).not.toBe(rows['app-birch']!.weightedMean)
    expect(Object.values(rows).map((r) => [r.rank, r.tied])).toEqual([
      [1, true],
      [1, true],
      [1, true],
    ])
    expect(rows['app-cedar']!.range).toBeGreaterThan(0)
    expect(rows['app-cedar']!.discuss).toBe(false)
  })

  it('flags an application to discuss when its scores spread more than the threshold', () => {
    // Panellist 4 now scores Cedar 1, 2, 2 (1.5): Cedar's weighted scores run 1.5 to 4.
    const outlier = sheets.map((s) =>
      s.applicationId === 'app-cedar' && s.panellistId === 'p4' ? sheet('app-cedar', 'p4', [1, 2, 2]) : s,
    )
    const rows = byId(aggregate({ ...panel, sheets: outlier }))
    expect(rows['app-cedar']!.range).toBe(2.5)
    expect(rows['app-cedar']!.discuss).toBe(true)
    expect(Object.values(rows).filter((r) => r.discuss)).toHaveLength(1)
  })

  it('never flags a single scorer to discuss', () => {
    const rows = byId(aggregate({ ...panel, sheets: sheets.filter((s) => s.panellistId === 'p1'), discussAbove: 0 }))
    expect(rows['app-alder']).toMatchObject({ scorers: 1, range: 0, standardDeviation: 0, discuss: false })
  })

  it('warns where too few panellists scored', () => {
    const rows = byId(
      aggregate({ ...panel, minScorers: 5, conflicts: [{ applicationId: 'app-cedar', panellistId: 'p5' }] }),
    )
    expect(rows['app-cedar']).toMatchObject({ scorers: 4, tooFewScorers: true })
    expect(rows['app-alder']).toMatchObject({ scorers: 5, tooFewScorers: false })
  })

  it('does not calibrate a panellist who scored only one application', () => {
    // Panellist 5 scored only Birch (1): one score is no evidence of harshness, so their offset is 0.
    // Grand mean (48 + 1) / 17; panellists 1–4 average 3, so their offset is 3 − 49/17 = 2/17.
    const conflicts = ['app-alder', 'app-cedar', 'app-damson'].map((applicationId) => ({
      applicationId,
      panellistId: 'p5',
    }))
    const birch = byId(aggregate({ ...panel, conflicts }))['app-birch']!
    expect(birch.calibrated).toBeCloseTo((1.5 - 2 / 17 + 2.5 - 2 / 17 + 2 - 2 / 17 + 2 - 2 / 17 + 1) / 5, 12)
  })

  it('does not count a conflicted panellist’s sheet', () => {
    const conflicts = [{ applicationId: 'app-birch', panellistId: 'p2' }]
    const withSheet = aggregate({ ...panel, conflicts })
    const withoutSheet = aggregate({
      ...panel,
      conflicts,
      sheets: sheets.filter((s) => !(s.applicationId === 'app-birch' && s.panellistId === 'p2')),
    })
    expect(withSheet).toStrictEqual(withoutSheet)
    const birch = byId(withSheet)['app-birch']!
    expect(birch.scorers).toBe(4)
    expect(birch.weightedMean).toBeCloseTo((1.5 + 2 + 2 + 1) / 4, 12)
  })

  it('does not count a draft sheet, or one with a criterion unscored', () => {
    const changed = sheets.map((s) => {
      if (s.applicationId === 'app-alder' && s.panellistId === 'p5') return sheet('app-alder', 'p5', [0, 0, 0], 'draft')
      if (s.applicationId === 'app-alder' && s.panellistId === 'p4')
        return { ...s, scores: { impact: 0, feasibility: 0 } }
      return s
    })
    const alder = byId(aggregate({ ...panel, sheets: changed }))['app-alder']!
    expect(alder.scorers).toBe(3)
    expect(alder.weightedMean).toBeCloseTo((4.5 + 3.5 + 4) / 3, 12)
  })

  it('lists an application nobody has scored last, unranked, with no figures', () => {
    const fig = { applicationId: 'app-fig', organisationName: 'Fig Co-op' }
    const rows = aggregate({ ...panel, applications: [fig, ...applications] })
    expect(rows.at(-1)).toStrictEqual({
      applicationId: 'app-fig',
      organisationName: 'Fig Co-op',
      tied: false,
      discuss: false,
      scorers: 0,
      tooFewScorers: true,
      criterionMeans: {},
    })
  })
})

// — Any panel —

const panellists = ['p0', 'p1', 'p2', 'p3', 'p4']
const names = ['Alder Health', 'Birch Data', 'Cedar Labs']

/** A random panel; sheets and conflicts may name an application not on the list ('ghost'). */
const anyPanel = (
  weight: fc.Arbitrary<number> = fc.double({ min: 0.1, max: 10, noNaN: true }),
): fc.Arbitrary<AggregationInput> =>
  fc
    .record({
      min: fc.integer({ min: 0, max: 3 }),
      span: fc.integer({ min: 1, max: 7 }),
      weights: fc.array(weight, { minLength: 1, maxLength: 4 }),
      orgs: fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 6 }),
    })
    .chain(({ min, span, weights, orgs }) => {
      const scale = { min, max: min + span }
      const criteria = weights.map((w, i) => ({ id: `c${i}`, weight: w }))
      const applications = orgs.map((organisationName, i) => ({ applicationId: `a${i}`, organisationName }))
      const applicationId = fc.constantFrom(...applications.map((a) => a.applicationId), 'ghost')
      const panellistId = fc.constantFrom(...panellists)
      // The ends of the scale often, where rounding could push a mean off it.
      const score = fc.oneof(fc.integer({ min: scale.min, max: scale.max }), fc.constantFrom(scale.min, scale.max))
      const scores = fc.tuple(...criteria.map(() => fc.option(score, { freq: 12 }))).map((given) => {
        const record: Record<string, number> = {}
        given.forEach((s, i) => {
          if (s !== null) record[`c${i}`] = s
        })
        return record
      })
      return fc.record({
        scale: fc.constant(scale),
        criteria: fc.constant(criteria),
        applications: fc.constant(applications),
        sheets: fc.array(
          fc.record({
            applicationId,
            panellistId,
            status: fc.constantFrom('draft' as const, 'submitted' as const, 'submitted' as const),
            scores,
          }),
          {
            maxLength: 30,
          },
        ),
        conflicts: fc.array(fc.record({ applicationId, panellistId }), { maxLength: 5 }),
        discussAbove: fc.oneof(fc.constantFrom(0, 0.5, 1, 1.5, 2), fc.double({ min: 0, max: 5, noNaN: true })),
        minScorers: fc.integer({ min: 1, max: 5 }),
      })
    })

const runs = { numRuns: 200 }
const close = (a: number | undefined, b: number | undefined) =>
  a === b || (a !== undefined && b !== undefined && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)))

describe('any panel’s ranking', () => {
  it('does not change when every weight is multiplied by the same factor', () => {
    // Whole-number weights, as a rubric's usually are, keep means that differ well clear of the tie rounding.
    const weights = fc.integer({ min: 1, max: 10 })
    fc.assert(
      fc.property(anyPanel(weights), fc.double({ min: 0.01, max: 100, noNaN: true }), (input, k) => {
        const before = aggregate(input)
        const after = aggregate({ ...input, criteria: input.criteria.map((c) => ({ ...c, weight: c.weight * k })) })
        const flags = (rows: RankingRow[]) =>
          rows.map((r) => [r.applicationId, r.rank, r.tied, r.discuss, r.scorers, r.tooFewScorers])
        expect(flags(after)).toEqual(flags(before))
        before.forEach((row, i) => {
          const other = after[i]!
          for (const field of ['weightedMean', 'calibrated', 'standardDeviation', 'range'] as const) {
            expect(close(row[field], other[field]), field).toBe(true)
          }
          expect(other.criterionMeans).toEqual(row.criterionMeans)
        })
      }),
      runs,
    )
  })

  it('never counts a conflicted sheet, whatever it says', () => {
    const withConflict = anyPanel().chain((input) =>
      fc.record({
        input: fc.constant(input),
        conflict: fc.record({
          applicationId: fc.constantFrom(...input.applications.map((a) => a.applicationId)),
          panellistId: fc.constantFrom(...panellists),
        }),
        rescore: fc.integer({ min: input.scale.min, max: input.scale.max }),
      }),
    )
    fc.assert(
      fc.property(withConflict, ({ input, conflict, rescore }) => {
        const conflicts = [...input.conflicts, conflict]
        const isConflicted = (s: { applicationId: string; panellistId: string }) =>
          conflicts.some((c) => c.applicationId === s.applicationId && c.panellistId === s.panellistId)
        const allScored = Object.fromEntries(input.criteria.map((c) => [c.id, rescore]))
        const rescored = input.sheets.map((s) =>
          isConflicted(s) ? { ...s, status: 'submitted' as const, scores: allScored } : s,
        )
        const added = { ...conflict, status: 'submitted' as const, scores: allScored }
        expect(aggregate({ ...input, conflicts, sheets: [...rescored, added] })).toStrictEqual(
          aggregate({ ...input, conflicts }),
        )
      }),
      runs,
    )
  })

  it('is a permutation of the applications, ranks never going back up the list', () => {
    fc.assert(
      fc.property(anyPanel(), (input) => {
        const rows = aggregate(input)
        expect(rows.map((r) => r.applicationId).sort()).toEqual(input.applications.map((a) => a.applicationId).sort())
        const ranks = rows.map((r) => r.rank).filter((r) => r !== undefined)
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
        expect(rows.slice(ranks.length).every((r) => r.rank === undefined && !r.tied && r.scorers === 0)).toBe(true)
        for (const row of rows) {
          const sharing = rows.filter((other) => other.rank !== undefined && other.rank === row.rank)
          expect(row.tied).toBe(sharing.length > 1)
          if (row.rank !== undefined)
            expect(row.rank).toBe(1 + rows.filter((other) => other.rank !== undefined && other.rank < row.rank!).length)
        }
      }),
      runs,
    )
  })

  it('gives the same rows for the same panel, in whatever order it arrives', () => {
    const shuffled = <T>(items: T[]) => fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length })
    const withShuffle = anyPanel().chain((input) =>
      fc.record({
        input: fc.constant(input),
        sheets: shuffled(input.sheets),
        conflicts: shuffled(input.conflicts),
        applications: shuffled(input.applications),
      }),
    )
    fc.assert(
      fc.property(withShuffle, ({ input, sheets, conflicts, applications }) => {
        const rows = aggregate(input)
        expect(aggregate(structuredClone(input))).toStrictEqual(rows)
        expect(aggregate({ ...input, sheets, conflicts, applications })).toStrictEqual(rows)
      }),
      runs,
    )
  })

  it('keeps the weighted mean and calibrated score on the scale', () => {
    fc.assert(
      fc.property(anyPanel(), (input) => {
        for (const row of aggregate(input)) {
          for (const value of [row.weightedMean, row.calibrated]) {
            if (row.scorers === 0) expect(value).toBeUndefined()
            else {
              expect(value).toBeGreaterThanOrEqual(input.scale.min)
              expect(value).toBeLessThanOrEqual(input.scale.max)
            }
          }
        }
      }),
      runs,
    )
  })
})
