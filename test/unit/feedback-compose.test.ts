// The rules feedback is composed by: which decision an applicant is told, which services fit
// their weakest criteria or the reason given, when the funded average may be shown, when
// feedback counts as short, and that the draft carries only the panel's words for the applicant.
import { describe, expect, it } from 'vitest'
import { composeDraft, criterionScores, feedbackState, outcomeOf, suggestSignposts, tagMatches } from '../../functions/core/feedback/compose.js'
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
  { id: 'understanding', title: 'Understanding of the problem', description: 'Shows the problem from the service’s side, with evidence.', weight: 2, bands: [] },
  { id: 'feasibility', title: 'Feasibility', description: 'Can be built and tried within the award.', weight: 1, bands: [] },
  { id: 'impact', title: 'Impact on health and wellbeing', description: 'Clear, measurable benefit in the region.', weight: 1, bands: [] },
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

const signpost = (name: string, tags: string[]): Signpost => ({
  id: `sp-${name.toLowerCase().replace(/\W+/g, '-')}`,
  competitionId: 'c1',
  name,
  helpsWith: `Help from ${name}.`,
  url: 'https://example.org/',
  tags,
  version: 1,
  updatedAt: AT,
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
    const services = [signpost('Regulation helpdesk', ['regulation']), signpost('Growth hub', ['business growth']), signpost('Evidence lab', ['evidence'])]
    const byReason = suggestSignposts(services, { reason: 'Needs regulatory approval first.', weak: [] })
    expect(byReason.map((s) => s.name)).toEqual(['Regulation helpdesk'])
    const byCriterion = suggestSignposts(services, { reason: '', weak: [criteria[0]!] })
    expect(byCriterion.map((s) => s.name)).toEqual(['Evidence lab'])
  })
})

describe('outcomeOf', () => {
  it('reads the decision an applicant is told from screening, shortlisting and the award', () => {
    expect(outcomeOf(candidate({ screening: { outcome: 'ineligible', ...decided('Outside the region') } }))).toBe('ineligible')
    expect(outcomeOf(candidate({ screening: { outcome: 'eligible', ...decided() }, shortlist: { outcome: 'not-shortlisted', ...decided('Too early') } }))).toBe('not-shortlisted')
    expect(outcomeOf(candidate({ screening: { outcome: 'eligible', ...decided() }, shortlist: { outcome: 'shortlisted', ...decided() } }))).toBe('not-funded')
    expect(outcomeOf(candidate({ screening: { outcome: 'eligible', ...decided() }, shortlist: { outcome: 'shortlisted', ...decided() }, award: offered }))).toBe('funded')
    expect(outcomeOf(candidate({ screening: { outcome: 'eligible', ...decided() }, shortlist: { outcome: 'shortlisted', ...decided() }, award: { status: 'accepted', amountPence: 1 } }))).toBe('funded')
  })

  it('is not funded once the award was declined or withdrawn', () => {
    for (const status of ['declined', 'withdrawn'] as const) {
      expect(outcomeOf(candidate({ screening: { outcome: 'eligible', ...decided() }, shortlist: { outcome: 'shortlisted', ...decided() }, award: { status, amountPence: 1 } }))).toBe('not-funded')
    }
  })

  it('has no outcome while there is no final decision', () => {
    expect(outcomeOf(candidate())).toBeUndefined()
    expect(outcomeOf(candidate({ screening: { outcome: 'eligible', ...decided() } }))).toBeUndefined()
  })
})

describe('criterionScores', () => {
  it('gives the funded average only where at least two other applications hold an award', () => {
    const rows = [row('mine', [1, 4, 3]), row('won-1', [5, 4, 4], { award: offered }), row('won-2', [4, 5, 5], { award: { status: 'accepted', amountPence: 1 } })]
    const scores = criterionScores(rows, criteria, scale, 'mine')
    expect(scores).toEqual([
      { criterionId: 'understanding', title: 'Understanding of the problem', score: 1, fundedAverage: 4.5, min: 0, max: 5 },
      { criterionId: 'feasibility', title: 'Feasibility', score: 4, fundedAverage: 4.5, min: 0, max: 5 },
      { criterionId: 'impact', title: 'Impact on health and wellbeing', score: 3, fundedAverage: 4.5, min: 0, max: 5 },
    ])
  })

  it('hides the average where it would give one funded applicant’s scores away', () => {
    const rows = [row('mine', [1, 4, 3]), row('won-1', [5, 4, 4], { award: offered }), row('won-2', [4, 5, 5], { award: offered })]
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
  const shortlisted = candidate({ screening: { outcome: 'eligible', ...decided() }, shortlist: { outcome: 'shortlisted', ...decided('Strong fit') } })
  const scores: CriterionScore[] = [
    { criterionId: 'understanding', title: 'Understanding of the problem', score: 1, fundedAverage: 4.5, min: 0, max: 5 },
    { criterionId: 'feasibility', title: 'Feasibility', score: 4, min: 0, max: 5 },
    { criterionId: 'impact', title: 'Impact on health and wellbeing', score: 3.5, min: 0, max: 5 },
  ]

  it('joins the panel’s words for the applicant, leaving out empty ones', () => {
    const draft = composeDraft({ competitionTitle: 'Healthy homes', candidate: shortlisted, outcome: 'not-funded', criteria, scores, panelFeedback: ['  ', 'Clear pitch.  ', '', '\n', 'Show demand.'], signposts: [], showScores: true })
    expect(draft.panelComments).toBe('Clear pitch.\n\nShow demand.')
    const none = composeDraft({ competitionTitle: 'Healthy homes', candidate: shortlisted, outcome: 'not-funded', criteria, scores: [], panelFeedback: ['', ' '], signposts: [], showScores: true })
    expect(none.panelComments).toBe('')
    expect(none.strengths).toBe('')
    expect(none.improvements).toBe('')
  })

  it('names strengths and the weakest criteria with the funded average where known, and suggests services for the weakest', () => {
    const services = [signpost('Evidence lab', ['evidence']), signpost('Growth hub', ['business growth'])]
    const draft = composeDraft({ competitionTitle: 'Healthy homes', candidate: shortlisted, outcome: 'not-funded', criteria, scores, panelFeedback: [], signposts: services, showScores: true })
    expect(draft.strengths).toContain('Feasibility: 4 out of 5')
    expect(draft.strengths).toContain('Impact on health and wellbeing: 3.5 out of 5')
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
    const praised = candidate({ screening: { outcome: 'eligible', ...decided() }, shortlist: { outcome: 'shortlisted', ...decided('Strong evidence from a pilot') } })
    const draft = composeDraft({ competitionTitle: 'Healthy homes', candidate: praised, outcome: 'not-funded', criteria: [], scores: allStrong, panelFeedback: [], signposts: [signpost('Evidence lab', ['evidence'])], showScores: true })
    expect(draft.improvements).toContain('Feasibility')
    expect(draft.strengths).toContain('Understanding of the problem')
    expect(draft.strengths).not.toContain('Feasibility')
    expect(draft.signpostIds).toEqual([])
  })

  it('quotes no score or funded average in the text where the competition does not show scores', () => {
    const draft = composeDraft({ competitionTitle: 'Healthy homes', candidate: shortlisted, outcome: 'not-funded', criteria, scores, panelFeedback: [], signposts: [], showScores: false })
    expect(draft.strengths).toContain('Feasibility')
    expect(draft.improvements).toContain('Understanding of the problem')
    expect(`${draft.strengths}\n${draft.improvements}`).not.toMatch(/out of|averaged|\d/)
  })

  it('gives the screening reason to the ineligible and the shortlisting reason to the rest', () => {
    const ineligible = candidate({ screening: { outcome: 'ineligible', ...decided('Not based in the Liverpool City Region') } })
    const draft = composeDraft({ competitionTitle: 'Healthy homes', candidate: ineligible, outcome: 'ineligible', criteria, scores: [], panelFeedback: [], signposts: [], showScores: true })
    expect(draft.decision).toBe('Your expression of interest for “Healthy homes” did not meet the eligibility criteria. Not based in the Liverpool City Region.')
    const notListed = candidate({ screening: { outcome: 'eligible', ...decided('Looks fine') }, shortlist: { outcome: 'not-shortlisted', ...decided('Needs regulatory approval first.') } })
    const regulation = signpost('Regulation helpdesk', ['regulation'])
    const second = composeDraft({ competitionTitle: 'Healthy homes', candidate: notListed, outcome: 'not-shortlisted', criteria, scores: [], panelFeedback: [], signposts: [regulation], showScores: true })
    expect(second.decision).toBe('Your expression of interest for “Healthy homes” was not shortlisted to pitch. Needs regulatory approval first.')
    expect(second.decision).not.toContain('Looks fine')
    expect(second.signpostIds).toEqual([regulation.id])
  })
})
