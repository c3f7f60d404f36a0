// Problem intake: public bodies (problem owners, invited by a programme manager) propose
// problems; managers curate them; invited stakeholders prioritise them in a round; the
// most-supported set that fits the budget becomes a draft competition's challenges.
import * as z from 'zod/mini'
import { Id, IsoInstant, Line, Pence, Text, WebUrl } from './common.js'
import { AccessLevel, HowMightWe } from './competition.js'
import { Plan, PlanBid } from './awards.js'
import { meta } from './meta.js'

// — Problem owners —

export const OwnerInvite = meta(
  z.strictObject({
    email: z.email('must be an email address').check(z.maxLength(254, 'must be at most 254 characters')),
    name: Line(120),
    /** The public body they speak for: "Liverpool City Council, Public Health". */
    organisation: Line(200),
  }),
  { id: 'OwnerInvite', description: 'Invites someone at a public body to propose problems as a problem owner.' },
)
export type OwnerInvite = z.infer<typeof OwnerInvite>

export const ProblemOwner = meta(
  z.object({
    email: z.string(),
    name: z.string(),
    organisation: z.string(),
    invitedAt: IsoInstant,
    invitedBy: z.string(),
  }),
  { id: 'ProblemOwner' },
)
export type ProblemOwner = z.infer<typeof ProblemOwner>

// — Problems —

export const ProblemStatus = z.enum(['submitted', 'more-info', 'published', 'merged'])
export type ProblemStatus = z.infer<typeof ProblemStatus>

export const Evidence = z.strictObject({
  title: Line(200),
  description: z._default(Text(1000), ''),
  /** Where the data is, if it can be linked to. */
  url: z.optional(WebUrl),
  accessLevel: AccessLevel,
})
export type Evidence = z.infer<typeof Evidence>

export const Commitment = z.strictObject({
  /** The named person who would lead the work on the owner's side. */
  leadName: Line(120),
  /** Staff time they would give: "half a day a week for six months". */
  time: Line(300),
  pilotSite: z._default(Text(500), ''),
})

const problemFields = {
  title: Line(120),
  /** The problem as a question, as a challenge states it. */
  statement: HowMightWe,
  /** The problem in the owner's words. */
  description: Text(5000).check(z.minLength(1, 'must not be empty')),
  /** Who it affects, and how. */
  affects: Text(2000).check(z.minLength(1, 'must not be empty')),
  evidence: z.array(Evidence).check(z.maxLength(10, 'must list at most 10 items')),
  commitment: Commitment,
  /** The rough budget the owner would put in. */
  contributionPence: Pence,
}

export const ProblemInput = meta(z.strictObject(problemFields), {
  id: 'ProblemInput',
  description: 'A problem a public body proposes: what it is, who it affects, the evidence, what they would commit.',
})
export type ProblemInput = z.infer<typeof ProblemInput>

export const ProblemEdit = meta(
  z.strictObject({
    ...problemFields,
    /** The answer to the manager's request for more, when there is one. */
    answer: z.optional(Text(3000)),
    version: z.number().check(z.int(), z.minimum(1)),
  }),
  { id: 'ProblemEdit', description: 'The whole problem again, with the version you last read.' },
)
export type ProblemEdit = z.infer<typeof ProblemEdit>

export const Problem = meta(
  z.object({
    id: Id,
    ...problemFields,
    evidence: z.array(
      z.object({ title: z.string(), description: z.string(), url: z.optional(z.string()), accessLevel: AccessLevel }),
    ),
    commitment: z.object({ leadName: z.string(), time: z.string(), pilotSite: z.string() }),
    status: ProblemStatus,
    ownerId: z.string(),
    ownerName: z.string(),
    /** Where requests for more are sent: the address the owner signed in with. */
    ownerEmail: z.string(),
    organisation: z.string(),
    /** The manager's latest request for more, while the status is more-info, and the owner's answers. */
    questions: z.array(z.object({ question: z.string(), askedAt: IsoInstant, answer: z.optional(z.string()) })),
    /** Set by a manager on publishing: what solving it is expected to cost. */
    expectedCostPence: z.optional(z.number()),
    /** The problem this one was merged into, and those merged into it. */
    mergedInto: z.optional(Id),
    mergedFrom: z.array(Id),
    createdAt: IsoInstant,
    updatedAt: IsoInstant,
    version: z.number().check(z.int()),
  }),
  { id: 'IntakeProblem' },
)
export type Problem = z.infer<typeof Problem>

export const VersionInput = z.strictObject({ version: z.number().check(z.int(), z.minimum(1)) })

export const AskForMore = meta(
  z.strictObject({
    question: Text(3000).check(z.minLength(1, 'must not be empty')),
    version: VersionInput.shape.version,
  }),
  { id: 'AskForMore' },
)
export const MergeInput = meta(z.strictObject({ intoId: Id, version: VersionInput.shape.version }), {
  id: 'MergeInput',
  description: 'Merges this problem (a duplicate) into another; its owner is told.',
})
export const PublishProblemInput = meta(
  z.strictObject({
    expectedCostPence: Pence.check(z.minimum(1, 'must be more than £0')),
    version: VersionInput.shape.version,
  }),
  { id: 'PublishProblemInput', description: 'Publishes for prioritisation, with what solving it is expected to cost.' },
)

// — Prioritisation rounds —

export const VotingMethod = z.enum(['points', 'approval'])
export type VotingMethod = z.infer<typeof VotingMethod>

export const StakeholderGroup = z.enum(['public-sector', 'vcse', 'sme', 'academic', 'resident'])
export type StakeholderGroup = z.infer<typeof StakeholderGroup>

const roundFields = {
  title: Line(200),
  opensAt: IsoInstant,
  closesAt: IsoInstant,
  method: VotingMethod,
  /** Points each voter gives out (points only). */
  pointsPerVoter: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100))),
  /** The programme's budget the chosen problems must fit. */
  budgetPence: Pence,
  problemIds: z
    .array(Id)
    .check(z.minLength(1, 'must list at least one problem'), z.maxLength(40, 'must list at most 40 problems')),
}

export const RoundInput = meta(
  z.strictObject(roundFields).check(
    z.refine((r) => r.closesAt > r.opensAt, { path: ['closesAt'], message: 'must be after the round opens' }),
    z.refine((r) => r.method !== 'points' || r.pointsPerVoter !== undefined, {
      path: ['pointsPerVoter'],
      message: 'is needed when voting by points',
    }),
  ),
  { id: 'RoundInput', description: 'A prioritisation round over published problems, with its window and the budget.' },
)
export type RoundInput = z.infer<typeof RoundInput>

export const Round = meta(
  z.object({
    id: Id,
    ...roundFields,
    problems: z.array(
      z.object({
        id: Id,
        title: z.string(),
        statement: z.string(),
        organisation: z.string(),
        expectedCostPence: z.number(),
      }),
    ),
    invited: z.number(),
    createdAt: IsoInstant,
    /** Set once a draft competition has been made from it. */
    competitionId: z.optional(Id),
  }),
  { id: 'Round' },
)
export type Round = z.infer<typeof Round>

export const VoterInvites = meta(
  z.strictObject({
    voters: z
      .array(z.strictObject({ email: OwnerInvite.shape.email, group: StakeholderGroup }))
      .check(z.minLength(1, 'must list at least one voter'), z.maxLength(50, 'must list at most 50 voters at a time')),
  }),
  {
    id: 'VoterInvites',
    description: 'Stakeholders to invite by email, each in their group; each gets a link of their own.',
  },
)
export type VoterInvites = z.infer<typeof VoterInvites>

export const BallotInput = meta(
  z.strictObject({
    token: z
      .string()
      .check(z.minLength(16), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'must be the token from your email')),
    /** Points (or 1 to approve) for each problem; problems left out get none. */
    support: z
      .array(z.strictObject({ problemId: Id, points: z.number().check(z.int(), z.minimum(0), z.maximum(100)) }))
      .check(z.maxLength(40)),
  }),
  { id: 'BallotInput' },
)
export type BallotInput = z.infer<typeof BallotInput>

/** A signed-in stakeholder's ballot: who they are comes from their sign-in, so no token. */
export const SignedInBallotInput = meta(z.strictObject({ support: BallotInput.shape.support }), {
  id: 'SignedInBallotInput',
})
export type SignedInBallotInput = z.infer<typeof SignedInBallotInput>

/** A round the signed-in person's email was invited to, not yet closed, and whether they have voted. */
export const InvitedRound = meta(
  z.object({
    id: Id,
    title: z.string(),
    opensAt: IsoInstant,
    closesAt: IsoInstant,
    method: VotingMethod,
    voted: z.boolean(),
  }),
  { id: 'InvitedRound' },
)
export type InvitedRound = z.infer<typeof InvitedRound>

/** What a stakeholder's link shows: the round and its problems; never anyone's counts. */
export const VotingPage = meta(
  z.object({
    round: z.object({
      id: Id,
      title: z.string(),
      opensAt: IsoInstant,
      closesAt: IsoInstant,
      method: VotingMethod,
      pointsPerVoter: z.optional(z.number()),
    }),
    problems: Round.shape.problems,
    group: StakeholderGroup,
    voted: z.boolean(),
  }),
  { id: 'VotingPage' },
)
export type VotingPage = z.infer<typeof VotingPage>

export const RoundResults = meta(
  z.object({
    roundId: Id,
    ballots: z.number(),
    byGroup: z.array(z.object({ group: StakeholderGroup, ballots: z.number() })),
    /** Most supported first. */
    problems: z.array(
      z.object({
        id: Id,
        title: z.string(),
        total: z.number(),
        byGroup: z.array(z.object({ group: StakeholderGroup, points: z.number() })),
      }),
    ),
  }),
  {
    id: 'RoundResults',
    description: 'Support for each problem, in all and by stakeholder group: only once the round has closed.',
  },
)
export type RoundResults = z.infer<typeof RoundResults>

export const SelectionReason = z.object({ problemId: Id, reason: z.string() })

export const Selection = meta(
  z.object({
    budgetPence: z.number(),
    bids: z.array(PlanBid),
    /** Greedy by support first, then the exact optimum, as the award planner shows them. */
    plans: z.array(z.object({ plan: Plan, reasons: z.array(SelectionReason) })),
  }),
  { id: 'Selection', description: 'Both plans: the problems chosen and, for each left out, why.' },
)
export type Selection = z.infer<typeof Selection>

export const DraftFromRoundInput = meta(
  z.strictObject({
    title: Line(200),
    method: z.enum(['greedy', 'optimal']),
    /** The problems of the plan as the manager saw it: if the plan has changed since, nothing is made (409). */
    expected: z.array(Id).check(z.minLength(1), z.maxLength(40)),
  }),
  { id: 'DraftFromRoundInput' },
)
export type DraftFromRoundInput = z.infer<typeof DraftFromRoundInput>
