// The money's exports: awards, the ledger (every change to what is committed and paid, in commit
// order), grant agreements, and each grant's tranches with their payments. Amounts are pounds
// with pence; what goes out and what comes back have columns of their own, never a minus sign.
import type { LedgerEntry } from '../../../shared/schemas/awards.js'
import type { Grant, GrantStatus, Tranche, TrancheProgress } from '../../../shared/schemas/grants.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import {
  awardPagesOfCompetition,
  grantPagesOfCompetition,
  ledgerPagesOfCompetition,
  type AwardRow,
} from '../../db/export-pages.js'
import { NotFound } from '../errors.js'
import { moneyByGrant } from '../grants/money.js'
import { isTrancheDue, londonToday } from '../grants/payments.js'
import type { Column } from './csv.js'
import { flatten, londonTime, pounds } from './format.js'
import type { ShapedExport } from './registry.js'

const capitalised = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`

export const awardsExport: ShapedExport<AwardRow> = {
  title: 'Awards',
  holds:
    'One row per award, whatever became of it: amounts requested, awarded and accepted, any reason for a partial award, the conditions, themes and challenges, who awarded it and when, and the answer, withdrawal or lapse.',
  async shape(ctx, competitionId) {
    const aggregate = await getCompetitionAggregate(ctx.db, competitionId)
    if (!aggregate) throw new NotFound('competition')
    const themeTitle = new Map(aggregate.themes.map((t) => [t.id, t.title]))
    const challengeTitle = new Map(aggregate.challenges.map((c) => [c.id, c.title]))
    const columns: Column<AwardRow>[] = [
      { header: 'Application id', value: (r) => r.award.applicationId },
      { header: 'Receipt number', value: (r) => r.candidate?.receiptNumber },
      { header: 'Organisation', value: (r) => r.award.organisationName },
      { header: 'Status', value: (r) => capitalised(r.award.status) },
      { header: 'Amount requested (£)', value: (r) => pounds(r.award.requestedPence) },
      { header: 'Amount awarded (£)', value: (r) => pounds(r.award.amountPence) },
      {
        header: 'Amount accepted (£)',
        value: (r) =>
          pounds(r.award.acceptedAmountPence ?? (r.award.status === 'accepted' ? r.award.amountPence : undefined)),
      },
      { header: 'Why less than requested', value: (r) => r.award.partialReason },
      { header: 'Conditions', value: (r) => r.award.conditions },
      { header: 'Themes', value: (r) => r.award.themeIds.map((id) => themeTitle.get(id) ?? id).join('; ') },
      {
        header: 'Challenges',
        value: (r) => r.award.challengeIds.map((id) => challengeTitle.get(id) ?? id).join('; '),
      },
      { header: 'Awarded by', value: (r) => r.award.awardedByName },
      { header: 'Awarded (UK time)', value: (r) => londonTime(r.award.awardedAt) },
      { header: 'Answer by (UK time)', value: (r) => londonTime(r.award.respondBy) },
      { header: 'Answered (UK time)', value: (r) => londonTime(r.award.respondedAt) },
      { header: 'Withdrawn (UK time)', value: (r) => londonTime(r.award.withdrawnAt) },
      { header: 'Why withdrawn', value: (r) => r.award.withdrawnReason },
      { header: 'Lapsed (UK time)', value: (r) => londonTime(r.award.lapsedAt) },
    ]
    return { columns, rows: flatten(awardPagesOfCompetition(ctx.db, competitionId)) }
  },
}

const causeNames: Record<LedgerEntry['cause'], string> = {
  awarded: 'Awarded',
  withdrawn: 'Award withdrawn',
  declined: 'Offer declined',
  lapsed: 'Offer lapsed',
  paid: 'Tranche paid',
  reduced: 'Award reduced',
  terminated: 'Grant terminated',
  repaid: 'Repayment',
}

/** The share of a signed change on one side: what it adds (`sign` 1) or takes away (`sign` -1). */
const side = (change: number | undefined, sign: 1 | -1) => (change && Math.sign(change) === sign ? change : undefined)

export const ledgerExport: ShapedExport<LedgerEntry> = {
  title: 'Ledger',
  holds:
    'Every change to what is committed and paid from the pot, oldest first, as written at the time and never edited: what happened, to whom, the amount committed or released, paid or repaid, the totals after it, who did it and why.',
  async shape(ctx, competitionId) {
    const columns: Column<LedgerEntry>[] = [
      { header: 'When (UK time)', value: (e) => londonTime(e.at) },
      { header: 'What happened', value: (e) => causeNames[e.cause] },
      { header: 'Application id', value: (e) => e.applicationId },
      { header: 'Organisation', value: (e) => e.organisationName },
      { header: 'Committed (£)', value: (e) => pounds(side(e.changePence, 1)) },
      { header: 'Released to the pot (£)', value: (e) => pounds(side(e.changePence, -1)) },
      { header: 'Committed before (£)', value: (e) => pounds(e.committedBeforePence) },
      { header: 'Committed after (£)', value: (e) => pounds(e.committedAfterPence) },
      { header: 'Paid out (£)', value: (e) => pounds(side(e.paidChangePence, 1)) },
      { header: 'Repaid (£)', value: (e) => pounds(side(e.paidChangePence, -1)) },
      { header: 'Paid after (£)', value: (e) => pounds(e.paidAfterPence) },
      { header: 'Pot (£)', value: (e) => pounds(e.potPence) },
      { header: 'Tranche', value: (e) => e.trancheId },
      { header: 'By', value: (e) => e.byName },
      { header: 'Reason', value: (e) => e.reason },
      { header: 'Entry id', value: (e) => e.id },
    ]
    return { columns, rows: flatten(ledgerPagesOfCompetition(ctx.db, competitionId)) }
  },
}

const grantStatusNames: Record<GrantStatus, string> = {
  draft: 'Draft',
  sent: 'Sent, awaiting acceptance',
  active: 'Active',
  completed: 'Completed',
  terminated: 'Terminated',
}

/** The earliest milestone not yet approved, by its current due date. */
function nextMilestone(grant: Grant) {
  return grant.milestones
    .map((m) => ({ ...m, dueOn: grant.progress?.milestones[m.id]?.dueOn ?? m.dueOn }))
    .filter((m) => grant.progress?.milestones[m.id]?.status !== 'approved')
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0]
}

export const grantsExport: ShapedExport<Grant> = {
  title: 'Grants',
  holds:
    'One row per grant agreement: status, award, paid, outstanding and repaid, its dates, when it was sent and accepted and by whom, milestones approved and the next one due, tranches paid, and the number of amendments.',
  async shape(ctx, competitionId) {
    const outstanding = (grant: Grant) => moneyByGrant([grant])[0]!.outstandingPence
    const columns: Column<Grant>[] = [
      { header: 'Application id', value: (g) => g.applicationId },
      { header: 'Organisation', value: (g) => g.organisationName },
      { header: 'Status', value: (g) => grantStatusNames[g.status] },
      { header: 'Award (£)', value: (g) => pounds(g.awardPence) },
      { header: 'Paid (£)', value: (g) => pounds(g.paidPence) },
      { header: 'Outstanding (£)', value: (g) => pounds(outstanding(g)) },
      { header: 'Repaid (£)', value: (g) => pounds(g.repaidPence ?? 0) },
      { header: 'Starts', value: (g) => g.startsOn },
      { header: 'Ends', value: (g) => g.endsOn },
      { header: 'Sent (UK time)', value: (g) => londonTime(g.sentAt) },
      { header: 'Accepted (UK time)', value: (g) => londonTime(g.acceptedAt) },
      { header: 'Accepted by', value: (g) => g.acceptedByName },
      { header: 'Milestones', value: (g) => g.milestones.length },
      {
        header: 'Milestones approved',
        value: (g) => g.milestones.filter((m) => g.progress?.milestones[m.id]?.status === 'approved').length,
      },
      { header: 'Next milestone', value: (g) => nextMilestone(g)?.title },
      { header: 'Next milestone due', value: (g) => nextMilestone(g)?.dueOn },
      { header: 'Tranches', value: (g) => g.tranches.length },
      {
        header: 'Tranches paid',
        value: (g) => g.tranches.filter((t) => g.progress?.tranches[t.id]?.status === 'paid').length,
      },
      { header: 'Indicators', value: (g) => g.indicators.length },
      { header: 'Amendments', value: (g) => g.amendments?.length ?? 0 },
    ]
    return { columns, rows: flatten(grantPagesOfCompetition(ctx.db, competitionId)) }
  },
}

type PaymentRow = { grant: Grant; tranche: Tranche; progress?: TrancheProgress; due: boolean }

const trancheStatusNames = { scheduled: 'Scheduled', due: 'Due', paid: 'Paid', cancelled: 'Cancelled' } as const

/** Every tranche of a page of grants, in the agreement's order. */
async function* tranchesOf(pages: AsyncIterable<Grant[]>, today: string): AsyncGenerator<PaymentRow> {
  for await (const grants of pages)
    for (const grant of grants)
      for (const tranche of grant.tranches) {
        const progress = grant.progress?.tranches[tranche.id]
        yield { grant, tranche, progress, due: !!progress && isTrancheDue(grant, tranche, progress, today) }
      }
}

export const paymentsExport: ShapedExport<PaymentRow> = {
  title: 'Payments',
  holds:
    'One row per tranche of every grant: what triggers it, its amount, whether it is scheduled, due, paid or cancelled, and for a payment the date sent, the amount, the finance reference and who recorded it.',
  async shape(ctx, competitionId) {
    const today = londonToday(ctx.now())
    const trigger = (r: PaymentRow) => {
      const t = r.tranche.trigger
      if (t.kind === 'signing') return 'On signing'
      if (t.kind === 'date') return `On ${t.on}`
      const milestone = r.grant.milestones.find((m) => m.id === t.milestoneId)
      return `When “${milestone?.title ?? t.milestoneId}” is approved`
    }
    const status = (r: PaymentRow) => {
      if (!r.progress) return 'Agreement not yet accepted'
      if (r.progress.status === 'scheduled' && r.due) return 'Due'
      return trancheStatusNames[r.progress.status]
    }
    const columns: Column<PaymentRow>[] = [
      { header: 'Application id', value: (r) => r.grant.applicationId },
      { header: 'Organisation', value: (r) => r.grant.organisationName },
      { header: 'Tranche', value: (r) => r.tranche.label },
      { header: 'Tranche id', value: (r) => r.tranche.id },
      { header: 'Falls due', value: trigger },
      { header: 'Held back until completion', value: (r) => (r.tranche.holdback ? 'Yes' : 'No') },
      { header: 'Amount (£)', value: (r) => pounds(r.progress?.amountPence ?? r.tranche.amountPence) },
      { header: 'Status', value: status },
      { header: 'Fell due (UK time)', value: (r) => londonTime(r.progress?.dueAt) },
      { header: 'Paid on', value: (r) => r.progress?.payment?.paidOn },
      { header: 'Paid (£)', value: (r) => pounds(r.progress?.payment?.amountPence) },
      { header: 'Finance reference', value: (r) => r.progress?.payment?.reference },
      { header: 'Recorded by', value: (r) => r.progress?.payment?.recordedByName },
      { header: 'Recorded (UK time)', value: (r) => londonTime(r.progress?.payment?.recordedAt) },
    ]
    return { columns, rows: tranchesOf(grantPagesOfCompetition(ctx.db, competitionId), today) }
  },
}
