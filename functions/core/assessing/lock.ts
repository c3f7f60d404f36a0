// What the panel decided is what applicants are told: once a release of decisions is scheduled
// or made, nothing that shaped a decision may change (scores, moderation, reopening, conflicts,
// the rubric, the pitch schedule, screening, shortlisting, recommendations). The database
// holds it: each such write carries the assessment's lock (db/feedback-repo.ts,
// guard `'decisions-not-released'`), and a release locks it in its own transaction.
import { formatLondon } from '../../../shared/dates.js'
import { assessmentUnlocked, getRelease } from '../../db/feedback-repo.js'
import { commit, type Refusals, type Write } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { StateConflict } from '../errors.js'
import { isReleased } from '../feedback/gate.js'

/**
 * Commits a decision-shaping write unless a release has locked the assessment (409 saying
 * why): the lock explains a refusal first, whatever else failed. Other guards that did not
 * hold become their `refusals`, or `ConditionFailed` naming them.
 */
export async function commitUnlessReleased<G extends string>(
  ctx: Pick<Ctx, 'db' | 'now'>,
  competitionId: string,
  writes: readonly Write<G>[],
  field = 'competition',
  refusals: Refusals<NoInfer<G>> = {},
): Promise<void> {
  const locked: Refusals<'decisions-not-released'> = {
    'decisions-not-released': () => lockedBecause(ctx, competitionId, field),
  }
  await commit<G | 'decisions-not-released'>(ctx.db, [...writes, assessmentUnlocked(ctx.db, competitionId)], {
    ...locked,
    ...refusals,
  } as Refusals<G | 'decisions-not-released'>)
}

/** The 409 for a change refused because a release holds the assessment, saying which release. */
export async function lockedBecause(
  ctx: Pick<Ctx, 'db' | 'now'>,
  competitionId: string,
  field = 'competition',
): Promise<StateConflict> {
  const release = await getRelease(ctx.db, competitionId)
  const when = release.releasedAt ?? release.scheduledAt
  if (release.status === 'scheduled' && !isReleased(release, ctx.now())) {
    return new StateConflict(
      `A release of decisions to applicants is scheduled for ${formatLondon(release.scheduledAt!)}: scores, moderation and decisions are locked so that applicants are told what the panel decided. Cancel the scheduled release to change them.`,
      [{ field, message: 'cannot change while a release of decisions is scheduled' }],
    )
  }
  return new StateConflict(
    `Decisions were released to applicants${when ? ` ${formatLondon(when)}` : ''}: scores, moderation and decisions are locked, because the record of what the panel decided is what applicants were told.`,
    [{ field, message: 'cannot change once decisions are released' }],
  )
}
