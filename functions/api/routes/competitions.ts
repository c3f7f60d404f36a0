// Competitions: public browsing, and drafting, editing, publishing and deleting by managers.
import { createRoute, z } from '@hono/zod-openapi'
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
import { requireRole } from '../middleware/auth.js'
import { access, bearer, json, problems, router } from '../openapi.js'
import { CompetitionParams, ListQuery, VersionBody, VersionQuery } from './params.js'

const manager = [requireRole('manager')]

export const competitions = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/competitions',
      summary: 'List competitions',
      description: `${access.anyone} Drafts (status=draft) are listed for programme managers only. Published competitions come in closing-date order; open=true keeps those still taking EOIs.`,
      request: {
        query: ListQuery.extend({
          status: CompetitionStatus.default('published'),
          open: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
        }),
      },
      responses: { 200: json(page(CompetitionSummary), 'A page of competitions'), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listCompetitions(c.var.deps, c.var.user, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/competitions',
      summary: 'Start a draft competition',
      description: access.manager,
      security: bearer,
      middleware: manager,
      request: { body: { content: { 'application/json': { schema: NewCompetition } }, required: true } },
      responses: { 201: json(Competition, 'The new draft'), ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await createCompetition(c.var.deps, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/competitions/{competitionId}',
      summary: 'A competition with its challenges, themes and data packs',
      description: access.anyoneDraftsManagers,
      request: { params: CompetitionParams },
      responses: { 200: json(CompetitionPage, 'The competition page'), ...problems(401, 404) },
    }),
    async (c) => c.json(await getCompetitionPage(c.var.deps, c.var.user, c.req.valid('param').competitionId), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/competitions/{competitionId}',
      summary: 'Edit a competition’s details',
      description: `${access.manager} Send the version you last read; a stale one gets 409. After publishing, the pot cannot go below what is committed.`,
      security: bearer,
      middleware: manager,
      request: { params: CompetitionParams, body: { content: { 'application/json': { schema: CompetitionPatch } }, required: true } },
      responses: { 200: json(Competition, 'The competition as saved'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await editCompetition(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/competitions/{competitionId}/publish',
      summary: 'Publish a draft',
      description: `${access.manager} Refused with 422 listing everything still missing.`,
      security: bearer,
      middleware: manager,
      request: { params: CompetitionParams, body: { content: { 'application/json': { schema: VersionBody } }, required: true } },
      responses: { 200: json(Competition, 'The published competition'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) =>
      c.json(await publishCompetition(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json').version), 200),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/competitions/{competitionId}',
      summary: 'Delete a draft',
      description: `${access.manager} Published competitions cannot be deleted (409).`,
      security: bearer,
      middleware: manager,
      request: { params: CompetitionParams, query: VersionQuery },
      responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      await deleteCompetition(c.var.deps, c.req.valid('param').competitionId, c.req.valid('query').version)
      return c.body(null, 204)
    },
  )
