// An organisation's optional answers about its leadership, given with consent by one of its
// members. Without consent nothing is recorded but that it declined; each question may be
// answered yes or no, or declined. What an EOI counts under is fixed when it is submitted.
import { leadershipQuestions } from '../../../shared/leadership-questions.js'
import type { Leadership, LeadershipInput } from '../../../shared/schemas/funnel.js'
import type { User } from '../../../shared/schemas/user.js'
import { getLeadership, putLeadership } from '../../db/leadership-repo.js'
import { getMembership } from '../../db/organisations-repo.js'
import { ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated, VersionConflict } from '../errors.js'
import { leadershipCellsOf } from './funnel.js'

async function myOrganisationId(ctx: Ctx, user: User): Promise<string> {
  const organisationId = await getMembership(ctx.db, user.id)
  if (!organisationId) throw new NotFound('organisation', 'You have not registered an organisation yet.')
  return organisationId
}

export async function myLeadership(ctx: Ctx, user: User): Promise<Leadership> {
  const organisationId = await myOrganisationId(ctx, user)
  const [saved, cells] = await Promise.all([
    getLeadership(ctx.db, organisationId),
    leadershipCellsOf(ctx, organisationId),
  ])
  return {
    answers: cells,
    consentGiven: saved?.consentGiven ?? false,
    savedAt: saved?.savedAt,
    version: saved?.version ?? 0,
  }
}

export async function saveLeadership(ctx: Ctx, user: User, input: LeadershipInput): Promise<Leadership> {
  const organisationId = await myOrganisationId(ctx, user)
  if (!input.consent && Object.values(input.answers).some((a) => a !== 'declined'))
    throw new RuleViolated('Answers are recorded only with your consent.', [
      { field: 'consent', message: 'must be given to record answers' },
    ])
  const answers = Object.fromEntries(
    leadershipQuestions.map((q) => [q.id, input.consent ? (input.answers[q.id] ?? 'declined') : 'declined']),
  )
  try {
    await putLeadership(
      ctx.db,
      {
        organisationId,
        consentGiven: input.consent,
        answers,
        savedAt: ctx.now().toISOString(),
        savedBy: user.id,
        version: input.version + 1,
      },
      input.version,
    )
  } catch (error) {
    if (error instanceof ConditionFailed) {
      const now = await getLeadership(ctx.db, organisationId)
      throw new VersionConflict('leadership answers', now?.version ?? 0)
    }
    throw error
  }
  return myLeadership(ctx, user)
}
