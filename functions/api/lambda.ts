// The Lambda entry point: the same app as locally, wired to DynamoDB, S3 and Cognito.
// Nothing from functions/local (nor a local adapter) is imported here, so the development issuer cannot ship.
import { handle } from 'hono/aws-lambda'
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose'
import * as z from 'zod'
import { createDb } from '../db/client.js'
import { cognitoDirectory } from '../adapters/cognito-directory.js'
import { createS3CheckpointStore } from '../adapters/s3-checkpoint-store.js'
import { createS3FileStore } from '../adapters/s3-file-store.js'
import { openDataConfig } from '../core/open-data/config.js'
import { createApp } from './app.js'
import { cachedDirectory, jwtVerifier } from './middleware/auth.js'

const Env = z.object({
  TABLE_NAME: z.string().min(3),
  DI_SURVEY_TABLE_NAME: z.string().min(3),
  FILES_BUCKET: z.string().min(3),
  AUTH_ISSUER: z.url(),
  AUTH_AUDIENCE: z.string().min(1),
  AUTH_JWKS_URL: z.url(),
  COGNITO_DOMAIN: z.url(),
  USER_POOL_ID: z.string().min(1),
  /** The site's address (https://<CloudFront or custom domain>): emails link back to its pages. */
  PUBLIC_URL: z.url(),
  /** CloudFront's x-origin-verify header value (a generated secret): requests without it are refused. */
  ORIGIN_VERIFY_SECRET: z.string().min(32),
  /** Seals page cursors; the same for every instance. */
  CURSOR_SECRET: z.string().min(32),
  /** MACs the audit chain; the same secret the chainer uses (data stack, retained). */
  AUDIT_KEY: z.string().min(32),
  /** The audit checkpoints' Object Lock bucket: verify reads each competition's last. */
  AUDIT_CHECKPOINT_BUCKET: z.string().min(3),
  /** Set by the Lambda runtime. */
  AWS_REGION: z.string().min(1),
})

/** Read once at cold start; a misconfigured function fails loudly here, not per request. */
export const env = Env.parse(process.env)

const app = createApp({
  db: createDb({
    tableName: env.TABLE_NAME,
    surveyTableName: env.DI_SURVEY_TABLE_NAME,
    cursorSecret: env.CURSOR_SECRET,
    auditSecret: env.AUDIT_KEY,
  }),
  checkpoints: createS3CheckpointStore({ bucket: env.AUDIT_CHECKPOINT_BUCKET, region: env.AWS_REGION }),
  files: createS3FileStore({ bucket: env.FILES_BUCKET, region: env.AWS_REGION }),
  now: () => new Date(),
  publicUrl: env.PUBLIC_URL,
  verifier: jwtVerifier({
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    keys: remoteKeys(new URL(env.AUTH_JWKS_URL)),
  }),
  // Cognito is the directory: a deleted, disabled or demoted account loses access within 60 s.
  users: cachedDirectory(cognitoDirectory({ userPoolId: env.USER_POOL_ID, region: env.AWS_REGION }), {
    ttlMs: 60_000,
    now: () => new Date(),
  }),
  managersNeedMfa: true,
  config: { auth: { mode: 'cognito', domain: env.COGNITO_DOMAIN, clientId: env.AUTH_AUDIENCE } },
  originSecret: env.ORIGIN_VERIFY_SECRET,
  // OPEN_DATA_* (the 360Giving prefix, funder and region), set from CDK context; read once here.
  openData: openDataConfig(process.env),
})

export const handler = handle(app)

/**
 * Cognito's key set, made on the first signed-in request. jose caches it and refetches only
 * for an unknown key id. Made lazily because creating it starts Node's fetch (undici),
 * ~40 ms that public requests, which never verify a token, need not pay at cold start.
 */
function remoteKeys(url: URL): JWTVerifyGetKey {
  let keys: JWTVerifyGetKey | undefined
  return (header, token) => {
    keys ??= createRemoteJWKSet(url)
    return keys(header, token)
  }
}
