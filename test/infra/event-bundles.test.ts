// The event functions as they ship: each built by buildLambda (the build the CDK stacks deploy),
// imported by a fresh Node process with the environment its stack sets, and invoked with the
// event Lambda would pass (a DynamoDB Streams batch, a scheduled event), against DynamoDB
// Local. SES is the one service stood in for: a local HTTP server speaks SESv2's SendEmail,
// records what it was sent, and refuses one address, so a partial batch failure is real.
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { GetItemCommand } from '@aws-sdk/client-dynamodb'
import type { DynamoDBRecord } from 'aws-lambda'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest'
import { buildLambda } from '../../infra/constructs/bundling.js'
import { paths } from '../../infra/paths.js'
import { newId } from '../../functions/core/ids.js'
import { createDb, type Db } from '../../functions/db/client.js'
import { ensureTable } from '../../functions/local/ensure-table.js'
import { keys } from '../../functions/db/table.js'
import { getRelease } from '../../functions/db/feedback-repo.js'
import { listOutbox, outboxPut } from '../../functions/db/outbox-repo.js'
import { commit } from '../../functions/db/write.js'
import type { OutboxMessage } from '../../shared/schemas/outbox.js'
import { assessingCompetition, type Assessing } from '../support/assessing-fixtures.js'
import { emailsTo } from '../support/mail.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

const REFUSED = 'refused@example.org'
const HOUR = 3_600_000
const DAY = 24 * HOUR

/** What the stand-in SES was asked to send, and whether it refuses REFUSED. */
const ses = { sent: [] as { from: string; to: string[]; subject: string }[], refusing: true }
let sesServer: Server
let sesEndpoint: string

beforeAll(async () => {
  sesServer = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      const input = JSON.parse(body || '{}')
      const to: string[] = input.Destination?.ToAddresses ?? []
      if (request.method !== 'POST' || request.url !== '/v2/email/outbound-emails') {
        response.writeHead(404).end()
      } else if (ses.refusing && to.includes(REFUSED)) {
        response
          .writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected' })
          .end(JSON.stringify({ message: 'Email address is not verified.' }))
      } else {
        ses.sent.push({ from: input.FromEmailAddress, to, subject: input.Content?.Simple?.Subject?.Data })
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ MessageId: newId() }))
      }
    })
  })
  await new Promise<void>((resolve) => sesServer.listen(0, '127.0.0.1', resolve))
  const address = sesServer.address() as { port: number }
  sesEndpoint = `http://127.0.0.1:${address.port}`
})

afterAll(() => new Promise<void>((resolve) => sesServer.close(() => resolve())))

/** Each function's bundle, built once. */
const built = new Map<string, string>()
function bundle(name: string): string {
  let dir = built.get(name)
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), `challenge-fund-${name}-`))
    buildLambda(join(paths.repoRoot, 'functions/events', `${name}.ts`), dir, paths.repoRoot)
    built.set(name, dir)
  }
  return dir
}

/** Imports the bundle's index.mjs in a fresh Node and calls its handler with `event`; returns what it returned. */
async function invoke(name: string, event: unknown, env: Record<string, string>): Promise<unknown> {
  const script = `
    import { pathToFileURL } from 'node:url'
    const { handler } = await import(pathToFileURL(process.argv[1]).href)
    const context = { awsRequestId: 'bundle-test', getRemainingTimeInMillis: () => 60_000 }
    const result = await handler(JSON.parse(process.env.EVENT), context)
    console.log('RESULT ' + JSON.stringify(result))
  `
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--enable-source-maps', '--input-type=module', '-e', script, join(bundle(name), 'index.mjs')],
    {
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'eu-west-2',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        EVENT: JSON.stringify(event),
        ...env,
      },
    },
  )
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '))
  if (!line) throw new Error(`${name} printed no result:\n${stdout}`)
  return JSON.parse(line.slice('RESULT '.length))
}

/** The EventBridge event a schedule rule sends. */
const scheduledEvent = () => ({
  version: '0',
  id: newId(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: new Date().toISOString(),
  region: 'eu-west-2',
  resources: ['arn:aws:events:eu-west-2:123456789012:rule/bundle-test'],
  detail: {},
})

describe('the outbox mailer and sweeper, as built', () => {
  let db: Db
  const mailEnv = () => ({
    TABLE_NAME: db.tableName,
    MAIL_FROM: 'no-reply@fund.example',
    AWS_ENDPOINT_URL_SESV2: sesEndpoint,
  })
  const message = (to: string): OutboxMessage => ({
    id: newId(),
    to,
    subject: `Received: your expression of interest (${to})`,
    text: 'Thank you.',
    kind: 'receipt',
    createdAt: new Date().toISOString(),
    status: 'pending',
  })
  /** The stream record DynamoDB emits for an item as stored (NEW_IMAGE), read back raw. */
  const insertOf = async (m: OutboxMessage, sequenceNumber: string): Promise<DynamoDBRecord> => {
    const { Item } = await db.doc.send(
      new GetItemCommand({
        TableName: db.tableName,
        Key: { [keys.partition]: { S: `MSG#${m.id}` }, [keys.sort]: { S: 'MSG' } },
        ConsistentRead: true,
      }),
    )
    expect(Item, m.id).toBeDefined()
    return {
      eventID: sequenceNumber,
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-2',
      dynamodb: { NewImage: Item as never, SequenceNumber: sequenceNumber, StreamViewType: 'NEW_IMAGE' },
      eventSourceARN: `arn:aws:dynamodb:eu-west-2:123456789012:table/${db.tableName}/stream/2026-12-07T00:00:00.000`,
    }
  }

  // A table per test, so each runs alone as well as after the other.
  beforeEach(async () => {
    db = createDb({ tableName: `bundles-${newId().toLowerCase()}`, endpoint: inject('dynamoEndpoint') })
    await ensureTable(db)
  })

  it('mails a stream batch, and reports only the record whose email SES refused, so only it is retried', async () => {
    const messages = [message('first@example.org'), message(REFUSED), message('third@example.org')]
    await commit(
      db,
      messages.map((m) => outboxPut(db, m)),
    )
    const records = await Promise.all(messages.map((m, i) => insertOf(m, `10${i}`)))
    // A change the event source filter lets through by mistake is ignored, not mailed.
    const modified = {
      ...records[0]!,
      eventName: 'MODIFY' as const,
      dynamodb: { ...records[0]!.dynamodb, SequenceNumber: '103' },
    }
    ses.sent.length = 0
    ses.refusing = true

    const response = await invoke('outbox-mailer', { Records: [...records, modified] }, mailEnv())

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }] })
    expect(ses.sent.map((s) => s.to)).toEqual([['first@example.org'], ['third@example.org']])
    expect(ses.sent[0]).toMatchObject({ from: 'no-reply@fund.example', subject: messages[0]!.subject })
    const sent = (await listOutbox(db, 'sent', { limit: 10 })).items.map((m) => m.to).sort()
    expect(sent).toEqual(['first@example.org', 'third@example.org'])
    expect((await emailsTo(db, REFUSED)).map((m) => m.status)).toEqual(['pending'])
  })

  it('sweeps on schedule what the stream left pending, and sends nothing twice', async () => {
    // One message the stream mailer sent, one it left pending (its SES send was refused).
    const [delivered, left] = [message('first@example.org'), message(REFUSED)]
    await commit(db, [outboxPut(db, delivered), outboxPut(db, left)])
    ses.refusing = true
    expect(
      await invoke(
        'outbox-mailer',
        { Records: [await insertOf(delivered, '200'), await insertOf(left, '201')] },
        mailEnv(),
      ),
    ).toEqual({ batchItemFailures: [{ itemIdentifier: '201' }] })
    ses.sent.length = 0
    ses.refusing = false

    const result = await invoke('outbox-sweeper', scheduledEvent(), mailEnv())

    expect(result).toEqual({ sent: 1, pages: 1, stoppedBy: 'drained' })
    expect(ses.sent.map((s) => s.to)).toEqual([[REFUSED]])
    expect((await emailsTo(db, REFUSED)).map((m) => m.status)).toEqual(['sent'])
    expect((await listOutbox(db, 'pending', { limit: 10 })).items).toEqual([])

    // Run again: nothing is left, so nothing is sent.
    expect(await invoke('outbox-sweeper', scheduledEvent(), mailEnv())).toEqual({
      sent: 0,
      pages: 1,
      stoppedBy: 'drained',
    })
    expect(ses.sent).toHaveLength(1)
  })
})

describe('the release scheduler, as built', () => {
  let p: TestPlatform
  let a: Assessing

  beforeAll(async () => {
    p = await createTestPlatform()
  })

  it('releases on schedule a release whose time has come, once, writing each applicant’s email', async () => {
    // The competition is run and its release scheduled 90 days ago (the fixtures date it from
    // Date.now()), so a release "in an hour" then is due for the bundle, which runs on real time.
    const realNow = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], now: realNow - 90 * DAY })
    try {
      a = await assessingCompetition(p, { applications: 2, shortlisted: 0, panellists: 0 })
      const decided = await p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
        as: a.manager,
        body: {
          decisions: a.ids.map((applicationId) => ({
            applicationId,
            outcome: 'not-shortlisted',
            reason: 'Another application answered the problem more closely.',
          })),
        },
      })
      expect(decided.status, JSON.stringify(decided.json)).toBe(200)
      const overview = await p.call('GET', `/api/competitions/${a.competitionId}/feedback`, { as: a.manager })
      const when = new Date(p.clock.now.getTime() + HOUR).toISOString()
      const scheduled = await p.call('POST', `/api/competitions/${a.competitionId}/feedback-release`, {
        as: a.manager,
        body: { version: overview.json.release.version, at: when, confirmMissing: true },
      })
      expect(scheduled.status, JSON.stringify(scheduled.json)).toBe(200)
      expect(scheduled.json.status).toBe('scheduled')
    } finally {
      vi.useRealTimers()
    }
    expect(p.clock.now.getTime() + HOUR).toBeLessThan(realNow)
    const env = { TABLE_NAME: p.db.tableName, PUBLIC_URL: p.publicUrl }

    const first = (await invoke('release-scheduler', scheduledEvent(), env)) as { released: string[] }
    const again = (await invoke('release-scheduler', scheduledEvent(), env)) as { released: string[] }

    expect(first.released).toContain(a.competitionId)
    expect(again.released).not.toContain(a.competitionId)
    for (const application of a.applications) {
      const emails = await emailsTo(p.db, application.applicant.email, 'decision')
      expect(emails, application.applicant.email).toHaveLength(1)
      expect(emails[0]!.text).toContain(`${p.publicUrl}/applications/${application.application.id}/decision`)
    }
    expect(await getRelease(p.db, a.competitionId)).toMatchObject({ status: 'released', emailed: 2 })
  })
})
