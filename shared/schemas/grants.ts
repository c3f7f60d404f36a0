// The grant agreement an accepted award becomes: dates, the offer's conditions, milestones,
// the payment schedule in tranches (adding up exactly to the award), outcome indicators; the
// manager's set-up input, and what the grantee sees of it.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Id, IsoInstant, Line, MAX_PENCE, Pence, Text } from './common.js'

/** Sizes a grant may have: bounded before any work is done on a request. */
export const GRANT_LIMITS = { milestones: 24, tranches: 24, indicators: 12, targets: 12 } as const

/** A calendar date (Europe/London), as YYYY-MM-DD. */
export const IsoDate = z.iso.date({ message: 'must be a date as YYYY-MM-DD' })

/** An id the manager's client gives a milestone, tranche or indicator, unique within its list. */
const LocalId = meta(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1 to 40 letters, digits, - or _')), {
  description: 'Chosen by the client (e.g. "m1"), unique within its list; kept across saves.',
})

/** A measured value: finite, and within ±10^12. */
const Measure = z.number().check(z.minimum(-1e12, 'is too small'), z.maximum(1e12, 'is too large'))

/**
 * draft → sent → active (accepted by the grantee) → completed (every milestone approved, every
 * tranche paid) or terminated (by the programme manager: the unpaid part returns to the pot).
 */
export const GrantStatus = z.enum(['draft', 'sent', 'active', 'completed', 'terminated'])
export type GrantStatus = z.infer<typeof GrantStatus>

export const Milestone = meta(
  z.strictObject({
    id: LocalId,
    title: Line(200),
    dueOn: IsoDate,
    evidence: z.pipe(Text(2000), z.string().check(z.minLength(1, 'is required'))),
  }),
  { id: 'Milestone', description: 'Due within the grant’s dates; `evidence`: what the grantee must show.' },
)
export type Milestone = z.infer<typeof Milestone>

export const TrancheTrigger = meta(
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('signing') }),
    z.strictObject({ kind: z.literal('milestone'), milestoneId: LocalId }),
    z.strictObject({ kind: z.literal('date'), on: IsoDate }),
  ]),
  {
    id: 'TrancheTrigger',
    description:
      'When a tranche falls due: on signing (acceptance), on the approval of a milestone of this grant, or on a date within the grant.',
  },
)
export type TrancheTrigger = z.infer<typeof TrancheTrigger>

export const IndicatorTarget = z.strictObject({ on: IsoDate, value: Measure })

export const Indicator = meta(
  z.strictObject({
    id: LocalId,
    measure: Line(200),
    unit: Line(40),
    better: z.enum(['higher', 'lower']),
    baseline: z.strictObject({ value: Measure, on: IsoDate }),
    targets: z
      .array(IndicatorTarget)
      .check(z.minLength(1, 'needs at least one target'), z.maxLength(GRANT_LIMITS.targets)),
  }),
  {
    id: 'Indicator',
    description: 'An outcome measured: its unit, which way is better, a baseline and dated targets after it.',
  },
)
export type Indicator = z.infer<typeof Indicator>

export const Tranche = meta(
  z.object({
    id: LocalId,
    label: Line(200),
    amountPence: Pence,
    /** The percentage of the award it was given as, if it was (its amount is then the exact split). */
    percent: z.optional(z.number().check(z.int())),
    trigger: TrancheTrigger,
    /** The final share, held back until the completion report is approved. */
    holdback: z.optional(z.literal(true)),
  }),
  { id: 'Tranche' },
)
export type Tranche = z.infer<typeof Tranche>

/** Where a milestone is: its report not yet in, in for review, queried, approved, or rejected (to be sent again). */
export const MilestoneStatus = z.enum(['upcoming', 'submitted', 'queried', 'approved', 'rejected'])
export type MilestoneStatus = z.infer<typeof MilestoneStatus>

export const MilestoneProgress = meta(
  z.object({
    status: MilestoneStatus,
    /** When it is due now: the agreement's date, or a later one an approved change request set. */
    dueOn: IsoDate,
    /** The manager chose to show it, with its status, on the public results page. */
    public: z.boolean(),
    approvedAt: z.optional(IsoInstant),
    approvedBy: z.optional(z.string()),
    approvedByName: z.optional(z.string()),
    /** When the grantee was reminded it is due in 14 days, and that it is overdue (once each). */
    remindedDueAt: z.optional(IsoInstant),
    remindedOverdueAt: z.optional(IsoInstant),
  }),
  { id: 'MilestoneProgress' },
)
export type MilestoneProgress = z.infer<typeof MilestoneProgress>

/**
 * A tranche: `scheduled` until it falls due (on signing, its milestone approved, or its date
 * reached: a dated tranche is due from that date without a write), `due`, `paid` once, or
 * `cancelled` (a reduction or termination returned it to the pot).
 */
export const TrancheStatus = z.enum(['scheduled', 'due', 'paid', 'cancelled'])
export type TrancheStatus = z.infer<typeof TrancheStatus>

export const TranchePayment = meta(
  z.object({
    /** The date the money was sent (Europe/London). */
    paidOn: IsoDate,
    amountPence: Pence,
    reference: z.string(),
    recordedAt: IsoInstant,
    recordedBy: z.string(),
    recordedByName: z.string(),
  }),
  { id: 'TranchePayment' },
)
export type TranchePayment = z.infer<typeof TranchePayment>

export const TrancheProgress = meta(
  z.object({
    status: TrancheStatus,
    /** What it pays now: the agreement's amount, or less after a reduction. */
    amountPence: Pence,
    /** When it fell due (a milestone's approval, or the grantee's signing). */
    dueAt: z.optional(IsoInstant),
    /**
     * Who authorised it: the manager who approved its milestone, or who sent the agreement for a
     * tranche due on signing or on a date. Never the person who records its payment (four eyes).
     */
    authorisedBy: z.optional(z.string()),
    payment: z.optional(TranchePayment),
  }),
  { id: 'TrancheProgress' },
)
export type TrancheProgress = z.infer<typeof TrancheProgress>

/** An indicator's actual value for a period, from an approved report or a check-in. */
export const IndicatorActual = meta(z.object({ on: IsoDate, value: Measure }), { id: 'IndicatorActual' })
export type IndicatorActual = z.infer<typeof IndicatorActual>

/** A grant's life after acceptance, beside the agreement (which stays as accepted). */
export const GrantProgress = meta(
  z.object({
    milestones: z.record(z.string(), MilestoneProgress),
    tranches: z.record(z.string(), TrancheProgress),
    /** Actuals per indicator id, oldest first. */
    actuals: z.record(z.string(), z.array(IndicatorActual)),
  }),
  { id: 'GrantProgress' },
)
export type GrantProgress = z.infer<typeof GrantProgress>

/** Where a check-in round stands on the grant (the check-in itself is an item of its own). */
export const GrantCheckInMarks = meta(
  z.object({ emailedAt: z.optional(IsoInstant), submittedAt: z.optional(IsoInstant) }),
  { id: 'GrantCheckInMarks' },
)
/**
 * One change to a grant after acceptance, as it was made: who, when, why, and each field from
 * → to (indicators as a one-line summary each way). Written with the change, never edited.
 */
export const Amendment = meta(
  z.object({
    /** The grant's version this change made. */
    version: z.number().check(z.int()),
    kind: z.enum(['extend', 'scope', 'indicators', 'reduce', 'terminate', 'repayment']),
    /** The grantee's change request it approved, if it came from one. */
    changeId: z.optional(z.string()),
    reason: z.string(),
    at: IsoInstant,
    by: z.string(),
    byName: z.string(),
    changes: z.array(
      z.object({ field: z.string(), from: z.union([z.string(), z.number()]), to: z.union([z.string(), z.number()]) }),
    ),
  }),
  { id: 'Amendment' },
)
export type Amendment = z.infer<typeof Amendment>

export const Grant = meta(
  z.object({
    competitionId: Id,
    applicationId: Id,
    organisationName: z.string(),
    /**
     * The award: as accepted, the agreement's tranches add up to exactly this; after a reduction,
     * termination or repayment, what it is now (the award item's amount, too), the original
     * being in the first such amendment's `from`.
     */
    awardPence: Pence,
    startsOn: IsoDate,
    endsOn: IsoDate,
    /** The conditions of the offer the grantee accepted. */
    conditions: z.string(),
    milestones: z.array(Milestone),
    tranches: z.array(Tranche),
    indicators: z.array(Indicator),
    /** Private to programme managers. */
    notes: z.string(),
    status: GrantStatus,
    version: z.number().check(z.int()),
    createdAt: IsoInstant,
    createdBy: z.string(),
    updatedAt: IsoInstant,
    updatedBy: z.string(),
    updatedByName: z.string(),
    sentAt: z.optional(IsoInstant),
    sentBy: z.optional(z.string()),
    acceptedAt: z.optional(IsoInstant),
    acceptedBy: z.optional(z.string()),
    acceptedByName: z.optional(z.string()),
    /** From acceptance on: each milestone's and tranche's state, and indicator actuals. */
    progress: z.optional(GrantProgress),
    /** Paid so far, the sum of the tranches' payments (less any recorded repayment); never more than the award. */
    paidPence: z._default(Pence, 0),
    /** Each check-in round after the end (6 and 12 months): when its opening was emailed, when it was submitted. */
    checkIns: z.optional(z.partialRecord(z.enum(['6', '12']), GrantCheckInMarks)),
    /** Money paid and given back by the grantee (recorded repayments): off `paidPence` and `awardPence` both (absent: none). */
    repaidPence: z.optional(Pence),
    /** The work as an approved scope change last described it (absent: as in the application). */
    scope: z.optional(z.string()),
    /** The grantee's change requests still waiting for a decision (bounded: see GRANT_CHANGE_LIMITS; absent: none). */
    openChanges: z.optional(z.number().check(z.int())),
    /** Change requests ever made (bounded, so they are listed in one read; absent: none). */
    changeRequests: z.optional(z.number().check(z.int())),
    /** Every change after acceptance, oldest first: change requests approved, reductions, termination, repayments (absent: none). */
    amendments: z.optional(z.array(Amendment)),
  }),
  { id: 'Grant' },
)
export type Grant = z.infer<typeof Grant>

export const TrancheInput = meta(
  z
    .strictObject({
      id: LocalId,
      label: Line(200),
      percent: z.optional(
        z
          .number({ message: 'must be a whole percentage' })
          .check(
            z.int('must be a whole percentage'),
            z.minimum(1, 'must be at least 1'),
            z.maximum(100, 'must be at most 100'),
          ),
      ),
      amountPence: z.optional(
        z
          .number({ message: 'must be a whole number of pence' })
          .check(
            z.int('must be a whole number of pence'),
            z.minimum(1, 'must be more than £0'),
            z.maximum(MAX_PENCE, 'must be at most £100,000,000'),
          ),
      ),
      trigger: TrancheTrigger,
      holdback: z.optional(z.literal(true)),
    })
    .check(
      z.superRefine((t, ctx) => {
        if ((t.percent === undefined) === (t.amountPence === undefined))
          ctx.addIssue({ code: 'custom', path: ['amountPence'], message: 'give either a percent or an amountPence' })
      }),
    ),
  {
    id: 'TrancheInput',
    description:
      'A whole percentage of the award or a fixed amount in integer pence (one of them). Percentages are converted exactly: each rounded down to the penny, the pence left over on the last percentage tranche.',
  },
)
export type TrancheInput = z.infer<typeof TrancheInput>

export const GrantSetupInput = meta(
  z.strictObject({
    /** 0 to create the grant; otherwise the version read (a stale one is a 409). */
    version: z.number().check(z.int(), z.minimum(0)),
    startsOn: IsoDate,
    endsOn: IsoDate,
    milestones: z
      .array(Milestone)
      .check(z.maxLength(GRANT_LIMITS.milestones, `must have at most ${GRANT_LIMITS.milestones}`)),
    tranches: z
      .array(TrancheInput)
      .check(
        z.minLength(1, 'needs at least one tranche'),
        z.maxLength(GRANT_LIMITS.tranches, `must have at most ${GRANT_LIMITS.tranches}`),
      ),
    indicators: z
      .array(Indicator)
      .check(z.maxLength(GRANT_LIMITS.indicators, `must have at most ${GRANT_LIMITS.indicators}`)),
    notes: z._default(Text(2000), ''),
  }),
  {
    id: 'GrantSetupInput',
    description: `The grant agreement as the manager saves it (version 0 creates it). The tranches must add up exactly to the award in pence; a milestone-triggered tranche names a milestone of this grant; milestones and dated tranches fall within startsOn–endsOn; at most one holdback tranche, and it comes last. At most ${GRANT_LIMITS.milestones} milestones, ${GRANT_LIMITS.tranches} tranches, ${GRANT_LIMITS.indicators} indicators of ${GRANT_LIMITS.targets} targets each; amounts in integer pence, up to £100,000,000.`,
  },
)
export type GrantSetupInput = z.infer<typeof GrantSetupInput>

/** What the grantee sees of their grant's progress: no manager ids or names. */
export const GranteeProgress = meta(
  z.object({
    milestones: z.record(z.string(), z.pick(MilestoneProgress, { status: true, dueOn: true, approvedAt: true })),
    tranches: z.record(
      z.string(),
      z.extend(z.pick(TrancheProgress, { status: true, amountPence: true, dueAt: true }), {
        payment: z.optional(z.pick(TranchePayment, { paidOn: true, amountPence: true, reference: true })),
      }),
    ),
    actuals: z.record(z.string(), z.array(IndicatorActual)),
  }),
  { id: 'GranteeProgress' },
)

/** What the grantee sees of their grant: no manager ids, no notes. */
export const GranteeGrant = meta(
  z.extend(
    z.pick(Grant, {
      competitionId: true,
      applicationId: true,
      organisationName: true,
      awardPence: true,
      startsOn: true,
      endsOn: true,
      conditions: true,
      milestones: true,
      tranches: true,
      indicators: true,
      status: true,
      version: true,
      sentAt: true,
      acceptedAt: true,
      acceptedByName: true,
      paidPence: true,
      repaidPence: true,
      scope: true,
    }),
    { progress: z.optional(GranteeProgress) },
  ),
  { id: 'GranteeGrant' },
)
export type GranteeGrant = z.infer<typeof GranteeGrant>
