// A local S3-compatible server (s3rver) for a test file: its own process, on a free port, over
// its own temp folder, so files running in parallel never share one. It serves presigned PUT,
// GET, HEAD and DELETE and ListObjectsV2 as S3 does, but does not check SigV4 signatures
// (test/unit/s3-presign.test.ts does), keep versions, nor refuse a PUT for If-None-Match: *.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

/** The emulator's one account: the keys it knows. */
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

/**
 * Runs in the child: starts s3rver on a port the system picks, says which, and stops when the
 * test process goes (its stdin closes), so no server outlives a crashed run.
 */
const serve = `
  const [s3rver, directory, buckets] = process.argv.slice(1)
  const S3rver = require(s3rver)
  const configureBuckets = JSON.parse(buckets).map((name) => ({ name, configs: [] }))
  new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets })
    .run()
    .then(({ port }) => console.log('listening ' + port))
  process.stdin.on('end', () => process.exit(0)).resume()
`

export type S3Emulator = Awaited<ReturnType<typeof startS3Emulator>>

export async function startS3Emulator(buckets: string[]) {
  const directory = await mkdtemp(join(tmpdir(), 'cf-s3-'))
  // Its own process: s3rver pages listings with a DES continuation token, which OpenSSL 3 has
  // only in its legacy provider, and a flag turns that on for the whole process.
  const server = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      '-e',
      serve,
      createRequire(import.meta.url).resolve('s3rver'),
      directory,
      JSON.stringify(buckets),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = once(server, 'exit')
      server.kill()
      await exited
    }
    await rm(directory, { recursive: true, force: true })
  }
  const port = await listeningPort(server).catch(async (error: unknown) => {
    await stop()
    throw error
  })
  const endpoint = `http://127.0.0.1:${port}`
  return {
    endpoint,
    /** The options the S3 stores take to reach this server, for a bucket. */
    options: (bucket: string) => ({ bucket, region: 'eu-west-2', credentials, endpoint }),
    /** Stops the server and deletes everything it stored. */
    stop,
  }
}

/** The port the child says it listens on; fails if it stops first, or is stopped after 30 s without listening. */
async function listeningPort(server: ChildProcess): Promise<number> {
  const timer = setTimeout(() => server.kill(), 30_000)
  try {
    for await (const line of createInterface({ input: server.stdout! })) {
      const port = /^listening (\d+)$/.exec(line)?.[1]
      if (port) return Number(port)
    }
  } finally {
    clearTimeout(timer)
  }
  throw new Error('s3rver stopped before it listened')
}
