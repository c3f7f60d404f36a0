// The whole local stack for a bench: DynamoDB Local in memory, the table, the local platform
// (the same app as Lambda) with the demo's open competition seeded, served over HTTP on 127.0.0.1.
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { createDb, type Db } from '../../functions/db/client.js'
import { DEV_AUDIT_SECRET } from '../../functions/local/dev-issuer.js'
import { startDynamoDbLocal, type DynamoDbLocal } from '../../functions/local/dynamodb-local.js'
import { ensureTable } from '../../functions/local/ensure-table.js'
import { seedDemo } from '../../functions/local/seed.js'
import { createLocalPlatform, type LocalOptions, type LocalPlatform } from '../../functions/local/server.js'
import { waitUntilClosed } from './local.js'

export type LocalStack = {
  db: Db
  platform: LocalPlatform
  /** The demo's open competition, seeded and published. */
  competitionId: string
  /** Where the app is served, e.g. http://127.0.0.1:43210 (no trailing slash). */
  origin: string
}

/**
 * DynamoDB Local in memory with the table, the local platform (the same app as Lambda) with
 * the demo seeded, served over HTTP on 127.0.0.1; runs `use` with them, then stops all of it
 * whether `use` returns or throws. Ctrl-C exits normally, so startDynamoDbLocal's exit hook
 * stops the JVM too.
 */
export async function withLocalStack<T>(
  tableName: string,
  use: (stack: LocalStack) => Promise<T>,
  {
    deliverEveryMs,
    writeLimits = 'roomy',
  }: { deliverEveryMs?: LocalOptions['deliverEveryMs']; writeLimits?: 'roomy' | 'defaults' } = {},
): Promise<T> {
  // The SDK warns once that it will soon need Node 22 (Lambda runs 22); keep it out of the table.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const interrupted = () => process.exit(130)
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  const filesDir = mkdtempSync(join(tmpdir(), `${tableName}-files-`))
  let dynamo: DynamoDbLocal | undefined
  let platform: LocalPlatform | undefined
  let server: ReturnType<typeof serve> | undefined
  try {
    dynamo = await startDynamoDbLocal()
    const db = createDb({ tableName, endpoint: dynamo.endpoint, auditSecret: DEV_AUDIT_SECRET })
    await ensureTable(db)
    // Most benches time the app with one manager making hundreds of writes a minute: budgets out of the way
    // ('roomy'); the deadline surge, many applicants each writing at a person's pace, keeps the real ones.
    const roomy = { requests: 1_000_000, windowSeconds: 60 }
    const limits =
      writeLimits === 'roomy' ? { 'clarification-question': roomy, 'draft-save': roomy, write: roomy } : undefined
    platform = await createLocalPlatform({
      db,
      filesDir,
      publicUrl: 'http://localhost:3000',
      writeLimits: limits,
      deliverEveryMs,
    })
    // The open competition and the users; not the assessing demo, which a bench seeds its own way.
    const competitionId = await seedDemo(
      { db, files: platform.files, now: () => new Date(), publicUrl: platform.publicUrl },
      { assessing: false },
    )
    server = serve({ fetch: platform.app.fetch, port: 0, hostname: '127.0.0.1' })
    if (!server.listening) await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    return await use({ db, platform, competitionId, origin: `http://127.0.0.1:${port}` })
  } finally {
    process.off('SIGINT', interrupted)
    process.off('SIGTERM', interrupted)
    platform?.stop()
    const listening = server
    if (listening) await new Promise((resolve) => listening.close(resolve))
    if (dynamo) {
      dynamo.stop()
      await waitUntilClosed(dynamo.endpoint)
    }
    rmSync(filesDir, { recursive: true, force: true })
  }
}
