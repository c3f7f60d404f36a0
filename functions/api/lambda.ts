// The Lambda entry point: the same app as locally, wired to DynamoDB, S3 and Cognito.
// Nothing from functions/local is imported here, so the development issuer cannot ship.
import { handle } from 'hono/aws-lambda'
import { createRemoteJWKSet } from 'jose'
import * as z from 'zod'
import { createDb } from '../db/client.js'
import { createS3FileStore } from '../db/s3-file-store.js'
import { createApp } from './app.js'
import { jwtVerifier } from './middleware/auth.js'

const Env = z.object({
  TABLE_NAME: z.string().min(3),
  FILES_BUCKET: z.string().min(3),
  AUTH_ISSUER: z.url(),
  AUTH_AUDIENCE: z.string().min(1),
  AUTH_JWKS_URL: z.url(),
  COGNITO_DOMAIN: z.url(),
  /** Set by the Lambda runtime. */
  AWS_REGION: z.string().min(1),
})

/** Read once at cold start; a misconfigured function fails loudly here, not per request. */
export const env = Env.parse(process.env)

const app = createApp({
  db: createDb({ tableName: env.TABLE_NAME }),
  files: createS3FileStore({ bucket: env.FILES_BUCKET, region: env.AWS_REGION }),
  now: () => new Date(),
  // jose caches the key set and refetches only when it sees an unknown key id.
  verifier: jwtVerifier({ issuer: env.AUTH_ISSUER, audience: env.AUTH_AUDIENCE, keys: createRemoteJWKSet(new URL(env.AUTH_JWKS_URL)) }),
  config: { auth: { mode: 'cognito', domain: env.COGNITO_DOMAIN, clientId: env.AUTH_AUDIENCE } },
})

export const handler = handle(app)
