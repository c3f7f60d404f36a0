// Clarification Q&A: every applicant gets the same information. Questions are asked while a
// competition is published and open; answers are published to everyone, anonymously.
import { getMembership, getOrganisation } from '../../db/organisations-repo.js'
import { engage } from '../funnel/funnel.js'
import type { Clarification, PublishedClarification } from '../../../shared/schemas/clarification.js'
import type { Page } from '../../../shared/schemas/common.js'
import type { User } from '../../../shared/schemas/user.js'
import { formatLondon } from '../../../shared/dates.js'
import {
  getClarification,
  insertClarification,
  listAnsweredClarifications,
  listClarifications,
  saveAnswer,
  TooManyOpenQuestions,
} from '../../db/clarifications-repo.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import { InvalidCursor } from '../../db/cursor.js'
import { ConditionFailed } from '../../db/write.js'
import { isManager, type Caller, type Ctx } from '../context.js'
import { DeadlinePassed, Forbidden, NotFound, RuleViolated, ValidationFailed, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'

/** Questions one applicant may have awaiting an answer on a competition at once. */
export const MAX_OPEN_QUESTIONS = 5

export async function askClarification(
  ctx: Ctx,
  user: User,
  competitionId: string,
  question: string,
): Promise<Clarification> {
  const aggregate = await getCompetitionAggregate(ctx.db, competitionId)
  if (aggregate?.competition.status !== 'published') throw new NotFound('competition')
  const now = ctx.now()
  const closes = aggregate.competition.timeline.eoiClosesAt
  if (closes && now >= new Date(closes)) throw new DeadlinePassed(formatLondon(closes))
  const clarification: Clarification = {
    id: newId(),
    competitionId,
    question,
    status: 'asked',
    askedAt: now.toISOString(),
    version: 1,
  }
  try {
    await insertClarification(ctx.db, clarification, user.id, MAX_OPEN_QUESTIONS)
  } catch (error) {
    if (error instanceof TooManyOpenQuestions) {
      throw new RuleViolated(
        `You already have ${MAX_OPEN_QUESTIONS} questions awaiting an answer on this competition. You can ask another once one is answered.`,
        [
          {
            field: 'question',
            message: `must wait until one of your ${MAX_OPEN_QUESTIONS} open questions is answered`,
          },
        ],
      )
    }
    throw error
  }
  // Engagement is by organisation: someone who has not registered one yet is not counted.
  const organisationId = await getMembership(ctx.db, user.id)
  const organisation = organisationId ? await getOrganisation(ctx.db, organisationId) : undefined
  if (organisation) await engage(ctx, competitionId, organisation.name, 'question')
  return clarification
}

/** Publishes an answer, and the question reworded if the manager took identifying details out. */
export async function answerClarification(
  ctx: Ctx,
  competitionId: string,
  clarificationId: string,
  { answer, question, version }: { answer: string; question?: string; version: number },
): Promise<Clarification> {
  const found = await getClarification(ctx.db, competitionId, clarificationId)
  if (!found) throw new NotFound('question')
  const current = found.clarification
  if (current.version !== version) throw new VersionConflict('question', current.version)
  const answered: Clarification = {
    ...current,
    question: question ?? current.question,
    answer,
    status: 'answered',
    answeredAt: ctx.now().toISOString(),
    version: version + 1,
  }
  try {
    await saveAnswer(ctx.db, answered, version, current.status === 'asked' ? found.askedBy : undefined)
  } catch (error) {
    if (error instanceof ConditionFailed) throw new VersionConflict('question')
    throw error
  }
  return answered
}

/** Answered questions for everyone; managers may ask for all, to see what awaits an answer. */
export async function listCompetitionClarifications(
  ctx: Ctx,
  caller: Caller,
  competitionId: string,
  query: { limit: number; cursor?: string; all: boolean },
): Promise<Page<PublishedClarification | Clarification>> {
  if (query.all && !isManager(caller)) throw new Forbidden('Only programme managers can see unanswered questions.')
  const aggregate = await getCompetitionAggregate(ctx.db, competitionId)
  if (!aggregate || (aggregate.competition.status !== 'published' && !isManager(caller)))
    throw new NotFound('competition')
  try {
    if (query.all) return await listClarifications(ctx.db, competitionId, query)
    const page = await listAnsweredClarifications(ctx.db, competitionId, query)
    return { ...page, items: page.items.map(({ question, answer, answeredAt }) => ({ question, answer, answeredAt })) }
  } catch (error) {
    if (error instanceof InvalidCursor)
      throw new ValidationFailed([{ field: 'cursor', message: 'is not a cursor from this list' }])
    throw error
  }
}
