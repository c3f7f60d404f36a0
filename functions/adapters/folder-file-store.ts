// The local FileStore: a folder, reached through HMAC-signed, expiring URLs that behave
// like S3's presigned ones on the versioned bucket: exact type and size on upload, once per
// key (If-None-Match: *); every write a new version; downloads of the one version pinned.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { DocumentType } from '../../shared/files.js'
import { documentTypes, MAX_DOCUMENT_BYTES } from '../../shared/files.js'
import {
  contentDisposition,
  DOWNLOAD_TTL_SECONDS,
  servedContentType,
  UPLOAD_TTL_SECONDS,
  type FileStore,
  type StoredObject,
} from '../core/files/file-store.js'
import { newId } from '../core/ids.js'

/** Mounted outside /api so the API's 1 MB body limit does not apply to file bodies. */
export const LOCAL_FILES_PATH = '/local-files'

export type FolderFileStore = FileStore & {
  /** Stores bytes as a new version, unconditionally (the seed; tests writing behind the API's back). */
  write(key: string, bytes: Uint8Array): Promise<void>
  routes: Hono
}

/** A key is a folder of versions, each a file named by a time-ordered id (so the last is the latest). */
const VERSION = /^[0-9A-HJKMNP-TV-Z]{26}$/
/** S3's id for an object stored before versioning; here, a key stored as a plain file. */
const UNVERSIONED = 'null'

export function createFolderFileStore(root: string, secret: Buffer = randomBytes(32)): FolderFileStore {
  const base = resolve(root)
  const pathOf = (key: string) => {
    const path = resolve(base, key)
    if (!path.startsWith(base + sep)) throw new Error('key escapes the store')
    return path
  }
  const sign = (...parts: string[]) => createHmac('sha256', secret).update(parts.join('\n')).digest('base64url')
  const valid = (sig: string | undefined, expected: string) =>
    !!sig && sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected))
  const url = (key: string, params: Record<string, string>) =>
    `${LOCAL_FILES_PATH}/${key}?${new URLSearchParams(params)}`

  const routes = new Hono()
    .put(
      '/*',
      bodyLimit({ maxSize: MAX_DOCUMENT_BYTES, onError: (c) => c.text('File is larger than 25 MB', 413) }),
      async (c) => {
        const key = c.req.path.slice(LOCAL_FILES_PATH.length + 1)
        const { exp = '', ct = '', len = '', sig } = c.req.query()
        if (!valid(sig, sign('PUT', key, exp, ct, len))) return c.text('Signature does not match', 403)
        if (Date.now() / 1000 > Number(exp)) return c.text('Upload address has expired', 403)
        if (c.req.header('content-type') !== ct) return c.text(`Content-Type must be ${ct}`, 400)
        if (c.req.header('if-none-match') !== '*') return c.text('If-None-Match must be *', 403)
        const body = new Uint8Array(await c.req.arrayBuffer())
        if (body.byteLength !== Number(len)) return c.text(`Body must be exactly ${len} bytes`, 400)
        if (!(await claim(key))) return c.text('Something is already uploaded to this address', 412)
        await write(key, body)
        return c.body(null, 200)
      },
    )
    .get('/*', async (c) => {
      const key = c.req.path.slice(LOCAL_FILES_PATH.length + 1)
      const { exp = '', ct = '', fn = '', v = '', sig } = c.req.query()
      if (!valid(sig, sign('GET', key, exp, ct, fn, v))) return c.text('Signature does not match', 403)
      if (Date.now() / 1000 > Number(exp)) return c.text('Download address has expired', 403)
      if (!(ct in documentTypes)) return c.text('Unknown type', 400)
      const version = v || (await latest(key))?.versionId
      const bytes = version ? await readFile(versionPath(key, version)).catch(() => undefined) : undefined
      if (!bytes) return c.text('Not found', 404)
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': servedContentType(ct as DocumentType),
        'Content-Disposition': contentDisposition(fn),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      })
    })

  const versionPath = (key: string, versionId: string) => {
    if (versionId === UNVERSIONED) return pathOf(key)
    if (!VERSION.test(versionId)) throw new Error('not a version id')
    return join(pathOf(key), versionId)
  }

  /** The first write to a key wins it, as S3's If-None-Match: * does; later ones are refused. */
  async function claim(key: string): Promise<boolean> {
    await mkdir(pathOf(key), { recursive: true })
    const marker = await open(join(pathOf(key), '.claimed'), 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined
      throw error
    })
    await marker?.close()
    return !!marker && !(await latest(key))
  }

  let lastVersionAt = 0
  /** Version ids sort in write order: each takes a later millisecond than the one before. */
  const nextVersionId = () => {
    lastVersionAt = Math.max(Date.now(), lastVersionAt + 1)
    return newId(lastVersionAt)
  }

  async function write(key: string, bytes: Uint8Array) {
    const folder = pathOf(key)
    await mkdir(folder, { recursive: true })
    // Written aside, then renamed: a version is never seen half-written.
    const pending = join(folder, `.pending-${newId()}`)
    await writeFile(pending, bytes)
    await rename(pending, join(folder, nextVersionId()))
  }

  async function latest(key: string): Promise<StoredObject | undefined> {
    const path = pathOf(key)
    const info = await stat(path).catch(() => undefined)
    if (!info) return undefined
    const versionId = info.isFile()
      ? UNVERSIONED
      : (await readdir(path))
          .filter((name) => VERSION.test(name))
          .sort()
          .at(-1)
    if (!versionId) return undefined
    const bytes = await readFile(versionPath(key, versionId))
    return { sizeBytes: bytes.byteLength, versionId, etag: `"${createHash('md5').update(bytes).digest('hex')}"` }
  }

  const expiry = (seconds: number) => Math.floor(Date.now() / 1000) + seconds

  return {
    routes,
    write,
    async createUpload(key, { contentType, sizeBytes }) {
      if (sizeBytes > MAX_DOCUMENT_BYTES) throw new Error('file too large')
      const exp = String(expiry(UPLOAD_TTL_SECONDS))
      const len = String(sizeBytes)
      return {
        method: 'PUT',
        url: url(key, { exp, ct: contentType, len, sig: sign('PUT', key, exp, contentType, len) }),
        headers: { 'Content-Type': contentType, 'If-None-Match': '*' },
        expiresAt: new Date(Number(exp) * 1000).toISOString(),
      }
    },
    head: latest,
    async readStart(key, versionId, length) {
      const file = await open(versionPath(key, versionId))
      try {
        const { buffer, bytesRead } = await file.read({ buffer: new Uint8Array(length), position: 0 })
        return buffer.subarray(0, bytesRead)
      } finally {
        await file.close()
      }
    },
    async createDownload({ key, versionId = '' }, { filename, contentType }) {
      const exp = String(expiry(DOWNLOAD_TTL_SECONDS))
      return url(key, {
        exp,
        ct: contentType,
        fn: filename,
        v: versionId,
        sig: sign('GET', key, exp, contentType, filename, versionId),
      })
    },
    async remove(objects) {
      await Promise.all(objects.map(({ key }) => rm(pathOf(key), { recursive: true, force: true })))
    },
  }
}

export const folderFor = (dataDir: string) => join(dataDir, 'files')
