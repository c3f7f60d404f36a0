// Authentication in one place: a bearer JWT verified with jose against the issuer's JWKS
// (Cognito in the cloud, the development issuer locally), then checked against the user
// directory (the account still exists, and its role now), and role gates for routes.
import { createMiddleware } from 'hono/factory'
import type { Role } from '../../../shared/schemas/common.js'
import type { User } from '../../../shared/schemas/user.js'
import { roleNames } from '../../../shared/labels.js'
import { Forbidden, NotFound, Unauthenticated } from '../../core/errors.js'
import type { Env } from '../env.js'

/** What the directory says of an account now: its role, and whether it signs in with a second factor. */
export type DirectoryEntry = { role: Role; mfa: boolean }

/** Where accounts live: the table locally, Cognito in the cloud. Undefined for an account that is gone (or disabled). */
export type UserDirectory = (userId: string) => Promise<DirectoryEntry | undefined>

/** Most entries kept per instance; past this the cache starts again (a few reads, never a stale answer). */
const MAX_CACHED = 10_000

/**
 * One directory read per user per `ttlMs` per instance: a deleted, disabled or demoted account
 * loses access within `ttlMs` (60 s in the cloud), not when its token expires.
 */
export function cachedDirectory(
  directory: UserDirectory,
  { ttlMs, now }: { ttlMs: number; now: () => Date },
): UserDirectory {
  const cache = new Map<string, { at: number; entry: DirectoryEntry | undefined }>()
  return async (userId) => {
    const at = now().getTime()
    const hit = cache.get(userId)
    // A clock moved back (tests do) makes an entry stale rather than fresh for longer.
    if (hit && at >= hit.at && at - hit.at < ttlMs) return hit.entry
    const entry = await directory(userId)
    if (cache.size >= MAX_CACHED) cache.clear()
    cache.set(userId, { at, entry })
    return entry
  }
}

/**
 * Sets `user` from a valid bearer token, with the role the directory holds now; no header
 * means the public. A bad or expired token, or one for an account that no longer exists, is
 * a 401. Where managers must use MFA (the cloud), a manager account without an active second
 * factor is a 403: Cognito ID tokens carry no `amr`, but Cognito challenges every sign-in of
 * an account with TOTP active (devices are never remembered), so an account that has it
 * only ever gets tokens from sign-ins that passed it.
 */
export const authenticate = createMiddleware<Env>(async (c, next) => {
  const header = c.req.header('authorization')
  if (!header) {
    c.set('user', undefined)
    return next()
  }
  const [scheme, token] = header.split(' ')
  if (scheme?.toLowerCase() !== 'bearer' || !token)
    throw new Unauthenticated('Send the token as "Authorization: Bearer <token>".')
  let claimed: User
  try {
    claimed = await c.var.deps.verifier(token)
  } catch {
    throw new Unauthenticated('Your sign-in has expired or is not valid. Sign in again.')
  }
  const current = await c.var.deps.users(claimed.id)
  if (!current) throw new Unauthenticated('This account no longer exists or has been disabled.')
  if (current.role === 'manager' && c.var.deps.managersNeedMfa && !current.mfa) {
    throw new Forbidden(
      'Programme managers must sign in with an authenticator app. Set one up in your account, then sign in again.',
    )
  }
  c.set('user', { ...claimed, role: current.role })
  return next()
})

/** Lets the request through only for signed-in callers with one of these roles. */
export const requireRole = (...roles: Role[]) =>
  createMiddleware<Env>(async (c, next) => {
    const user = c.var.user
    if (!user) throw new Unauthenticated()
    if (!roles.includes(user.role)) {
      throw new Forbidden(`Only ${roles.map((r) => `${roleNames[r].toLowerCase()}s`).join(' or ')} can do this.`)
    }
    return next()
  })

/**
 * Programme managers only, on a competition's reports and records: anyone else signed in is told
 * the competition does not exist (the same 404 as a missing one), so a role learns nothing.
 */
export const requireManagerElse404 = createMiddleware<Env>(async (c, next) => {
  const user = c.var.user
  if (!user) throw new Unauthenticated()
  if (user.role !== 'manager') throw new NotFound('competition')
  return next()
})

export const requireSignIn = createMiddleware<Env>(async (c, next) => {
  if (!c.var.user) throw new Unauthenticated()
  return next()
})
