// The cloud file store signs every S3 request itself; check it against AWS's own
// published SigV4 example and that uploads pin type, size and write-once, downloads pin the
// version and disposition, and completion reads the very version it checked.
import { createHash, createHmac } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createS3FileStore, s3Presigner } from '../../functions/adapters/s3-file-store.js'

const exampleCredentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}

/**
 * An independent SigV4 query-string check, written from the specification: recomputes
 * the signature S3 would expect for this URL and these header values.
 */
function expectedSignature(url: URL, method: string, headers: Record<string, string>, secret: string) {
  const rfc3986 = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  const params = [...url.searchParams.entries()].filter(([name]) => name !== 'X-Amz-Signature')
  const query = params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const signed = url.searchParams.get('X-Amz-SignedHeaders')!.split(';')
  const values: Record<string, string> = { host: url.host, ...headers }
  const canonical = [
    method,
    url.pathname,
    query,
    ...signed.map((h) => `${h}:${values[h]}`),
    '',
    signed.join(';'),
    'UNSIGNED-PAYLOAD',
  ].join('\n')
  const date = url.searchParams.get('X-Amz-Date')!
  const [, day, region, service] = url.searchParams.get('X-Amz-Credential')!.split('/')
  const scope = `${day}/${region}/${service}/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonical).digest('hex')].join('\n')
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest()
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day!), region!), service!), 'aws4_request')
  return createHmac('sha256', key).update(toSign).digest('hex')
}

describe('S3 presigning', () => {
  it('has an independent checker that reproduces the Amazon S3 documentation’s example', () => {
    // "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", example GET.
    const documented = new URL(
      'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    )
    expect(expectedSignature(documented, 'GET', {}, exampleCredentials.secretAccessKey)).toBe(
      documented.searchParams.get('X-Amz-Signature'),
    )
  })

  it('signs requests the way S3 verifies them', async () => {
    const presign = s3Presigner({
      bucket: 'examplebucket',
      region: 'us-east-1',
      credentials: exampleCredentials,
      hostname: 'examplebucket.s3.amazonaws.com',
    })
    const url = new URL(
      await presign('GET', 'test.txt', { expiresIn: 86400, signingDate: new Date('2013-05-24T00:00:00Z') }),
    )
    expect(url.searchParams.get('X-Amz-Credential')).toBe('AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request')
    expect(url.searchParams.get('X-Amz-Signature')).toBe(
      expectedSignature(url, 'GET', {}, exampleCredentials.secretAccessKey),
    )

    const store = createS3FileStore({ bucket: 'files-bucket', region: 'eu-west-2', credentials: exampleCredentials })
    const upload = new URL(
      (await store.createUpload('competitions/C/items/I', { contentType: 'application/pdf', sizeBytes: 1234 })).url,
    )
    const headers = { 'content-type': 'application/pdf', 'content-length': '1234', 'if-none-match': '*' }
    expect(upload.searchParams.get('X-Amz-Signature')).toBe(
      expectedSignature(upload, 'PUT', headers, exampleCredentials.secretAccessKey),
    )
    // A different size or type is a different signature: S3 refuses it.
    expect(upload.searchParams.get('X-Amz-Signature')).not.toBe(
      expectedSignature(upload, 'PUT', { ...headers, 'content-length': '1235' }, exampleCredentials.secretAccessKey),
    )
  })

  it('signs an upload to exactly one type and size, and a download as an attachment', async () => {
    const store = createS3FileStore({ bucket: 'files-bucket', region: 'eu-west-2', credentials: exampleCredentials })
    const upload = await store.createUpload('competitions/C/items/I', {
      contentType: 'application/pdf',
      sizeBytes: 1234,
    })
    const put = new URL(upload.url)
    expect(upload.method).toBe('PUT')
    // If-None-Match: * is signed, so the browser must send it and S3 refuses a second PUT to the key.
    expect(upload.headers).toEqual({ 'Content-Type': 'application/pdf', 'If-None-Match': '*' })
    expect(put.host).toBe('files-bucket.s3.eu-west-2.amazonaws.com')
    expect(put.pathname).toBe('/competitions/C/items/I')
    expect(put.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host;if-none-match')
    expect(Number(put.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300)
    expect(Date.parse(upload.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000)
    const signed = { 'content-type': 'application/pdf', 'content-length': '1234', 'if-none-match': '*' }
    expect(put.searchParams.get('X-Amz-Signature')).toBe(
      expectedSignature(put, 'PUT', signed, exampleCredentials.secretAccessKey),
    )
    expect(put.searchParams.get('X-Amz-Signature')).not.toBe(
      expectedSignature(put, 'PUT', { ...signed, 'if-none-match': 'x' }, exampleCredentials.secretAccessKey),
    )

    const download = new URL(
      await store.createDownload(
        { key: 'competitions/C/items/I', versionId: 'v1.Zx_9' },
        { filename: 'Pack (v2).pdf', contentType: 'text/csv' },
      ),
    )
    expect(download.searchParams.get('versionId')).toBe('v1.Zx_9')
    expect(download.searchParams.get('response-content-disposition')).toBe(
      `attachment; filename="Pack (v2).pdf"; filename*=UTF-8''Pack%20(v2).pdf`,
    )
    expect(download.searchParams.get('response-content-type')).toBe('text/csv; charset=utf-8')
    expect(Number(download.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(300)
    expect(download.searchParams.get('X-Amz-Signature')).toBe(
      expectedSignature(download, 'GET', {}, exampleCredentials.secretAccessKey),
    )
  })

  it('signs path-style requests to another S3-compatible server, its port in the signed host', async () => {
    const store = createS3FileStore({
      bucket: 'files-bucket',
      region: 'eu-west-2',
      credentials: exampleCredentials,
      endpoint: 'http://127.0.0.1:4569',
    })
    const upload = new URL(
      (await store.createUpload('competitions/C/items/I', { contentType: 'text/csv', sizeBytes: 12 })).url,
    )
    expect(upload.origin).toBe('http://127.0.0.1:4569')
    expect(upload.pathname).toBe('/files-bucket/competitions/C/items/I')
    const headers = { 'content-type': 'text/csv', 'content-length': '12', 'if-none-match': '*' }
    expect(upload.searchParams.get('X-Amz-Signature')).toBe(
      expectedSignature(upload, 'PUT', headers, exampleCredentials.secretAccessKey),
    )
    const download = new URL(
      await store.createDownload(
        { key: 'competitions/C/items/I', versionId: 'v1' },
        { filename: 'a.csv', contentType: 'text/csv' },
      ),
    )
    expect(download.pathname).toBe('/files-bucket/competitions/C/items/I')
    expect(download.searchParams.get('X-Amz-Signature')).toBe(
      expectedSignature(download, 'GET', {}, exampleCredentials.secretAccessKey),
    )
  })

  describe('completion', () => {
    afterEach(() => vi.unstubAllGlobals())

    /** Records each request the store sends, and answers it as S3 would. */
    function s3Answering(answer: (url: URL, init: RequestInit) => Response) {
      const sent: { url: URL; method: string; headers: Record<string, string> }[] = []
      vi.stubGlobal('fetch', async (input: string, init: RequestInit) => {
        const url = new URL(input)
        sent.push({ url, method: init.method!, headers: Object.fromEntries(new Headers(init.headers).entries()) })
        return answer(url, init)
      })
      return sent
    }

    it('reads the version S3 reports, its ETag, and the first bytes of exactly that version, signed', async () => {
      const sent = s3Answering((_url, init) =>
        init.method === 'HEAD'
          ? new Response(null, {
              status: 200,
              headers: { 'content-length': '1234', etag: '"abc"', 'x-amz-version-id': 'v2' },
            })
          : new Response(new TextEncoder().encode('%PDF-1.7 and more than asked for'), { status: 206 }),
      )
      const store = createS3FileStore({ bucket: 'files-bucket', region: 'eu-west-2', credentials: exampleCredentials })
      expect(await store.head('competitions/C/items/I/U')).toEqual({ sizeBytes: 1234, versionId: 'v2', etag: '"abc"' })
      expect(new TextDecoder().decode(await store.readStart('competitions/C/items/I/U', 'v2', 8))).toBe('%PDF-1.7')

      const read = sent[1]!
      expect(read.method).toBe('GET')
      expect(read.url.searchParams.get('versionId')).toBe('v2')
      expect(read.headers.range).toBe('bytes=0-7')
      expect(read.url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;range')
      expect(read.url.searchParams.get('X-Amz-Signature')).toBe(
        expectedSignature(read.url, 'GET', { range: 'bytes=0-7' }, exampleCredentials.secretAccessKey),
      )
    })

    it('deletes the pinned version for good, or the one version of an upload never completed', async () => {
      const sent = s3Answering((_, init) =>
        init.method === 'HEAD'
          ? new Response(null, {
              status: 200,
              headers: { 'content-length': '5', etag: '"e"', 'x-amz-version-id': 'pending' },
            })
          : new Response(null, { status: 204 }),
      )
      const store = createS3FileStore({ bucket: 'files-bucket', region: 'eu-west-2', credentials: exampleCredentials })
      await store.remove([{ key: 'a/pinned', versionId: 'v1' }])
      await store.remove([{ key: 'a/pending' }])
      const deletes = sent.filter((r) => r.method === 'DELETE')
      expect(deletes.map((r) => [r.url.pathname, r.url.searchParams.get('versionId')])).toEqual([
        ['/a/pinned', 'v1'],
        ['/a/pending', 'pending'],
      ])
      for (const { url, method } of sent)
        expect(url.searchParams.get('X-Amz-Signature')).toBe(
          expectedSignature(url, method, {}, exampleCredentials.secretAccessKey),
        )
    })
  })
})
