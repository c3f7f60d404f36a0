// The outbox is delivered at least once per message: never by two deliverers at once, a failed
// send leaves the message pending for the next try, and a deliverer that dies holding a
// message loses it when its lease runs out. Locally it lands in the dev mailbox.
import { commit } from '../../functions/db/write.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { deliver, deliverPending, OUTBOX_LEASE_MS } from '../../functions/core/notifications/deliver.js'
import { newId } from '../../functions/core/ids.js'
import { listOutbox, outboxPut } from '../../functions/db/outbox-repo.js'
import { deliverToLocalMailbox } from '../../functions/adapters/local-mailbox.js'
import type { OutboxMessage } from '../../shared/schemas/outbox.js'
import { emailsTo, everyEmail } from '../support/mail.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
beforeAll(async () => {
  p = await createTestPlatform()
})

async function enqueue(count: number): Promise<OutboxMessage[]> {
  const messages = Array.from(
    { length: count },
    (_, i): OutboxMessage => ({
      id: newId(),
      to: `person${i}@test.example`,
      subject: `Message ${i}`,
      text: 'Hello',
      kind: 'test',
      createdAt: new Date().toISOString(),
      status: 'pending',
    }),
  )
  await commit(
    p.db,
    messages.map((m) => outboxPut(p.db, m)),
  )
  return messages
}

const ctx = () => ({ db: p.db, now: () => new Date() })

describe('the outbox', () => {
  it('sends each message once however many deliverers race', async () => {
    const messages = await enqueue(10)
    const sent: string[] = []
    const transport = async (m: OutboxMessage) => void sent.push(m.id)
    const counts = await Promise.all([
      deliverPending(ctx(), transport),
      deliverPending(ctx(), transport),
      deliverPending(ctx(), transport),
    ])
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10)
    expect(sent.sort()).toEqual(messages.map((m) => m.id).sort())
    expect((await listOutbox(p.db, 'pending', { limit: 100 })).items).toEqual([])
  })

  it('keeps a message pending when sending it fails, and sends it on the next try', async () => {
    const [message] = await enqueue(1)
    await expect(deliver(ctx(), message!, async () => Promise.reject(new Error('SES throttled')))).rejects.toThrow(
      'SES throttled',
    )
    expect((await listOutbox(p.db, 'pending', { limit: 100 })).items.map((m) => m.id)).toEqual([message!.id])
    expect(await deliver(ctx(), message!, async () => {})).toBe('sent')
    expect(await deliver(ctx(), message!, async () => {})).toBe('already-sent')
  })

  it('does not let a message that keeps failing hold up the others', async () => {
    const [bad, ...good] = await enqueue(3)
    const sent: string[] = []
    const transport = async (m: OutboxMessage) => {
      if (m.id === bad!.id) throw new Error('SES rejected the address')
      sent.push(m.id)
    }
    await expect(deliverPending(ctx(), transport)).rejects.toThrow('SES rejected the address')
    expect(sent.sort()).toEqual(good.map((m) => m.id).sort())
    const pending = (await listOutbox(p.db, 'pending', { limit: 100 })).items
    expect(pending.map((m) => m.id)).toEqual([bad!.id])
    await deliver(ctx(), bad!, async () => {})
  })

  it('re-drives a message whose deliverer died between claim and send, once its lease has run out, and never steals a live lease', async () => {
    const [message] = await enqueue(1)
    const clock = { now: new Date() }
    const at = () => ({ db: p.db, now: () => clock.now })
    // The first deliverer claims the message, then dies before its send completes: its
    // transport never returns, so it neither marks the message sent nor puts it back.
    const died = deliver(at(), message!, () => new Promise<void>(() => {}))
    await expect
      .poll(async () => (await listOutbox(p.db, 'pending', { limit: 100 })).items.some((m) => m.id === message!.id))
      .toBe(false)
    void died

    // While its lease is live, the sweeper (and the stream mailer) leave it alone.
    const sent: string[] = []
    const transport = async (m: OutboxMessage) => void sent.push(m.id)
    clock.now = new Date(clock.now.getTime() + OUTBOX_LEASE_MS - 1_000)
    await deliverPending(at(), transport)
    expect(await deliver(at(), message!, transport)).toBe('already-sent')
    expect(sent).toEqual([])

    // Past the lease, the sweeper sends it, once.
    clock.now = new Date(clock.now.getTime() + 2_000)
    expect(await deliverPending(at(), transport)).toBeGreaterThanOrEqual(1)
    expect(sent).toEqual([message!.id])
    await deliverPending(at(), transport)
    expect(sent).toEqual([message!.id])
    const mailbox = await listOutbox(p.db, 'sent', { limit: 100 })
    expect(mailbox.items.find((m) => m.id === message!.id)?.status).toBe('sent')
  })

  it('lands in the local mailbox, newest first', async () => {
    const messages = await enqueue(2)
    await deliverToLocalMailbox(ctx())
    const mailbox = await p.call('GET', '/api/dev-mail')
    expect(mailbox.status).toBe(200)
    expect(mailbox.json.items.map((m: { id: string }) => m.id)).toEqual(
      expect.arrayContaining(messages.map((m) => m.id)),
    )
    expect(mailbox.json.items[0].status).toBe('sent')
    expect((await p.call('GET', '/api/dev-mail?limit=0')).status).toBe(400)
  })
})

describe('the tests’ mail helpers', () => {
  it('read every email to the end: one written after 250 others is found, so “no email was sent” cannot pass vacuously', async () => {
    const own = await createTestPlatform()
    const message = (to: string, i: number): OutboxMessage => ({
      id: newId(),
      to,
      subject: `Message ${i}`,
      text: 'Hello',
      kind: 'test',
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      status: 'pending',
    })
    const others = Array.from({ length: 250 }, (_, i) => message(`person${i}@test.example`, i))
    for (let i = 0; i < others.length; i += 50)
      await commit(
        own.db,
        others.slice(i, i + 50).map((m) => outboxPut(own.db, m)),
      )
    expect(await emailsTo(own.db, 'last@test.example')).toEqual([])
    const last = message('last@test.example', 250)
    await commit(own.db, [outboxPut(own.db, last)])

    expect(await everyEmail(own.db)).toHaveLength(251)
    expect((await emailsTo(own.db, 'Last@Test.example', 'test')).map((m) => m.id)).toEqual([last.id])
    expect(await emailsTo(own.db, 'last@test.example', 'receipt')).toEqual([])
  })
})
