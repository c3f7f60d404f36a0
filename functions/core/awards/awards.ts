// Awards from the pot. Every award, withdrawal and declined offer is one transaction with the
// competition item: `committedPence` moves under the competition's revision guard and a
// condition that it stays ≤ pot, together with the award, the candidate's award status, an
// immutable ledger entry (before and after) and, for an award, the offer email. Racing
// decisions re-read and decide again; one that no longer fits is a 409 saying what remains.
import { awardMoves } from '../funnel/funnel.js'
import type { Award, AwardInput, Budget, LedgerEntry, Offer, PublishedResults } from '../../../shared/schemas/awards.js'
import type { Candidate } from '../../../shared/schemas/assessing.js'
import type { Competition } from '../../../shared/schemas/competition.js'
import type { FeedbackRelease } from '../../../shared/schemas/feedback.js'
import type { User } from '../../../shared/schemas/user.js'
import { holdsMoney } from '../../../shared/schemas/awards.js'
import { formatLondon } from '../../../shared/dates.js'
import { formatPence, splitPence } from '../../../shared/money.js'
import { getApplication } from '../../db/applications-repo.js'
import { getCandidate, getCandidates } from '../../db/assessing-repo.js'
import {
  awardPut,
  candidateAward,
  getAwardsAndLedger,
  idempotencyPut,
  ledgerPut,
  potChange,
} from '../../db/awards-repo.js'
import type { CompetitionAggregate } from '../../db/competitions-repo.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import { getRelease, releaseUnchanged } from '../../db/feedback-repo.js'
import { listGrantsOfCompetition } from '../../db/grants-repo.js'
import { grantNotInForce } from '../../db/grant-changes-repo.js'
import { getGrant } from '../../db/grants-repo.js'
import { getMembership } from '../../db/organisations-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import { commit, ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { changeCompetition, decideAgain, lostRace } from '../competitions/aggregate.js'
import { DeadlinePassed, NotFound, RuleViolated, StateConflict, VersionConflict } from '../errors.js'
import { isReleased, isReleasing, MIN_ANSWER_MS } from '../feedback/gate.js'
import { publicMilestonesByApplication } from '../grants/programme.js'
import { newId } from '../ids.js'
import { awardFor, dueByMonth, moneyByGrant, moneyOverTime, paidByApplication } from '../grants/money.js'
import { pagePaths, pageUrl } from '../notifications/links.js'

/** Racing awards re-read and decide again; enough tries for a room of managers. */
const AWARD_ATTEMPTS = 25

export type AwardRequest = Omit<AwardInput, 'respondBy'> & { respondBy: string }

/** Awards one shortlisted application, once (a retry with the same idempotency key returns the award). */
export async function awardApplication(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  input: AwardRequest,
  idempotencyKey?: string,
  /** Told only when this call's commit made the award (not a repeat of an earlier one). */
  onAwarded?: (award: Award) => void,
): Promise<Award> {
  const repeat = await repeatedAward(ctx, competitionId, input, idempotencyKey)
  if (repeat) return repeat
  try {
    const [award] = await commitAwards(ctx, manager, competitionId, [input], idempotencyKey)
    onAwarded?.(award!)
    return award!
  } catch (error) {
    // Raced by the same request retried: the first one's award is the answer.
    const again = await repeatedAward(ctx, competitionId, input, idempotencyKey)
    if (again) return again
    throw error
  }
}

/**
 * Makes awards in one transaction, all or none: each checked against the rules, and their
 * total against what remains. Racing awards move the competition's revision: read and decide again.
 */
export async function commitAwards(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  inputs: AwardRequest[],
  idempotencyKey?: string,
): Promise<Award[]> {
  if (inputs.length > 24)
    throw new RuleViolated('At most 24 awards can be made at once.', [
      { field: 'awards', message: 'has more than 24 awards' },
    ])
  const candidates = await getCandidates(
    ctx.db,
    competitionId,
    inputs.map((i) => i.applicationId),
  )
  const changed = () =>
    new StateConflict('An award changed while this was being decided. Reload the budget and try again.')
  for (let attempt = 1; ; attempt++) {
    const aggregate = await readPot(ctx, competitionId)
    const { awards, writes } = await decideAwards(ctx, manager, aggregate, candidates, inputs, idempotencyKey)
    try {
      await commit(ctx.db, writes)
      return awards
    } catch (error) {
      // A moved revision explains whatever else failed with it (a ledger entry or award written meanwhile): decide again.
      if (await decideAgain(error, attempt, AWARD_ATTEMPTS)) continue
      if (lostRace(error)) throw potBusy(aggregate)
      // The award, the shortlist, the Idempotency-Key or the release changed since the read.
      if (error instanceof ConditionFailed) throw changed()
      throw error
    }
  }
}

/** The competition and its themes, read consistently to decide on (404 if there is none). */
async function readPot(ctx: Ctx, competitionId: string): Promise<CompetitionAggregate> {
  const aggregate = await getCompetitionAggregate(ctx.db, competitionId, { consistent: true })
  if (!aggregate) throw new NotFound('competition')
  return aggregate
}

/** The awards as decided on one read, and every write that must hold with them. */
async function decideAwards(
  ctx: Ctx,
  manager: User,
  { competition, themes, revision }: CompetitionAggregate,
  candidates: Map<string, Candidate>,
  inputs: AwardRequest[],
  idempotencyKey?: string,
) {
  const now = ctx.now()
  const competitionId = competition.id
  assertOpenForAwards(competition)
  const [{ awards: existing }, decisions] = await Promise.all([
    getAwardsAndLedger(ctx.db, competitionId),
    getRelease(ctx.db, competitionId),
  ])
  // Before decisions are released the offer waits: the release emails it with everyone's decision.
  const released = isReleased(decisions, now)
  if (isReleasing(decisions, now)) throw releaseUnderWay()
  // A scheduled release is when the applicant first sees the offer: it must leave them time.
  const seenFrom = decisions.status === 'scheduled' && decisions.scheduledAt ? new Date(decisions.scheduledAt) : now
  const field = (i: number, name: string) => (inputs.length === 1 ? name : `awards.${i}.${name}`)
  const awards = inputs.map((input, i): Award => {
    const candidate = candidates.get(input.applicationId)
    if (!candidate) throw new NotFound('shortlisted application')
    if (candidate.shortlist?.outcome !== 'shortlisted')
      throw new RuleViolated(`${candidate.organisationName} is not on the shortlist.`, [
        { field: field(i, 'applicationId'), message: 'is not on the shortlist' },
      ])
    const current = existing.find((a) => a.applicationId === input.applicationId && holdsMoney(a.status))
    if (current)
      throw new StateConflict(
        `${candidate.organisationName} already has an award of ${formatPence(current.amountPence)}.`,
        [{ field: field(i, 'applicationId'), message: 'already has an award' }],
      )
    assertAmount(competition, candidate, input, (name) => field(i, name))
    if (new Date(input.respondBy) <= now)
      throw new RuleViolated('The applicant needs time to answer.', [
        { field: field(i, 'respondBy'), message: 'must be in the future' },
      ])
    if (seenFrom !== now && Date.parse(input.respondBy) < seenFrom.getTime() + MIN_ANSWER_MS) {
      throw new RuleViolated(
        `Decisions are released ${formatLondon(seenFrom.toISOString())}: the applicant needs at least a day after that to answer.`,
        [{ field: field(i, 'respondBy'), message: 'must be at least a day after the scheduled release' }],
      )
    }
    const challengeIds = [
      ...new Set(candidate.themeIds.flatMap((id) => themes.find((t) => t.id === id)?.challengeIds ?? [])),
    ]
    return {
      competitionId,
      applicationId: candidate.applicationId,
      organisationName: candidate.organisationName,
      themeIds: candidate.themeIds,
      challengeIds,
      amountPence: input.amountPence,
      requestedPence: candidate.amountRequestedPence ?? input.amountPence,
      partialReason: input.reason || undefined,
      conditions: input.conditions,
      respondBy: input.respondBy,
      status: 'offered',
      version: 1,
      awardedBy: manager.id,
      awardedByName: manager.name,
      awardedAt: now.toISOString(),
      idempotencyKey,
    }
  })
  const total = awards.reduce((sum, a) => sum + a.amountPence, 0)
  const remaining = competition.potPence - competition.committedPence
  if (total > remaining) throw potExhausted(remaining, total)
  let committed = competition.committedPence
  const perAward = awards.flatMap((award, position) => {
    const entry = ledgerEntry(
      competition,
      award,
      'awarded',
      award.amountPence,
      committed,
      manager,
      now,
      award.partialReason,
    )
    committed = entry.committedAfterPence
    const to = candidates.get(award.applicationId)!.contactEmail
    return [
      awardPut(ctx.db, award, 'new'),
      candidateAward(ctx.db, award, { requireShortlisted: true }),
      ledgerPut(ctx.db, entry, { expectedRevision: revision, position }),
      ...(idempotencyKey
        ? [
            idempotencyPut(ctx.db, competitionId, {
              key: idempotencyKey,
              applicationId: award.applicationId,
              amountPence: award.amountPence,
            }),
          ]
        : []),
      ...(to && released
        ? [
            outboxPut(ctx.db, {
              id: newId(),
              to,
              kind: 'award-offer',
              competitionId: award.competitionId,
              applicationId: award.applicationId,
              createdAt: now.toISOString(),
              status: 'pending',
              ...offerEmail(competition, award, pageUrl(ctx, pagePaths.application(award.applicationId))),
            }),
          ]
        : []),
    ]
  })
  const writes = [
    potChange(ctx.db, { competitionId, expectedRevision: revision, committedPence: committed }),
    ...perAward,
    releaseUnchanged(ctx.db, decisions),
    ...(await awardMoves(
      ctx,
      competitionId,
      awards.map((a) => ({ applicationId: a.applicationId, to: a.status })),
    )),
  ]
  return { awards, writes }
}

/** A programme manager withdraws an award; its amount goes back to the pot. */
export async function withdrawAward(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  input: { version: number; reason: string },
): Promise<Award> {
  return release(ctx, manager, competitionId, applicationId, input.version, 'withdrawn', input.reason)
}

/** The applicant's own offer: 404 for anyone else, and where there is none. */
export async function getOffer(ctx: Ctx, applicant: User, applicationId: string): Promise<Offer> {
  const award = await ownAward(ctx, applicant, applicationId)
  return toOffer(award)
}

/** The applicant accepts (before the deadline) or declines, which releases the amount. */
export async function respondToOffer(
  ctx: Ctx,
  applicant: User,
  applicationId: string,
  input: { version: number; accept: boolean },
  /** Told only when this call's commit recorded the answer (not a repeat of the same answer). */
  onAnswered?: (answer: 'accepted' | 'declined') => void,
): Promise<Offer> {
  const award = await ownAward(ctx, applicant, applicationId)
  const answer = input.accept ? 'accepted' : 'declined'
  if (award.status === answer) return toOffer(award)
  if (award.status === 'lapsed') throw offerLapsed(award)
  if (award.status !== 'offered')
    throw new StateConflict(`This offer was ${award.status} and can no longer be answered.`)
  if (award.version !== input.version) throw new VersionConflict('offer', award.version)
  // Declining is always possible (it only gives money back); accepting, before the deadline.
  if (!input.accept) {
    const declined = await release(ctx, applicant, award.competitionId, applicationId, input.version, 'declined')
    onAnswered?.('declined')
    return toOffer(declined)
  }
  if (ctx.now() >= new Date(award.respondBy)) throw new DeadlinePassed(formatLondon(award.respondBy))
  const accepted: Award = {
    ...award,
    status: 'accepted',
    respondedAt: ctx.now().toISOString(),
    version: award.version + 1,
  }
  await commit(
    ctx.db,
    [
      awardPut(ctx.db, accepted, { version: award.version, status: 'offered' }),
      candidateAward(ctx.db, accepted, { requireShortlisted: false }),
      ...(await awardMoves(ctx, award.competitionId, [{ applicationId, from: award.status, to: accepted.status }])),
    ],
    {
      // The lapse sweep got there first (its clock past the date, ours not quite): the offer lapsed.
      'award-version': (was) => (was?.status === 'lapsed' ? offerLapsed(award) : new VersionConflict('offer')),
      'still-shortlisted': () => new VersionConflict('offer'),
    },
  )
  onAnswered?.('accepted')
  return toOffer(accepted)
}

/**
 * Pot, committed, paid, outstanding and remaining, by challenge, theme and grant; what falls due
 * each month; committed and paid over time; and the awards. Three queries, whatever the number of
 * grants: the competition, its awards and ledger, its grants.
 */
export async function getBudget(ctx: Ctx, competitionId: string): Promise<Budget> {
  const [aggregate, { awards, ledger }, grants] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId, { consistent: true }),
    getAwardsAndLedger(ctx.db, competitionId),
    listGrantsOfCompetition(ctx.db, competitionId),
  ])
  if (!aggregate) throw new NotFound('competition')
  const { competition, challenges, themes } = aggregate
  const holding = awards.filter((a) => holdsMoney(a.status))
  const paid = paidByApplication(grants)
  // What each award holds and has paid; a paid grant whose award no longer holds money still shows what it paid.
  const shares: Share[] = [
    ...holding.map((award) => ({ award, committed: award.amountPence, paid: paid.get(award.applicationId) ?? 0 })),
    ...[...paid]
      .filter(([applicationId]) => !holding.some((a) => a.applicationId === applicationId))
      .flatMap(([applicationId, pence]) => {
        const award = awardFor(awards, applicationId)
        return award ? [{ award, committed: 0, paid: pence }] : []
      }),
  ]
  return {
    potPence: competition.potPence,
    maxAwardPence: competition.maxAwardPence,
    committedPence: competition.committedPence,
    remainingPence: competition.potPence - competition.committedPence,
    paidPence: competition.paidPence,
    outstandingPence: competition.committedPence - competition.paidPence,
    byChallenge: splitAcross(shares, challenges, (a) => a.challengeIds, 'Not linked to a challenge'),
    byTheme: splitAcross(shares, themes, (a) => a.themeIds, 'Not linked to a theme'),
    awards: awards.sort((a, b) => b.awardedAt.localeCompare(a.awardedAt)),
    byGrant: moneyByGrant(grants),
    dueByMonth: dueByMonth(grants),
    overTime: moneyOverTime(ledger),
    resultsPublishedAt: competition.resultsPublishedAt,
  }
}

/** An award's part in the budget: what it holds (0 once it no longer holds money) and what its grant has paid. */
type Share = { award: Award; committed: number; paid: number }

/**
 * What is committed and paid, by challenge (or theme): each award's amount (and what its grant
 * has paid) divided equally across the ones it addresses, in the competition's order, the odd
 * pence to the first of them; an award addressing none shows on a row of its own. So the shares
 * add up to exactly what is committed (and paid).
 */
function splitAcross(
  shares: Share[],
  list: { id: string; title: string }[],
  of: (a: Award) => string[],
  unlinkedTitle: string,
): Budget['byChallenge'] {
  const row = (id: string, title: string) => ({
    id,
    title,
    committedPence: 0,
    paidPence: 0,
    outstandingPence: 0,
    awards: 0,
  })
  const rows = list.map(({ id, title }) => row(id, title))
  const unlinked = row('none', unlinkedTitle)
  let anyUnlinked = false
  for (const { award, committed, paid } of shares) {
    const linked = rows.filter((r) => of(award).includes(r.id))
    const addressed = linked.length ? linked : [unlinked]
    if (!linked.length) anyUnlinked = true
    const committedSplit = splitPence(committed, addressed.length)
    const paidSplit = splitPence(paid, addressed.length)
    addressed.forEach((r, i) => {
      r.committedPence += committedSplit[i]!
      r.paidPence += paidSplit[i]!
      if (committed > 0) r.awards += 1
    })
  }
  for (const r of [...rows, unlinked]) r.outstandingPence = r.committedPence - r.paidPence
  return anyUnlinked ? [...rows, unlinked] : rows
}

/** Every change to what is committed, newest first. */
export async function getLedger(ctx: Ctx, competitionId: string): Promise<LedgerEntry[]> {
  const [aggregate, { ledger }] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId),
    getAwardsAndLedger(ctx.db, competitionId),
  ])
  if (!aggregate) throw new NotFound('competition')
  return ledger.reverse()
}

/** Makes the winners public. Every offer must have been answered; once only. */
export async function publishResults(ctx: Ctx, competitionId: string): Promise<PublishedResults> {
  await changeCompetition(ctx, competitionId, async ({ competition }, now) => {
    if (competition.status !== 'published') throw new NotFound('competition')
    if (competition.resultsPublishedAt)
      throw new StateConflict(`The results were published ${formatLondon(competition.resultsPublishedAt)}.`)
    const [{ awards }, decisions] = await Promise.all([
      getAwardsAndLedger(ctx.db, competitionId),
      getRelease(ctx.db, competitionId),
    ])
    if (!isReleased(decisions, now)) {
      throw new RuleViolated(
        'Release the decisions and feedback to applicants first: winners are told before the public.',
        [{ field: 'release', message: 'must have happened' }],
      )
    }
    const waiting = awards.filter((a) => a.status === 'offered')
    if (waiting.length) {
      throw new RuleViolated(
        `Waiting for ${waiting.length} applicant${waiting.length === 1 ? '' : 's'} to answer: ${waiting.map((a) => a.organisationName).join(', ')}.`,
        [{ field: 'awards', message: 'have offers not yet answered' }],
      )
    }
    if (!awards.some((a) => a.status === 'accepted'))
      throw new RuleViolated('No award has been accepted yet.', [{ field: 'awards', message: 'has none accepted' }])
    return { changes: { competition: { ...competition, resultsPublishedAt: now.toISOString() } }, result: undefined }
  })
  return getResults(ctx, competitionId, { consistent: true })
}

/** The public results: nothing (404) until they are published. */
export async function getResults(
  ctx: Ctx,
  competitionId: string,
  { consistent = false } = {},
): Promise<PublishedResults> {
  const [aggregate, { awards }, milestones] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId, { consistent }),
    getAwardsAndLedger(ctx.db, competitionId, { consistent }),
    publicMilestonesByApplication(ctx, competitionId),
  ])
  const competition = aggregate?.competition
  if (!aggregate || competition?.status !== 'published' || !competition.resultsPublishedAt)
    throw new NotFound('published results')
  const winners = awards
    .filter((a) => a.status === 'accepted')
    .sort((a, b) => b.amountPence - a.amountPence || a.organisationName.localeCompare(b.organisationName))
    .map((a) => ({
      organisationName: a.organisationName,
      challenges: a.challengeIds
        .map((id) => aggregate.challenges.find((c) => c.id === id)?.title ?? '')
        .filter(Boolean),
      amountPence: a.amountPence,
      milestones: milestones.get(a.applicationId) ?? [],
    }))
  return {
    competitionId,
    competitionTitle: competition.title,
    publishedAt: competition.resultsPublishedAt,
    potPence: competition.potPence,
    totalAwardedPence: winners.reduce((sum, w) => sum + w.amountPence, 0),
    winners,
  }
}

// — Rules —

function assertOpenForAwards(competition: Competition) {
  if (competition.status !== 'published') throw new NotFound('competition')
  if (competition.resultsPublishedAt) {
    throw new RuleViolated(
      `The results were published ${formatLondon(competition.resultsPublishedAt)}: awards are final.`,
      [{ field: 'competition', message: 'has published results' }],
    )
  }
}

function assertAmount(
  competition: Competition,
  candidate: Candidate,
  input: AwardRequest,
  field: (name: string) => string,
) {
  const requested = candidate.amountRequestedPence
  if (requested === undefined) {
    throw new RuleViolated(`${candidate.organisationName} did not say how much it needs.`, [
      { field: field('applicationId'), message: 'has no amount requested' },
    ])
  }
  if (input.amountPence > requested) {
    throw new RuleViolated(
      `${candidate.organisationName} asked for ${formatPence(requested)}: an award cannot be more.`,
      [{ field: field('amountPence'), message: `must be at most ${formatPence(requested)}, the amount requested` }],
    )
  }
  if (input.amountPence > competition.maxAwardPence) {
    throw new RuleViolated(`The maximum award is ${formatPence(competition.maxAwardPence)}.`, [
      {
        field: field('amountPence'),
        message: `must be at most ${formatPence(competition.maxAwardPence)}, the maximum award`,
      },
    ])
  }
  if (input.amountPence < requested && !input.reason) {
    throw new RuleViolated('A partial award needs a reason: the applicant will see it.', [
      {
        field: field('reason'),
        message: `must say why the award is less than the ${formatPence(requested)} requested`,
      },
    ])
  }
}

const potExhausted = (remainingPence: number, wantedPence: number) =>
  new StateConflict(`Only ${formatPence(remainingPence)} remains in the pot; this needs ${formatPence(wantedPence)}.`, [
    { field: 'amountPence', message: `must be at most ${formatPence(remainingPence)}, what remains` },
  ])

/** An answer to an offer that lapsed, unaccepted by its date: the money went back to the pot. */
export const offerLapsed = (award: Award) =>
  new StateConflict(
    `This offer lapsed: it was not accepted by ${formatLondon(award.respondBy)}, and the money has gone back to the pot. Contact the programme team if you think this is wrong.`,
  )

const releaseUnderWay = () =>
  new StateConflict('Decisions are being released to applicants right now. Try again in a minute.')

const potBusy = ({ competition }: CompetitionAggregate) =>
  new StateConflict(
    `Other awards are being made right now; ${formatPence(competition.potPence - competition.committedPence)} remained when last read. Try again.`,
  )

/** Withdrawn by a manager, or declined by the applicant: one transaction gives the money back. */
async function release(
  ctx: Ctx,
  by: User,
  competitionId: string,
  applicationId: string,
  version: number,
  status: 'withdrawn' | 'declined',
  reason?: string,
): Promise<Award> {
  const stale = () => new VersionConflict('award')
  for (let attempt = 1; ; attempt++) {
    const { next, writes } = await decideRelease(
      ctx,
      by,
      await readPot(ctx, competitionId),
      applicationId,
      version,
      status,
      reason,
    )
    try {
      await commit(ctx.db, writes)
      return next
    } catch (error) {
      // A moved revision explains whatever else failed with it: decide again.
      if (await decideAgain(error, attempt, AWARD_ATTEMPTS)) continue
      if (lostRace(error))
        throw new StateConflict('The competition is being changed by someone else right now. Try again in a moment.')
      // The grant agreement was sent (or accepted) since the read.
      if (error instanceof ConditionFailed && error.failed('grant-not-in-force')) {
        const grant = await getGrant(ctx.db, competitionId, applicationId)
        throw grantInForce(grant?.organisationName ?? 'the grantee', grant?.status ?? 'sent')
      }
      if (error instanceof ConditionFailed) throw stale()
      throw error
    }
  }
}

/**
 * An accepted award whose grant agreement is sent or active is not withdrawn: the grant is
 * terminated instead. Nor once it has ended: the award stands as the record of what was paid.
 */
const grantInForce = (organisationName: string, status: string) =>
  new StateConflict(
    status === 'sent' || status === 'active'
      ? `The grant agreement with ${organisationName} is ${status === 'sent' ? 'sent for signing' : 'active'}: an award with a grant in force cannot be withdrawn. Terminate the grant instead; its unpaid part goes back to the pot.`
      : `The grant with ${organisationName} is ${status}: its award stands as the record of what was paid, and cannot be withdrawn.`,
    [{ field: 'grant', message: `is ${status}` }],
  )

async function decideRelease(
  ctx: Ctx,
  by: User,
  { competition, revision }: CompetitionAggregate,
  applicationId: string,
  version: number,
  status: 'withdrawn' | 'declined',
  reason?: string,
) {
  const now = ctx.now()
  const competitionId = competition.id
  if (status === 'withdrawn') assertOpenForAwards(competition)
  const [{ awards }, decisions] = await Promise.all([
    getAwardsAndLedger(ctx.db, competitionId),
    getRelease(ctx.db, competitionId),
  ])
  const award = awards.find((a) => a.applicationId === applicationId)
  if (!award) throw new NotFound('award')
  if (isReleasing(decisions, now)) throw releaseUnderWay()
  if (!holdsMoney(award.status)) throw new StateConflict(`This award was ${award.status} already.`)
  // Once its grant agreement is sent the award stands (checked again in the transaction).
  const grant = status === 'withdrawn' ? await getGrant(ctx.db, competitionId, applicationId) : undefined
  if (grant && grant.status !== 'draft') throw grantInForce(grant.organisationName, grant.status)
  if (award.version !== version) throw new VersionConflict('award', award.version)
  const at = now.toISOString()
  const next: Award = {
    ...award,
    status,
    version: award.version + 1,
    ...(status === 'withdrawn' ? { withdrawnAt: at, withdrawnReason: reason } : { respondedAt: at }),
  }
  // (`reason` is the withdrawal's; a decline gives none.)
  const entry = ledgerEntry(competition, next, status, -award.amountPence, competition.committedPence, by, now, reason)
  const candidate = await getCandidate(ctx.db, competitionId, applicationId)
  // An applicant who was never told of the offer (decisions not yet released) is not told of its withdrawal.
  const tell = status === 'withdrawn' && candidate?.contactEmail && isReleased(decisions, now)
  const writes = [
    potChange(ctx.db, { competitionId, expectedRevision: revision, committedPence: entry.committedAfterPence }),
    awardPut(ctx.db, next, { version: award.version, status: award.status }),
    candidateAward(ctx.db, next, { requireShortlisted: false }),
    ledgerPut(ctx.db, entry, { expectedRevision: revision }),
    releaseUnchanged(ctx.db, decisions),
    ...(award.status === 'accepted' ? [grantNotInForce(ctx.db, competitionId, applicationId)] : []),
    ...(await awardMoves(ctx, competitionId, [{ applicationId, from: award.status, to: next.status }])),
    ...(tell
      ? [
          outboxPut(ctx.db, {
            id: newId(),
            to: candidate.contactEmail!,
            kind: 'award-withdrawn',
            createdAt: at,
            status: 'pending',
            subject: `Your award for “${competition.title}” has been withdrawn`,
            text: [
              `The offer of ${formatPence(award.amountPence)} to ${award.organisationName} for “${competition.title}” has been withdrawn.`,
              '',
              `Reason: ${reason}`,
              '',
              `Your expression of interest: ${pageUrl(ctx, pagePaths.application(applicationId))}`,
            ].join('\n'),
          }),
        ]
      : []),
  ]
  return { next, writes }
}

export function ledgerEntry(
  competition: Competition,
  award: Award,
  cause: LedgerEntry['cause'],
  changePence: number,
  before: number,
  by: Pick<User, 'id' | 'name'>,
  now: Date,
  reason?: string,
): LedgerEntry {
  return {
    id: newId(),
    competitionId: competition.id,
    applicationId: award.applicationId,
    organisationName: award.organisationName,
    cause,
    changePence,
    committedBeforePence: before,
    committedAfterPence: before + changePence,
    potPence: competition.potPence,
    by: by.id,
    byName: by.name,
    at: now.toISOString(),
    reason,
  }
}

/**
 * The award an Idempotency-Key already made, as it stands now; refused if the key was used
 * for a different award (another application or amount).
 */
async function repeatedAward(
  ctx: Ctx,
  competitionId: string,
  input: AwardRequest,
  idempotencyKey?: string,
): Promise<Award | undefined> {
  if (!idempotencyKey) return undefined
  const { awards, keys } = await getAwardsAndLedger(ctx.db, competitionId)
  const used = keys.find((k) => k.key === idempotencyKey)
  if (!used) return undefined
  if (used.applicationId !== input.applicationId || used.amountPence !== input.amountPence) {
    throw new RuleViolated('This Idempotency-Key was used for a different award: send a new key for a new decision.', [
      { field: 'Idempotency-Key', message: 'was used for a different award' },
    ])
  }
  return awards.find((a) => a.applicationId === input.applicationId)
}

/** The award on the applicant's own EOI, once decisions are released; 404 for anyone else's and where there is none. */
async function ownAward(ctx: Ctx, applicant: User, applicationId: string): Promise<Award> {
  const [application, organisationId] = await Promise.all([
    getApplication(ctx.db, applicationId),
    getMembership(ctx.db, applicant.id),
  ])
  if (!application || application.organisationId !== organisationId) throw new NotFound('offer')
  const [{ awards }, decisions] = await Promise.all([
    getAwardsAndLedger(ctx.db, application.competitionId),
    getRelease(ctx.db, application.competitionId),
  ])
  const award = awards.find((a) => a.applicationId === applicationId)
  // Until decisions are released, an offer is no more visible than no offer; nor, ever, one
  // withdrawn before the release: the applicant was never told of it.
  if (!award || !isReleased(decisions, ctx.now()) || !toldOf(award, decisions)) throw new NotFound('offer')
  return award
}

/** Was the applicant told of this award: is it still live, or did it end after they learnt of it at the release? */
function toldOf(award: Award, decisions: FeedbackRelease): boolean {
  const ended = award.withdrawnAt ?? (award.status === 'declined' ? award.respondedAt : undefined)
  if (holdsMoney(award.status) || !ended) return true
  const releasedAt = decisions.releasedAt ?? decisions.scheduledAt
  return !!releasedAt && ended > releasedAt
}

export const toOffer = ({
  idempotencyKey: _key,
  awardedBy: _by,
  awardedByName: _name,
  themeIds: _t,
  challengeIds: _c,
  withdrawnReason: _w,
  ...offer
}: Award): Offer => offer

/** The offer as emailed: at the release of decisions, or when awarded after it. */
export function offerEmail(competition: Competition, award: Award, link: string) {
  const lines = [
    `We are pleased to offer ${award.organisationName} an award of ${formatPence(award.amountPence)} from “${competition.title}”.`,
    ...(award.amountPence < award.requestedPence
      ? ['', `This is less than the ${formatPence(award.requestedPence)} you asked for: ${award.partialReason}`]
      : []),
    ...(award.conditions ? ['', 'Conditions of the award', award.conditions] : []),
    '',
    `Please accept or decline by ${formatLondon(award.respondBy)}: ${link}`,
    '',
    'Please keep this to yourselves until the results are published.',
  ]
  return {
    subject: `An award offer for ${award.organisationName}: ${formatPence(award.amountPence)}`,
    text: lines.join('\n'),
  }
}
