// Problem intake: problem owners (invited by a programme manager) propose problems and answer
// requests for more; managers curate them, run prioritisation rounds, see the results by
// stakeholder group, weigh the pot-aware selection and make a draft competition from it;
// stakeholders vote with the link from their email, or signed in with the email they were invited by.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { page } from '../../../shared/schemas/common.js'
import { Competition } from '../../../shared/schemas/competition.js'
import {
  AskForMore,
  BallotInput,
  DraftFromRoundInput,
  InvitedRound,
  MergeInput,
  OwnerInvite,
  Problem,
  ProblemEdit,
  ProblemInput,
  ProblemOwner,
  PublishProblemInput,
  Round,
  RoundInput,
  RoundResults,
  Selection,
  SignedInBallotInput,
  VoterInvites,
  VotingPage,
} from '../../../shared/schemas/intake.js'
import {
  askForMore,
  editProblem,
  inviteOwner,
  listAllProblems,
  listMyProblems,
  listProblemOwners,
  mergeProblem,
  proposeProblem,
  publishProblem,
  readProblem,
} from '../../core/intake/problems.js'
import {
  castBallot,
  castMyBallot,
  createRound,
  inviteVoters,
  listMyRounds,
  listPrioritisationRounds,
  readMyVotingPage,
  readRound,
  readVotingPage,
  roundResults,
  selection,
} from '../../core/intake/rounds.js'
import { draftCompetitionFromRound } from '../../core/intake/draft.js'
import type { Env } from '../env.js'
import { requireRole, requireSignIn } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { ListQuery } from './params.js'

const PathId = z.string().check(z.minLength(1), z.maxLength(64))
const ProblemParams = z.object({ problemId: PathId })
const RoundParams = z.object({ roundId: PathId })
const VoterParams = z.extend(RoundParams, { voter: z.string().check(z.minLength(1), z.maxLength(64)) })
const TokenQuery = z.object({ token: BallotInput.shape.token })
const decided = 'A published or merged problem is decided: 409.'
const invitedByEmail = `${access.signedIn} Only rounds your email was invited to: any other is the same 404 as a round that does not exist.`

export const intake = new Hono<Env>()
  .post(
    '/problem-owners',
    doc({
      summary: 'Invite a problem owner',
      description: `${access.manager} Emails them a link to propose problems (signed in with that email, as a problem owner). Once per email (409).`,
      signedIn: true,
      responses: { 201: ok(ProblemOwner, 'Invited'), ...problems(400, 401, 403, 409) },
    }),
    requireRole('manager'),
    valid('json', OwnerInvite),
    async (c) => c.json(await inviteOwner(c.var.deps, c.var.user!, c.req.valid('json')), 201),
  )
  .get(
    '/problem-owners',
    doc({
      summary: 'The problem owners invited',
      description: `${access.manager} By email.`,
      signedIn: true,
      responses: { 200: ok(page(ProblemOwner), 'A page of problem owners'), ...problems(400, 401, 403) },
    }),
    requireRole('manager'),
    valid('query', ListQuery),
    async (c) => c.json(await listProblemOwners(c.var.deps, c.req.valid('query')), 200),
  )
  .post(
    '/problems',
    doc({
      summary: 'Propose a problem',
      description: `${access.problemOwner} The problem, who it affects, the evidence and data you can share (with its access level), what you would commit and the budget you would put in. 403 without an invitation.`,
      signedIn: true,
      responses: { 201: ok(Problem, 'Proposed'), ...problems(400, 401, 403) },
    }),
    requireRole('problemOwner'),
    valid('json', ProblemInput),
    async (c) => c.json(await proposeProblem(c.var.deps, c.var.user!, c.req.valid('json')), 201),
  )
  .get(
    '/me/problems',
    doc({
      summary: 'Your problems',
      description: `${access.problemOwner} Only the problems you proposed, oldest first, with their status and any request for more.`,
      signedIn: true,
      responses: { 200: ok(page(Problem), 'A page of your problems'), ...problems(400, 401, 403) },
    }),
    requireRole('problemOwner'),
    valid('query', ListQuery),
    async (c) => c.json(await listMyProblems(c.var.deps, c.var.user!, c.req.valid('query')), 200),
  )
  .get(
    '/problems',
    doc({
      summary: 'Every proposed problem',
      description: `${access.manager} Oldest first, every status.`,
      signedIn: true,
      responses: { 200: ok(page(Problem), 'A page of problems'), ...problems(400, 401, 403) },
    }),
    requireRole('manager'),
    valid('query', ListQuery),
    async (c) => c.json(await listAllProblems(c.var.deps, c.req.valid('query')), 200),
  )
  .get(
    '/problems/:problemId',
    doc({
      summary: 'One problem',
      description: `${access.ownerOrManager}`,
      signedIn: true,
      responses: { 200: ok(Problem, 'The problem'), ...problems(401, 403, 404) },
    }),
    requireRole('manager', 'problemOwner'),
    valid('param', ProblemParams),
    async (c) => c.json(await readProblem(c.var.deps, c.var.user!, c.req.valid('param').problemId), 200),
  )
  .put(
    '/problems/:problemId',
    doc({
      summary: 'Change your problem, or answer a request for more',
      description: `${access.problemOwner} Your own problems only (any other is 404). The whole problem with the version you read (409 if it changed); \`answer\` answers the manager's latest question, and the problem goes back to them. ${decided}`,
      signedIn: true,
      responses: { 200: ok(Problem, 'Saved'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('problemOwner'),
    valid('param', ProblemParams),
    valid('json', ProblemEdit),
    async (c) =>
      c.json(await editProblem(c.var.deps, c.var.user!, c.req.valid('param').problemId, c.req.valid('json')), 200),
  )
  .post(
    '/problems/:problemId/questions',
    doc({
      summary: 'Ask the problem owner for more',
      description: `${access.manager} Emails the owner the question with a link to their problem. ${decided}`,
      signedIn: true,
      responses: { 200: ok(Problem, 'Asked'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', ProblemParams),
    valid('json', AskForMore),
    async (c) =>
      c.json(await askForMore(c.var.deps, c.var.user!, c.req.valid('param').problemId, c.req.valid('json')), 200),
  )
  .post(
    '/problems/:problemId/merge',
    doc({
      summary: 'Merge a duplicate into another problem',
      description: `${access.manager} The duplicate is kept, marked merged and pointing at the other, which takes its evidence; both change in one transaction. ${decided}`,
      signedIn: true,
      responses: { 200: ok(Problem, 'The merged duplicate'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', ProblemParams),
    valid('json', MergeInput),
    async (c) => c.json(await mergeProblem(c.var.deps, c.req.valid('param').problemId, c.req.valid('json')), 200),
  )
  .post(
    '/problems/:problemId/publish',
    doc({
      summary: 'Publish a problem for prioritisation',
      description: `${access.manager} With what solving it is expected to cost (the selection weighs it against the budget). ${decided}`,
      signedIn: true,
      responses: { 200: ok(Problem, 'Published'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', ProblemParams),
    valid('json', PublishProblemInput),
    async (c) => c.json(await publishProblem(c.var.deps, c.req.valid('param').problemId, c.req.valid('json')), 200),
  )
  .post(
    '/rounds',
    doc({
      summary: 'Open a prioritisation round',
      description: `${access.manager} Over published problems (422 names any that is not), with its voting window, points or approval, and the budget the chosen problems must fit.`,
      signedIn: true,
      responses: { 201: ok(Round, 'The round'), ...problems(400, 401, 403, 422) },
    }),
    requireRole('manager'),
    valid('json', RoundInput),
    async (c) => c.json(await createRound(c.var.deps, c.req.valid('json')), 201),
  )
  .get(
    '/rounds',
    doc({
      summary: 'Prioritisation rounds',
      description: `${access.manager} Oldest first.`,
      signedIn: true,
      responses: { 200: ok(page(Round), 'A page of rounds'), ...problems(400, 401, 403) },
    }),
    requireRole('manager'),
    valid('query', ListQuery),
    async (c) => c.json(await listPrioritisationRounds(c.var.deps, c.req.valid('query')), 200),
  )
  .get(
    '/rounds/:roundId',
    doc({
      summary: 'A prioritisation round',
      description: `${access.manager} Its problems and how many were invited; never a count of votes (see results).`,
      signedIn: true,
      responses: { 200: ok(Round, 'The round'), ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', RoundParams),
    async (c) => c.json(await readRound(c.var.deps, c.req.valid('param').roundId), 200),
  )
  .post(
    '/rounds/:roundId/voters',
    doc({
      summary: 'Invite stakeholders to vote',
      description: `${access.manager} Each gets an email with a link of their own; their email is kept in the round only as a keyed pseudonym. Someone already invited is skipped. 409 once the round has closed.`,
      signedIn: true,
      responses: {
        200: ok(z.object({ invited: z.number() }), 'How many were newly invited'),
        ...problems(400, 401, 403, 404, 409),
      },
    }),
    requireRole('manager'),
    valid('param', RoundParams),
    valid('json', VoterInvites),
    async (c) => c.json(await inviteVoters(c.var.deps, c.req.valid('param').roundId, c.req.valid('json')), 200),
  )
  .get(
    '/rounds/:roundId/results',
    doc({
      summary: 'Support for each problem, by stakeholder group',
      description: `${access.manager} 409 until the round closes: no one sees a count while voting runs.`,
      signedIn: true,
      responses: { 200: ok(RoundResults, 'The results'), ...problems(401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', RoundParams),
    async (c) => c.json(await roundResults(c.var.deps, c.req.valid('param').roundId), 200),
  )
  .get(
    '/rounds/:roundId/selection',
    doc({
      summary: 'The pot-aware selection: greedy and exact plans, with reasons',
      description: `${access.manager} The award planner with problems as bids (support as the score, the expected cost, the round's budget as the pot): greedy by support and the exact optimum, and why each problem was left out. 409 until the round closes.`,
      signedIn: true,
      responses: { 200: ok(Selection, 'Both plans'), ...problems(401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', RoundParams),
    async (c) => c.json(await selection(c.var.deps, c.req.valid('param').roundId), 200),
  )
  .post(
    '/rounds/:roundId/competition',
    doc({
      summary: 'Make a draft competition from the chosen problems',
      description: `${access.manager} One challenge per problem of the chosen plan (owned by its problem owner's organisation, with their linked evidence as its data pack), in a new draft whose pot is the round's budget. \`expected\` is the plan as you saw it (409 if it changed). Once per round (409).`,
      signedIn: true,
      responses: { 201: ok(Competition, 'The draft'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', RoundParams),
    valid('json', DraftFromRoundInput),
    async (c) =>
      c.json(await draftCompetitionFromRound(c.var.deps, c.req.valid('param').roundId, c.req.valid('json')), 201),
  )
  .get(
    '/rounds/:roundId/ballots/:voter',
    doc({
      summary: 'Your ballot paper',
      description: `${access.stakeholder} The round, its problems, your group and whether you have voted; never anyone's counts.`,
      responses: { 200: ok(VotingPage, 'Your ballot paper'), ...problems(400, 404) },
    }),
    valid('param', VoterParams),
    valid('query', TokenQuery),
    async (c) => {
      const { roundId, voter } = c.req.valid('param')
      return c.json(await readVotingPage(c.var.deps, roundId, voter, c.req.valid('query').token), 200)
    },
  )
  .post(
    '/rounds/:roundId/ballots/:voter',
    doc({
      summary: 'Vote',
      description: `${access.stakeholder} Points (at most the round's allowance in all) or approvals (0 or 1 each), within the window (409 outside it). Once per stakeholder per round: the database refuses a second ballot (409).`,
      responses: { 201: ok(z.object({ voted: z.literal(true) }), 'Counted'), ...problems(400, 404, 409, 422) },
    }),
    valid('param', VoterParams),
    valid('json', BallotInput),
    async (c) => {
      const { roundId, voter } = c.req.valid('param')
      return c.json(await castBallot(c.var.deps, roundId, voter, c.req.valid('json')), 201)
    },
  )
  .get(
    '/me/rounds',
    doc({
      summary: 'The rounds you are invited to vote in',
      description: `${access.signedIn} Prioritisation rounds your email was invited to that have not closed, soonest closing first, and whether you have voted in each (by your email’s link or signed in: it is the same vote).`,
      signedIn: true,
      responses: { 200: ok(page(InvitedRound), 'A page of your rounds'), ...problems(400, 401) },
    }),
    requireSignIn,
    valid('query', ListQuery),
    async (c) => c.json(await listMyRounds(c.var.deps, c.var.user!, c.req.valid('query')), 200),
  )
  .get(
    '/me/rounds/:roundId',
    doc({
      summary: 'Your ballot paper, signed in',
      description: `${invitedByEmail} The round, its problems, your group and whether you have voted; never anyone's counts.`,
      signedIn: true,
      responses: { 200: ok(VotingPage, 'Your ballot paper'), ...problems(401, 404) },
    }),
    requireSignIn,
    valid('param', RoundParams),
    async (c) => c.json(await readMyVotingPage(c.var.deps, c.var.user!, c.req.valid('param').roundId), 200),
  )
  .post(
    '/me/rounds/:roundId/ballot',
    doc({
      summary: 'Vote, signed in',
      description: `${invitedByEmail} As the emailed link's vote (points or approvals, within the window: 409 outside it), under the same pseudonym: a vote by the link and one signed in are the same ballot, so the second is 409.`,
      signedIn: true,
      responses: { 201: ok(z.object({ voted: z.literal(true) }), 'Counted'), ...problems(400, 401, 404, 409, 422) },
    }),
    requireSignIn,
    valid('param', RoundParams),
    valid('json', SignedInBallotInput),
    async (c) =>
      c.json(await castMyBallot(c.var.deps, c.var.user!, c.req.valid('param').roundId, c.req.valid('json')), 201),
  )
