// Challenges and themes of a competition (programme managers).
import { createRoute } from '@hono/zod-openapi'
import { Challenge, ChallengeInput, ChallengePatch, Theme, ThemeInput, ThemePatch } from '../../../shared/schemas/competition.js'
import {
  addChallenge,
  addTheme,
  editChallenge,
  editTheme,
  removeChallenge,
  removeTheme,
} from '../../core/competitions/challenges.js'
import { requireRole } from '../middleware/auth.js'
import { access, bearer, json, problems, router } from '../openapi.js'
import { ChallengeParams, CompetitionParams, ThemeParams, VersionQuery } from './params.js'

const manager = [requireRole('manager')]
const body = <T>(schema: T) => ({ content: { 'application/json': { schema } }, required: true })

export const challenges = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/competitions/{competitionId}/challenges',
      summary: 'Add a challenge',
      description: access.manager,
      security: bearer,
      middleware: manager,
      request: { params: CompetitionParams, body: body(ChallengeInput) },
      responses: { 201: json(Challenge, 'The new challenge'), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await addChallenge(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/competitions/{competitionId}/challenges/{challengeId}',
      summary: 'Edit a challenge',
      description: `${access.manager} Send the version you last read.`,
      security: bearer,
      middleware: manager,
      request: { params: ChallengeParams, body: body(ChallengePatch) },
      responses: { 200: json(Challenge, 'The challenge as saved'), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { competitionId, challengeId } = c.req.valid('param')
      return c.json(await editChallenge(c.var.deps, competitionId, challengeId, c.req.valid('json')), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/competitions/{competitionId}/challenges/{challengeId}',
      summary: 'Remove a challenge and its data pack (drafts only)',
      description: `${access.manager} Refused while a theme links it.`,
      security: bearer,
      middleware: manager,
      request: { params: ChallengeParams, query: VersionQuery },
      responses: { 204: { description: 'Removed' }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { competitionId, challengeId } = c.req.valid('param')
      await removeChallenge(c.var.deps, competitionId, challengeId, c.req.valid('query').version)
      return c.body(null, 204)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/competitions/{competitionId}/themes',
      summary: 'Add a theme linked to one or more challenges',
      description: access.manager,
      security: bearer,
      middleware: manager,
      request: { params: CompetitionParams, body: body(ThemeInput) },
      responses: { 201: json(Theme, 'The new theme'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await addTheme(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/competitions/{competitionId}/themes/{themeId}',
      summary: 'Edit a theme',
      description: `${access.manager} Send the version you last read.`,
      security: bearer,
      middleware: manager,
      request: { params: ThemeParams, body: body(ThemePatch) },
      responses: { 200: json(Theme, 'The theme as saved'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { competitionId, themeId } = c.req.valid('param')
      return c.json(await editTheme(c.var.deps, competitionId, themeId, c.req.valid('json')), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/competitions/{competitionId}/themes/{themeId}',
      summary: 'Remove a theme (drafts only)',
      description: access.manager,
      security: bearer,
      middleware: manager,
      request: { params: ThemeParams, query: VersionQuery },
      responses: { 204: { description: 'Removed' }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { competitionId, themeId } = c.req.valid('param')
      await removeTheme(c.var.deps, competitionId, themeId, c.req.valid('query').version)
      return c.body(null, 204)
    },
  )
