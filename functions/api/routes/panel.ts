// The panel's side of assessing: answering an invitation, declaring conflicts, "my
// assignments", opening a pitch, scoring it, and (once one's own scores are in) the others'.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import {
  AssessmentView,
  Declaration,
  DeclarationsInput,
  FullSheet,
  MyPanels,
  PanelSheets,
  PanelMember,
  PanelResponse,
  SheetInput,
} from '../../../shared/schemas/assessing.js'
import { DownloadLink } from '../../../shared/schemas/competition.js'
import { declare, myPanels, respondToInvitation } from '../../core/assessing/panel.js'
import {
  assessmentFileDownload,
  getAssessment,
  listSheets,
  saveSheet,
  submitSheet,
} from '../../core/assessing/scoring.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, lockedOnceReleased, ok, problems, valid } from '../openapi.js'
import { AssessmentFileParams, AssessmentParams, CompetitionParams, VersionBody } from './params.js'

export const panel = new Hono<Env>()
  .get(
    '/me/panels',
    doc({
      summary: 'Your panels: invitations, and what to declare and score',
      description: `${access.panellist} For each panel you sit on, its shortlist with your declaration and the state of your score sheet.`,
      signedIn: true,
      responses: { 200: ok(MyPanels, 'Your panels'), ...problems(401, 403) },
    }),
    requireRole('panellist'),
    async (c) => c.json(await myPanels(c.var.deps, c.var.user!), 200),
  )
  .post(
    '/competitions/:competitionId/panel/response',
    doc({
      summary: 'Accept or decline an invitation to the panel',
      description: `${access.panellist} Signed in with the invited email address (anyone else gets 404). Repeating the same answer is harmless.`,
      signedIn: true,
      responses: { 200: ok(PanelMember, 'Your place on the panel'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('panellist'),
    valid('param', CompetitionParams),
    valid('json', PanelResponse),
    async (c) =>
      c.json(
        await respondToInvitation(
          c.var.deps,
          c.var.user!,
          c.req.valid('param').competitionId,
          c.req.valid('json').accept,
        ),
        200,
      ),
  )
  .put(
    '/competitions/:competitionId/declarations',
    doc({
      summary: 'Declare conflicts of interest with shortlisted applications',
      description: `${access.seated} “none”, or a type with a note, for each; all or none saved. A declared conflict can only be withdrawn by a programme manager. ${lockedOnceReleased}`,
      signedIn: true,
      responses: {
        200: ok(z.object({ declarations: z.array(Declaration) }), 'Your declarations'),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    requireRole('panellist'),
    valid('param', CompetitionParams),
    valid('json', DeclarationsInput),
    async (c) =>
      c.json(
        {
          declarations: await declare(c.var.deps, c.var.user!, c.req.valid('param').competitionId, c.req.valid('json')),
        },
        200,
      ),
  )
  .get(
    '/competitions/:competitionId/assessments/:applicationId',
    doc({
      summary: 'A shortlisted application to assess, with the rubric',
      description: `${access.managerOrSeated} A panellist must have declared no conflict with it (422 until declared; 404 if conflicted, exactly as for an id that does not exist) and sees their own sheet only.`,
      signedIn: true,
      responses: { 200: ok(AssessmentView, 'The application, rubric and your sheet'), ...problems(401, 403, 404, 422) },
    }),
    requireRole('manager', 'panellist'),
    valid('param', AssessmentParams),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(await getAssessment(c.var.deps, c.var.user!, competitionId, applicationId), 200)
    },
  )
  .put(
    '/competitions/:competitionId/assessments/:applicationId/sheet',
    doc({
      summary: 'Save your score sheet as a draft',
      description: `${access.seated} Scores within the rubric’s scale for its criteria, comments, a private note to the panel and feedback for the applicant, with the version last read (0 first). The first save locks the rubric. 409 once submitted, and (naming \`declaration\`) while partner matching has introduced your organisation to the applicant: that is a conflict of interest, checked as the sheet is written. ${lockedOnceReleased}`,
      signedIn: true,
      responses: { 200: ok(FullSheet, 'Your sheet'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('panellist'),
    valid('param', AssessmentParams),
    valid('json', SheetInput),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(await saveSheet(c.var.deps, c.var.user!, competitionId, applicationId, c.req.valid('json')), 200)
    },
  )
  .post(
    '/competitions/:competitionId/assessments/:applicationId/sheet/submit',
    doc({
      summary: 'Submit your scores',
      description: `${access.seated} Every criterion scored (422 names the missing ones). Locks the sheet; repeating the same submission returns it. 409 (naming \`declaration\`) while partner matching has introduced your organisation to the applicant, even if the introduction is accepted as you submit. ${lockedOnceReleased}`,
      signedIn: true,
      responses: { 200: ok(FullSheet, 'Your submitted sheet'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('panellist'),
    valid('param', AssessmentParams),
    valid('json', VersionBody),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(
        await submitSheet(c.var.deps, c.var.user!, competitionId, applicationId, c.req.valid('json').version),
        200,
      )
    },
  )
  .get(
    '/competitions/:competitionId/assessments/:applicationId/sheets',
    doc({
      summary: 'Every panellist’s scores and comments for an application, with the aggregate',
      description: `${access.managerOrSeated} A panellist only after submitting their own sheet for it (403 before: scoring is independent), and only submitted, unconflicted sheets (a conflict declared, or made by partner matching).`,
      signedIn: true,
      responses: { 200: ok(PanelSheets, 'The sheets and aggregate'), ...problems(401, 403, 404, 422) },
    }),
    requireRole('manager', 'panellist'),
    valid('param', AssessmentParams),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(await listSheets(c.var.deps, c.var.user!, competitionId, applicationId), 200)
    },
  )
  .get(
    '/competitions/:competitionId/assessments/:applicationId/files/:questionId',
    doc({
      summary: 'Download a file answer of the application being assessed',
      description: `${access.managerOrSeated} As for the application itself (declared, not conflicted). 302 to a short-lived address; with Accept: application/json, the address.`,
      signedIn: true,
      responses: {
        200: ok(DownloadLink, 'The address'),
        302: { description: 'To the file' },
        ...problems(401, 403, 404, 422),
      },
    }),
    requireRole('manager', 'panellist'),
    valid('param', AssessmentFileParams),
    async (c) => {
      const { competitionId, applicationId, questionId } = c.req.valid('param')
      const url = await assessmentFileDownload(c.var.deps, c.var.user!, competitionId, applicationId, questionId)
      return c.req.header('accept')?.includes('application/json') ? c.json({ url }, 200) : c.redirect(url, 302)
    },
  )
