// Grant agreements: the programme manager sets one up for an accepted award and sends it; the
// grantee reads and accepts it.
import { Hono } from 'hono'
import { Grant, GranteeGrant, GrantSetupInput } from '../../../shared/schemas/grants.js'
import { project } from '../../../shared/schemas/view.js'
import {
  acceptGrantAgreement,
  getGrantAgreement,
  getOwnGrant,
  saveGrantAgreement,
  sendGrantAgreement,
} from '../../core/grants/grants.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { ApplicationParams, AssessmentParams, VersionBody } from './params.js'

const fixed = 'Once the grantee has accepted it the agreement is fixed: a change is a 409 saying so.'

export const grants = new Hono<Env>()
  .get(
    '/competitions/:competitionId/grants/:applicationId',
    doc({
      summary: 'A grant agreement',
      description: `${access.manager} The agreement for one accepted award, with the manager’s notes; 404 if none has been set up.`,
      signedIn: true,
      responses: { 200: ok(Grant, 'The grant agreement'), ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', AssessmentParams),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(await getGrantAgreement(c.var.deps, competitionId, applicationId), 200)
    },
  )
  .put(
    '/competitions/:competitionId/grants/:applicationId',
    doc({
      summary: 'Set up or change a grant agreement',
      description: `${access.manager} Only for an award the applicant has accepted (409 otherwise, and 404 where there is no award). Version 0 creates the draft (201); otherwise the version read (a stale one is a 409). The tranches must add up exactly to the award in pence (422 naming \`tranches\` with the difference in £); a milestone-triggered tranche must name a milestone of this grant; milestones and dated tranches fall within the grant’s dates; at most one tranche is held back, and it is the last. A change after sending takes the agreement back to draft: it must be sent again, and the grantee cannot accept the version they were sent. ${fixed} The award is checked still accepted, for the same amount, in the same transaction.`,
      signedIn: true,
      responses: {
        200: ok(Grant, 'The draft, changed'),
        201: ok(Grant, 'The draft, created'),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    requireRole('manager'),
    valid('param', AssessmentParams),
    valid('json', GrantSetupInput),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      const { grant, created } = await saveGrantAgreement(
        c.var.deps,
        c.var.user!,
        competitionId,
        applicationId,
        c.req.valid('json'),
      )
      return created ? c.json(grant, 201) : c.json(grant, 200)
    },
  )
  .post(
    '/competitions/:competitionId/grants/:applicationId/send',
    doc({
      summary: 'Send a grant agreement to the grantee',
      description: `${access.manager} A draft, at the version read (409 if stale), while the award is still accepted: draft → sent, with an email to the applicant’s contact linking to the agreement’s page, in one transaction. Sending it again returns it as sent, without a second email. ${fixed}`,
      signedIn: true,
      responses: { 200: ok(Grant, 'The agreement, sent'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', AssessmentParams),
    valid('json', VersionBody),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(
        await sendGrantAgreement(c.var.deps, c.var.user!, competitionId, applicationId, c.req.valid('json')),
        200,
      )
    },
  )
  .get(
    '/applications/:applicationId/grant',
    doc({
      summary: 'Your grant agreement',
      description: `${access.applicant} Your own organisation’s, once it has been sent to you: milestones, the payment schedule, indicators and the conditions. Anyone else’s, a draft and none get the same 404.`,
      signedIn: true,
      responses: { 200: ok(GranteeGrant, 'The grant agreement'), ...problems(401, 403, 404) },
    }),
    requireRole('applicant'),
    valid('param', ApplicationParams),
    async (c) =>
      c.json(
        project(GranteeGrant, await getOwnGrant(c.var.deps, c.var.user!, c.req.valid('param').applicationId)),
        200,
      ),
  )
  .post(
    '/applications/:applicationId/grant/accept',
    doc({
      summary: 'Accept your grant agreement',
      description: `${access.applicant} Your own organisation’s, as sent, at the version you read: if the programme team changed it since, a 409 asks you to read it again. Sent → active, once; accepting again returns it. From then it is fixed.`,
      signedIn: true,
      responses: { 200: ok(GranteeGrant, 'The agreement, accepted'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('applicant'),
    valid('param', ApplicationParams),
    valid('json', VersionBody),
    async (c) =>
      c.json(
        project(
          GranteeGrant,
          await acceptGrantAgreement(c.var.deps, c.var.user!, c.req.valid('param').applicationId, c.req.valid('json')),
        ),
        200,
      ),
  )
