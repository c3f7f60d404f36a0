// The rules feedback is composed by: which decision an applicant is told, which services fit
// their outcome, their weakest criteria, the reason given or the panel's words, when the funded
// and shortlist averages may be shown, what counts as a strength (never contradicting the numbers
// beside it), when feedback counts as short, and that the draft carries only the panel's words
// for the applicant.
import { describe, expect, it } from 'vitest'
import {
  composeDraft,
  criterionScores,
  feedbackState,
  outcomeOf,
  strengths,
  suggestSignposts,
  tagMatches,
  weakest,
} from '../../functions/core/feedback/compose.js'
import type { Candidate, Criterion, RankingRow } from '../../shared/schemas/assessing.js'
import type { CriterionScore, Signpost } from '../../shared/schemas/feedback.js'
import { SHORT_FEEDBACK_WORDS } from '../../shared/schemas/feedback.js'

const AT = '2026-03-01T12:00:00.000Z'
const decided = (reason = '') => ({ reason, by: 'manager-1', byName: 'Priya Shah', at: AT })

function candidate(overrides: Partial<Candidate> = {}): Candidate {
  return {
    applicationId: '01HZX0000000000000000000A1',
    competitionId: '01HZX0000000000000000000C1',
    organisationId: '01HZX0000000000000000000O1',
    organisationName: 'Breathe Easy Ltd',
    amountRequestedPence: 1_670_000,
    themeIds: [],
    submittedAt: AT,
    ...overrides,
  }
}

const criteria: Criterion[] = [
  {
    id: 'understanding',
    title: 'Understanding of the problem',
    description: 'Shows the problem from the service’s side, with evidence.',
    weight: 2,
    bands: [],
  },
  {
    id: 'feasibility',
    title: 'Feasibility',
    description: 'Can be built and tried within the award.',
    weight: 1,
    bands: [],
  },
  {
    id: 'impact',
    title: 'Impact on health and wellbeing',
    description: 'Clear, measurable benefit in the region.',
    weight: 1,
    bands: [],
  },
]
const scale = { min: 0, max: 5 }

type Row = RankingRow & { award?: Candidate['award'] }
const row = (applicationId: string, means: [number, number, number], extra: Partial<Row> = {}): Row => ({
  applicationId,
  organisationName: applicationId,
  tied: false,
  discuss: false,
  scorers: 2,
  tooFewScorers: false,
  criterionMeans: { understanding: means[0], feasibility: means[1], impact: means[2] },
  ...extra,
})
const offered = { status: 'offered' as const, amountPence: 1_000_000 }

const signpost = (name: string, tags: string[], extra: Partial<Signpost> = {}): Signpost => ({
  id: `sp-${name.toLowerCase().replace(/\W+/g, '-')}`,
  competitionId: 'c1',
  name,
  helpsWith: `Help from ${name}.`,
  url: 'https://example.org/',
  tags,
  audience: ['ineligible', 'not-shortlisted', 'not-funded'],
  topics: [],
  version: 1,
  updatedAt: AT,
  ...extra,
})

describe('tagMatches', () => {
  it('matches a long word’s family: regulation fits regulatory, finance fits financial', () => {
    expect(tagMatches('regulation', 'The plan needs regulatory approval first.')).toBe(true)
    expect(tagMatches('finance', 'No financial plan beyond the award.')).toBe(true)
    expect(tagMatches('evidence', 'Little Evidence of demand.')).toBe(true)
  })

  it('matches short tags only as whole words: roi is not in heroic', () => {
    expect(tagMatches('roi', 'A heroic effort, but too early.')).toBe(false)
    expect(tagMatches('roi', 'The ROI case was not made.')).toBe(true)
    expect(tagMatches('dtac', 'No DTAC assessment yet.')).toBe(true)
  })

  it('matches a phrase tag only as the whole phrase', () => {
    expect(tagMatches('business growth', 'Support for Business  Growth in the region.')).toBe(true)
    expect(tagMatches('business growth', 'A growth plan for the business.')).toBe(false)
    expect(tagMatches('information governance', 'information sharing and its governance')).toBe(false)
    expect(tagMatches('', 'anything')).toBe(false)
  })

  it('suggests the services whose tags fit the reason or a weak criterion, and no others', () => {
    const services = [
      signpost('Regulation helpdesk', ['regulation']),
      signpost('Growth hub', ['business growth']),
      signpost('Evidence lab', ['evidence']),
    ]
    const byReason = suggestSignposts(services, {
      outcome: 'not-shortlisted',
      reason: 'Needs regulatory approval first.',
      panelWords: [],
      weak: [],
    })
    expect(byReason.map((s) => s.name)).toEqual(['Regulation helpdesk'])
    const byCriterion = suggestSignposts(services, {
      outcome: 'not-funded',
      reason: '',
      panelWords: [],
      weak: [criteria[0]!],
    })
    expect(byCriterion.map((s) => s.name)).toEqual(['Evidence lab'])
  })
})

describe('outcomeOf', () => {
  it('reads the decision an applicant is told from screening, shortlisting and the award', () => {
    expect(outcomeOf(candidate({ screening: { outcome: 'ineligible', ...decided('Outside the region') } }))).toBe(
      'ineligible',
    )
    expect(
      outcomeOf(
        candidate({
          screening: { outcome: 'eligible', ...decided() },
          shortlist: { outcome: 'not-shortlisted', ...decided('Too early') },
        }),
      ),
    ).toBe('not-shortlisted')
    expect(
      outcomeOf(
        candidate({
          screening: { outcome: 'eligible', ...decided() },
          shortlist: { outcome: 'shortlisted', ...decided() },
        }),
      ),
    ).toBe('not-funded')
    expect(
      outcomeOf(
        candidate({
          screening: { outcome: 'eligible', ...decided() },
          shortlist: { outcome: 'shortlisted', ...decided() },
          award: offered,
        }),
      ),
    ).toBe('funded')
    expect(
      outcomeOf(
        candidate({
          screening: { outcome: 'eligible', ...decided() },
          shortlist: { outcome: 'shortlisted', ...decided() },
          award: { status: 'accepted', amountPence: 1 },
        }),
      ),
    ).toBe('funded')
  })

  it('is not funded once the award was declined or withdrawn', () => {
    for (const status of ['declined', 'withdrawn'] as const) {
      expect(
        outcomeOf(
          candidate({
            screening: { outcome: 'eligible', ...decided() },
            shortlist: { outcome: 'shortlisted', ...decided() },
            award: { status, amountPence: 1 },
          }),
        ),
      ).toBe('not-funded')
    }
  })

  it('has no outcome while there is no final decision', () => {
    expect(outcomeOf(candidate())).toBeUndefined()
    expect(outcomeOf(candidate({ screening: { outcome: 'eligible', ...decided() } }))).toBeUndefined()
  })
})

describe('criterionScores', () => {
  it('gives the funded average only where at least two other applications hold an award', () => {
    const rows = [
      row('mine', [1, 4, 3]),
      row('won-1', [5, 4, 4], { award: offered }),
      row('won-2', [4, 5, 5], { award: { status: 'accepted', amountPence: 1 } }),
    ]
    const scores = criterionScores(rows, criteria, scale, 'mine')
    expect(scores).toEqual([
      {
        criterionId: 'understanding',
        title: 'Understanding of the problem',
        score: 1,
        fundedAverage: 4.5,
        shortlistAverage: 3.3,
        min: 0,
        max: 5,
      },
      {
        criterionId: 'feasibility',
        title: 'Feasibility',
        score: 4,
        fundedAverage: 4.5,
        shortlistAverage: 4.3,
        min: 0,
        max: 5,
      },
      {
        criterionId: 'impact',
        title: 'Impact on health and wellbeing',
        score: 3,
        fundedAverage: 4.5,
        shortlistAverage: 4,
        min: 0,
        max: 5,
      },
    ])
  })

  it('hides the average where it would give one funded applicant’s scores away', () => {
    const rows = [
      row('mine', [1, 4, 3]),
      row('won-1', [5, 4, 4], { award: offered }),
      row('won-2', [4, 5, 5], { award: offered }),
    ]
    // A winner compares with the one other winner: that would be their scores exactly.
    for (const score of criterionScores(rows, criteria, scale, 'won-1')) expect(score.fundedAverage).toBeUndefined()
    // Declined and withdrawn awards, and funded rows nobody scored, do not count.
    const thin = [
      row('mine', [1, 4, 3]),
      row('won-1', [5, 4, 4], { award: offered }),
      row('declined', [5, 5, 5], { award: { status: 'declined', amountPence: 1 } }),
      row('withdrawn', [5, 5, 5], { award: { status: 'withdrawn', amountPence: 1 } }),
      row('unscored', [5, 5, 5], { award: offered, scorers: 0 }),
    ]
    for (const score of criterionScores(thin, criteria, scale, 'mine')) expect(score.fundedAverage).toBeUndefined()
  })

  it('has no scores for an application nobody scored', () => {
    expect(criterionScores([row('mine', [1, 1, 1], { scorers: 0 })], criteria, scale, 'mine')).toEqual([])
    expect(criterionScores([], criteria, scale, 'mine')).toEqual([])
  })
})

describe('feedbackState', () => {
  it('flags missing, empty and very short feedback', () => {
    expect(feedbackState(undefined)).toBe('missing')
    expect(feedbackState({ words: 0 })).toBe('empty')
    expect(feedbackState({ words: 1 })).toBe('short')
    expect(feedbackState({ words: SHORT_FEEDBACK_WORDS - 1 })).toBe('short')
    expect(feedbackState({ words: SHORT_FEEDBACK_WORDS })).toBe('ready')
  })
})

describe('composeDraft', () => {
  const shortlisted = candidate({
    screening: { outcome: 'eligible', ...decided() },
    shortlist: { outcome: 'shortlisted', ...decided('Strong fit') },
  })
  const scores: CriterionScore[] = [
    {
      criterionId: 'understanding',
      title: 'Understanding of the problem',
      score: 1,
      fundedAverage: 4.5,
      min: 0,
      max: 5,
    },
    { criterionId: 'feasibility', title: 'Feasibility', score: 4, min: 0, max: 5 },
    { criterionId: 'impact', title: 'Impact on health and wellbeing', score: 3.5, min: 0, max: 5 },
  ]

  it('joins the panel’s words for the applicant, leaving out empty ones', () => {
    const draft = composeDraft({
      competitionTitle: 'Healthy homes',
      candidate: shortlisted,
      outcome: 'not-funded',
      criteria,
      scores,
      panelFeedback: ['  ', 'Clear pitch.  ', '', '\n', 'Show demand.'],
      signposts: [],
      showScores: true,
    })
    expect(draft.panelComments).toBe('Clear pitch.\n\nShow demand.')
    const none = composeDraft({
      competitionTitle: 'Healthy homes',
      candidate: shortlisted,
      outcome: 'not-funded',
      criteria,
      scores: [],
      panelFeedback: ['', ' '],
      signposts: [],
      showScores: true,
    })
    expect(none.panelComments).toBe('')
    expect(none.strengths).toBe('')
    expect(none.improvements).toBe('')
  })

  it('names strengths and the weakest criteria with the funded average where known, and suggests services for the weakest', () => {
    const services = [signpost('Evidence lab', ['evidence']), signpost('Growth hub', ['business growth'])]
    const draft = composeDraft({
      competitionTitle: 'Healthy homes',
      candidate: shortlisted,
      outcome: 'not-funded',
      criteria,
      scores,
      panelFeedback: [],
      signposts: services,
      showScores: true,
    })
    // No shortlist average to compare with: the application's own best, said as such.
    expect(draft.strengths).toContain('highest-scoring criterion, compared with its other criteria')
    expect(draft.strengths).toContain('Feasibility: 4 out of 5')
    expect(draft.strengths).not.toContain('Impact')
    expect(draft.strengths).not.toContain('Understanding')
    expect(draft.improvements).toContain('Understanding of the problem: 1 out of 5 (funded applications averaged 4.5)')
    expect(draft.improvements).toContain('with evidence')
    expect(draft.improvements).not.toContain('Feasibility')
    expect(draft.signpostIds).toEqual(['sp-evidence-lab'])
  })

  it('never lists a criterion as both a strength and something to improve, and matches services only to a reason against', () => {
    const allStrong: CriterionScore[] = [
      { criterionId: 'understanding', title: 'Understanding of the problem', score: 4.5, min: 0, max: 5 },
      { criterionId: 'feasibility', title: 'Feasibility', score: 4, min: 0, max: 5 },
    ]
    // Shortlisted for a reason that mentions evidence: a reason for, not against.
    const praised = candidate({
      screening: { outcome: 'eligible', ...decided() },
      shortlist: { outcome: 'shortlisted', ...decided('Strong evidence from a pilot') },
    })
    const draft = composeDraft({
      competitionTitle: 'Healthy homes',
      candidate: praised,
      outcome: 'not-funded',
      criteria: [],
      scores: allStrong,
      panelFeedback: [],
      signposts: [signpost('Evidence lab', ['evidence'])],
      showScores: true,
    })
    expect(draft.improvements).toContain('Feasibility')
    expect(draft.strengths).toContain('Understanding of the problem')
    expect(draft.strengths).not.toContain('Feasibility')
    expect(draft.signpostIds).toEqual([])
  })

  it('quotes no score or funded average in the text where the competition does not show scores', () => {
    const draft = composeDraft({
      competitionTitle: 'Healthy homes',
      candidate: shortlisted,
      outcome: 'not-funded',
      criteria,
      scores,
      panelFeedback: [],
      signposts: [],
      showScores: false,
    })
    expect(draft.strengths).toContain('Feasibility')
    expect(draft.improvements).toContain('Understanding of the problem')
    expect(`${draft.strengths}\n${draft.improvements}`).not.toMatch(/out of|averaged|\d/)
  })

  it('gives the screening reason to the ineligible and the shortlisting reason to the rest', () => {
    const ineligible = candidate({
      screening: { outcome: 'ineligible', ...decided('Not based in the Liverpool City Region') },
    })
    const draft = composeDraft({
      competitionTitle: 'Healthy homes',
      candidate: ineligible,
      outcome: 'ineligible',
      criteria,
      scores: [],
      panelFeedback: [],
      signposts: [],
      showScores: true,
    })
    expect(draft.decision).toBe(
      'Your expression of interest for “Healthy homes” did not meet the eligibility criteria. Not based in the Liverpool City Region.',
    )
    const notListed = candidate({
      screening: { outcome: 'eligible', ...decided('Looks fine') },
      shortlist: { outcome: 'not-shortlisted', ...decided('Needs regulatory approval first.') },
    })
    const regulation = signpost('Regulation helpdesk', ['regulation'])
    const second = composeDraft({
      competitionTitle: 'Healthy homes',
      candidate: notListed,
      outcome: 'not-shortlisted',
      criteria,
      scores: [],
      panelFeedback: [],
      signposts: [regulation],
      showScores: true,
    })
    expect(second.decision).toBe(
      'Your expression of interest for “Healthy homes” was not shortlisted to pitch. Needs regulatory approval first.',
    )
    expect(second.decision).not.toContain('Looks fine')
    expect(second.signpostIds).toEqual([regulation.id])
  })
})

describe('strengths', () => {
  const score = (
    criterionId: string,
    value: number,
    averages: { funded?: number; shortlist?: number } = {},
  ): CriterionScore => ({
    criterionId,
    title: criteria.find((c) => c.id === criterionId)?.title ?? criterionId,
    score: value,
    ...(averages.funded === undefined ? {} : { fundedAverage: averages.funded }),
    ...(averages.shortlist === undefined ? {} : { shortlistAverage: averages.shortlist }),
    min: 0,
    max: 5,
  })
  const shortlisted = candidate({
    screening: { outcome: 'eligible', ...decided() },
    shortlist: { outcome: 'shortlisted', ...decided() },
  })
  const draftOf = (scores: CriterionScore[]) =>
    composeDraft({
      competitionTitle: 'Healthy homes',
      candidate: shortlisted,
      outcome: 'not-funded',
      criteria,
      scores,
      panelFeedback: [],
      signposts: [],
      showScores: true,
    })
  /** "- Title: 3.6 out of 5 (shortlisted applications averaged 3.2)" → [3.6, 3.2]. */
  const numbersOf = (line: string) =>
    [...line.matchAll(/(\d+(?:\.\d+)?) out of|averaged (\d+(?:\.\d+)?)/g)].map((m) => Number(m[1] ?? m[2]))

  it('never calls strong what scored below the averages shown: below the shortlist’s average, it is the application’s own best, said as such', () => {
    // The demo's Damp Map Analytics: every criterion below the funded and the shortlist's average.
    const draft = draftOf([
      score('understanding', 3.6, { funded: 3.8, shortlist: 3.7 }),
      score('feasibility', 3.2, { funded: 3.8, shortlist: 3.6 }),
      score('impact', 3.2, { funded: 3.7, shortlist: 3.6 }),
    ])
    expect(draft.strengths).toBe(
      'Your application’s highest-scoring criterion, compared with its other criteria (not with other applications):\n- Understanding of the problem: 3.6 out of 5',
    )
    expect(draft.strengths).not.toMatch(/Feasibility|Impact/)
  })

  it('names as strong what scored above the shortlist’s average, with that average beside it', () => {
    const draft = draftOf([
      score('understanding', 4.2, { funded: 4.4, shortlist: 3.5 }),
      score('feasibility', 3.4, { shortlist: 3.8 }),
      score('impact', 4.6, { shortlist: 4.1 }),
    ])
    expect(draft.strengths.split('\n')).toEqual([
      'These scored above the average of the shortlisted applications:',
      '- Impact on health and wellbeing: 4.6 out of 5 (shortlisted applications averaged 4.1)',
      '- Understanding of the problem: 4.2 out of 5 (shortlisted applications averaged 3.5)',
    ])
  })

  it('holds for any scores: each strength is above the average beside it, or the application’s own best and said so; never one to improve', () => {
    let seed = 7
    const next = () => {
      seed = (seed * 48271) % 2147483647
      return seed / 2147483647
    }
    const tenth = (n: number) => Math.round(n * 10) / 10
    for (let i = 0; i < 500; i++) {
      const scores = criteria.map((c) =>
        score(c.id, tenth(next() * 5), {
          funded: next() < 0.7 ? tenth(next() * 5) : undefined,
          shortlist: next() < 0.7 ? tenth(next() * 5) : undefined,
        }),
      )
      const { strengths: text, improvements } = draftOf(scores)
      if (!text) continue
      const [intro, ...lines] = text.split('\n')
      const listed = lines.map((line) => scores.find((s) => line.startsWith(`- ${s.title}:`))!)
      for (const s of listed) expect(improvements, JSON.stringify(scores)).not.toContain(`- ${s.title}:`)
      if (intro!.startsWith('These scored above the average of the shortlisted applications')) {
        for (const line of lines) {
          const [own, average] = numbersOf(line)
          expect(own, line).toBeGreaterThan(average!)
        }
      } else {
        expect(intro).toMatch(
          /^Your application’s highest-scoring criteri(on|a), compared with its other criteria \(not with other applications\):$/,
        )
        const best = Math.max(...scores.filter((s) => !improvements.includes(`- ${s.title}:`)).map((s) => s.score))
        for (const s of listed) expect(s.score).toBe(best)
        for (const line of lines) expect(line).not.toContain('averaged')
      }
    }
  })

  it('are never below the strength line, and only the best when said as the application’s own', () => {
    const scores = [score('understanding', 2, { shortlist: 1 }), score('feasibility', 4), score('impact', 3.5)]
    expect(strengths(scores, weakest(scores))).toEqual({ basis: 'own', criteria: [scores[1]] })
  })
})

describe('suggestSignposts', () => {
  const general = signpost('Growth hub', [])
  const forIneligible = signpost('Funding finder', [], { audience: ['ineligible'] })
  const forImpact = signpost('Impact clinic', [], { topics: ['impact'], audience: ['not-funded'] })
  const consent = signpost('Data protection helpline', ['consent', 'data protection'])
  const finance = signpost('Finance desk', ['finance'])
  const directory = [finance, consent, forImpact, forIneligible, general]
  const shortlisted = candidate({
    screening: { outcome: 'eligible', ...decided() },
    shortlist: { outcome: 'shortlisted', ...decided('Strong evidence') },
  })
  const scores: CriterionScore[] = [
    { criterionId: 'understanding', title: 'Understanding of the problem', score: 4, min: 0, max: 5 },
    { criterionId: 'feasibility', title: 'Feasibility', score: 3.5, min: 0, max: 5 },
    { criterionId: 'impact', title: 'Impact on health and wellbeing', score: 1.5, min: 0, max: 5 },
  ]

  it('chooses help for the shortlisted but not funded by their weakest criteria’s topics and the panel’s words, then the general services meant for them', () => {
    const draft = composeDraft({
      competitionTitle: 'Healthy homes',
      candidate: shortlisted,
      outcome: 'not-funded',
      criteria,
      scores,
      panelFeedback: ['Explain how tenants would consent.', 'An impressive team.'],
      signposts: directory,
      showScores: true,
    })
    expect(draft.signpostIds).toEqual([forImpact.id, consent.id, general.id])
  })

  it('suggests only services meant for the applicant’s outcome, and none to the funded or the undecided', () => {
    const needs = { reason: 'Based outside the region, with no financial plan.', panelWords: [], weak: [] }
    expect(suggestSignposts(directory, { ...needs, outcome: 'ineligible' }).map((s) => s.name)).toEqual([
      'Finance desk',
      'Funding finder',
      'Growth hub',
    ])
    expect(suggestSignposts(directory, { ...needs, outcome: 'not-shortlisted' }).map((s) => s.name)).toEqual([
      'Finance desk',
      'Growth hub',
    ])
    expect(suggestSignposts(directory, { ...needs, outcome: 'funded' })).toEqual([])
    expect(suggestSignposts(directory, { ...needs, outcome: undefined })).toEqual([])
  })
})
