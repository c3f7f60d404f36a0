// The award planner's advice on the competition as it stands: bids from the moderated
// ranking (shortlisted, scored, not yet holding an award), the budget that remains, and the
// plans side by side. Applying a plan recomputes it and makes its awards in one transaction.
import type {
  ApplyPlanInput,
  PlanAdvice,
  PlanConfidence,
  PlanConfidenceInput,
  PlanConstraintsInput,
} from '../../../shared/schemas/awards.js'
import type { Ranking } from '../../../shared/schemas/assessing.js'
import type { User } from '../../../shared/schemas/user.js'
import { formatPence } from '../../../shared/money.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import type { Ctx } from '../context.js'
import { NotFound, StateConflict } from '../errors.js'
import { getRanking, rankingOf, readRanking } from '../assessing/ranking.js'
import { commitAwards, type AwardRequest } from './awards.js'
import { fundingConfidence, seedOf } from './confidence.js'
import { plans as propose, type PlanInput } from './planner.js'

export async function planAwards(
  ctx: Ctx,
  competitionId: string,
  constraints: PlanConstraintsInput,
): Promise<PlanAdvice> {
  const [aggregate, ranking] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId, { consistent: true }),
    getRanking(ctx, competitionId),
  ])
  if (!aggregate) throw new NotFound('competition')
  const input = planInput(aggregate, ranking, constraints)
  return { budgetPence: input.budgetPence, maxAwardPence: input.maxAwardPence, bids: input.bids, plans: propose(input) }
}

/**
 * How often each bid would be funded by panels re-sampled from the real one (see
 * fundingConfidence): the planner's bids, budget and constraints, and the sheets the ranking
 * counts, read once.
 */
export async function planConfidence(
  ctx: Ctx,
  competitionId: string,
  { method, constraints = {}, rounds, seed }: PlanConfidenceInput,
): Promise<PlanConfidence> {
  const [aggregate, { rubric, inputs }] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId, { consistent: true }),
    readRanking(ctx, competitionId),
  ])
  if (!aggregate) throw new NotFound('competition')
  return fundingConfidence({
    plan: planInput(aggregate, rankingOf(rubric, inputs), constraints),
    method,
    criteria: rubric.criteria,
    sheets: inputs.sheets,
    conflicts: inputs.declarations.filter((d) => d.type !== 'none'),
    rounds,
    seed: seed ?? seedOf(competitionId),
  })
}

/** The planner's input: bids from the moderated ranking, and what remains in the pot. */
function planInput(
  aggregate: NonNullable<Awaited<ReturnType<typeof getCompetitionAggregate>>>,
  ranking: Ranking,
  constraints: PlanConstraintsInput,
): PlanInput & { bids: PlanAdvice['bids'] } {
  const { competition, themes } = aggregate
  const bids = ranking.rows
    // Anyone already offered an award (even one since declined or withdrawn) is the manager's call, not the planner's.
    .filter((row) => row.weightedMean !== undefined && row.amountRequestedPence && !row.award)
    .map((row) => ({
      applicationId: row.applicationId,
      organisationName: row.organisationName,
      score: row.weightedMean!,
      requestedPence: row.amountRequestedPence!,
      challengeIds: [...new Set(row.themeIds.flatMap((id) => themes.find((t) => t.id === id)?.challengeIds ?? []))],
      rank: row.rank,
      tied: row.tied,
    }))
  return {
    budgetPence: competition.potPence - competition.committedPence,
    maxAwardPence: competition.maxAwardPence,
    bids,
    constraints,
  }
}

/** Applies one plan: every award in it, through the ledger, in one transaction (all or none). */
export async function applyPlan(ctx: Ctx, manager: User, competitionId: string, input: ApplyPlanInput) {
  const advice = await planAwards(ctx, competitionId, input.constraints)
  const plan = advice.plans.find((p) => p.method === input.method)!
  const same = (
    a: { applicationId: string; amountPence: number }[],
    b: { applicationId: string; amountPence: number }[],
  ) =>
    a.length === b.length &&
    a.every((x) => b.some((y) => y.applicationId === x.applicationId && y.amountPence === x.amountPence))
  if (!same(plan.awards, input.expected)) {
    throw new StateConflict(
      'The plan has changed since you saw it (a score, an award or the budget moved). Nothing was awarded: look at the plans again.',
    )
  }
  const requests: AwardRequest[] = plan.awards.map((award) => {
    const bid = advice.bids.find((b) => b.applicationId === award.applicationId)!
    return {
      applicationId: award.applicationId,
      amountPence: award.amountPence,
      reason:
        award.amountPence < bid.requestedPence
          ? partialReason(award.amountPence, bid.requestedPence, advice.maxAwardPence)
          : '',
      conditions: input.conditions,
      respondBy: input.respondBy,
    }
  })
  return commitAwards(ctx, manager, competitionId, requests)
}

function partialReason(amount: number, requested: number, maxAward: number) {
  if (amount === maxAward && requested > maxAward) return `The most any one award can be is ${formatPence(maxAward)}.`
  return `This is what remained in the pot once the higher-ranked awards were made: ${Math.round((amount / requested) * 100)}% of the ${formatPence(requested)} requested.`
}
