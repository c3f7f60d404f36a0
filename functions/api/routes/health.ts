// Liveness, the public configuration the web reads at start-up, and who is signed in.
import { Hono } from 'hono'
import * as z from 'zod'
import { PublicConfig, User } from '../../../shared/schemas/user.js'
import type { Env } from '../env.js'
import { requireSignIn } from '../middleware/auth.js'
import { access, doc, ok, problems } from '../openapi.js'

export const health = new Hono<Env>()
  .get(
    '/health',
    doc({ summary: 'Is the API up', description: access.anyone, responses: { 200: ok(z.object({ status: z.literal('ok') }), 'Up') } }),
    (c) => c.json({ status: 'ok' as const }, 200),
  )
  .get(
    '/config',
    doc({ summary: 'How the web should sign people in', description: access.anyone, responses: { 200: ok(PublicConfig, 'Configuration') } }),
    (c) => c.json(c.var.deps.config, 200),
  )
  .get(
    '/me',
    doc({ summary: 'Who am I', description: access.signedIn, signedIn: true, responses: { 200: ok(User, 'The signed-in user'), ...problems(401) } }),
    requireSignIn,
    (c) => c.json(c.var.user!, 200),
  )
