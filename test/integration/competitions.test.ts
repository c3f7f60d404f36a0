// Competitions through the API: drafting, validation, versions, publishing, visibility, deletion.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { competitionKeys } from '../../functions/db/competitions-repo.js'
import { cutIn } from '../../functions/db/race-hook.js'
import { assessingCompetition } from '../support/assessing-fixtures.js'
import { createCompleteDraft, createDraft, createPublished, futureTimeline } from '../support/fixtures.js'
import { fieldsOf, createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let manager: { token: string; id: string }
let applicant: { token: string }
let panellist: { token: string }

beforeAll(async () => {
  p = await createTestPlatform()
  ;[manager, applicant, panellist] = await Promise.all([
    p.signIn('manager'),
    p.signIn('applicant'),
    p.signIn('panellist'),
  ])
})

describe('drafting', () => {
  it('starts a draft from a title and returns it with version 1', async () => {
    const res = await p.call('POST', '/api/competitions', { as: manager, body: { title: '  Healthy homes  ' } })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({
      title: 'Healthy homes',
      status: 'draft',
      version: 1,
      potPence: 0,
      committedPence: 0,
    })
    expect(res.json).not.toHaveProperty('pk')
    expect(res.json).not.toHaveProperty('revision')
  })

  it.each([
    [{}, 'title', 'is required'],
    [{ title: '' }, 'title', 'must not be empty'],
    [{ title: 'x'.repeat(201) }, 'title', 'at most 200'],
    [{ title: 'T', potPence: -1 }, 'potPence', 'must not be negative'],
    [{ title: 'T', potPence: 100.5 }, 'potPence', 'whole number of pence'],
    [{ title: 'T', potPence: '6000000' }, 'potPence', 'whole number of pence'],
    [{ title: 'T', potPence: 100, maxAwardPence: 200 }, 'maxAwardPence', 'more than the pot'],
    [
      { title: 'T', timeline: { eoiOpensAt: '2030-02-01T12:00:00Z', eoiClosesAt: '2030-01-01T12:00:00Z' } },
      'timeline.eoiClosesAt',
      'after the eoi form opens',
    ],
    [{ title: 'T', timeline: { eoiOpensAt: 'next tuesday' } }, 'timeline.eoiOpensAt', 'ISO 8601'],
    [{ title: 'T', colour: 'red' }, '', 'colour'],
  ])('refuses %j naming %s', async (body, field, message) => {
    const res = await p.call('POST', '/api/competitions', { as: manager, body })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const error = res.json.errors.find((e: { field: string }) => e.field === (field || 'json'))
    expect(error, JSON.stringify(res.json)).toBeDefined()
    expect(error.message.toLowerCase()).toContain(message.toLowerCase())
  })

  it('edits details with the version last read, and refuses a stale version without changing anything', async () => {
    const draft = await createDraft(p, manager)
    const first = await p.call('PATCH', `/api/competitions/${draft.id}`, {
      as: manager,
      body: { version: 1, summary: 'First' },
    })
    expect(first.status).toBe(200)
    expect(first.json.version).toBe(2)
    const stale = await p.call('PATCH', `/api/competitions/${draft.id}`, {
      as: manager,
      body: { version: 1, summary: 'Stale' },
    })
    expect(stale.status).toBe(409)
    expect(stale.json.type).toMatch(/version-conflict$/)
    expect(stale.json.detail).toMatch(/version 2/)
    const page = await p.call('GET', `/api/competitions/${draft.id}`, { as: manager })
    expect(page.json.competition.summary).toBe('First')
  })

  it('checks cross-field rules against the saved competition, naming the field', async () => {
    const draft = await createDraft(p, manager, { title: 'T', potPence: 1000, maxAwardPence: 500 })
    const res = await p.call('PATCH', `/api/competitions/${draft.id}`, {
      as: manager,
      body: { version: 1, maxAwardPence: 2000 },
    })
    expect(res.status).toBe(422)
    expect(fieldsOf(res.json)).toEqual(['maxAwardPence'])
    const closes = await p.call('PATCH', `/api/competitions/${draft.id}`, {
      as: manager,
      body: {
        version: 1,
        timeline: {
          eoiOpensAt: '2030-02-01T12:00:00Z',
          eoiClosesAt: '2030-03-01T12:00:00Z',
          panelAt: '2030-02-15T12:00:00Z',
        },
      },
    })
    expect(closes.status).toBe(400)
    expect(fieldsOf(closes.json)).toEqual(['timeline.panelAt'])
  })

  it('stores every instant in one UTC form, whatever offset it was sent with', async () => {
    const res = await p.call('POST', '/api/competitions', {
      as: manager,
      body: { title: 'T', timeline: { eoiOpensAt: '2030-06-01T12:00:00+01:00', eoiClosesAt: '2030-07-01T11:00:00Z' } },
    })
    expect(res.json.timeline).toEqual({
      eoiOpensAt: '2030-06-01T11:00:00.000Z',
      eoiClosesAt: '2030-07-01T11:00:00.000Z',
    })
  })

  it('keeps eligibility statement ids when edited in place', async () => {
    const draft = await createDraft(p, manager, { title: 'T', eligibility: [{ text: 'One' }, { text: 'Two' }] })
    const before = (await p.call('GET', `/api/competitions/${draft.id}`, { as: manager })).json.competition.eligibility
    const res = await p.call('PATCH', `/api/competitions/${draft.id}`, {
      as: manager,
      body: { version: 1, eligibility: [{ id: before[1].id, text: 'Two, edited' }, { text: 'Three' }] },
    })
    expect(res.json.eligibility[0]).toEqual({ id: before[1].id, text: 'Two, edited' })
    expect(res.json.eligibility[1].id).not.toBe(before[0].id)
  })

  it('lets exactly one of many concurrent edits of the same version through', async () => {
    const draft = await createDraft(p, manager)
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        p.call('PATCH', `/api/competitions/${draft.id}`, { as: manager, body: { version: 1, summary: `Edit ${i}` } }),
      ),
    )
    const statuses = results.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(9)
    const winner = results.find((r) => r.status === 200)!.json.summary
    const page = await p.call('GET', `/api/competitions/${draft.id}`, { as: manager })
    expect(page.json.competition).toMatchObject({ summary: winner, version: 2 })
  })
})

describe('publishing', () => {
  it('refuses an incomplete draft with the full list of what is missing', async () => {
    const draft = await createDraft(p, manager)
    const res = await p.call('POST', `/api/competitions/${draft.id}/publish`, { as: manager, body: { version: 1 } })
    expect(res.status).toBe(422)
    expect(res.json.type).toMatch(/publish-blocked$/)
    expect(fieldsOf(res.json)).toEqual([
      'summary',
      'ownerOrganisation',
      'potPence',
      'maxAwardPence',
      'timeline.eoiOpensAt',
      'timeline.eoiClosesAt',
      'timeline.panelAt',
      'timeline.feedbackAt',
      'eligibility',
      'challenges',
      'themes',
    ])
    expect(res.json.detail).toMatch(/^Publishing needs 11 more things/)
    const page = await p.call('GET', `/api/competitions/${draft.id}`, { as: manager })
    expect(page.json.competition.status).toBe('draft')
  })

  it('names a challenge without a data pack and a deadline already passed', async () => {
    const { competition, challenge } = await createCompleteDraft(p, manager)
    const bare = await p.call('POST', `/api/competitions/${competition.id}/challenges`, {
      as: manager,
      body: { title: 'Bare', statement: 'How might we test this?', owner: 'Us' },
    })
    const past = { ...futureTimeline(new Date(p.clock.now.getTime() - 90 * 86_400_000)) }
    await p.call('PATCH', `/api/competitions/${competition.id}`, { as: manager, body: { version: 1, timeline: past } })
    const res = await p.call('POST', `/api/competitions/${competition.id}/publish`, {
      as: manager,
      body: { version: 2 },
    })
    expect(res.status).toBe(422)
    expect(fieldsOf(res.json)).toEqual(['timeline.eoiClosesAt', `challenges.${bare.json.id}.dataPack`])
    expect(fieldsOf(res.json)).not.toContain(`challenges.${challenge.id}.dataPack`)
  })

  it('publishes a complete draft, once', async () => {
    const { competition } = await createCompleteDraft(p, manager)
    const res = await p.call('POST', `/api/competitions/${competition.id}/publish`, {
      as: manager,
      body: { version: 1 },
    })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ status: 'published', version: 2 })
    expect(res.json.publishedAt).toBe(p.clock.now.toISOString())
    const again = await p.call('POST', `/api/competitions/${competition.id}/publish`, {
      as: manager,
      body: { version: 2 },
    })
    expect(again.status).toBe(409)
  })

  it('never lets the pot drop below what is committed once published', async () => {
    const { competition } = await createPublished(p, manager)
    // Awards come in a later feature; commit £30,000 as an award would.
    await p.db.doc.send(
      new UpdateCommand({
        TableName: p.db.tableName,
        Key: { pk: competitionKeys.pk(competition.id), sk: competitionKeys.sk },
        UpdateExpression: 'SET committedPence = :c, revision = revision + :one',
        ExpressionAttributeValues: { ':c': 3_000_000, ':one': 1 },
      }),
    )
    const lower = await p.call('PATCH', `/api/competitions/${competition.id}`, {
      as: manager,
      body: { version: 2, potPence: 2_999_999, maxAwardPence: 1_000_000 },
    })
    expect(lower.status).toBe(422)
    expect(fieldsOf(lower.json)).toEqual(['potPence'])
    expect(lower.json.errors[0].message).toContain('£30,000')
    const ok = await p.call('PATCH', `/api/competitions/${competition.id}`, {
      as: manager,
      body: { version: 2, potPence: 3_000_000, maxAwardPence: 1_000_000 },
    })
    expect(ok.status).toBe(200)
    const { Item } = await p.db.doc.send(
      new GetCommand({
        TableName: p.db.tableName,
        Key: { pk: competitionKeys.pk(competition.id), sk: competitionKeys.sk },
      }),
    )
    expect(Item).toMatchObject({ potPence: 3_000_000, committedPence: 3_000_000 })
  })

  it('holds the pot rule in the database even when the read was stale: an award lands between the edit’s read and its commit', {
    timeout: 60_000,
  }, async () => {
    const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
    const url = `/api/competitions/${a.competitionId}`
    const before = (await p.call('GET', url, { as: a.manager })).json.competition
    expect(before.committedPence).toBe(0)
    // Read when nothing was committed, the edit fits; by its commit an award of £16,700 has landed.
    const { request: edit, write: award } = await cutIn(p.db, {
      request: () =>
        p.call('PATCH', url, {
          as: a.manager,
          body: { version: before.version, potPence: 1_000_000, maxAwardPence: 1_000_000 },
        }),
      write: () =>
        p.call('POST', `${url}/awards`, {
          as: a.manager,
          body: {
            applicationId: a.ids[0],
            amountPence: 1_670_000,
            respondBy: new Date(p.clock.now.getTime() + 14 * 86_400_000).toISOString(),
          },
        }),
    })
    expect(award.status, award.text).toBe(201)
    // The revision moved, so the edit was decided again on what is committed now, and refused.
    expect(edit.status, edit.text).toBe(422)
    expect(edit.headers.get('content-type')).toBe('application/problem+json')
    expect(edit.json.errors).toEqual([
      { field: 'potPence', message: 'must not be below the £16,700 already committed to awards' },
    ])
    const after = (await p.call('GET', url, { as: a.manager })).json.competition
    expect(after).toMatchObject({ potPence: before.potPence, committedPence: 1_670_000, version: before.version })
  })
})

describe('visibility', () => {
  it('hides drafts from everyone but managers, with the same 404 as a missing competition', async () => {
    const draft = await createDraft(p, manager)
    const missing = await p.call('GET', '/api/competitions/01ARZ3NDEKTSV4RRFFQ69G5FAV')
    for (const as of [undefined, applicant, panellist]) {
      const res = await p.call('GET', `/api/competitions/${draft.id}`, { as })
      expect(res.status).toBe(404)
      expect(res.json).toEqual(missing.json)
    }
    expect((await p.call('GET', `/api/competitions/${draft.id}`, { as: manager })).status).toBe(200)
  })

  it('lists published competitions for everyone and drafts for managers only', async () => {
    const draft = await createDraft(p, manager, { title: 'Secret draft' })
    const { competition } = await createPublished(p, manager)
    const publicList = await p.call('GET', '/api/competitions?limit=100')
    expect(publicList.status).toBe(200)
    const ids = publicList.json.items.map((c: { id: string }) => c.id)
    expect(ids).toContain(competition.id)
    expect(ids).not.toContain(draft.id)
    expect(publicList.json.items.find((c: { id: string }) => c.id === competition.id).phase).toBe('upcoming')

    expect((await p.call('GET', '/api/competitions?status=draft')).status).toBe(401)
    expect((await p.call('GET', '/api/competitions?status=draft', { as: applicant })).status).toBe(403)
    const drafts = await p.call('GET', '/api/competitions?status=draft&limit=100', { as: manager })
    expect(drafts.json.items.map((c: { id: string }) => c.id)).toContain(draft.id)
  })

  it('pages through lists with an opaque cursor and refuses a forged one', async () => {
    for (let i = 0; i < 3; i++) await createDraft(p, manager, { title: `Paged ${i}` })
    const seen = new Set<string>()
    let cursor: string | undefined
    let pages = 0
    do {
      const res = await p.call('GET', `/api/competitions?status=draft&limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        as: manager,
      })
      expect(res.status).toBe(200)
      expect(res.json.items.length).toBeLessThanOrEqual(2)
      for (const c of res.json.items) {
        expect(seen.has(c.id)).toBe(false)
        seen.add(c.id)
      }
      cursor = res.json.nextCursor
      pages++
    } while (cursor && pages < 50)
    expect(seen.size).toBeGreaterThanOrEqual(3)

    const forged = Buffer.from(JSON.stringify({ gsi1pk: 'USERS#manager', gsi1sk: 'a', pk: 'x', sk: 'y' })).toString(
      'base64url',
    )
    const res = await p.call('GET', `/api/competitions?status=draft&cursor=${forged}`, { as: manager })
    expect(res.status).toBe(400)
    expect(fieldsOf(res.json)).toEqual(['cursor'])
  })

  it('narrows to competitions still open for EOIs', async () => {
    const { competition } = await createPublished(p, manager)
    const later = new Date(p.clock.now.getTime() + 31 * 86_400_000)
    const saved = p.clock.now
    p.clock.now = later
    try {
      const open = await p.call('GET', '/api/competitions?open=true&limit=100')
      expect(open.json.items.map((c: { id: string }) => c.id)).not.toContain(competition.id)
      const all = await p.call('GET', '/api/competitions?limit=100')
      expect(all.json.items.find((c: { id: string }) => c.id === competition.id).phase).toBe('closed')
    } finally {
      p.clock.now = saved
    }
  })
})

describe('deleting', () => {
  it('deletes a draft with everything in it', async () => {
    const { competition } = await createCompleteDraft(p, manager)
    const res = await p.call('DELETE', `/api/competitions/${competition.id}?version=1`, { as: manager })
    expect(res.status).toBe(204)
    expect((await p.call('GET', `/api/competitions/${competition.id}`, { as: manager })).status).toBe(404)
  })

  it('refuses to delete a published competition, or with a stale version', async () => {
    const { competition } = await createPublished(p, manager)
    const res = await p.call('DELETE', `/api/competitions/${competition.id}?version=2`, { as: manager })
    expect(res.status).toBe(409)
    expect(res.json.detail).toMatch(/published competition cannot be deleted/)
    expect((await p.call('GET', `/api/competitions/${competition.id}`)).status).toBe(200)
    const draft = await createDraft(p, manager)
    await p.call('PATCH', `/api/competitions/${draft.id}`, { as: manager, body: { version: 1, summary: 'changed' } })
    expect((await p.call('DELETE', `/api/competitions/${draft.id}?version=1`, { as: manager })).status).toBe(409)
    expect((await p.call('DELETE', `/api/competitions/${draft.id}`, { as: manager })).status).toBe(400)
  })

  it('lets exactly one of a racing publish and delete win', async () => {
    for (let round = 0; round < 5; round++) {
      const { competition } = await createCompleteDraft(p, manager)
      const [published, deleted] = await Promise.all([
        p.call('POST', `/api/competitions/${competition.id}/publish`, { as: manager, body: { version: 1 } }),
        p.call('DELETE', `/api/competitions/${competition.id}?version=1`, { as: manager }),
      ])
      const after = await p.call('GET', `/api/competitions/${competition.id}`, { as: manager })
      if (published.status === 200) {
        expect(deleted.status).toBe(409)
        expect(after.json.competition.status).toBe('published')
        expect(after.json.challenges).toHaveLength(1)
      } else {
        expect(deleted.status).toBe(204)
        expect(after.status).toBe(404)
      }
    }
  })

  it('is for managers only', async () => {
    const draft = await createDraft(p, manager)
    expect((await p.call('DELETE', `/api/competitions/${draft.id}?version=1`)).status).toBe(401)
    expect((await p.call('DELETE', `/api/competitions/${draft.id}?version=1`, { as: applicant })).status).toBe(403)
    expect(
      (await p.call('PATCH', `/api/competitions/${draft.id}`, { as: panellist, body: { version: 1, title: 'X' } }))
        .status,
    ).toBe(403)
    expect(
      (await p.call('POST', `/api/competitions/${draft.id}/publish`, { as: applicant, body: { version: 1 } })).status,
    ).toBe(403)
  })
})
