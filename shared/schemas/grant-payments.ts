// Recording the payment of a tranche: what the manager sends. The payment itself is stored on
// the grant's progress (`TranchePayment` in grants.ts) and in the ledger (cause `paid`).
import * as z from 'zod'
import { MAX_PENCE } from './common.js'
import { IsoDate } from './grants.js'

export const PaymentInput = z
  .object({
    /** The grant's version the manager read; a stale one is a 409. Optional: the tranche's state decides. */
    version: z.number().int().min(1).optional(),
    /** The date the money was sent, Europe/London: not in the future, not before the grant was accepted. */
    paidOn: IsoDate,
    amountPence: z
      .number({ message: 'must be a whole number of pence' })
      .int('must be a whole number of pence')
      .min(1, 'must be more than £0')
      .max(MAX_PENCE, 'must be at most £100,000,000'),
    /** The bank or finance system's reference for the payment. */
    reference: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(100, 'must be at most 100 characters')
      .refine((s) => !/[\r\n]/.test(s), 'must be on one line'),
  })
  .strict()
  .meta({
    id: 'PaymentInput',
    description:
      'A payment of one due tranche, in full: `amountPence` must equal the tranche’s current amount (a part payment is refused); `paidOn` (YYYY-MM-DD, Europe/London) not in the future and not before the grantee accepted the agreement; `reference` the finance system’s reference, 1–100 characters on one line.',
  })
export type PaymentInput = z.infer<typeof PaymentInput>
