// Rules of progress reports both the API and the pages apply: which target an actual is held
// to, whether it misses it, and how statuses and dates read.
import type { Indicator } from './schemas/grants.js'
import type { ReportSection, ReportStatus } from './schemas/grant-reports.js'

/** The target an indicator should have reached by a date: its latest target on or before it. */
export function targetDueBy(indicator: Pick<Indicator, 'targets'>, on: string) {
  return indicator.targets
    .filter((t) => t.on <= on)
    .sort((a, b) => a.on.localeCompare(b.on))
    .at(-1)
}

/** Whether a value misses a target, which way is better deciding. */
export const misses = (indicator: Pick<Indicator, 'better'>, value: number, target: number) =>
  indicator.better === 'higher' ? value < target : value > target

export const reportStatusNames: Record<ReportStatus, string> = {
  draft: 'Not sent yet',
  submitted: 'Sent for review',
  queried: 'Queried',
  approved: 'Approved',
  rejected: 'Rejected: to send again',
}

export const reportSectionNames: Record<ReportSection, string> = {
  progress: 'What was done',
  evidence: 'Evidence',
  indicators: 'Indicators',
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

/** A calendar date as people read it: "31 March 2027". */
export const formatDay = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`))
