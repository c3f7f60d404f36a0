// The local FileStore: a folder, reached through HMAC-signed, expiring URLs that behave
// like S3's presigned ones (exact type and size on upload; attachment on download).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
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
} from '../core/files/file-store.js'

/** Mounted outside /api so the API's 1 MB body limit does not apply to file bodies. */
export const LOCAL_FILES_PATH = '/local-files'

export type FolderFileStore = FileStore & {
  /** Writes bytes directly (the seed uses it; people upload through the signed URL). */
  write(key: string, bytes: Uint8Array): Promise<void>
  routes: Hono
}

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
  const url = (key: string, params: Record<string, string>) => `${LOCAL_FILES_PATH}/${key}?${new URLSearchParams(params)}`

  const routes = new Hono()
    .put('/*', bodyLimit({ maxSize: MAX_DOCUMENT_BYTES, onError: (c) => c.text('File is larger than 25 MB', 413) }), async (c) => {
      const key = c.req.path.slice(LOCAL_FILES_PATH.length + 1)
      const { exp = '', ct = '', len = '', sig } = c.req.query()
      if (!valid(sig, sign('PUT', key, exp, ct, len))) return c.text('Signature does not match', 403)
      if (Date.now() / 1000 > Number(exp)) return c.text('Upload address has expired', 403)
      if (c.req.header('content-type') !== ct) return c.text(`Content-Type must be ${ct}`, 400)
      const body = new Uint8Array(await c.req.arrayBuffer())
      if (body.byteLength !== Number(len)) return c.text(`Body must be exactly ${len} bytes`, 400)
      await write(key, body)
      return c.body(null, 200)
    })
    .get('/*', async (c) => {
      const key = c.req.path.slice(LOCAL_FILES_PATH.length + 1)
      const { exp = '', ct = '', fn = '', sig } = c.req.query()
      if (!valid(sig, sign('GET', key, exp, ct, fn))) return c.text('Signature does not match', 403)
      if (Date.now() / 1000 > Number(exp)) return c.text('Download address has expired', 403)
      if (!(ct in documentTypes)) return c.text('Unknown type', 400)
      const bytes = await readFile(pathOf(key)).catch(() => undefined)
      if (!bytes) return c.text('Not found', 404)
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': servedContentType(ct as DocumentType),
        'Content-Disposition': contentDisposition(fn),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      })
    })

  async function write(key: string, bytes: Uint8Array) {
    const path = pathOf(key)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, bytes)
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
        headers: { 'Content-Type': contentType },
        expiresAt: new Date(Number(exp) * 1000).toISOString(),
      }
    },
    async head(key) {
      const info = await stat(pathOf(key)).catch(() => undefined)
      return info?.isFile() ? { sizeBytes: info.size } : undefined
    },
    async createDownload(key, { filename, contentType }) {
      const exp = String(expiry(DOWNLOAD_TTL_SECONDS))
      return url(key, { exp, ct: contentType, fn: filename, sig: sign('GET', key, exp, contentType, filename) })
    },
    async remove(keys) {
      await Promise.all(keys.map((key) => rm(pathOf(key), { force: true })))
    },
  }
}

export const folderFor = (dataDir: string) => join(dataDir, 'files')
