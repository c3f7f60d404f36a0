// The engagement funnel: engaged → submitted → eligible → shortlisted → awarded → accepted →
// grant completed, overall, by challenge, by theme and by the organisations' leadership, read
// from counts the database keeps with each state change (db/funnel-repo.ts), never by reading
// the applications; and the organisations that engaged but did not apply, for follow-up.
import { leadershipCells, leadershipQuestions, type LeadershipCell } from '../../../shared/leadership-questions.js'
import type { Page } from '../../../shared/schemas/common.js'
import type { Challenge, Theme } from '../../../shared/schemas/competition.js'
import {
  appliedStages,
  type FollowUp,
  type Funnel,
  type FunnelBreakdown,
  type FunnelStage,
  type FunnelStep,
  funnelStages,
  type LeadershipByStage,
} from '../../../shared/schemas/funnel.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import { InvalidCursor } from '../../db/cursor.js'
import { countAttribute, funnelCount, listFollowUp, readFunnelCounts, readFunnelFacts } from '../../db/funnel-repo.js'
import type { Write } from '../../db/write.js'
import { getLeadership } from '../../db/leadership-repo.js'
import { suppressRow } from '../di-survey/suppress.js'
import type { Ctx } from '../context.js'
import { NotFound, ValidationFailed } from '../errors.js'
import { eventFunnel } from '../events/events.js'
import { organisationKey } from './organisation-key.js'
import { awardDeltas, challengeScope, leadershipScope, themeScope } from './scopes.js'

export { organisationKey }
export { engage } from './engage.js'

/** How the organisation answered each leadership question as of now (what it applies with). */
export async function leadershipCellsOf(ctx: Ctx, organisationId: string): Promise<Record<string, LeadershipCell>> {
  const saved = await getLeadership(ctx.db, organisationId)
  return Object.fromEntries(
    leadershipQuestions.map((q) => [q.id, saved ? (saved.answers[q.id] ?? 'declined') : 'not-asked']),
  )
}

/** Counts as read from the shards: a function of the attribute. */
export type Counts = (stage: FunnelStage, scope?: string) => number

export const countsOf =
  (counts: ReadonlyMap<string, number>): Counts =>
  (stage, scope) =>
    counts.get(countAttribute(stage, scope)) ?? 0

/** Each stage's count, and its conversion from the stage before (one decimal place). */
export function stepsOf(
  count: (stage: FunnelStage) => number,
  stages: readonly FunnelStage[] = funnelStages,
): FunnelStep[] {
  return stages.map((stage, i) => {
    const n = count(stage)
    const before = i > 0 ? count(stages[i - 1]!) : 0
    return {
      stage,
      count: n,
      conversionPercent: i > 0 && before > 0 ? Math.round((n / before) * 1000) / 10 : null,
    }
  })
}

/** Each leadership question by stage, each stage's row (yes, no, declined, not asked) suppressed as one. */
export function leadershipOf(counts: Counts): LeadershipByStage[] {
  return leadershipQuestions.map((q) => ({
    questionId: q.id,
    label: q.label,
    stages: appliedStages.map((stage) => {
      const cells = leadershipCells.map((cell) => counts(stage, leadershipScope(q.id, cell)))
      const shown = suppressRow(cells, counts(stage))
      return { stage, yes: shown[0]!, no: shown[1]!, declined: shown[2]!, notAsked: shown[3]! }
    }),
  }))
}

function breakdown(
  parts: readonly (Pick<Challenge, 'id' | 'title'> | Pick<Theme, 'id' | 'title'>)[],
  scope: (id: string) => string,
  counts: Counts,
): FunnelBreakdown[] {
  return parts.map((part) => ({
    id: part.id,
    title: part.title,
    steps: stepsOf((stage) => counts(stage, scope(part.id)), appliedStages),
  }))
}

/** The funnel of one competition (programme managers). Four reads, whatever its size. */
export async function readFunnel(
  ctx: Ctx,
  competitionId: string,
  query: { limit: number; cursor?: string },
): Promise<Funnel> {
  const [aggregate, counts, followUp, events] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId),
    readFunnelCounts(ctx.db, competitionId),
    followUpPage(ctx, competitionId, query),
    eventFunnel(ctx, competitionId),
  ])
  if (!aggregate) throw new NotFound('competition')
  const count = countsOf(counts)
  return {
    competitionId,
    title: aggregate.competition.title,
    steps: stepsOf((stage) => count(stage)),
    byChallenge: breakdown(aggregate.challenges, challengeScope, count),
    byTheme: breakdown(aggregate.themes, themeScope, count),
    leadership: leadershipOf(count),
    events,
    followUp,
  }
}

async function followUpPage(
  ctx: Ctx,
  competitionId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<FollowUp>> {
  try {
    return await listFollowUp(ctx.db, competitionId, query)
  } catch (error) {
    if (error instanceof InvalidCursor)
      throw new ValidationFailed([{ field: 'cursor', message: 'is not a cursor from this list' }])
    throw error
  }
}

type AwardStatus = Parameters<typeof awardDeltas>[1]

/**
 * The count moves of awards changing status (made, accepted, declined, withdrawn, lapsed), as
 * the write to add to the transaction that changes them (none when nothing moves).
 */
export async function awardMoves(
  ctx: Pick<Ctx, 'db'>,
  competitionId: string,
  changes: readonly { applicationId: string; from?: AwardStatus; to: AwardStatus }[],
): Promise<Write[]> {
  const moving = changes.filter((c) => Object.values(awardDeltas(c.from, c.to)).some((n) => n !== 0))
  if (!moving.length) return []
  const facts = await readFunnelFacts(
    ctx.db,
    competitionId,
    moving.map((c) => c.applicationId),
  )
  const write = funnelCount(
    ctx.db,
    competitionId,
    moving.map((c) => ({
      applicationId: c.applicationId,
      deltas: awardDeltas(c.from, c.to),
      scopes: facts.get(c.applicationId)?.scopes ?? [],
    })),
  )
  return write ? [write] : []
}

/** The count move of a grant reaching `completed` (none for any other change of status). */
export async function grantMoves(
  ctx: Pick<Ctx, 'db'>,
  competitionId: string,
  applicationId: string,
  from: string,
  to: string,
): Promise<Write[]> {
  if (from === to || to !== 'completed') return []
  const facts = await readFunnelFacts(ctx.db, competitionId, [applicationId])
  const write = funnelCount(ctx.db, competitionId, [
    { applicationId, deltas: { completed: 1 }, scopes: facts.get(applicationId)?.scopes ?? [] },
  ])
  return write ? [write] : []
}
