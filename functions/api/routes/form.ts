// The EOI form's questions (programme managers). Anyone reads them on the competition page.
import { Hono } from 'hono'
import { Question, QuestionInput, QuestionUpdate } from '../../../shared/schemas/form.js'
import { addQuestion, removeQuestion, updateQuestion } from '../../core/competitions/form.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { CompetitionParams, QuestionParams, VersionQuery } from './params.js'

export const form = new Hono<Env>()
  .post(
    '/competitions/:competitionId/questions',
    doc({
      summary: 'Add a question to the EOI form',
      description: `${access.manager} Once the form is open, only optional questions may be added.`,
      signedIn: true,
      responses: { 201: ok(Question, 'The new question'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', QuestionInput),
    async (c) => c.json(await addQuestion(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 201),
  )
  .put(
    '/competitions/:competitionId/questions/:questionId',
    doc({
      summary: 'Change a question',
      description: `${access.manager} Send the whole question with the version you last read. Once the form is open, limits can be loosened, not tightened.`,
      signedIn: true,
      responses: { 200: ok(Question, 'The question as saved'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', QuestionParams),
    valid('json', QuestionUpdate),
    async (c) => {
      const { competitionId, questionId } = c.req.valid('param')
      return c.json(await updateQuestion(c.var.deps, competitionId, questionId, c.req.valid('json')), 200)
    },
  )
  .delete(
    '/competitions/:competitionId/questions/:questionId',
    doc({
      summary: 'Remove a question (not once the form is open)',
      description: `${access.manager} Refused (422) once the form is open, since people may have answered it: make it optional instead. Send the version you last read.`,
      signedIn: true,
      responses: { 204: { description: 'Removed' }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', QuestionParams),
    valid('query', VersionQuery),
    async (c) => {
      const { competitionId, questionId } = c.req.valid('param')
      await removeQuestion(c.var.deps, competitionId, questionId, c.req.valid('query').version)
      return c.body(null, 204)
    },
  )
