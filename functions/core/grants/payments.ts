// Paying a grant: a programme manager records the payment of one due tranche, in full, once.
//
//   scheduled ──falls due──▶ due ──payment (a second manager)──▶ paid
//   (signing: on acceptance; a date: from that date, without a write; a milestone: on its approval)
//
// Four eyes: the manager who records a payment is never the one who authorised the tranche
// (approved its milestone, or sent the agreement for a tranche due on signing or on a date).
// One transaction moves the grant (its version guard: a tranche is paid at most once), the
// competition's paid total under its revision guard (committed unchanged), and writes the
// ledger entry (cause `paid`), and emails the grantee; when it pays the last tranche of a grant
// whose milestones are all approved, the grant is completed in the same write. A race (another payment, an award,
// a report approved) is read again and decided again.
import { grantMoves } from '../funnel/funnel.js'
import type { Grant, Tranche, TrancheProgress } from '../../../shared/schemas/grants.js'
import type { LedgerEntry } from '../../../shared/schemas/awards.js'
import type { PaymentInput } from '../../../shared/schemas/grant-payments.js'
import type { User } from '../../../shared/schemas/user.js'
import { formatLondon, utcIsoToLondonLocal } from '../../../shared/dates.js'
import { formatPence } from '../../../shared/money.js'
import { awardAccepted, getAward, ledgerPut, moneyChange } from '../../db/awards-repo.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import { getGrant, grantPut } from '../../db/grants-repo.js'
import { commit, ConditionFailed, Contended } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { Forbidden, NotFound, RuleViolated, StateConflict, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'
import { paymentEmail } from './grant-emails.js'

/** Racing writers to one grant or one competition's money: read again and decide again, this often at most. */
const PAYMENT_ATTEMPTS = 25

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
/** A calendar date as people read it: "1 November 2021". */
const formatDate = (date: string) => dateFormat.format(new Date(`${date}T00:00:00Z`))

/** Today's date in Europe/London, as YYYY-MM-DD. */
export const londonToday = (now: Date) => utcIsoToLondonLocal(now.toISOString()).slice(0, 10)

/**
 * Whether a tranche can be paid today: `due`, or `scheduled` with a date trigger on or before
 * today (Europe/London). A tranche held back until the completion report is due only once its
 * milestone is approved (its status `due`); held back on a date, also only once the last
 * milestone (the completion report) is approved.
 */
export function isTrancheDue(grant: Grant, tranche: Tranche, progress: TrancheProgress, today: string): boolean {
  if (progress.status === 'due') return true
  if (progress.status !== 'scheduled' || tranche.trigger.kind !== 'date' || tranche.trigger.on > today) return false
  if (!tranche.holdback) return true
  const final = completionMilestone(grant)
  return !final || grant.progress?.milestones[final]?.status === 'approved'
}

/** The milestone whose approval releases a held-back share: the last one due under the agreement. */
const completionMilestone = (grant: Grant) =>
  grant.milestones.reduce<(typeof grant.milestones)[number] | undefined>(
    (last, m) => (!last || m.dueOn >= last.dueOn ? m : last),
    undefined,
  )?.id

/** Who authorised a tranche: its milestone's approver, or the manager who sent the agreement. */
export function authoriserOf(grant: Grant, tranche: Tranche, progress: TrancheProgress): string | undefined {
  if (progress.authorisedBy) return progress.authorisedBy
  if (tranche.trigger.kind === 'milestone') return grant.progress?.milestones[tranche.trigger.milestoneId]?.approvedBy
  return grant.sentBy
}

/** Completed: every milestone approved and every tranche not cancelled paid. */
export const isComplete = (grant: Grant) =>
  !!grant.progress &&
  grant.milestones.every((m) => grant.progress!.milestones[m.id]?.status === 'approved') &&
  grant.tranches.every((t) => ['paid', 'cancelled'].includes(grant.progress!.tranches[t.id]?.status ?? 'scheduled'))

/**
 * Records the payment of a due tranche, in full (its current amount), by a manager who did not
 * authorise it. Returns the grant as paid. A tranche already paid is a 409 saying when and by whom.
 */
export async function recordPayment(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  trancheId: string,
  input: PaymentInput,
): Promise<Grant> {
  for (let attempt = 1; ; attempt++) {
    const [grant, aggregate, award] = await Promise.all([
      getGrant(ctx.db, competitionId, applicationId),
      getCompetitionAggregate(ctx.db, competitionId, { consistent: true }),
      getAward(ctx.db, competitionId, applicationId),
    ])
    if (!grant || !aggregate) throw new NotFound('grant agreement')
    const now = ctx.now()
    const { next, entry } = decidePayment(grant, trancheId, input, manager, now)
    // The award behind the grant must still hold it (the transaction checks it again).
    if (award?.status !== 'accepted' || award.amountPence !== grant.awardPence) throw awardChanged(grant)
    const { competition, revision } = aggregate
    const paidAfterPence = competition.paidPence + entry.paidChangePence!
    if (paidAfterPence > competition.committedPence)
      throw new StateConflict(
        `This payment would take what is paid (${formatPence(paidAfterPence)}) past what is committed (${formatPence(competition.committedPence)}). Reload the budget.`,
      )
    const ledger: LedgerEntry = {
      ...entry,
      potPence: competition.potPence,
      committedBeforePence: competition.committedPence,
      committedAfterPence: competition.committedPence,
      paidAfterPence,
    }
    try {
      await commit(ctx.db, [
        grantPut(ctx.db, next, { version: grant.version, status: grant.status }),
        moneyChange(ctx.db, {
          competitionId,
          expectedRevision: revision,
          committedPence: competition.committedPence,
          paidPence: paidAfterPence,
        }),
        ledgerPut(ctx.db, ledger, { expectedRevision: revision }),
        awardAccepted(ctx.db, { competitionId, applicationId, amountPence: grant.awardPence }),
        // The grantee is told in the same transaction: a payment refused or lost in a race sends nothing.
        ...(await paymentEmail(ctx, next, trancheId, entry.at)),
        ...(await grantMoves(ctx, competitionId, applicationId, grant.status, next.status)),
      ])
      return next
    } catch (error) {
      // Another payment, award or report moved the grant or the competition on: decide again on what is there now.
      const raced =
        error instanceof Contended ||
        (error instanceof ConditionFailed && (error.failed('grant-version') || error.failed('competition-revision')))
      if (!raced) {
        // The grant and the competition held, but the award behind the grant did not (withdrawn or changed alone).
        if (error instanceof ConditionFailed && error.failed('award-accepted')) throw awardChanged(grant)
        throw error
      }
      if (attempt >= PAYMENT_ATTEMPTS)
        throw new StateConflict('This grant is being changed by someone else right now. Try again in a moment.')
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt))
    }
  }
}

/** The grant with the tranche paid (and completed, if that was the last of it), and the ledger entry's own part. */
export function decidePayment(
  grant: Grant,
  trancheId: string,
  input: PaymentInput,
  manager: Pick<User, 'id' | 'name'>,
  now: Date,
): { next: Grant; entry: Omit<LedgerEntry, 'potPence' | 'committedBeforePence' | 'committedAfterPence'> } {
  const tranche = grant.tranches.find((t) => t.id === trancheId)
  if (!tranche) throw new NotFound('tranche')
  if (grant.status === 'draft' || grant.status === 'sent' || !grant.progress)
    throw new StateConflict(
      `The grant agreement with ${grant.organisationName} is ${grant.status}: a payment is recorded only once the grantee has accepted it.`,
    )
  const progress = grant.progress.tranches[trancheId]
  if (!progress) throw new NotFound('tranche')
  const named = `“${tranche.label}”`
  if (progress.status === 'paid' && progress.payment) {
    const paid = progress.payment
    throw new StateConflict(
      `${named} was already paid on ${formatDate(paid.paidOn)}: ${formatPence(paid.amountPence)}, reference ${paid.reference}, recorded by ${paid.recordedByName} ${formatLondon(paid.recordedAt)}. A tranche is paid once.`,
    )
  }
  if (progress.status === 'cancelled')
    throw new StateConflict(`${named} was cancelled (the award was reduced or the grant ended): it is not paid.`)
  if (grant.status !== 'active')
    throw new StateConflict(`The grant with ${grant.organisationName} is ${grant.status}: no more payments are made.`)
  if (input.version !== undefined && input.version !== grant.version) throw new VersionConflict('grant', grant.version)
  const today = londonToday(now)
  if (!isTrancheDue(grant, tranche, progress, today))
    throw new StateConflict(`${named} is not due: ${notDueBecause(grant, tranche, today)}.`, [
      { field: 'trancheId', message: 'is not due' },
    ])
  const authoriser = authoriserOf(grant, tranche, progress)
  if (!authoriser)
    throw new StateConflict(`${named} has no record of who authorised it, so its payment cannot be checked.`)
  if (authoriser === manager.id)
    throw new Forbidden(
      `Four eyes: you authorised ${named} (${tranche.trigger.kind === 'milestone' ? 'you approved its milestone' : 'you sent the agreement'}), so another programme manager must record its payment.`,
    )

  const problems: { field: string; message: string }[] = []
  const acceptedOn = londonToday(new Date(grant.acceptedAt!))
  if (input.paidOn > today) problems.push({ field: 'paidOn', message: 'must be today or in the past' })
  else if (input.paidOn < acceptedOn)
    problems.push({
      field: 'paidOn',
      message: `must be on or after ${formatDate(acceptedOn)}, when the grant was accepted`,
    })
  if (input.amountPence !== progress.amountPence)
    problems.push({
      field: 'amountPence',
      message: `must be ${formatPence(progress.amountPence)}, the tranche’s amount: a tranche is paid in full`,
    })
  if (problems.length)
    throw new RuleViolated(
      `The payment of ${named} cannot be recorded: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`,
      problems,
    )

  const at = now.toISOString()
  const paidTranche: TrancheProgress = {
    ...progress,
    status: 'paid',
    authorisedBy: authoriser,
    payment: {
      paidOn: input.paidOn,
      amountPence: input.amountPence,
      reference: input.reference,
      recordedAt: at,
      recordedBy: manager.id,
      recordedByName: manager.name,
    },
  }
  const paid: Grant = {
    ...grant,
    version: grant.version + 1,
    updatedAt: at,
    updatedBy: manager.id,
    updatedByName: manager.name,
    paidPence: grant.paidPence + input.amountPence,
    progress: { ...grant.progress, tranches: { ...grant.progress.tranches, [trancheId]: paidTranche } },
  }
  const next: Grant = isComplete(paid) ? { ...paid, status: 'completed' } : paid
  return {
    next,
    entry: {
      id: newId(),
      competitionId: grant.competitionId,
      applicationId: grant.applicationId,
      organisationName: grant.organisationName,
      cause: 'paid',
      changePence: 0,
      paidChangePence: input.amountPence,
      trancheId,
      by: manager.id,
      byName: manager.name,
      at,
      reason: `${tranche.label}: paid on ${formatDate(input.paidOn)}, reference ${input.reference}${next.status === 'completed' ? '. The grant is completed' : ''}`,
    },
  }
}

const awardChanged = (grant: Grant) =>
  new StateConflict(
    `The award to ${grant.organisationName} is no longer accepted for ${formatPence(grant.awardPence)}: nothing was paid. Reload the grant.`,
  )

function notDueBecause(grant: Grant, tranche: Tranche, today: string): string {
  const { trigger } = tranche
  if (trigger.kind === 'date')
    return tranche.holdback && trigger.on <= today
      ? 'it is held back until the completion report is approved'
      : `it falls due on ${formatDate(trigger.on)}`
  if (trigger.kind === 'milestone') {
    const milestone = grant.milestones.find((m) => m.id === trigger.milestoneId)
    const status = grant.progress?.milestones[trigger.milestoneId]?.status ?? 'upcoming'
    return `it falls due when “${milestone?.title ?? trigger.milestoneId}” is approved${tranche.holdback ? ' (the share held back until the completion report)' : ''}, and its report is ${status === 'upcoming' ? 'not yet in' : status}`
  }
  return 'it falls due on signing'
}
