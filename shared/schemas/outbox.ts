// Emails the platform sends, as written to the outbox in the same transaction as the change
// that causes them.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Id, IsoInstant } from './common.js'

export const OutboxMessage = meta(
  z.object({
    id: Id,
    to: z.email(),
    subject: z.string(),
    text: z.string(),
    /** What caused it, e.g. "receipt". */
    kind: z.string(),
    createdAt: IsoInstant,
    /** `sending`: claimed by a deliverer until `leaseUntil`; after that the sweeper may send it again. */
    status: z.enum(['pending', 'sending', 'sent']),
    leaseUntil: z.optional(IsoInstant),
    sentAt: z.optional(IsoInstant),
  }),
  { id: 'OutboxMessage' },
)
export type OutboxMessage = z.infer<typeof OutboxMessage>
