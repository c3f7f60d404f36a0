// The anonymous diversity and inclusion survey.
import { Hono } from 'hono'
import * as z from 'zod'
import { diQuestions } from '../../../shared/di-questions.js'
import { DiSurveyAggregate, DiSurveyResponse } from '../../../shared/schemas/di-survey.js'
import { answerSurvey, surveyAggregate } from '../../core/di-survey/di-survey.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { CompetitionParams } from './params.js'

/** The response as a client sees it in the API document: each question, its label and its options. */
const DiSurveyRequest = DiSurveyResponse.meta({
  id: 'DiSurveyRequest',
  properties: {
    answers: {
      type: 'object',
      description: 'Answers by question id, each one of its option ids; leave out any question you would rather not answer.',
      properties: Object.fromEntries(
        diQuestions.map((q) => [q.id, { type: 'string', enum: q.options.map((o) => o.id), description: `${q.label}: ${q.options.map((o) => `${o.id} = ${o.label}`).join('; ')}` }]),
      ),
      additionalProperties: false,
    },
  },
})

export const diSurvey = new Hono<Env>()
  .post(
    '/applications/:applicationId/di-survey',
    doc({
      summary: 'Answer the anonymous diversity and inclusion survey',
      description: `${access.applicant} Optional, once per submitted expression of interest. Only counts are kept: nothing links the answers to you, your organisation or your application.`,
      signedIn: true,
      responses: { 204: { description: 'Counted' }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('applicant'),
    valid('param', z.object({ applicationId: z.string().min(1).max(64) })),
    valid('json', DiSurveyRequest),
    async (c) => {
      await answerSurvey(c.var.deps, c.var.user!, c.req.valid('param').applicationId, c.req.valid('json').answers)
      return c.body(null, 204)
    },
  )
  .get(
    '/competitions/:competitionId/di-survey',
    doc({
      summary: 'The survey’s results, in aggregate',
      description: `${access.manager} Any count below 5 (including none) is shown as "fewer than 5".`,
      signedIn: true,
      responses: { 200: ok(DiSurveyAggregate, 'Counts by question and option'), ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    async (c) => c.json(await surveyAggregate(c.var.deps, c.req.valid('param').competitionId), 200),
  )
