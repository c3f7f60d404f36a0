// Trust in what exists (issue 11): hostile numbers, huge error lists, forged cursors and
// probing for drafts are all answered quickly with a bounded 4xx that gives nothing away.
import { beforeAll, describe, expect, it } from 'vitest'
import { RUBRIC } from '../support/assessing-fixtures.js'
import { openCompetition, startedDraft } from '../support/eoi-fixtures.js'
import { createDraft, createPublished } from '../support/fixtures.js'
import { fieldsOf, createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let manager: { token: string }
beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager')
})

describe('numbers in a request', () => {
  it('a rubric band from −9,007,199,254,740,991 is a 400 naming it, and nothing is saved', async () => {
    const comp = await openCompetition(p, manager)
    const url = `/api/competitions/${comp.competition.id}/rubric`
    const criterion = {
      ...RUBRIC.criteria[0],
      bands: [{ from: -Number.MAX_SAFE_INTEGER, to: 5, guidance: 'Everything' }],
    }
    const res = await p.call('PUT', url, { as: manager, body: { ...RUBRIC, criteria: [criterion] } })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(fieldsOf(res.json)).toContain('criteria.0.bands.0.from')
    expect((await p.call('GET', url, { as: manager })).json).toMatchObject({ version: 0, criteria: [] })
  })
})

describe('error responses', () => {
  it('60,000 bad answers get a short answer that lists some and says how many more', async () => {
    const comp = await openCompetition(p, manager)
    const draft = await startedDraft(p, comp)
    const answers = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`q${i}`, true]))
    const res = await p.call('PATCH', `/api/applications/${draft.application.id}`, {
      as: draft.applicant,
      body: { version: 1, answers },
    })
    expect(res.status).toBe(400)
    expect(res.text.length).toBeLessThan(20_000)
    expect(res.json.errors).toHaveLength(50)
    expect(fieldsOf(res.json).slice(0, 2)).toEqual(['answers.q0', 'answers.q1'])
    expect(res.json.detail).toMatch(/and 59,990 more \(60,000 in all; errors lists the first 50\)$/)
  })

  it('unknown fields are named, but only the first ten, and long names cut short', async () => {
    const body = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`${'k'.repeat(100)}${i}`, 1]))
    const res = await p.call('POST', '/api/competitions', { as: manager, body: { title: 'Keys', ...body } })
    expect(res.status).toBe(400)
    expect(res.text.length).toBeLessThan(5_000)
    expect(res.json.errors[0].message).toMatch(/^has fields we do not accept: k{60}…, .* and 4990 more$/)
  })
})

describe('page cursors', () => {
  it('hide the key they hold, and a changed or hand-made one is a 400 naming cursor', async () => {
    for (let i = 0; i < 3; i++) await createPublished(p, manager)
    const first = await p.call('GET', '/api/competitions?limit=1')
    const cursor: string = first.json.nextCursor
    expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toMatch(/COMP|gsi1|published/)
    expect((await p.call('GET', `/api/competitions?limit=1&cursor=${cursor}`)).status).toBe(200)

    const bytes = Buffer.from(cursor, 'base64url')
    const flipped = Buffer.from(bytes)
    flipped[flipped.length - 1]! ^= 1
    const next = (await p.call('GET', `/api/competitions?limit=1&cursor=${cursor}`)).json
    const handMade = Buffer.from(
      JSON.stringify({
        pk: 'COMP#X',
        sk: 'COMP',
        gsi1pk: 'COMPS#published',
        gsi1sk: `${next.items[0].timeline.eoiClosesAt}#X`,
      }),
    ).toString('base64url')
    for (const forged of [flipped.toString('base64url'), handMade, cursor.slice(0, -4)]) {
      const res = await p.call('GET', `/api/competitions?limit=1&cursor=${forged}`)
      expect(res.status, forged).toBe(400)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect(fieldsOf(res.json)).toEqual(['cursor'])
    }
  })
})

describe('drafts', () => {
  it('an uninvited panellist answering an invitation gets the same 404 for a draft as for no competition', async () => {
    const panellist = await p.signIn('panellist')
    const draft = await createDraft(p, manager, { title: 'Not yet announced' })
    const missing = '01ARZ3NDEKTSV4RRFFQ69G5FAV'
    const respond = (id: string) =>
      p.call('POST', `/api/competitions/${id}/panel/response`, { as: panellist, body: { accept: true } })
    const forDraft = await respond(draft.id)
    const forMissing = await respond(missing)
    expect(forDraft.status).toBe(404)
    expect(forDraft.json).toEqual(forMissing.json)
  })
})
