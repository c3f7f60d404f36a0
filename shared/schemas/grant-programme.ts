// After the grant: the grantee's two check-ins (6 and 12 months after the grant's end date), the
// programme manager's view of every grant across competitions, and the milestones the manager
// chooses to publish on the public results page.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Id, IsoInstant, Line, MAX_PENCE, Pence } from './common.js'
import { GrantStatus, Indicator, IsoDate } from './grants.js'

// — Check-ins —

/** Months after the grant's end date each check-in opens. */
export const CHECK_IN_ROUNDS = ['6', '12'] as const
export const CheckInRound = z.enum(CHECK_IN_ROUNDS, { message: 'must be 6 or 12' })
export type CheckInRound = z.infer<typeof CheckInRound>

/** How much a check-in may hold: bounded before any work is done on it. */
export const CHECK_IN_LIMITS = { funding: 20, publicBodies: 30, actuals: 12, jobs: 100_000 } as const

export const FundingType = z.enum(['grant', 'loan', 'equity', 'contract', 'other'])
export type FundingType = z.infer<typeof FundingType>

export const FollowOnFunding = meta(
  z.strictObject({
    source: Line(200),
    amountPence: z
      .number({ message: 'must be a whole number of pence' })
      .check(
        z.int('must be a whole number of pence'),
        z.minimum(1, 'must be more than £0'),
        z.maximum(MAX_PENCE, 'must be at most £100,000,000'),
      ),
    type: FundingType,
  }),
  {
    id: 'FollowOnFunding',
    description: 'Money raised since the grant: who from, how much (pence), and what kind.',
  },
)
export type FollowOnFunding = z.infer<typeof FollowOnFunding>

const Count = z
  .number({ message: 'must be a whole number' })
  .check(
    z.int('must be a whole number'),
    z.minimum(0, 'must not be negative'),
    z.maximum(CHECK_IN_LIMITS.jobs, `must be at most ${CHECK_IN_LIMITS.jobs}`),
  )

export const Jobs = meta(z.strictObject({ created: Count, safeguarded: Count }), { id: 'Jobs' })

const Measure = z.number().check(z.minimum(-1e12, 'is too small'), z.maximum(1e12, 'is too large'))

export const CheckInActualInput = meta(
  z.strictObject({ indicatorId: z.string().check(z.minLength(1), z.maxLength(40)), value: Measure }),
  { id: 'CheckInActualInput' },
)

export const CheckInInput = meta(
  z
    .strictObject({
      /** Nothing to report: then nothing else is needed (and nothing else may be sent). */
      nothingToReport: z.boolean(),
      followOnFunding: z._default(
        z
          .array(FollowOnFunding)
          .check(z.maxLength(CHECK_IN_LIMITS.funding, `must have at most ${CHECK_IN_LIMITS.funding}`)),
        [],
      ),
      /** Public bodies now using the solution, by name. */
      publicBodies: z._default(
        z
          .array(Line(200))
          .check(z.maxLength(CHECK_IN_LIMITS.publicBodies, `must have at most ${CHECK_IN_LIMITS.publicBodies}`)),
        [],
      ),
      jobs: z.optional(Jobs),
      actuals: z._default(
        z
          .array(CheckInActualInput)
          .check(z.maxLength(CHECK_IN_LIMITS.actuals, `must have at most ${CHECK_IN_LIMITS.actuals}`)),
        [],
      ),
    })
    .check(
      z.superRefine((input, ctx) => {
        if (input.nothingToReport) {
          for (const field of ['followOnFunding', 'publicBodies', 'actuals'] as const)
            if (input[field].length)
              ctx.addIssue({ code: 'custom', path: [field], message: 'must be empty when there is nothing to report' })
          if (input.jobs)
            ctx.addIssue({
              code: 'custom',
              path: ['jobs'],
              message: 'must be left out when there is nothing to report',
            })
        } else if (!input.jobs)
          ctx.addIssue({ code: 'custom', path: ['jobs'], message: 'is required unless there is nothing to report' })
      }),
    ),
  {
    id: 'CheckInInput',
    description: `A check-in as the grantee submits it: either \`nothingToReport: true\` and nothing else, or jobs (created and safeguarded) with any follow-on funding (at most ${CHECK_IN_LIMITS.funding}), public bodies now using the solution (at most ${CHECK_IN_LIMITS.publicBodies}) and an actual for any of the grant's indicators (each at most once).`,
  },
)
export type CheckInInput = z.infer<typeof CheckInInput>

/** A submitted check-in, as stored: fixed once submitted. */
export const CheckIn = meta(
  z.object({
    competitionId: Id,
    applicationId: Id,
    round: CheckInRound,
    nothingToReport: z.boolean(),
    followOnFunding: z.array(FollowOnFunding),
    publicBodies: z.array(z.string()),
    jobs: z.optional(Jobs),
    /** Each actual as of the day it was submitted (Europe/London); also appended to the grant's actuals. */
    actuals: z.array(z.object({ indicatorId: z.string(), value: z.number(), on: IsoDate })),
    submittedAt: IsoInstant,
    submittedBy: z.string(),
    submittedByName: z.string(),
  }),
  { id: 'CheckIn' },
)
export type CheckIn = z.infer<typeof CheckIn>

/** What the grantee sees of a submitted check-in: no user ids. */
export const GranteeCheckIn = meta(z.omit(CheckIn, { submittedBy: true }), { id: 'GranteeCheckIn' })
export type GranteeCheckIn = z.infer<typeof GranteeCheckIn>

/** A check-in not yet submitted, filled in from the round before or the grant's latest actuals. */
export const CheckInDraft = meta(
  z.object({
    nothingToReport: z.boolean(),
    followOnFunding: z.array(FollowOnFunding),
    publicBodies: z.array(z.string()),
    jobs: Jobs,
    actuals: z.array(z.object({ indicatorId: z.string(), value: z.number() })),
    /** Where the prefilled values came from. */
    prefilledFrom: z.enum(['round-6', 'grant', 'nothing']),
  }),
  { id: 'CheckInDraft' },
)
export type CheckInDraft = z.infer<typeof CheckInDraft>

/** upcoming (not open until `opensOn`), open (to submit), submitted (fixed). */
export const CheckInState = z.enum(['upcoming', 'open', 'submitted'])
export type CheckInState = z.infer<typeof CheckInState>

const roundView = <S extends z.ZodMiniType>(submitted: S) =>
  z.object({
    round: CheckInRound,
    /** The first day it can be submitted (Europe/London): that many months after the grant's end date. */
    opensOn: IsoDate,
    state: CheckInState,
    /** Until submitted: what the form starts from. */
    draft: z.optional(CheckInDraft),
    submitted: z.optional(submitted),
  })

const checkInsView = <S extends z.ZodMiniType>(submitted: S) =>
  z.object({
    applicationId: Id,
    organisationName: z.string(),
    grantStatus: GrantStatus,
    endsOn: IsoDate,
    indicators: z.array(z.pick(Indicator, { id: true, measure: true, unit: true, better: true })),
    rounds: z.array(roundView(submitted)),
  })

/** The grantee's two check-ins. */
export const GranteeCheckIns = meta(checkInsView(GranteeCheckIn), { id: 'GranteeCheckIns' })
export type GranteeCheckIns = z.infer<typeof GranteeCheckIns>

/** A grant's two check-ins as the programme manager sees them (with who submitted). */
export const ManagerCheckIns = meta(checkInsView(CheckIn), { id: 'ManagerCheckIns' })
export type ManagerCheckIns = z.infer<typeof ManagerCheckIns>

// — The programme view —

/**
 * A grant's state at a glance: draft and awaiting acceptance (sent) before it starts; then
 * overdue (a milestone past its date without a report in), queried (a report the manager
 * queried), report due (a milestone due within 14 days without a report in), on track;
 * completed or terminated at the end. The first that applies, in that order.
 */
export const ProgrammeStatus = z.enum([
  'draft',
  'awaiting-acceptance',
  'overdue',
  'queried',
  'report-due',
  'on-track',
  'completed',
  'terminated',
])
export type ProgrammeStatus = z.infer<typeof ProgrammeStatus>

export const ProgrammeRow = meta(
  z.object({
    competitionId: Id,
    competitionTitle: z.string(),
    applicationId: Id,
    organisationName: z.string(),
    status: ProgrammeStatus,
    awardPence: Pence,
    paidPence: Pence,
    /** Indicators whose latest actual meets the latest target due by that actual's date (which way is better respected). */
    indicatorsMet: z.number().check(z.int()),
    indicatorsTotal: z.number().check(z.int()),
    /** The next milestone still to report on: its date (after any extension). */
    nextDueOn: z.optional(IsoDate),
  }),
  { id: 'ProgrammeRow' },
)
export type ProgrammeRow = z.infer<typeof ProgrammeRow>

export const ProgrammeTotals = meta(
  z.object({
    grants: z.number().check(z.int()),
    awardPence: Pence,
    paidPence: Pence,
    indicatorsMet: z.number().check(z.int()),
    indicatorsTotal: z.number().check(z.int()),
    byStatus: z.record(ProgrammeStatus, z.number().check(z.int())),
  }),
  { id: 'ProgrammeTotals' },
)
export type ProgrammeTotals = z.infer<typeof ProgrammeTotals>

export const Programme = meta(
  z.object({
    /** The day the statuses are as of (Europe/London). */
    asOf: IsoDate,
    grants: z.array(ProgrammeRow),
    totals: ProgrammeTotals,
  }),
  { id: 'Programme' },
)
export type Programme = z.infer<typeof Programme>

export const ProgrammeQuery = meta(
  z.object({
    status: z.optional(ProgrammeStatus),
    competitionId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  }),
  { description: 'Optional filters: one status, one competition. Totals are of the grants shown.' },
)

// — Public milestones —

/** What the public is told of a milestone: not yet reported, reported and being looked at, done. */
export const PublicMilestoneStatus = z.enum(['upcoming', 'in-review', 'done'])
export type PublicMilestoneStatus = z.infer<typeof PublicMilestoneStatus>

export const PublicMilestone = meta(z.object({ title: z.string(), dueOn: IsoDate, status: PublicMilestoneStatus }), {
  id: 'PublicMilestone',
})
export type PublicMilestone = z.infer<typeof PublicMilestone>

export const MilestonePublicInput = meta(z.strictObject({ public: z.boolean({ message: 'must be true or false' }) }), {
  id: 'MilestonePublicInput',
})
