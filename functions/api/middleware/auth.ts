// Authentication in one place: a bearer JWT verified with jose against the issuer's JWKS
// (Cognito in the cloud, the development issuer locally), and role gates for routes.
import { createMiddleware } from 'hono/factory'
import { jwtVerify, type JWTVerifyGetKey } from 'jose'
import type { Role } from '../../../shared/schemas/common.js'
import { roleNames } from '../../../shared/labels.js'
import { User } from '../../../shared/schemas/user.js'
import { Forbidden, Unauthenticated } from '../../core/errors.js'
import type { Env, TokenVerifier } from '../env.js'

/** Reads Cognito-style ID tokens: `cognito:groups` carries the role. */
export function jwtVerifier({ issuer, audience, keys }: { issuer: string; audience: string; keys: JWTVerifyGetKey }): TokenVerifier {
  return async (token) => {
    const { payload } = await jwtVerify(token, keys, { issuer, audience, algorithms: ['RS256', 'ES256'] })
    if (payload.token_use !== 'id') throw new Error('not an ID token')
    const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as string[]) : []
    const role: Role = groups.includes('manager') ? 'manager' : groups.includes('panellist') ? 'panellist' : 'applicant'
    const email = String(payload.email ?? '')
    return User.parse({ id: payload.sub, email, name: String(payload.name ?? email.split('@')[0] ?? ''), role })
  }
}

/** Sets `user` from a valid bearer token; no header means the public. A bad token is a 401. */
export const authenticate = createMiddleware<Env>(async (c, next) => {
  const header = c.req.header('authorization')
  if (!header) {
    c.set('user', undefined)
    return next()
  }
  const [scheme, token] = header.split(' ')
  if (scheme?.toLowerCase() !== 'bearer' || !token) throw new Unauthenticated('Send the token as "Authorization: Bearer <token>".')
  try {
    c.set('user', await c.var.deps.verifier(token))
  } catch {
    throw new Unauthenticated('Your sign-in has expired or is not valid. Sign in again.')
  }
  return next()
})

/** Lets the request through only for signed-in callers with one of these roles. */
export const requireRole = (...roles: Role[]) =>
  createMiddleware<Env>(async (c, next) => {
    const user = c.var.user
    if (!user) throw new Unauthenticated()
    if (!roles.includes(user.role)) {
      throw new Forbidden(`Only ${roles.map((r) => roleNames[r].toLowerCase() + 's').join(' or ')} can do this.`)
    }
    return next()
  })

export const requireSignIn = createMiddleware<Env>(async (c, next) => {
  if (!c.var.user) throw new Unauthenticated()
  return next()
})
