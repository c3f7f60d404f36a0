// The anonymous diversity and inclusion survey.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { meta } from '../../../shared/schemas/meta.js'
import { diQuestions } from '../../../shared/di-questions.js'
import { DiSurveyResponse, DiSurveyResults } from '../../../shared/schemas/di-survey.js'
import { answerSurvey, surveyResults } from '../../core/di-survey/di-survey.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { ApplicationParams, CompetitionParams } from './params.js'

/** The response as a client sees it in the API document: each question, its label and its options. */
const DiSurveyRequest = meta(z.strictObject(DiSurveyResponse.shape), {
  id: 'DiSurveyRequest',
  properties: {
    answers: {
      type: 'object',
      description:
        'Answers by question id, each one of its option ids; leave out any question you would rather not answer.',
      properties: Object.fromEntries(
        diQuestions.map((q) => [
          q.id,
          {
            type: 'string',
            enum: q.options.map((o) => o.id),
            description: `${q.label}: ${q.options.map((o) => `${o.id} = ${o.label}`).join('; ')}`,
          },
        ]),
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
      description: `${access.applicant} Optional, once per submitted expression of interest, until its EOI deadline (or extension) passes. The answers are stored apart from your application, under a random key, with no name, id or time; only the fact that this EOI has answered is kept with it (to stop a second answer), and it is never shown to managers. 409 if answered already or the survey has closed.`,
      signedIn: true,
      responses: {
        204: { description: 'Stored, to be counted once the EOI window and every extension have closed' },
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    requireRole('applicant'),
    valid('param', ApplicationParams),
    valid('json', DiSurveyRequest),
    async (c) => {
      await answerSurvey(c.var.deps, c.var.user!, c.req.valid('param').applicationId, c.req.valid('json').answers)
      return c.body(null, 204)
    },
  )
  .get(
    '/competitions/:competitionId/di-survey',
    doc({
      summary: 'The survey’s results, published once',
      description: `${access.manager} Nothing is counted while anyone may still answer: until the EOI deadline and every extension have passed the answer is \`{"status": "collecting"}\` with \`availableAfter\`, the latest close so far. The first request after that counts the survey once and publishes the counts, which never change again. Any count under 5 is \`"suppressed"\`, and so is the next smallest in its question (options and "not answered") wherever a hidden count could otherwise be worked out by subtracting the shown ones from the total.`,
      signedIn: true,
      responses: {
        200: ok(DiSurveyResults, 'Collecting, or the published counts by question and option'),
        ...problems(401, 403, 404),
      },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    async (c) => c.json(await surveyResults(c.var.deps, c.req.valid('param').competitionId), 200),
  )
