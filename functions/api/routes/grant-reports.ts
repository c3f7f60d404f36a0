// Progress reports on a grant's milestones: the grantee writes, uploads evidence for and submits
// one per milestone (and answers a query); the programme manager reads it and approves, rejects
// or queries one section.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { FileAnswerInput } from '../../../shared/schemas/application.js'
import { DownloadLink, Upload } from '../../../shared/schemas/competition.js'
import {
  GranteeReport,
  ManagedReport,
  QueryReportInput,
  RejectReportInput,
  ReportInput,
  SubmitReportInput,
} from '../../../shared/schemas/grant-reports.js'
import { project } from '../../../shared/schemas/view.js'
import {
  approveReport,
  attachReportFile,
  completeReportFile,
  getManagedReport,
  getOwnReport,
  queryReport,
  rejectReport,
  removeReportFile,
  reportFileDownload,
  saveReport,
  submitReport,
} from '../../core/grants/reports.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { VersionBody } from './params.js'

const PathId = z.string().check(z.minLength(1), z.maxLength(64))
const OwnReportParams = z.object({ applicationId: PathId, milestoneId: PathId })
const OwnFileParams = z.extend(OwnReportParams, { fileId: PathId })
const ReportParams = z.extend(OwnReportParams, { competitionId: PathId })
const FileParams = z.extend(ReportParams, { fileId: PathId })

const own = `${access.applicant} Your own organisation’s grant, once you have accepted it (409 before): anyone else’s grant, a missing one and a milestone it does not have get the same 404.`
const fixed = 'An approved report is fixed: any change is a 409 saying so.'
const review = `${access.manager} A report the grantee has sent for review (status \`submitted\`), at the version read, on an active grant. A stale version is a 409; if another manager decided meanwhile, the 409 names them. Repeating your own decision returns it. The report (under its version) and the milestone’s status on the grant (under the grant’s version) change in one transaction, with an email to the grantee’s contact linking to the report’s page (an approval’s names the payments now due); a repeat sends none.`

const ownReport = (report: unknown) => project(GranteeReport, report)

export const grantReports = new Hono<Env>()
  .get(
    '/applications/:applicationId/grant/reports/:milestoneId',
    doc({
      summary: 'Your progress report on a milestone',
      description: `${own} The report as saved, or a blank one at version 0 if none has been saved yet (one actual per indicator, each null).`,
      signedIn: true,
      responses: { 200: ok(GranteeReport, 'The report'), ...problems(401, 403, 404, 409) },
    }),
    requireRole('applicant'),
    valid('param', OwnReportParams),
    async (c) => {
      const { applicationId, milestoneId } = c.req.valid('param')
      return c.json(ownReport(await getOwnReport(c.var.deps, c.var.user!, applicationId, milestoneId)), 200)
    },
  )
  .put(
    '/applications/:applicationId/grant/reports/:milestoneId',
    doc({
      summary: 'Save your progress report',
      description: `${own} At the version read (0 for the first save; a stale one is a 409). Only the sections sent change. While the report is sent for review it cannot be changed (409); while one section is queried only that section may change (409 naming the field otherwise): \`progress\` for the progress section, \`evidenceNote\` and the files for evidence, \`actuals\` for indicators. Actuals must name this grant’s indicators, each once (422 naming \`actuals.N.indicatorId\`). ${fixed}`,
      signedIn: true,
      responses: { 200: ok(GranteeReport, 'The report, saved'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('applicant'),
    valid('param', OwnReportParams),
    valid('json', ReportInput),
    async (c) => {
      const { applicationId, milestoneId } = c.req.valid('param')
      return c.json(
        ownReport(await saveReport(c.var.deps, c.var.user!, applicationId, milestoneId, c.req.valid('json'))),
        200,
      )
    },
  )
  .post(
    '/applications/:applicationId/grant/reports/:milestoneId/submit',
    doc({
      summary: 'Send your progress report for review, or answer a query',
      description: `${own} At the version read. Draft or rejected → submitted; queried → submitted, with \`answer\` (required then, 422 naming it). The report must be complete, else a 422 naming each field: \`progress\`; \`files\` (an uploaded file or an evidence note), each \`files.N\` uploaded; each indicator’s \`actuals.N.value\`; and \`actuals.N.explanation\` where the value misses the indicator’s latest target due by the milestone’s date (below it where higher is better, above it where lower is). The milestone shows as submitted on the grant, and the manager who sent the agreement is emailed a link to review it, in the same transaction. Sending again returns it. ${fixed}`,
      signedIn: true,
      responses: { 200: ok(GranteeReport, 'The report, sent'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('applicant'),
    valid('param', OwnReportParams),
    valid('json', SubmitReportInput),
    async (c) => {
      const { applicationId, milestoneId } = c.req.valid('param')
      return c.json(
        ownReport(await submitReport(c.var.deps, c.var.user!, applicationId, milestoneId, c.req.valid('json'))),
        200,
      )
    },
  )
  .post(
    '/applications/:applicationId/grant/reports/:milestoneId/files',
    doc({
      summary: 'Add an evidence file to your progress report',
      description: `${own} While the evidence can change (a draft, a rejected report, or the evidence section queried; 409 otherwise), up to 10 files (422 naming \`files\`). Comes back with a presigned upload: PUT the file there, then complete it.`,
      signedIn: true,
      responses: {
        201: ok(z.object({ report: GranteeReport, upload: Upload }), 'The report and the upload to make'),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    requireRole('applicant'),
    valid('param', OwnReportParams),
    valid('json', FileAnswerInput),
    async (c) => {
      const { applicationId, milestoneId } = c.req.valid('param')
      const { report, upload } = await attachReportFile(
        c.var.deps,
        c.var.user!,
        applicationId,
        milestoneId,
        c.req.valid('json'),
      )
      return c.json({ report: ownReport(report), upload: Upload.parse(upload) }, 201)
    },
  )
  .post(
    '/applications/:applicationId/grant/reports/:milestoneId/files/:fileId/complete',
    doc({
      summary: 'Confirm an evidence file’s upload',
      description: `${own} After PUTting the file to its upload address; 422 until it has arrived complete. Checks its size and that its first bytes are of the declared type (422 naming \`file\`), and pins that stored version: downloads serve exactly it.`,
      signedIn: true,
      responses: { 200: ok(GranteeReport, 'The report with the file counted'), ...problems(401, 403, 404, 409, 422) },
    }),
    requireRole('applicant'),
    valid('param', OwnFileParams),
    async (c) => {
      const { applicationId, milestoneId, fileId } = c.req.valid('param')
      return c.json(
        ownReport(await completeReportFile(c.var.deps, c.var.user!, applicationId, milestoneId, fileId)),
        200,
      )
    },
  )
  .delete(
    '/applications/:applicationId/grant/reports/:milestoneId/files/:fileId',
    doc({
      summary: 'Remove an evidence file from your progress report',
      description: `${own} While the evidence can change (409 otherwise); the file is deleted.`,
      signedIn: true,
      responses: { 200: ok(GranteeReport, 'The report without the file'), ...problems(401, 403, 404, 409) },
    }),
    requireRole('applicant'),
    valid('param', OwnFileParams),
    async (c) => {
      const { applicationId, milestoneId, fileId } = c.req.valid('param')
      return c.json(ownReport(await removeReportFile(c.var.deps, c.var.user!, applicationId, milestoneId, fileId)), 200)
    },
  )
  .get(
    '/applications/:applicationId/grant/reports/:milestoneId/files/:fileId',
    doc({
      summary: 'Download an evidence file of your progress report',
      description: `${own} An uploaded file: 302 to a short-lived address; with Accept: application/json, the address.`,
      signedIn: true,
      responses: {
        200: ok(DownloadLink, 'The address'),
        302: { description: 'To the file' },
        ...problems(401, 403, 404),
      },
    }),
    requireRole('applicant'),
    valid('param', OwnFileParams),
    async (c) => {
      const { applicationId, milestoneId, fileId } = c.req.valid('param')
      const url = await reportFileDownload(c.var.deps, { applicant: c.var.user!, applicationId }, milestoneId, fileId)
      return c.req.header('accept')?.includes('application/json') ? c.json({ url }, 200) : c.redirect(url, 302)
    },
  )
  .get(
    '/competitions/:competitionId/grants/:applicationId/reports/:milestoneId',
    doc({
      summary: 'A progress report, for review',
      description: `${access.manager} A report once the grantee has sent it (a draft never sent, and none, are a 404), with every decision on it and who made it.`,
      signedIn: true,
      responses: { 200: ok(ManagedReport, 'The report'), ...problems(401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', ReportParams),
    async (c) => {
      const { competitionId, applicationId, milestoneId } = c.req.valid('param')
      return c.json(
        project(ManagedReport, await getManagedReport(c.var.deps, competitionId, applicationId, milestoneId)),
        200,
      )
    },
  )
  .get(
    '/competitions/:competitionId/grants/:applicationId/reports/:milestoneId/files/:fileId',
    doc({
      summary: 'Download an evidence file of a progress report',
      description: `${access.manager} Of a report sent for review: 302 to a short-lived address; with Accept: application/json, the address.`,
      signedIn: true,
      responses: {
        200: ok(DownloadLink, 'The address'),
        302: { description: 'To the file' },
        ...problems(401, 403, 404),
      },
    }),
    requireRole('manager'),
    valid('param', FileParams),
    async (c) => {
      const { competitionId, applicationId, milestoneId, fileId } = c.req.valid('param')
      const url = await reportFileDownload(c.var.deps, { competitionId, applicationId }, milestoneId, fileId)
      return c.req.header('accept')?.includes('application/json') ? c.json({ url }, 200) : c.redirect(url, 302)
    },
  )
  .post(
    '/competitions/:competitionId/grants/:applicationId/reports/:milestoneId/approve',
    doc({
      summary: 'Approve a progress report',
      description: `${review} The milestone is approved (by you, now); each tranche its approval triggers falls due, authorised by you (so someone else records its payment); the report’s actuals join the grant’s for the milestone’s date. When it is the last milestone and every tranche not cancelled is paid (e.g. after a reduction), the grant is completed in the same write. ${fixed}`,
      signedIn: true,
      responses: { 200: ok(ManagedReport, 'The report, approved'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', ReportParams),
    valid('json', VersionBody),
    async (c) => {
      const { competitionId, applicationId, milestoneId } = c.req.valid('param')
      return c.json(
        project(
          ManagedReport,
          await approveReport(c.var.deps, c.var.user!, competitionId, applicationId, milestoneId, c.req.valid('json')),
        ),
        200,
      )
    },
  )
  .post(
    '/competitions/:competitionId/grants/:applicationId/reports/:milestoneId/reject',
    doc({
      summary: 'Reject a progress report',
      description: `${review} With the \`reason\` (required, at most 2000 characters), which the grantee sees; they change the report and send it again.`,
      signedIn: true,
      responses: { 200: ok(ManagedReport, 'The report, rejected'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', ReportParams),
    valid('json', RejectReportInput),
    async (c) => {
      const { competitionId, applicationId, milestoneId } = c.req.valid('param')
      return c.json(
        project(
          ManagedReport,
          await rejectReport(c.var.deps, c.var.user!, competitionId, applicationId, milestoneId, c.req.valid('json')),
        ),
        200,
      )
    },
  )
  .post(
    '/competitions/:competitionId/grants/:applicationId/reports/:milestoneId/query',
    doc({
      summary: 'Query one section of a progress report',
      description: `${review} Names the \`section\` (progress, evidence or indicators) and asks a \`question\` (required, at most 2000 characters). The grantee may then change that section alone, and answers when sending it again; the other sections stay as they were sent.`,
      signedIn: true,
      responses: { 200: ok(ManagedReport, 'The report, queried'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', ReportParams),
    valid('json', QueryReportInput),
    async (c) => {
      const { competitionId, applicationId, milestoneId } = c.req.valid('param')
      return c.json(
        project(
          ManagedReport,
          await queryReport(c.var.deps, c.var.user!, competitionId, applicationId, milestoneId, c.req.valid('json')),
        ),
        200,
      )
    },
  )
