// Delivering the outbox, at least once per message. A deliverer claims a message for a lease
// (pending → sending) before handing it to the transport and marks it sent after, so two
// deliverers never send it at the same time; if the transport fails the claim is undone and
// the message waits for the next try. If the deliverer dies between claim and send (a crash,
// an out-of-memory kill), the lease runs out and the sweeper sends it again. The price of
// never dropping one: a deliverer that dies after the transport accepted the message but
// before marking it sent leaves it to be sent a second time. A message to a suppressed address
// (an earlier email to it bounced or was complained about) is marked undeliverable, not sent.
import { randomUUID } from 'node:crypto'
import type { OutboxMessage } from '../../../shared/schemas/outbox.js'
import {
  claimForSending,
  listExpiredClaims,
  listOutbox,
  markPending,
  markSent,
  markUndeliverable,
} from '../../db/outbox-repo.js'
import { isSuppressed } from '../../db/suppression-repo.js'
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

/** What became of a message handed to deliver(); `failed`: the transport threw (the message is pending again). */
export type DeliveryOutcome = 'sent' | 'already-sent' | 'undeliverable' | 'failed'

/**
 * Told each outcome once it is committed (the handler layer counts them as metrics); a
 * failure comes with the transport's error.
 */
export type DeliveryObserver = (outcome: DeliveryOutcome, error?: unknown) => void

export async function deliver(
  ctx: Pick<Ctx, 'db' | 'now'>,
  message: OutboxMessage,
  transport: Transport,
  observe: DeliveryObserver = () => {},
): Promise<Exclude<DeliveryOutcome, 'failed'>> {
  const outcome = await deliverOnce(ctx, message, transport).catch((error: unknown) => {
    observe('failed', error)
    throw error
  })
  observe(outcome)
  return outcome
}

async function deliverOnce(
  ctx: Pick<Ctx, 'db' | 'now'>,
  message: OutboxMessage,
  transport: Transport,
): Promise<Exclude<DeliveryOutcome, 'failed'>> {
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
  if (await isSuppressed(ctx.db, message.to, now)) {
    try {
      await markUndeliverable(ctx.db, message, { reason: 'suppressed', at: now.toISOString(), claim })
      return 'undeliverable'
    } catch (error) {
      // Our lease ran out and another deliverer took it over: it finds the address suppressed too.
      if (error instanceof ConditionFailed) return 'already-sent'
      throw error
    }
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
export async function deliverPending(
  ctx: Pick<Ctx, 'db' | 'now'>,
  transport: Transport,
  limit = 25,
  observe?: DeliveryObserver,
): Promise<number> {
  const [{ items: pending }, expired] = await Promise.all([
    listOutbox(ctx.db, 'pending', { limit }),
    listExpiredClaims(ctx.db, ctx.now().toISOString(), limit),
  ])
  let sent = 0
  let firstFailure: unknown
  for (const message of [...expired, ...pending]) {
    try {
      if ((await deliver(ctx, message, transport, observe)) === 'sent') sent++
    } catch (error) {
      firstFailure ??= error
    }
  }
  if (firstFailure !== undefined) throw firstFailure
  return sent
}

/**
 * How long the oldest pending message has waited, in whole seconds; 0 when none is pending.
 * Reads one page of the pending list (oldest first by when it was queued or requeued) and
 * takes the earliest `createdAt` on it, so a message that keeps failing still shows its age.
 */
export async function oldestPendingAgeSeconds(ctx: Pick<Ctx, 'db' | 'now'>, page = 25): Promise<number> {
  const { items } = await listOutbox(ctx.db, 'pending', { limit: page })
  if (!items.length) return 0
  const oldest = Math.min(...items.map((m) => Date.parse(m.createdAt)))
  return Math.max(0, Math.floor((ctx.now().getTime() - oldest) / 1000))
}
