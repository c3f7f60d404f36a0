// Liveness and the public configuration the web reads at start-up.
import { createRoute, z } from '@hono/zod-openapi'
import { PublicConfig, User } from '../../../shared/schemas/user.js'
import { requireSignIn } from '../middleware/auth.js'
import { access, bearer, json, problems, router } from '../openapi.js'

export const health = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/health',
      summary: 'Is the API up',
      description: access.anyone,
      responses: { 200: json(z.object({ status: z.literal('ok') }), 'Up') },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/config',
      summary: 'How the web should sign people in',
      description: access.anyone,
      responses: { 200: json(PublicConfig, 'Configuration') },
    }),
    (c) => c.json(c.var.deps.config, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me',
      summary: 'Who am I',
      description: access.signedIn,
      security: bearer,
      middleware: [requireSignIn],
      responses: { 200: json(User, 'The signed-in user'), ...problems(401) },
    }),
    (c) => c.json(c.var.user!, 200),
  )
