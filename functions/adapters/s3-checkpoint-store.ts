// The cloud checkpoint store: a bucket with Object Lock in compliance mode (infra/stacks/
// data-stack.ts) whose default retention applies to every object, so no one, the root account
// included, can change or delete a checkpoint before it expires. Plain SigV4-presigned HTTP
// calls, as the file store makes, rather than the full S3 client.
import { createHash } from 'node:crypto'
import { checkpointName, type Checkpoint, type CheckpointStore } from '../core/audit/checkpoint-store.js'
import { type S3Options, s3Presigner } from './s3-file-store.js'

const CALL_TIMEOUT_MS = 5_000

export function createS3CheckpointStore(options: S3Options): CheckpointStore {
  const presign = s3Presigner(options)
  const prefix = (competitionId: string) => `checkpoints/${encodeURIComponent(competitionId)}/`
  const call = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) })
    if (!response.ok) throw new Error(`checkpoint store: S3 answered ${response.status}`)
    return response
  }
  return {
    async put(checkpoint) {
      const body = JSON.stringify(checkpoint)
      // Object Lock buckets refuse a PUT without an integrity checksum; If-None-Match never overwrites.
      const headers = {
        'content-type': 'application/json',
        'content-md5': createHash('md5').update(body).digest('base64'),
        'if-none-match': '*',
      }
      const key = `${prefix(checkpoint.competitionId)}${checkpointName(checkpoint.seq)}`
      const url = await presign('PUT', key, { headers, signableHeaders: new Set(Object.keys(headers)) })
      await call(url, { method: 'PUT', headers, body })
    },
    async latest(competitionId) {
      const list = await call(
        await presign('GET', '', { query: { 'list-type': '2', prefix: prefix(competitionId), 'max-keys': '1' } }),
      )
      const key = /<Key>([^<]+)<\/Key>/.exec(await list.text())?.[1]
      if (!key) return undefined
      const object = await call(await presign('GET', key.replaceAll('&amp;', '&')))
      return (await object.json()) as Checkpoint
    },
  }
}
