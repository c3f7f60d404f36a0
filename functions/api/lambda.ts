// The Lambda entry point: the same app as locally, wired to DynamoDB, S3 and Cognito.
// Nothing from functions/local (nor a local adapter) is imported here, so the development issuer cannot ship.
import { handle } from 'hono/aws-lambda'
import type { JWTVerifyGetKey } from 'jose'
import type { CheckpointStore } from '../core/audit/checkpoint-store.js'
import { readEnv } from '../core/env.js'
import type { FileStore } from '../core/files/file-store.js'
import type { SignInAccounts } from '../core/users/erasure.js'
import { createDb } from '../db/client.js'
import { createApp } from './app.js'
import type { TokenVerifier } from './env.js'
import { cachedDirectory, type UserDirectory } from './middleware/auth.js'

/** Read once at cold start; a misconfigured function fails loudly here, not per request. */
export const env = readEnv({
  TABLE_NAME: 3,
  DI_SURVEY_TABLE_NAME: 3,
  FILES_BUCKET: 3,
  AUTH_ISSUER: 'url',
  AUTH_AUDIENCE: 1,
  AUTH_JWKS_URL: 'url',
  COGNITO_DOMAIN: 'url',
  USER_POOL_ID: 1,
  /** The site's address (https://<CloudFront or custom domain>): emails link back to its pages. */
  PUBLIC_URL: 'url',
  /** CloudFront's x-origin-verify header value (a generated secret): requests without it are refused. */
  ORIGIN_VERIFY_SECRET: 32,
  /** Seals page cursors; the same for every instance. */
  CURSOR_SECRET: 32,
  /** MACs the audit chain; the same secret the chainer uses (data stack, retained). */
  AUDIT_KEY: 32,
  /** The audit checkpoints' Object Lock bucket: verify reads each competition's last. */
  AUDIT_CHECKPOINT_BUCKET: 3,
  /** Set by the Lambda runtime. */
  AWS_REGION: 1,
  /** Unset in the cloud (S3 itself); an S3-compatible server's address to use that instead. */
  AWS_ENDPOINT_URL_S3: 'optional url',
})

/** Where the S3 stores send their requests: S3 itself unless AWS_ENDPOINT_URL_S3 names another server. */
const s3Endpoint = env.AWS_ENDPOINT_URL_S3 || undefined

const app = createApp({
  db: createDb({
    tableName: env.TABLE_NAME,
    surveyTableName: env.DI_SURVEY_TABLE_NAME,
    cursorSecret: env.CURSOR_SECRET,
    auditSecret: env.AUDIT_KEY,
  }),
  // Each adapter is loaded on its first use: most requests touch no file, checkpoint or account.
  checkpoints: onFirstUse<CheckpointStore>(() =>
    import('../adapters/s3-checkpoint-store.js').then((m) =>
      m.createS3CheckpointStore({
        bucket: env.AUDIT_CHECKPOINT_BUCKET,
        region: env.AWS_REGION,
        endpoint: s3Endpoint,
      }),
    ),
  ),
  files: onFirstUse<FileStore>(() =>
    import('../adapters/s3-file-store.js').then((m) =>
      m.createS3FileStore({ bucket: env.FILES_BUCKET, region: env.AWS_REGION, endpoint: s3Endpoint }),
    ),
  ),
  now: () => new Date(),
  publicUrl: env.PUBLIC_URL,
  verifier: verifierOnFirstUse(),
  // Cognito is the directory: a deleted, disabled or demoted account loses access within 60 s.
  users: cachedDirectory(cognitoOnFirstUse(), { ttlMs: 60_000, now: () => new Date() }),
  // An erasure disables the person's Cognito account (loaded only by an erasure).
  accounts: onFirstUse<SignInAccounts>(() =>
    import('../adapters/cognito-directory.js').then((m) =>
      m.cognitoAccounts({ userPoolId: env.USER_POOL_ID, region: env.AWS_REGION }),
    ),
  ),
  managersNeedMfa: true,
  config: { auth: { mode: 'cognito', domain: env.COGNITO_DOMAIN, clientId: env.AUTH_AUDIENCE } },
  originSecret: env.ORIGIN_VERIFY_SECRET,
  // No openData: the open-data routes read OPEN_DATA_* (set from CDK context, checked at synth) when first loaded.
})

export const handler = handle(app)

/**
 * An adapter whose module loads on the first call of any of its methods (all of which return
 * promises): esbuild makes it its own chunk, off the cold start of requests that never use it.
 */
function onFirstUse<T extends object>(load: () => Promise<T>): T {
  let loaded: Promise<T> | undefined
  const adapter = () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined
      throw error
    })
    return loaded
  }
  return new Proxy({} as T, {
    // Not a promise itself (no `then`), nor anything keyed by a symbol: only the adapter's methods.
    get: (_, method) =>
      method === 'then' || typeof method === 'symbol'
        ? undefined
        : async (...args: unknown[]) => {
            const target = await adapter()
            return (target[method as keyof T] as (...a: unknown[]) => unknown).apply(target, args)
          },
  })
}

/** Cognito as the user directory, its client loaded on the first signed-in request. */
function cognitoOnFirstUse(): UserDirectory {
  const directory = onFirstUse(() =>
    import('../adapters/cognito-directory.js').then((m) => ({
      entry: m.cognitoDirectory({ userPoolId: env.USER_POOL_ID, region: env.AWS_REGION }),
    })),
  )
  return (userId) => directory.entry(userId)
}

/**
 * Tokens are verified by jose against Cognito's key set, both loaded on the first signed-in
 * request: public requests never verify one. (Creating the key set also starts Node's fetch,
 * ~40 ms public requests need not pay.) jose caches the keys and refetches only for an unknown key id.
 */
function verifierOnFirstUse(): TokenVerifier {
  const verifier = onFirstUse(async () => {
    const [{ createRemoteJWKSet }, { jwtVerifier }] = await Promise.all([
      import('jose'),
      import('./middleware/jwt-verifier.js'),
    ])
    const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(env.AUTH_JWKS_URL))
    return { verify: jwtVerifier({ issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE, keys }) }
  })
  return (token) => verifier.verify(token)
}
