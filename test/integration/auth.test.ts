// Sign-in: one middleware verifies bearer JWTs against the issuer's keys; roles gate routes;
// the development issuer exists only in the local build.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { build } from 'esbuild'
import { generateKeyPair, importJWK, SignJWT, type JWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../functions/api/app.js'
import { jwtVerifier } from '../../functions/api/middleware/jwt-verifier.js'
import { entryFromCognito } from '../../functions/adapters/cognito-directory.js'
import { userKeys } from '../../functions/db/users-repo.js'
import { createDevIssuer, DEV_AUDIENCE, DEV_AUDIT_SECRET, DEV_ISSUER } from '../../functions/local/dev-issuer.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
beforeAll(async () => {
  p = await createTestPlatform()
})

async function forgedToken(
  claims: Record<string, unknown>,
  { issuer = DEV_ISSUER, audience = DEV_AUDIENCE, expires = '1h' } = {},
) {
  const { privateKey } = await generateKeyPair('ES256')
  return new SignJWT({ token_use: 'id', email: 'x@test.example', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'forged' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject('someone')
    .setExpirationTime(expires)
    .sign(privateKey)
}

describe('authentication', () => {
  it('knows who a valid token belongs to', async () => {
    const manager = await p.signIn('manager', 'Priya')
    const res = await p.call('GET', '/api/me', { as: manager })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ id: manager.id, email: manager.email, name: 'Priya', role: 'manager' })
  })

  it('refuses a missing, malformed or forged token with 401', async () => {
    expect((await p.call('GET', '/api/me')).status).toBe(401)
    expect((await p.call('GET', '/api/me', { headers: { Authorization: 'Basic abc' } })).status).toBe(401)
    expect((await p.call('GET', '/api/me', { as: { token: 'not.a.jwt' } })).status).toBe(401)
    const forged = await forgedToken({ 'cognito:groups': ['manager'] })
    const res = await p.call('POST', '/api/competitions', { as: { token: forged }, body: { title: 'Forged' } })
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    // A public route with a bad token is still a 401: a bad token is never silently anonymous.
    expect((await p.call('GET', '/api/competitions', { as: { token: forged } })).status).toBe(401)
  })

  it('refuses tokens signed with the right key but expired, for another audience or issuer, or not ID tokens', async () => {
    // The issuer's own key, so only the claim under test is wrong.
    const keyFile = join(mkdtempSync(join(tmpdir(), 'cf-key-')), 'key.json')
    const issuer = await createDevIssuer({ keyFile })
    const privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK
    const key = await importJWK(privateJwk, 'ES256')
    const app = createApp({
      db: p.db,
      files: p.files,
      now: () => new Date(),
      publicUrl: p.publicUrl,
      verifier: jwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, keys: issuer.keys }),
      users: async () => ({ role: 'manager', mfa: false }),
      config: { auth: { mode: 'local' } },
    })
    const now = () => Math.floor(Date.now() / 1000)
    const sign = (
      claims: Record<string, unknown>,
      { iss = DEV_ISSUER, aud = DEV_AUDIENCE, exp = (now() + 600) as number | null, iat = now() as number | null } = {},
    ) => {
      const jwt = new SignJWT({ token_use: 'id', email: 'pm@test.example', 'cognito:groups': ['manager'], ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid! })
        .setIssuer(iss)
        .setAudience(aud)
        .setSubject('pm-1')
      if (exp !== null) jwt.setExpirationTime(exp)
      if (iat !== null) jwt.setIssuedAt(iat)
      return jwt.sign(key)
    }
    const me = async (token: string) =>
      (await app.request('/api/me', { headers: { Authorization: `Bearer ${token}` } })).status

    expect(await me(await sign({}))).toBe(200)
    expect(await me(await sign({}, { exp: now() - 60 }))).toBe(401)
    // A token that never expires, or whose age is unknown, is not accepted.
    expect(await me(await sign({}, { exp: null }))).toBe(401)
    expect(await me(await sign({}, { iat: null }))).toBe(401)
    expect(await me(await sign({}, { aud: 'another-app' }))).toBe(401)
    expect(await me(await sign({}, { iss: 'https://another-issuer.example' }))).toBe(401)
    expect(await me(await sign({ token_use: 'access' }))).toBe(401)
  })

  it('takes the role from the account as it is now, not from the token', async () => {
    const panellist = await p.signIn('panellist')
    expect((await p.call('GET', '/api/me', { as: panellist })).json.role).toBe('panellist')
    // A token claiming a group the account is not in gets the account's own role.
    const claimsManager = await p.issuer.issueToken({ ...panellist, role: 'manager' })
    expect((await p.call('GET', '/api/me', { as: { token: claimsManager } })).json.role).toBe('panellist')
    expect(
      (await p.call('POST', '/api/competitions', { as: { token: claimsManager }, body: { title: 'T' } })).status,
    ).toBe(403)
    // A token for an account the platform does not know is refused.
    const stranger = { id: 'u3', email: 'u3@test.example', name: 'U', role: 'panellist' as const }
    expect((await p.call('GET', '/api/me', { as: { token: await p.issuer.issueToken(stranger) } })).status).toBe(401)
  })

  it('gates manager routes by role: 401 signed out, 403 for applicants and panellists', async () => {
    expect((await p.call('POST', '/api/competitions', { body: { title: 'T' } })).status).toBe(401)
    for (const role of ['applicant', 'panellist'] as const) {
      const user = await p.signIn(role)
      const res = await p.call('POST', '/api/competitions', { as: user, body: { title: 'T' } })
      expect(res.status).toBe(403)
      expect(res.json.detail).toMatch(/programme managers/)
    }
  })
})

describe('an account that changes after its token was issued', () => {
  const setRole = (userId: string, role: string) =>
    p.db.doc.send(
      new UpdateCommand({
        TableName: p.db.tableName,
        Key: { pk: userKeys.pk(userId), sk: userKeys.sk },
        UpdateExpression: 'SET #role = :role',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':role': role },
      }),
    )

  it('a demoted manager is refused manager routes once the cache window has passed, within 60 s', async () => {
    const manager = await p.signIn('manager')
    expect((await p.call('POST', '/api/competitions', { as: manager, body: { title: 'Before' } })).status).toBe(201)
    await setRole(manager.id, 'applicant')
    p.clock.now = new Date(p.clock.now.getTime() + 60_000)
    const res = await p.call('POST', '/api/competitions', { as: manager, body: { title: 'After' } })
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect((await p.call('GET', '/api/me', { as: manager })).json.role).toBe('applicant')
  })

  it('with no cache, a demoted manager is refused at once and a deleted user is signed out', async () => {
    const uncached = await createTestPlatform({ userCacheMs: 0 })
    const manager = await uncached.signIn('manager')
    expect((await uncached.call('POST', '/api/competitions', { as: manager, body: { title: 'Before' } })).status).toBe(
      201,
    )
    await uncached.db.doc.send(
      new UpdateCommand({
        TableName: uncached.db.tableName,
        Key: { pk: userKeys.pk(manager.id), sk: userKeys.sk },
        UpdateExpression: 'SET #role = :role',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':role': 'panellist' },
      }),
    )
    expect((await uncached.call('POST', '/api/competitions', { as: manager, body: { title: 'After' } })).status).toBe(
      403,
    )

    const applicant = await uncached.signIn('applicant')
    expect((await uncached.call('GET', '/api/me', { as: applicant })).status).toBe(200)
    await uncached.db.doc.send(
      new DeleteCommand({ TableName: uncached.db.tableName, Key: { pk: userKeys.pk(applicant.id), sk: userKeys.sk } }),
    )
    const gone = await uncached.call('GET', '/api/me', { as: applicant })
    expect(gone.status).toBe(401)
    expect(gone.json.detail).toMatch(/no longer exists/)
    // Public pages too: a token for a deleted account is never silently anonymous.
    expect((await uncached.call('GET', '/api/competitions', { as: applicant })).status).toBe(401)
  })

  it('a deleted user is signed out once the cache window has passed', async () => {
    const applicant = await p.signIn('applicant')
    expect((await p.call('GET', '/api/me', { as: applicant })).status).toBe(200)
    await p.db.doc.send(
      new DeleteCommand({ TableName: p.db.tableName, Key: { pk: userKeys.pk(applicant.id), sk: userKeys.sk } }),
    )
    p.clock.now = new Date(p.clock.now.getTime() + 60_000)
    expect((await p.call('GET', '/api/me', { as: applicant })).status).toBe(401)
  })

  it('where managers need MFA (the cloud), a manager account without a second factor is refused', async () => {
    const cloudLike = await createTestPlatform({ managersNeedMfa: true })
    const manager = await cloudLike.signIn('manager')
    const res = await cloudLike.call('GET', '/api/me', { as: manager })
    expect(res.status).toBe(403)
    expect(res.json.detail).toMatch(/authenticator app/)
    const applicant = await cloudLike.signIn('applicant')
    expect((await cloudLike.call('GET', '/api/me', { as: applicant })).status).toBe(200)
  })

  it('reads Cognito: a disabled account is gone; the group ranks the role; only active TOTP counts as MFA', () => {
    expect(
      entryFromCognito({ Enabled: false, UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] }, ['manager']),
    ).toBeUndefined()
    expect(
      entryFromCognito({ Enabled: true, UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] }, ['panellist', 'manager']),
    ).toEqual({ role: 'manager', mfa: true })
    expect(entryFromCognito({ Enabled: true }, ['manager'])).toEqual({ role: 'manager', mfa: false })
    expect(entryFromCognito({ Enabled: true, UserMFASettingList: ['SMS_MFA'] }, [])).toEqual({
      role: 'applicant',
      mfa: false,
    })
    expect(entryFromCognito({ Enabled: true }, ['applicant', 'problemOwner'])).toEqual({
      role: 'problemOwner',
      mfa: false,
    })
  })
})

describe('the local development issuer', () => {
  it('issues tokens for seeded users and turns a new email into an applicant', async () => {
    const manager = await p.signIn('manager')
    const byId = await p.call('POST', '/api/dev-auth/token', { body: { userId: manager.id } })
    expect(byId.status).toBe(200)
    expect((await p.call('GET', '/api/me', { as: byId.json })).json.role).toBe('manager')

    const fresh = await p.call('POST', '/api/dev-auth/token', { body: { email: 'New.Person@Test.example' } })
    expect(fresh.status).toBe(200)
    expect(fresh.json.user).toMatchObject({ email: 'new.person@test.example', role: 'applicant' })
    const again = await p.call('POST', '/api/dev-auth/token', { body: { email: 'new.person@test.example' } })
    expect(again.json.user.id).toBe(fresh.json.user.id)

    const users = await p.call('GET', '/api/dev-auth/users')
    expect(users.json.users.map((u: { id: string }) => u.id)).toContain(manager.id)
  })

  it('turns a new email a manager invited as a problem owner into a problem owner', async () => {
    const manager = await p.signIn('manager')
    const invited = await p.call('POST', '/api/problem-owners', {
      as: manager,
      body: { email: 'Owner.Person@Council.example', name: 'Owner Person', organisation: 'A Council' },
    })
    expect(invited.status).toBe(201)
    const signedIn = await p.call('POST', '/api/dev-auth/token', { body: { email: 'owner.person@council.example' } })
    expect(signedIn.json.user).toMatchObject({ email: 'owner.person@council.example', role: 'problemOwner' })
    expect((await p.call('GET', '/api/me/problems', { as: signedIn.json })).status).toBe(200)
  })

  it('makes one account for one email, however many sign in with it at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        p.call('POST', '/api/dev-auth/token', { body: { email: 'same.person@test.example' } }),
      ),
    )
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(new Set(results.map((r) => r.json.user.id)).size).toBe(1)
  })

  it('answers bad sign-in requests with a 400 problem naming the field', async () => {
    const res = await p.call('POST', '/api/dev-auth/token', { body: { email: 'not an email' } })
    expect(res.status).toBe(400)
    expect(res.json.errors[0].field).toBe('email')
    const unknown = await p.call('POST', '/api/dev-auth/token', { body: { userId: 'nobody' } })
    expect(unknown.status).toBe(400)
    expect(unknown.json.errors[0].field).toBe('userId')
  })

  it('is not part of the cloud app', async () => {
    const cloud = createApp({
      db: p.db,
      files: p.files,
      now: () => new Date(),
      publicUrl: p.publicUrl,
      verifier: async () => {
        throw new Error('no tokens here')
      },
      users: async () => undefined,
      config: { auth: { mode: 'cognito', domain: 'https://auth.example', clientId: 'abc' } },
    })
    expect((await cloud.request('/api/dev-auth/token', { method: 'POST', body: '{}' })).status).toBe(404)
    expect((await cloud.request('/api/dev-auth/users')).status).toBe(404)
  })

  it('is not in the Lambda bundle', async () => {
    const result = await build({
      entryPoints: ['functions/api/lambda.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.some((path) => path.startsWith('functions/api/'))).toBe(true)
    expect(inputs.filter((path) => path.startsWith('functions/local/'))).toEqual([])
    const code = result.outputFiles[0]!.text
    expect(code).not.toContain(DEV_ISSUER)
    expect(code).not.toContain(DEV_AUDIENCE)
    expect(code).not.toContain(DEV_AUDIT_SECRET)
    expect(code).not.toContain('findOrCreateApplicant')
  })

  it('leaves the local adapters (folder file and checkpoint stores, mailbox) out of the Lambda bundle, with the cloud ones in', async () => {
    const result = await build({
      entryPoints: ['functions/api/lambda.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    const adapters = Object.keys(result.metafile.inputs).filter((path) => path.startsWith('functions/adapters/'))
    expect(adapters.sort()).toEqual([
      'functions/adapters/cognito-directory.ts',
      'functions/adapters/metrics.ts',
      'functions/adapters/s3-checkpoint-store.ts',
      'functions/adapters/s3-file-store.ts',
    ])
  })
})
