// The audit trail: every mutating request lands on its competition's hash chain (who, role,
// route, ids, digests), verify catches an entry edited or the newest entries deleted straight
// in the table, chainers race without forking the chain, and a surge of submissions never
// meets on one audit item.
import { createHash } from 'node:crypto'
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { chainAllPending, checkpointHeads } from '../../functions/core/audit/chain.js'
import { digestOf } from '../../functions/db/audit-capture.js'
import { chainPendingIntents } from '../../functions/db/audit-repo.js'
import { acceptedAwards, awardingCompetition, type Assessing } from '../support/assessing-fixtures.js'
import { completeAnswers, openCompetition, startedDraft } from '../support/eoi-fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let a: Assessing

/** Every item of a competition's chain under `prefix`, read to the end (a Query page holds at most 1 MB). */
async function chainItems(competitionId: string, prefix: string): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = []
  let ExclusiveStartKey: Record<string, unknown> | undefined
  do {
    const page = await p.db.doc.send(
      new QueryCommand({
        TableName: p.db.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `AUDIT#${competitionId}`, ':prefix': prefix },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    )
    items.push(...(page.Items ?? []))
    ExclusiveStartKey = page.LastEvaluatedKey
  } while (ExclusiveStartKey)
  return items
}

const verify = async (competitionId: string, as = a.manager) =>
  p.call('GET', `/api/competitions/${competitionId}/audit/verify`, { as })

beforeAll(async () => {
  p = await createTestPlatform()
  a = await awardingCompetition(p, [
    { name: 'Breathe Easy Ltd', requestedPence: 1_670_000, score: 5 },
    { name: 'Clear Air CIC', requestedPence: 1_670_000, score: 3 },
  ])
  await acceptedAwards(p, a, 1, { amountPence: 1_670_000 })
}, 120_000)

describe('the audit chain', () => {
  it('records every change made through the API: who, role, the route, ids and digests, nothing personal', async () => {
    const res = await verify(a.competitionId)
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    expect(res.json.ok).toBe(true)
    expect(res.json.entries).toBeGreaterThan(10)
    expect(res.json.head.seq).toBe(res.json.entries)
    expect(res.json.head.hash).toMatch(/^[0-9a-f]{64}$/)

    const entries = await chainItems(a.competitionId, 'ENTRY#')
    const award = entries.find((e) => e.action === 'POST /competitions/:competitionId/awards')
    expect(award, 'the award is on the chain').toBeDefined()
    expect(award!.actorId).toBe((a.manager as unknown as { id: string }).id)
    expect(award!.role).toBe('manager')
    expect(award!.subjects).toContain(a.ids[0])
    expect(award!.changes.some((c: { before: string | null; after: string }) => c.after && c.before !== c.after)).toBe(
      true,
    )
    const accepted = entries.find((e) => e.action === 'POST /applications/:applicationId/offer/response')
    expect(accepted?.role).toBe('applicant')
    expect(accepted?.actorId).toBe((a.applications[0]!.applicant as unknown as { id: string }).id)
    // Scores, submissions and the release are there too, each linked to the one before.
    for (const action of [
      'POST /applications/:applicationId/submit',
      'PUT /competitions/:competitionId/rubric',
      'POST /competitions/:competitionId/feedback-release',
    ])
      expect(entries.map((e) => e.action)).toContain(action)
    // Ids and digests only: no email address, name or answer reaches the chain.
    const text = JSON.stringify(entries)
    expect(text).not.toMatch(/@/)
    expect(text).not.toContain('Breathe Easy')
    expect(text).not.toContain('Sensors in homes')
  })

  it('holds the digests of what the release wrote without reading it: each email new and as stored, the release and the lock each following on from the change before', async () => {
    expect((await verify(a.competitionId)).json.ok).toBe(true)
    const entries = await chainItems(a.competitionId, 'ENTRY#')
    type Change = { entity: string; key: string; ids: string[]; before: string | null; after: string | null }
    const keyOf = (pk: string, sk: string) => createHash('sha256').update(`${pk}|${sk}`).digest('hex')
    const stored = async (pk: string, sk: string) =>
      (await p.db.doc.send(new GetCommand({ TableName: p.db.tableName, Key: { pk, sk }, ConsistentRead: true }))).Item
    // Each change to the release and to the assessment's lock starts where the last one left it, and the last is the item as stored.
    const feedback = `FEEDBACK#${a.competitionId}`
    for (const sk of ['RELEASE', 'LOCK']) {
      const changes: Change[] = entries.flatMap((e) => e.changes.filter((c: Change) => c.key === keyOf(feedback, sk)))
      expect(changes.length, sk).toBeGreaterThan(1)
      let last: string | null = null
      for (const change of changes) {
        expect(change.before, sk).toBe(last)
        last = change.after
      }
      expect(last, sk).toBe(digestOf(await stored(feedback, sk)))
    }
    const release = entries.filter((e) => e.action === 'POST /competitions/:competitionId/feedback-release')
    const emails: Change[] = release.flatMap((e) => e.changes.filter((c: Change) => c.entity === 'outboxMessage'))
    expect(emails).toHaveLength(a.applications.length)
    for (const email of emails) {
      const id = email.ids.find((candidate) => keyOf(`MSG#${candidate}`, 'MSG') === email.key)
      expect(email.before).toBeNull()
      expect(email.after).toBe(digestOf(await stored(`MSG#${id}`, 'MSG')))
    }
  })

  it('is for managers only: another role gets the same 404 as a missing competition', async () => {
    const applicant = a.applications[0]!.applicant
    expect((await p.call('GET', `/api/competitions/${a.competitionId}/audit/verify`)).status).toBe(401)
    const missing = await verify('01HZZZZZZZZZZZZZZZZZZZZZZZ')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toContain('application/problem+json')
    const other = await verify(a.competitionId, applicant)
    expect(other.status).toBe(404)
    expect(other.json).toEqual(missing.json)
  })

  it('fails verify, saying which entry, when an entry is edited straight in the table', async () => {
    const comp = await openCompetition(p, a.manager)
    const id = comp.competition.id as string
    expect((await verify(id)).json.ok).toBe(true)
    const entries = await chainItems(id, 'ENTRY#')
    const target = entries[2]!
    await p.db.doc.send(
      new UpdateCommand({
        TableName: p.db.tableName,
        Key: { pk: target.pk, sk: target.sk },
        UpdateExpression: 'SET actorId = :someoneElse',
        ExpressionAttributeValues: { ':someoneElse': 'someone-else' },
      }),
    )
    const res = await verify(id)
    expect(res.status).toBe(200)
    expect(res.json.ok).toBe(false)
    expect(res.json.brokenAt).toEqual({ seq: target.seq, reason: 'the entry was changed after it was written' })
    expect(res.json.entries).toBe(target.seq - 1)
  })

  it('fails verify when the newest entries are deleted, and when the head goes with them the checkpoint tells', async () => {
    const comp = await openCompetition(p, a.manager)
    const id = comp.competition.id as string
    const before = (await verify(id)).json
    expect(before.ok).toBe(true)
    const n = before.entries as number
    const entries = await chainItems(id, 'ENTRY#')
    for (const entry of entries.slice(-2))
      await p.db.doc.send(new DeleteCommand({ TableName: p.db.tableName, Key: { pk: entry.pk, sk: entry.sk } }))
    const cut = (await verify(id)).json
    expect(cut.ok).toBe(false)
    expect(cut.entries).toBe(n - 2)
    expect(cut.brokenAt.seq).toBe(n - 1)
    expect(cut.brokenAt.reason).toContain(`the head names entry ${n} but the chain ends at entry ${n - 2}`)

    // A second competition: checkpointed, then its newest entries and its head deleted together.
    const other = await openCompetition(p, a.manager)
    const otherId = other.competition.id as string
    expect(
      await checkpointHeads({ db: p.db, now: () => p.clock.now, checkpoints: p.checkpoints }, { force: true }),
    ).toBeGreaterThan(0)
    const checked = (await verify(otherId)).json
    expect(checked).toMatchObject({ ok: true, checkpoint: { seq: checked.entries } })
    const otherEntries = await chainItems(otherId, 'ENTRY#')
    for (const entry of [...otherEntries.slice(-3), ...(await chainItems(otherId, 'HEAD'))])
      await p.db.doc.send(new DeleteCommand({ TableName: p.db.tableName, Key: { pk: entry.pk, sk: entry.sk } }))
    const res = (await verify(otherId)).json
    expect(res.ok).toBe(false)
    expect(res.brokenAt.reason).toContain(`the checkpoint names entry ${checked.entries}`)
  })

  it('chains each intent once, in order, when chainers race (no fork, no gap)', async () => {
    const comp = await openCompetition(p, a.manager)
    const id = comp.competition.id as string
    await verify(id)
    // Twenty changes queue intents; then five chainers run at once.
    for (let i = 0; i < 20; i++)
      expect(
        (
          await p.call('POST', `/api/competitions/${id}/questions`, {
            as: a.manager,
            body: { kind: 'longText', label: `Question ${i}`, required: false, softWordLimit: 5, hardWordLimit: 10 },
          })
        ).status,
      ).toBeLessThan(300)
    expect((await chainItems(id, 'PENDING#')).length).toBe(20)
    const counts = await Promise.all([1, 2, 3, 4, 5].map(() => chainPendingIntents(p.db, id)))
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(20)
    expect(await chainItems(id, 'PENDING#')).toEqual([])
    const entries = await chainItems(id, 'ENTRY#')
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1))
    const res = (await verify(id)).json
    expect(res).toMatchObject({ ok: true, entries: entries.length })
  })
})

describe('the audit trail, page by page', () => {
  const entries = (id: string, query = '', as = a.manager) =>
    p.call('GET', `/api/competitions/${id}/audit/entries${query}`, { as })

  it('lists the newest entries first, 25 a page, down to the first: when, role and id, route, items; nothing personal', async () => {
    const comp = await openCompetition(p, a.manager)
    const id = comp.competition.id as string
    for (let i = 0; i < 26; i++)
      expect(
        (
          await p.call('POST', `/api/competitions/${id}/questions`, {
            as: a.manager,
            body: { kind: 'longText', label: `Question ${i}`, required: false, softWordLimit: 5, hardWordLimit: 10 },
          })
        ).status,
      ).toBeLessThan(300)
    const total = (await verify(id)).json.entries as number
    expect(total).toBeGreaterThan(30)

    // The first page chains what is pending itself, then lists the newest 25.
    const first = await entries(id)
    expect(first.status, JSON.stringify(first.json)).toBe(200)
    expect(first.json.entries.map((e: { seq: number }) => e.seq)).toEqual(
      Array.from({ length: 25 }, (_, i) => total - i),
    )
    expect(first.json.before).toBe(total - 24)
    const newest = first.json.entries[0]
    expect(newest).toMatchObject({
      actorId: (a.manager as unknown as { id: string }).id,
      role: 'manager',
      action: 'POST /competitions/:competitionId/questions',
    })
    expect(newest.changes.some((c: { entity: string; ids: string[] }) => c.ids.includes(id))).toBe(true)
    expect(JSON.stringify(first.json)).not.toMatch(/@|Question \d|"key"|"mac"/)

    // Page by page down to entry 1, each entry once.
    const seen: number[] = first.json.entries.map((e: { seq: number }) => e.seq)
    let before = first.json.before as number | null
    while (before) {
      const next = await entries(id, `?before=${before}`)
      expect(next.status).toBe(200)
      seen.push(...next.json.entries.map((e: { seq: number }) => e.seq))
      before = next.json.before
    }
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => total - i))
  })

  it('is for managers only, a missing competition is the same 404, and a bad page is a 400 naming it', async () => {
    expect((await entries(a.competitionId, '', a.applications[0]!.applicant)).status).toBe(404)
    expect((await p.call('GET', `/api/competitions/${a.competitionId}/audit/entries`)).status).toBe(401)
    const missing = await entries('01HZZZZZZZZZZZZZZZZZZZZZZZ')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toContain('application/problem+json')
    const bad = await entries(a.competitionId, '?before=abc')
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toContain('application/problem+json')
    expect(JSON.stringify(bad.json)).toContain('before')
  })
})

describe('an award’s dossier', () => {
  it('holds the EOI, decisions, sheets, award, ledger, emails and the audit entries about it', async () => {
    const awarded = a.ids[0]!
    const res = await p.call('GET', `/api/competitions/${a.competitionId}/awards/${awarded}/dossier`, { as: a.manager })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    const d = res.json
    expect(d.competition.id).toBe(a.competitionId)
    expect(d.application.id).toBe(awarded)
    expect(d.application.status).toBe('submitted')
    expect(d.decision.shortlist.outcome).toBe('shortlisted')
    expect(d.sheets.sheets).toHaveLength(1)
    expect(d.award).toMatchObject({ applicationId: awarded, status: 'accepted', amountPence: 1_670_000 })
    expect(d.ledger.map((e: { cause: string }) => e.cause)).toEqual(['awarded'])
    expect(d.ledger.every((e: { applicationId: string }) => e.applicationId === awarded)).toBe(true)
    // The receipt, the offer and the decision at release: each found through the audit entry that wrote it.
    expect(d.emails.length).toBeGreaterThanOrEqual(2)
    expect(d.emails.every((e: { text: string }) => e.text.includes(awarded))).toBe(true)
    const actions = d.audit.map((e: { action: string }) => e.action)
    expect(actions).toContain('POST /applications/:applicationId/submit')
    expect(actions).toContain('POST /competitions/:competitionId/awards')
    expect(actions).toContain('POST /applications/:applicationId/offer/response')
    // The other application's own changes are not in it.
    expect(d.audit.every((e: { changes: { ids: string[] }[] }) => e.changes.some((c) => c.ids.includes(awarded)))).toBe(
      true,
    )
    expect(JSON.stringify(d.audit)).not.toContain('"key"')
  })

  it('downloads as an attachment; is for managers only; no award, or another competition’s, is the same 404', async () => {
    const awarded = a.ids[0]!
    const notAwarded = a.ids[1]!
    const download = await p.call('GET', `/api/competitions/${a.competitionId}/awards/${awarded}/dossier?download=1`, {
      as: a.manager,
    })
    expect(download.status).toBe(200)
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="dossier-${awarded}.json"`)
    const applicant = a.applications[0]!.applicant
    expect(
      (await p.call('GET', `/api/competitions/${a.competitionId}/awards/${awarded}/dossier`, { as: applicant })).status,
    ).toBe(404)
    const other = await openCompetition(p, a.manager)
    const notFound = [
      `/api/competitions/${a.competitionId}/awards/${notAwarded}/dossier`,
      `/api/competitions/${other.competition.id}/awards/${awarded}/dossier`,
      `/api/competitions/01HZZZZZZZZZZZZZZZZZZZZZZZ/awards/${awarded}/dossier`,
    ]
    for (const path of notFound) {
      const res = await p.call('GET', path, { as: a.manager })
      expect(res.status, path).toBe(404)
      expect(res.json.detail).toBe('No award with that id exists, or you cannot see it.')
    }
  })
})

describe('a surge of submissions', () => {
  it('does not serialise on the chain head: 240 concurrent submissions each write only an audit item of their own', async () => {
    const comp = await openCompetition(p, a.manager)
    const id = comp.competition.id as string
    await chainAllPending(p)
    const drafts = []
    for (let i = 0; i < 240; i += 24)
      drafts.push(
        ...(await Promise.all(
          Array.from({ length: 24 }, async (_, j) => {
            const draft = await startedDraft(p, comp, `Surge Org ${i + j}`)
            const saved = await p.call('PATCH', `/api/applications/${draft.application.id}`, {
              as: draft.applicant,
              body: { version: 1, ...completeAnswers(comp) },
            })
            expect(saved.status).toBe(200)
            return draft
          }),
        )),
      )
    await chainAllPending(p)
    const headBefore = await chainItems(id, 'HEAD')

    // Every audit item the surge's transactions write, by key.
    const auditKeys: string[] = []
    const name = 'record-audit-writes'
    p.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          for (const item of (
            args.input as {
              TransactItems: Record<string, { Item?: Record<string, string>; Key?: Record<string, string> }>[]
            }
          ).TransactItems) {
            const op = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck
            const key = op?.Item ?? op?.Key
            if (key?.pk?.startsWith('AUDIT#')) auditKeys.push(`${key.pk}|${key.sk}`)
          }
        }
        return next(args)
      },
      { step: 'initialize', name },
    )
    try {
      const results = await Promise.all(
        drafts.map((d) => p.call('POST', `/api/applications/${d.application.id}/submit`, { as: d.applicant })),
      )
      expect(results.map((r) => r.status)).toEqual(drafts.map(() => 200))
    } finally {
      p.db.doc.middlewareStack.remove(name)
    }
    // One new audit item per submission, none shared, none of them the head.
    expect(auditKeys).toHaveLength(240)
    expect(new Set(auditKeys).size).toBe(240)
    expect(auditKeys.every((key) => key.startsWith(`AUDIT#${id}|PENDING#`))).toBe(true)
    expect(await chainItems(id, 'HEAD')).toEqual(headBefore)

    // Afterwards the chainer links all 240, in order, and the chain holds.
    const res = (await verify(id)).json
    expect(res.ok).toBe(true)
    const submits = (await chainItems(id, 'ENTRY#')).filter(
      (e) => e.action === 'POST /applications/:applicationId/submit',
    )
    expect(submits).toHaveLength(240)
  }, 300_000)
})
