// Competitions: public browsing, and drafting, editing, publishing and deleting by managers.
import { project } from '../../../shared/schemas/view.js'
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { page } from '../../../shared/schemas/common.js'
import {
  Competition,
  CompetitionPage,
  CompetitionPatch,
  CompetitionStatus,
  CompetitionSummary,
  NewCompetition,
} from '../../../shared/schemas/competition.js'
import {
  createCompetition,
  deleteCompetition,
  editCompetition,
  getCompetitionPage,
  listCompetitions,
  publishCompetition,
} from '../../core/competitions/competitions.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { CompetitionParams, ListQuery, VersionBody, VersionQuery } from './params.js'

const summaries = page(CompetitionSummary)

const ListCompetitionsQuery = z.extend(ListQuery, {
  status: z._default(CompetitionStatus, 'published'),
  open: z.pipe(
    z.optional(z.enum(['true', 'false'])),
    z.transform((v) => v === 'true'),
  ),
})

export const competitions = new Hono<Env>()
  .get(
    '/competitions',
    doc({
      summary: 'List competitions',
      description: `${access.anyone} Drafts (status=draft) are listed for programme managers only. Published competitions come latest-closing first; open=true keeps those still taking EOIs, soonest-closing first.`,
      responses: { 200: ok(summaries, 'A page of competitions'), ...problems(400, 401, 403) },
    }),
    valid('query', ListCompetitionsQuery),
    async (c) => c.json(project(summaries, await listCompetitions(c.var.deps, c.var.user, c.req.valid('query'))), 200),
  )
  .post(
    '/competitions',
    doc({
      summary: 'Start a draft competition',
      description: `${access.manager} Only a title is needed; it stays a draft, seen by programme managers only, until published.`,
      signedIn: true,
      responses: { 201: ok(Competition, 'The new draft'), ...problems(400, 401, 403) },
    }),
    requireRole('manager'),
    valid('json', NewCompetition),
    async (c) => c.json(await createCompetition(c.var.deps, c.req.valid('json')), 201),
  )
  .get(
    '/competitions/:competitionId',
    doc({
      summary: 'A competition with its challenges, themes and data packs',
      description: access.anyoneDraftsManagers,
      responses: { 200: ok(CompetitionPage, 'The competition page'), ...problems(401, 404) },
    }),
    valid('param', CompetitionParams),
    async (c) =>
      c.json(
        project(CompetitionPage, await getCompetitionPage(c.var.deps, c.var.user, c.req.valid('param').competitionId)),
        200,
      ),
  )
  .patch(
    '/competitions/:competitionId',
    doc({
      summary: 'Edit a competition’s details',
      description: `${access.manager} Send the version you last read; a stale one gets 409. After publishing, the pot cannot go below what is committed.`,
      signedIn: true,
      responses: { 200: ok(Competition, 'The competition as saved'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', CompetitionPatch),
    async (c) =>
      c.json(await editCompetition(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 200),
  )
  .post(
    '/competitions/:competitionId/publish',
    doc({
      summary: 'Publish a draft',
      description: `${access.manager} Refused with 422 listing everything still missing.`,
      signedIn: true,
      responses: { 200: ok(Competition, 'The published competition'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', VersionBody),
    async (c) =>
      c.json(
        await publishCompetition(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json').version),
        200,
      ),
  )
  .delete(
    '/competitions/:competitionId',
    doc({
      summary: 'Delete a draft',
      description: `${access.manager} Published competitions cannot be deleted (409).`,
      signedIn: true,
      responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('query', VersionQuery),
    async (c) => {
      await deleteCompetition(c.var.deps, c.req.valid('param').competitionId, c.req.valid('query').version)
      return c.body(null, 204)
    },
  )
