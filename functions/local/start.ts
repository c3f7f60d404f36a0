// `npm start`: DynamoDB Local, the table, the demo seed, then API and web on one origin.
// Options: PORT (default 3000); --in-memory (or DYNAMODB_IN_MEMORY=1) for a throwaway database.
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { serve } from '@hono/node-server'
import { createLogger, readableSink, setProcessLogger } from '../core/log.js'
import { createDb } from '../db/client.js'
import { DEV_AUDIT_SECRET } from './dev-issuer.js'
import { startDynamoDbLocal, StartupProblem } from './dynamodb-local.js'
import { ensureTable } from './ensure-table.js'
import { folderFor } from '../adapters/folder-file-store.js'
import { seedIfEmpty } from './seed.js'
import { createLocalPlatform } from './server.js'

const DATA_DIR = resolve('.data')
const TABLE_NAME = 'challenge-fund'

async function main() {
  // Lambda runs Node 22; locally Node 20 is fine for the SDK versions the lockfile pins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  // A person reads this terminal: log lines as text, not JSON (the banner and startup failures below are plain output).
  setProcessLogger(createLogger({ sink: readableSink }))
  const port = Number(process.env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new StartupProblem(`PORT must be a number from 1 to 65535, not "${process.env.PORT}".`)
  const inMemory = process.argv.includes('--in-memory') || process.env.DYNAMODB_IN_MEMORY === '1'
  await assertPortFree(port)

  const dynamo = await startDynamoDbLocal({ dataDir: inMemory ? undefined : join(DATA_DIR, 'dynamodb') })
  const stop = () => {
    dynamo.stop()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)

  const db = createDb({ tableName: TABLE_NAME, endpoint: dynamo.endpoint, auditSecret: DEV_AUDIT_SECRET })
  await ensureTable(db)
  const dataDir = inMemory ? undefined : DATA_DIR
  const filesDir = dataDir ? folderFor(dataDir) : mkdtempSync(join(tmpdir(), 'challenge-fund-files-'))
  const platform = await createLocalPlatform({
    db,
    dataDir,
    filesDir,
    webDir: resolve('web/dist'),
    publicUrl: `http://localhost:${port}`,
  })
  const seeded = await seedIfEmpty({ db, files: platform.files, now: () => new Date(), publicUrl: platform.publicUrl })
  // Only once the demo is in: the events run would otherwise lapse the seed's places for past
  // events (held until they started) between registering and confirming them.
  platform.startSchedules(500)

  const server = serve({ fetch: platform.app.fetch, port, hostname: '127.0.0.1' })
  server.once('error', (error) => fail(error))
  server.once('listening', () => {
    const url = `http://localhost:${port}`
    console.log(
      [
        '',
        `Challenge Fund is running at ${url}`,
        `  ${seeded ? 'Seeded the demo: “What’s your problem?” (open for EOIs), “Healthy homes, healthy lungs” (with its panel), “What’s your problem? (first round)” (its grants in delivery), and their users.' : 'Using the existing data in .data/ (delete the folder to start again).'}`,
        `  Sign in at ${url}/signin as a seeded user, or any email to be a new applicant.`,
        `  Emails it sends land in the local mailbox: ${url}/api/dev-mail`,
        `  API docs: ${url}/api/docs  ·  DynamoDB Local: ${dynamo.endpoint}${inMemory ? ' (in memory)' : ''}`,
        '  Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    )
  })
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupProblem(
              `Port ${port} is already in use: stop whatever is using it, or start on another port with PORT=${port + 1} npm start.`,
            )
          : error,
      ),
    )
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort()))
  })
}

function fail(error: unknown): never {
  if (error instanceof StartupProblem) console.error(`\n${error.message}\n`)
  else console.error('\nChallenge Fund could not start:', error instanceof Error ? error.message : error, '\n')
  process.exit(1)
}

main().catch(fail)
