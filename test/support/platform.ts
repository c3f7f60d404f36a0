// A real local platform for a test file: its own table on the run's DynamoDB Local,
// its own file folder, real JWT verification. Requests go through app.request in-process.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import type { Role } from '../../shared/schemas/common.js'
import type { User } from '../../shared/schemas/user.js'
import type { WriteLimits } from '../../functions/api/middleware/rate-limit.js'
import type { CheckpointStore } from '../../functions/core/audit/checkpoint-store.js'
import type { FileStore } from '../../functions/core/files/file-store.js'
import { newId } from '../../functions/core/ids.js'
import type { OpenDataConfig } from '../../functions/core/open-data/config.js'
import { createDb, type Db } from '../../functions/db/client.js'
import { insertUser } from '../../functions/db/users-repo.js'
import { DEV_AUDIT_SECRET } from '../../functions/local/dev-issuer.js'
import { ensureTable } from '../../functions/local/ensure-table.js'
import { createLocalPlatform } from '../../functions/local/server.js'

export type TestPlatform = Awaited<ReturnType<typeof createTestPlatform>>

export type Clock = { now: Date }

/** The fields a problem+json names, in its order. */
export const fieldsOf = (json: { errors?: { field: string }[] }) => (json.errors ?? []).map((e) => e.field)

/** The site's address the test platform is configured with: emails link to its pages. */
export const TEST_PUBLIC_URL = 'https://fund.test.example'

/** Fixtures write in quick bursts from one account; tests of the limits pass their own, or 'defaults'. */
const roomyWriteLimits: WriteLimits = {
  'clarification-question': { requests: 10_000, windowSeconds: 60 },
  'draft-save': { requests: 10_000, windowSeconds: 60 },
  write: { requests: 10_000, windowSeconds: 60 },
}

export async function createTestPlatform(
  options: {
    webDir?: string
    deliverEveryMs?: number
    userCacheMs?: number
    managersNeedMfa?: boolean
    writeLimits?: WriteLimits | 'defaults'
    openData?: OpenDataConfig
    /** The app's file and checkpoint stores in place of folders: the S3 ones against test/support/s3-emulator.ts. */
    fileStore?: FileStore
    checkpointStore?: CheckpointStore
  } = {},
) {
  const db: Db = createDb({
    tableName: `test-${newId().toLowerCase()}`,
    endpoint: inject('dynamoEndpoint'),
    auditSecret: DEV_AUDIT_SECRET,
  })
  await ensureTable(db)
  forbidScans(db)
  const clock: Clock = { now: new Date() }
  const filesDir = mkdtempSync(join(tmpdir(), 'cf-files-'))
  const writeLimits = options.writeLimits === 'defaults' ? undefined : (options.writeLimits ?? roomyWriteLimits)
  const platform = await createLocalPlatform({
    db,
    filesDir,
    now: () => clock.now,
    publicUrl: TEST_PUBLIC_URL,
    webDir: options.webDir,
    deliverEveryMs: options.deliverEveryMs,
    userCacheMs: options.userCacheMs,
    managersNeedMfa: options.managersNeedMfa,
    writeLimits,
    openData: options.openData,
    fileStore: options.fileStore,
    checkpointStore: options.checkpointStore,
  })

  /** A signed-in user of a role, created in the table, with a real token. */
  async function signIn(role: Role, name = `${role} ${newId().slice(-6)}`): Promise<User & { token: string }> {
    const user: User = { id: newId(), email: `${newId().toLowerCase()}@test.example`, name, role }
    await insertUser(db, user)
    return { ...user, token: await platform.issuer.issueToken(user) }
  }

  /** Calls the API like a browser would; `as` signs the request. */
  async function call(
    method: string,
    path: string,
    { as, body, headers }: { as?: { token: string }; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const response = await platform.app.request(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(as ? { Authorization: `Bearer ${as.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await response.text()
    const json = text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined
    return { status: response.status, headers: response.headers, json, text }
  }

  return { db, clock, filesDir, ...platform, signIn, call }
}

/** No request path may Scan: any Scan during a test fails it. */
function forbidScans(db: Db) {
  const name = 'forbid-scan'
  if (db.doc.middlewareStack.identify().some((entry) => entry.startsWith(name))) return
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'ScanCommand') throw new Error('Scan is not allowed on a request path')
      return next(args)
    },
    { step: 'initialize', name },
  )
}
