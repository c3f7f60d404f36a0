// Recording the payment of a tranche: what the manager sends. The payment itself is stored on
// the grant's progress (`TranchePayment` in grants.ts) and in the ledger (cause `paid`).
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { MAX_PENCE } from './common.js'
import { IsoDate } from './grants.js'

export const PaymentInput = meta(
  z.strictObject({
    /** The grant's version the manager read; a stale one is a 409. Optional: the tranche's state decides. */
    version: z.optional(z.number().check(z.int(), z.minimum(1))),
    /** The date the money was sent, Europe/London: not in the future, not before the grant was accepted. */
    paidOn: IsoDate,
    amountPence: z
      .number({ message: 'must be a whole number of pence' })
      .check(
        z.int('must be a whole number of pence'),
        z.minimum(1, 'must be more than £0'),
        z.maximum(MAX_PENCE, 'must be at most £100,000,000'),
      ),
    /** The bank or finance system's reference for the payment. */
    reference: z.string().check(
      z.trim(),
      z.minLength(1, 'is required'),
      z.maxLength(100, 'must be at most 100 characters'),
      z.refine((s) => !/[\r\n]/.test(s), 'must be on one line'),
    ),
  }),
  {
    id: 'PaymentInput',
    description:
      'A payment of one due tranche, in full: `amountPence` must equal the tranche’s current amount (a part payment is refused); `paidOn` (YYYY-MM-DD, Europe/London) not in the future and not before the grantee accepted the agreement; `reference` the finance system’s reference, 1–100 characters on one line.',
  },
)
export type PaymentInput = z.infer<typeof PaymentInput>
