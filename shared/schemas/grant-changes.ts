// Changes to a grant after acceptance: the grantee's change requests (extend a milestone, change
// the scope or the indicators, reduce the award) and the manager's decisions on them, and the
// manager's own reduction, termination and recorded repayment.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Id, IsoInstant, Line, MAX_PENCE, Text } from './common.js'
import { GRANT_LIMITS, Indicator, IsoDate } from './grants.js'

/** Bounds on change requests: a few open at once, and a bounded history (listed in one read). */
export const GRANT_CHANGE_LIMITS = { open: 3, total: 50, amendments: 60 } as const

/** How far past the grant's end date one extension may move a milestone (and the end date with it). */
export const MAX_EXTENSION_DAYS = 366

const Reason = z.pipe(Text(2000), z.string().check(z.minLength(1, 'is required')))

const AwardPence = z
  .number({ message: 'must be a whole number of pence' })
  .check(
    z.int('must be a whole number of pence'),
    z.minimum(1, 'must be more than £0'),
    z.maximum(MAX_PENCE, 'must be at most £100,000,000'),
  )

export const ChangeKind = z.enum(['extend', 'scope', 'indicators', 'reduce'])
export type ChangeKind = z.infer<typeof ChangeKind>

export const ChangeRequestInput = meta(
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('extend'),
      milestoneId: z.string().check(z.minLength(1, 'is required'), z.maxLength(40, 'must be at most 40 characters')),
      newDueOn: IsoDate,
      reason: Reason,
    }),
    z.strictObject({
      kind: z.literal('scope'),
      scope: z.pipe(Text(5000), z.string().check(z.minLength(1, 'is required'))),
      reason: Reason,
    }),
    z.strictObject({
      kind: z.literal('indicators'),
      indicators: z
        .array(Indicator)
        .check(z.maxLength(GRANT_LIMITS.indicators, `must have at most ${GRANT_LIMITS.indicators}`)),
      reason: Reason,
    }),
    z.strictObject({ kind: z.literal('reduce'), amountPence: AwardPence, reason: Reason }),
  ]),
  {
    id: 'ChangeRequestInput',
    description: `What the grantee asks to change, and why. \`extend\`: a milestone not yet approved to a later date than it is due now; a date after the grant's end date moves the end date with it, at most ${MAX_EXTENSION_DAYS} days past it. \`scope\`: the new description of the work. \`indicators\`: the whole replacement list, checked as at set-up (ids unique, targets after their baseline; at most ${GRANT_LIMITS.indicators}); actuals recorded for an id that stays are kept. \`reduce\`: the new award in integer pence, less than the award and at least what is paid.`,
  },
)
export type ChangeRequestInput = z.infer<typeof ChangeRequestInput>

export const ChangeStatus = z.enum(['open', 'approved', 'refused'])
export type ChangeStatus = z.infer<typeof ChangeStatus>

export const ChangeRequest = meta(
  z.object({
    id: Id,
    competitionId: Id,
    applicationId: Id,
    request: ChangeRequestInput,
    status: ChangeStatus,
    version: z.number().check(z.int()),
    requestedAt: IsoInstant,
    requestedBy: z.string(),
    requestedByName: z.string(),
    decidedAt: z.optional(IsoInstant),
    decidedBy: z.optional(z.string()),
    decidedByName: z.optional(z.string()),
    /** The manager's reason: required to refuse, optional to approve. The grantee sees it. */
    decisionReason: z.optional(z.string()),
  }),
  { id: 'ChangeRequest' },
)
export type ChangeRequest = z.infer<typeof ChangeRequest>

/** What the grantee sees of a change request: no manager ids or names. */
export const GranteeChangeRequest = meta(
  z.pick(ChangeRequest, {
    id: true,
    request: true,
    status: true,
    version: true,
    requestedAt: true,
    requestedByName: true,
    decidedAt: true,
    decisionReason: true,
  }),
  { id: 'GranteeChangeRequest' },
)
export type GranteeChangeRequest = z.infer<typeof GranteeChangeRequest>

export const ChangeRequestList = meta(z.object({ items: z.array(ChangeRequest) }), { id: 'ChangeRequestList' })
export const GranteeChangeRequestList = meta(z.object({ items: z.array(GranteeChangeRequest) }), {
  id: 'GranteeChangeRequestList',
})

export const ChangeDecisionInput = meta(
  z
    .strictObject({
      decision: z.enum(['approve', 'refuse']),
      reason: z._default(Text(2000), ''),
      /** The change request's version as read. */
      version: z.number().check(z.int(), z.minimum(1)),
    })
    .check(
      z.superRefine((d, ctx) => {
        if (d.decision === 'refuse' && !d.reason)
          ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required to refuse: the grantee will see it' })
      }),
    ),
  { id: 'ChangeDecisionInput', description: 'A reason is required to refuse (the grantee sees it).' },
)
export type ChangeDecisionInput = z.infer<typeof ChangeDecisionInput>

const GrantVersion = meta(z.number().check(z.int(), z.minimum(1)), {
  description: 'The grant’s version as read (a stale one is a 409).',
})

export const ReduceAwardInput = meta(
  z.strictObject({ amountPence: AwardPence, reason: Reason, version: GrantVersion }),
  {
    id: 'ReduceAwardInput',
    description: 'The new award in integer pence: less than the award, at least what is paid.',
  },
)
export type ReduceAwardInput = z.infer<typeof ReduceAwardInput>

export const TerminateGrantInput = meta(z.strictObject({ reason: Reason, version: GrantVersion }), {
  id: 'TerminateGrantInput',
})
export type TerminateGrantInput = z.infer<typeof TerminateGrantInput>

export const RepaymentInput = meta(
  z.strictObject({
    amountPence: AwardPence,
    /** The date the money arrived (Europe/London). */
    receivedOn: IsoDate,
    reference: Line(100),
    reason: Reason,
    version: GrantVersion,
  }),
  {
    id: 'RepaymentInput',
    description: 'Money the grantee paid back: in integer pence, at most what is paid.',
  },
)
export type RepaymentInput = z.infer<typeof RepaymentInput>
