// Assessing, for programme managers: the rubric, screening and shortlisting, the panel,
// pitch slots, the ranking, moderation and the recommendation.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import {
  AssessmentSettings,
  Candidate,
  Declaration,
  FullSheet,
  ManagerDeclarationInput,
  ModerationInput,
  Panel,
  PanelInvite,
  PanelMember,
  PitchSchedule,
  PitchScheduleInput,
  Ranking,
  RecommendationInput,
  ReopenInput,
  Rubric,
  RubricInput,
  ScreeningInput,
  ShortlistInput,
} from '../../../shared/schemas/assessing.js'
import { page } from '../../../shared/schemas/common.js'
import { listCandidates, recommend, screen, shortlist } from '../../core/assessing/decisions.js'
import { getPanel, invitePanellist, recordConflict } from '../../core/assessing/panel.js'
import { getSchedule, saveSchedule, sendPitchInvitations } from '../../core/assessing/pitches.js'
import { getRanking } from '../../core/assessing/ranking.js'
import { getRubric, saveRubric, saveSettings } from '../../core/assessing/rubric.js'
import { moderateScore, reopenSheet } from '../../core/assessing/scoring.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, lockedOnceReleased, ok, problems, valid } from '../openapi.js'
import { AssessmentParams, CompetitionParams, ListQuery, SheetParams } from './params.js'

const decided = z.object({ candidates: z.array(Candidate) })

export const assessing = new Hono<Env>()
  .get(
    '/competitions/:competitionId/rubric',
    doc({
      summary: 'The scoring rubric and ranking settings',
      description: `${access.managerOrSeated} Version 0 and no criteria until first saved.`,
      signedIn: true,
      responses: { 200: ok(Rubric, 'The rubric'), ...problems(401, 403, 404) },
    }),
    requireRole('manager', 'panellist'),
    valid('param', CompetitionParams),
    async (c) => c.json(await getRubric(c.var.deps, c.var.user!, c.req.valid('param').competitionId), 200),
  )
  .put(
    '/competitions/:competitionId/rubric',
    doc({
      summary: 'Set the scoring rubric',
      description: `${access.manager} Criteria (what good looks like, band guidance), weights and scale. Refused (422) once the first score is saved; 409 on a stale version. ${lockedOnceReleased}`,
      signedIn: true,
      responses: { 200: ok(Rubric, 'The rubric as saved'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', RubricInput),
    async (c) => c.json(await saveRubric(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 200),
  )
  .put(
    '/competitions/:competitionId/rubric/settings',
    doc({
      summary: 'Set when the ranking flags disagreement and thin coverage',
      description: `${access.manager} Allowed at any time: they change what is flagged, not any score.`,
      signedIn: true,
      responses: { 200: ok(Rubric, 'The rubric with its settings'), ...problems(400, 401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', AssessmentSettings),
    async (c) => c.json(await saveSettings(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 200),
  )
  .get(
    '/competitions/:competitionId/candidates',
    doc({
      summary: 'Submitted EOIs with their screening and shortlisting decisions',
      description: access.manager,
      signedIn: true,
      responses: { 200: ok(page(Candidate), 'A page of candidates'), ...problems(400, 401, 403) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('query', ListQuery),
    async (c) =>
      c.json(await listCandidates(c.var.deps, c.req.valid('param').competitionId, c.req.valid('query')), 200),
  )
  .post(
    '/competitions/:competitionId/screening',
    doc({
      summary: 'Screen EOIs: eligible or not, with a reason',
      description: `${access.manager} Up to 25 at once, all or none; 422 names the decision that cannot be made. Applicants see only “under review” until decisions are released. ${lockedOnceReleased}`,
      signedIn: true,
      responses: { 200: ok(decided, 'The candidates as decided'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', ScreeningInput),
    async (c) =>
      c.json(
        { candidates: await screen(c.var.deps, c.var.user!, c.req.valid('param').competitionId, c.req.valid('json')) },
        200,
      ),
  )
  .post(
    '/competitions/:competitionId/shortlist',
    doc({
      summary: 'Shortlist eligible EOIs, or not, with a reason',
      description: `${access.manager} Up to 25 at once, all or none. Only eligible EOIs can be shortlisted; one already scored stays shortlisted. ${lockedOnceReleased}`,
      signedIn: true,
      responses: { 200: ok(decided, 'The candidates as decided'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', ShortlistInput),
    async (c) =>
      c.json(
        {
          candidates: await shortlist(c.var.deps, c.var.user!, c.req.valid('param').competitionId, c.req.valid('json')),
        },
        200,
      ),
  )
  .get(
    '/competitions/:competitionId/panel',
    doc({
      summary: 'The panel: invitations, answers and conflict declarations',
      description: access.manager,
      signedIn: true,
      responses: { 200: ok(Panel, 'The panel'), ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    async (c) => c.json(await getPanel(c.var.deps, c.req.valid('param').competitionId), 200),
  )
  .post(
    '/competitions/:competitionId/panel',
    doc({
      summary: 'Invite a panellist by email',
      description: `${access.manager} Sends the invitation through the outbox. 409 if already invited (a declined invitation may be sent again). \`organisation\` (optional): where the panellist works; an organisation partnered with an applicant through partner matching (an accepted introduction, matched by organisation key) makes them conflicted for that applicant’s applications.`,
      signedIn: true,
      responses: { 201: ok(PanelMember, 'The invitation'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', PanelInvite),
    async (c) =>
      c.json(
        await invitePanellist(c.var.deps, c.var.user!, c.req.valid('param').competitionId, c.req.valid('json')),
        201,
      ),
  )
  .post(
    '/competitions/:competitionId/panel/conflicts',
    doc({
      summary: 'Record (or clear) a panellist’s conflict of interest',
      description: `${access.manager} With a note. A conflicted panellist cannot open, score or see the aggregate of that application, and is left out of it. ${lockedOnceReleased}`,
      signedIn: true,
      responses: { 200: ok(Declaration, 'The declaration'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', ManagerDeclarationInput),
    async (c) =>
      c.json(
        await recordConflict(c.var.deps, c.var.user!, c.req.valid('param').competitionId, c.req.valid('json')),
        200,
      ),
  )
  .get(
    '/competitions/:competitionId/ranking',
    doc({
      summary: 'The ranking, aggregates and the panel’s progress',
      description: `${access.manager} Weighted mean and, beside it, the calibrated score; spread with a “discuss” flag; ties share a rank; a warning where too few unconflicted panellists have scored.`,
      signedIn: true,
      responses: { 200: ok(Ranking, 'The ranking'), ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    async (c) => c.json(await getRanking(c.var.deps, c.req.valid('param').competitionId), 200),
  )
  .post(
    '/competitions/:competitionId/assessments/:applicationId/sheets/:panellistId/moderate',
    doc({
      summary: 'Change a submitted score after discussion',
      description: `${access.manager} With a reason; the sheet keeps the old and new value, who, when and why. ${lockedOnceReleased}`,
      signedIn: true,
      responses: { 200: ok(FullSheet, 'The sheet'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', SheetParams),
    valid('json', ModerationInput),
    async (c) => {
      const { competitionId, applicationId, panellistId } = c.req.valid('param')
      return c.json(
        await moderateScore(c.var.deps, c.var.user!, competitionId, applicationId, panellistId, c.req.valid('json')),
        200,
      )
    },
  )
  .post(
    '/competitions/:competitionId/assessments/:applicationId/sheets/:panellistId/reopen',
    doc({
      summary: 'Reopen a submitted sheet for its panellist',
      description: `${access.manager} With a reason, kept in the sheet’s history. ${lockedOnceReleased}`,
      signedIn: true,
      responses: { 200: ok(FullSheet, 'The sheet, a draft again'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', SheetParams),
    valid('json', ReopenInput),
    async (c) => {
      const { competitionId, applicationId, panellistId } = c.req.valid('param')
      return c.json(
        await reopenSheet(c.var.deps, c.var.user!, competitionId, applicationId, panellistId, c.req.valid('json')),
        200,
      )
    },
  )
  .put(
    '/competitions/:competitionId/assessments/:applicationId/recommendation',
    doc({
      summary: 'Record the panel’s agreed outcome for an application',
      description: `${access.manager} Fund, reserve or do not fund, with the reason. ${lockedOnceReleased}`,
      signedIn: true,
      responses: { 200: ok(Candidate, 'The candidate'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', AssessmentParams),
    valid('json', RecommendationInput),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(await recommend(c.var.deps, c.var.user!, competitionId, applicationId, c.req.valid('json')), 200)
    },
  )
  .get(
    '/competitions/:competitionId/pitches',
    doc({
      summary: 'The pitch schedule',
      description: access.managerOrSeated,
      signedIn: true,
      responses: { 200: ok(PitchSchedule, 'The schedule'), ...problems(401, 403, 404) },
    }),
    requireRole('manager', 'panellist'),
    valid('param', CompetitionParams),
    async (c) => c.json(await getSchedule(c.var.deps, c.var.user!, c.req.valid('param').competitionId), 200),
  )
  .put(
    '/competitions/:competitionId/pitches',
    doc({
      summary: 'Set the pitch schedule',
      description: `${access.manager} One slot per shortlisted application, none overlapping, each with a place or a video link. A changed slot must be sent again. ${lockedOnceReleased}`,
      signedIn: true,
      responses: { 200: ok(PitchSchedule, 'The schedule as saved'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', PitchScheduleInput),
    async (c) => c.json(await saveSchedule(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 200),
  )
  .post(
    '/competitions/:competitionId/pitches/invitations',
    doc({
      summary: 'Send pitch invitations',
      description: `${access.manager} Emails each applicant whose slot has not been sent: when, where, and who’s at the table (the panel, less anyone conflicted with them). ${lockedOnceReleased}`,
      signedIn: true,
      responses: {
        200: ok(PitchSchedule, 'The schedule, with when each slot was sent'),
        ...problems(401, 403, 404, 409, 422),
      },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    async (c) => c.json(await sendPitchInvitations(c.var.deps, c.req.valid('param').competitionId), 200),
  )
