// A programme manager's decisions on submitted EOIs: screening (eligible or not, with a
// reason), shortlisting (only the eligible; never off the shortlist once scored) and, after
// the panel's discussion, the recommendation. Bulk decisions are one transaction: all or none.
// Every decision (screening, shortlisting, the recommendation) is fixed once a release of
// decisions is scheduled or made: the release's emails and pages must say what was decided.
import type {
  Candidate,
  Recommendation,
  RecommendationInput,
  ScreeningInput,
  ShortlistInput,
} from '../../../shared/schemas/assessing.js'
import type { FieldError, Page } from '../../../shared/schemas/common.js'
import type { User } from '../../../shared/schemas/user.js'
import {
  candidateDecision,
  decisionAllowed,
  getCandidate,
  getCandidates,
  listCandidates as listCandidateItems,
} from '../../db/assessing-repo.js'
import { InvalidCursor } from '../../db/cursor.js'
import { funnelCount, readFunnelFacts, type FunnelFacts } from '../../db/funnel-repo.js'
import { ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated, ValidationFailed } from '../errors.js'
import { commitUnlessReleased } from './lock.js'
import { decidedBy, readAssessment } from './seat.js'

/** A page of the competition's submitted EOIs with the decisions on them. */
export async function listCandidates(
  ctx: Ctx,
  competitionId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<Candidate>> {
  try {
    return await listCandidateItems(ctx.db, competitionId, query)
  } catch (error) {
    if (error instanceof InvalidCursor)
      throw new ValidationFailed([{ field: 'cursor', message: 'is not a cursor from this list' }])
    throw error
  }
}

export async function screen(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  input: ScreeningInput,
): Promise<Candidate[]> {
  const at = decidedBy(manager, ctx.now())
  return decideAll(
    ctx,
    competitionId,
    input.decisions,
    (d, funnel) =>
      candidateDecision(
        ctx.db,
        competitionId,
        d.applicationId,
        'screening',
        { outcome: d.outcome, reason: d.reason, ...at },
        funnel,
      ),
    (candidate, d) =>
      d.outcome === 'ineligible' && candidate.shortlist?.outcome === 'shortlisted'
        ? 'is on the shortlist: take it off the shortlist first'
        : undefined,
    { stage: 'eligible', outcome: 'eligible', counts: (d) => d.outcome === 'eligible', was: (f) => f.eligible },
  )
}

export async function shortlist(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  input: ShortlistInput,
): Promise<Candidate[]> {
  const at = decidedBy(manager, ctx.now())
  return decideAll(
    ctx,
    competitionId,
    input.decisions,
    (d, funnel) =>
      candidateDecision(
        ctx.db,
        competitionId,
        d.applicationId,
        'shortlist',
        { outcome: d.outcome, reason: d.reason, ...at },
        funnel,
      ),
    (candidate, d) =>
      d.outcome === 'shortlisted' && candidate.screening?.outcome !== 'eligible'
        ? 'must be screened as eligible before it can be shortlisted'
        : d.outcome === 'not-shortlisted' && candidate.scoringStartedAt
          ? 'has been scored already, so it stays on the shortlist'
          : d.outcome === 'not-shortlisted' && candidate.award
            ? 'has an award: withdraw it first'
            : undefined,
    {
      stage: 'shortlisted',
      outcome: 'shortlisted',
      counts: (d) => d.outcome === 'shortlisted',
      was: (f) => f.shortlisted,
    },
  )
}

/** The panel's agreed outcome for a shortlisted application, after discussion. */
export async function recommend(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  input: RecommendationInput,
): Promise<Candidate> {
  const [candidate] = await decideAll(
    ctx,
    competitionId,
    [{ applicationId, ...input }],
    (d) =>
      candidateDecision(ctx.db, competitionId, applicationId, 'recommendation', {
        outcome: d.outcome as Recommendation,
        reason: d.reason,
        ...decidedBy(manager, ctx.now()),
      }),
    () => 'is not on the shortlist',
    undefined,
    { bulk: false },
  )
  return candidate!
}

type Decision = { applicationId: string; outcome: string; reason: string }

/** How a kind of decision moves the funnel: the stage it decides, and whether a decision or the candidate counts in it. */
type FunnelRule<D> = {
  stage: 'eligible' | 'shortlisted'
  /** The outcome that counts in the stage. */
  outcome: string
  counts: (decision: D) => boolean
  was: (facts: FunnelFacts) => boolean
}

const DECISION_ATTEMPTS = 3

/**
 * Commits every decision in one transaction, with the funnel's count moved by exactly what
 * changed: each decision conditions on the candidate still standing as it was read, so a
 * decision raced by another is worked out again on what won. When a rule's condition fails,
 * says which decision and why (from the candidate as it was), and nothing is saved.
 */
async function decideAll<D extends Decision>(
  ctx: Ctx,
  competitionId: string,
  decisions: D[],
  write: (decision: D, funnel?: { outcome: string; was: boolean }) => ReturnType<typeof candidateDecision>,
  whyRefused: (candidate: Candidate, decision: D) => string | undefined,
  funnel?: FunnelRule<D>,
  { bulk = true } = {},
): Promise<Candidate[]> {
  await readAssessment(ctx, competitionId)
  for (let attempt = 1; ; attempt++) {
    const facts = funnel
      ? await readFunnelFacts(
          ctx.db,
          competitionId,
          decisions.map((d) => d.applicationId),
        )
      : undefined
    const moves = funnel
      ? decisions.flatMap((d) => {
          const f = facts!.get(d.applicationId)
          const delta = f ? Number(funnel.counts(d)) - Number(funnel.was(f)) : 0
          return f && delta
            ? [{ applicationId: d.applicationId, deltas: { [funnel.stage]: delta }, scopes: f.scopes }]
            : []
        })
      : []
    const count = funnelCount(ctx.db, competitionId, moves)
    try {
      // Refused (409, saying which release) once a release is scheduled or made.
      await commitUnlessReleased(
        ctx,
        competitionId,
        [
          ...decisions.map((d) => {
            const f = facts?.get(d.applicationId)
            return write(d, f && funnel ? { outcome: funnel.outcome, was: funnel.was(f) } : undefined)
          }),
          ...(count ? [count] : []),
        ],
        bulk ? 'decisions' : 'outcome',
      )
      break
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error
      // The guard names the application whose decision was refused.
      const at = decisions.findIndex((d) => error.failed(decisionAllowed(d.applicationId)))
      if (at < 0) throw error
      const decision = decisions[at]!
      const found = await getCandidate(ctx.db, competitionId, decision.applicationId)
      const field = bulk ? `decisions.${at}.applicationId` : 'applicationId'
      if (!found) {
        if (!bulk) throw new NotFound('submitted expression of interest')
        throw refused([{ field, message: 'is not a submitted expression of interest in this competition' }])
      }
      const why = whyRefused(found, decision)
      // Not refused by a rule: another decision got there between our read and our write; decide again.
      if (!why && funnel && attempt < DECISION_ATTEMPTS) continue
      throw refused([{ field, message: why ?? 'changed while you were deciding: reload and try again' }])
    }
  }
  const saved = await getCandidates(
    ctx.db,
    competitionId,
    decisions.map((d) => d.applicationId),
  )
  return decisions.map((d) => saved.get(d.applicationId)!)
}

const refused = (fields: FieldError[]) =>
  new RuleViolated(`Nothing was saved: ${fields.map((f) => f.message).join('; ')}.`, fields)
