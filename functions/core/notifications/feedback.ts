// What SES tells us after it took an email: a permanent bounce or a complaint suppresses the
// address (the outbox never sends to it again) and marks the email undeliverable, which its
// competition's manager then sees. Transient and undetermined bounces change nothing: SES has
// already retried, and the next email may well arrive.
import { getOutboxMessage, markUndeliverable } from '../../db/outbox-repo.js'
import { suppressAddress } from '../../db/suppression-repo.js'
import { ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'

/** One bounce or complaint notification, as far as the platform cares. */
export type DeliveryFeedback = {
  kind: 'bounce' | 'complaint'
  /** For a bounce: only `Permanent` suppresses. */
  bounceType?: 'Permanent' | 'Transient' | 'Undetermined'
  /** The outbox message the email was (from the tag the mailer put on it), if it carried one. */
  outboxMessageId?: string
  /** The addresses that bounced or complained. */
  recipients: string[]
}

export type FeedbackResult =
  | { recorded: false; why: 'not-permanent' }
  /**
   * `changed`: this is the first time the notification was recorded (false when the same one comes
   * again, however many copies race): the one copy that marked its email, or, with no email of ours
   * to mark, the one that suppressed an address. A copy can win one write and another copy the
   * other, so "either write" would count the one bounce twice.
   */
  | { recorded: true; reason: 'bounced' | 'complained'; suppressed: number; messageMarked: boolean; changed: boolean }

export async function recordDeliveryFeedback(
  ctx: Pick<Ctx, 'db' | 'now'>,
  feedback: DeliveryFeedback,
): Promise<FeedbackResult> {
  if (feedback.kind === 'bounce' && feedback.bounceType !== 'Permanent')
    return { recorded: false, why: 'not-permanent' }
  const reason = feedback.kind === 'bounce' ? 'bounced' : 'complained'
  const at = ctx.now().toISOString()
  const recipients = [...new Set(feedback.recipients.map((address) => address.trim().toLowerCase()))]
  let suppressed = 0
  for (const address of recipients)
    if (await suppressAddress(ctx.db, address, { reason, at, messageId: feedback.outboxMessageId })) suppressed++
  let messageMarked = false
  const message = feedback.outboxMessageId ? await getOutboxMessage(ctx.db, feedback.outboxMessageId) : undefined
  // Only the message that went to one of these addresses: a tag never marks someone else's email.
  const ours = message !== undefined && recipients.includes(message.to.toLowerCase())
  if (message && ours) {
    try {
      await markUndeliverable(ctx.db, message, { reason, at })
      messageMarked = true
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error
    }
  }
  return { recorded: true, reason, suppressed, messageMarked, changed: ours ? messageMarked : suppressed > 0 }
}
