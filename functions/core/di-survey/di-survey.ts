// The anonymous D&I survey: answered once per submitted application while its EOI window (or
// extension) is open, stored apart from anything naming the applicant, and counted once, after
// the EOI window and every extension have closed, into published counts with small numbers
// suppressed. Before then nobody, managers included, sees any count.
import type { FieldError } from '../../../shared/schemas/common.js'
import type { Competition } from '../../../shared/schemas/competition.js'
import { type DiSurveyPublished, type DiSurveyResults, diQuestions } from '../../../shared/schemas/di-survey.js'
import type { User } from '../../../shared/schemas/user.js'
import { formatLondon } from '../../../shared/dates.js'
import { getApplication, listApplicationsByCompetition } from '../../db/applications-repo.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import {
  closeSurvey,
  getPublishedSurvey,
  listAnswerSets,
  markSurveyAnswered,
  putAnswerSet,
  putPublishedSurvey,
  unmarkSurveyAnswered,
  type AnswerSet,
} from '../../db/di-survey-repo.js'
import { getMembership } from '../../db/organisations-repo.js'
import { ConditionFailed } from '../../db/write.js'
import { deadlineFor } from '../applications/applications.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated, StateConflict } from '../errors.js'
import { shownTotal, suppressRow } from './suppress.js'

const answeredAlready = () => new StateConflict('This survey has already been answered. Thank you.')

export async function answerSurvey(
  ctx: Ctx,
  user: User,
  applicationId: string,
  answers: Record<string, string>,
): Promise<void> {
  const [application, organisationId] = await Promise.all([
    getApplication(ctx.db, applicationId),
    getMembership(ctx.db, user.id),
  ])
  if (!application || application.organisationId !== organisationId) throw new NotFound('expression of interest')
  if (application.status !== 'submitted')
    throw new StateConflict('The survey is for submitted expressions of interest.')
  if (application.diSurveyAnswered) throw answeredAlready()

  const aggregate = await getCompetitionAggregate(ctx.db, application.competitionId)
  if (!aggregate) throw new NotFound('competition')
  const closes = deadlineFor(aggregate.competition, application)
  const closed = () =>
    new StateConflict(
      `The survey closed with the EOI window${closes ? `, ${formatLondon(closes)}` : ''}: its results are being counted.`,
    )
  if (closes && ctx.now() >= new Date(closes)) throw closed()

  const asked = new Set<string>(aggregate.competition.diSurveyQuestions)
  const problems: FieldError[] = []
  const chosen: AnswerSet = {}
  for (const [questionId, optionId] of Object.entries(answers)) {
    const question = diQuestions.find((q) => q.id === questionId && asked.has(q.id))
    if (!question) problems.push({ field: `answers.${questionId}`, message: 'is not a question this survey asks' })
    else if (!question.options.some((o) => o.id === optionId))
      problems.push({ field: `answers.${questionId}`, message: 'must be one of the options' })
    else chosen[questionId] = optionId
  }
  if (problems.length) throw new RuleViolated('Some answers are not options of the survey.', problems)

  // Two separate writes, in two tables: the flag that stops a second answer, then the answers
  // under a random key. No request, transaction or stream record holds both.
  try {
    await markSurveyAnswered(ctx.db, application.id)
  } catch (error) {
    if (error instanceof ConditionFailed) throw answeredAlready()
    throw error
  }
  try {
    await putAnswerSet(ctx.db, application.competitionId, chosen)
  } catch (error) {
    await unmarkSurveyAnswered(ctx.db, application.id)
    if (error instanceof ConditionFailed) throw closed()
    throw error
  }
}

/**
 * The results for programme managers. While anyone may still answer (the EOI window or an
 * extension is open) nothing is counted and the answer says when results will be ready; the
 * first look after that closes the survey, counts it once and publishes the suppressed counts,
 * which every later look returns unchanged.
 */
export async function surveyResults(ctx: Ctx, competitionId: string): Promise<DiSurveyResults> {
  const [aggregate, published] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId),
    getPublishedSurvey(ctx.db, competitionId),
  ])
  if (!aggregate) throw new NotFound('competition')
  if (published) return published
  const now = ctx.now()
  const closes = await lastClose(ctx, aggregate.competition)
  if (!closes || now < new Date(closes)) return { status: 'collecting', availableAfter: closes }

  await closeSurvey(ctx.db, competitionId)
  const sets = await listAnswerSets(ctx.db, competitionId)
  const result = countAndSuppress(aggregate.competition, sets, now)
  try {
    await putPublishedSurvey(ctx.db, competitionId, result)
    return result
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
    // Another look published first: the same answers, so the same counts; theirs stands.
    return (await getPublishedSurvey(ctx.db, competitionId)) ?? result
  }
}

/** The counts of the asked questions, each row (options and "not answered") suppressed as one. */
export function countAndSuppress(
  competition: Pick<Competition, 'diSurveyQuestions'>,
  sets: AnswerSet[],
  now: Date,
): DiSurveyPublished {
  const respondents = sets.length
  return {
    status: 'published',
    publishedAt: now.toISOString(),
    respondents: shownTotal(respondents),
    questions: diQuestions
      .filter((q) => competition.diSurveyQuestions.includes(q.id))
      .map((q) => {
        const counts = q.options.map((o) => sets.filter((set) => set[q.id] === o.id).length)
        const notAnswered = respondents - counts.reduce((sum, n) => sum + n, 0)
        const shown = suppressRow([...counts, notAnswered], respondents)
        return {
          id: q.id,
          label: q.label,
          options: q.options.map((o, i) => ({ id: o.id, label: o.label, count: shown[i]! })),
          notAnswered: shown[counts.length]!,
        }
      }),
  }
}

/**
 * When the last person who could answer stops being able to: the EOI deadline, or the latest
 * extension running past it (of a draft, or of a submitted EOI whose applicant may still
 * answer). Undefined while the competition has no deadline.
 */
async function lastClose(ctx: Ctx, competition: Competition): Promise<string | undefined> {
  let latest = competition.timeline.eoiClosesAt
  if (!latest) return undefined
  for (const status of ['draft', 'submitted'] as const) {
    let cursor: string | undefined
    do {
      const page = await listApplicationsByCompetition(ctx.db, competition.id, { status, limit: 100, cursor })
      for (const application of page.items) {
        const until = deadlineFor(competition, application)
        if (until && Date.parse(until) > Date.parse(latest)) latest = until
      }
      cursor = page.nextCursor
    } while (cursor)
  }
  return latest
}
