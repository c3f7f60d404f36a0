// Every API request logs under its own id, which its answer names in X-Request-Id: in the
// cloud API Gateway's request id (the one in its access log), locally a fresh one.
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { createApp } from '../../functions/api/app.js'
import { createLogger, type LogEntry } from '../../functions/core/log.js'
import { createDb } from '../../functions/db/client.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
beforeAll(async () => {
  p = await createTestPlatform()
})

/** An app whose table does not exist, so every read fails with a 500, logging to `lines`. */
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

describe('request logging', () => {
  it('logs a failed request as an ERROR line carrying the id its answer names', async () => {
    const lines: string[] = []
    const app = failingApp(lines)
    const [first, second] = await Promise.all([app.request('/api/competitions'), app.request('/api/competitions?limit=5')])
    const ids = [first!.headers.get('x-request-id'), second!.headers.get('x-request-id')]
    expect(first!.status).toBe(500)
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/)
    expect(ids[0]).not.toBe(ids[1])
    const entries = lines.map((line) => JSON.parse(line) as LogEntry)
    expect(entries).toHaveLength(2)
    for (const entry of entries) expect(entry).toMatchObject({ level: 'ERROR', message: 'Request failed', method: 'GET', path: '/api/competitions' })
    expect(entries.map((entry) => entry.requestId).sort()).toEqual([...ids].sort())
  })

  it('uses API Gateway’s request id in Lambda', async () => {
    const lines: string[] = []
    const res = await failingApp(lines).request('/api/competitions', {}, { requestContext: { requestId: 'Q2xvdWRGcm9udA=' } })
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
