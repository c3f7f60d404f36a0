// The event functions as they ship: each built by buildLambda (the build the CDK stacks deploy),
// imported by a fresh Node process with the environment its stack sets, and invoked with the
// event Lambda would pass (a DynamoDB Streams batch, an SNS notification, a scheduled event),
// against DynamoDB Local. SES is the one service stood in for: a local HTTP server speaks SESv2's
// SendEmail, records what it was sent, and refuses one address, so a partial batch failure is real.
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createHash } from 'node:crypto'
import { GetItemCommand } from '@aws-sdk/client-dynamodb'
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { DynamoDBRecord } from 'aws-lambda'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest'
import { buildLambda } from '../../infra/constructs/bundling.js'
import { paths } from '../../infra/paths.js'
import { newId } from '../../functions/core/ids.js'
import { createDb, type Db } from '../../functions/db/client.js'
import { ensureTable } from '../../functions/local/ensure-table.js'
import { keys } from '../../functions/db/table.js'
import { getRelease } from '../../functions/db/feedback-repo.js'
import { getOutboxMessage, listOutbox, outboxPut } from '../../functions/db/outbox-repo.js'
import { isSuppressed } from '../../functions/db/suppression-repo.js'
import { OUTBOX_MESSAGE_TAG } from '../../functions/adapters/ses-tags.js'
import { commit } from '../../functions/db/write.js'
import type { OutboxMessage } from '../../shared/schemas/outbox.js'
import { DEV_AUDIT_SECRET } from '../../functions/local/dev-issuer.js'
import { listChains, listCompetitionsWithPending } from '../../functions/db/audit-repo.js'
import type { User } from '../../shared/schemas/user.js'
import {
  assessingCompetition,
  awardingCompetition,
  releaseDecisions,
  type Assessing,
} from '../support/assessing-fixtures.js'
import { openCompetition } from '../support/eoi-fixtures.js'
import { createPublished } from '../support/fixtures.js'
import { grantSetup, grantsInDelivery } from '../support/programme-fixtures.js'
import { emailsTo } from '../support/mail.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

const REFUSED = 'refused@example.org'
const HOUR = 3_600_000
const DAY = 24 * HOUR

/** What the stand-in SES was asked to send, and whether it refuses REFUSED. */
const ses = {
  sent: [] as { from: string; to: string[]; subject: string; tags: { Name: string; Value: string }[] }[],
  refusing: true,
}
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
        ses.sent.push({
          from: input.FromEmailAddress,
          to,
          subject: input.Content?.Simple?.Subject?.Data,
          tags: input.EmailTags ?? [],
        })
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
  // With S3_STAND_IN set, requests to S3's hosts go to the stand-in, as DNS would send them to S3.
  const script = `
    import { pathToFileURL } from 'node:url'
    const standIn = process.env.S3_STAND_IN
    if (standIn) {
      const fetchFromNode = globalThis.fetch
      globalThis.fetch = (input, init) => {
        const url = new URL(String(input))
        if (!url.hostname.endsWith('.amazonaws.com')) return fetchFromNode(input, init)
        const headers = { ...init?.headers, 'x-s3-host': url.host }
        return fetchFromNode(standIn + url.pathname + url.search, { ...init, headers })
      }
    }
    const { handler } = await import(pathToFileURL(process.argv[1]).href)
    const context = { awsRequestId: 'bundle-test', getRemainingTimeInMillis: () => 60_000 }
    const result = await handler(JSON.parse(process.env.EVENT), context)
    console.log('RESULT ' + JSON.stringify(result ?? null))
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

  it('records a permanent bounce SNS delivers: suppresses the address, marks the tagged email, skips a poison record', async () => {
    const bouncing = `bounced-${newId().toLowerCase()}@example.org`
    const receipt = message(bouncing)
    await commit(db, [outboxPut(db, receipt)])
    ses.sent.length = 0
    expect(await invoke('outbox-mailer', { Records: [await insertOf(receipt, '300')] }, mailEnv())).toEqual({
      batchItemFailures: [],
    })
    // The tag SES will hand back is the one the mailer put on the email.
    const [sent] = ses.sent
    expect(sent?.tags).toEqual([{ Name: OUTBOX_MESSAGE_TAG, Value: receipt.id }])
    const tags = Object.fromEntries(sent!.tags.map((t) => [t.Name, [t.Value]]))

    // SES event publishing's notification (as its documentation shows it), as SNS wraps it for Lambda.
    const bounce = {
      eventType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [
          { emailAddress: bouncing, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
        ],
        timestamp: new Date().toISOString(),
        feedbackId: '0102017abc-feedback',
        reportingMTA: 'dsn; a1-2.smtp-out.eu-west-2.amazonses.com',
      },
      mail: {
        timestamp: new Date().toISOString(),
        source: 'no-reply@fund.example',
        sendingAccountId: '123456789012',
        messageId: '0102017abc-ses-id',
        destination: [bouncing],
        headersTruncated: false,
        tags: { 'ses:configuration-set': ['challenge-fund'], ...tags },
      },
    }
    const topic = 'arn:aws:sns:eu-west-2:123456789012:challenge-fund-ses-feedback'
    const record = (message: string) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: `${topic}:${newId()}`,
      Sns: {
        Type: 'Notification',
        MessageId: newId(),
        TopicArn: topic,
        Subject: null,
        Message: message,
        Timestamp: new Date().toISOString(),
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://sns.eu-west-2.amazonaws.com/SimpleNotificationService-example.pem',
        UnsubscribeUrl: `https://sns.eu-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topic}`,
        MessageAttributes: {},
      },
    })
    // The poison record comes first: were it thrown on, the bounce after it would never be recorded.
    const event = { Records: [record('{"eventType": "Bounce", "mail": '), record(JSON.stringify(bounce))] }

    expect(await invoke('ses-feedback', event, { TABLE_NAME: db.tableName })).toBeNull()

    expect(await getOutboxMessage(db, receipt.id)).toMatchObject({
      status: 'undeliverable',
      undeliverableReason: 'bounced',
    })
    expect(await isSuppressed(db, bouncing, new Date())).toBe(true)
    // Delivered again (SNS retries): a no-op, not an error.
    expect(await invoke('ses-feedback', event, { TABLE_NAME: db.tableName })).toBeNull()

    // The next email to the address is not sent, but marked undeliverable.
    const next = message(bouncing)
    await commit(db, [outboxPut(db, next)])
    ses.sent.length = 0
    expect(await invoke('outbox-mailer', { Records: [await insertOf(next, '301')] }, mailEnv())).toEqual({
      batchItemFailures: [],
    })
    expect(ses.sent).toEqual([])
    expect(await getOutboxMessage(db, next.id)).toMatchObject({
      status: 'undeliverable',
      undeliverableReason: 'suppressed',
    })
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

/**
 * Runs `make` with the test's clock (the platform's and Date's) `ms` in the past, then puts both
 * back to now: what it sets up is then as old as a scheduled function expects to find it, for
 * the bundle, which runs on real time. The tokens it made have expired by then; `fresh` makes new.
 */
async function inThePast<T>(p: TestPlatform, ms: number, make: () => Promise<T>): Promise<T> {
  const realNow = Date.now()
  vi.useFakeTimers({ toFake: ['Date'], now: realNow - ms })
  p.clock.now = new Date()
  try {
    const made = await make()
    expect(p.clock.now.getTime(), 'the set-up stayed in the past').toBeLessThan(realNow)
    return made
  } finally {
    vi.useRealTimers()
    p.clock.now = new Date()
  }
}

/** A user signed in again, now. */
const freshToken = async (p: TestPlatform, user: User) => ({ ...user, token: await p.issuer.issueToken(user) })

/** A date (YYYY-MM-DD) `days` later. */
const shiftDate = (date: string, days: number) => new Date(Date.parse(date) + days * DAY).toISOString().slice(0, 10)

/** The agreement grantSetup makes, with every date moved by `days`. */
const grantSetupShifted =
  (days: number) =>
  (version: number): ReturnType<typeof grantSetup> =>
    JSON.parse(JSON.stringify(grantSetup(version)), (_key, value) =>
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? shiftDate(value, days) : value,
    )

describe('the offer lapser, as built', () => {
  it('lapses on schedule the offer not accepted by its date, releasing its amount, telling both sides, once', async () => {
    const p = await createTestPlatform()
    const { a, due } = await inThePast(p, 90 * DAY, async () => {
      const a = await assessingCompetition(p, { applications: 2, shortlisted: 2, panellists: 1 })
      await releaseDecisions(p, a)
      const due = new Date(p.clock.now.getTime() + 2 * DAY).toISOString()
      const notDue = new Date(Date.now() + 120 * DAY).toISOString()
      for (const [applicationId, respondBy] of [
        [a.ids[0], due],
        [a.ids[1], notDue],
      ]) {
        const made = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
          as: a.manager,
          body: { applicationId, amountPence: 1_670_000, respondBy },
        })
        expect(made.status, JSON.stringify(made.json)).toBe(201)
      }
      return { a, due }
    })
    const env = { TABLE_NAME: p.db.tableName, PUBLIC_URL: p.publicUrl }

    expect(await invoke('offer-lapser', scheduledEvent(), env)).toEqual({ lapsed: [`${a.competitionId}/${a.ids[0]}`] })
    expect(await invoke('offer-lapser', scheduledEvent(), env)).toEqual({ lapsed: [] })

    const manager = await freshToken(p, a.manager)
    const budget = (await p.call('GET', `/api/competitions/${a.competitionId}/budget`, { as: manager })).json
    expect(budget.committedPence).toBe(1_670_000)
    const status = (id: string) => budget.awards.find((x: { applicationId: string }) => x.applicationId === id)
    expect(status(a.ids[0]!)).toMatchObject({ status: 'lapsed' })
    expect(Date.parse(status(a.ids[0]!).lapsedAt)).toBeGreaterThan(Date.parse(due))
    expect(status(a.ids[1]!)).toMatchObject({ status: 'offered' })
    const [toApplicant, ...more] = await emailsTo(p.db, a.applications[0]!.applicant.email, 'award-lapsed')
    expect(more).toEqual([])
    expect(toApplicant!.text).toContain(`${p.publicUrl}/applications/${a.ids[0]}`)
    const toManager = await emailsTo(p.db, a.manager.email, 'award-lapsed-manager')
    expect(toManager).toHaveLength(1)
    expect(toManager[0]!.text).toContain(`${p.publicUrl}/manage/competitions/${a.competitionId}/awards`)
  })
})

describe('the grant schedules, as built', () => {
  let p: TestPlatform
  let a: Assessing
  let env: Record<string, string>
  // One grant, accepted, whose agreement ended 8 months ago (every date of grantSetup's moved so):
  // its 6-month check-in is open, its 12-month one not yet, and its three milestone reports are overdue.
  const endedDaysAgo = 240
  beforeAll(async () => {
    p = await createTestPlatform()
    const { endsOn, startsOn } = grantSetup(0)
    const shift = Math.round((Date.now() - endedDaysAgo * DAY - Date.parse(endsOn)) / DAY)
    // Set up as long before the start as grantSetup's agreement is set up before it today.
    const setUpAgo = Date.now() - (Date.parse(shiftDate(startsOn, shift)) - 28 * DAY)
    a = await inThePast(p, setUpAgo, () =>
      grantsInDelivery(p, { applications: 1, accepted: 1, setup: grantSetupShifted(shift) }),
    )
    env = { TABLE_NAME: p.db.tableName, PUBLIC_URL: p.publicUrl }
  }, 180_000)

  it('the check-in opener emails the grantee once when their check-in opens, linking to it', async () => {
    const id = a.ids[0]!
    const grantee = a.applications[0]!.applicant

    expect(await invoke('check-in-opener', scheduledEvent(), env)).toEqual({ opened: [`${a.competitionId}/${id}/6`] })
    expect(await invoke('check-in-opener', scheduledEvent(), env)).toEqual({ opened: [] })

    const emails = await emailsTo(p.db, grantee.email, 'grant-check-in')
    expect(emails).toHaveLength(1)
    expect(emails[0]!.text).toContain(`${p.publicUrl}/applications/${id}/grant/check-ins/6`)
    const checkIns = await p.call('GET', `/api/applications/${id}/grant/check-ins`, {
      as: await freshToken(p, grantee),
    })
    expect(checkIns.json.rounds.map((r: { round: string; state: string }) => [r.round, r.state])).toEqual([
      ['6', 'open'],
      ['12', 'upcoming'],
    ])
  })

  it('the grant reminders email each overdue milestone report once, linking to its page', async () => {
    const id = a.ids[0]!
    const overdue = ['m1', 'm2', 'final'].map((m) => `${id}/${m}/overdue`)

    expect(await invoke('grant-reminders', scheduledEvent(), env)).toEqual({ reminded: overdue })
    expect(await invoke('grant-reminders', scheduledEvent(), env)).toEqual({ reminded: [] })

    const emails = await emailsTo(p.db, a.applications[0]!.applicant.email, 'grant-report-overdue')
    expect(emails).toHaveLength(3)
    for (const milestone of ['m1', 'm2', 'final'])
      expect(
        emails.filter((e) => e.text.includes(`${p.publicUrl}/applications/${id}/grant/reports/${milestone}`)),
      ).toHaveLength(1)
  })
})

describe('the events run, as built', () => {
  it('gives back a lapsed hold, reminds confirmed registrants of tomorrow’s event, deletes personal data past retention; once', async () => {
    const p = await createTestPlatform()
    const manager = await p.signIn('manager')
    const person = (n: string) => ({
      name: `Person ${n}`,
      email: `${n}-${newId().toLowerCase()}@example.org`,
      organisation: 'Damibu Ltd',
      accessibilityNeeds: '',
    })
    const [confirmed, holding, past] = [person('confirmed'), person('holding'), person('past')]
    /** Registers `who`; confirms by the emailed link unless told not to. */
    const register = async (eventId: string, who: ReturnType<typeof person>, confirm = true) => {
      expect((await p.call('POST', `/api/events/${eventId}/registrations`, { body: who })).status).toBe(200)
      const [email] = await emailsTo(p.db, who.email, 'event-registration')
      const link = new URL(/https:\/\/\S+\/registrations\/\S+/.exec(email!.text)![0])
      const registrationId = link.pathname.split('/').pop()!
      if (confirm) {
        const confirmed = await p.call('POST', `/api/events/${eventId}/registrations/${registrationId}/confirm`, {
          body: { token: link.searchParams.get('token') },
        })
        expect(confirmed.status, JSON.stringify(confirmed.json)).toBe(200)
      }
    }
    // Set up ten days ago: tomorrow's event (in 12 hours' time now), and one that ended 9 days ago
    // and keeps its registrants' details for 7.
    const realNow = Date.now()
    const { competitionId, tomorrow, ended } = await inThePast(p, 10 * DAY, async () => {
      const { competition } = await createPublished(p, manager)
      const event = async (startsAt: number, retentionDays: number) => {
        const made = await p.call('POST', `/api/competitions/${competition.id}/events`, {
          as: manager,
          body: {
            title: 'Webinar: data linkage',
            kind: 'webinar',
            description: 'How linked data helps.',
            startsAt: new Date(startsAt).toISOString(),
            endsAt: new Date(startsAt + HOUR).toISOString(),
            onlineUrl: 'https://teams.example/meet/123',
            capacity: 50,
            partners: [],
            retentionDays,
            status: 'published',
          },
        })
        expect(made.status, JSON.stringify(made.json)).toBe(201)
        return made.json.id as string
      }
      const tomorrow = await event(realNow + 12 * HOUR, 30)
      const ended = await event(Date.now() + DAY, 7)
      await register(tomorrow, confirmed)
      await register(tomorrow, holding, false)
      await register(ended, past)
      return { competitionId: competition.id as string, tomorrow, ended }
    })
    const env = { TABLE_NAME: p.db.tableName, PUBLIC_URL: p.publicUrl }

    expect(await invoke('event-reminders', scheduledEvent(), env)).toEqual({ lapsed: 1, reminded: 1, swept: [ended] })
    expect(await invoke('event-reminders', scheduledEvent(), env)).toEqual({ lapsed: 0, reminded: 0, swept: [] })

    const [reminder, ...more] = await emailsTo(p.db, confirmed.email, 'event-reminder')
    expect(more).toEqual([])
    expect(reminder!.text).toContain('https://teams.example/meet/123')
    expect(reminder!.text).toContain(`${p.publicUrl}/events/${tomorrow}`)
    expect(await emailsTo(p.db, holding.email, 'event-reminder')).toEqual([])
    const as = await freshToken(p, manager)
    const base = `/api/competitions/${competitionId}/events`
    const registrations = await p.call('GET', `${base}/${tomorrow}/registrations`, { as })
    expect(registrations.json.items.map((r: { email: string; status: string }) => [r.email, r.status]).sort()).toEqual(
      [
        [confirmed.email, 'confirmed'],
        [holding.email, 'cancelled'],
      ].sort(),
    )
    expect((await p.call('GET', `${base}/${ended}/registrations`, { as })).json.items).toEqual([])
    const gone = (await p.call('GET', `${base}/${ended}`, { as })).json.event
    expect(gone).toMatchObject({ counts: { registered: 1, confirmed: 1 } })
    expect(gone.personalDataDeletedAt).toBeDefined()
  })
})

describe('the EOI retention sweep, as built', () => {
  it('erases unsuccessful applicants’ EOIs once their period has passed, keeps the funded one, and sweeps once', async () => {
    const p = await createTestPlatform()
    const a = await inThePast(p, 250 * DAY, async () => {
      const a = await awardingCompetition(p, [
        { name: 'Funded Ltd', requestedPence: 1_670_000, score: 5 },
        { name: 'Not Funded CIC', requestedPence: 1_670_000, score: 2 },
      ])
      const made = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
        as: a.manager,
        body: {
          applicationId: a.ids[0],
          amountPence: 1_670_000,
          respondBy: new Date(p.clock.now.getTime() + 14 * DAY).toISOString(),
        },
      })
      expect(made.status, JSON.stringify(made.json)).toBe(201)
      const settings = await p.call('GET', `/api/competitions/${a.competitionId}/feedback`, { as: a.manager })
      const saved = await p.call('PUT', `/api/competitions/${a.competitionId}/feedback-settings`, {
        as: a.manager,
        body: { version: settings.json.release.version, showScores: false, unsuccessfulRetentionMonths: 6 },
      })
      expect(saved.status, JSON.stringify(saved.json)).toBe(200)
      await releaseDecisions(p, a)
      return a
    })
    const env = { TABLE_NAME: p.db.tableName }

    expect(await invoke('eoi-retention', scheduledEvent(), env)).toEqual({
      swept: [{ competitionId: a.competitionId, erased: 1 }],
    })
    expect(await invoke('eoi-retention', scheduledEvent(), env)).toEqual({ swept: [] })

    const manager = await freshToken(p, a.manager)
    const eoi = async (i: number) => (await p.call('GET', `/api/applications/${a.ids[i]}`, { as: manager })).json
    const erased = await eoi(1)
    expect(erased).toMatchObject({ id: a.ids[1], status: 'submitted', contact: { name: '[erased]' } })
    expect(JSON.stringify(erased.answers)).not.toContain('Sensors in homes')
    expect(JSON.stringify((await eoi(0)).answers)).toContain('Sensors in homes')
  })
})

describe('the audit functions, as built', () => {
  /** What the stand-in S3 holds, by bucket and key, and the requests it was sent. */
  const s3 = { objects: new Map<string, { body: string; type: string }>(), requests: [] as string[] }
  let s3Server: Server
  let s3Endpoint: string
  let p: TestPlatform
  let competitionId: string
  let env: Record<string, string>

  /** A chain's items under `prefix`, read to the end. */
  async function chainItems(prefix: string, chain = competitionId): Promise<Record<string, any>[]> {
    const items: Record<string, any>[] = []
    let ExclusiveStartKey: Record<string, unknown> | undefined
    do {
      const page = await p.db.doc.send(
        new QueryCommand({
          TableName: p.db.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': `AUDIT#${chain}`, ':prefix': prefix },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      )
      items.push(...(page.Items ?? []))
      ExclusiveStartKey = page.LastEvaluatedKey
    } while (ExclusiveStartKey)
    return items
  }

  beforeAll(async () => {
    // S3, as far as the checkpointer uses it: a presigned PUT that never overwrites (If-None-Match)
    // and must carry its body's MD5, a presigned ListObjectsV2 of a prefix, and a presigned GET.
    s3Server = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk) => (body += chunk))
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://s3')
        const signed = url.searchParams.get('X-Amz-Signature') && url.searchParams.get('X-Amz-Credential')
        s3.requests.push(`${request.method} ${request.headers['x-s3-host']} ${url.pathname}`)
        if (!signed || !/^local\/\d{8}\/eu-west-2\/s3\/aws4_request$/.test(signed)) {
          response.writeHead(403).end()
          return
        }
        const key = `${request.headers['x-s3-host']}${decodeURIComponent(url.pathname)}`
        if (request.method === 'PUT') {
          const md5 = createHash('md5').update(body).digest('base64')
          if (request.headers['content-md5'] !== md5) response.writeHead(400).end()
          else if (request.headers['if-none-match'] === '*' && s3.objects.has(key)) response.writeHead(412).end()
          else {
            s3.objects.set(key, { body, type: String(request.headers['content-type']) })
            response.writeHead(200).end()
          }
        } else if (request.method === 'GET' && url.searchParams.get('list-type') === '2') {
          const prefix = `${request.headers['x-s3-host']}/${url.searchParams.get('prefix')}`
          const keys = [...s3.objects.keys()]
            .filter((k) => k.startsWith(prefix))
            .sort()
            .slice(0, Number(url.searchParams.get('max-keys') ?? 1000))
          const contents = keys.map((k) => `<Contents><Key>${k.slice(k.indexOf('/') + 1)}</Key></Contents>`)
          response
            .writeHead(200, { 'content-type': 'application/xml' })
            .end(`<?xml version="1.0" encoding="UTF-8"?><ListBucketResult>${contents.join('')}</ListBucketResult>`)
        } else if (request.method === 'GET' && s3.objects.has(key)) {
          const object = s3.objects.get(key)!
          response.writeHead(200, { 'content-type': object.type }).end(object.body)
        } else response.writeHead(404).end()
      })
    })
    await new Promise<void>((resolve) => s3Server.listen(0, '127.0.0.1', resolve))
    s3Endpoint = `http://127.0.0.1:${(s3Server.address() as { port: number }).port}`

    p = await createTestPlatform()
    const manager = await p.signIn('manager')
    competitionId = (await openCompetition(p, manager)).competition.id as string
    env = {
      TABLE_NAME: p.db.tableName,
      AUDIT_KEY: DEV_AUDIT_SECRET,
      AUDIT_CHECKPOINT_BUCKET: 'audit-checkpoints',
      S3_STAND_IN: s3Endpoint,
    }
  }, 120_000)

  afterAll(() => new Promise<void>((resolve) => s3Server.close(() => resolve())))

  it('the chainer links every pending audit intent into the chain, in order, once, and verify holds', async () => {
    // The competition's chain and the platform's (the signing-in and organisation changes).
    const chains = await listCompetitionsWithPending(p.db)
    expect(chains).toContain(competitionId)
    const pendingIn = async (chain: string) => (await chainItems('PENDING#', chain)).length
    const pending = (await Promise.all(chains.map(pendingIn))).reduce((sum, n) => sum + n, 0)
    expect(await pendingIn(competitionId)).toBeGreaterThan(3)
    const before = (await chainItems('ENTRY#')).length + (await pendingIn(competitionId))

    expect(await invoke('audit-chainer', scheduledEvent(), env)).toEqual({ chained: pending })
    expect(await invoke('audit-chainer', scheduledEvent(), env)).toEqual({ chained: 0 })

    for (const chain of chains) expect(await pendingIn(chain), chain).toBe(0)
    expect(await listCompetitionsWithPending(p.db)).toEqual([])
    const entries = await chainItems('ENTRY#')
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1))
    expect(entries).toHaveLength(before)
    const manager = await p.signIn('manager')
    const verified = await p.call('GET', `/api/competitions/${competitionId}/audit/verify`, { as: manager })
    expect(verified.json).toMatchObject({ ok: true, entries: entries.length })
  })

  it('the checkpointer writes each chain’s head to the bucket, never overwriting, and once per head', async () => {
    s3.requests.length = 0

    // It chains what is pending first, then checkpoints every chain: the competition's and the platform's.
    expect(await invoke('audit-checkpointer', scheduledEvent(), env)).toEqual({ written: 2 })
    expect(await listChains(p.db)).toHaveLength(2)
    const [head] = await chainItems('HEAD')
    expect(s3.objects.size).toBe(2)
    const stored = [...s3.objects.entries()].filter(([key]) => key.includes(`/checkpoints/${competitionId}/`))
    expect(stored).toHaveLength(1)
    const [key, object] = stored[0]!
    expect(key.startsWith('audit-checkpoints.s3.eu-west-2.amazonaws.com/checkpoints/')).toBe(true)
    expect(object.type).toBe('application/json')
    expect(JSON.parse(object.body)).toMatchObject({ competitionId, seq: head!.seq, hash: head!.hash })

    // Run again at the same head: it reads the newest checkpoint, finds it current, and writes nothing.
    expect(await invoke('audit-checkpointer', scheduledEvent(), env)).toEqual({ written: 0 })
    expect(s3.requests.filter((r) => r.startsWith('PUT'))).toHaveLength(2)
    // Each run lists each chain's checkpoints; the second also reads the newest it found.
    expect(s3.requests.filter((r) => r.startsWith('GET'))).toHaveLength(2 + 2 * 2)
  })
})
