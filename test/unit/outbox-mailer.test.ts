// The outbox deliverers' own logic. The mailer: which stream records become emails (built
// from the exact item outboxPut writes) and the partial batch response that retries only a
// failed email. The sweeper: its page loop and when it stops. Both: the SES request, the
// refusal to start a send near the timeout, and the environment they refuse to start without.
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2'
import { marshall } from '@aws-sdk/util-dynamodb'
import type { DynamoDBRecord } from 'aws-lambda'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { OutboxMessage } from '../../shared/schemas/outbox.js'
import { createDb } from '../../functions/db/client.js'
import { outboxPut } from '../../functions/db/outbox-repo.js'
import { itemOf } from '../../functions/db/write.js'
import { createSesTransport, sendEmailInput } from '../../functions/adapters/ses-mail-transport.js'
import { OUTBOX_ENTITY } from '../../functions/db/stream-images.js'
import { beforeDeadline, DeadlineNear, SEND_MARGIN_MS } from '../../functions/events/outbox/deadline.js'
import { deliverRecords, outboxMessageOf } from '../../functions/events/outbox/stream-records.js'
import { sweep } from '../../functions/events/outbox/sweep.js'

// Never contacted: outboxPut only needs the table name to build its item.
const db = createDb({ tableName: 'outbox-mailer-unit', endpoint: 'http://127.0.0.1:9' })

const message = (n: number, overrides: Partial<OutboxMessage> = {}): OutboxMessage => ({
  id: `01HQ000000000000000000000${n}`.slice(-26),
  to: `applicant${n}@example.org`,
  subject: `Received: your expression of interest (EOI-${n})`,
  text: `Thank you.\n\nReceipt number: EOI-${n}\n<script>stays text</script>`,
  kind: 'receipt',
  createdAt: '2025-03-01T11:59:59.000Z',
  status: 'pending',
  ...overrides,
})

/** The stream record DynamoDB emits for the item outboxPut writes (NEW_IMAGE view). */
function insertOf(m: OutboxMessage, sequenceNumber: string | null = `10${m.id.slice(-1)}`): DynamoDBRecord {
  const item = itemOf(outboxPut(db, m))
  return {
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      NewImage: marshall(item) as never,
      SequenceNumber: sequenceNumber ?? undefined,
      StreamViewType: 'NEW_IMAGE',
    },
  }
}

describe('outboxMessageOf', () => {
  it('recognises outbox items by the entity tag outboxPut writes', () => {
    expect(itemOf(outboxPut(db, message(1))).entity).toBe(OUTBOX_ENTITY)
  })

  it('reads the message back from an INSERT of the item outboxPut writes, without its keys', () => {
    const m = message(1)
    expect(outboxMessageOf(insertOf(m))).toEqual(m)
  })

  it('ignores changes that are not a new pending outbox message', () => {
    const m = message(1)
    const insert = insertOf(m)
    expect(outboxMessageOf({ ...insert, eventName: 'MODIFY' })).toBeUndefined()
    expect(outboxMessageOf({ ...insert, eventName: 'REMOVE', dynamodb: { SequenceNumber: '1' } })).toBeUndefined()
    expect(
      outboxMessageOf(insertOf(message(2, { status: 'sent', sentAt: '2025-03-01T12:00:00.000Z' }))),
    ).toBeUndefined()
    const application = { pk: 'APP#a1', sk: 'APP', entity: 'application', status: 'pending' }
    expect(
      outboxMessageOf({
        eventName: 'INSERT',
        dynamodb: { NewImage: marshall(application) as never, SequenceNumber: '9' },
      }),
    ).toBeUndefined()
    expect(outboxMessageOf({ eventName: 'INSERT', dynamodb: { SequenceNumber: '9' } })).toBeUndefined()
  })

  it('throws for an outbox item that does not parse, so the record fails instead of vanishing', () => {
    expect(() => outboxMessageOf(insertOf(message(1, { to: 'not an address' })))).toThrow()
  })
})

describe('deliverRecords', () => {
  const quietly = () => vi.spyOn(console, 'error').mockImplementation(() => {})
  afterEach(() => vi.restoreAllMocks())

  it('delivers every announced message in stream order and reports nothing when all succeed', async () => {
    const sent: string[] = []
    const other: DynamoDBRecord = { eventName: 'MODIFY', dynamodb: { SequenceNumber: '150' } }
    const result = await deliverRecords([insertOf(message(1)), other, insertOf(message(2))], async (m) =>
      sent.push(m.id),
    )
    expect(result).toEqual({ batchItemFailures: [] })
    expect(sent).toEqual([message(1).id, message(2).id])
  })

  it('reports only the record whose email failed, by its sequence number, and carries on', async () => {
    const log = quietly()
    const sent: string[] = []
    const records = [insertOf(message(1)), insertOf(message(2)), insertOf(message(3))]
    const result = await deliverRecords(records, async (m) => {
      if (m.id === message(2).id) throw new Error('SES throttled')
      sent.push(m.id)
    })
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '102' }] })
    expect(sent).toEqual([message(1).id, message(3).id])
    // The log names the message, never its address or body.
    const logged = String(log.mock.calls[0]?.[0])
    expect(logged).toContain(message(2).id)
    expect(logged).not.toContain(message(2).to)
  })

  it('reports an unparseable outbox record as failed, and one without a sequence number as "" (whole batch)', async () => {
    quietly()
    const bad = insertOf(message(4, { to: 'nobody' }))
    const noSequence = insertOf(message(5), null)
    const result = await deliverRecords([bad, noSequence], async (m) => {
      throw new Error(`down for ${m.id}`)
    })
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '104' }, { itemIdentifier: '' }])
  })
})

describe('SES transport', () => {
  const expected = (m: OutboxMessage) => ({
    FromEmailAddress: 'no-reply@fund.example.org',
    Destination: { ToAddresses: [m.to] },
    EmailTags: [{ Name: 'outbox-message-id', Value: m.id }],
    Content: {
      Simple: { Subject: { Data: m.subject, Charset: 'UTF-8' }, Body: { Text: { Data: m.text, Charset: 'UTF-8' } } },
    },
  })

  it('sends the message as plain UTF-8 text from the configured sender to its one recipient', () => {
    expect(sendEmailInput(message(1), 'no-reply@fund.example.org')).toEqual(expected(message(1)))
  })

  it('sends through the configuration set when there is one, tagged with the message id a bounce maps back to', async () => {
    const input = sendEmailInput(message(1), 'no-reply@fund.example.org', 'challenge-fund-feedback')
    expect(input).toEqual({ ...expected(message(1)), ConfigurationSetName: 'challenge-fund-feedback' })
    // SES tag values allow only letters, digits, _ and -: an id always fits.
    expect(input.EmailTags![0]!.Value).toMatch(/^[A-Za-z0-9_-]{1,256}$/)
    const client = new SESv2Client({ region: 'eu-west-2' })
    const send = vi.spyOn(client, 'send').mockResolvedValue({ MessageId: 'm1' } as never)
    await createSesTransport({
      from: 'no-reply@fund.example.org',
      region: 'eu-west-2',
      client,
      configurationSet: 'challenge-fund-feedback',
    })(message(2))
    expect((send.mock.calls[0]![0] as SendEmailCommand).input.ConfigurationSetName).toBe('challenge-fund-feedback')
  })

  it('sends one SendEmail per message through its client, and fails when SES does', async () => {
    const client = new SESv2Client({ region: 'eu-west-2' })
    const send = vi
      .spyOn(client, 'send')
      .mockResolvedValueOnce({ MessageId: 'm1' } as never)
      .mockRejectedValueOnce(new Error('MessageRejected'))
    const transport = createSesTransport({ from: 'no-reply@fund.example.org', region: 'eu-west-2', client })
    await transport(message(1))
    expect(send).toHaveBeenCalledTimes(1)
    const command = send.mock.calls[0]![0]
    expect(command).toBeInstanceOf(SendEmailCommand)
    expect(command.input).toEqual(expected(message(1)))
    await expect(transport(message(2))).rejects.toThrow('MessageRejected')
  })
})

describe('beforeDeadline', () => {
  it('sends while there is time, and refuses (without sending) within the margin of the timeout', async () => {
    const sent: string[] = []
    let remaining = SEND_MARGIN_MS
    const send = beforeDeadline(async (m) => void sent.push(m.id), { getRemainingTimeInMillis: () => remaining })
    await send(message(1))
    remaining = SEND_MARGIN_MS - 1
    await expect(send(message(2))).rejects.toBeInstanceOf(DeadlineNear)
    expect(sent).toEqual([message(1).id])
  })
})

describe('sweep', () => {
  const quietly = () => vi.spyOn(console, 'error').mockImplementation(() => {})
  afterEach(() => vi.restoreAllMocks())

  /** A clock that moves on by `stepMs` each time a page is delivered. */
  function pages(sentPerPage: (number | Error)[], stepMs = 1_000) {
    let clock = 0
    const calls: number[] = []
    const deliverPage = async (limit: number) => {
      calls.push(limit)
      clock += stepMs
      const next = sentPerPage.shift()
      if (next === undefined) return 0
      if (next instanceof Error) throw next
      return next
    }
    return { deliverPage, calls, now: () => clock }
  }

  it('keeps delivering full pages and stops at the first page with fewer than the limit', async () => {
    const { deliverPage, calls, now } = pages([25, 25, 7, 25])
    expect(await sweep(deliverPage, { limit: 25, budgetMs: 50_000, now })).toEqual({
      sent: 57,
      pages: 3,
      stoppedBy: 'drained',
    })
    expect(calls).toEqual([25, 25, 25])
  })

  it('stops with an empty outbox after one page', async () => {
    const { deliverPage, now } = pages([0])
    expect(await sweep(deliverPage, { limit: 25, budgetMs: 50_000, now })).toEqual({
      sent: 0,
      pages: 1,
      stoppedBy: 'drained',
    })
  })

  it('starts no page once the budget is spent, leaving the rest for the next run', async () => {
    const { deliverPage, calls, now } = pages(Array(10).fill(25), 20_000)
    expect(await sweep(deliverPage, { limit: 25, budgetMs: 50_000, now })).toEqual({
      sent: 75,
      pages: 3,
      stoppedBy: 'budget',
    })
    expect(calls).toHaveLength(3)
  })

  it('ends quietly when a send is refused near the timeout', async () => {
    const log = quietly()
    const { deliverPage, now } = pages([25, new DeadlineNear(1_000)])
    expect(await sweep(deliverPage, { limit: 25, budgetMs: 50_000, now })).toEqual({
      sent: 25,
      pages: 1,
      stoppedBy: 'deadline',
    })
    expect(log).not.toHaveBeenCalled()
  })

  it('logs and rethrows any other failure, so the run counts as an error', async () => {
    const log = quietly()
    const { deliverPage, now } = pages([25, new Error('SES throttled')])
    await expect(sweep(deliverPage, { limit: 25, budgetMs: 50_000, now })).rejects.toThrow('SES throttled')
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({
      level: 'ERROR',
      sent: 25,
      pages: 1,
      error: 'Error: SES throttled',
    })
  })
})

const lambdaContext = { getRemainingTimeInMillis: () => 60_000 }

describe('handler environment', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.resetModules()
  })

  it('refuses to start without a sender address, and reads the environment once when it has one', async () => {
    vi.stubEnv('TABLE_NAME', 'challenge-fund-table')
    vi.stubEnv('AWS_REGION', 'eu-west-2')
    vi.stubEnv('MAIL_FROM', '')
    await expect(import('../../functions/events/outbox-mailer.js')).rejects.toThrow(/MAIL_FROM/)
    vi.resetModules()
    vi.stubEnv('MAIL_FROM', 'no-reply@fund.example.org')
    const { env, handler } = await import('../../functions/events/outbox-mailer.js')
    expect(env).toEqual({
      TABLE_NAME: 'challenge-fund-table',
      MAIL_FROM: 'no-reply@fund.example.org',
      AWS_REGION: 'eu-west-2',
    })
    // A batch with nothing for the mailer touches neither DynamoDB nor SES.
    await expect(
      handler({ Records: [{ eventName: 'MODIFY', dynamodb: { SequenceNumber: '1' } }] }, lambdaContext),
    ).resolves.toEqual({
      batchItemFailures: [],
    })
  })

  it('the sweeper parses the same environment, and refuses to start without it', async () => {
    vi.stubEnv('TABLE_NAME', 'challenge-fund-table')
    vi.stubEnv('AWS_REGION', 'eu-west-2')
    vi.stubEnv('MAIL_FROM', 'not an address')
    await expect(import('../../functions/events/outbox-sweeper.js')).rejects.toThrow(/MAIL_FROM/)
    vi.resetModules()
    vi.stubEnv('MAIL_FROM', 'no-reply@fund.example.org')
    const { env } = await import('../../functions/events/outbox-sweeper.js')
    expect(env).toEqual({
      TABLE_NAME: 'challenge-fund-table',
      MAIL_FROM: 'no-reply@fund.example.org',
      AWS_REGION: 'eu-west-2',
    })
  })
})
