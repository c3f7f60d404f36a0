// The scoring rubric: criteria with what good looks like and band guidance, weights and a
// scale. Locked by the database once the first score is saved (that save sets `lockedAt`
// in the same transaction, and every rubric write conditions on its absence).
import type { AssessmentSettings, Rubric, RubricInput } from '../../../shared/schemas/assessing.js'
import type { User } from '../../../shared/schemas/user.js'
import { formatLondon } from '../../../shared/dates.js'
import { rubricPut, settingsUpdate } from '../../db/assessing-repo.js'
import { commit } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { RuleViolated, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'
import { commitUnlessReleased } from './lock.js'
import { assertSeated, readAssessment } from './seat.js'

/** For programme managers, and for panellists on the panel (to score against it). */
export async function getRubric(ctx: Ctx, user: User, competitionId: string): Promise<Rubric> {
  const read = await readAssessment(ctx, competitionId, user.role === 'panellist' ? { panellist: user } : {})
  if (user.role !== 'panellist') return read.rubric
  assertSeated(read, user)
  // When (and so whether) someone else started scoring is not a panellist's to know.
  const { lockedAt: _lockedAt, ...rubric } = read.rubric
  return rubric
}

export async function saveRubric(ctx: Ctx, competitionId: string, input: RubricInput): Promise<Rubric> {
  const { rubric: current } = await readAssessment(ctx, competitionId)
  if (current.lockedAt) throw locked(current.lockedAt)
  if (current.version !== input.version) throw new VersionConflict('rubric', current.version)
  const known = new Set(current.criteria.map((c) => c.id))
  const unknown = input.criteria.findIndex((c) => c.id !== undefined && !known.has(c.id))
  if (unknown >= 0)
    throw new RuleViolated('A criterion to change must be one of this rubric’s.', [
      { field: `criteria.${unknown}.id`, message: 'is not a criterion of this rubric' },
    ])
  const next: Rubric = {
    ...current,
    scale: input.scale,
    criteria: input.criteria.map((c) => ({ ...c, id: c.id ?? newId() })),
    version: current.version + 1,
    updatedAt: ctx.now().toISOString(),
  }
  await commitUnlessReleased(ctx, competitionId, [rubricPut(ctx.db, next, current.version)], 'criteria', {
    'rubric-version': (was) =>
      typeof was?.lockedAt === 'string' ? locked(was.lockedAt) : new VersionConflict('rubric'),
  })
  return next
}

/** The discussion threshold and minimum scorers: presentation, so they may change any time. */
export async function saveSettings(ctx: Ctx, competitionId: string, settings: AssessmentSettings): Promise<Rubric> {
  await readAssessment(ctx, competitionId)
  await commit(ctx.db, [settingsUpdate(ctx.db, competitionId, settings, ctx.now().toISOString())])
  return (await readAssessment(ctx, competitionId)).rubric
}

function locked(lockedAt: string) {
  return new RuleViolated(
    `The rubric is locked: scoring started ${formatLondon(lockedAt)}, and every score must be against the same criteria, weights and scale.`,
    [{ field: 'criteria', message: 'cannot change once scoring has started' }],
  )
}
