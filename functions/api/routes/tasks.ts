// The programme manager's task list for a competition: every stage's status and counts in one call.
import { Hono } from 'hono'
import { TaskList } from '../../../shared/schemas/tasks.js'
import { getTaskList } from '../../core/tasks/tasks.js'
import type { Env } from '../env.js'
import { requireSignIn } from '../middleware/auth.js'
import { doc, ok, problems, valid } from '../openapi.js'
import { CompetitionParams } from './params.js'

export const tasks = new Hono<Env>().get(
  '/competitions/:competitionId/tasks',
  doc({
    summary: 'The competition’s task list',
    description:
      'Who may call: programme managers (anyone else signed in gets the same 404 as a competition that does not exist). ' +
      'Each stage in the order the work is done (`setup`, `publish`, `questions`, `screening`, `panel`, `pitches`, `scoring`, `awards`, `feedback`, `release`, `grants`) ' +
      'with its status (`cannot-start`, `not-started`, `in-progress`, `completed`), a short summary of its counts and the counts themselves. ' +
      'Reads the competition’s own partition and one projected query each of its questions, assessment (candidates, panel, declarations, sheets’ status, rubric, pitch slots), awards, feedback and grants: never an application, a sheet’s text or a grant’s details.',
    signedIn: true,
    responses: { 200: ok(TaskList, 'Every stage with its status'), ...problems(401, 404) },
  }),
  requireSignIn,
  valid('param', CompetitionParams),
  async (c) => c.json(await getTaskList(c.var.deps, c.var.user, c.req.valid('param').competitionId), 200),
)
