// Bounced and complained-about emails: SES's notification suppresses the address and marks the
// email undeliverable; the outbox then never sends to that address (no SES call); the manager
// sees which applicants' emails did not arrive, and nobody else does.
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { useMetricSink } from '../../functions/adapters/metrics.js'
import { parseSesNotification, recordSesNotification, recordSnsEvent } from '../../functions/adapters/ses-feedback.js'
import { deliverPending } from '../../functions/core/notifications/deliver.js'
import { newId } from '../../functions/core/ids.js'
import { getOutboxMessage, outboxPut } from '../../functions/db/outbox-repo.js'
import { isSuppressed } from '../../functions/db/suppression-repo.js'
import { commit } from '../../functions/db/write.js'
import type { OutboxMessage } from '../../shared/schemas/outbox.js'
import { awardingCompetition, releaseDecisions, type Assessing } from '../support/assessing-fixtures.js'
import { emailsTo } from '../support/mail.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
const ctx = () => ({ db: p.db, now: () => p.clock.now })
let metrics: string[] = []
let restore = () => {}

beforeAll(async () => {
  p = await createTestPlatform()
})
afterEach(() => restore())

function captureMetrics() {
  metrics = []
  restore = useMetricSink('ChallengeFund/Test', (line) => metrics.push(line))
}
const counted = (name: string) => metrics.map((line) => JSON.parse(line)).filter((doc) => name in doc).length

/** SES event publishing's notification, as the SES documentation shows it (trimmed). */
function bounceNotification(to: string, messageId: string | undefined, bounceType = 'Permanent') {
  return JSON.stringify({
    eventType: 'Bounce',
    bounce: {
      bounceType,
      bounceSubType: 'General',
      bouncedRecipients: [
        { emailAddress: to, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
      ],
      timestamp: '2026-12-07T10:00:00.000Z',
      feedbackId: '0102017abc-feedback',
      reportingMTA: 'dsn; a1-2.smtp-out.eu-west-2.amazonses.com',
    },
    mail: {
      timestamp: '2026-12-07T09:59:58.000Z',
      source: 'no-reply@fund.example.org',
      sendingAccountId: '123456789012',
      messageId: '0102017abc-ses-id',
      destination: [to],
      headersTruncated: false,
      tags: {
        'ses:configuration-set': ['challenge-fund'],
        ...(messageId ? { 'outbox-message-id': [messageId] } : {}),
      },
    },
  })
}

function complaintNotification(to: string, messageId: string) {
  return JSON.stringify({
    eventType: 'Complaint',
    complaint: {
      complainedRecipients: [{ emailAddress: to }],
      timestamp: '2026-12-07T10:00:00.000Z',
      feedbackId: '0102017abc-complaint',
      complaintFeedbackType: 'abuse',
    },
    mail: { messageId: '0102017abd-ses-id', destination: [to], tags: { 'outbox-message-id': [messageId] } },
  })
}

/** Delivers everything pending through a transport that records whom it sent to. */
async function deliverAll(): Promise<string[]> {
  const sentTo: string[] = []
  await deliverPending(ctx(), async (m) => void sentTo.push(m.to), 100)
  return sentTo
}

async function oneEmail(to: string, kind = 'test'): Promise<OutboxMessage> {
  const message: OutboxMessage = {
    id: newId(),
    to,
    subject: 'Hello',
    text: 'Hello',
    kind,
    createdAt: p.clock.now.toISOString(),
    status: 'pending',
  }
  await commit(p.db, [outboxPut(p.db, message)])
  return message
}

describe('a bounced receipt, end to end', () => {
  let a: Assessing
  let bouncer: { email: string; token: string }
  let other: { email: string; token: string }

  beforeAll(async () => {
    a = await awardingCompetition(p, [
      { name: 'Breathe Easy Ltd', requestedPence: 1_000_000, score: 4 },
      { name: 'FamilyLink CIC', requestedPence: 1_000_000, score: 3 },
    ])
    bouncer = a.applications[0]!.applicant
    other = a.applications[1]!.applicant
  })

  it('suppresses the address, and the next email to it is not sent but marked undeliverable; the manager sees both', async () => {
    expect((await deliverAll()).filter((to) => to === bouncer.email)).toHaveLength(1)
    const [receipt] = await emailsTo(p.db, bouncer.email, 'receipt')
    expect(receipt?.status).toBe('sent')

    captureMetrics()
    const recorded = await recordSesNotification(ctx(), bounceNotification(bouncer.email.toUpperCase(), receipt!.id))
    expect(recorded).toMatchObject({ recorded: true, reason: 'bounced', suppressed: 1, messageMarked: true })
    expect(await getOutboxMessage(p.db, receipt!.id)).toMatchObject({
      status: 'undeliverable',
      undeliverableReason: 'bounced',
    })
    expect(await isSuppressed(p.db, bouncer.email, p.clock.now)).toBe(true)
    expect(counted('EmailBounced')).toBe(1)

    // The decisions go out: the other applicant's is sent, the bounced address's is not even tried.
    await releaseDecisions(p, a)
    const sentTo = await deliverAll()
    expect(sentTo).toContain(other.email)
    expect(sentTo).not.toContain(bouncer.email)
    const [decision] = await emailsTo(p.db, bouncer.email, 'decision')
    expect(decision).toMatchObject({ status: 'undeliverable', undeliverableReason: 'suppressed' })
    expect(decision?.sentAt).toBeUndefined()

    const listed = await p.call('GET', `/api/competitions/${a.competitionId}/undelivered-emails`, { as: a.manager })
    expect(listed.status).toBe(200)
    expect(listed.json.items).toEqual([
      expect.objectContaining({
        messageId: decision!.id,
        applicationId: a.ids[0],
        to: bouncer.email,
        kind: 'decision',
        reason: 'suppressed',
      }),
      expect.objectContaining({ messageId: receipt!.id, applicationId: a.ids[0], kind: 'receipt', reason: 'bounced' }),
    ])
  })

  it('records the same notification delivered twice once', async () => {
    const [receipt] = await emailsTo(p.db, bouncer.email, 'receipt')
    captureMetrics()
    const again = await recordSesNotification(ctx(), bounceNotification(bouncer.email, receipt!.id))
    expect(again).toMatchObject({ recorded: true, suppressed: 0, messageMarked: false, changed: false })
    expect(counted('EmailBounced')).toBe(0)
    const listed = await p.call('GET', `/api/competitions/${a.competitionId}/undelivered-emails`, { as: a.manager })
    expect(listed.json.items.filter((i: { kind: string }) => i.kind === 'receipt')).toHaveLength(1)
  })

  it('shows delivery to the competition’s managers only: applicants, panellists and the public get a 404, as for a missing competition', async () => {
    const path = `/api/competitions/${a.competitionId}/undelivered-emails`
    const missing = await p.call('GET', `/api/competitions/${newId()}/undelivered-emails`, { as: a.manager })
    expect(missing.status).toBe(404)
    for (const who of [bouncer, other, a.panel[0]!]) {
      const res = await p.call('GET', path, { as: who })
      expect(res.status).toBe(404)
      expect(res.json).toEqual(missing.json)
    }
    expect((await p.call('GET', path)).status).toBe(401)
    // An applicant's own application shows nothing about anyone's delivery.
    const own = await p.call('GET', `/api/applications/${a.ids[1]}`, { as: other })
    expect(JSON.stringify(own.json)).not.toContain(bouncer.email)
    expect(JSON.stringify(own.json)).not.toContain('undeliverable')
  })

  it('refuses a cursor not from the list, naming it', async () => {
    const res = await p.call('GET', `/api/competitions/${a.competitionId}/undelivered-emails?cursor=abc`, {
      as: a.manager,
    })
    expect(res.status).toBe(400)
    expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(['cursor'])
  })
})

describe('SES notifications', () => {
  it('changes nothing for a transient or undetermined bounce', async () => {
    const message = await oneEmail(`${newId().toLowerCase()}@test.example`)
    await deliverAll()
    captureMetrics()
    for (const type of ['Transient', 'Undetermined'])
      expect(await recordSesNotification(ctx(), bounceNotification(message.to, message.id, type))).toEqual({
        recorded: false,
        why: 'not-permanent',
      })
    expect(await isSuppressed(p.db, message.to, p.clock.now)).toBe(false)
    expect((await getOutboxMessage(p.db, message.id))?.status).toBe('sent')
    expect(metrics).toEqual([])
  })

  it('records one notification delivered many times at once exactly once (conditional writes, not a read first)', async () => {
    const message = await oneEmail(`${newId().toLowerCase()}@test.example`)
    await deliverAll()
    captureMetrics()
    const results = await Promise.all(
      Array.from({ length: 6 }, () => recordSesNotification(ctx(), bounceNotification(message.to, message.id))),
    )
    const changed = results.filter((r) => r.recorded && r.suppressed === 1)
    const marked = results.filter((r) => r.recorded && r.messageMarked)
    expect(changed).toHaveLength(1)
    expect(marked).toHaveLength(1)
    expect(counted('EmailBounced')).toBe(1)
    // And deliverers racing for an email to the suppressed address: none sends it, one marks it.
    const next = await oneEmail(message.to)
    const sentTo: string[] = []
    await Promise.all(Array.from({ length: 3 }, () => deliverPending(ctx(), async (m) => void sentTo.push(m.to), 100)))
    expect(sentTo).not.toContain(message.to)
    expect(await getOutboxMessage(p.db, next.id)).toMatchObject({
      status: 'undeliverable',
      undeliverableReason: 'suppressed',
    })
  })

  it('suppresses an address complained about, marking the email complained', async () => {
    const message = await oneEmail(`${newId().toLowerCase()}@test.example`)
    await deliverAll()
    captureMetrics()
    await recordSesNotification(ctx(), complaintNotification(message.to, message.id))
    expect(await getOutboxMessage(p.db, message.id)).toMatchObject({
      status: 'undeliverable',
      undeliverableReason: 'complained',
    })
    expect(counted('EmailComplained')).toBe(1)
    const next = await oneEmail(message.to)
    expect(await deliverAll()).not.toContain(message.to)
    expect((await getOutboxMessage(p.db, next.id))?.undeliverableReason).toBe('suppressed')
  })

  it('never marks an email to someone else, whatever message id the tag names', async () => {
    const victim = await oneEmail(`${newId().toLowerCase()}@test.example`)
    await deliverAll()
    const stranger = `${newId().toLowerCase()}@test.example`
    await recordSesNotification(ctx(), bounceNotification(stranger, victim.id))
    expect((await getOutboxMessage(p.db, victim.id))?.status).toBe('sent')
    expect(await isSuppressed(p.db, stranger, p.clock.now)).toBe(true)
    expect(await isSuppressed(p.db, victim.to, p.clock.now)).toBe(false)
  })

  it('suppresses an address from a bounce without our tag (sent before tags), marking no email', async () => {
    const address = `${newId().toLowerCase()}@test.example`
    expect(await recordSesNotification(ctx(), bounceNotification(address, undefined))).toMatchObject({
      suppressed: 1,
      messageMarked: false,
    })
    expect(await isSuppressed(p.db, address, p.clock.now)).toBe(true)
  })

  it('skips poison records (logged) and records the good ones in the same delivery', async () => {
    const message = await oneEmail(`${newId().toLowerCase()}@test.example`)
    await deliverAll()
    const record = (Message: unknown, MessageId: string) => ({ Sns: { Message, MessageId } })
    const warned: string[] = []
    const original = console.warn
    console.warn = (line: string) => void warned.push(line)
    try {
      await recordSnsEvent(ctx(), {
        Records: [
          record('not json {', 'sns-1'),
          record(JSON.stringify({ eventType: 'Delivery', mail: {} }), 'sns-2'),
          record('x'.repeat(300_000), 'sns-3'),
          record(undefined, 'sns-4'),
          record(bounceNotification(message.to, message.id), 'sns-5'),
        ] as never,
      })
    } finally {
      console.warn = original
    }
    expect((await getOutboxMessage(p.db, message.id))?.status).toBe('undeliverable')
    expect(warned.map((line) => JSON.parse(line).snsMessageId)).toEqual(['sns-1', 'sns-2', 'sns-3', 'sns-4'])
    expect(warned.join('\n')).not.toContain(message.to)
  })

  it('reads only bounded, well-formed bounce and complaint events', () => {
    const tooMany = JSON.parse(bounceNotification('a@test.example', undefined))
    tooMany.bounce.bouncedRecipients = Array.from({ length: 51 }, (_, i) => ({ emailAddress: `p${i}@test.example` }))
    expect(parseSesNotification(JSON.stringify(tooMany))).toEqual({ ok: false, why: 'not a bounce or complaint event' })
    expect(parseSesNotification('[]')).toEqual({ ok: false, why: 'not a bounce or complaint event' })
    expect(parseSesNotification(42)).toEqual({ ok: false, why: 'not a string' })
    expect(parseSesNotification(bounceNotification('a@test.example', 'X'))).toMatchObject({
      ok: true,
      feedback: { kind: 'bounce', bounceType: 'Permanent', outboxMessageId: 'X', recipients: ['a@test.example'] },
    })
  })
})

describe('the local mailbox', () => {
  it('marks a sent email bounced through the same path as SES’s notification', async () => {
    const message = await oneEmail(`${newId().toLowerCase()}@test.example`)
    await deliverAll()
    const bounced = await p.call('POST', `/api/dev-mail/${message.id}/bounce`)
    expect(bounced.status).toBe(200)
    expect(bounced.json).toMatchObject({ id: message.id, status: 'undeliverable', undeliverableReason: 'bounced' })
    expect(await isSuppressed(p.db, message.to, p.clock.now)).toBe(true)
    const next = await oneEmail(message.to)
    expect(await deliverAll()).not.toContain(message.to)
    expect((await getOutboxMessage(p.db, next.id))?.status).toBe('undeliverable')
    // A message that was never sent (or does not exist) cannot bounce.
    const pending = await oneEmail(`${newId().toLowerCase()}@test.example`)
    expect((await p.call('POST', `/api/dev-mail/${pending.id}/bounce`)).status).toBe(404)
    expect((await p.call('POST', `/api/dev-mail/${newId()}/complaint`)).status).toBe(404)
  })
})
