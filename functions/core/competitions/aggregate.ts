// Read-decide-commit for the competition aggregate. A decision is made on one consistent
// read and committed only if nothing changed since (the revision guard); if something
// did, the decision is made again on fresh data, so no rule is checked against stale state.
import {
  commitCompetitionChanges,
  getCompetitionAggregate,
  type CompetitionAggregate,
  type CompetitionChanges,
} from '../../db/competitions-repo.js'
import { ConditionFailed, Contended } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated, StateConflict } from '../errors.js'
import { missingForPublish } from './publish-rules.js'

export type Decision<T> = {
  changes: Omit<CompetitionChanges, 'competitionId' | 'expectedRevision' | 'updatedAt'>
  result: T
  /** Runs after the commit, e.g. removing files no item points to any more. */
  after?: () => Promise<void>
}

const ATTEMPTS = 5

export async function changeCompetition<T>(
  ctx: Pick<Ctx, 'db' | 'now'>,
  competitionId: string,
  decide: (aggregate: CompetitionAggregate, now: Date) => Decision<T> | Promise<Decision<T>>,
  { attempts = ATTEMPTS }: { attempts?: number } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const aggregate = await getCompetitionAggregate(ctx.db, competitionId, { consistent: true })
    if (!aggregate) throw new NotFound('competition')
    const now = ctx.now()
    const { changes, result, after } = await decide(aggregate, now)
    assertStillComplete(aggregate, changes, now)
    try {
      await commitCompetitionChanges(ctx.db, {
        ...changes,
        competitionId,
        expectedRevision: aggregate.revision,
        updatedAt: now.toISOString(),
      })
    } catch (error) {
      if (await decideAgain(error, attempt, attempts)) continue
      if (lostRace(error))
        throw new StateConflict('The competition is being changed by someone else right now. Try again in a moment.')
      throw error
    }
    await after?.()
    return result
  }
}

/** The competition changed (its revision moved) or was contended since it was read: decide again on fresh data. */
export const lostRace = (error: unknown): boolean =>
  (error instanceof ConditionFailed && error.failed('competition-revision')) || error instanceof Contended

/** After a lost race, waits a moment (jittered, so racing writers do not collide again in lockstep) and says to decide again, while attempts remain. */
export async function decideAgain(error: unknown, attempt: number, attempts: number): Promise<boolean> {
  if (!lostRace(error) || attempt >= attempts) return false
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt))
  return true
}

/** Managers see drafts; everyone else gets the same 404 as for a competition that does not exist. */
export function assertVisible(aggregate: { competition: { status: string } } | undefined, canSeeDrafts: boolean) {
  if (!aggregate || (aggregate.competition.status === 'draft' && !canSeeDrafts)) throw new NotFound('competition')
}

/** A published competition must stay complete: no edit may take away what publishing needed. */
function assertStillComplete(aggregate: CompetitionAggregate, changes: Decision<unknown>['changes'], now: Date) {
  const next = applyChanges(aggregate, changes)
  if (next?.competition.status !== 'published') return
  const missing = missingForPublish(next, now, { publishing: false })
  if (missing.length) {
    throw new RuleViolated(
      `A published competition must stay complete: ${missing.map((m) => m.message).join('; ')}.`,
      missing,
    )
  }
}

/** The aggregate as it would be after the changes (undefined if it would be deleted). */
function applyChanges(
  aggregate: CompetitionAggregate,
  changes: Decision<unknown>['changes'],
): CompetitionAggregate | undefined {
  if (changes.deleteCompetition) return undefined
  const deleted = new Set((changes.deletes ?? []).map((ref) => `${ref.entity}#${ref.id}`))
  const put = new Map((changes.puts ?? []).map((child) => [`${child.entity}#${child.value.id}`, child.value]))
  const apply = <T extends { id: string }>(entity: string, list: T[]): T[] => {
    const kept = list
      .filter((x) => !deleted.has(`${entity}#${x.id}`))
      .map((x) => (put.get(`${entity}#${x.id}`) as T | undefined) ?? x)
    const added = [...put.entries()].filter(
      ([key]) => key.startsWith(`${entity}#`) && !list.some((x) => `${entity}#${x.id}` === key),
    )
    return [...kept, ...added.map(([, value]) => value as unknown as T)]
  }
  return {
    ...aggregate,
    competition: changes.competition ?? aggregate.competition,
    challenges: apply('challenge', aggregate.challenges),
    themes: apply('theme', aggregate.themes),
    items: apply('dataPackItem', aggregate.items),
    questions: apply('question', aggregate.questions),
  }
}
