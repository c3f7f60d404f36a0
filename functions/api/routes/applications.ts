// Expressions of interest: applicants start, autosave, submit and withdraw their own;
// programme managers list a competition's, read them, and grant extensions.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import {
  ApplicantApplication,
  ApplicantApplicationSummary,
  type Application,
  ApplicationStatus,
  ApplicationSummary,
  DraftChanges,
  ExtensionInput,
  FileAnswerInput,
  ManagedApplication,
} from '../../../shared/schemas/application.js'
import { DownloadLink, Upload } from '../../../shared/schemas/competition.js'
import { answerFileDownload, attachFile, completeFile } from '../../core/applications/file-answers.js'
import { page } from '../../../shared/schemas/common.js'
import {
  grantExtension,
  listCompetitionApplications,
  listMyApplications,
  readApplication,
  saveDraft,
  startApplication,
  submitApplication,
  withdrawApplication,
} from '../../core/applications/applications.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { ApplicationParams, CompetitionParams, FileParams, ListQuery, VersionBody } from './params.js'
import { putMetric } from '../../adapters/metrics.js'

const summaries = page(ApplicationSummary)
const yourSummaries = page(ApplicantApplicationSummary)
const toSummary = ({ answers: _answers, eligibilityConfirmed: _confirmed, ...rest }: Application) =>
  ApplicationSummary.parse(rest)

export const applications = new Hono<Env>()
  .post(
    '/competitions/:competitionId/applications',
    doc({
      summary: 'Start your organisation’s expression of interest',
      description: `${access.applicant} One per organisation per competition (409 for a second). The competition must be open.`,
      signedIn: true,
      responses: { 201: ok(ApplicantApplication, 'The new draft'), ...problems(401, 403, 404, 409, 422) },
    }),
    requireRole('applicant'),
    valid('param', CompetitionParams),
    async (c) => {
      const started = await startApplication(c.var.deps, c.var.user!, c.req.valid('param').competitionId)
      putMetric('EoiStarted')
      return c.json(ApplicantApplication.parse(started), 201)
    },
  )
  .get(
    '/me/applications',
    doc({
      summary: 'Your organisation’s expressions of interest',
      description: `${access.applicant} With competitionId, only the one for that competition (if started).`,
      signedIn: true,
      responses: { 200: ok(yourSummaries, 'A page of expressions of interest'), ...problems(400, 401, 403) },
    }),
    requireRole('applicant'),
    valid('query', z.extend(ListQuery, { competitionId: z.optional(z.string().check(z.maxLength(64))) })),
    async (c) => {
      const result = await listMyApplications(c.var.deps, c.var.user!, c.req.valid('query'))
      return c.json(yourSummaries.parse(result), 200)
    },
  )
  .get(
    '/competitions/:competitionId/applications',
    doc({
      summary: 'A competition’s expressions of interest',
      description: `${access.manager} Submitted (default), withdrawn or draft (summaries only: a draft's answers stay the applicant's own), optionally only those addressing a theme.`,
      signedIn: true,
      responses: { 200: ok(summaries, 'A page of expressions of interest'), ...problems(400, 401, 403) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid(
      'query',
      z.extend(ListQuery, {
        status: z._default(ApplicationStatus, 'submitted'),
        themeId: z.optional(z.string().check(z.maxLength(64))),
      }),
    ),
    async (c) => {
      const result = await listCompetitionApplications(
        c.var.deps,
        c.req.valid('param').competitionId,
        c.req.valid('query'),
      )
      return c.json({ ...result, items: result.items.map(toSummary) }, 200)
    },
  )
  .get(
    '/applications/:applicationId',
    doc({
      summary: 'An expression of interest',
      description: `${access.applicant} (your own organisation’s) or ${access.manager.toLowerCase().replace('who may call: ', '')} (drafts without their answers). Anyone else, and any id that does not exist, gets the same 404.`,
      signedIn: true,
      responses: {
        200: ok(z.union([ApplicantApplication, ManagedApplication]), 'The expression of interest'),
        ...problems(401, 403, 404),
      },
    }),
    requireRole('applicant', 'manager'),
    valid('param', ApplicationParams),
    async (c) => {
      const application = await readApplication(c.var.deps, c.var.user!, c.req.valid('param').applicationId)
      return c.json(
        c.var.user!.role === 'manager'
          ? ManagedApplication.parse(application)
          : ApplicantApplication.parse(application),
        200,
      )
    },
  )
  .patch(
    '/applications/:applicationId',
    doc({
      summary: 'Save the draft (autosave)',
      description: `${access.applicant} Only what changed, with the version last read; a save from an older version gets 409. Refused after the deadline.`,
      signedIn: true,
      responses: { 200: ok(ApplicantApplication, 'The draft as saved'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('applicant'),
    valid('param', ApplicationParams),
    valid('json', DraftChanges),
    async (c) =>
      c.json(
        ApplicantApplication.parse(
          await saveDraft(c.var.deps, c.var.user!, c.req.valid('param').applicationId, c.req.valid('json')),
        ),
        200,
      ),
  )
  .post(
    '/applications/:applicationId/submit',
    doc({
      summary: 'Submit',
      description: `${access.applicant} Checks every answer and eligibility statement (422 names each problem) against the server clock and the deadline. Idempotent: a repeat returns the same receipt and sends no second email.`,
      signedIn: true,
      responses: {
        200: ok(ApplicantApplication, 'The submitted expression of interest, with its receipt number'),
        ...problems(401, 403, 404, 409, 422),
      },
    }),
    requireRole('applicant'),
    valid('param', ApplicationParams),
    async (c) =>
      c.json(
        ApplicantApplication.parse(
          await submitApplication(c.var.deps, c.var.user!, c.req.valid('param').applicationId, () =>
            putMetric('EoiSubmitted'),
          ),
        ),
        200,
      ),
  )
  .post(
    '/applications/:applicationId/withdraw',
    doc({
      summary: 'Withdraw',
      description: `${access.applicant} Before the deadline.`,
      signedIn: true,
      responses: {
        200: ok(ApplicantApplication, 'The withdrawn expression of interest'),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    requireRole('applicant'),
    valid('param', ApplicationParams),
    valid('json', VersionBody),
    async (c) =>
      c.json(
        ApplicantApplication.parse(
          await withdrawApplication(
            c.var.deps,
            c.var.user!,
            c.req.valid('param').applicationId,
            c.req.valid('json').version,
          ),
        ),
        200,
      ),
  )
  .post(
    '/applications/:applicationId/extension',
    doc({
      summary: 'Give this organisation a later deadline',
      description: `${access.manager} Recorded with the reason and who granted it.`,
      signedIn: true,
      responses: {
        200: ok(ManagedApplication, 'The expression of interest with its extension'),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    requireRole('manager'),
    valid('param', ApplicationParams),
    valid('json', ExtensionInput),
    async (c) =>
      c.json(
        ManagedApplication.parse(
          await grantExtension(c.var.deps, c.var.user!, c.req.valid('param').applicationId, c.req.valid('json')),
        ),
        200,
      ),
  )

/** File answers: attach (get an upload), confirm the upload, download. */
export const applicationFiles = new Hono<Env>()
  .post(
    '/applications/:applicationId/files/:questionId',
    doc({
      summary: 'Attach a file to a file question',
      description: `${access.applicant} Checked against the question's types and size; comes back with a presigned upload: PUT the file there, then complete.`,
      signedIn: true,
      responses: {
        201: ok(z.object({ application: ApplicantApplication, upload: Upload }), 'The draft and the upload to make'),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    requireRole('applicant'),
    valid('param', FileParams),
    valid('json', FileAnswerInput),
    async (c) => {
      const { applicationId, questionId } = c.req.valid('param')
      const { application, upload } = await attachFile(
        c.var.deps,
        c.var.user!,
        applicationId,
        questionId,
        c.req.valid('json'),
      )
      return c.json({ application: ApplicantApplication.parse(application), upload: Upload.parse(upload) }, 201)
    },
  )
  .post(
    '/applications/:applicationId/files/:questionId/complete',
    doc({
      summary: 'Confirm a file answer’s upload',
      description: `${access.applicant} Your own draft, before the deadline, after PUTting the file to the upload address; 422 until the file has arrived complete. Checks the file arrived with the declared size and that its first bytes are of the declared type (else 422 naming \`file\`), and pins that stored version: downloads serve exactly it, whatever is sent later.`,
      signedIn: true,
      responses: {
        200: ok(ApplicantApplication, 'The draft with the file counted'),
        ...problems(401, 403, 404, 409, 422),
      },
    }),
    requireRole('applicant'),
    valid('param', FileParams),
    async (c) => {
      const { applicationId, questionId } = c.req.valid('param')
      return c.json(
        ApplicantApplication.parse(await completeFile(c.var.deps, c.var.user!, applicationId, questionId)),
        200,
      )
    },
  )
  .get(
    '/applications/:applicationId/files/:questionId',
    doc({
      summary: 'Download a file answer',
      description: `${access.applicant} (your own organisation’s) or programme managers (submitted EOIs). 302 to a short-lived address; with Accept: application/json, the address.`,
      signedIn: true,
      responses: {
        200: ok(DownloadLink, 'The address'),
        302: { description: 'To the file' },
        ...problems(401, 403, 404),
      },
    }),
    requireRole('applicant', 'manager'),
    valid('param', FileParams),
    async (c) => {
      const { applicationId, questionId } = c.req.valid('param')
      const url = await answerFileDownload(c.var.deps, c.var.user!, applicationId, questionId)
      return c.req.header('accept')?.includes('application/json') ? c.json({ url }, 200) : c.redirect(url, 302)
    },
  )
