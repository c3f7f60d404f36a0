// SES event publishing's bounce and complaint notifications (the JSON each SNS record carries),
// read into core's DeliveryFeedback and recorded. Shared by the cloud handler
// (functions/events/ses-feedback.ts) and the local mailbox's "mark as bounced", so both run the
// same path. Input is bounded and checked before any work: a notification that is not one of
// ours (malformed JSON, another event type, too large) is skipped, not retried for ever.
import type { SNSEvent } from 'aws-lambda'
import * as z from 'zod/mini'
import { type DeliveryFeedback, type FeedbackResult, recordDeliveryFeedback } from '../core/notifications/feedback.js'
import type { Ctx } from '../core/context.js'
import { log } from '../core/log.js'
import { putMetric } from './metrics.js'
import { OUTBOX_MESSAGE_TAG } from './ses-tags.js'

/** SNS messages are at most 256 KB; anything longer is not from SES. */
export const MAX_NOTIFICATION_CHARS = 256 * 1024
/** SES sends to at most 50 recipients per email. */
const MAX_RECIPIENTS = 50

const Address = z.string().check(z.maxLength(320))
const Recipients = z.array(z.object({ emailAddress: Address })).check(z.minLength(1), z.maxLength(MAX_RECIPIENTS))
const Mail = z.object({
  messageId: z.optional(z.string().check(z.maxLength(200))),
  destination: z.optional(z.array(Address).check(z.maxLength(MAX_RECIPIENTS))),
  tags: z.optional(z.record(z.string().check(z.maxLength(256)), z.array(z.string().check(z.maxLength(256))))),
})

const SesEvent = z.discriminatedUnion('eventType', [
  z.object({
    eventType: z.literal('Bounce'),
    mail: Mail,
    bounce: z.object({
      bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
      bouncedRecipients: Recipients,
    }),
  }),
  z.object({
    eventType: z.literal('Complaint'),
    mail: Mail,
    complaint: z.object({ complainedRecipients: Recipients }),
  }),
])
type SesEvent = z.infer<typeof SesEvent>

/** A notification read, or why it was skipped. */
export type ParsedNotification = { ok: true; feedback: DeliveryFeedback } | { ok: false; why: string }

/** Reads one SES event-publishing notification (SNS `Message`); never throws. */
export function parseSesNotification(raw: unknown): ParsedNotification {
  if (typeof raw !== 'string') return { ok: false, why: 'not a string' }
  if (raw.length > MAX_NOTIFICATION_CHARS) return { ok: false, why: 'too large' }
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return { ok: false, why: 'not JSON' }
  }
  const event = SesEvent.safeParse(json)
  if (!event.success) return { ok: false, why: 'not a bounce or complaint event' }
  return { ok: true, feedback: feedbackOf(event.data) }
}

function feedbackOf(event: SesEvent): DeliveryFeedback {
  const outboxMessageId = event.mail.tags?.[OUTBOX_MESSAGE_TAG]?.[0]
  return event.eventType === 'Bounce'
    ? {
        kind: 'bounce',
        bounceType: event.bounce.bounceType,
        outboxMessageId,
        recipients: event.bounce.bouncedRecipients.map((r) => r.emailAddress),
      }
    : {
        kind: 'complaint',
        outboxMessageId,
        recipients: event.complaint.complainedRecipients.map((r) => r.emailAddress),
      }
}

/**
 * Records one notification: skipped (undefined) if it does not parse; otherwise suppressed and
 * marked, counting EmailBounced or EmailComplained once, when it first changed anything. A
 * storage error is thrown, so the invocation is retried (recording is idempotent).
 */
export async function recordSesNotification(
  ctx: Pick<Ctx, 'db' | 'now'>,
  raw: unknown,
): Promise<FeedbackResult | { recorded: false; why: string }> {
  const parsed = parseSesNotification(raw)
  if (!parsed.ok) return { recorded: false, why: parsed.why }
  const result = await recordDeliveryFeedback(ctx, parsed.feedback)
  if (result.recorded && result.changed) putMetric(result.reason === 'bounced' ? 'EmailBounced' : 'EmailComplained')
  return result
}

/**
 * Every record of an SNS delivery, in order. A poison record (see parseSesNotification) is
 * logged and skipped, so it cannot fail the invocation for ever; a storage error is thrown, so
 * Lambda retries the whole invocation (records already recorded are then no-ops).
 */
export async function recordSnsEvent(ctx: Pick<Ctx, 'db' | 'now'>, event: Pick<SNSEvent, 'Records'>): Promise<void> {
  for (const record of (event.Records ?? []).slice(0, MAX_RECORDS)) {
    const result = await recordSesNotification(ctx, record.Sns?.Message)
    // No addresses in the log: the SNS message id finds the notification.
    if (!result.recorded && result.why !== 'not-permanent')
      log.warn('SES notification skipped', { snsMessageId: record.Sns?.MessageId, why: result.why })
    else log.info('SES notification recorded', { snsMessageId: record.Sns?.MessageId, ...result })
  }
}

/** SNS delivers one record per invocation; more than this is not SNS. */
const MAX_RECORDS = 10

/** The notification SES would publish about an email, for the local mailbox's "mark as bounced / complained". */
export function sesNotificationFor(
  message: { id: string; to: string },
  kind: 'bounce' | 'complaint',
  at: Date,
): string {
  const mail = {
    timestamp: at.toISOString(),
    messageId: `local-${message.id}`,
    destination: [message.to],
    tags: { [OUTBOX_MESSAGE_TAG]: [message.id] },
  }
  const recipients = [{ emailAddress: message.to }]
  return JSON.stringify(
    kind === 'bounce'
      ? {
          eventType: 'Bounce',
          mail,
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            bouncedRecipients: recipients,
            timestamp: mail.timestamp,
          },
        }
      : { eventType: 'Complaint', mail, complaint: { complainedRecipients: recipients, timestamp: mail.timestamp } },
  )
}
