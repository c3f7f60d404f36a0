// Retention: unsuccessful applicants' EOIs are kept for the period the programme manager sets
// on the competition (its feedback settings, `unsuccessfulRetentionMonths`, default 24) after
// decisions are released, then their answers and contact are erased as an erasure does (ids,
// status, amounts, scores and decisions stay). Funded EOIs (an award offered or accepted) are
// kept with the grant. Run daily by a schedule (functions/events/eoi-retention.ts; locally a
// timer); TTL cannot do it, as the EOI item stays. A competition is swept once: the release
// records when (`unsuccessfulEoisErasedAt`, at its next version).
import { holdsMoney } from '../../../shared/schemas/awards.js'
import { DEFAULT_UNSUCCESSFUL_RETENTION_MONTHS, type FeedbackRelease } from '../../../shared/schemas/feedback.js'
import { listApplicationsByCompetition } from '../../db/applications-repo.js'
import { listAwards } from '../../db/awards-repo.js'
import { listCompetitionsByStatus } from '../../db/competitions-repo.js'
import { getReleases, releasePut } from '../../db/feedback-repo.js'
import { commit, ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { isReleased } from '../feedback/gate.js'
import { eraseApplication } from './erasure.js'

/** The instant a released competition's unsuccessful EOIs are due to be erased. */
export function unsuccessfulEoisExpireAt(release: FeedbackRelease): string | undefined {
  const released = release.releasedAt ?? release.scheduledAt
  if (!released) return undefined
  const at = new Date(released)
  at.setUTCMonth(at.getUTCMonth() + (release.unsuccessfulRetentionMonths ?? DEFAULT_UNSUCCESSFUL_RETENTION_MONTHS))
  return at.toISOString()
}

/** Erases the unsuccessful EOIs of every published competition whose retention period has ended; returns what it erased. */
export async function sweepUnsuccessfulEois(
  ctx: Pick<Ctx, 'db' | 'now'>,
): Promise<{ competitionId: string; erased: number }[]> {
  const now = ctx.now()
  const swept: { competitionId: string; erased: number }[] = []
  let cursor: string | undefined
  do {
    const page = await listCompetitionsByStatus(ctx.db, 'published', { limit: 100, cursor })
    const releases = await getReleases(
      ctx.db,
      page.items.map((c) => c.id),
    )
    for (const release of releases.values()) {
      const expiresAt = unsuccessfulEoisExpireAt(release)
      if (!isReleased(release, now) || release.unsuccessfulEoisErasedAt || !expiresAt) continue
      if (Date.parse(expiresAt) > now.getTime()) continue
      swept.push({ competitionId: release.competitionId, erased: await eraseUnsuccessful(ctx, release) })
    }
    cursor = page.nextCursor
  } while (cursor)
  return swept
}

async function eraseUnsuccessful(ctx: Pick<Ctx, 'db' | 'now'>, release: FeedbackRelease): Promise<number> {
  const { competitionId } = release
  const funded = new Set(
    (await listAwards(ctx.db, competitionId)).filter((a) => holdsMoney(a.status)).map((a) => a.applicationId),
  )
  let erased = 0
  let cursor: string | undefined
  do {
    const page = await listApplicationsByCompetition(ctx.db, competitionId, { limit: 100, cursor })
    for (const application of page.items) {
      if (funded.has(application.id)) continue
      await eraseApplication(ctx, application.id, false)
      erased++
    }
    cursor = page.nextCursor
  } while (cursor)
  // Swept: recorded on the release at its next version (a concurrent change to it: the next run sweeps again, harmlessly).
  const next = { ...release, unsuccessfulEoisErasedAt: ctx.now().toISOString(), version: release.version + 1 }
  try {
    await commit(ctx.db, [releasePut(ctx.db, next, release.version, { was: release })])
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
  }
  return erased
}
