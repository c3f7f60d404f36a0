// The budget's view of grants: what each grant has paid and still holds, what falls due in each
// month, and committed and paid over time from the ledger. Pure: getBudget reads, this adds up.
import type { Award, DueMonth, GrantMoney, LedgerEntry, MoneyPoint } from '../../../shared/schemas/awards.js'
import type { Grant } from '../../../shared/schemas/grants.js'
import { isAccepted } from './grants.js'
import { londonToday } from './payments.js'

/** Each grant's award, paid and outstanding (its tranches neither paid nor cancelled), by organisation. */
export function moneyByGrant(grants: Grant[]): GrantMoney[] {
  return grants
    .map((grant) => ({
      applicationId: grant.applicationId,
      organisationName: grant.organisationName,
      awardPence: grant.awardPence,
      paidPence: grant.paidPence,
      outstandingPence: outstandingOf(grant),
      status: grant.status,
    }))
    .sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'en-GB'))
}

function outstandingOf(grant: Grant): number {
  if (!isAccepted(grant) || !grant.progress) return grant.awardPence
  return Object.values(grant.progress.tranches)
    .filter((t) => t.status === 'scheduled' || t.status === 'due')
    .reduce((sum, t) => sum + t.amountPence, 0)
}

/**
 * Tranches of accepted grants not yet paid, by the month they fall due (Europe/London): a dated
 * tranche's date, its milestone's current due date, or the acceptance for one due on signing.
 */
export function dueByMonth(grants: Grant[]): DueMonth[] {
  const months = new Map<string, DueMonth>()
  for (const grant of grants) {
    if (grant.status !== 'active' || !grant.progress) continue
    for (const tranche of grant.tranches) {
      const progress = grant.progress.tranches[tranche.id]
      if (!progress || (progress.status !== 'scheduled' && progress.status !== 'due')) continue
      const { trigger } = tranche
      const on =
        trigger.kind === 'date'
          ? trigger.on
          : trigger.kind === 'milestone'
            ? (grant.progress.milestones[trigger.milestoneId]?.dueOn ?? grant.endsOn)
            : londonToday(new Date(grant.acceptedAt ?? grant.updatedAt))
      const month = on.slice(0, 7)
      const row = months.get(month) ?? { month, pence: 0, tranches: 0 }
      row.pence += progress.amountPence
      row.tranches += 1
      months.set(month, row)
    }
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month))
}

/** Committed and paid after each ledger entry, replayed in commit order (paid = Σ paidChangePence). */
export function moneyOverTime(ledger: LedgerEntry[]): MoneyPoint[] {
  let paid = 0
  return ledger.map((entry) => {
    paid += entry.paidChangePence ?? 0
    return {
      at: entry.at,
      cause: entry.cause,
      committedPence: entry.committedAfterPence,
      paidPence: paid,
      potPence: entry.potPence,
    }
  })
}

/** What is paid of each award (by application), from its grant: for splitting like what is committed. */
export function paidByApplication(grants: Grant[]): Map<string, number> {
  return new Map(grants.filter((g) => g.paidPence > 0).map((g) => [g.applicationId, g.paidPence]))
}

/** The award each paid grant was made on: the one holding money, else the latest. */
export const awardFor = (awards: Award[], applicationId: string) =>
  awards.filter((a) => a.applicationId === applicationId).sort((a, b) => b.awardedAt.localeCompare(a.awardedAt))[0]
