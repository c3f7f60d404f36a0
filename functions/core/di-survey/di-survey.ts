// The anonymous D&I survey: answered once per submitted application, stored only as counts,
// reported to managers only in aggregate with small numbers suppressed.
import type { User } from '../../../shared/schemas/user.js'
import { diQuestions, showCount, type DiSurveyAggregate } from '../../../shared/schemas/di-survey.js'
import type { FieldError } from '../../../shared/schemas/common.js'
import { getApplication } from '../../db/applications-repo.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import { addSurveyResponse, getSurveyCounts } from '../../db/di-survey-repo.js'
import { getMembership } from '../../db/organisations-repo.js'
import { ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated, StateConflict } from '../errors.js'

export async function answerSurvey(ctx: Ctx, user: User, applicationId: string, answers: Record<string, string>): Promise<void> {
  const [application, organisationId] = await Promise.all([getApplication(ctx.db, applicationId), getMembership(ctx.db, user.id)])
  if (!application || application.organisationId !== organisationId) throw new NotFound('expression of interest')
  if (application.status !== 'submitted') throw new StateConflict('The survey is for submitted expressions of interest.')
  if (application.diSurveyAnswered) throw new StateConflict('This survey has already been answered. Thank you.')

  const aggregate = await getCompetitionAggregate(ctx.db, application.competitionId)
  const asked = new Set<string>(aggregate?.competition.diSurveyQuestions ?? [])
  const problems: FieldError[] = []
  const chosen: [string, string][] = []
  for (const [questionId, optionId] of Object.entries(answers)) {
    const question = diQuestions.find((q) => q.id === questionId && asked.has(q.id))
    if (!question) problems.push({ field: `answers.${questionId}`, message: 'is not a question this survey asks' })
    else if (!question.options.some((o) => o.id === optionId)) problems.push({ field: `answers.${questionId}`, message: 'must be one of the options' })
    else chosen.push([questionId, optionId])
  }
  if (problems.length) throw new RuleViolated('Some answers are not options of the survey.', problems)
  try {
    await addSurveyResponse(ctx.db, application.competitionId, application.id, chosen)
  } catch (error) {
    if (error instanceof ConditionFailed) throw new StateConflict('This survey has already been answered. Thank you.')
    throw error
  }
}

export async function surveyAggregate(ctx: Ctx, competitionId: string): Promise<DiSurveyAggregate> {
  const [aggregate, counts] = await Promise.all([getCompetitionAggregate(ctx.db, competitionId), getSurveyCounts(ctx.db, competitionId)])
  if (!aggregate) throw new NotFound('competition')
  return {
    respondents: showCount(counts.respondents),
    questions: diQuestions.filter((q) => aggregate.competition.diSurveyQuestions.includes(q.id)).map((q) => ({
      id: q.id,
      label: q.label,
      options: q.options.map((o) => ({ id: o.id, label: o.label, count: showCount(counts.count(q.id, o.id)) })),
    })),
  }
}
