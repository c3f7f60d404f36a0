// Changes to a grant after acceptance: the grantee's change requests and the manager's
// decisions on them; the manager's reduction, termination and recorded repayment.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import {
  ChangeDecisionInput,
  ChangeRequest,
  ChangeRequestInput,
  ChangeRequestList,
  GRANT_CHANGE_LIMITS,
  GranteeChangeRequest,
  GranteeChangeRequestList,
  ReduceAwardInput,
  RepaymentInput,
  TerminateGrantInput,
} from '../../../shared/schemas/grant-changes.js'
import { Grant } from '../../../shared/schemas/grants.js'
import { project } from '../../../shared/schemas/view.js'
import {
  decideChange,
  listGrantChanges,
  listOwnChanges,
  recordRepayment,
  reduceAward,
  requestChange,
  terminateGrant,
} from '../../core/grants/changes.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { ApplicationParams, AssessmentParams } from './params.js'

const ChangeParams = z.extend(AssessmentParams, { changeId: z.string().check(z.minLength(1), z.maxLength(64)) })

const money =
  'One transaction: the grant at its version, the award’s amount (kept equal to the grant’s; the amount accepted kept as `acceptedAmountPence`), the competition’s committed and paid totals under its revision, and a ledger entry; a race with another change or payment is decided again on fresh data.'
const amendment = 'Recorded on the grant as an amendment (who, when, why, each field from → to) at its next version.'

export const grantChanges = new Hono<Env>()
  .get(
    '/applications/:applicationId/grant/changes',
    doc({
      summary: 'Your change requests',
      description: `${access.applicant} The change requests on your own organisation’s grant, newest first, with the programme team’s answers. Anyone else’s grant, a draft and none get the same 404.`,
      signedIn: true,
      responses: { 200: ok(GranteeChangeRequestList, 'The change requests'), ...problems(401, 403, 404) },
    }),
    requireRole('applicant'),
    valid('param', ApplicationParams),
    async (c) => {
      const items = await listOwnChanges(c.var.deps, c.var.user!, c.req.valid('param').applicationId)
      return c.json({ items: items.map((item) => project(GranteeChangeRequest, item)) }, 200)
    },
  )
  .post(
    '/applications/:applicationId/grant/changes',
    doc({
      summary: 'Ask for a change to your grant',
      description: `${access.applicant} Your own organisation’s grant, while it is active (409 otherwise): extend a milestone, change the scope or the indicators, or reduce the award, with a reason. At most ${GRANT_CHANGE_LIMITS.open} requests wait for a decision at once and ${GRANT_CHANGE_LIMITS.total} are made in all (409 beyond). The change is checked against the grant now (422 naming the field) and again when a programme manager decides.`,
      signedIn: true,
      responses: {
        201: ok(GranteeChangeRequest, 'The request, waiting for a decision'),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    requireRole('applicant'),
    valid('param', ApplicationParams),
    valid('json', ChangeRequestInput),
    async (c) =>
      c.json(
        project(
          GranteeChangeRequest,
          await requestChange(c.var.deps, c.var.user!, c.req.valid('param').applicationId, c.req.valid('json')),
        ),
        201,
      ),
  )
  .get(
    '/competitions/:competitionId/grants/:applicationId/changes',
    doc({
      summary: 'A grant’s change requests',
      description: `${access.manager} Every change request on the grant, newest first (at most ${GRANT_CHANGE_LIMITS.total}); 404 where there is no grant.`,
      signedIn: true,
      responses: { 200: ok(ChangeRequestList, 'The change requests'), ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', AssessmentParams),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json({ items: await listGrantChanges(c.var.deps, competitionId, applicationId) }, 200)
    },
  )
  .post(
    '/competitions/:competitionId/grants/:applicationId/changes/:changeId/decision',
    doc({
      summary: 'Approve or refuse a change request',
      description: `${access.manager} An open request at the version read (409 if stale), decided once: a second decision, even racing the first, is a 409 saying who decided it and when. Refusing needs a reason (the grantee sees it). Approving needs the grant active and the change still possible on the grant as it is now (422 naming the field otherwise, e.g. the milestone approved meanwhile); it is applied in the same transaction as the decision. ${amendment} An approved reduction moves money as a manager’s reduction does. ${money}`,
      signedIn: true,
      responses: {
        200: ok(z.object({ change: ChangeRequest, grant: Grant }), 'The request as decided, and the grant'),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    requireRole('manager'),
    valid('param', ChangeParams),
    valid('json', ChangeDecisionInput),
    async (c) => {
      const { competitionId, applicationId, changeId } = c.req.valid('param')
      return c.json(
        await decideChange(c.var.deps, c.var.user!, competitionId, applicationId, changeId, c.req.valid('json')),
        200,
      )
    },
  )
  .post(
    '/competitions/:competitionId/grants/:applicationId/reduce',
    doc({
      summary: 'Reduce a grant’s award',
      description: `${access.manager} An active grant at the version read (409 if stale or not active). The new award is less than the award and at least what is paid (422 naming \`amountPence\`): exactly the difference goes back to the pot, cut from the unpaid tranches from the last backwards (a tranche cut to nothing is cancelled). Money paid comes back only as a repayment. ${amendment} ${money}`,
      signedIn: true,
      responses: { 200: ok(Grant, 'The grant, reduced'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', AssessmentParams),
    valid('json', ReduceAwardInput),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(await reduceAward(c.var.deps, c.var.user!, competitionId, applicationId, c.req.valid('json')), 200)
    },
  )
  .post(
    '/competitions/:competitionId/grants/:applicationId/terminate',
    doc({
      summary: 'Terminate a grant',
      description: `${access.manager} A grant sent or active, at the version read (409 if stale, or if it is terminated already, saying by whom and when). Every unpaid tranche is cancelled and the award comes down to what is paid: exactly the unpaid part goes back to the pot. Change requests waiting for a decision are refused with it. Afterwards only a repayment can be recorded. ${amendment} ${money}`,
      signedIn: true,
      responses: { 200: ok(Grant, 'The grant, terminated'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', AssessmentParams),
    valid('json', TerminateGrantInput),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(
        await terminateGrant(c.var.deps, c.var.user!, competitionId, applicationId, c.req.valid('json')),
        200,
      )
    },
  )
  .post(
    '/competitions/:competitionId/grants/:applicationId/repayment',
    doc({
      summary: 'Record a repayment',
      description: `${access.manager} Money the grantee paid back, on a grant accepted (active, completed or terminated), at the version read (409 if stale). At most what is paid (422 naming \`amountPence\`): it comes off what is paid and what is committed both, and the award comes down by as much, so it returns to the pot. ${amendment} ${money}`,
      signedIn: true,
      responses: { 200: ok(Grant, 'The grant, with the repayment'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', AssessmentParams),
    valid('json', RepaymentInput),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(
        await recordRepayment(c.var.deps, c.var.user!, competitionId, applicationId, c.req.valid('json')),
        200,
      )
    },
  )
