// Delivering the outbox. A message is claimed (pending → sent, conditionally) before it is
// handed to the transport, so two deliverers never send it twice; if the transport fails
// the claim is undone and the message waits for the next try.
import type { OutboxMessage } from '../../../shared/schemas/outbox.js'
import { listOutbox, markPending, markSent } from '../../db/outbox-repo.js'
import { ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'

/** Sends one email: SES in the cloud; locally nothing, as the mailbox is the sent messages. */
export type Transport = (message: OutboxMessage) => Promise<void>

export async function deliver(ctx: Pick<Ctx, 'db' | 'now'>, message: OutboxMessage, transport: Transport): Promise<'sent' | 'already-sent'> {
  try {
    await markSent(ctx.db, message, ctx.now().toISOString())
  } catch (error) {
    if (error instanceof ConditionFailed) return 'already-sent'
    throw error
  }
  try {
    await transport(message)
  } catch (error) {
    await markPending(ctx.db, message, ctx.now().toISOString())
    throw error
  }
  return 'sent'
}

/**
 * Delivers up to `limit` pending messages, oldest first, and returns how many it sent. A
 * failed message goes to the back of the queue and the others are still tried; if any
 * failed, the first failure is thrown at the end so the caller sees it.
 */
export async function deliverPending(ctx: Pick<Ctx, 'db' | 'now'>, transport: Transport, limit = 25): Promise<number> {
  const { items } = await listOutbox(ctx.db, 'pending', { limit })
  let sent = 0
  let firstFailure: unknown
  for (const message of items) {
    try {
      if ((await deliver(ctx, message, transport)) === 'sent') sent++
    } catch (error) {
      firstFailure ??= error
    }
  }
  if (firstFailure !== undefined) throw firstFailure
  return sent
}
