// The draft the platform prepares for each applicant's feedback, and the rules that read a
// decision and a piece of feedback: pure functions of what the assessment recorded, so they
// are tested without a table. The draft only ever uses what is meant for the applicant: the
// screening and shortlisting reasons, the panel's "feedback for the applicant" (never the
// private note, the per-criterion comments to the panel, or who wrote what) and the scores.
import type { Candidate, Criterion, RankingRow, Scale } from '../../../shared/schemas/assessing.js'
import type {
  CriterionScore,
  FeedbackDraft,
  FeedbackState,
  Outcome,
  Signpost,
} from '../../../shared/schemas/feedback.js'
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
/** Fewer other scored applications than this, and the shortlist's average is not shown, for the same reason. */
export const MIN_SCORED_FOR_AVERAGE = 2

const round1 = (n: number) => Math.round(n * 10) / 10
const mean = (ns: number[]) => ns.reduce((a, b) => a + b, 0) / ns.length

/**
 * The application's mean score on each criterion; where at least two other applications hold an
 * award, their mean; and where at least two others were scored, the mean over the whole scored
 * shortlist (this one included): from the ranking's rows (submitted, unconflicted sheets only).
 */
export function criterionScores(
  rows: (RankingRow & { award?: Candidate['award'] })[],
  criteria: Criterion[],
  scale: Scale,
  applicationId: string,
): CriterionScore[] {
  const own = rows.find((r) => r.applicationId === applicationId)
  if (!own || own.scorers === 0) return []
  const scored = rows.filter((r) => r.applicationId !== applicationId && r.scorers > 0)
  const funded = scored.filter((r) => r.award && holdsMoney(r.award.status))
  const meansOf = (of: typeof rows, criterionId: string) =>
    of.map((r) => r.criterionMeans[criterionId]).filter((n): n is number => n !== undefined)
  return criteria.flatMap((criterion) => {
    const score = own.criterionMeans[criterion.id]
    if (score === undefined) return []
    const others = meansOf(funded, criterion.id)
    const fundedAverage = others.length >= MIN_FUNDED_FOR_AVERAGE ? round1(mean(others)) : undefined
    const shortlist = meansOf(scored, criterion.id)
    const shortlistAverage =
      shortlist.length >= MIN_SCORED_FOR_AVERAGE ? round1(mean([score, ...shortlist])) : undefined
    return [
      {
        criterionId: criterion.id,
        title: criterion.title,
        score: round1(score),
        ...(fundedAverage === undefined ? {} : { fundedAverage }),
        ...(shortlistAverage === undefined ? {} : { shortlistAverage }),
        min: scale.min,
        max: scale.max,
      },
    ]
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
  const needle = tag
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
  if (!needle) return false
  if (haystack.includes(` ${needle} `)) return true
  if (needle.includes(' ') || needle.length < 6) return false
  return haystack.includes(` ${needle.slice(0, Math.max(5, needle.length - 3))}`)
}

/**
 * What was strong, relative to something true: the criteria scored above the scored shortlist's
 * average (as shown), or else the application's own best ones, said as such. Only criteria at
 * least at the strength line count, and never one listed to improve.
 */
export function strengths(
  scores: CriterionScore[],
  weak: CriterionScore[],
): { basis: 'shortlist' | 'own'; criteria: CriterionScore[] } {
  const strong = scores
    .filter((s) => shareOf(s) >= STRONG_SHARE && !weak.includes(s))
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title))
  // Compared as shown (to one decimal place), so the claim holds for the numbers beside it.
  const above = strong.filter((s) => s.shortlistAverage !== undefined && s.score > s.shortlistAverage)
  if (above.length) return { basis: 'shortlist', criteria: above }
  return { basis: 'own', criteria: strong.filter((s) => s.score === strong[0]?.score) }
}

export type SignpostNeeds = {
  /** Only unsuccessful applicants are suggested services, and only those meant for their outcome. */
  outcome: Outcome | undefined
  /** The reason against them (why not eligible, or not shortlisted). */
  reason: string
  /** The panel's words for the applicant. */
  panelWords: string[]
  /** Their weakest criteria, weakest first. */
  weak: Criterion[]
}

/**
 * Services for this applicant's outcome that fit them, the most specific first: a topic among
 * their weakest criteria; then a tag that fits the reason against them, the panel's words for
 * them, or a weak criterion; then the services with neither topics nor tags (for everyone they
 * are meant for).
 */
export function suggestSignposts(
  signposts: Signpost[],
  { outcome, reason, panelWords, weak }: SignpostNeeds,
): Signpost[] {
  if (!outcome || outcome === 'funded') return []
  const weakIds = new Set(weak.map((c) => c.id))
  const texts = [reason, ...panelWords, ...weak.map((c) => `${c.title} ${c.description}`)].filter((t) => t.trim())
  const rankOf = (s: Signpost) => {
    if (s.topics.some((id) => weakIds.has(id))) return 0
    if (s.tags.some((tag) => texts.some((text) => tagMatches(tag, text)))) return 1
    return s.topics.length === 0 && s.tags.length === 0 ? 2 : undefined
  }
  return signposts
    .filter((s) => s.audience.includes(outcome))
    .flatMap((s) => {
      const rank = rankOf(s)
      return rank === undefined ? [] : [{ s, rank }]
    })
    .sort((a, b) => a.rank - b.rank || a.s.name.localeCompare(b.s.name))
    .map(({ s }) => s)
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
export function composeDraft({
  competitionTitle,
  candidate,
  outcome,
  pitched = false,
  criteria,
  scores,
  panelFeedback,
  signposts,
  showScores,
}: DraftInput): FeedbackDraft {
  // The reason against: why not eligible, or why not shortlisted (a shortlisted one's reason is why it was).
  const reason =
    outcome === 'ineligible'
      ? (candidate.screening?.reason ?? '')
      : outcome === 'not-shortlisted'
        ? (candidate.shortlist?.reason ?? '')
        : ''
  const decision = decisionText(competitionTitle, candidate, outcome, reason, pitched)
  const weak = scores.length ? weakest(scores) : []
  // A criterion is a strength or something to improve, never both (where all are strong, the lowest is the one to improve).
  const strong = strengths(scores, weak)
  // Without the competition's say-so, no score (and no average) reaches the applicant, in the text either.
  const score = (s: CriterionScore) => `${s.title}: ${s.score} out of ${s.max}`
  const strongLine = (s: CriterionScore) =>
    !showScores
      ? s.title
      : strong.basis === 'shortlist'
        ? `${score(s)} (shortlisted applications averaged ${s.shortlistAverage})`
        : score(s)
  const weakLine = (s: CriterionScore) =>
    !showScores
      ? s.title
      : `${score(s)}${s.fundedAverage === undefined ? '' : ` (funded applications averaged ${s.fundedAverage})`}`
  const lookingFor = (s: CriterionScore) => criteria.find((c) => c.id === s.criterionId)?.description
  const weakCriteria = weak.flatMap((s) => criteria.filter((c) => c.id === s.criterionId))
  const suggested = suggestSignposts(signposts, { outcome, reason, panelWords: panelFeedback, weak: weakCriteria })
  const one = strong.criteria.length === 1
  const strongIntro =
    strong.basis === 'shortlist'
      ? 'These scored above the average of the shortlisted applications:'
      : `Your application’s highest-scoring ${one ? 'criterion' : 'criteria'}, compared with its other criteria (not with other applications):`
  return {
    decision,
    panelComments: panelFeedback
      .map((text) => text.trim())
      .filter(Boolean)
      .join('\n\n'),
    strengths: strong.criteria.length
      ? [strongIntro, ...strong.criteria.map((s) => `- ${strongLine(s)}`)].join('\n')
      : '',
    improvements: weak.length
      ? [
          'These scored lowest, and are where a future bid could be stronger:',
          ...weak.map((s) => `- ${weakLine(s)}${lookingFor(s) ? `. What the panel looked for: ${lookingFor(s)}` : ''}`),
        ].join('\n')
      : '',
    signpostIds: suggested.map((s) => s.id).slice(0, 12),
  }
}

function decisionText(
  competitionTitle: string,
  candidate: Candidate,
  outcome: Outcome | undefined,
  reason: string,
  pitched: boolean,
): string {
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
export const feedbackWords = (f: {
  decision: string
  panelComments: string
  strengths: string
  improvements: string
}) => countWords([f.decision, f.panelComments, f.strengths, f.improvements].join('\n'))

export function feedbackState(feedback: { words: number } | undefined): FeedbackState {
  if (!feedback) return 'missing'
  if (feedback.words === 0) return 'empty'
  return feedback.words < SHORT_FEEDBACK_WORDS ? 'short' : 'ready'
}
