// Clarification Q&A on a competition.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import {
  AskedClarification,
  Clarification,
  ClarificationAnswer,
  ClarificationQuestion,
  PublishedClarification,
} from '../../../shared/schemas/clarification.js'
import { page } from '../../../shared/schemas/common.js'
import {
  answerClarification,
  askClarification,
  listCompetitionClarifications,
} from '../../core/clarifications/clarifications.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { ClarificationParams, CompetitionParams, ListQuery } from './params.js'

const published = page(PublishedClarification)

export const clarifications = new Hono<Env>()
  .get(
    '/competitions/:competitionId/clarifications',
    doc({
      summary: 'Questions and answers about a competition',
      description: `${access.anyone} Answered questions, without who asked. Programme managers may pass all=true to see unanswered ones too.`,
      responses: {
        200: ok(page(z.union([PublishedClarification, Clarification])), 'A page of questions'),
        ...problems(400, 401, 403, 404),
      },
    }),
    valid('param', CompetitionParams),
    valid(
      'query',
      z.extend(ListQuery, {
        all: z.pipe(
          z.optional(z.enum(['true', 'false'])),
          z.transform((v) => v === 'true'),
        ),
      }),
    ),
    async (c) => {
      const query = c.req.valid('query')
      const result = await listCompetitionClarifications(
        c.var.deps,
        c.var.user,
        c.req.valid('param').competitionId,
        query,
      )
      return c.json(query.all ? result : published.parse(result), 200)
    },
  )
  .post(
    '/competitions/:competitionId/clarifications',
    doc({
      summary: 'Ask a clarification question',
      description: `${access.applicant} Until the EOI deadline. The answer is published for everyone, without your name.`,
      signedIn: true,
      responses: {
        201: ok(AskedClarification, 'The question, awaiting an answer'),
        ...problems(400, 401, 403, 404, 422),
      },
    }),
    requireRole('applicant'),
    valid('param', CompetitionParams),
    valid('json', ClarificationQuestion),
    async (c) =>
      c.json(
        AskedClarification.parse(
          await askClarification(
            c.var.deps,
            c.var.user!,
            c.req.valid('param').competitionId,
            c.req.valid('json').question,
          ),
        ),
        201,
      ),
  )
  .put(
    '/competitions/:competitionId/clarifications/:clarificationId/answer',
    doc({
      summary:
        'Answer (or correct the answer to) a question, publishing it; the question may be reworded to take out who asked',
      description: `${access.manager} Send the version you last read.`,
      signedIn: true,
      responses: { 200: ok(Clarification, 'The answered question'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', ClarificationParams),
    valid('json', ClarificationAnswer),
    async (c) => {
      const { competitionId, clarificationId } = c.req.valid('param')
      return c.json(await answerClarification(c.var.deps, competitionId, clarificationId, c.req.valid('json')), 200)
    },
  )
