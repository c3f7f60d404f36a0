// The awards page's money after the award: paid and outstanding, each grant's award, paid and
// outstanding, what falls due each month, and committed and paid over time against the pot as a
// chart (for the eye: hidden from screen readers) after a one-sentence summary, with a table of the
// same figures (the source).
import { formatLondon, utcIsoToLondonLocal } from '../../../../shared/dates.js'
import { formatPence } from '../../../../shared/money.js'
import type { Budget } from '../../../../shared/schemas/awards.js'
import type { GrantStatus } from '../../../../shared/schemas/grants.js'
import { ScrollTable } from '../../components/scroll-table.js'

const grantStatusNames: Record<GrantStatus, string> = {
  draft: 'Agreement in draft',
  sent: 'Agreement sent',
  active: 'Active',
  completed: 'Completed',
  terminated: 'Terminated',
}

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })
/** "2027-01" as "January 2027". */
const monthName = (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`))

/** Paid and outstanding beside the pot's figures. */
export function PaidFigures({ budget }: { budget: Budget }) {
  return (
    <>
      <dl class="budget-figures" id="paid-figures">
        <div>
          <dt>Paid</dt>
          <dd>{formatPence(budget.paidPence)}</dd>
        </div>
        <div>
          <dt>Outstanding</dt>
          <dd>{formatPence(budget.outstandingPence)}</dd>
        </div>
      </dl>
      <p class="secondary-text">
        Paid is what has been sent to grantees, less anything repaid; outstanding is what is committed and not yet paid.
      </p>
    </>
  )
}

/** Each grant agreement: award, paid, outstanding and status. */
export function GrantsTable({ competitionId, budget }: { competitionId: string; budget: Budget }) {
  if (budget.byGrant.length === 0)
    return <p>No grant agreements yet: an accepted award gets one before anything is paid.</p>
  return (
    <ScrollTable label="Paid and outstanding by grant">
      <table class="table" id="grants-money">
        <caption>Paid and outstanding by grant</caption>
        <thead>
          <tr>
            <th scope="col">Grantee</th>
            <th scope="col">Status</th>
            <th scope="col" class="numeric">
              Award
            </th>
            <th scope="col" class="numeric">
              Paid
            </th>
            <th scope="col" class="numeric">
              Outstanding
            </th>
          </tr>
        </thead>
        <tbody>
          {budget.byGrant.map((grant) => (
            <tr key={grant.applicationId}>
              <th scope="row">
                <a href={`/manage/competitions/${competitionId}/grants/${grant.applicationId}`}>
                  {grant.organisationName}
                </a>
              </th>
              <td>{grantStatusNames[grant.status]}</td>
              <td class="numeric">{formatPence(grant.awardPence)}</td>
              <td class="numeric">{formatPence(grant.paidPence)}</td>
              <td class="numeric">{formatPence(grant.outstandingPence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  )
}

/** Tranches not yet paid, by the month they fall due; months before this one are overdue. */
export function DueByMonthTable({ budget }: { budget: Budget }) {
  if (budget.dueByMonth.length === 0) return <p>No tranche of an active grant is waiting to be paid.</p>
  const thisMonth = utcIsoToLondonLocal(new Date().toISOString()).slice(0, 7)
  return (
    <ScrollTable label="Tranches to pay, by the month they fall due">
      <table class="table" id="due-by-month">
        <caption>Tranches to pay, by the month they fall due</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col" class="numeric">
              Tranches
            </th>
            <th scope="col" class="numeric">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {budget.dueByMonth.map((row) => (
            <tr key={row.month}>
              <th scope="row">
                {monthName(row.month)}
                {row.month < thisMonth && <span class="meta block">Overdue</span>}
              </th>
              <td class="numeric">{row.tranches}</td>
              <td class="numeric">{formatPence(row.pence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  )
}

const causeNames: Record<Budget['overTime'][number]['cause'], string> = {
  awarded: 'Awarded',
  withdrawn: 'Withdrawn',
  declined: 'Declined',
  lapsed: 'Lapsed',
  paid: 'Paid',
  reduced: 'Award reduced',
  terminated: 'Grant terminated',
  repaid: 'Repaid',
}

/** The chart in one sentence: where committed and paid stand against the pot after the latest change. */
export function moneySummary(latest: Budget['overTime'][number]): string {
  return (
    `As of ${formatLondon(latest.at)}, ${formatPence(latest.committedPence)} of the ${formatPence(latest.potPence)} pot ` +
    `is committed and ${formatPence(latest.paidPence)} of it paid, leaving ${formatPence(latest.potPence - latest.committedPence)} uncommitted.`
  )
}

const W = 640
const H = 240
const PAD = { left: 8, right: 8, top: 12, bottom: 12 }

/**
 * Committed and paid over time against the pot: a step chart (hidden from screen readers, it
 * repeats the table below it) and the table, one row per change in commit order.
 */
export function MoneyOverTime({ budget }: { budget: Budget }) {
  const points = budget.overTime
  if (points.length === 0) return <p>Nothing has been committed yet.</p>
  const first = Date.parse(points[0]!.at)
  const last = Date.parse(points.at(-1)!.at)
  const span = Math.max(last - first, 1)
  const top = Math.max(budget.potPence, ...points.map((p) => p.potPence), 1)
  const x = (at: string) => PAD.left + ((Date.parse(at) - first) / span) * (W - PAD.left - PAD.right)
  const y = (pence: number) => H - PAD.bottom - (pence / top) * (H - PAD.top - PAD.bottom)
  /** A step line: each value holds until the next change. */
  const steps = (value: (p: (typeof points)[number]) => number) => {
    let d = `M${PAD.left},${y(0)}`
    for (const p of points) d += ` H${x(p.at).toFixed(1)} V${y(value(p)).toFixed(1)}`
    return `${d} H${W - PAD.right}`
  }
  const latest = points.at(-1)!
  return (
    <>
      <figure class="money-chart" aria-labelledby="money-summary">
        <p id="money-summary">{moneySummary(latest)}</p>
        <svg viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
          <rect x="0" y="0" width={W} height={H} fill="#f3f2f1" />
          <line x1={PAD.left} x2={W - PAD.right} y1={y(top)} y2={y(top)} stroke="#0b0c0c" stroke-dasharray="6 4" />
          <path d={steps((p) => p.committedPence)} fill="none" stroke="#1d70b8" stroke-width="3" />
          <path d={steps((p) => p.paidPence)} fill="none" stroke="#00703c" stroke-width="5" />
        </svg>
        <figcaption>
          Committed (blue) and paid (green, thicker) against the pot (dashed line at {formatPence(top)}), from{' '}
          {formatLondon(points[0]!.at)} to {formatLondon(points.at(-1)!.at)}. The table below has the same figures.
        </figcaption>
      </figure>
      <ScrollTable label="Committed and paid after each change">
        <table class="table" id="money-over-time">
          <caption>Committed and paid after each change</caption>
          <thead>
            <tr>
              <th scope="col">When (UK time)</th>
              <th scope="col">Change</th>
              <th scope="col" class="numeric">
                Committed
              </th>
              <th scope="col" class="numeric">
                Paid
              </th>
              <th scope="col" class="numeric">
                Pot
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((p, i) => (
              <tr key={`${p.at}-${i}`}>
                <th scope="row">
                  <time dateTime={p.at}>{formatLondon(p.at)}</time>
                </th>
                <td>{causeNames[p.cause]}</td>
                <td class="numeric">{formatPence(p.committedPence)}</td>
                <td class="numeric">{formatPence(p.paidPence)}</td>
                <td class="numeric">{formatPence(p.potPence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </>
  )
}
