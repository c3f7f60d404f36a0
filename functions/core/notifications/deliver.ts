// Delivering the outbox, at least once per message. A deliverer claims a message for a lease
// (pending → sending) before handing it to the transport and marks it sent after, so two
// deliverers never send it at the same time; if the transport fails the claim is undone and
// the message waits for the next try. If the deliverer dies between claim and send (a crash,
// an out-of-memory kill), the lease runs out and the sweeper sends it again. The price of
// never dropping one: a deliverer that dies after the transport accepted the message but
// before marking it sent leaves it to be sent a second time.
import { randomUUID } from 'node:crypto'
import type { OutboxMessage } from '../../../shared/schemas/outbox.js'
import { claimForSending, listExpiredClaims, listOutbox, markPending, markSent } from '../../db/outbox-repo.js'
import { ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'

/** Sends one email: SES in the cloud; locally nothing, as the mailbox is the sent messages. */
export type Transport = (message: OutboxMessage) => Promise<void>

/**
 * How long a claim holds a message. Longer than any deliverer can live holding one (the
 * events stack's functions time out well within it: an infra test checks), so a live
 * deliverer never has its message taken over; short enough that a dropped one goes out soon.
 */
export const OUTBOX_LEASE_MS = 3 * 60_000

export async function deliver(
  ctx: Pick<Ctx, 'db' | 'now'>,
  message: OutboxMessage,
  transport: Transport,
): Promise<'sent' | 'already-sent'> {
  const claim = randomUUID()
  const now = ctx.now()
  try {
    await claimForSending(ctx.db, message.id, {
      claim,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + OUTBOX_LEASE_MS).toISOString(),
    })
  } catch (error) {
    // Sent already, or another deliverer holds a live claim on it.
    if (error instanceof ConditionFailed) return 'already-sent'
    throw error
  }
  try {
    await transport(message)
  } catch (error) {
    // If the lease was taken over meanwhile, the new holder sends it.
    await markPending(ctx.db, message.id, claim, ctx.now().toISOString()).catch((undo: unknown) => {
      if (!(undo instanceof ConditionFailed)) throw undo
    })
    throw error
  }
  try {
    await markSent(ctx.db, message.id, claim, ctx.now().toISOString())
  } catch (error) {
    // Our lease ran out and another deliverer took it over: it was sent (by us, and maybe again by them).
    if (!(error instanceof ConditionFailed)) throw error
  }
  return 'sent'
}

/**
 * Delivers up to `limit` pending messages, oldest first, and up to `limit` whose claim's lease
 * ran out, and returns how many it sent. A failed message goes to the back of the queue and
 * the others are still tried; if any failed, the first failure is thrown at the end so the
 * caller sees it.
 */
export async function deliverPending(ctx: Pick<Ctx, 'db' | 'now'>, transport: Transport, limit = 25): Promise<number> {
  const [{ items: pending }, expired] = await Promise.all([
    listOutbox(ctx.db, 'pending', { limit }),
    listExpiredClaims(ctx.db, ctx.now().toISOString(), limit),
  ])
  let sent = 0
  let firstFailure: unknown
  for (const message of [...expired, ...pending]) {
    try {
      if ((await deliver(ctx, message, transport)) === 'sent') sent++
    } catch (error) {
      firstFailure ??= error
    }
  }
  if (firstFailure !== undefined) throw firstFailure
  return sent
}
