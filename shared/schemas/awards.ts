// Awards from the pot: each award, its offer to the applicant, the ledger of every change to
// what is committed, the budget as the programme manager reads it, the planner's request,
// and the published results.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Id, IsoInstant, Line, Pence, Text } from './common.js'
import { PublicMilestone } from './grant-programme.js'
import { GrantStatus } from './grants.js'

/** `lapsed`: offered, and not accepted by its answer-by date (the scheduled sweep releases it). */
export const AwardStatus = z.enum(['offered', 'accepted', 'declined', 'withdrawn', 'lapsed'])
export type AwardStatus = z.infer<typeof AwardStatus>

/** Offered and accepted awards hold money; declined, withdrawn and lapsed ones have released it. */
export const holdsMoney = (status: AwardStatus) => status === 'offered' || status === 'accepted'

export const Award = meta(
  z.object({
    competitionId: Id,
    applicationId: Id,
    organisationName: z.string(),
    themeIds: z.array(z.string()),
    /** The challenges its themes address, at the time of the award. */
    challengeIds: z.array(z.string()),
    amountPence: Pence,
    requestedPence: Pence,
    /** Why less than requested (a partial award). */
    partialReason: z.optional(z.string()),
    /** Conditions of the offer, shown to the applicant. */
    conditions: z.string(),
    /** The applicant accepts or declines before this. */
    respondBy: IsoInstant,
    status: AwardStatus,
    version: z.number().check(z.int()),
    awardedBy: z.string(),
    awardedByName: z.string(),
    awardedAt: IsoInstant,
    respondedAt: z.optional(IsoInstant),
    withdrawnAt: z.optional(IsoInstant),
    withdrawnReason: z.optional(z.string()),
    /** When the offer lapsed, unanswered by `respondBy`. */
    lapsedAt: z.optional(IsoInstant),
    /** The amount accepted, kept when a grant's reduction, termination or repayment changes `amountPence`. */
    acceptedAmountPence: z.optional(Pence),
    /** The key of the request that made it, so a retry returns it instead of awarding twice. */
    idempotencyKey: z.optional(z.string()),
  }),
  { id: 'Award' },
)
export type Award = z.infer<typeof Award>

const positivePence = z.pipe(Pence, z.number().check(z.minimum(1, 'must be more than £0')))

export const AwardInput = meta(
  z.strictObject({
    applicationId: Id,
    amountPence: positivePence,
    /** Needed when the amount is less than requested. */
    reason: z._default(Text(2000), ''),
    conditions: z._default(Text(3000), ''),
    respondBy: IsoInstant,
  }),
  {
    id: 'AwardInput',
    description:
      'Integer pence, at most the amount requested and the maximum award; less than requested is a partial award and needs a reason.',
  },
)
export type AwardInput = z.infer<typeof AwardInput>

export const WithdrawAwardInput = meta(
  z.strictObject({ version: z.number().check(z.int(), z.minimum(1)), reason: Line(1000) }),
  { id: 'WithdrawAwardInput' },
)
export type WithdrawAwardInput = z.infer<typeof WithdrawAwardInput>

export const OfferResponseInput = meta(
  z.strictObject({ version: z.number().check(z.int(), z.minimum(1)), accept: z.boolean() }),
  { id: 'OfferResponseInput' },
)
export type OfferResponseInput = z.infer<typeof OfferResponseInput>

/** What the applicant sees of their own award. */
export const Offer = meta(
  z.pick(Award, {
    competitionId: true,
    applicationId: true,
    organisationName: true,
    amountPence: true,
    requestedPence: true,
    partialReason: true,
    conditions: true,
    respondBy: true,
    status: true,
    version: true,
    awardedAt: true,
    respondedAt: true,
    withdrawnAt: true,
    lapsedAt: true,
  }),
  { id: 'Offer' },
)
export type Offer = z.infer<typeof Offer>

/** One change to what is committed from the pot. Written with the change; never edited. */
export const LedgerEntry = meta(
  z.object({
    id: Id,
    competitionId: Id,
    applicationId: Id,
    organisationName: z.string(),
    /**
     * `lapsed`: the offer was not accepted by its answer-by date. After acceptance: `paid` (a
     * tranche paid), `reduced` (the award cut, the unpaid difference back to the pot),
     * `terminated` (the grant ended, its unpaid part back to the pot), `repaid` (money paid
     * returned by the grantee, back to the pot).
     */
    cause: z.enum(['awarded', 'withdrawn', 'declined', 'lapsed', 'paid', 'reduced', 'terminated', 'repaid']),
    /** Positive when committed, negative when released. */
    changePence: z.number().check(z.int()),
    /** Positive when paid out, negative when repaid; 0 (or absent) for a change that pays nothing. */
    paidChangePence: z.optional(z.number().check(z.int())),
    /** What is paid after this change (present on every entry that moved it). */
    paidAfterPence: z.optional(Pence),
    /** The tranche a payment paid. */
    trancheId: z.optional(z.string()),
    committedBeforePence: Pence,
    committedAfterPence: Pence,
    potPence: Pence,
    by: z.string(),
    byName: z.string(),
    at: IsoInstant,
    reason: z.optional(z.string()),
  }),
  { id: 'LedgerEntry' },
)
export type LedgerEntry = z.infer<typeof LedgerEntry>

const share = z.object({
  id: z.string(),
  title: z.string(),
  committedPence: Pence,
  /** What is paid of those awards, split the same way. */
  paidPence: Pence,
  /** committedPence − paidPence. */
  outstandingPence: z.number().check(z.int()),
  awards: z.number().check(z.int()),
})

/** One grant's money: its award now, what is paid, and what its unpaid tranches still hold. */
export const GrantMoney = meta(
  z.object({
    applicationId: Id,
    organisationName: z.string(),
    awardPence: Pence,
    paidPence: Pence,
    /** The tranches neither paid nor cancelled (the whole award before acceptance; 0 once terminated). */
    outstandingPence: Pence,
    status: GrantStatus,
  }),
  { id: 'GrantMoney' },
)
export type GrantMoney = z.infer<typeof GrantMoney>

/** What falls due in one month (Europe/London): tranches of accepted grants not yet paid. */
export const DueMonth = meta(
  z.object({
    month: meta(z.string().check(z.regex(/^\d{4}-\d{2}$/)), { description: 'YYYY-MM, Europe/London' }),
    pence: Pence,
    tranches: z.number().check(z.int()),
  }),
  { id: 'DueMonth' },
)
export type DueMonth = z.infer<typeof DueMonth>

/** Committed and paid just after one ledger entry (for the chart against the pot). */
export const MoneyPoint = meta(
  z.object({
    at: IsoInstant,
    cause: LedgerEntry.shape.cause,
    committedPence: Pence,
    paidPence: Pence,
    potPence: Pence,
  }),
  { id: 'MoneyPoint' },
)
export type MoneyPoint = z.infer<typeof MoneyPoint>

export const Budget = meta(
  z.object({
    potPence: Pence,
    maxAwardPence: Pence,
    committedPence: Pence,
    remainingPence: Pence,
    /** Paid to grantees so far (less repayments): the ledger's paid changes add up to it. */
    paidPence: meta(Pence, { description: 'Paid to grantees so far, less repayments; never more than committed.' }),
    /** committedPence − paidPence: what awards still hold that is not yet paid. */
    outstandingPence: meta(Pence, { description: '`committedPence` − `paidPence`: committed and not yet paid.' }),
    /**
     * What offered and accepted awards hold, by challenge and by theme: each award's amount divided
     * equally across the challenges (themes) it addresses, the odd pence to the first in the
     * competition's order, so each list adds up to exactly `committedPence`. An award addressing
     * none is on a row of its own (`id` "none"). `awards` counts the awards with a part in a row.
     */
    byChallenge: meta(z.array(share), {
      description:
        'Each award’s amount divided equally across the challenges it addresses (odd pence to the first, in the competition’s order): adds up to exactly `committedPence`.',
    }),
    byTheme: meta(z.array(share), {
      description:
        'Each award’s amount divided equally across its themes (odd pence to the first, in the competition’s order): adds up to exactly `committedPence`.',
    }),
    awards: z.array(Award),
    /** Every grant agreement of the competition, by organisation. */
    byGrant: z.array(GrantMoney),
    /**
     * Tranches of accepted grants not yet paid (nor cancelled), by the month they fall due: a dated
     * tranche's date, a milestone's current due date (after extensions), or the acceptance for one
     * due on signing. Oldest month first; earlier months than this one are overdue.
     */
    dueByMonth: z.array(DueMonth),
    /** Committed and paid after each ledger entry, in commit order: for a chart against the pot. */
    overTime: z.array(MoneyPoint),
    resultsPublishedAt: z.optional(IsoInstant),
  }),
  { id: 'Budget' },
)
export type Budget = z.infer<typeof Budget>

export const PlanConstraintsInput = meta(
  z.strictObject({
    /** Bids scoring below this are never funded. */
    minScore: z.optional(z.number().check(z.minimum(0), z.maximum(100))),
    /** At most this many awards, full and partial together. */
    maxAwards: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100))),
    /** At least one full award per challenge that has an eligible bid (≥ the floor, amount ≤ the budget). */
    onePerChallenge: z.optional(z.boolean()),
    /** 1–100: after the full awards, offer what remains to the best-ranked unfunded eligible bid it meets at least this % of. */
    partialPercent: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100))),
  }),
  {
    id: 'PlanConstraints',
    description:
      'All optional: a minimum score, a maximum number of awards, at least one award per challenge, and a partial award to the next bid when at least this % of it can be met.',
  },
)
export type PlanConstraintsInput = z.infer<typeof PlanConstraintsInput>

export const PlanMethod = z.enum(['greedy', 'optimal'])
export type PlanMethod = z.infer<typeof PlanMethod>

export const UnfundedReason = z.enum(['below-floor', 'did-not-fit', 'max-awards', 'not-chosen'])
export type UnfundedReason = z.infer<typeof UnfundedReason>

/** One plan the planner proposes (functions/core/awards/planner.ts makes it; nothing is awarded). */
export const Plan = meta(
  z.object({
    method: PlanMethod,
    /** False only when the optimal search stopped at its node limit: then the plan is the best found, not proven best. */
    exact: z.boolean(),
    /** In rank order. */
    awards: z.array(z.object({ applicationId: z.string(), amountPence: z.number(), partial: z.boolean() })),
    totalPence: z.number(),
    leftPence: z.number(),
    /** Sum of the full awards' scores (partials excluded): the objective. */
    totalScore: z.number(),
    /** In rank order. shortByPence (did-not-fit only): how much less the bid would need to fit. */
    unfunded: z.array(
      z.object({ applicationId: z.string(), reason: UnfundedReason, shortByPence: z.optional(z.number()) }),
    ),
    /** Groups of equal-scoring bids (to 9 d.p.) whose outcomes differ (full, partial, none): ties the ranking's id order broke. */
    tiesAtFundingLine: z.array(z.array(z.string())),
    /** Why one award per challenge could not be met; the plan was then made without it. */
    infeasible: z.optional(z.string()),
  }),
  { id: 'Plan' },
)
export type Plan = z.infer<typeof Plan>

/** A bid the planner weighs: a shortlisted, scored application not yet holding an award. */
export const PlanBid = meta(
  z.object({
    applicationId: z.string(),
    organisationName: z.string(),
    /** Moderated weighted mean; higher is better. Compared and summed to 9 decimal places. */
    score: z.number(),
    /** Integer pence, > 0. */
    requestedPence: z.number(),
    challengeIds: z.array(z.string()),
    /** Its place in the moderated ranking. */
    rank: z.optional(z.number()),
    tied: z.boolean(),
  }),
  { id: 'PlanBid' },
)
export type PlanBid = z.infer<typeof PlanBid>

/** The planner's advice: the bids, what remains in the pot, and both plans side by side (greedy first). */
export const PlanAdvice = meta(
  z.object({ budgetPence: z.number(), maxAwardPence: z.number(), bids: z.array(PlanBid), plans: z.array(Plan) }),
  { id: 'PlanAdvice' },
)
export type PlanAdvice = z.infer<typeof PlanAdvice>

/** A share of re-sampled panels from a quarter to three quarters (inclusive) is a close call: near a coin toss. */
export const CLOSE_CALL = { from: 0.25, to: 0.75 } as const
/** Re-sampled panels per request: 2,000 unless asked, 100–10,000, and fewer when there are many bids. */
export const CONFIDENCE_ROUNDS = { default: 2_000, min: 100, max: 10_000 } as const

export const PlanConfidenceInput = meta(
  z.strictObject({
    method: PlanMethod,
    constraints: z.optional(PlanConstraintsInput),
    /** How many re-sampled panels; clipped so that rounds × bids is at most 400,000. */
    rounds: z.optional(z.number().check(z.int(), z.minimum(CONFIDENCE_ROUNDS.min), z.maximum(CONFIDENCE_ROUNDS.max))),
    /** Seeds the draws; without it, one derived from the competition id, so the same inputs give the same figures. */
    seed: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(4_294_967_295))),
  }),
  {
    id: 'PlanConfidenceInput',
    description:
      'The plan method and constraints (as for the plans), and optionally how many re-sampled panels (100–10,000, default 2,000) and a seed (0–4294967295).',
  },
)
export type PlanConfidenceInput = z.infer<typeof PlanConfidenceInput>

/** How often each bid is funded when the plan is made again with panels re-sampled from the real one. */
export const PlanConfidence = meta(
  z.object({
    method: PlanMethod,
    /** Re-sampled panels actually run (the request's, clipped so rounds × bids ≤ 400,000). */
    rounds: z.number(),
    seed: z.number(),
    /** How many panellists each re-sampled panel draws from: those with a counted sheet on a bid. */
    panellists: z.number(),
    /** One per bid, in the advice's order. */
    applications: z.array(
      z.object({
        applicationId: z.string(),
        /** 0–1: of the rounds that scored it, the share in which the plan funded it (in full or in part). Absent if no round scored it. */
        fundedShare: z.optional(z.number()),
        /** Rounds in which at least one drawn panellist had scored it (the others leave it out, as the ranking would). */
        scoredRounds: z.number(),
        /** fundedShare from 0.25 to 0.75 inclusive: close to a coin toss. */
        closeCall: z.boolean(),
      }),
    ),
  }),
  {
    id: 'PlanConfidence',
    description:
      'Bootstrap over panellists: each round draws as many panellists as the panel has, with replacement; each bid keeps the counted sheets of the drawn panellists who scored it (twice if drawn twice), is ranked by their weighted mean and the plan is made again. Equal scores whose outcomes differ share the group’s awards equally.',
  },
)
export type PlanConfidence = z.infer<typeof PlanConfidence>

export const ApplyPlanInput = meta(
  z.strictObject({
    method: PlanMethod,
    constraints: PlanConstraintsInput,
    /** The awards of the plan as the manager saw it: if the plan has changed since, nothing is awarded (409). */
    expected: z.array(z.strictObject({ applicationId: Id, amountPence: Pence })).check(z.minLength(1), z.maxLength(24)),
    conditions: z._default(Text(3000), ''),
    respondBy: IsoInstant,
  }),
  {
    id: 'ApplyPlanInput',
    description:
      'Recomputes the plan on the current ranking and budget and, if it is still the one the manager saw (`expected`), makes every award in it in one transaction.',
  },
)
export type ApplyPlanInput = z.infer<typeof ApplyPlanInput>

export const PublishedResults = meta(
  z.object({
    competitionId: Id,
    competitionTitle: z.string(),
    publishedAt: IsoInstant,
    potPence: Pence,
    totalAwardedPence: Pence,
    winners: z.array(
      z.object({
        organisationName: z.string(),
        challenges: z.array(z.string()),
        amountPence: Pence,
        /** The milestones of its grant the programme manager chose to publish, in date order. */
        milestones: z.array(PublicMilestone),
      }),
    ),
  }),
  { id: 'PublishedResults' },
)
export type PublishedResults = z.infer<typeof PublishedResults>
