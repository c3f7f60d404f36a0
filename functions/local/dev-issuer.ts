// The local development issuer: signs Cognito-shaped ID tokens with a local key so the API
// runs exactly the same jose verification as in the cloud. Only the local server mounts
// it; the Lambda build never imports this file (a test checks the bundle).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { Hono } from 'hono'
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTVerifyGetKey } from 'jose'
import * as z from 'zod/mini'
import { Role } from '../../shared/schemas/common.js'
import type { User } from '../../shared/schemas/user.js'
import { ValidationFailed } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Db } from '../db/client.js'
import { getOwner } from '../db/intake-repo.js'
import { getUser, getUserByEmail, insertUser, listUsersByRole } from '../db/users-repo.js'
import { ConditionFailed } from '../db/write.js'

export const DEV_ISSUER = 'urn:challenge-fund:local-dev-issuer'
export const DEV_AUDIENCE = 'challenge-fund-local'
/** Locally the audit chain is MACed with this fixed key, so a restarted server still verifies its chain. */
export const DEV_AUDIT_SECRET = 'challenge-fund-local-development-audit-key'
const TOKEN_HOURS = 8

export type DevIssuer = {
  issuer: string
  audience: string
  keys: JWTVerifyGetKey
  jwks: { keys: JWK[] }
  issueToken: (user: User) => Promise<string>
}

/** @param keyFile where to keep the signing key so tokens survive a restart; omit for a fresh key. */
export async function createDevIssuer({ keyFile }: { keyFile?: string } = {}): Promise<DevIssuer> {
  let privateJwk: JWK
  if (keyFile && existsSync(keyFile)) {
    privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK
  } else {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true })
    privateJwk = { ...(await exportJWK(privateKey)), kid: newId(), alg: 'ES256', use: 'sig' }
    if (keyFile) {
      mkdirSync(dirname(keyFile), { recursive: true })
      writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 })
    }
  }
  const { d: _private, ...publicJwk } = privateJwk
  const signingKey = await importJWK(privateJwk, 'ES256')
  const jwks = { keys: [publicJwk] }
  return {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    jwks,
    keys: createLocalJWKSet(jwks),
    issueToken: (user) =>
      new SignJWT({ email: user.email, name: user.name, 'cognito:groups': [user.role], token_use: 'id' })
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject(user.id)
        .setIssuedAt()
        .setExpirationTime(`${TOKEN_HOURS}h`)
        .sign(signingKey),
  }
}

const TokenRequest = z.union([
  z.strictObject({ userId: z.string().check(z.minLength(1), z.maxLength(128)) }),
  z.strictObject({
    email: z.email('must be an email address'),
    name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(120))),
  }),
])

/**
 * Local-only sign-in, mounted at /api/dev-auth:
 * - GET  /users      the seeded users to pick from;
 * - POST /token      {"userId"} or {"email"} → {token, user}; an unknown email becomes a new applicant (or problem owner, if invited);
 * - GET  /jwks.json  the public key, for scripts that want to verify.
 */
export function devAuthRoutes(issuer: DevIssuer, db: Db) {
  return new Hono()
    .get('/users', async (c) => {
      const lists = await Promise.all(Role.options.map((role) => listUsersByRole(db, role, { limit: 50 })))
      return c.json({ users: lists.flatMap((l) => l.items) }, 200)
    })
    .post('/token', async (c) => {
      const parsed = TokenRequest.safeParse(await c.req.json().catch(() => undefined))
      if (!parsed.success) {
        throw new ValidationFailed([
          { field: 'email', message: 'send {"email": "you@example.org"} or {"userId": "…"}' },
        ])
      }
      const user =
        'userId' in parsed.data ? await getUser(db, parsed.data.userId) : await findOrCreateApplicant(db, parsed.data)
      if (!user) throw new ValidationFailed([{ field: 'userId', message: 'is not a known user' }])
      return c.json({ token: await issuer.issueToken(user), user }, 200)
    })
    .get('/jwks.json', (c) => c.json(issuer.jwks, 200))
}

async function findOrCreateApplicant(db: Db, { email, name }: { email: string; name?: string }): Promise<User> {
  const existing = await getUserByEmail(db, email)
  if (existing) return existing
  // Someone a programme manager invited as a problem owner signs in as one (in the cloud, an
  // administrator adds them to the problemOwner group, as for panellists).
  const role = (await getOwner(db, email)) ? 'problemOwner' : 'applicant'
  const user: User = { id: newId(), email: email.toLowerCase(), name: name ?? email.split('@')[0]!, role }
  try {
    await insertUser(db, user)
    return user
  } catch (error) {
    // Someone signed in with the same email at the same moment: theirs stands.
    if (error instanceof ConditionFailed) return (await getUserByEmail(db, email))!
    throw error
  }
}
