// Limits on business flows (issue 11, item 12): per-user write budgets kept in the table (so
// they hold across Lambda instances) answered with 429 + Retry-After, a cap on an applicant's
// open questions, and a public Q&A that pages through answered questions only.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../functions/api/app.js'
import type { WriteLimits } from '../../functions/api/middleware/rate-limit.js'
import { newId } from '../../functions/core/ids.js'
import { insertUser } from '../../functions/db/users-repo.js'
import { createLocalPlatform } from '../../functions/local/server.js'
import { createPublished } from '../support/fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

const tight = (questions: number): WriteLimits => ({
  'clarification-question': { requests: questions, windowSeconds: 3600 },
  'draft-save': { requests: 1000, windowSeconds: 60 },
  write: { requests: 1000, windowSeconds: 60 },
})

const ask = (p: Pick<TestPlatform, 'call'>, competitionId: string, as: { token: string }, n = 0) =>
  p.call('POST', `/api/competitions/${competitionId}/clarifications`, {
    as,
    body: { question: `Question number ${n}: may we apply?` },
  })

describe('write budgets', () => {
  let p: TestPlatform
  let manager: { token: string }
  beforeAll(async () => {
    p = await createTestPlatform({ writeLimits: 'defaults' })
    manager = await p.signIn('manager')
  })

  it('by default, the eleventh question in an hour is a 429 problem+json with Retry-After, and is not saved', async () => {
    const applicant = await p.signIn('applicant')
    const competitions = [
      await createPublished(p, manager),
      await createPublished(p, manager),
      await createPublished(p, manager),
    ]
    for (let n = 0; n < 10; n++)
      expect((await ask(p, competitions[Math.floor(n / 5)]!.competition.id, applicant, n)).status).toBe(201)
    const refused = await ask(p, competitions[2]!.competition.id, applicant, 10)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('content-type')).toContain('application/problem+json')
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(3600)
    expect(refused.json).toMatchObject({ status: 429, title: 'Too many requests' })
    expect(refused.json.detail).toContain('10 every hour')
    // Its type is a link a client can follow to what it means, as every problem type is.
    const [docsPath, anchor] = String(refused.json.type).split('#')
    const docs = await p.call('GET', docsPath!)
    expect(docs.text).toContain(`id="${anchor}"`)
    expect(docs.text).toMatch(/429[^<]*Retry-After/)
    const queue = await p.call('GET', `/api/competitions/${competitions[2]!.competition.id}/clarifications?all=true`, {
      as: manager,
    })
    expect(queue.json.items).toEqual([])

    // The budget is the applicant's own: someone else may still ask, and reading is not counted.
    expect((await ask(p, competitions[2]!.competition.id, await p.signIn('applicant'))).status).toBe(201)
    expect(
      (await p.call('GET', `/api/competitions/${competitions[2]!.competition.id}/clarifications`, { as: applicant }))
        .status,
    ).toBe(200)

    // A new window, a new budget.
    p.clock.now = new Date(p.clock.now.getTime() + (retryAfter + 1) * 1000)
    expect((await ask(p, competitions[2]!.competition.id, applicant, 11)).status).toBe(201)
  })

  it('N parallel writes against a budget of 3, over two API instances sharing the table: exactly 3 succeed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cf-limits-'))
    // One after the other: the second reads the signing key the first wrote to dataDir.
    const instance = () =>
      createLocalPlatform({
        db: p.db,
        dataDir,
        filesDir: mkdtempSync(join(tmpdir(), 'cf-files-')),
        now: () => p.clock.now,
        publicUrl: p.publicUrl,
        writeLimits: tight(3),
      })
    const instances = [await instance(), await instance()]
    const user = {
      id: newId(),
      email: `${newId().toLowerCase()}@test.example`,
      name: 'Quick Asker',
      role: 'applicant' as const,
    }
    await insertUser(p.db, user)
    const token = await instances[0]!.issuer.issueToken(user)
    const { competition } = await createPublished(p, manager)
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        instances[n % 2]!.app.request(`/api/competitions/${competition.id}/clarifications`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ question: `Parallel question ${n}?` }),
        }),
      ),
    )
    const statuses = answers.map((r) => r.status).sort()
    expect(statuses).toEqual([...Array(3).fill(201), ...Array(9).fill(429)])
    const queue = await p.call('GET', `/api/competitions/${competition.id}/clarifications?all=true`, { as: manager })
    expect(queue.json.items).toHaveLength(3)
  })
})

describe('clarification questions', () => {
  let p: TestPlatform
  let manager: { token: string }
  beforeAll(async () => {
    p = await createTestPlatform()
    manager = await p.signIn('manager')
  })

  it('an applicant may have 5 open questions at once; an answer frees a place', async () => {
    const applicant = await p.signIn('applicant')
    const { competition } = await createPublished(p, manager)
    const asked = []
    for (let n = 0; n < 5; n++) asked.push((await ask(p, competition.id, applicant, n)).json)
    const sixth = await ask(p, competition.id, applicant, 5)
    expect(sixth.status).toBe(422)
    expect(sixth.json.errors).toEqual([
      { field: 'question', message: 'must wait until one of your 5 open questions is answered' },
    ])
    // Another applicant's questions are their own.
    expect((await ask(p, competition.id, await p.signIn('applicant'))).status).toBe(201)

    const path = `/api/competitions/${competition.id}/clarifications/${asked[0].id}/answer`
    expect((await p.call('PUT', path, { as: manager, body: { answer: 'Yes.', version: 1 } })).status).toBe(200)
    // Correcting an answer does not free another place.
    expect((await p.call('PUT', path, { as: manager, body: { answer: 'Yes, you may.', version: 2 } })).status).toBe(200)
    expect((await ask(p, competition.id, applicant, 6)).status).toBe(201)
    expect((await ask(p, competition.id, applicant, 7)).status).toBe(422)
  })

  it('a question answered before the index existed joins it when its answer is next saved', async () => {
    const { competition } = await createPublished(p, manager)
    const id = newId()
    const at = p.clock.now.toISOString()
    // As the answer write stored it before: no index keys.
    await p.db.doc.send(
      new PutCommand({
        TableName: p.db.tableName,
        Item: {
          pk: `CLAR#${competition.id}`,
          sk: `Q#${id}`,
          entity: 'clarification',
          id,
          competitionId: competition.id,
          question: 'Can a charity apply?',
          answer: 'Yes.',
          status: 'answered',
          askedAt: at,
          answeredAt: at,
          version: 2,
          askedBy: 'someone',
        },
      }),
    )
    const path = `/api/competitions/${competition.id}/clarifications`
    expect((await p.call('GET', path)).json.items).toEqual([])
    expect(
      (
        await p.call('PUT', `${path}/${id}/answer`, {
          as: manager,
          body: { answer: 'Yes, charities may apply.', version: 2 },
        })
      ).status,
    ).toBe(200)
    expect((await p.call('GET', path)).json.items).toEqual([
      { question: 'Can a charity apply?', answer: 'Yes, charities may apply.', answeredAt: expect.any(String) },
    ])
  })

  it('the public list pages through answered questions only, so one answered after 24 unanswered is on the first page', async () => {
    const { competition } = await createPublished(p, manager)
    const asked = []
    for (let a = 0; a < 5; a++) {
      const applicant = await p.signIn('applicant')
      for (let n = 0; n < 5; n++) asked.push((await ask(p, competition.id, applicant, a * 5 + n)).json)
    }
    const last = asked.at(-1)!
    expect(
      (
        await p.call('PUT', `/api/competitions/${competition.id}/clarifications/${last.id}/answer`, {
          as: manager,
          body: { answer: 'Yes.', version: 1 },
        })
      ).status,
    ).toBe(200)

    const page = await p.call('GET', `/api/competitions/${competition.id}/clarifications?limit=5`)
    expect(page.status).toBe(200)
    expect(page.json).toEqual({ items: [{ question: last.question, answer: 'Yes.', answeredAt: expect.any(String) }] })

    // Managers still page through every question, and never see the per-applicant counters.
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const res = await p.call(
        'GET',
        `/api/competitions/${competition.id}/clarifications?all=true&limit=10${cursor ? `&cursor=${cursor}` : ''}`,
        { as: manager },
      )
      expect(res.status).toBe(200)
      seen.push(...res.json.items.map((q: { id: string }) => q.id))
      cursor = res.json.nextCursor
    } while (cursor)
    expect(seen).toEqual(asked.map((q) => q.id))
  })
})

describe('the API behind CloudFront', () => {
  const secret = 'a-generated-secret-of-forty-eight-characters-xyz1'
  let p: TestPlatform
  beforeAll(async () => {
    p = await createTestPlatform()
  })
  const cloudApp = () =>
    createApp({
      db: p.db,
      files: p.files,
      now: () => p.clock.now,
      publicUrl: p.publicUrl,
      users: async () => undefined,
      verifier: async () => Promise.reject(new Error('no tokens here')),
      config: { auth: { mode: 'local' } },
      originSecret: secret,
    })

  it('in the cloud, refuses a request without CloudFront’s secret header before doing anything else', async () => {
    const app = cloudApp()
    for (const headers of [{}, { 'x-origin-verify': 'guess' }, { 'x-origin-verify': `${secret}x` }] as Record<
      string,
      string
    >[]) {
      const res = await app.request('/api/health', { headers })
      expect(res.status).toBe(403)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
    }
    const oversized = await app.request('/api/competitions', {
      method: 'POST',
      body: 'x'.repeat(2 * 1024 * 1024),
      headers: { 'Content-Type': 'application/json' },
    })
    expect(oversized.status).toBe(403)
    expect((await app.request('/api/health', { headers: { 'x-origin-verify': secret } })).status).toBe(200)
  })

  it('locally there is no CloudFront, and no header is needed', async () => {
    expect((await p.call('GET', '/api/health')).status).toBe(200)
  })
})

describe('API docs', () => {
  it('document the 429 and its Retry-After on every signed-in write, with the budget, and on no read', async () => {
    const p = await createTestPlatform()
    const doc = (await p.call('GET', '/api/openapi.json')).json
    const asking = doc.paths['/competitions/{competitionId}/clarifications']
    expect(asking.post.responses[429].headers['Retry-After']).toBeDefined()
    expect(asking.post.responses[429].description).toContain('10 every hour')
    expect(doc.paths['/applications/{applicationId}'].patch.responses[429].description).toContain('120 every minute')
    for (const [path, operations] of Object.entries<
      Record<string, { security?: unknown; responses: Record<string, unknown> }>
    >(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const write = method !== 'get' && op.security
        expect(Boolean(op.responses[429]), `${method} ${path}`).toBe(Boolean(write))
      }
    }
  })
})
