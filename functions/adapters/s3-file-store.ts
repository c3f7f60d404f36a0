// The cloud FileStore: a private S3 bucket reached only through presigned requests.
// Every operation (upload, download, head, ranged read, delete) is a SigV4-presigned URL
// made by the SDK's own S3RequestPresigner and sent with fetch: the full S3 client, a tenth
// of the bundle, would add to every cold start for a few plain HTTP calls. The bucket is
// versioned: completion pins a version and every download names it.
import { defaultProvider } from '@aws-sdk/credential-provider-node'
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner'
import { Hash } from '@smithy/core/serde'
import { HttpRequest } from '@smithy/core/transport'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import {
  contentDisposition,
  DOWNLOAD_TTL_SECONDS,
  servedContentType,
  UPLOAD_TTL_SECONDS,
  type FileStore,
} from '../core/files/file-store.js'
import { log } from '../core/log.js'

export type S3Options = {
  bucket: string
  region: string
  /** Defaults to the Lambda's role via the standard provider chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider
  /** Defaults to the bucket's virtual-hosted regional endpoint. */
  hostname?: string
  /**
   * An S3-compatible server (`http://127.0.0.1:4569`) to reach instead of S3: the tests' local
   * emulator. Addressed path-style, `/<bucket>/<key>`, as such servers expect.
   */
  endpoint?: string
}

type PresignOptions = {
  headers?: Record<string, string>
  query?: Record<string, string>
  expiresIn?: number
  signableHeaders?: Set<string>
  /** For tests against AWS's published examples. */
  signingDate?: Date
}

const CALL_TIMEOUT_MS = 5_000

/** SigV4 query-string presigning for one bucket, as the SDK does it for S3. */
export function s3Presigner({
  bucket,
  region,
  credentials = defaultProvider(),
  hostname = `${bucket}.s3.${region}.amazonaws.com`,
  endpoint,
}: S3Options) {
  const presigner = new S3RequestPresigner({ region, credentials, sha256: Hash.bind(null, 'sha256') })
  // S3 itself by the bucket's own host name (virtual-hosted); another server by path, /<bucket>/<key>.
  const server = new URL(endpoint ?? `https://${hostname}`)
  const bucketPath = endpoint ? `/${bucket}` : ''
  return async function presign(
    method: 'GET' | 'PUT' | 'HEAD' | 'DELETE',
    key: string,
    options: PresignOptions = {},
  ): Promise<string> {
    const { headers = {}, query = {}, expiresIn = 60, signableHeaders, signingDate } = options
    const request = new HttpRequest({
      protocol: server.protocol,
      hostname: server.hostname,
      port: server.port ? Number(server.port) : undefined,
      method,
      path: `${bucketPath}/${key.split('/').map(encodeURIComponent).join('/')}`,
      headers: { host: server.host, ...headers },
      query,
    })
    const signed = await presigner.presign(request, {
      expiresIn,
      ...(signableHeaders ? { signableHeaders } : {}),
      ...(signingDate ? { signingDate } : {}),
    })
    const search = Object.entries(signed.query ?? {})
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
      .join('&')
    return `${server.origin}${signed.path}?${search}`
  }
}

export function createS3FileStore(options: S3Options): FileStore {
  const presign = s3Presigner(options)
  const send = (url: string, method: 'GET' | 'HEAD' | 'DELETE', headers: Record<string, string> = {}) =>
    fetch(url, { method, headers, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) })

  async function head(key: string) {
    const response = await send(await presign('HEAD', key), 'HEAD')
    // Without s3:ListBucket, S3 answers 403 rather than 404 for a missing key. Logged, so a
    // permissions mistake is visible rather than read as "not uploaded yet".
    if (response.status === 403) log.warn('S3 HEAD 403: missing object or no permission', { key })
    if (response.status === 404 || response.status === 403) return undefined
    if (!response.ok) throw new Error(`S3 HEAD answered ${response.status}`)
    return {
      sizeBytes: Number(response.headers.get('content-length') ?? 0),
      // "null" is S3's own id for an object stored while versioning was off.
      versionId: response.headers.get('x-amz-version-id') ?? 'null',
      etag: response.headers.get('etag') ?? '',
    }
  }

  async function deleteVersion(key: string, versionId: string) {
    const response = await send(await presign('DELETE', key, { query: { versionId } }), 'DELETE')
    if (!response.ok && response.status !== 404) throw new Error(`S3 DELETE answered ${response.status}`)
  }

  return {
    async createUpload(key, { contentType, sizeBytes }) {
      // Signing content-type and content-length makes S3 refuse any other type or size; signing
      // If-None-Match: * makes it refuse any PUT once the key holds an object, so a key is
      // written once (each upload has its own) and a replayed URL cannot add bytes.
      const headers = { 'content-type': contentType, 'content-length': String(sizeBytes), 'if-none-match': '*' }
      const url = await presign('PUT', key, {
        headers,
        expiresIn: UPLOAD_TTL_SECONDS,
        signableHeaders: new Set(Object.keys(headers)),
      })
      return {
        method: 'PUT',
        url,
        headers: { 'Content-Type': contentType, 'If-None-Match': '*' },
        expiresAt: new Date(Date.now() + UPLOAD_TTL_SECONDS * 1000).toISOString(),
      }
    },
    head,
    async readStart(key, versionId, length) {
      const range = `bytes=0-${length - 1}`
      const url = await presign('GET', key, {
        headers: { range },
        query: { versionId },
        signableHeaders: new Set(['range']),
      })
      const response = await send(url, 'GET', { range })
      if (!response.ok) throw new Error(`S3 GET answered ${response.status}`)
      return new Uint8Array(await response.arrayBuffer()).subarray(0, length)
    },
    async createDownload({ key, versionId }, { filename, contentType }) {
      return presign('GET', key, {
        query: {
          ...(versionId ? { versionId } : {}),
          'response-content-type': servedContentType(contentType),
          'response-content-disposition': contentDisposition(filename),
        },
        expiresIn: DOWNLOAD_TTL_SECONDS,
      })
    },
    async remove(objects) {
      // A version is deleted for good (a plain DELETE would only hide it behind a marker); an
      // upload never completed has at most one, as its key is written once.
      await Promise.all(
        objects.map(async ({ key, versionId }) => {
          const version = versionId ?? (await head(key))?.versionId
          if (version) await deleteVersion(key, version)
        }),
      )
    },
  }
}
