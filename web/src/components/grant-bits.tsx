// What the manager's and the grantee's grant pages both show: statuses in words, calendar dates,
// money to the penny, and the agreement's milestones, payment schedule and indicators as tables
// (each in a ScrollTable, so a phone scrolls the table, never the page), with progress once
// accepted. Each page passes the links it offers (review a report, record a payment, write one).
import type { ComponentChildren } from 'preact'
import type {
  GranteeGrant,
  GrantStatus,
  MilestoneStatus,
  TrancheStatus,
  TrancheTrigger,
} from '../../../shared/schemas/grants.js'
import { LONDON } from '../../../shared/dates.js'
import { formatPence } from '../../../shared/money.js'
import { ScrollTable } from './scroll-table.js'

/** What both views share of a grant (the grantee's view is the smaller). */
export type GrantView = Pick<
  GranteeGrant,
  'awardPence' | 'startsOn' | 'endsOn' | 'conditions' | 'milestones' | 'tranches' | 'indicators' | 'progress'
>

export const grantStatusNames: Record<GrantStatus | 'none', string> = {
  none: 'Not set up',
  draft: 'Draft',
  sent: 'Sent: waiting for the grantee',
  active: 'Active',
  completed: 'Completed',
  terminated: 'Terminated',
}
const grantStatusTags: Record<GrantStatus | 'none', string> = {
  none: 'tag tag-pending',
  draft: 'tag tag-draft',
  sent: 'tag tag-upcoming',
  active: 'tag tag-open',
  completed: 'tag tag-open',
  terminated: 'tag tag-closed',
}

/** A grant's status in words, in a tag (the colour only repeats the words). */
export function GrantTag({ status }: { status: GrantStatus | 'none' }) {
  return <strong class={grantStatusTags[status]}>{grantStatusNames[status]}</strong>
}

export const milestoneStatusNames: Record<MilestoneStatus, string> = {
  upcoming: 'Upcoming',
  submitted: 'Report in for review',
  queried: 'Queried',
  approved: 'Approved',
  rejected: 'Rejected: to send again',
}
const milestoneStatusTags: Record<MilestoneStatus, string> = {
  upcoming: 'tag tag-draft',
  submitted: 'tag tag-upcoming',
  queried: 'tag tag-pending',
  approved: 'tag tag-open',
  rejected: 'tag tag-pending',
}

/** A tranche's status as the pages show it: a dated tranche is due from its date (no write makes it so). */
export type TrancheShown = TrancheStatus
export const trancheStatusNames: Record<TrancheShown, string> = {
  scheduled: 'Scheduled',
  due: 'Due',
  paid: 'Paid',
  cancelled: 'Cancelled',
}
const trancheStatusTags: Record<TrancheShown, string> = {
  scheduled: 'tag tag-draft',
  due: 'tag tag-upcoming',
  paid: 'tag tag-open',
  cancelled: 'tag tag-closed',
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
/** A calendar date as people read it: "31 March 2027". */
export const formatDay = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`))

/** Today's date in the UK, as YYYY-MM-DD. */
export const londonToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: LONDON }).format(new Date())

const penny = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2 })
/** Money to the penny, always with the pence: "£16,700.00". */
export const formatPenny = (pence: number) => penny.format(pence / 100)

/** When a tranche falls due, in words. */
export function triggerText(trigger: TrancheTrigger, milestones: GrantView['milestones']): string {
  if (trigger.kind === 'signing') return 'On signing'
  if (trigger.kind === 'date') return `On ${formatDay(trigger.on)}`
  const milestone = milestones.find((m) => m.id === trigger.milestoneId)
  return `When “${milestone?.title ?? trigger.milestoneId}” is approved`
}

/** A tranche's status now: scheduled with its date reached counts as due. */
export function trancheStatus(grant: GrantView, trancheId: string): TrancheShown | undefined {
  const progress = grant.progress?.tranches[trancheId]
  if (!progress) return undefined
  const tranche = grant.tranches.find((t) => t.id === trancheId)
  if (progress.status === 'scheduled' && tranche?.trigger.kind === 'date' && tranche.trigger.on <= londonToday())
    return 'due'
  return progress.status
}

/** The agreement's terms: award, dates, the offer's conditions. */
export function AgreementTerms({ grant, children }: { grant: GrantView; children?: ComponentChildren }) {
  return (
    <dl class="summary-list">
      <dt>Award</dt>
      <dd>{formatPence(grant.awardPence)}</dd>
      <dt>Runs</dt>
      <dd>
        From {formatDay(grant.startsOn)} to {formatDay(grant.endsOn)}
      </dd>
      <dt>Conditions</dt>
      <dd class="multiline">{grant.conditions || 'None'}</dd>
      {children}
    </dl>
  )
}

/** The milestones: what is due when and the evidence expected; with progress, each one's status and a link. */
export function MilestonesTable({
  grant,
  link,
}: {
  grant: GrantView
  /** The link a milestone offers now, if any. */
  link?: (milestoneId: string, status: MilestoneStatus) => { href: string; text: string } | undefined
}) {
  if (grant.milestones.length === 0) return <p>No milestones.</p>
  const progress = grant.progress?.milestones
  return (
    <ScrollTable label="Milestones">
      <table class="table">
        <caption class="visually-hidden">Milestones</caption>
        <thead>
          <tr>
            <th scope="col">Milestone</th>
            <th scope="col">Due</th>
            {progress && <th scope="col">Status</th>}
          </tr>
        </thead>
        <tbody>
          {grant.milestones.map((m) => {
            const now = progress?.[m.id]
            const to = now && link?.(m.id, now.status)
            return (
              <tr key={m.id}>
                <th scope="row">
                  {m.title}
                  <span class="meta block multiline">Evidence: {m.evidence}</span>
                </th>
                <td>
                  {formatDay(now?.dueOn ?? m.dueOn)}
                  {now && now.dueOn !== m.dueOn && <span class="meta block">Extended from {formatDay(m.dueOn)}</span>}
                </td>
                {progress && (
                  <td>
                    {now && <strong class={milestoneStatusTags[now.status]}>{milestoneStatusNames[now.status]}</strong>}
                    {to && (
                      <a class="block" href={to.href}>
                        {to.text}
                        <span class="visually-hidden"> for “{m.title}”</span>
                      </a>
                    )}
                  </td>
                )}
              </tr>
            )
          })}
        </tbody>
      </table>
    </ScrollTable>
  )
}

/** The payment schedule: each tranche, its share and when it falls due; with progress, what is paid. */
export function TranchesTable({
  grant,
  link,
}: {
  grant: GrantView
  link?: (trancheId: string, status: TrancheShown) => { href: string; text: string } | undefined
}) {
  const progress = grant.progress?.tranches
  return (
    <ScrollTable label="Payment schedule">
      <table class="table">
        <caption class="visually-hidden">Payment schedule</caption>
        <thead>
          <tr>
            <th scope="col">Payment</th>
            <th scope="col" class="numeric">
              Amount
            </th>
            {progress && <th scope="col">Status</th>}
          </tr>
        </thead>
        <tbody>
          {grant.tranches.map((t) => {
            const now = progress?.[t.id]
            const status = trancheStatus(grant, t.id)
            const to = status && link?.(t.id, status)
            return (
              <tr key={t.id}>
                <th scope="row">
                  {t.label}
                  <span class="meta block">
                    {triggerText(t.trigger, grant.milestones)}
                    {t.holdback && '; held back until the completion report is approved'}
                  </span>
                </th>
                <td class="numeric">
                  {formatPenny(now?.amountPence ?? t.amountPence)}
                  {t.percent !== undefined && <span class="meta block">{t.percent}% of the award</span>}
                </td>
                {progress && (
                  <td>
                    {status && <strong class={trancheStatusTags[status]}>{trancheStatusNames[status]}</strong>}
                    {now?.payment && (
                      <span class="meta block">
                        {formatPenny(now.payment.amountPence)} paid on {formatDay(now.payment.paidOn)}, reference{' '}
                        {now.payment.reference}
                      </span>
                    )}
                    {to && (
                      <a class="block" href={to.href}>
                        {to.text}
                        <span class="visually-hidden">: {t.label}</span>
                      </a>
                    )}
                  </td>
                )}
              </tr>
            )
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td class="numeric">{formatPenny(grant.tranches.reduce((sum, t) => sum + t.amountPence, 0))}</td>
            {progress && <td />}
          </tr>
        </tfoot>
      </table>
    </ScrollTable>
  )
}

/** The outcome indicators: baseline, targets and, with progress, the actuals so far. */
export function IndicatorsTable({ grant }: { grant: GrantView }) {
  if (grant.indicators.length === 0) return <p>No outcome indicators.</p>
  const actuals = grant.progress?.actuals
  const values = (list: { on: string; value: number }[], unit: string, word: string) =>
    list.length === 0 ? (
      <span class="secondary-text">None yet</span>
    ) : (
      <ul class="list-plain">
        {list.map((v) => (
          <li key={v.on}>
            {v.value.toLocaleString('en-GB')} {unit} {word} {formatDay(v.on)}
          </li>
        ))}
      </ul>
    )
  return (
    <ScrollTable label="Outcome indicators">
      <table class="table">
        <caption class="visually-hidden">Outcome indicators</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">Targets</th>
            {actuals && <th scope="col">Actuals</th>}
          </tr>
        </thead>
        <tbody>
          {grant.indicators.map((i) => (
            <tr key={i.id}>
              <th scope="row">
                {i.measure}
                <span class="meta block">
                  {i.unit}; {i.better === 'higher' ? 'higher' : 'lower'} is better; baseline{' '}
                  {i.baseline.value.toLocaleString('en-GB')} on {formatDay(i.baseline.on)}
                </span>
              </th>
              <td>{values(i.targets, i.unit, 'by')}</td>
              {actuals && <td>{values(actuals[i.id] ?? [], i.unit, 'on')}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  )
}
