// Feedback and signposting: the programme manager's directory, feedback workspace, release and
// feedback calls; the applicant's decision page and call request.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import {
  ApplicantCall,
  ApplicantDecision,
  CallRequestInput,
  CallUpdateInput,
  CancelReleaseInput,
  CopySignpostsInput,
  Feedback,
  FeedbackCall,
  FeedbackInput,
  FeedbackOverview,
  FeedbackRelease,
  FeedbackSettingsInput,
  FeedbackWorkspace,
  ReleaseInput,
  Signpost,
  SignpostInput,
  SignpostUpdate,
} from '../../../shared/schemas/feedback.js'
import { updateCall } from '../../core/feedback/calls.js'
import { getDecision, requestCall } from '../../core/feedback/decision.js'
import { getFeedbackOverview, getFeedbackWorkspace, saveFeedback } from '../../core/feedback/feedback.js'
import { cancelRelease, requestRelease, saveFeedbackSettings } from '../../core/feedback/release.js'
import {
  addSignpost,
  copySignposts,
  listSignposts,
  removeSignpost,
  updateSignpost,
} from '../../core/feedback/signposts.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { ApplicationParams, AssessmentParams, CompetitionParams, SignpostParams } from './params.js'
import { countRelease } from '../../adapters/metrics.js'

export const feedback = new Hono<Env>()
  .get(
    '/competitions/:competitionId/signposts',
    doc({
      summary: 'The signposting directory',
      description: `${access.manager} Support services, by name.`,
      signedIn: true,
      responses: { 200: ok(z.object({ signposts: z.array(Signpost) }), 'The directory'), ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    async (c) => c.json({ signposts: await listSignposts(c.var.deps, c.req.valid('param').competitionId) }, 200),
  )
  .post(
    '/competitions/:competitionId/signposts',
    doc({
      summary: 'Add a support service to the directory',
      description: `${access.manager} Name, what it helps with, a link or contact, who it is for (every unsuccessful applicant if absent), the rubric criteria it helps with (\`topics\`: each must be a criterion of this competition’s rubric, 422 naming \`topics.<i>\` otherwise), and tags that match it to feedback.`,
      signedIn: true,
      responses: { 201: ok(Signpost, 'The service'), ...problems(400, 401, 403, 404, 422) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', SignpostInput),
    async (c) => c.json(await addSignpost(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 201),
  )
  .post(
    '/competitions/:competitionId/signposts/copy',
    doc({
      summary: 'Copy another competition’s directory',
      description: `${access.manager} Adds every service of the other competition’s directory that this one lacks (by name), for the same applicants; each topic becomes this rubric’s criterion of the same title, or is dropped. Repeating it copies nothing twice.`,
      signedIn: true,
      responses: {
        200: ok(
          z.object({ copied: z.number().check(z.int()), signposts: z.array(Signpost) }),
          'How many were copied, and the directory',
        ),
        ...problems(400, 401, 403, 404, 422),
      },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', CopySignpostsInput),
    async (c) =>
      c.json(
        await copySignposts(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json').fromCompetitionId),
        200,
      ),
  )
  .put(
    '/competitions/:competitionId/signposts/:signpostId',
    doc({
      summary: 'Change a support service',
      description: `${access.manager} The whole service, with the version last read; topics must be criteria of this competition’s rubric (422). Feedback that already names it (released or not) keeps the copy it was saved with: a change of who it is for or its topics changes only drafts.`,
      signedIn: true,
      responses: { 200: ok(Signpost, 'The service'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', SignpostParams),
    valid('json', SignpostUpdate),
    async (c) => {
      const { competitionId, signpostId } = c.req.valid('param')
      return c.json(await updateSignpost(c.var.deps, competitionId, signpostId, c.req.valid('json')), 200)
    },
  )
  .delete(
    '/competitions/:competitionId/signposts/:signpostId',
    doc({
      summary: 'Remove a support service',
      description: `${access.manager} Feedback that already names it keeps its copy.`,
      signedIn: true,
      responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', SignpostParams),
    async (c) => {
      const { competitionId, signpostId } = c.req.valid('param')
      await removeSignpost(c.var.deps, competitionId, signpostId)
      return c.body(null, 204)
    },
  )
  .get(
    '/competitions/:competitionId/feedback',
    doc({
      summary: 'Feedback for every applicant: what is missing or short, the release, the calls',
      description: `${access.manager} One row per submitted EOI with its decision, the state of its feedback (missing, empty, very short, written) and how many services it names (an unsuccessful applicant with none is told of no support), the release and its settings, and every feedback call.`,
      signedIn: true,
      responses: { 200: ok(FeedbackOverview, 'The overview'), ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    async (c) => c.json(await getFeedbackOverview(c.var.deps, c.req.valid('param').competitionId), 200),
  )
  .put(
    '/competitions/:competitionId/feedback-settings',
    doc({
      summary: 'Feedback settings',
      description: `${access.manager} Whether applicants see their scores by criterion against the funded average, and how many months after the release unsuccessful applicants' EOIs are kept (\`unsuccessfulRetentionMonths\`, 1–120, default 24; the retention sweep then erases their answers and contact). With the version last read.`,
      signedIn: true,
      responses: { 200: ok(FeedbackRelease, 'The settings and release'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', FeedbackSettingsInput),
    async (c) =>
      c.json(await saveFeedbackSettings(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 200),
  )
  .post(
    '/competitions/:competitionId/feedback-release',
    doc({
      summary: 'Release decisions and feedback to every applicant',
      description: `${access.manager} Now, or at \`at\`; once only. Each applicant gets one email (for an award, with the offer). Refused (422) until the EOI deadline and every extension have passed, while an application has no final decision; while a shortlisted application’s pitch is not over by the release time (a scheduled release must be after the last pitch); while a seated panellist (accepted, no conflict declared) has not submitted a sheet for a shortlisted application, unless \`withoutSheetsReason\` says why (kept with the release); while one has no feedback unless \`confirmMissing\`; and where an offer would have less than a day left to answer. From then, scores, moderation, conflicts, the rubric, pitch slots, screening, shortlisting and recommendations are locked (409) until a scheduled release is cancelled; 409 if one changed while the release was being checked. Awards and withdrawals stay possible until a scheduled release runs (an offer must leave a day to answer after it), and are final once results are published.`,
      signedIn: true,
      responses: { 200: ok(FeedbackRelease, 'The release'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', ReleaseInput),
    async (c) =>
      c.json(
        await requestRelease(
          c.var.deps,
          c.var.user!,
          c.req.valid('param').competitionId,
          c.req.valid('json'),
          countRelease,
        ),
        200,
      ),
  )
  .post(
    '/competitions/:competitionId/feedback-release/cancel',
    doc({
      summary: 'Cancel a scheduled release',
      description: `${access.manager} Before its time; with the version last read.`,
      signedIn: true,
      responses: {
        200: ok(FeedbackRelease, 'The release, back to not released'),
        ...problems(400, 401, 403, 404, 409),
      },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', CancelReleaseInput),
    async (c) =>
      c.json(await cancelRelease(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json').version), 200),
  )
  .get(
    '/competitions/:competitionId/feedback/:applicationId',
    doc({
      summary: 'One applicant’s feedback, with the platform’s draft',
      description: `${access.manager} The feedback as saved, a draft composed from the decision, the panel’s comments for the applicant (never private notes or names), the scores against the funded average and suggested services, and earlier released versions. An application of another competition is a 404.`,
      signedIn: true,
      responses: { 200: ok(FeedbackWorkspace, 'The workspace'), ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', AssessmentParams),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(await getFeedbackWorkspace(c.var.deps, competitionId, applicationId), 200)
    },
  )
  .put(
    '/competitions/:competitionId/feedback/:applicationId',
    doc({
      summary: 'Save one applicant’s feedback',
      description: `${access.manager} The whole feedback with the version last read (0 first). After release each save is a new version: the one the applicant read is kept and they are emailed. Text is stored as written and always shown as text, never as markup.`,
      signedIn: true,
      responses: { 200: ok(Feedback, 'The feedback'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', AssessmentParams),
    valid('json', FeedbackInput),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(await saveFeedback(c.var.deps, c.var.user!, competitionId, applicationId, c.req.valid('json')), 200)
    },
  )
  .patch(
    '/competitions/:competitionId/feedback-calls/:applicationId',
    doc({
      summary: 'Arrange a feedback call, or mark it done',
      description: `${access.manager} With the version last read; arranging says when and how, and emails the applicant.`,
      signedIn: true,
      responses: { 200: ok(FeedbackCall, 'The call'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', AssessmentParams),
    valid('json', CallUpdateInput),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(await updateCall(c.var.deps, competitionId, applicationId, c.req.valid('json')), 200)
    },
  )
  .get(
    '/applications/:applicationId/decision',
    doc({
      summary: 'Your decision and feedback',
      description: `${access.applicant} Your own submitted EOI’s: \`released: false\` and nothing more until decisions are released; then the outcome, the feedback, the services suggested, your offer if you have one, and your feedback call. Anyone else’s EOI gets the same 404 as one that does not exist.`,
      signedIn: true,
      responses: { 200: ok(ApplicantDecision, 'The decision'), ...problems(401, 403, 404) },
    }),
    requireRole('applicant'),
    valid('param', ApplicationParams),
    async (c) =>
      c.json(
        ApplicantDecision.parse(await getDecision(c.var.deps, c.var.user!, c.req.valid('param').applicationId)),
        200,
      ),
  )
  .post(
    '/applications/:applicationId/feedback-call',
    doc({
      summary: 'Ask for a feedback call',
      description: `${access.applicant} On your own EOI, once decisions are released: when suits you and what you would like to ask. One at a time: 409 while one is open.`,
      signedIn: true,
      responses: { 201: ok(ApplicantCall, 'The call as requested'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('applicant'),
    valid('param', ApplicationParams),
    valid('json', CallRequestInput),
    async (c) =>
      c.json(
        ApplicantCall.parse(
          await requestCall(c.var.deps, c.var.user!, c.req.valid('param').applicationId, c.req.valid('json')),
        ),
        201,
      ),
  )
