// What the panel decided is what applicants are told: once a release of decisions is scheduled
// or made, nothing that shaped a decision may change (scores, moderation, reopening, conflicts,
// the rubric, the pitch schedule, screening, shortlisting, recommendations). The database
// holds it: each such write carries the assessment's lock (db/feedback-repo.ts) as its last
// transaction item, and a release locks it in its own transaction.
import { formatLondon } from '../../../shared/dates.js'
import { assessmentUnlocked, getRelease } from '../../db/feedback-repo.js'
import { commit } from '../../db/assessing-repo.js'
import { ConditionFailed, type TransactItem } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { StateConflict } from '../errors.js'
import { isReleased } from '../feedback/gate.js'

/**
 * Commits a decision-shaping write unless a release has locked the assessment (409 saying
 * why). Other failed conditions come back as `ConditionFailed` with their own index.
 */
export async function commitUnlessReleased(ctx: Pick<Ctx, 'db' | 'now'>, competitionId: string, items: TransactItem[], field = 'competition'): Promise<void> {
  try {
    await commit(ctx.db, [...items, assessmentUnlocked(ctx.db, competitionId)])
  } catch (error) {
    // The lock explains the refusal first: whatever else failed, nothing may change now.
    if (error instanceof ConditionFailed && error.indexes.includes(items.length)) throw await lockedBecause(ctx, competitionId, field)
    throw error
  }
}

/** The 409 for a change refused because a release holds the assessment, saying which release. */
export async function lockedBecause(ctx: Pick<Ctx, 'db' | 'now'>, competitionId: string, field = 'competition'): Promise<StateConflict> {
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
