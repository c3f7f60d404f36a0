// What holds once a competition is published, the database's own pot condition, cursor
// abuse, and every manager route refusing the other roles.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  commitCompetitionChanges,
  competitionKeys,
  getCompetitionAggregate,
} from '../../functions/db/competitions-repo.js'
import { ConditionFailed } from '../../functions/db/write.js'
import { challengeInput, createDraft, createPublished } from '../support/fixtures.js'
import { fieldsOf, createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let manager: { token: string }
beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager')
})

describe('a published competition', () => {
  it('cannot be emptied by an edit', async () => {
    const { competition } = await createPublished(p, manager)
    const res = await p.call('PATCH', `/api/competitions/${competition.id}`, {
      as: manager,
      body: { version: 2, summary: '', timeline: {}, eligibility: [] },
    })
    expect(res.status).toBe(422)
    expect(fieldsOf(res.json)).toEqual([
      'summary',
      'timeline.eoiOpensAt',
      'timeline.eoiClosesAt',
      'timeline.panelAt',
      'timeline.feedbackAt',
      'eligibility',
    ])
    const page = await p.call('GET', `/api/competitions/${competition.id}`)
    expect(page.json.competition.summary).not.toBe('')
  })

  it('keeps at least one data-pack item per challenge, but takes new ones and edits', async () => {
    const { competition, challenge, item } = await createPublished(p, manager)
    const last = await p.call('DELETE', `/api/competitions/${competition.id}/items/${item.id}`, { as: manager })
    expect(last.status).toBe(422)
    expect(fieldsOf(last.json)).toEqual([`challenges.${challenge.id}.dataPack`])
    const added = await p.call('POST', `/api/competitions/${competition.id}/challenges/${challenge.id}/items`, {
      as: manager,
      body: {
        kind: 'document',
        title: 'New report',
        filename: 'report.pdf',
        contentType: 'application/pdf',
        sizeBytes: 10,
      },
    })
    expect(added.status).toBe(201)
    const edited = await p.call('PATCH', `/api/competitions/${competition.id}`, {
      as: manager,
      body: { version: 2, summary: 'Refined after the launch event.' },
    })
    expect(edited.status).toBe(200)
    // A challenge added after publishing needs its data pack before it is complete.
    const bare = await p.call('POST', `/api/competitions/${competition.id}/challenges`, {
      as: manager,
      body: challengeInput('Late challenge'),
    })
    expect(bare.status).toBe(422)
  })

  it('may close early and still be edited after its deadline', async () => {
    const { competition } = await createPublished(p, manager)
    const saved = p.clock.now
    p.clock.now = new Date(saved.getTime() + 40 * 86_400_000)
    try {
      const res = await p.call('PATCH', `/api/competitions/${competition.id}`, {
        as: manager,
        body: { version: 2, summary: 'Closed; results soon.' },
      })
      expect(res.status).toBe(200)
    } finally {
      p.clock.now = saved
    }
  })
})

describe('the pot condition in the database', () => {
  it('refuses a commit that would put the pot below what is committed, even on a current revision', async () => {
    const { competition } = await createPublished(p, manager)
    const key = { pk: competitionKeys.pk(competition.id), sk: competitionKeys.sk }
    // Commit £40,000 without touching the revision, as if the check in core had been skipped.
    await p.db.doc.send(
      new UpdateCommand({
        TableName: p.db.tableName,
        Key: key,
        UpdateExpression: 'SET committedPence = :c',
        ExpressionAttributeValues: { ':c': 4_000_000 },
      }),
    )
    const aggregate = (await getCompetitionAggregate(p.db, competition.id, { consistent: true }))!
    const lowered = { ...aggregate.competition, potPence: 3_000_000 }
    await expect(
      commitCompetitionChanges(p.db, {
        competitionId: competition.id,
        expectedRevision: aggregate.revision,
        updatedAt: new Date().toISOString(),
        competition: lowered,
      }),
    ).rejects.toBeInstanceOf(ConditionFailed)
    const after = (await getCompetitionAggregate(p.db, competition.id, { consistent: true }))!
    expect(after.competition.potPence).toBe(6_000_000)
  })
})

describe('cursors', () => {
  it('answers a truncated, foreign or reused cursor with a 400 naming it, never a 500', async () => {
    for (let i = 0; i < 3; i++) await createPublished(p, manager)
    const first = await p.call('GET', '/api/competitions?limit=1')
    expect(first.json.nextCursor).toBeDefined()
    const truncated = Buffer.from(JSON.stringify({ gsi1pk: 'COMPS#published' })).toString('base64url')
    for (const cursor of [truncated, 'x', `${first.json.nextCursor}x`]) {
      const res = await p.call('GET', `/api/competitions?cursor=${cursor}`)
      expect(res.status, cursor).toBe(400)
      expect(fieldsOf(res.json)).toEqual(['cursor'])
    }
    // A cursor reused on the open-only list must lie inside its range (closing after now).
    const reused = await p.call('GET', `/api/competitions?open=true&cursor=${first.json.nextCursor}`)
    expect(reused.status).toBe(200)
    // A key written as a cursor by hand, however well-formed, is not one this service sealed.
    const closed = Buffer.from(
      JSON.stringify({ pk: 'COMP#X', sk: 'COMP', gsi1pk: 'COMPS#published', gsi1sk: '2000-01-01T12:00:00.000Z#X' }),
    ).toString('base64url')
    for (const path of [`/api/competitions?cursor=${closed}`, `/api/competitions?open=true&cursor=${closed}`]) {
      const forged = await p.call('GET', path)
      expect(forged.status).toBe(400)
      expect(fieldsOf(forged.json)).toEqual(['cursor'])
    }
    const drafts = await p.call('GET', `/api/competitions?status=draft&cursor=${first.json.nextCursor}`, {
      as: manager,
    })
    expect(drafts.status).toBe(400)
  })
})

describe('edits with bad bodies', () => {
  it('refuses them naming the field, and changes nothing', async () => {
    const { competition, challenge, theme } = await createPublished(p, manager)
    const c = await p.call('PATCH', `/api/competitions/${competition.id}/challenges/${challenge.id}`, {
      as: manager,
      body: { version: 1, statement: 'Fix asthma' },
    })
    expect(c.status).toBe(400)
    expect(fieldsOf(c.json)).toEqual(['statement'])
    const t = await p.call('PATCH', `/api/competitions/${competition.id}/themes/${theme.id}`, {
      as: manager,
      body: { version: 1, challengeIds: 'all' },
    })
    expect(t.status).toBe(400)
    expect(fieldsOf(t.json)).toEqual(['challengeIds'])
    const v = await p.call('PATCH', `/api/competitions/${competition.id}/themes/${theme.id}`, {
      as: manager,
      body: { title: 'No version' },
    })
    expect(fieldsOf(v.json)).toEqual(['version'])
    const page = await p.call('GET', `/api/competitions/${competition.id}`)
    expect(page.json.challenges[0].statement).toBe(challenge.statement)
    expect(page.json.themes[0]).toEqual(theme)
  })
})

describe('who may call the manager routes', () => {
  it('refuses every one signed out (401) and for applicants and panellists (403), changing nothing', async () => {
    const draft = await createDraft(p, manager)
    const { competition, challenge, theme, item } = await createPublished(p, manager)
    const [applicant, panellist] = await Promise.all([p.signIn('applicant'), p.signIn('panellist')])
    const c = competition.id
    const routes: [string, string, unknown?][] = [
      ['POST', '/api/competitions', { title: 'T' }],
      ['GET', '/api/competitions?status=draft'],
      ['PATCH', `/api/competitions/${c}`, { version: 2, title: 'X' }],
      ['POST', `/api/competitions/${draft.id}/publish`, { version: 1 }],
      ['DELETE', `/api/competitions/${draft.id}?version=1`],
      ['POST', `/api/competitions/${c}/challenges`, challengeInput()],
      ['PATCH', `/api/competitions/${c}/challenges/${challenge.id}`, { version: 1, title: 'X' }],
      ['DELETE', `/api/competitions/${c}/challenges/${challenge.id}?version=1`],
      ['POST', `/api/competitions/${c}/themes`, { title: 'T', challengeIds: [challenge.id] }],
      ['PATCH', `/api/competitions/${c}/themes/${theme.id}`, { version: 1, title: 'X' }],
      ['DELETE', `/api/competitions/${c}/themes/${theme.id}?version=1`],
      [
        'POST',
        `/api/competitions/${c}/challenges/${challenge.id}/items`,
        { kind: 'link', title: 'L', url: 'https://example.org' },
      ],
      ['POST', `/api/competitions/${c}/items/${item.id}/upload`],
      ['POST', `/api/competitions/${c}/items/${item.id}/complete`],
      ['DELETE', `/api/competitions/${c}/items/${item.id}`],
    ]
    const before = await p.call('GET', `/api/competitions/${c}`)
    for (const [method, path, body] of routes) {
      expect((await p.call(method, path, { body })).status, `${method} ${path} signed out`).toBe(401)
      for (const as of [applicant, panellist]) {
        const res = await p.call(method, path, { as, body })
        expect(res.status, `${method} ${path} as ${as.role}`).toBe(403)
        expect(res.headers.get('content-type')).toBe('application/problem+json')
      }
    }
    expect((await p.call('GET', `/api/competitions/${c}`)).json).toEqual(before.json)
    expect((await p.call('GET', `/api/competitions/${draft.id}`, { as: manager })).status).toBe(200)
  })
})

describe('document downloads for signed-in pages', () => {
  it('answers the address as JSON when asked, to managers for drafts too', async () => {
    const draft = await createDraft(p, manager)
    const challenge = await p.call('POST', `/api/competitions/${draft.id}/challenges`, {
      as: manager,
      body: challengeInput(),
    })
    const bytes = new TextEncoder().encode('hello')
    const made = await p.call('POST', `/api/competitions/${draft.id}/challenges/${challenge.json.id}/items`, {
      as: manager,
      body: {
        kind: 'document',
        title: 'Notes',
        filename: 'notes.txt',
        contentType: 'text/plain',
        sizeBytes: bytes.byteLength,
      },
    })
    await p.app.request(made.json.upload.url, { method: 'PUT', headers: made.json.upload.headers, body: bytes })
    await p.call('POST', `/api/competitions/${draft.id}/items/${made.json.item.id}/complete`, { as: manager })
    const path = `/api/competitions/${draft.id}/items/${made.json.item.id}/download`
    const res = await p.call('GET', path, { as: manager, headers: { Accept: 'application/json' } })
    expect(res.status).toBe(200)
    expect(await (await p.app.request(res.json.url)).text()).toBe('hello')
    expect((await p.call('GET', path, { headers: { Accept: 'application/json' } })).status).toBe(404)
  })
})
