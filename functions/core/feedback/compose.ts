// The draft the platform prepares for each applicant's feedback, and the rules that read a
// decision and a piece of feedback: pure functions of what the assessment recorded, so they
// are tested without a table. The draft only ever uses what is meant for the applicant: the
// screening and shortlisting reasons, the panel's "feedback for the applicant" (never the
// private note, the per-criterion comments to the panel, or who wrote what) and the scores.
import type { Candidate, Criterion, RankingRow, Scale } from '../../../shared/schemas/assessing.js'
import type { CriterionScore, FeedbackDraft, FeedbackState, Outcome, Signpost } from '../../../shared/schemas/feedback.js'
import { holdsMoney } from '../../../shared/schemas/awards.js'
import { SHORT_FEEDBACK_WORDS } from '../../../shared/schemas/feedback.js'
import { formatPence } from '../../../shared/money.js'
import { countWords } from '../../../shared/words.js'

/** The decision an applicant is told; undefined while there is no final decision yet. */
export function outcomeOf(candidate: Candidate): Outcome | undefined {
  if (candidate.award && holdsMoney(candidate.award.status)) return 'funded'
  if (candidate.screening?.outcome === 'ineligible') return 'ineligible'
  if (candidate.shortlist?.outcome === 'not-shortlisted') return 'not-shortlisted'
  if (candidate.shortlist?.outcome === 'shortlisted') return 'not-funded'
  return undefined
}

/** Fewer other funded applications than this, and the funded average is not shown: it would give away their scores. */
export const MIN_FUNDED_FOR_AVERAGE = 2

const round1 = (n: number) => Math.round(n * 10) / 10

/**
 * The application's mean score on each criterion and, where at least two other applications
 * hold an award, their mean: from the ranking's rows (submitted, unconflicted sheets only).
 */
export function criterionScores(rows: (RankingRow & { award?: Candidate['award'] })[], criteria: Criterion[], scale: Scale, applicationId: string): CriterionScore[] {
  const own = rows.find((r) => r.applicationId === applicationId)
  if (!own || own.scorers === 0) return []
  const funded = rows.filter((r) => r.applicationId !== applicationId && r.scorers > 0 && r.award && holdsMoney(r.award.status))
  return criteria.flatMap((criterion) => {
    const score = own.criterionMeans[criterion.id]
    if (score === undefined) return []
    const others = funded.map((r) => r.criterionMeans[criterion.id]).filter((n): n is number => n !== undefined)
    const fundedAverage = others.length >= MIN_FUNDED_FOR_AVERAGE ? round1(others.reduce((a, b) => a + b, 0) / others.length) : undefined
    return [{ criterionId: criterion.id, title: criterion.title, score: round1(score), ...(fundedAverage === undefined ? {} : { fundedAverage }), min: scale.min, max: scale.max }]
  })
}

/** A criterion counts as a strength at or above this share of the way up the scale. */
const STRONG_SHARE = 0.6

const shareOf = (s: CriterionScore) => (s.max === s.min ? 0 : (s.score - s.min) / (s.max - s.min))

/** The weakest criteria first: those below the strength line, or the lowest one. */
export function weakest(scores: CriterionScore[]): CriterionScore[] {
  const sorted = [...scores].sort((a, b) => a.score - b.score || a.title.localeCompare(b.title))
  const weak = sorted.filter((s) => shareOf(s) < STRONG_SHARE)
  return weak.length ? weak : sorted.slice(0, 1)
}

/**
 * Does a service's tag fit this text? Whole phrases match; a single long word also matches
 * its family ("regulation" fits "regulatory", "finance" fits "financial").
 */
export function tagMatches(tag: string, text: string): boolean {
  const haystack = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `
  const needle = tag.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
  if (!needle) return false
  if (haystack.includes(` ${needle} `)) return true
  if (needle.includes(' ') || needle.length < 6) return false
  return haystack.includes(` ${needle.slice(0, Math.max(5, needle.length - 3))}`)
}

/** Services whose tags fit the weakest criteria (title and what good looks like) or the reason given. */
export function suggestSignposts(signposts: Signpost[], { reason, weak }: { reason: string; weak: { title: string; description: string }[] }): Signpost[] {
  const texts = [reason, ...weak.map((c) => `${c.title} ${c.description}`)].filter(Boolean)
  return signposts.filter((s) => s.tags.some((tag) => texts.some((text) => tagMatches(tag, text))))
}

export type DraftInput = {
  competitionTitle: string
  candidate: Candidate
  outcome: Outcome | undefined
  /** The applicant's pitch is over: only then does the text speak of it. */
  pitched?: boolean
  criteria: Criterion[]
  scores: CriterionScore[]
  /** Each submitted sheet's "feedback for the applicant", in no particular order. */
  panelFeedback: string[]
  signposts: Signpost[]
  /** The competition shows applicants their scores: only then does the text quote numbers. */
  showScores: boolean
}

/** The draft: the decision's reason, the panel's words for the applicant, strengths, what to improve, and services to suggest. */
export function composeDraft({ competitionTitle, candidate, outcome, pitched = false, criteria, scores, panelFeedback, signposts, showScores }: DraftInput): FeedbackDraft {
  // The reason against: why not eligible, or why not shortlisted (a shortlisted one's reason is why it was).
  const reason = outcome === 'ineligible' ? (candidate.screening?.reason ?? '') : outcome === 'not-shortlisted' ? (candidate.shortlist?.reason ?? '') : ''
  const decision = decisionText(competitionTitle, candidate, outcome, reason, pitched)
  const weak = scores.length ? weakest(scores) : []
  // A criterion is a strength or something to improve, never both (where all are strong, the lowest is the one to improve).
  const strong = [...scores].filter((s) => shareOf(s) >= STRONG_SHARE && !weak.includes(s)).sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))
  // Without the competition's say-so, no score (and no funded average) reaches the applicant, in the text either.
  const line = (s: CriterionScore) =>
    showScores ? `${s.title}: ${s.score} out of ${s.max}${s.fundedAverage === undefined ? '' : ` (funded applications averaged ${s.fundedAverage})`}` : s.title
  const lookingFor = (s: CriterionScore) => criteria.find((c) => c.id === s.criterionId)?.description
  const suggested = suggestSignposts(signposts, { reason, weak: weak.flatMap((s) => criteria.filter((c) => c.id === s.criterionId)) })
  return {
    decision,
    panelComments: panelFeedback.map((text) => text.trim()).filter(Boolean).join('\n\n'),
    strengths: strong.length ? ['The panel scored these highest:', ...strong.map((s) => `- ${line(s)}`)].join('\n') : '',
    improvements: weak.length
      ? ['These scored lowest, and are where a future bid could be stronger:', ...weak.map((s) => `- ${line(s)}${lookingFor(s) ? `. What the panel looked for: ${lookingFor(s)}` : ''}`)].join('\n')
      : '',
    signpostIds: suggested.map((s) => s.id).slice(0, 12),
  }
}

function decisionText(competitionTitle: string, candidate: Candidate, outcome: Outcome | undefined, reason: string, pitched: boolean): string {
  const why = reason ? ` ${reason.replace(/\s+$/, '')}${/[.!?]$/.test(reason.trim()) ? '' : '.'}` : ''
  switch (outcome) {
    case 'ineligible':
      return `Your expression of interest for “${competitionTitle}” did not meet the eligibility criteria.${why}`
    case 'not-shortlisted':
      return `Your expression of interest for “${competitionTitle}” was not shortlisted to pitch.${why}`
    case 'not-funded':
      return `Your expression of interest was shortlisted and the panel ${pitched ? 'scored your pitch' : 'assessed it'}, but it was not among those funded from the pot.`
    case 'funded':
      return `The panel recommended ${candidate.organisationName} for an award${candidate.award ? ` of ${formatPence(candidate.award.amountPence)}` : ''}.`
    default:
      return ''
  }
}

/** All the words an applicant would read in it. */
export const feedbackWords = (f: { decision: string; panelComments: string; strengths: string; improvements: string }) =>
  countWords([f.decision, f.panelComments, f.strengths, f.improvements].join('\n'))

export function feedbackState(feedback: { words: number } | undefined): FeedbackState {
  if (!feedback) return 'missing'
  if (feedback.words === 0) return 'empty'
  return feedback.words < SHORT_FEEDBACK_WORDS ? 'short' : 'ready'
}
