// The engagement funnel, programmes (competitions as rounds of a series) and their reports,
// and an organisation's optional leadership answers.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import {
  Funnel,
  Leadership,
  LeadershipInput,
  Programme,
  ProgrammeInput,
  ProgrammeList,
  ProgrammeReport,
  ProgrammeUpdate,
} from '../../../shared/schemas/funnel.js'
import { readFunnel } from '../../core/funnel/funnel.js'
import { myLeadership, saveLeadership } from '../../core/funnel/leadership.js'
import {
  allProgrammes,
  createProgramme,
  programmeReport,
  readProgramme,
  updateProgramme,
} from '../../core/funnel/programmes.js'
import type { Env } from '../env.js'
import { requireManagerElse404, requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { CompetitionParams, ListQuery } from './params.js'

const ProgrammeParams = z.object({ programmeId: z.string().check(z.minLength(1), z.maxLength(64)) })

const stages =
  'Stages: engaged (organisations, by `organisationKey` of their name, that asked a question or started an EOI) → submitted (EOIs submitted, less any withdrawn) → eligible (screened eligible) → shortlisted → awarded (offers made and not withdrawn; a declined or lapsed offer still counts) → accepted → completed (grants completed). `conversionPercent` is each count over the one before, to one decimal place.'

export const funnel = new Hono<Env>()
  .get(
    '/competitions/:competitionId/funnel',
    doc({
      summary: 'The competition’s engagement funnel',
      description: `${access.managerElse404} ${stages} By challenge and by theme from submitted on; the organisations’ leadership answers (as they stood when each EOI was submitted) by stage, each stage’s row with counts under 5 suppressed, and more where one could be worked out from the total. \`followUp\` pages (\`cursor\`, \`limit\`) through the organisations that engaged and have not submitted an EOI. Read from counts the database keeps with every change: four reads whatever the competition’s size (the fourth, each event’s counters). \`events\` has each event’s page views, confirmed registrations and attendance. A missing competition is a 404.`,
      signedIn: true,
      responses: { 200: ok(Funnel, 'The funnel'), ...problems(400, 401, 404) },
    }),
    requireManagerElse404,
    valid('param', CompetitionParams),
    valid('query', ListQuery),
    async (c) =>
      c.json(Funnel.parse(await readFunnel(c.var.deps, c.req.valid('param').competitionId, c.req.valid('query'))), 200),
  )
  .get(
    '/me/organisation/leadership',
    doc({
      summary: 'Your organisation’s leadership answers',
      description: `${access.applicant} Each optional question as it stands: yes, no, declined, or not-asked (never saved). 404 until you register an organisation.`,
      signedIn: true,
      responses: { 200: ok(Leadership, 'The answers'), ...problems(401, 403, 404) },
    }),
    requireRole('applicant'),
    async (c) => c.json(Leadership.parse(await myLeadership(c.var.deps, c.var.user!)), 200),
  )
  .put(
    '/me/organisation/leadership',
    doc({
      summary: 'Answer (or decline) the questions about your organisation’s leadership',
      description: `${access.applicant} Optional. With \`consent: true\` each question is saved as answered (yes or no) or declined (left out); without consent only that the organisation declined is recorded (any answer sent is a 422 naming \`consent\`). Send the \`version\` you read (0 the first time; a stale one is a 409). These are about the organisation, not any person: programme managers see them only counted by funnel stage, with small numbers suppressed, as they stood when each EOI was submitted.`,
      signedIn: true,
      responses: { 200: ok(Leadership, 'The answers as saved'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('applicant'),
    valid('json', LeadershipInput),
    async (c) => c.json(Leadership.parse(await saveLeadership(c.var.deps, c.var.user!, c.req.valid('json'))), 200),
  )
  .get(
    '/programmes',
    doc({
      summary: 'Programmes',
      description: `${access.manager} Every programme (a series of competitions run as rounds).`,
      signedIn: true,
      responses: { 200: ok(ProgrammeList, 'Every programme'), ...problems(401, 403) },
    }),
    requireRole('manager'),
    async (c) => c.json(ProgrammeList.parse({ items: await allProgrammes(c.var.deps) }), 200),
  )
  .post(
    '/programmes',
    doc({
      summary: 'Group competitions into a programme',
      description: `${access.manager} Its rounds, in order (1 to 20 existing competitions, none twice; an unknown id is a 422 naming it). A competition may be a round of one programme only (409 naming it).`,
      signedIn: true,
      responses: { 201: ok(Programme, 'The programme'), ...problems(400, 401, 403, 409, 422) },
    }),
    requireRole('manager'),
    valid('json', ProgrammeInput),
    async (c) => c.json(Programme.parse(await createProgramme(c.var.deps, c.req.valid('json'))), 201),
  )
  .get(
    '/programmes/:programmeId',
    doc({
      summary: 'A programme',
      description: access.manager,
      signedIn: true,
      responses: { 200: ok(Programme, 'The programme'), ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', ProgrammeParams),
    async (c) => c.json(Programme.parse(await readProgramme(c.var.deps, c.req.valid('param').programmeId)), 200),
  )
  .put(
    '/programmes/:programmeId',
    doc({
      summary: 'Change a programme’s title or rounds',
      description: `${access.manager} Send the \`version\` you read (stale: 409). Refused (409) once the programme’s survey counts are published: its rounds are fixed from then, so no later sum can be subtracted from the published one.`,
      signedIn: true,
      responses: { 200: ok(Programme, 'The programme as saved'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', ProgrammeParams),
    valid('json', ProgrammeUpdate),
    async (c) =>
      c.json(
        Programme.parse(await updateProgramme(c.var.deps, c.req.valid('param').programmeId, c.req.valid('json'))),
        200,
      ),
  )
  .get(
    '/programmes/:programmeId/report',
    doc({
      summary: 'The programme’s report across its rounds',
      description: `${access.manager} Each round’s funnel and their sum (${stages}); the organisations’ leadership answers by stage over every round (under 5 suppressed); and the D&I survey across rounds: \`collecting\` (naming the rounds still open) until every round’s survey is published, then counted once over every round’s answers and published, never to change. A programme count that would give away a count a round suppressed (one round’s hidden count alone in it, or hidden counts adding up to under 5) is suppressed, and so are others in its question where the total would give one away.`,
      signedIn: true,
      responses: { 200: ok(ProgrammeReport, 'The report'), ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', ProgrammeParams),
    async (c) =>
      c.json(ProgrammeReport.parse(await programmeReport(c.var.deps, c.req.valid('param').programmeId)), 200),
  )
