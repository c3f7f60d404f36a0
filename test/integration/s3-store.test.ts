// The cloud's S3 stores, run for real against a local S3-compatible server (s3rver, started
// here on a free port): the file store's presigned upload, head, first-bytes read, download as
// an attachment and delete; the checkpoint store's write and newest-first read; and an EOI's
// file answer through the API with the app wired to them. (s3rver does not check SigV4
// signatures: test/unit/s3-presign.test.ts does, against the specification.)
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { buildLambda } from '../../infra/constructs/bundling.js'
import { paths } from '../../infra/paths.js'
import { createS3CheckpointStore } from '../../functions/adapters/s3-checkpoint-store.js'
import { createS3FileStore, s3Presigner } from '../../functions/adapters/s3-file-store.js'
import { checkpointHeads } from '../../functions/core/audit/chain.js'
import { contentDisposition } from '../../functions/core/files/file-store.js'
import { DEV_AUDIT_SECRET } from '../../functions/local/dev-issuer.js'
import { completeAnswers, openCompetition, startedDraft } from '../support/eoi-fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'
import { type S3Emulator, startS3Emulator } from '../support/s3-emulator.js'

const FILES = 'cf-files'
const CHECKPOINTS = 'cf-checkpoints'

let s3: S3Emulator

beforeAll(async () => {
  s3 = await startS3Emulator([FILES, CHECKPOINTS])
})

afterAll(async () => {
  await s3?.stop()
})

const bytes = (text: string) => new TextEncoder().encode(text)
const md5 = (data: Uint8Array) => `"${createHash('md5').update(data).digest('hex')}"`

/** Uploads as a browser does: a PUT of the bytes to the presigned address, with the headers it was given. */
const upload = (target: { url: string; headers: Record<string, string> }, body: Uint8Array<ArrayBuffer>) =>
  fetch(target.url, { method: 'PUT', headers: target.headers, body })

describe('the S3 file store', () => {
  it('uploads through its presigned PUT, confirms it with head, and reads the first bytes of that version', async () => {
    const store = createS3FileStore(s3.options(FILES))
    const key = 'competitions/C1/items/I1/U1'
    const pdf = bytes('%PDF-1.7 a plan for cleaner air')
    expect(await store.head(key)).toBeUndefined()

    const target = await store.createUpload(key, { contentType: 'application/pdf', sizeBytes: pdf.byteLength })
    const address = new URL(target.url)
    expect(address.origin).toBe(s3.endpoint)
    expect(address.pathname).toBe(`/${FILES}/${key}`)
    expect((await upload(target, pdf)).status).toBe(200)

    const stored = await store.head(key)
    // s3rver keeps no versions: S3 names such an object's one version "null".
    expect(stored).toEqual({ sizeBytes: pdf.byteLength, versionId: 'null', etag: md5(pdf) })
    // The type signed into the upload is the type stored.
    const presign = s3Presigner(s3.options(FILES))
    const raw = await fetch(await presign('HEAD', key), { method: 'HEAD' })
    expect(raw.headers.get('content-type')).toBe('application/pdf')
    expect(raw.headers.get('content-length')).toBe(String(pdf.byteLength))

    expect(new TextDecoder().decode(await store.readStart(key, stored!.versionId, 8))).toBe('%PDF-1.7')
  })

  it('downloads the pinned object as an attachment with its safe type and exact name', async () => {
    const store = createS3FileStore(s3.options(FILES))
    const key = 'competitions/C1/items/I2/U1'
    const csv = bytes('site,pm25\nLeeds,12\n')
    const target = await store.createUpload(key, { contentType: 'text/csv', sizeBytes: csv.byteLength })
    expect((await upload(target, csv)).status).toBe(200)
    const { versionId } = (await store.head(key))!

    const filename = 'Air quality – Leeds (2025).csv'
    const response = await fetch(await store.createDownload({ key, versionId }, { filename, contentType: 'text/csv' }))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(contentDisposition(filename))
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="Air quality _ Leeds/)
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(csv)
  })

  it('removes a pinned version and an upload never completed: head says missing, a download fails', async () => {
    const store = createS3FileStore(s3.options(FILES))
    const pinnedKey = 'competitions/C1/items/I3/U1'
    const pendingKey = 'competitions/C1/items/I3/U2'
    const png = bytes('\x89PNG\r\n\x1a\n and the rest')
    for (const key of [pinnedKey, pendingKey]) {
      const target = await store.createUpload(key, { contentType: 'image/png', sizeBytes: png.byteLength })
      expect((await upload(target, png)).status).toBe(200)
    }
    const pinned = { key: pinnedKey, versionId: (await store.head(pinnedKey))!.versionId }
    const download = await store.createDownload(pinned, { filename: 'map.png', contentType: 'image/png' })
    expect((await fetch(download)).status).toBe(200)

    await store.remove([pinned, { key: pendingKey }])
    expect(await store.head(pinnedKey)).toBeUndefined()
    expect(await store.head(pendingKey)).toBeUndefined()
    expect((await fetch(download)).status).toBe(404)
    // Removing what is already gone is not an error (a retried delete).
    await expect(store.remove([pinned])).resolves.toBeUndefined()
  })
})

describe('the S3 checkpoint store', () => {
  it('writes each checkpoint with its checksum and reads back the newest of a competition', async () => {
    const store = createS3CheckpointStore(s3.options(CHECKPOINTS))
    expect(await store.latest('COMP-A')).toBeUndefined()
    const first = { competitionId: 'COMP-A', seq: 9, hash: 'a'.repeat(64), at: '2026-01-01T00:00:00.000Z' }
    const second = { competitionId: 'COMP-A', seq: 10, hash: 'b'.repeat(64), at: '2026-01-02T00:00:00.000Z' }
    const elsewhere = { competitionId: 'COMP-A&B', seq: 3, hash: 'c'.repeat(64), at: '2026-01-02T00:00:00.000Z' }
    await store.put(first)
    await store.put(second)
    await store.put(elsewhere)
    expect(await store.latest('COMP-A')).toEqual(second)
    expect(await store.latest('COMP-A&B')).toEqual(elsewhere)
    expect(await store.latest('COMP')).toBeUndefined()
  })
})

describe('the app with the S3 stores', () => {
  let p: TestPlatform
  let manager: { id: string; token: string }
  const files = () => createS3FileStore(s3.options(FILES))

  beforeAll(async () => {
    p = await createTestPlatform({
      fileStore: files(),
      checkpointStore: createS3CheckpointStore(s3.options(CHECKPOINTS)),
    })
    manager = await p.signIn('manager')
  })

  it('takes an applicant’s file answer, deletes the file it replaced, and serves the manager the one submitted', async () => {
    const comp = await openCompetition(p, manager)
    const question = await p.call('POST', `/api/competitions/${comp.competition.id}/questions`, {
      as: manager,
      body: { kind: 'file', label: 'Plan', required: false },
    })
    expect(question.status).toBe(201)
    const { applicant, application } = await startedDraft(p, comp)
    const path = `/api/applications/${application.id}/files/${question.json.id}`
    const attach = async (filename: string, content: Uint8Array<ArrayBuffer>) => {
      const attached = await p.call('POST', path, {
        as: applicant,
        body: { filename, contentType: 'application/pdf', sizeBytes: content.byteLength },
      })
      expect(attached.status, JSON.stringify(attached.json)).toBe(201)
      const target = attached.json.upload as { url: string; headers: Record<string, string> }
      expect(new URL(target.url).origin).toBe(s3.endpoint)
      // Not uploaded yet: completing is refused, as S3 holds nothing at the key.
      expect((await p.call('POST', `${path}/complete`, { as: applicant })).status).toBe(422)
      expect((await upload(target, content)).status).toBe(200)
      const done = await p.call('POST', `${path}/complete`, { as: applicant })
      expect(done.status, JSON.stringify(done.json)).toBe(200)
      expect(done.json.answers[question.json.id].file).toMatchObject({ filename, uploaded: true })
      return decodeURIComponent(new URL(target.url).pathname).slice(`/${FILES}/`.length)
    }

    const draftKey = await attach('first go.pdf', bytes('%PDF-1.4 first go'))
    expect(await files().head(draftKey)).toBeDefined()
    const plan = bytes('%PDF-1.4 the plan we submit')
    const finalKey = await attach('Plan (final).pdf', plan)
    expect(finalKey).not.toBe(draftKey)
    // Choosing another file deleted the first from S3.
    expect(await files().head(draftKey)).toBeUndefined()
    expect(await files().head(finalKey)).toMatchObject({ sizeBytes: plan.byteLength })

    await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: { version: 5, ...completeAnswers(comp) },
    })
    const submitted = await p.call('POST', `/api/applications/${application.id}/submit`, { as: applicant })
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200)

    const link = await p.call('GET', path, { as: manager, headers: { Accept: 'application/json' } })
    expect(link.status).toBe(200)
    const download = await fetch(link.json.url)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toBe('application/pdf')
    expect(download.headers.get('content-disposition')).toBe(contentDisposition('Plan (final).pdf'))
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(plan)
  })

  it('checkpoints audit chains to S3, and verify reads the checkpoint back', async () => {
    const comp = await openCompetition(p, manager)
    const id = comp.competition.id as string
    const before = await p.call('GET', `/api/competitions/${id}/audit/verify`, { as: manager })
    expect(before.json).toMatchObject({ ok: true, checkpoint: null })
    expect(
      await checkpointHeads({ db: p.db, now: () => p.clock.now, checkpoints: p.checkpoints }, { force: true }),
    ).toBeGreaterThan(0)
    const after = await p.call('GET', `/api/competitions/${id}/audit/verify`, { as: manager })
    expect(after.json).toMatchObject({ ok: true, checkpoint: { seq: after.json.entries } })
    expect(await createS3CheckpointStore(s3.options(CHECKPOINTS)).latest(id)).toMatchObject({
      competitionId: id,
      seq: after.json.entries,
    })
  })

  it('runs the audit checkpointer as it ships, writing to the S3 server AWS_ENDPOINT_URL_S3 names', async () => {
    const comp = await openCompetition(p, manager)
    const id = comp.competition.id as string
    const out = await mkdtemp(join(tmpdir(), 'cf-checkpointer-'))
    try {
      buildLambda(paths.auditCheckpointerEntry, out, paths.repoRoot)
      const script = `
        import { pathToFileURL } from 'node:url'
        const { handler } = await import(pathToFileURL(process.argv[1]).href)
        console.log('RESULT ' + JSON.stringify(await handler({}, { awsRequestId: 's3-store-test' })))
      `
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--enable-source-maps', '--input-type=module', '-e', script, join(out, 'index.mjs')],
        {
          env: {
            PATH: process.env.PATH ?? '',
            AWS_REGION: 'eu-west-2',
            // The emulator's keys; DynamoDB Local takes any.
            AWS_ACCESS_KEY_ID: 'S3RVER',
            AWS_SECRET_ACCESS_KEY: 'S3RVER',
            AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
            AWS_ENDPOINT_URL_S3: s3.endpoint,
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            TABLE_NAME: p.db.tableName,
            AUDIT_KEY: DEV_AUDIT_SECRET,
            AUDIT_CHECKPOINT_BUCKET: CHECKPOINTS,
          },
        },
      )
      const result = stdout.split('\n').find((line) => line.startsWith('RESULT '))
      expect(JSON.parse(result!.slice('RESULT '.length)).written).toBeGreaterThan(0)
    } finally {
      await rm(out, { recursive: true, force: true })
    }
    const verified = await p.call('GET', `/api/competitions/${id}/audit/verify`, { as: manager })
    expect(verified.json).toMatchObject({ ok: true, checkpoint: { seq: verified.json.entries } })
  })
})
