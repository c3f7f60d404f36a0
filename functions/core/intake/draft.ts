// One action turns a closed round's chosen problems into a draft competition: a challenge per
// problem, owned by its problem owner's organisation, with the evidence they linked as its data pack.
import type { Challenge, Competition, DataPackItem } from '../../../shared/schemas/competition.js'
import type { DraftFromRoundInput } from '../../../shared/schemas/intake.js'
import { getProblem, roundDrafted } from '../../db/intake-repo.js'
import { commit, ConditionFailed } from '../../db/write.js'
import { changeCompetition } from '../competitions/aggregate.js'
import { createCompetition, deleteCompetition } from '../competitions/competitions.js'
import type { Ctx } from '../context.js'
import { StateConflict } from '../errors.js'
import { newId } from '../ids.js'
import { readRound, selection } from './rounds.js'

/**
 * Makes a draft competition whose challenges are the plan's problems, each owned by its
 * problem owner's organisation, with the evidence they linked as its data pack. Once per round;
 * refused (409) if the plan is no longer the one the manager saw.
 */
export async function draftCompetitionFromRound(
  ctx: Ctx,
  roundId: string,
  input: DraftFromRoundInput,
): Promise<Competition> {
  const round = await readRound(ctx, roundId)
  if (round.competitionId) throw new StateConflict('A draft competition has already been made from this round.')
  const chosen = (await selection(ctx, roundId)).plans.find((p) => p.plan.method === input.method)!.plan
  const ids = chosen.awards.map((a) => a.applicationId)
  if (ids.length !== input.expected.length || ids.some((id) => !input.expected.includes(id)))
    throw new StateConflict('The plan has changed since you saw it: look at it again.', [
      { field: 'expected', message: 'is not the current plan' },
    ])
  const problems = await Promise.all(ids.map((id) => getProblem(ctx.db, id, { consistent: true })))
  const competition = await createCompetition(ctx, { title: input.title, potPence: round.budgetPence })
  const created = await changeCompetition(ctx, competition.id, (_aggregate, now) => {
    const challenges: Challenge[] = []
    const items: DataPackItem[] = []
    for (const problem of problems) {
      if (!problem) continue
      const challenge: Challenge = {
        id: newId(),
        title: problem.title,
        statement: problem.statement,
        context: [problem.description, '', `Who it affects: ${problem.affects}`].join('\n').slice(0, 5000),
        owner: problem.organisation,
        evidenceExpected: '',
        version: 1,
      }
      challenges.push(challenge)
      for (const e of problem.evidence)
        if (e.url)
          items.push({
            kind: 'dataset',
            id: newId(),
            challengeId: challenge.id,
            title: e.title,
            ...(e.description ? { description: e.description } : {}),
            source: problem.organisation,
            licence: `Ask ${problem.organisation}`,
            url: e.url,
            accessLevel: e.accessLevel,
            createdAt: now.toISOString(),
          })
    }
    return {
      changes: {
        puts: [
          ...challenges.map((value) => ({ entity: 'challenge' as const, value })),
          ...items.map((value) => ({ entity: 'dataPackItem' as const, value })),
        ],
      },
      result: competition,
    }
  })
  try {
    await commit(ctx.db, [roundDrafted(ctx.db, roundId, competition.id)])
  } catch (error) {
    if (!(error instanceof ConditionFailed && error.failed('round-not-drafted'))) throw error
    // Another request made the round's draft first: this one's copy goes, so there is only one.
    await deleteCompetition(ctx, competition.id, competition.version)
    throw new StateConflict('A draft competition has already been made from this round.')
  }
  return created
}
