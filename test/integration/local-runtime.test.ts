// The local runtime: the table from the shared definition, the demo seed, and start-up
// failures explained in one sentence.
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import type { Candidate, Declaration, PanelMember, PitchSchedule, Ranking } from '../../shared/schemas/assessing.js'
import { utcIsoToLondonLocal } from '../../shared/dates.js'
import { newId } from '../../functions/core/ids.js'
import { createDb } from '../../functions/db/client.js'
import { getCompetitionAggregate, listCompetitionsByStatus } from '../../functions/db/competitions-repo.js'
import { tableDefinition } from '../../functions/db/table.js'
import { listUsersByRole } from '../../functions/db/users-repo.js'
import { freePort } from '../../functions/local/dynamodb-local.js'
import { ensureTable } from '../../functions/local/ensure-table.js'
import { seedIfEmpty } from '../../functions/local/seed.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
beforeAll(async () => {
  p = await createTestPlatform()
})

describe('the table', () => {
  it('is created from the same definition the CDK stack uses, once', async () => {
    const { Table } = await p.db.doc.send(new DescribeTableCommand({ TableName: p.db.tableName }))
    expect(Table!.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' },
    ])
    expect(Table!.GlobalSecondaryIndexes!.map((i) => i.IndexName)).toEqual(
      tableDefinition.globalSecondaryIndexes.map((i) => i.indexName),
    )
    expect(await ensureTable(p.db)).toBe(false)
  })

  it('gains the indexes a newer definition adds when kept from an older run', async () => {
    const db = createDb({ tableName: `old-${newId().toLowerCase()}`, endpoint: inject('dynamoEndpoint') })
    const [first] = tableDefinition.globalSecondaryIndexes
    await db.doc.send(
      new CreateTableCommand({
        TableName: db.tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', first!.partitionKey.name, first!.sortKey.name].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: first!.indexName,
            KeySchema: [
              { AttributeName: first!.partitionKey.name, KeyType: 'HASH' },
              { AttributeName: first!.sortKey.name, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    )
    expect(await ensureTable(db)).toBe(false)
    const { Table } = await db.doc.send(new DescribeTableCommand({ TableName: db.tableName }))
    expect(Table!.GlobalSecondaryIndexes!.map((i) => i.IndexName).sort()).toEqual(
      tableDefinition.globalSecondaryIndexes.map((i) => i.indexName).sort(),
    )
  })
})

describe('the demo seed', () => {
  let seeded: boolean
  beforeAll(async () => {
    seeded = await seedIfEmpty({ db: p.db, files: p.files, now: () => p.clock.now, publicUrl: p.publicUrl })
  })

  it('seeds "What’s your problem?" with its problems, themes, data packs, pot and users — only when empty', async () => {
    expect(seeded).toBe(true)
    expect(await seedIfEmpty({ db: p.db, files: p.files, now: () => p.clock.now, publicUrl: p.publicUrl })).toBe(false)

    const published = await listCompetitionsByStatus(p.db, 'published', { limit: 10 })
    expect(published.items.map((c) => c.title).sort()).toEqual([
      'Healthy homes, healthy lungs',
      "What's your problem?",
      "What's your problem? (first round)",
    ])
    const aggregate = (await getCompetitionAggregate(
      p.db,
      published.items.find((c) => c.title === "What's your problem?")!.id,
    ))!
    expect(aggregate.competition).toMatchObject({
      title: "What's your problem?",
      potPence: 6_000_000,
      status: 'published',
    })
    expect(aggregate.competition.eligibility).toHaveLength(3)
    expect(aggregate.challenges.map((c) => c.title)).toEqual([
      'Childhood asthma',
      'Family support',
      'Digital in social care',
    ])
    expect(aggregate.themes.map((t) => t.title)).toEqual([
      'Digital leadership',
      'Digital literacy',
      'Helping digital systems talk to each other',
      'Data linkage',
      'Helping families ask for help',
      'Services driven by community power',
    ])
    for (const challenge of aggregate.challenges) {
      const pack = aggregate.items.filter((i) => i.challengeId === challenge.id)
      expect(pack.length).toBeGreaterThanOrEqual(3)
      expect(new Set(pack.map((i) => i.kind)).size).toBeGreaterThanOrEqual(3)
      for (const doc of pack.filter((i) => i.kind === 'document')) {
        expect(doc.kind === 'document' && doc.file.uploaded).toBe(true)
      }
    }
    expect(aggregate.questions.map((q) => q.kind)).toEqual([
      'longText',
      'longText',
      'textOrVideo',
      'singleChoice',
      'url',
    ])
    const counts = await Promise.all(
      (['manager', 'panellist', 'applicant'] as const).map(
        async (role) => (await listUsersByRole(p.db, role, { limit: 50 })).items.length,
      ),
    )
    // The programme manager and the second manager who records payments; the 4 demo applicants,
    // 8 more who sent EOIs to the competition in assessment, the 3 grantees in delivery, and the
    // 12 synthetic organisations of the first round's funnel (9 other EOIs, 3 who only asked).
    expect(counts).toEqual([2, 5, 27])

    // Its page is public, and a document downloads.
    const page = await p.call('GET', `/api/competitions/${aggregate.competition.id}`)
    expect(page.json.phase).toBe('open')
    const doc = aggregate.items.find((i) => i.kind === 'document')!
    const redirect = await p.call('GET', `/api/competitions/${aggregate.competition.id}/items/${doc.id}/download`)
    const file = await p.app.request(redirect.headers.get('location')!)
    expect(await file.text()).toMatch(/information pack|question,agree/)
  })

  it('seeds "Healthy homes, healthy lungs" closed and part-way through assessment, for the manager to finish', async () => {
    const token = await p.call('POST', '/api/dev-auth/token', { body: { email: 'programme.manager@lcr-cdc.example' } })
    expect(token.status).toBe(200)
    const manager = { token: token.json.token as string }
    const list = await p.call('GET', '/api/competitions?status=published')
    const summary = list.json.items.find((c: { title: string }) => c.title === 'Healthy homes, healthy lungs')
    const base = `/api/competitions/${summary.id}`
    const page = await p.call('GET', base)
    expect(page.json).toMatchObject({ phase: 'closed', competition: { potPence: 6_000_000 } })
    expect(page.json.form).toHaveLength(3)

    // 12 submitted EOIs: 10 eligible and 2 not, 4 shortlisted, every negative decision with a reason; no recommendations yet.
    const candidates = (await p.call('GET', `${base}/candidates?limit=100`, { as: manager })).json.items as Candidate[]
    expect(candidates).toHaveLength(12)
    expect(new Set(candidates.map((c) => c.organisationId)).size).toBe(12)
    expect(candidates.filter((c) => c.screening?.outcome === 'eligible')).toHaveLength(10)
    const ineligible = candidates.filter((c) => c.screening?.outcome === 'ineligible')
    expect(ineligible).toHaveLength(2)
    const shortlisted = candidates.filter((c) => c.shortlist?.outcome === 'shortlisted')
    expect(shortlisted.map((c) => c.organisationName).sort()).toEqual([
      'Breathe Easy Ltd',
      'CareBridge',
      'Damp Map Analytics Ltd',
      'Tenant Voice Sefton CIC',
    ])
    const notShortlisted = candidates.filter((c) => c.shortlist?.outcome === 'not-shortlisted')
    expect(notShortlisted).toHaveLength(6)
    for (const c of [...ineligible.map((c) => c.screening!), ...notShortlisted.map((c) => c.shortlist!)])
      expect(c.reason).not.toBe('')
    expect(candidates.every((c) => !c.recommendation)).toBe(true)

    // The 5 demo panellists accepted; one financial conflict, declared with a note.
    const panel = (await p.call('GET', `${base}/panel`, { as: manager })).json as {
      members: PanelMember[]
      declarations: Declaration[]
    }
    expect(panel.members.map((m) => [m.name, m.status]).sort()).toEqual(
      ['Aisha Okafor', 'Dr Helen Moore', 'Gareth Lewis', 'Sian Roberts', 'Tom Brennan'].map((name) => [
        name,
        'accepted',
      ]),
    )
    expect(panel.declarations).toHaveLength(20)
    const conflicts = panel.declarations.filter((d) => d.type !== 'none')
    expect(conflicts).toMatchObject([
      {
        type: 'financial',
        applicationId: shortlisted.find((c) => c.organisationName === 'Breathe Easy Ltd')!.applicationId,
      },
    ])
    expect(conflicts[0]!.note).not.toBe('')

    // The ranking: every shortlisted application scored, one flagged to discuss, one sheet still a draft.
    const ranking = (await p.call('GET', `${base}/ranking`, { as: manager })).json as Ranking
    expect(ranking.rubric.criteria).toHaveLength(4)
    expect(ranking.rubric.lockedAt).toBeDefined()
    expect(ranking.rows.map((r) => [r.organisationName, r.rank, r.discuss])).toEqual([
      ['Breathe Easy Ltd', 1, false],
      ['CareBridge', 2, false],
      ['Tenant Voice Sefton CIC', 3, false],
      ['Damp Map Analytics Ltd', 4, true],
    ])
    expect(ranking.rows.every((r) => !r.tooFewScorers)).toBe(true)
    expect(
      Object.fromEntries(
        ranking.panellists.map(({ name, submitted, draft, conflicted }) => [name, [submitted, draft, conflicted]]),
      ),
    ).toEqual({
      'Dr Helen Moore': [4, 0, 0],
      'Tom Brennan': [4, 0, 0],
      'Aisha Okafor': [3, 1, 0],
      'Gareth Lewis': [4, 0, 0],
      'Sian Roberts': [3, 0, 1],
    })

    // Four pitch slots on the panel day, none overlapping, not yet sent.
    const schedule = (await p.call('GET', `${base}/pitches`, { as: manager })).json as PitchSchedule
    expect(schedule.slots).toHaveLength(4)
    const panelDay = utcIsoToLondonLocal(page.json.competition.timeline.panelAt).slice(0, 10)
    schedule.slots.forEach((slot, i) => {
      expect(utcIsoToLondonLocal(slot.startsAt).slice(0, 10)).toBe(panelDay)
      const next = schedule.slots[i + 1]
      if (next) expect(Date.parse(slot.startsAt) + slot.minutes * 60_000).toBeLessThanOrEqual(Date.parse(next.startsAt))
      expect(slot.invitedAt).toBeUndefined()
    })
  })
})

describe('starting up', () => {
  const start = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['node_modules/tsx/dist/cli.mjs', 'functions/local/start.ts', '--in-memory'],
        {
          env: { ...process.env, ...env },
        },
      )
      let stderr = ''
      let stdout = ''
      child.stderr.on('data', (d) => (stderr += d))
      child.stdout.on('data', (d) => (stdout += d))
      child.on('exit', (code) => resolve({ code, stderr, stdout }))
    })

  it('starts, seeds the whole demo and serves it (`npm start` on a fresh machine)', { timeout: 300_000 }, async () => {
    const port = await freePort()
    const child = spawn(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'functions/local/start.ts', '--in-memory'],
      {
        env: { ...process.env, PORT: String(port) },
      },
    )
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    try {
      // Seeding the three competitions, their grants and events takes a while on a busy machine.
      await expect
        .poll(() => (child.exitCode === null ? output : `exited ${child.exitCode}: ${output}`), {
          timeout: 240_000,
          interval: 500,
        })
        .toContain(`Challenge Fund is running at http://localhost:${port}`)
      expect(output).toContain('Seeded the demo')
      const competitions = await fetch(`http://127.0.0.1:${port}/api/competitions`)
      expect(competitions.status).toBe(200)
      const { items } = (await competitions.json()) as { items: { id: string; title: string }[] }
      const firstRound = items.find((c) => c.title === "What's your problem? (first round)")
      expect(firstRound).toBeDefined()
      const events = await fetch(`http://127.0.0.1:${port}/api/competitions/${firstRound!.id}/events/public`)
      expect(events.status).toBe(200)
      expect(((await events.json()) as { items: unknown[] }).items).toHaveLength(6)
    } finally {
      child.kill('SIGTERM')
      await exited
    }
  })

  it('says in one sentence that Java is missing', async () => {
    const { code, stderr } = await start({ PATH: '/nonexistent', PORT: String(await freePort()) })
    expect(code).toBe(1)
    expect(stderr.trim()).toMatch(
      /^Java is needed to run DynamoDB Local but was not found: install Java 17 or later .* and try again\.$/,
    )
    expect(stderr).not.toMatch(/\n\s+at /)
  })

  it('says in one sentence that the port is taken', async () => {
    const server: Server = await new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => resolve(s))
    })
    const port = (server.address() as { port: number }).port
    try {
      const { code, stderr } = await start({ PORT: String(port) })
      expect(code).toBe(1)
      expect(stderr.trim()).toBe(
        `Port ${port} is already in use: stop whatever is using it, or start on another port with PORT=${port + 1} npm start.`,
      )
    } finally {
      server.close()
    }
  })
})
