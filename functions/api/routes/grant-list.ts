// The programme manager's list of a competition's grants (accepted awards and their agreements).
import { Hono } from 'hono'
import { GrantList } from '../../../shared/schemas/grant-list.js'
import { listGrants } from '../../core/grants/grant-list.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { CompetitionParams } from './params.js'

export const grantList = new Hono<Env>().get(
  '/competitions/:competitionId/grants',
  doc({
    summary: 'A competition’s grants',
    description: `${access.manager} Every accepted award, by organisation name, with its grant agreement’s status (draft, sent, active, completed, terminated), dates, amount and what is paid, or no \`grant\` where none has been set up yet; also any award whose grant was set up before the award changed. 404 for a competition that does not exist.`,
    signedIn: true,
    responses: { 200: ok(GrantList, 'The accepted awards and their grants'), ...problems(401, 403, 404) },
  }),
  requireRole('manager'),
  valid('param', CompetitionParams),
  async (c) => c.json(await listGrants(c.var.deps, c.req.valid('param').competitionId), 200),
)
