// The API contract every client relies on: health, OpenAPI, docs, problem+json errors, request ids.
import { beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../functions/api/app.js'
import { createLogger, type LogEntry } from '../../functions/core/log.js'
import { createDb } from '../../functions/db/client.js'
import { inject } from 'vitest'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
beforeAll(async () => {
  p = await createTestPlatform()
})

describe('the API contract', () => {
  it('answers health', async () => {
    const res = await p.call('GET', '/api/health')
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ status: 'ok' })
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('tells the web how to sign in', async () => {
    const res = await p.call('GET', '/api/config')
    expect(res.json).toEqual({ auth: { mode: 'local' } })
  })

  it('publishes an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await p.call('GET', '/api/openapi.json')
    expect(res.status).toBe(200)
    expect(res.json.openapi).toBe('3.1.0')
    const paths = Object.keys(res.json.paths)
    expect(paths).toEqual(
      expect.arrayContaining([
        '/health',
        '/competitions',
        '/competitions/{competitionId}',
        '/competitions/{competitionId}/publish',
        '/competitions/{competitionId}/challenges',
        '/competitions/{competitionId}/themes',
        '/competitions/{competitionId}/challenges/{challengeId}/items',
        '/competitions/{competitionId}/items/{itemId}/download',
      ]),
    )
    // Every operation says who may call it.
    for (const methods of Object.values(res.json.paths) as Record<string, { description?: string }>[]) {
      for (const op of Object.values(methods)) expect(op.description).toMatch(/^Who may call: /)
    }
    expect(res.json.components.schemas.Competition).toBeDefined()
    expect(res.json.components.schemas.Problem).toBeDefined()
    // Every reference resolves to a component.
    const refs = [...JSON.stringify(res.json).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!)
    expect(refs.length).toBeGreaterThan(10)
    for (const name of refs) expect(res.json.components.schemas[name], name).toBeDefined()
    expect(JSON.stringify(res.json)).not.toMatch(/"\$ref":"(?!#\/components\/schemas\/)/)
  })

  it('serves readable docs', async () => {
    const res = await p.call('GET', '/api/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    expect(res.text).toContain('POST /api/competitions')
    expect(res.text).toContain('id="problem-validation"')
  })

  it('answers unknown routes with a problem+json 404', async () => {
    const res = await p.call('GET', '/api/nothing-here')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.json).toMatchObject({ status: 404, title: 'Not found' })
  })

  it('answers malformed JSON with a 400 problem', async () => {
    const manager = await p.signIn('manager')
    const res = await p.call('POST', '/api/competitions', { as: manager, body: '{"title": ' })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
  })

  it('refuses bodies over 1 MB with 413', async () => {
    const manager = await p.signIn('manager')
    const res = await p.call('POST', '/api/competitions', {
      as: manager,
      body: { title: 'x', summary: 'a'.repeat(1_100_000) },
    })
    expect(res.status).toBe(413)
    expect(res.json.type).toMatch(/too-large$/)
  })

  it('reveals nothing internal in a 500', async () => {
    const res = await failingApp([]).request('/api/competitions')
    expect(res.status).toBe(500)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const text = await res.text()
    expect(text).not.toMatch(/no-such-table|ResourceNotFound|stack|at \w+ \(/)
    expect(JSON.parse(text)).toMatchObject({ status: 500, title: 'Something went wrong on our side' })
  })
})

/** An app on a table that does not exist, so DynamoDB fails underneath every route that reads; it logs to `lines`. */
function failingApp(lines: string[]) {
  return createApp({
    db: createDb({ tableName: 'no-such-table', endpoint: inject('dynamoEndpoint') }),
    files: p.files,
    now: () => new Date(),
    publicUrl: p.publicUrl,
    verifier: async () => {
      throw new Error('unused')
    },
    users: async () => undefined,
    config: { auth: { mode: 'local' } },
    log: createLogger({ sink: (line) => lines.push(line) }),
  })
}

// Every API request logs under its own id, which its answer names in X-Request-Id: in the
// cloud API Gateway's request id (the one in its access log), locally a fresh one.
describe('request logging', () => {
  it('logs a failed request as an ERROR line carrying the id its answer names', async () => {
    const lines: string[] = []
    const app = failingApp(lines)
    const [first, second] = await Promise.all([
      app.request('/api/competitions'),
      app.request('/api/competitions?limit=5'),
    ])
    const ids = [first!.headers.get('x-request-id'), second!.headers.get('x-request-id')]
    expect(first!.status).toBe(500)
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/)
    expect(ids[0]).not.toBe(ids[1])
    const entries = lines.map((line) => JSON.parse(line) as LogEntry)
    expect(entries).toHaveLength(2)
    for (const entry of entries)
      expect(entry).toMatchObject({
        level: 'ERROR',
        message: 'Request failed',
        method: 'GET',
        path: '/api/competitions',
      })
    expect(entries.map((entry) => entry.requestId).sort()).toEqual([...ids].sort())
  })

  it('uses API Gateway’s request id in Lambda', async () => {
    const lines: string[] = []
    const res = await failingApp(lines).request(
      '/api/competitions',
      {},
      { requestContext: { requestId: 'Q2xvdWRGcm9udA=' } },
    )
    expect(res.status).toBe(500)
    expect(res.headers.get('x-request-id')).toBe('Q2xvdWRGcm9udA=')
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'ERROR', requestId: 'Q2xvdWRGcm9udA=' })
  })

  it('names the id on answers that log nothing too, as the API document says', async () => {
    const res = await p.call('GET', '/api/health')
    expect(res.status).toBe(200)
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect((await p.call('GET', '/api/openapi.json')).json.info.description).toContain('X-Request-Id')
  })
})
