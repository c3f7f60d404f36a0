// Emails the platform sends, as written to the outbox in the same transaction as the change
// that causes them; and what the manager sees of those that could not be delivered.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Id, IsoInstant } from './common.js'

/**
 * Why a message was not delivered: SES reported a permanent bounce or a complaint about it, or
 * the address was already suppressed (an earlier email to it bounced or was complained about),
 * so it was never sent.
 */
export const UndeliverableReason = z.enum(['bounced', 'complained', 'suppressed'])
export type UndeliverableReason = z.infer<typeof UndeliverableReason>

export const OutboxMessage = meta(
  z.object({
    id: Id,
    to: z.email(),
    subject: z.string(),
    text: z.string(),
    /** What caused it, e.g. "receipt". */
    kind: z.string(),
    createdAt: IsoInstant,
    /**
     * `sending`: claimed by a deliverer until `leaseUntil`; after that the sweeper may send it again.
     * `undeliverable`: bounced, complained about, or not sent because its address is suppressed.
     */
    status: z.enum(['pending', 'sending', 'sent', 'undeliverable']),
    leaseUntil: z.optional(IsoInstant),
    sentAt: z.optional(IsoInstant),
    /** The competition and application an applicant's email is about (receipt, offer, decision), so a manager sees it if it is not delivered. */
    competitionId: z.optional(Id),
    applicationId: z.optional(Id),
    undeliverableReason: z.optional(UndeliverableReason),
    undeliverableAt: z.optional(IsoInstant),
  }),
  { id: 'OutboxMessage' },
)
export type OutboxMessage = z.infer<typeof OutboxMessage>

/** An email about an application that did not reach the applicant, as its competition's manager sees it. */
export const UndeliveredEmail = meta(
  z.strictObject({
    messageId: Id,
    applicationId: Id,
    to: z.email(),
    /** Which email: "receipt", "award-offer" or "decision". */
    kind: z.string(),
    subject: z.string(),
    createdAt: IsoInstant,
    reason: UndeliverableReason,
    at: IsoInstant,
  }),
  {
    id: 'UndeliveredEmail',
    description:
      'An email about an application that was not delivered: SES reported a permanent bounce or a complaint, or the address was suppressed before it was sent.',
  },
)
export type UndeliveredEmail = z.infer<typeof UndeliveredEmail>

export const UndeliveredEmailList = meta(
  z.strictObject({ items: z.array(UndeliveredEmail), nextCursor: z.optional(z.string()) }),
  { id: 'UndeliveredEmailList', description: 'Undelivered emails about a competition’s applications, newest first.' },
)
export type UndeliveredEmailList = z.infer<typeof UndeliveredEmailList>
