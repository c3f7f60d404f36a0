// The local platform: the same API app as in Lambda, plus what only exists locally
// (the development issuer, the folder file store's signed URLs) and the built web.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { createApp } from '../api/app.js'
import { cachedDirectory } from '../api/middleware/auth.js'
import { jwtVerifier } from '../api/middleware/jwt-verifier.js'
import type { WriteLimits } from '../api/middleware/rate-limit.js'
import { openDataConfig, type OpenDataConfig } from '../core/open-data/config.js'
import type { CheckpointStore } from '../core/audit/checkpoint-store.js'
import type { FileStore } from '../core/files/file-store.js'
import type { Db } from '../db/client.js'
import { getUserDirectoryEntry } from '../db/users-repo.js'
import { createDevIssuer, devAuthRoutes, type DevIssuer } from './dev-issuer.js'
import { createFolderFileStore, LOCAL_FILES_PATH, type FolderFileStore } from '../adapters/folder-file-store.js'
import { devMailRoutes } from '../adapters/local-mailbox.js'
import { createFolderCheckpointStore } from '../adapters/folder-checkpoint-store.js'
import { startLocalSchedules } from './schedules.js'

export type LocalPlatform = {
  app: ReturnType<typeof createApp>
  issuer: DevIssuer
  /** The folder store, served at /local-files: the app's, unless another `fileStore` was given. */
  files: FolderFileStore
  /** The site's address emails link to. */
  publicUrl: string
  /** Stops the background mail delivery, release scheduler and offer lapser, if they were started. */
  stop: () => void
  /** Starts them (as `deliverEveryMs` does) once the caller is ready, e.g. after seeding the demo. */
  startSchedules: (everyMs: number) => void
  /** The audit chains' checkpoints (a folder, unless another store was given). */
  checkpoints: CheckpointStore
}

export type LocalOptions = {
  db: Db
  /** Folder for files and the issuer key; omit to keep files in a temp folder and use a fresh key. */
  dataDir?: string
  filesDir: string
  /** The app's file store in place of the folder (tests run the S3 store against a local emulator). */
  fileStore?: FileStore
  /** The built web front end; served on the same origin when present. */
  webDir?: string
  now?: () => Date
  /** The site's address, which emails link back to (http://localhost:<port> for `npm start`). */
  publicUrl: string
  /** Deliver the outbox to the local mailbox, run scheduled releases and lapse offers past their date, this often; omit to do them only when asked. */
  deliverEveryMs?: number
  /** How long an account's existence and role are cached (default 60 s, as in the cloud). */
  userCacheMs?: number
  /** Refuse managers without a second factor, as the cloud does (local accounts have none). */
  managersNeedMfa?: boolean
  /** Per-user write budgets; omitted, the real defaults. */
  writeLimits?: WriteLimits
  /** The 360Giving prefix, funder and region; omitted, from OPEN_DATA_* or the local defaults. */
  openData?: OpenDataConfig
  /** Where the audit chains' checkpoints are written; omitted, `<dataDir>/audit-checkpoints` or a temp folder. */
  checkpointsDir?: string
  /** The checkpoints' store in place of the folder (tests run the S3 store against a local emulator). */
  checkpointStore?: CheckpointStore
}

/** Content-Security-Policy for the web: everything from this origin, nothing inline. */
export const WEB_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

export async function createLocalPlatform({
  db,
  dataDir,
  filesDir,
  fileStore,
  webDir,
  now = () => new Date(),
  publicUrl,
  deliverEveryMs,
  userCacheMs = 60_000,
  managersNeedMfa,
  writeLimits,
  openData = openDataConfig(process.env),
  checkpointsDir = dataDir ? join(dataDir, 'audit-checkpoints') : mkdtempSync(join(tmpdir(), 'cf-checkpoints-')),
  checkpointStore,
}: LocalOptions): Promise<LocalPlatform> {
  const checkpoints = checkpointStore ?? createFolderCheckpointStore(checkpointsDir)
  const issuer = await createDevIssuer({ keyFile: dataDir ? join(dataDir, 'dev-issuer-key.json') : undefined })
  const files = createFolderFileStore(filesDir)
  const app = createApp({
    db,
    files: fileStore ?? files,
    now,
    publicUrl,
    verifier: jwtVerifier({ issuer: issuer.issuer, audience: issuer.audience, keys: issuer.keys }),
    users: cachedDirectory((userId) => getUserDirectoryEntry(db, userId), { ttlMs: userCacheMs, now }),
    managersNeedMfa,
    config: { auth: { mode: 'local' } },
    writeLimits,
    openData,
    checkpoints,
  })
  app.route('/api/dev-auth', devAuthRoutes(issuer, db))
  app.route('/api/dev-mail', devMailRoutes(db, now))
  let stop = () => {}
  const startSchedules = (everyMs: number) => {
    stop()
    stop = startLocalSchedules({ db, now, publicUrl, checkpoints }, everyMs)
  }
  if (deliverEveryMs) startSchedules(deliverEveryMs)
  app.route(LOCAL_FILES_PATH, files.routes)

  if (webDir && existsSync(join(webDir, 'index.html'))) {
    // Read per request: a rebuild (new hashed asset names) shows without a restart.
    const index = () => readFileSync(join(webDir, 'index.html'), 'utf8')
    const headers = {
      'Content-Security-Policy': WEB_CSP,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    }
    app.use('*', async (c, next) => {
      await next()
      if (!c.req.path.startsWith('/api/')) for (const [name, value] of Object.entries(headers)) c.header(name, value)
    })
    app.get('*', serveStatic({ root: webDir }))
    // Client-side routes: any other page path gets the app shell.
    app.get('*', (c) =>
      c.req.path.startsWith('/api/') || /\.\w+$/.test(c.req.path) ? c.notFound() : c.html(index(), 200),
    )
  }
  return { app, issuer, files, publicUrl, stop: () => stop(), startSchedules, checkpoints }
}
