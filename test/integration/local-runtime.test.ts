// The local runtime: the table from the shared definition, the demo seed, and start-up
// failures explained in one sentence.
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { beforeAll, describe, expect, inject, it } from 'vitest'
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
    expect(Table!.GlobalSecondaryIndexes!.map((i) => i.IndexName)).toEqual(tableDefinition.globalSecondaryIndexes.map((i) => i.indexName))
    expect(await ensureTable(p.db)).toBe(false)
  })

  it('gains the indexes a newer definition adds when kept from an older run', async () => {
    const db = createDb({ tableName: `old-${newId().toLowerCase()}`, endpoint: inject('dynamoEndpoint') })
    const [first] = tableDefinition.globalSecondaryIndexes
    await db.doc.send(
      new CreateTableCommand({
        TableName: db.tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', first!.partitionKey.name, first!.sortKey.name].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
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
    expect(Table!.GlobalSecondaryIndexes!.map((i) => i.IndexName).sort()).toEqual(tableDefinition.globalSecondaryIndexes.map((i) => i.indexName).sort())
  })
})

describe('the demo seed', () => {
  it('seeds "What’s your problem?" with its problems, themes, data packs, pot and users — only when empty', async () => {
    const ctx = { db: p.db, files: p.files, now: () => p.clock.now }
    expect(await seedIfEmpty(ctx)).toBe(true)
    expect(await seedIfEmpty(ctx)).toBe(false)

    const published = await listCompetitionsByStatus(p.db, 'published', { limit: 10 })
    expect(published.items).toHaveLength(1)
    const aggregate = (await getCompetitionAggregate(p.db, published.items[0]!.id))!
    expect(aggregate.competition).toMatchObject({ title: "What's your problem?", potPence: 6_000_000, status: 'published' })
    expect(aggregate.competition.eligibility).toHaveLength(3)
    expect(aggregate.challenges.map((c) => c.title)).toEqual(['Childhood asthma', 'Family support', 'Digital in social care'])
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
    expect(aggregate.questions.map((q) => q.kind)).toEqual(['longText', 'longText', 'textOrVideo', 'singleChoice', 'url'])
    const counts = await Promise.all((['manager', 'panellist', 'applicant'] as const).map(async (role) => (await listUsersByRole(p.db, role, { limit: 50 })).items.length))
    expect(counts).toEqual([1, 5, 4])

    // Its page is public, and a document downloads.
    const page = await p.call('GET', `/api/competitions/${aggregate.competition.id}`)
    expect(page.json.phase).toBe('open')
    const doc = aggregate.items.find((i) => i.kind === 'document')!
    const redirect = await p.call('GET', `/api/competitions/${aggregate.competition.id}/items/${doc.id}/download`)
    const file = await p.app.request(redirect.headers.get('location')!)
    expect(await file.text()).toMatch(/information pack|question,agree/)
  })
})

describe('starting up', () => {
  const start = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'functions/local/start.ts', '--in-memory'], {
        env: { ...process.env, ...env },
      })
      let stderr = ''
      let stdout = ''
      child.stderr.on('data', (d) => (stderr += d))
      child.stdout.on('data', (d) => (stdout += d))
      child.on('exit', (code) => resolve({ code, stderr, stdout }))
    })

  it('says in one sentence that Java is missing', async () => {
    const { code, stderr } = await start({ PATH: '/nonexistent', PORT: String(await freePort()) })
    expect(code).toBe(1)
    expect(stderr.trim()).toMatch(/^Java is needed to run DynamoDB Local but was not found: install Java 17 or later .* and try again\.$/)
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
