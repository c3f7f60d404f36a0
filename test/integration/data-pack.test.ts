// Challenges, themes and data packs, including the document upload and download round trip.
import { beforeAll, describe, expect, it } from 'vitest'
import { challengeInput, createCompleteDraft, createDraft, createPublished } from '../support/fixtures.js'
import { fieldsOf, createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let manager: { token: string }
let applicant: { token: string }

beforeAll(async () => {
  p = await createTestPlatform()
  ;[manager, applicant] = await Promise.all([p.signIn('manager'), p.signIn('applicant')])
})

const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')

async function addDocument(
  competitionId: string,
  challengeId: string,
  bytes = pdf,
  filename = 'Asthma report (2021).pdf',
) {
  const res = await p.call('POST', `/api/competitions/${competitionId}/challenges/${challengeId}/items`, {
    as: manager,
    body: {
      kind: 'document',
      title: 'Asthma report',
      filename,
      contentType: 'application/pdf',
      sizeBytes: bytes.byteLength,
    },
  })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
  return res.json as {
    item: { id: string }
    upload: { url: string; method: string; headers: Record<string, string>; expiresAt: string }
  }
}

const put = (
  upload: { url: string; headers: Record<string, string> },
  body: Uint8Array<ArrayBuffer>,
  headers = upload.headers,
) => p.app.request(upload.url, { method: 'PUT', headers, body })

/** The object key an upload address writes to. */
const keyOf = (upload: { url: string }) => new URL(upload.url, 'http://local').pathname.slice('/local-files/'.length)

describe('challenges and themes', () => {
  it('requires a "How might we" statement and names each bad field', async () => {
    const draft = await createDraft(p, manager)
    const res = await p.call('POST', `/api/competitions/${draft.id}/challenges`, {
      as: manager,
      body: { title: '', statement: 'Reduce asthma', owner: 'x'.repeat(201) },
    })
    expect(res.status).toBe(400)
    expect(fieldsOf(res.json).sort()).toEqual(['owner', 'statement', 'title'])
    expect(res.json.errors.find((e: { field: string }) => e.field === 'statement').message).toMatch(/How might we/)
  })

  it('adds and edits challenges with versions', async () => {
    const draft = await createDraft(p, manager)
    const made = await p.call('POST', `/api/competitions/${draft.id}/challenges`, {
      as: manager,
      body: challengeInput(),
    })
    expect(made.json).toMatchObject({ title: 'Childhood asthma', version: 1 })
    const edited = await p.call('PATCH', `/api/competitions/${draft.id}/challenges/${made.json.id}`, {
      as: manager,
      body: { version: 1, owner: 'Public health team' },
    })
    expect(edited.json).toMatchObject({ owner: 'Public health team', version: 2 })
    const stale = await p.call('PATCH', `/api/competitions/${draft.id}/challenges/${made.json.id}`, {
      as: manager,
      body: { version: 1, owner: 'Lost' },
    })
    expect(stale.status).toBe(409)
  })

  it('edits a theme’s links with versions', async () => {
    const { competition, challenge, theme } = await createCompleteDraft(p, manager)
    const second = await p.call('POST', `/api/competitions/${competition.id}/challenges`, {
      as: manager,
      body: challengeInput('Second'),
    })
    const edited = await p.call('PATCH', `/api/competitions/${competition.id}/themes/${theme.id}`, {
      as: manager,
      body: { version: 1, challengeIds: [challenge.id, second.json.id] },
    })
    expect(edited.status).toBe(200)
    expect(edited.json).toMatchObject({ challengeIds: [challenge.id, second.json.id], version: 2 })
    const stale = await p.call('PATCH', `/api/competitions/${competition.id}/themes/${theme.id}`, {
      as: manager,
      body: { version: 1, title: 'Lost' },
    })
    expect(stale.status).toBe(409)
    const foreign = await p.call('PATCH', `/api/competitions/${competition.id}/themes/${theme.id}`, {
      as: manager,
      body: { version: 2, challengeIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'] },
    })
    expect(foreign.status).toBe(422)
    expect(fieldsOf(foreign.json)).toEqual(['challengeIds.0'])
    expect(
      (
        await p.call('PATCH', `/api/competitions/${competition.id}/themes/nope`, {
          as: manager,
          body: { version: 1, title: 'X' },
        })
      ).status,
    ).toBe(404)
  })

  it('only links themes to challenges of the same competition', async () => {
    const a = await createCompleteDraft(p, manager)
    const b = await createCompleteDraft(p, manager)
    const res = await p.call('POST', `/api/competitions/${a.competition.id}/themes`, {
      as: manager,
      body: { title: 'Cross-linked', challengeIds: [a.challenge.id, b.challenge.id] },
    })
    expect(res.status).toBe(422)
    expect(fieldsOf(res.json)).toEqual(['challengeIds.1'])
    const empty = await p.call('POST', `/api/competitions/${a.competition.id}/themes`, {
      as: manager,
      body: { title: 'None', challengeIds: [] },
    })
    expect(empty.status).toBe(400)
    expect(fieldsOf(empty.json)).toEqual(['challengeIds'])
    const page = await p.call('GET', `/api/competitions/${a.competition.id}`, { as: manager })
    expect(page.json.themes).toHaveLength(1)
  })

  it('will not remove a challenge a theme still links, nor anything once published', async () => {
    const { competition, challenge, theme } = await createCompleteDraft(p, manager)
    const linked = await p.call('DELETE', `/api/competitions/${competition.id}/challenges/${challenge.id}?version=1`, {
      as: manager,
    })
    expect(linked.status).toBe(409)
    expect(fieldsOf(linked.json)).toEqual([`themes.${theme.id}.challengeIds`])
    expect(
      (await p.call('DELETE', `/api/competitions/${competition.id}/themes/${theme.id}?version=1`, { as: manager }))
        .status,
    ).toBe(204)
    expect(
      (
        await p.call('DELETE', `/api/competitions/${competition.id}/challenges/${challenge.id}?version=1`, {
          as: manager,
        })
      ).status,
    ).toBe(204)
    const page = await p.call('GET', `/api/competitions/${competition.id}`, { as: manager })
    expect(page.json.challenges).toEqual([])

    const published = await createPublished(p, manager)
    const res = await p.call(
      'DELETE',
      `/api/competitions/${published.competition.id}/themes/${published.theme.id}?version=1`,
      { as: manager },
    )
    expect(res.status).toBe(409)
  })

  it('never leaves a theme linking a removed challenge when the two race', async () => {
    for (let round = 0; round < 5; round++) {
      const draft = await createDraft(p, manager)
      const challenge = await p.call('POST', `/api/competitions/${draft.id}/challenges`, {
        as: manager,
        body: challengeInput(),
      })
      const [link, remove] = await Promise.all([
        p.call('POST', `/api/competitions/${draft.id}/themes`, {
          as: manager,
          body: { title: 'Race', challengeIds: [challenge.json.id] },
        }),
        p.call('DELETE', `/api/competitions/${draft.id}/challenges/${challenge.json.id}?version=1`, { as: manager }),
      ])
      const page = await p.call('GET', `/api/competitions/${draft.id}`, { as: manager })
      const ids = new Set(page.json.challenges.map((c: { id: string }) => c.id))
      for (const theme of page.json.themes) for (const id of theme.challengeIds) expect(ids.has(id)).toBe(true)
      expect([link.status, remove.status].sort()).toEqual(link.status === 201 ? [201, 409] : [204, 422])
    }
  })

  it('keeps every one of many concurrent additions', async () => {
    const draft = await createDraft(p, manager)
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        p.call('POST', `/api/competitions/${draft.id}/challenges`, {
          as: manager,
          body: challengeInput(`Challenge ${i}`),
        }),
      ),
    )
    const ok = results.filter((r) => r.status === 201).length
    const busy = results.filter((r) => r.status === 409).length
    expect(ok + busy).toBe(8)
    const page = await p.call('GET', `/api/competitions/${draft.id}`, { as: manager })
    expect(page.json.challenges).toHaveLength(ok)
    expect(ok).toBeGreaterThan(0)
  })
})

describe('data-pack items', () => {
  it.each([
    [{ kind: 'link', title: 'Bad', url: 'javascript:alert(1)' }, 'url'],
    [{ kind: 'link', title: 'Bad', url: 'not a url' }, 'url'],
    [{ kind: 'video', title: '', url: 'https://example.org/v' }, 'title'],
    [{ kind: 'dataset', title: 'Admissions', url: 'https://example.org/d', accessLevel: 'open' }, 'source'],
    [
      {
        kind: 'dataset',
        title: 'Admissions',
        url: 'https://example.org/d',
        source: 'OHID',
        licence: 'OGL',
        accessLevel: 'secret',
      },
      'accessLevel',
    ],
    [
      { kind: 'document', title: 'Exe', filename: 'run.exe', contentType: 'application/x-msdownload', sizeBytes: 10 },
      'contentType',
    ],
    [
      {
        kind: 'document',
        title: 'Huge',
        filename: 'huge.pdf',
        contentType: 'application/pdf',
        sizeBytes: 26 * 1024 * 1024,
      },
      'sizeBytes',
    ],
    [
      { kind: 'document', title: 'Path', filename: '../../etc/passwd', contentType: 'text/plain', sizeBytes: 10 },
      'filename',
    ],
    [{ kind: 'podcast', title: 'Pod', url: 'https://example.org' }, 'kind'],
  ])('refuses %j naming %s', async (body, field) => {
    const { competition, challenge } = await createCompleteDraft(p, manager)
    const res = await p.call('POST', `/api/competitions/${competition.id}/challenges/${challenge.id}/items`, {
      as: manager,
      body,
    })
    expect(res.status).toBe(400)
    expect(fieldsOf(res.json)).toContain(field)
    const page = await p.call('GET', `/api/competitions/${competition.id}`, { as: manager })
    expect(page.json.challenges[0].dataPack).toHaveLength(1)
  })

  it('adds datasets and videos with their details', async () => {
    const { competition, challenge } = await createCompleteDraft(p, manager)
    const dataset = await p.call('POST', `/api/competitions/${competition.id}/challenges/${challenge.id}/items`, {
      as: manager,
      body: {
        kind: 'dataset',
        title: 'Admissions',
        url: 'https://fingertips.phe.org.uk/',
        source: 'OHID',
        licence: 'OGL v3.0',
        accessLevel: 'open',
      },
    })
    expect(dataset.status).toBe(201)
    expect(dataset.json.item).toMatchObject({
      kind: 'dataset',
      source: 'OHID',
      licence: 'OGL v3.0',
      accessLevel: 'open',
      challengeId: challenge.id,
    })
    expect(dataset.json.upload).toBeUndefined()
    const video = await p.call('POST', `/api/competitions/${competition.id}/challenges/${challenge.id}/items`, {
      as: manager,
      body: { kind: 'video', title: 'The problem explained', url: 'https://example.org/video' },
    })
    expect(video.status).toBe(201)
  })

  it('uploads a document through its presigned address, checks it, and serves it safely', async () => {
    const { competition, challenge } = await createPublished(p, manager)
    const { item, upload } = await addDocument(competition.id, challenge.id)
    expect(upload.method).toBe('PUT')

    // Before the upload is complete the public cannot see it.
    let page = await p.call('GET', `/api/competitions/${competition.id}`)
    expect(page.json.challenges[0].dataPack.map((i: { id: string }) => i.id)).not.toContain(item.id)
    expect((await p.call('GET', `/api/competitions/${competition.id}/items/${item.id}/download`)).status).toBe(404)

    const early = await p.call('POST', `/api/competitions/${competition.id}/items/${item.id}/complete`, { as: manager })
    expect(early.status).toBe(422)
    expect(fieldsOf(early.json)).toEqual(['file'])

    // The signed address holds the uploader to the declared type and size.
    expect((await put(upload, pdf, { 'Content-Type': 'text/html' })).status).toBe(400)
    expect((await put(upload, new Uint8Array(pdf.byteLength + 1))).status).toBe(400)
    expect(
      (
        await p.app.request(upload.url.replace(/sig=[^&]+/, 'sig=forged'), {
          method: 'PUT',
          headers: upload.headers,
          body: pdf,
        })
      ).status,
    ).toBe(403)
    expect((await put(upload, pdf)).status).toBe(200)

    const done = await p.call('POST', `/api/competitions/${competition.id}/items/${item.id}/complete`, { as: manager })
    expect(done.status).toBe(200)
    expect(done.json.file).toMatchObject({
      uploaded: true,
      sizeBytes: pdf.byteLength,
      filename: 'Asthma report (2021).pdf',
    })

    page = await p.call('GET', `/api/competitions/${competition.id}`)
    expect(page.json.challenges[0].dataPack.map((i: { id: string }) => i.id)).toContain(item.id)

    const redirect = await p.call('GET', `/api/competitions/${competition.id}/items/${item.id}/download`)
    expect(redirect.status).toBe(302)
    const file = await p.app.request(redirect.headers.get('location')!)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('application/pdf')
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="Asthma report (2021).pdf"; filename*=UTF-8''Asthma%20report%20(2021).pdf`,
    )
    expect(file.headers.get('x-content-type-options')).toBe('nosniff')
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf)
    const tampered = redirect.headers.get('location')!.replace(/fn=[^&]+/, 'fn=evil.html')
    expect((await p.app.request(tampered)).status).toBe(403)
  })

  it('gives a fresh upload address for a document not yet uploaded, and none once it is', async () => {
    const { competition, challenge } = await createCompleteDraft(p, manager)
    const { item } = await addDocument(competition.id, challenge.id)
    const renewed = await p.call('POST', `/api/competitions/${competition.id}/items/${item.id}/upload`, { as: manager })
    expect(renewed.status).toBe(200)
    expect((await put(renewed.json, pdf)).status).toBe(200)
    expect(
      (await p.call('POST', `/api/competitions/${competition.id}/items/${item.id}/complete`, { as: manager })).status,
    ).toBe(200)
    expect(
      (await p.call('POST', `/api/competitions/${competition.id}/items/${item.id}/upload`, { as: manager })).status,
    ).toBe(409)
    expect(
      (await p.call('POST', `/api/competitions/${competition.id}/items/${item.id}/upload`, { as: applicant })).status,
    ).toBe(403)
  })

  it('refuses a completed upload of the wrong size', async () => {
    const { competition, challenge } = await createCompleteDraft(p, manager)
    const { item, upload } = await addDocument(competition.id, challenge.id)
    // Write a different file behind the API's back, as a broken client might.
    await p.files.write(keyOf(upload), new Uint8Array(3))
    const res = await p.call('POST', `/api/competitions/${competition.id}/items/${item.id}/complete`, { as: manager })
    expect(res.status).toBe(422)
    expect(res.json.detail).toMatch(/not the .* declared/)
  })

  it('serves the bytes checked on completion, whatever is sent to the upload address later', async () => {
    const { competition, challenge } = await createPublished(p, manager)
    const { item, upload } = await addDocument(competition.id, challenge.id)
    expect((await put(upload, pdf)).status).toBe(200)
    expect(
      (await p.call('POST', `/api/competitions/${competition.id}/items/${item.id}/complete`, { as: manager })).status,
    ).toBe(200)

    const other = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOX\n')
    expect(other.byteLength).toBe(pdf.byteLength)
    expect((await put(upload, other)).status).toBe(412)
    await p.files.write(keyOf(upload), other)

    const redirect = await p.call('GET', `/api/competitions/${competition.id}/items/${item.id}/download`)
    const location = new URL(redirect.headers.get('location')!, 'http://local')
    expect(Number(location.searchParams.get('exp')) * 1000 - Date.now()).toBeLessThanOrEqual(300_000)
    expect(new Uint8Array(await (await p.app.request(redirect.headers.get('location')!)).arrayBuffer())).toEqual(pdf)
  })

  it('refuses a document whose contents are not its declared type, and takes the right file at a new address', async () => {
    const { competition, challenge } = await createPublished(p, manager)
    const html = new TextEncoder().encode(`<html><body>${'x'.repeat(pdf.byteLength - 26)}</body></html>`)
    expect(html.byteLength).toBe(pdf.byteLength)
    const { item, upload } = await addDocument(competition.id, challenge.id)
    expect(Date.parse(upload.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000)
    expect((await put(upload, html)).status).toBe(200)
    const refused = await p.call('POST', `/api/competitions/${competition.id}/items/${item.id}/complete`, {
      as: manager,
    })
    expect(refused.status).toBe(422)
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(refused.json.errors).toEqual([{ field: 'file', message: 'is not a PDF file' }])
    expect(refused.json.detail).toMatch(/Asthma report \(2021\)\.pdf is not a PDF file/)
    expect((await p.call('GET', `/api/competitions/${competition.id}/items/${item.id}/download`)).status).toBe(404)

    const renewed = await p.call('POST', `/api/competitions/${competition.id}/items/${item.id}/upload`, { as: manager })
    expect(keyOf(renewed.json)).not.toBe(keyOf(upload))
    expect(await p.files.head(keyOf(upload))).toBeUndefined()
    expect((await put(renewed.json, pdf)).status).toBe(200)
    expect(
      (await p.call('POST', `/api/competitions/${competition.id}/items/${item.id}/complete`, { as: manager })).status,
    ).toBe(200)
    const redirect = await p.call('GET', `/api/competitions/${competition.id}/items/${item.id}/download`)
    expect(new Uint8Array(await (await p.app.request(redirect.headers.get('location')!)).arrayBuffer())).toEqual(pdf)
  })

  it('takes exactly one of many uploads sent to one address at once, and serves that one', async () => {
    const { competition, challenge } = await createPublished(p, manager)
    const { item, upload } = await addDocument(competition.id, challenge.id)
    const versions = Array.from({ length: 6 }, (_, i) =>
      new TextEncoder().encode(`%PDF-1.4\n${i} 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`),
    )
    const results = await Promise.all(versions.map((bytes) => put(upload, bytes)))
    expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412, 412])
    expect(
      (await p.call('POST', `/api/competitions/${competition.id}/items/${item.id}/complete`, { as: manager })).status,
    ).toBe(200)
    const redirect = await p.call('GET', `/api/competitions/${competition.id}/items/${item.id}/download`)
    const served = new Uint8Array(await (await p.app.request(redirect.headers.get('location')!)).arrayBuffer())
    expect(served).toEqual(versions[results.findIndex((r) => r.status === 200)])
  })

  it('blocks publishing while a document is still uploading', async () => {
    const { competition, challenge } = await createCompleteDraft(p, manager)
    const { item } = await addDocument(competition.id, challenge.id)
    const res = await p.call('POST', `/api/competitions/${competition.id}/publish`, {
      as: manager,
      body: { version: 1 },
    })
    expect(res.status).toBe(422)
    expect(fieldsOf(res.json)).toEqual([`dataPack.${item.id}`])
  })

  it('removes an item and its file', async () => {
    const { competition, challenge } = await createCompleteDraft(p, manager)
    const { item, upload } = await addDocument(competition.id, challenge.id)
    await put(upload, pdf)
    expect(await p.files.head(keyOf(upload))).toBeDefined()
    expect(
      (await p.call('DELETE', `/api/competitions/${competition.id}/items/${item.id}`, { as: manager })).status,
    ).toBe(204)
    expect(await p.files.head(keyOf(upload))).toBeUndefined()
    expect(
      (await p.call('DELETE', `/api/competitions/${competition.id}/items/${item.id}`, { as: manager })).status,
    ).toBe(404)
  })

  it('hides drafts’ documents and other competitions’ items behind the same 404', async () => {
    const { competition, challenge } = await createCompleteDraft(p, manager)
    const { item, upload } = await addDocument(competition.id, challenge.id)
    await put(upload, pdf)
    await p.call('POST', `/api/competitions/${competition.id}/items/${item.id}/complete`, { as: manager })
    const other = await createPublished(p, manager)
    const missing = await p.call('GET', `/api/competitions/${competition.id}/items/01ARZ3NDEKTSV4RRFFQ69G5FAV/download`)
    expect((await p.call('GET', `/api/competitions/${competition.id}/items/${item.id}/download`)).json).toEqual(
      missing.json,
    )
    expect(
      (await p.call('GET', `/api/competitions/${competition.id}/items/${item.id}/download`, { as: applicant })).status,
    ).toBe(404)
    expect(
      (await p.call('GET', `/api/competitions/${competition.id}/items/${item.id}/download`, { as: manager })).status,
    ).toBe(302)
    expect((await p.call('GET', `/api/competitions/${other.competition.id}/items/${item.id}/download`)).status).toBe(
      404,
    )
    expect(
      (await p.call('DELETE', `/api/competitions/${other.competition.id}/items/${item.id}`, { as: manager })).status,
    ).toBe(404)
  })

  it('is for managers only', async () => {
    const { competition, challenge } = await createCompleteDraft(p, manager)
    const body = { kind: 'link', title: 'L', url: 'https://example.org' }
    expect(
      (await p.call('POST', `/api/competitions/${competition.id}/challenges/${challenge.id}/items`, { body })).status,
    ).toBe(401)
    expect(
      (
        await p.call('POST', `/api/competitions/${competition.id}/challenges/${challenge.id}/items`, {
          as: applicant,
          body,
        })
      ).status,
    ).toBe(403)
    expect(
      (
        await p.call('POST', `/api/competitions/${competition.id}/challenges`, {
          as: applicant,
          body: challengeInput(),
        })
      ).status,
    ).toBe(403)
    expect(
      (
        await p.call('POST', `/api/competitions/${competition.id}/themes`, {
          as: applicant,
          body: { title: 'T', challengeIds: [challenge.id] },
        })
      ).status,
    ).toBe(403)
  })
})
