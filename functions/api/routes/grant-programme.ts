// After the grant: the grantee's check-ins, the programme manager's view of every grant across
// competitions, a grant's check-ins for the manager, and which milestones the public sees.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import {
  CheckInInput,
  CheckInRound,
  GranteeCheckIn,
  GranteeCheckIns,
  ManagerCheckIns,
  MilestonePublicInput,
  Programme,
  ProgrammeQuery,
} from '../../../shared/schemas/grant-programme.js'
import { Grant } from '../../../shared/schemas/grants.js'
import { project } from '../../../shared/schemas/view.js'
import { getGrantCheckIns, getOwnCheckIns, submitCheckIn } from '../../core/grants/check-ins.js'
import { getProgramme, setMilestonePublic } from '../../core/grants/programme.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { ApplicationParams, AssessmentParams } from './params.js'

const CheckInParams = z.extend(ApplicationParams, { round: CheckInRound })
const MilestoneParams = z.extend(AssessmentParams, { milestoneId: z.string().check(z.minLength(1), z.maxLength(64)) })

const rounds =
  'Two rounds, 6 and 12 months after the grant’s end date (`opensOn`, Europe/London), for grants the grantee accepted (active or completed; a terminated grant has none).'

export const grantProgramme = new Hono<Env>()
  .get(
    '/applications/:applicationId/grant/check-ins',
    doc({
      summary: 'Your check-ins after the grant',
      description: `${access.applicant} Your own organisation’s grant, once sent to you (anyone else’s, a draft and none get the same 404). ${rounds} Each round is \`upcoming\`, \`open\` or \`submitted\`; until submitted it carries a \`draft\` prefilled from the 6-month check-in (for the 12-month one) or else the grant’s latest indicator actuals.`,
      signedIn: true,
      responses: { 200: ok(GranteeCheckIns, 'Both rounds'), ...problems(401, 403, 404) },
    }),
    requireRole('applicant'),
    valid('param', ApplicationParams),
    async (c) =>
      c.json(
        project(GranteeCheckIns, await getOwnCheckIns(c.var.deps, c.var.user!, c.req.valid('param').applicationId)),
        200,
      ),
  )
  .put(
    '/applications/:applicationId/grant/check-ins/:round',
    doc({
      summary: 'Submit a check-in',
      description: `${access.applicant} Your own organisation’s grant (others’ and none: the same 404). ${rounds} Open from its date: before it, a 409 saying when it opens. Either \`nothingToReport: true\` and nothing else, or jobs with any follow-on funding, public bodies and indicator actuals (each indicator of the grant at most once, 422 otherwise). Submitted once and then fixed: the same submission again returns it, a different one is a 409. Its actuals are appended to the grant’s, in the same transaction.`,
      signedIn: true,
      responses: { 200: ok(GranteeCheckIn, 'The check-in, submitted'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('applicant'),
    valid('param', CheckInParams),
    valid('json', CheckInInput),
    async (c) => {
      const { applicationId, round } = c.req.valid('param')
      return c.json(
        project(
          GranteeCheckIn,
          await submitCheckIn(c.var.deps, c.var.user!, applicationId, round, c.req.valid('json')),
        ),
        200,
      )
    },
  )
  .get(
    '/competitions/:competitionId/grants/:applicationId/check-ins',
    doc({
      summary: 'A grant’s check-ins',
      description: `${access.manager} ${rounds} Both rounds with their state, and each submitted check-in with who submitted it; 404 where there is no grant.`,
      signedIn: true,
      responses: { 200: ok(ManagerCheckIns, 'Both rounds'), ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', AssessmentParams),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(await getGrantCheckIns(c.var.deps, competitionId, applicationId), 200)
    },
  )
  .put(
    '/competitions/:competitionId/grants/:applicationId/milestones/:milestoneId/public',
    doc({
      summary: 'Show or hide a milestone on the public results page',
      description: `${access.manager} Once the grantee has accepted the agreement (409 before). The public results page then shows the milestone’s title, date and status (upcoming, in review or done; never a query, a rejection or any report). Under the grant’s version guard: another write of the grant landing first is read again, so both land. Setting it to what it is already returns the grant unchanged. 404 for no grant or no such milestone.`,
      signedIn: true,
      responses: { 200: ok(Grant, 'The grant'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', MilestoneParams),
    valid('json', MilestonePublicInput),
    async (c) => {
      const { competitionId, applicationId, milestoneId } = c.req.valid('param')
      return c.json(
        await setMilestonePublic(
          c.var.deps,
          c.var.user!,
          competitionId,
          applicationId,
          milestoneId,
          c.req.valid('json').public,
        ),
        200,
      )
    },
  )
  .get(
    '/programme/grants',
    doc({
      summary: 'The programme: every grant across competitions',
      description: `${access.manager} Every grant of every competition, read with one query of the grants’ index (followed through its pages) and one batch read of their competitions’ titles: its status as of today in Europe/London (draft, awaiting acceptance, then the first of overdue: a milestone past its date without a report; queried; report due: a milestone due within 14 days without a report; on track; or completed, terminated), paid against awarded, and indicators met (the latest actual meets the latest target due by its date, which way is better respected). Totals of the grants shown. Optional filters: \`status\`, \`competitionId\`.`,
      signedIn: true,
      responses: { 200: ok(Programme, 'Every grant, with totals'), ...problems(400, 401, 403) },
    }),
    requireRole('manager'),
    valid('query', ProgrammeQuery),
    async (c) => c.json(await getProgramme(c.var.deps, c.req.valid('query')), 200),
  )
