// The grant agreement an accepted award becomes: dates, the offer's conditions, milestones,
// the payment schedule in tranches (adding up exactly to the award), outcome indicators; the
// manager's set-up input, and what the grantee sees of it.
import * as z from 'zod'
import { Id, IsoInstant, Line, MAX_PENCE, Pence, Text } from './common.js'

/** Sizes a grant may have: bounded before any work is done on a request. */
export const GRANT_LIMITS = { milestones: 24, tranches: 24, indicators: 12, targets: 12 } as const

/** A calendar date (Europe/London), as YYYY-MM-DD. */
export const IsoDate = z.iso.date({ message: 'must be a date as YYYY-MM-DD' })

/** An id the manager's client gives a milestone, tranche or indicator, unique within its list. */
const LocalId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1 to 40 letters, digits, - or _')
  .meta({ description: 'Chosen by the client (e.g. "m1"), unique within its list; kept across saves.' })

/** A measured value: finite, and within ±10^12. */
const Measure = z.number().min(-1e12, 'is too small').max(1e12, 'is too large')

export const GrantStatus = z.enum(['draft', 'sent', 'active'])
export type GrantStatus = z.infer<typeof GrantStatus>

export const Milestone = z
  .object({
    id: LocalId,
    title: Line(200),
    dueOn: IsoDate,
    evidence: Text(2000).pipe(z.string().min(1, 'is required')),
  })
  .strict()
  .meta({ id: 'Milestone', description: 'Due within the grant’s dates; `evidence`: what the grantee must show.' })
export type Milestone = z.infer<typeof Milestone>

export const TrancheTrigger = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('signing') }).strict(),
    z.object({ kind: z.literal('milestone'), milestoneId: LocalId }).strict(),
    z.object({ kind: z.literal('date'), on: IsoDate }).strict(),
  ])
  .meta({
    id: 'TrancheTrigger',
    description:
      'When a tranche falls due: on signing (acceptance), on the approval of a milestone of this grant, or on a date within the grant.',
  })
export type TrancheTrigger = z.infer<typeof TrancheTrigger>

export const IndicatorTarget = z.object({ on: IsoDate, value: Measure }).strict()

export const Indicator = z
  .object({
    id: LocalId,
    measure: Line(200),
    unit: Line(40),
    better: z.enum(['higher', 'lower']),
    baseline: z.object({ value: Measure, on: IsoDate }).strict(),
    targets: z.array(IndicatorTarget).min(1, 'needs at least one target').max(GRANT_LIMITS.targets),
  })
  .strict()
  .meta({
    id: 'Indicator',
    description: 'An outcome measured: its unit, which way is better, a baseline and dated targets after it.',
  })
export type Indicator = z.infer<typeof Indicator>

export const Tranche = z
  .object({
    id: LocalId,
    label: Line(200),
    amountPence: Pence,
    /** The percentage of the award it was given as, if it was (its amount is then the exact split). */
    percent: z.number().int().optional(),
    trigger: TrancheTrigger,
    /** The final share, held back until the completion report is approved. */
    holdback: z.literal(true).optional(),
  })
  .meta({ id: 'Tranche' })
export type Tranche = z.infer<typeof Tranche>

export const Grant = z
  .object({
    competitionId: Id,
    applicationId: Id,
    organisationName: z.string(),
    /** The accepted award; the tranches add up to exactly this. */
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
    version: z.number().int(),
    createdAt: IsoInstant,
    createdBy: z.string(),
    updatedAt: IsoInstant,
    updatedBy: z.string(),
    updatedByName: z.string(),
    sentAt: IsoInstant.optional(),
    sentBy: z.string().optional(),
    acceptedAt: IsoInstant.optional(),
    acceptedBy: z.string().optional(),
    acceptedByName: z.string().optional(),
  })
  .meta({ id: 'Grant' })
export type Grant = z.infer<typeof Grant>

export const TrancheInput = z
  .object({
    id: LocalId,
    label: Line(200),
    percent: z
      .number({ message: 'must be a whole percentage' })
      .int('must be a whole percentage')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .optional(),
    amountPence: z
      .number({ message: 'must be a whole number of pence' })
      .int('must be a whole number of pence')
      .min(1, 'must be more than £0')
      .max(MAX_PENCE, 'must be at most £100,000,000')
      .optional(),
    trigger: TrancheTrigger,
    holdback: z.literal(true).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if ((t.percent === undefined) === (t.amountPence === undefined))
      ctx.addIssue({ code: 'custom', path: ['amountPence'], message: 'give either a percent or an amountPence' })
  })
  .meta({
    id: 'TrancheInput',
    description:
      'A whole percentage of the award or a fixed amount in integer pence (one of them). Percentages are converted exactly: each rounded down to the penny, the pence left over on the last percentage tranche.',
  })
export type TrancheInput = z.infer<typeof TrancheInput>

export const GrantSetupInput = z
  .object({
    /** 0 to create the grant; otherwise the version read (a stale one is a 409). */
    version: z.number().int().min(0),
    startsOn: IsoDate,
    endsOn: IsoDate,
    milestones: z.array(Milestone).max(GRANT_LIMITS.milestones, `must have at most ${GRANT_LIMITS.milestones}`),
    tranches: z
      .array(TrancheInput)
      .min(1, 'needs at least one tranche')
      .max(GRANT_LIMITS.tranches, `must have at most ${GRANT_LIMITS.tranches}`),
    indicators: z.array(Indicator).max(GRANT_LIMITS.indicators, `must have at most ${GRANT_LIMITS.indicators}`),
    notes: Text(2000).default(''),
  })
  .strict()
  .meta({
    id: 'GrantSetupInput',
    description: `The grant agreement as the manager saves it (version 0 creates it). The tranches must add up exactly to the award in pence; a milestone-triggered tranche names a milestone of this grant; milestones and dated tranches fall within startsOn–endsOn; at most one holdback tranche, and it comes last. At most ${GRANT_LIMITS.milestones} milestones, ${GRANT_LIMITS.tranches} tranches, ${GRANT_LIMITS.indicators} indicators of ${GRANT_LIMITS.targets} targets each; amounts in integer pence, up to £100,000,000.`,
  })
export type GrantSetupInput = z.infer<typeof GrantSetupInput>

/** What the grantee sees of their grant: no manager ids, no notes. */
export const GranteeGrant = Grant.pick({
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
}).meta({ id: 'GranteeGrant' })
export type GranteeGrant = z.infer<typeof GranteeGrant>
