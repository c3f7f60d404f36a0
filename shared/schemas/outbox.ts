// Emails the platform sends, as written to the outbox in the same transaction as the change
// that causes them.
import * as z from 'zod'
import { Id, IsoInstant } from './common.js'

export const OutboxMessage = z
  .object({
    id: Id,
    to: z.email(),
    subject: z.string(),
    text: z.string(),
    /** What caused it, e.g. "receipt". */
    kind: z.string(),
    createdAt: IsoInstant,
    /** `sending`: claimed by a deliverer until `leaseUntil`; after that the sweeper may send it again. */
    status: z.enum(['pending', 'sending', 'sent']),
    leaseUntil: IsoInstant.optional(),
    sentAt: IsoInstant.optional(),
  })
  .meta({ id: 'OutboxMessage' })
export type OutboxMessage = z.infer<typeof OutboxMessage>
