// The audit checkpointer: run daily, it writes each chain's head (entry number and hash) to
// the Object Lock bucket, where it cannot be changed or deleted, so verify can tell a chain
// whose newest entries (and head) were removed.
import type { Context } from 'aws-lambda'
import { checkpointHeads } from '../core/audit/chain.js'
import { readEnv } from '../core/env.js'
import { log, withLogger } from '../core/log.js'
import { createDb } from '../db/client.js'
import { createS3CheckpointStore } from '../adapters/s3-checkpoint-store.js'

/** Read once at cold start; a misconfigured function fails loudly here. */
export const env = readEnv({
  TABLE_NAME: 3,
  AUDIT_KEY: 32,
  AUDIT_CHECKPOINT_BUCKET: 3,
  AWS_REGION: 1,
  /** Unset in the cloud (S3 itself); an S3-compatible server's address to use that instead. */
  AWS_ENDPOINT_URL_S3: 'optional url',
})

const ctx = {
  db: createDb({ tableName: env.TABLE_NAME, auditSecret: env.AUDIT_KEY }),
  now: () => new Date(),
  checkpoints: createS3CheckpointStore({
    bucket: env.AUDIT_CHECKPOINT_BUCKET,
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL_S3 || undefined,
  }),
}

export const handler = (_event?: unknown, context?: Pick<Context, 'awsRequestId'>): Promise<{ written: number }> =>
  withLogger(log.child({ requestId: context?.awsRequestId }), async () => {
    const written = await checkpointHeads(ctx)
    log.info('Audit checkpoint finished', { written })
    return { written }
  })
