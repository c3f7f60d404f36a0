// Offers not accepted by their answer-by date lapse, so they stop holding money. A scheduled
// sweep (functions/events/offer-lapser.ts; locally a timer) finds the offers due with one GSI1
// query and lapses each in one transaction, like a withdrawal: the competition's
// `committedPence` drops by exactly the amount under its revision guard, the award goes
// offered → lapsed conditioned on the version and status read, the candidate's award status
// and a ledger entry change with it, and the applicant (once decisions are released) and the
// manager who made the award are emailed. An acceptance racing the lapse either commits first
// (the lapse's condition fails and it leaves the award accepted) or fails on its own condition
// and is told the offer lapsed (a 409).
import type { Award } from '../../../shared/schemas/awards.js'
import type { Competition } from '../../../shared/schemas/competition.js'
import { formatLondon } from '../../../shared/dates.js'
import { formatPence } from '../../../shared/money.js'
import { getCandidate } from '../../db/assessing-repo.js'
import { awardPut, candidateAward, getAward, ledgerPut, listOffersDueToLapse, potChange } from '../../db/awards-repo.js'
import { getCompetitionAggregate, type CompetitionAggregate } from '../../db/competitions-repo.js'
import { getRelease, releaseUnchanged } from '../../db/feedback-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import { getUser } from '../../db/users-repo.js'
import { commit, ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { decideAgain, lostRace } from '../competitions/aggregate.js'
import { isReleased, isReleasing } from '../feedback/gate.js'
import { newId } from '../ids.js'
import { log } from '../log.js'
import { pagePaths, pageUrl } from '../notifications/links.js'
import { ledgerEntry } from './awards.js'

/** Who the ledger says lapsed an offer: no person, the date. */
export const LAPSED_BY = { id: 'offer-lapse', name: 'Not accepted by the date to answer by' }

/** Offers lapsed per run; the rest (rarely any) are the next run's. */
export const LAPSE_PAGE = 50

/** Lapses every offer whose answer-by date has passed (the scheduler calls this); returns them as `<competitionId>/<applicationId>`. */
export async function lapseDueOffers(ctx: Pick<Ctx, 'db' | 'now' | 'publicUrl'>): Promise<string[]> {
  const due = await listOffersDueToLapse(ctx.db, ctx.now().toISOString(), LAPSE_PAGE)
  const lapsed: string[] = []
  for (const { competitionId, applicationId } of due) {
    try {
      if (await lapseOffer(ctx, competitionId, applicationId)) lapsed.push(`${competitionId}/${applicationId}`)
    } catch (error) {
      // One failing must not hold up the others; it stays due, so the next run retries it.
      log.error('Lapsing an offer failed; it stays due', { competitionId, applicationId, error })
    }
  }
  return lapsed
}

/**
 * Lapses one offer if it is still `offered` and its date has passed; returns the lapsed award,
 * or undefined if there was nothing to lapse (answered, withdrawn, or raced by an acceptance).
 */
export async function lapseOffer(
  ctx: Pick<Ctx, 'db' | 'now' | 'publicUrl'>,
  competitionId: string,
  applicationId: string,
): Promise<Award | undefined> {
  // Racing awards and withdrawals move the revision: re-read and decide again.
  for (let attempt = 1; ; attempt++) {
    const aggregate = await getCompetitionAggregate(ctx.db, competitionId, { consistent: true })
    if (!aggregate) {
      log.warn('An offer due to lapse belongs to no competition; it stays due', { competitionId, applicationId })
      return undefined
    }
    const decided = await decideLapse(ctx, aggregate, applicationId)
    if (!decided) return undefined
    try {
      await commit(ctx.db, decided.writes)
      return decided.next
    } catch (error) {
      if (await decideAgain(error, attempt, 25)) continue
      if (lostRace(error)) {
        log.warn('Lapsing an offer kept losing races with other awards; it stays due', { competitionId, applicationId })
        return undefined
      }
      // The award (accepted, declined or withdrawn meanwhile) or the release changed under it: the next run decides again.
      if (error instanceof ConditionFailed) return undefined
      throw error
    }
  }
}

/** The lapse as decided on one read; undefined if there is nothing to do (not offered, not due, or a release being written: the next run lapses it). */
async function decideLapse(
  ctx: Pick<Ctx, 'db' | 'now' | 'publicUrl'>,
  { competition, revision }: CompetitionAggregate,
  applicationId: string,
) {
  const now = ctx.now()
  const competitionId = competition.id
  const [award, decisions] = await Promise.all([
    getAward(ctx.db, competitionId, applicationId),
    getRelease(ctx.db, competitionId),
  ])
  if (award?.status !== 'offered' || Date.parse(award.respondBy) > now.getTime()) return undefined
  // While decisions are being emailed, wait: no applicant gets an offer and its lapse at once.
  if (isReleasing(decisions, now)) return undefined
  const next: Award = { ...award, status: 'lapsed', lapsedAt: now.toISOString(), version: award.version + 1 }
  const entry = ledgerEntry(competition, next, 'lapsed', -award.amountPence, competition.committedPence, LAPSED_BY, now)
  const [candidate, manager] = await Promise.all([
    getCandidate(ctx.db, competitionId, applicationId),
    getUser(ctx.db, award.awardedBy),
  ])
  const to = candidate?.contactEmail
  const remainingPence = competition.potPence - entry.committedAfterPence
  const writes = [
    potChange(ctx.db, { competitionId, expectedRevision: revision, committedPence: entry.committedAfterPence }),
    awardPut(ctx.db, next, { version: award.version, status: 'offered' }),
    candidateAward(ctx.db, next, { requireShortlisted: false }),
    ledgerPut(ctx.db, entry, { expectedRevision: revision }),
    releaseUnchanged(ctx.db, decisions),
    // An applicant never told of the offer (decisions not yet released) is not told of its lapse.
    ...(to && isReleased(decisions, now)
      ? [
          outboxPut(ctx.db, {
            id: newId(),
            to,
            kind: 'award-lapsed',
            createdAt: next.lapsedAt!,
            status: 'pending',
            ...applicantEmail(ctx, competition, award),
          }),
        ]
      : []),
    ...(manager
      ? [
          outboxPut(ctx.db, {
            id: newId(),
            to: manager.email,
            kind: 'award-lapsed-manager',
            createdAt: next.lapsedAt!,
            status: 'pending',
            ...managerEmail(ctx, competition, award, remainingPence),
          }),
        ]
      : []),
  ]
  return { next, writes }
}

function applicantEmail(ctx: Pick<Ctx, 'publicUrl'>, competition: Competition, award: Award) {
  return {
    subject: `Your award offer for “${competition.title}” has lapsed`,
    text: [
      `The offer of ${formatPence(award.amountPence)} to ${award.organisationName} from “${competition.title}” was not accepted by ${formatLondon(award.respondBy)}, so it has lapsed and the money has gone back to the pot.`,
      '',
      'If you think this is wrong, contact the programme team as soon as you can.',
      '',
      `Your expression of interest: ${pageUrl(ctx, pagePaths.application(award.applicationId))}`,
    ].join('\n'),
  }
}

function managerEmail(ctx: Pick<Ctx, 'publicUrl'>, competition: Competition, award: Award, remainingPence: number) {
  return {
    subject: `An award offer lapsed: ${award.organisationName}, ${formatPence(award.amountPence)}`,
    text: [
      `${award.organisationName} did not accept the offer of ${formatPence(award.amountPence)} from “${competition.title}” by ${formatLondon(award.respondBy)}, so it has lapsed.`,
      '',
      `${formatPence(award.amountPence)} has gone back to the pot, and the ledger records it; ${formatPence(remainingPence)} now remains.`,
      '',
      `Awards and budget: ${pageUrl(ctx, pagePaths.awards(competition.id))}`,
    ].join('\n'),
  }
}
