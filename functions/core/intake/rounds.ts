// Prioritisation rounds: invited stakeholders (each in a group: public sector, VCSE, SMEs…)
// give points to, or approve, published problems within a window. Each votes once, under a
// keyed pseudonym (the database refuses a second ballot); no count is shown to anyone until the
// round closes; results are shown by group. A stakeholder votes from their email's link, or
// signed in (any role) with the invited email: the same pseudonym, so the same one ballot. Then the award planner's greedy and exact plans
// choose the most-supported set of problems the budget fits, and one action turns the chosen
// ones into a draft competition's challenges with their data packs and owners.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { formatPence } from '../../../shared/money.js'
import type {
  BallotInput,
  InvitedRound,
  Round,
  RoundInput,
  RoundResults,
  Selection,
  SignedInBallotInput,
  StakeholderGroup,
  VoterInvites,
  VotingPage,
} from '../../../shared/schemas/intake.js'
import type { Page } from '../../../shared/schemas/common.js'
import type { User } from '../../../shared/schemas/user.js'
import {
  ballotWrites,
  getProblem,
  getRound,
  getVoter,
  hasVoted,
  inviteePseudonym,
  inviteePut,
  listInvitedRounds,
  listRounds,
  readBallots,
  roundInvitedAdd,
  roundPut,
  type StoredVoter,
  voterPseudonym,
  voterPut,
} from '../../db/intake-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import { commit, ConditionFailed } from '../../db/write.js'
import { plans, type Bid, type Plan } from '../awards/planner.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated, StateConflict } from '../errors.js'
import { newId } from '../ids.js'
import { pagePaths, pageUrl } from '../notifications/links.js'
import { withCursor } from './problems.js'
import { formatLondon } from '../../../shared/dates.js'

export async function createRound(ctx: Ctx, input: RoundInput): Promise<Round> {
  const ids = [...new Set(input.problemIds)]
  const found = await Promise.all(ids.map((id) => getProblem(ctx.db, id, { consistent: true })))
  const problems = found.flatMap((problem, i) =>
    problem?.status === 'published' && problem.expectedCostPence !== undefined
      ? []
      : [{ field: `problemIds.${i}`, message: 'is not a published problem' }],
  )
  if (problems.length) throw new RuleViolated('A round prioritises published problems only.', problems)
  const round: Round = {
    id: newId(),
    ...input,
    problemIds: ids,
    problems: found.map((p) => ({
      id: p!.id,
      title: p!.title,
      statement: p!.statement,
      organisation: p!.organisation,
      expectedCostPence: p!.expectedCostPence!,
    })),
    invited: 0,
    createdAt: ctx.now().toISOString(),
  }
  await commit(ctx.db, [roundPut(ctx.db, round)])
  return round
}

export const listPrioritisationRounds = (ctx: Ctx, page: { limit: number; cursor?: string }) =>
  withCursor(() => listRounds(ctx.db, page))

export async function readRound(ctx: Ctx, roundId: string): Promise<Round> {
  const round = await getRound(ctx.db, roundId, { consistent: true })
  if (!round) throw new NotFound('round')
  return round
}

/**
 * Invites stakeholders by email, each with a link of their own. Someone already invited to the
 * round is left as they are (their first link stands); the emails are stored nowhere in the round.
 */
export async function inviteVoters(ctx: Ctx, roundId: string, input: VoterInvites): Promise<{ invited: number }> {
  const round = await readRound(ctx, roundId)
  const now = ctx.now().toISOString()
  if (round.closesAt <= now) throw new StateConflict('This round has closed: no one more can be invited.')
  const unique = new Map(input.voters.map((v) => [v.email.toLowerCase(), v.group]))
  let invited = 0
  for (const [email, group] of unique) {
    const voter = voterPseudonym(ctx.db, roundId, email)
    const token = randomBytes(24).toString('base64url')
    try {
      await commit(ctx.db, [
        voterPut(ctx.db, roundId, { voter, group, token }),
        inviteePut(ctx.db, inviteePseudonym(ctx.db, email), {
          roundId,
          title: round.title,
          opensAt: round.opensAt,
          closesAt: round.closesAt,
          method: round.method,
        }),
        roundInvitedAdd(ctx.db, roundId, 1, now),
        outboxPut(
          ctx.db,
          {
            id: newId(),
            to: email,
            kind: 'round-vote-invitation',
            subject: `Have your say: which problems should we run? (${round.title})`,
            text: [
              `You are invited to help choose which problems the Challenge Fund runs as challenges in “${round.title}”.`,
              '',
              round.method === 'points'
                ? `You have ${round.pointsPerVoter} points to share among ${round.problems.length} problems.`
                : `Approve each of the ${round.problems.length} problems you think should run.`,
              `Voting closes ${formatLondon(round.closesAt)}. Your vote is recorded under a pseudonym, and no one sees any counts until voting closes.`,
              '',
              `Your link (do not share it): ${pageUrl(ctx, pagePaths.vote(roundId, voter, token))}`,
              'Or sign in with this email address: the round is listed on your home page.',
            ].join('\n'),
            createdAt: now,
            status: 'pending',
          },
          // The email holds the address beside the link (pseudonym and token): gone once the round is a week closed.
          { expiresAt: Math.ceil(Date.parse(round.closesAt) / 1000) + 7 * 86_400 },
        ),
      ])
      invited++
    } catch (error) {
      if (error instanceof ConditionFailed && error.failed('voter-new')) continue
      if (error instanceof ConditionFailed && error.failed('round-not-closed'))
        throw new StateConflict('This round has closed: no one more can be invited.')
      throw error
    }
  }
  return { invited }
}

async function ownVoter(ctx: Ctx, round: Round, voter: string, token: string) {
  const found = await getVoter(ctx.db, round.id, voter)
  const a = Buffer.from(found?.token ?? '')
  const b = Buffer.from(token)
  // Someone else's pseudonym, or the wrong token, is as unknown as a round that does not exist.
  if (!found || a.length !== b.length || !timingSafeEqual(a, b)) throw new NotFound('round')
  return found
}

/** The signed-in person's voter in a round: their email's pseudonym, if it was invited (else the round's 404). */
async function signedInVoter(ctx: Ctx, user: User, roundId: string) {
  const round = await getRound(ctx.db, roundId)
  const found = round && (await getVoter(ctx.db, roundId, voterPseudonym(ctx.db, roundId, user.email)))
  if (!round || !found) throw new NotFound('round')
  return { round, found }
}

export async function readVotingPage(ctx: Ctx, roundId: string, voter: string, token: string): Promise<VotingPage> {
  const round = await getRound(ctx.db, roundId)
  if (!round) throw new NotFound('round')
  return votingPageOf(ctx, round, await ownVoter(ctx, round, voter, token))
}

export async function readMyVotingPage(ctx: Ctx, user: User, roundId: string): Promise<VotingPage> {
  const { round, found } = await signedInVoter(ctx, user, roundId)
  return votingPageOf(ctx, round, found)
}

/**
 * The rounds the signed-in person's email was invited to that have not closed, soonest closing
 * first, and whether they have voted in each (by link or signed in: it is the same ballot).
 */
export async function listMyRounds(
  ctx: Ctx,
  user: User,
  page: { limit: number; cursor?: string },
): Promise<Page<InvitedRound>> {
  const found = await withCursor(() =>
    listInvitedRounds(ctx.db, inviteePseudonym(ctx.db, user.email), ctx.now().toISOString(), page),
  )
  const items = await Promise.all(
    found.items.map(async ({ roundId, ...round }) => ({
      id: roundId,
      ...round,
      voted: await hasVoted(ctx.db, roundId, voterPseudonym(ctx.db, roundId, user.email)),
    })),
  )
  return { items, nextCursor: found.nextCursor }
}

async function votingPageOf(ctx: Ctx, round: Round, found: StoredVoter): Promise<VotingPage> {
  return {
    round: {
      id: round.id,
      title: round.title,
      opensAt: round.opensAt,
      closesAt: round.closesAt,
      method: round.method,
      ...(round.pointsPerVoter ? { pointsPerVoter: round.pointsPerVoter } : {}),
    },
    problems: round.problems,
    group: found.group,
    voted: await hasVoted(ctx.db, round.id, found.voter),
  }
}

export async function castBallot(
  ctx: Ctx,
  roundId: string,
  voter: string,
  input: BallotInput,
): Promise<{ voted: true }> {
  const round = await getRound(ctx.db, roundId)
  if (!round) throw new NotFound('round')
  return countBallot(ctx, round, await ownVoter(ctx, round, voter, input.token), input.support)
}

/** The signed-in person's vote: under the same pseudonym as their link's, so it is the same one ballot. */
export async function castMyBallot(
  ctx: Ctx,
  user: User,
  roundId: string,
  input: SignedInBallotInput,
): Promise<{ voted: true }> {
  const { round, found } = await signedInVoter(ctx, user, roundId)
  return countBallot(ctx, round, found, input.support)
}

async function countBallot(
  ctx: Ctx,
  round: Round,
  found: StoredVoter,
  support: BallotInput['support'],
): Promise<{ voted: true }> {
  const roundId = round.id
  const known = new Set(round.problemIds)
  const seen = new Set<string>()
  const fields = support.flatMap((s, i) => {
    if (!known.has(s.problemId)) return [{ field: `support.${i}.problemId`, message: 'is not a problem in this round' }]
    if (seen.has(s.problemId)) return [{ field: `support.${i}.problemId`, message: 'is listed twice' }]
    seen.add(s.problemId)
    if (round.method === 'approval' && s.points > 1)
      return [{ field: `support.${i}.points`, message: 'must be 0 or 1 (approve or not)' }]
    return []
  })
  const total = support.reduce((sum, s) => sum + s.points, 0)
  if (round.method === 'points' && total > round.pointsPerVoter!)
    fields.push({ field: 'support', message: `must give at most ${round.pointsPerVoter} points in all, not ${total}` })
  if (total === 0) fields.push({ field: 'support', message: 'must support at least one problem' })
  if (fields.length) throw new RuleViolated('That ballot cannot be counted.', fields)
  const now = ctx.now().toISOString()
  await commit(
    ctx.db,
    ballotWrites(ctx.db, roundId, {
      voter: found.voter,
      group: found.group,
      support: support.filter((s) => s.points > 0),
      castAt: now,
    }),
    {
      'round-open': () =>
        new StateConflict(
          now < round.opensAt
            ? `Voting opens ${formatLondon(round.opensAt)}.`
            : `Voting closed ${formatLondon(round.closesAt)}.`,
        ),
      'ballot-once': () =>
        new StateConflict(
          'You have already voted in this round (by your email’s link or signed in): each stakeholder votes once.',
        ),
    },
  )
  return { voted: true }
}

/** Support by problem and by group: refused until the round has closed, so nobody votes on a running count. */
export async function roundResults(ctx: Ctx, roundId: string): Promise<RoundResults> {
  const round = await readRound(ctx, roundId)
  if (ctx.now().toISOString() < round.closesAt)
    throw new StateConflict(`Counts stay hidden until voting closes, ${formatLondon(round.closesAt)}.`)
  const ballots = await readBallots(ctx.db, roundId)
  const groups = [...new Set(ballots.map((b) => b.group))].sort() as StakeholderGroup[]
  const points = new Map<string, Map<StakeholderGroup, number>>()
  for (const ballot of ballots)
    for (const s of ballot.support) {
      const byGroup = points.get(s.problemId) ?? new Map()
      byGroup.set(ballot.group, (byGroup.get(ballot.group) ?? 0) + s.points)
      points.set(s.problemId, byGroup)
    }
  const problems = round.problems
    .map((p) => {
      const byGroup = points.get(p.id) ?? new Map<StakeholderGroup, number>()
      return {
        id: p.id,
        title: p.title,
        total: [...byGroup.values()].reduce((a, b) => a + b, 0),
        byGroup: groups.map((group) => ({ group, points: byGroup.get(group) ?? 0 })),
      }
    })
    .sort((a, b) => b.total - a.total || a.id.localeCompare(b.id))
  return {
    roundId,
    ballots: ballots.length,
    byGroup: groups.map((group) => ({ group, ballots: ballots.filter((b) => b.group === group).length })),
    problems,
  }
}

/** Each problem left out of a plan, and why, in words. */
function reasonsFor(plan: Plan, bids: Bid[]): { problemId: string; reason: string }[] {
  const byId = new Map(bids.map((b) => [b.applicationId, b]))
  return plan.unfunded.map((u) => {
    const bid = byId.get(u.applicationId)!
    const reason =
      u.reason === 'did-not-fit'
        ? `Costs ${formatPence(bid.requestedPence)}: ${formatPence(u.shortByPence ?? 0)} more than the budget left.`
        : u.reason === 'below-floor'
          ? 'No support.'
          : `Leaving it out lets problems with more support in all fit the budget (${bid.score} points).`
    return { problemId: u.applicationId, reason }
  })
}

async function bidsOf(ctx: Ctx, round: Round): Promise<Bid[]> {
  const results = await roundResults(ctx, round.id)
  const total = new Map(results.problems.map((p) => [p.id, p.total]))
  return round.problems.map((p) => ({
    applicationId: p.id,
    organisationName: p.organisation,
    score: total.get(p.id) ?? 0,
    requestedPence: p.expectedCostPence,
    challengeIds: [],
  }))
}

/**
 * The award planner, with problems as bids: support as the score, the expected cost as what is
 * asked, the round's budget as the pot. Greedy by support and the exact optimum, side by side.
 */
export async function selection(ctx: Ctx, roundId: string): Promise<Selection> {
  const round = await readRound(ctx, roundId)
  const bids = await bidsOf(ctx, round)
  const proposed = plans({
    budgetPence: round.budgetPence,
    maxAwardPence: round.budgetPence,
    bids,
    // Support is whole points: a problem nobody supported is never chosen.
    constraints: { minScore: 1 },
  })
  const rank = [...bids].sort((a, b) => b.score - a.score || a.applicationId.localeCompare(b.applicationId))
  return {
    budgetPence: round.budgetPence,
    bids: rank.map((b, i) => ({ ...b, rank: i + 1, tied: rank.some((o) => o !== b && o.score === b.score) })),
    plans: proposed.map((plan) => ({ plan, reasons: reasonsFor(plan, bids) })),
  }
}
