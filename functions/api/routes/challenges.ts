// Challenges and themes of a competition (programme managers).
import { Hono } from 'hono'
import {
  Challenge,
  ChallengeInput,
  ChallengePatch,
  Theme,
  ThemeInput,
  ThemePatch,
} from '../../../shared/schemas/competition.js'
import {
  addChallenge,
  addTheme,
  editChallenge,
  editTheme,
  removeChallenge,
  removeTheme,
} from '../../core/competitions/challenges.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { ChallengeParams, CompetitionParams, ThemeParams, VersionQuery } from './params.js'

export const challenges = new Hono<Env>()
  .post(
    '/competitions/:competitionId/challenges',
    doc({
      summary: 'Add a challenge',
      description: `${access.manager} To a competition that exists (404 otherwise), draft or published; 409 if the competition changed under the request.`,
      signedIn: true,
      responses: { 201: ok(Challenge, 'The new challenge'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', ChallengeInput),
    async (c) => c.json(await addChallenge(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 201),
  )
  .patch(
    '/competitions/:competitionId/challenges/:challengeId',
    doc({
      summary: 'Edit a challenge',
      description: `${access.manager} Send the version you last read.`,
      signedIn: true,
      responses: { 200: ok(Challenge, 'The challenge as saved'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', ChallengeParams),
    valid('json', ChallengePatch),
    async (c) => {
      const { competitionId, challengeId } = c.req.valid('param')
      return c.json(await editChallenge(c.var.deps, competitionId, challengeId, c.req.valid('json')), 200)
    },
  )
  .delete(
    '/competitions/:competitionId/challenges/:challengeId',
    doc({
      summary: 'Remove a challenge and its data pack (drafts only)',
      description: `${access.manager} Refused while a theme links it.`,
      signedIn: true,
      responses: { 204: { description: 'Removed' }, ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', ChallengeParams),
    valid('query', VersionQuery),
    async (c) => {
      const { competitionId, challengeId } = c.req.valid('param')
      await removeChallenge(c.var.deps, competitionId, challengeId, c.req.valid('query').version)
      return c.body(null, 204)
    },
  )
  .post(
    '/competitions/:competitionId/themes',
    doc({
      summary: 'Add a theme linked to one or more challenges',
      description: `${access.manager} Every linked challenge must belong to this competition (422 names any that do not).`,
      signedIn: true,
      responses: { 201: ok(Theme, 'The new theme'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', ThemeInput),
    async (c) => c.json(await addTheme(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 201),
  )
  .patch(
    '/competitions/:competitionId/themes/:themeId',
    doc({
      summary: 'Edit a theme',
      description: `${access.manager} Send the version you last read.`,
      signedIn: true,
      responses: { 200: ok(Theme, 'The theme as saved'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', ThemeParams),
    valid('json', ThemePatch),
    async (c) => {
      const { competitionId, themeId } = c.req.valid('param')
      return c.json(await editTheme(c.var.deps, competitionId, themeId, c.req.valid('json')), 200)
    },
  )
  .delete(
    '/competitions/:competitionId/themes/:themeId',
    doc({
      summary: 'Remove a theme (drafts only)',
      description: `${access.manager} Only while the competition is a draft (409 once published: edit it instead). Send the version you last read.`,
      signedIn: true,
      responses: { 204: { description: 'Removed' }, ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', ThemeParams),
    valid('query', VersionQuery),
    async (c) => {
      const { competitionId, themeId } = c.req.valid('param')
      await removeTheme(c.var.deps, competitionId, themeId, c.req.valid('query').version)
      return c.body(null, 204)
    },
  )
