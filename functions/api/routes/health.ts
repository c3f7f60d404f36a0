// Liveness, the public configuration the web reads at start-up, and who is signed in.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { PublicConfig, User, YourDetails } from '../../../shared/schemas/user.js'
import { saveMyDetails, whoAmI } from '../../core/users/users.js'
import type { Env } from '../env.js'
import { requireSignIn } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'

export const health = new Hono<Env>()
  .get(
    '/health',
    doc({
      summary: 'Is the API up',
      description: access.anyone,
      responses: { 200: ok(z.object({ status: z.literal('ok') }), 'Up') },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  )
  .get(
    '/config',
    doc({
      summary: 'How the web should sign people in',
      description: access.anyone,
      responses: { 200: ok(PublicConfig, 'Configuration') },
    }),
    (c) => c.json(c.var.deps.config, 200),
  )
  .get(
    '/me',
    doc({
      summary: 'Who am I',
      description: `${access.signedIn} With the name you gave in PUT /me/details, if you gave one.`,
      signedIn: true,
      responses: { 200: ok(User, 'The signed-in user'), ...problems(401) },
    }),
    requireSignIn,
    async (c) => c.json(await whoAmI(c.var.deps, c.var.user!), 200),
  )
  .put(
    '/me/details',
    doc({
      summary: 'Tell us your name',
      description: `${access.signedIn} Any time; the name replaces the one made up at sign-in and is shown to programme managers with every expression of interest you submit.`,
      signedIn: true,
      responses: { 200: ok(User, 'You, with the name saved'), ...problems(400, 401) },
    }),
    requireSignIn,
    valid('json', YourDetails),
    async (c) => c.json(await saveMyDetails(c.var.deps, c.var.user!, c.req.valid('json')), 200),
  )
