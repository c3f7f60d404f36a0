// The programme across competitions: every grant's state at a glance (on track, report due,
// overdue, queried, completed, terminated; or draft and awaiting acceptance before it starts),
// paid against awarded and indicators met, with totals; read from one GSI1 query and one
// BatchGet of the competitions involved. Also the milestones a manager makes public, and what
// the public results page shows of them (title, date and a plain status, nothing more).
import type {
  Programme,
  ProgrammeRow,
  ProgrammeStatus,
  PublicMilestone,
  PublicMilestoneStatus,
} from '../../../shared/schemas/grant-programme.js'
import { ProgrammeStatus as Statuses } from '../../../shared/schemas/grant-programme.js'
import type { Grant, MilestoneStatus } from '../../../shared/schemas/grants.js'
import type { User } from '../../../shared/schemas/user.js'
import { getCompetitionsById } from '../../db/grant-programme-repo.js'
import { listEveryGrant, listGrantsOfCompetition } from '../../db/grants-repo.js'
import { getGrant, grantPut } from '../../db/grants-repo.js'
import { commit, ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, StateConflict } from '../errors.js'
import { isAccepted } from './grants.js'

/** A report is due when its milestone falls within this many days. */
export const REPORT_DUE_DAYS = 14

const londonDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})
/** The calendar date in London at an instant, as YYYY-MM-DD. */
export const londonDate = (instant: Date): string => londonDay.format(instant)

/** A calendar date plus whole days (or months, the day kept or, past the month's end, its last day). */
export function addToDate(date: string, { days = 0, months = 0 }: { days?: number; months?: number }): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const monthIndex = m - 1 + months
  const lastDay = new Date(Date.UTC(y, monthIndex + 1, 0)).getUTCDate()
  const shifted = new Date(Date.UTC(y, monthIndex, Math.min(d, lastDay)) + days * 86_400_000)
  return shifted.toISOString().slice(0, 10)
}

/** Milestones still waiting for the grantee's report (never sent, or rejected and to be sent again). */
const awaitingReport = (status: MilestoneStatus) => status === 'upcoming' || status === 'rejected'

/** A grant's state on `today` (see ProgrammeStatus). */
export function programmeStatus(grant: Grant, today: string): ProgrammeStatus {
  if (grant.status === 'draft') return 'draft'
  if (grant.status === 'sent') return 'awaiting-acceptance'
  if (grant.status === 'completed' || grant.status === 'terminated') return grant.status
  const milestones = Object.values(grant.progress?.milestones ?? {})
  if (milestones.some((m) => awaitingReport(m.status) && m.dueOn < today)) return 'overdue'
  if (milestones.some((m) => m.status === 'queried')) return 'queried'
  const soon = addToDate(today, { days: REPORT_DUE_DAYS })
  if (milestones.some((m) => awaitingReport(m.status) && m.dueOn <= soon)) return 'report-due'
  return 'on-track'
}

/**
 * Indicators met: an indicator is met when its latest actual meets the latest target due on or
 * before that actual's date (at least it where higher is better, at most where lower is). One
 * with no actual yet, or measured before its first target, is not met.
 */
export function indicatorsMet(grant: Grant): { met: number; total: number } {
  let met = 0
  for (const indicator of grant.indicators) {
    const actuals = grant.progress?.actuals[indicator.id] ?? []
    const latest = actuals.reduce<(typeof actuals)[number] | undefined>(
      (last, a) => (!last || a.on >= last.on ? a : last),
      undefined,
    )
    if (!latest) continue
    const target = indicator.targets
      .filter((t) => t.on <= latest.on)
      .reduce<(typeof indicator.targets)[number] | undefined>(
        (last, t) => (!last || t.on >= last.on ? t : last),
        undefined,
      )
    if (!target) continue
    if (indicator.better === 'higher' ? latest.value >= target.value : latest.value <= target.value) met++
  }
  return { met, total: grant.indicators.length }
}

/** The row of the programme view for one grant. */
export function programmeRow(grant: Grant, competitionTitle: string, today: string): ProgrammeRow {
  const { met, total } = indicatorsMet(grant)
  const next = Object.values(grant.progress?.milestones ?? {})
    .filter((m) => awaitingReport(m.status))
    .map((m) => m.dueOn)
    .sort()[0]
  return {
    competitionId: grant.competitionId,
    competitionTitle,
    applicationId: grant.applicationId,
    organisationName: grant.organisationName,
    status: programmeStatus(grant, today),
    awardPence: grant.awardPence,
    paidPence: grant.paidPence,
    indicatorsMet: met,
    indicatorsTotal: total,
    ...(next ? { nextDueOn: next } : {}),
  }
}

/** Every grant across competitions, optionally one status or one competition, with totals of those shown. */
export async function getProgramme(
  ctx: Ctx,
  filters: { status?: ProgrammeStatus; competitionId?: string } = {},
): Promise<Programme> {
  const today = londonDate(ctx.now())
  const { grants } = await listEveryGrant(ctx.db)
  const competitions = await getCompetitionsById(
    ctx.db,
    grants.map((g) => g.competitionId),
  )
  const rows = grants
    .filter((g) => !filters.competitionId || g.competitionId === filters.competitionId)
    .map((g) => programmeRow(g, competitions.get(g.competitionId)?.title ?? 'Unknown competition', today))
    .filter((row) => !filters.status || row.status === filters.status)
    .sort(
      (a, b) =>
        a.competitionTitle.localeCompare(b.competitionTitle) || a.organisationName.localeCompare(b.organisationName),
    )
  const byStatus = Object.fromEntries(Statuses.options.map((s) => [s, 0])) as Record<ProgrammeStatus, number>
  for (const row of rows) byStatus[row.status]++
  const sum = (pick: (row: ProgrammeRow) => number) => rows.reduce((total, row) => total + pick(row), 0)
  return {
    asOf: today,
    grants: rows,
    totals: {
      grants: rows.length,
      awardPence: sum((r) => r.awardPence),
      paidPence: sum((r) => r.paidPence),
      indicatorsMet: sum((r) => r.indicatorsMet),
      indicatorsTotal: sum((r) => r.indicatorsTotal),
      byStatus,
    },
  }
}

// — Public milestones —

/** How many times a change re-reads the grant after losing a race with another write of it. */
const ATTEMPTS = 8

/**
 * Shows or hides one milestone (with its status) on the public results page. Only once the
 * grantee has accepted the agreement; under the grant's version guard, re-reading and deciding
 * again when another write of the grant (a report, a payment) landed first.
 */
export async function setMilestonePublic(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  milestoneId: string,
  shown: boolean,
): Promise<Grant> {
  for (let attempt = 1; ; attempt++) {
    const grant = await getGrant(ctx.db, competitionId, applicationId)
    if (!grant) throw new NotFound('grant agreement')
    const progress = grant.progress?.milestones[milestoneId]
    if (!grant.milestones.some((m) => m.id === milestoneId)) throw new NotFound('milestone')
    if (!isAccepted(grant) || !progress)
      throw new StateConflict(
        `The grant agreement with ${grant.organisationName} is ${grant.status}: its milestones can be made public once the grantee has accepted it.`,
        [{ field: 'status', message: `is ${grant.status}, not active` }],
      )
    if (progress.public === shown) return grant
    const next: Grant = {
      ...grant,
      version: grant.version + 1,
      updatedAt: ctx.now().toISOString(),
      updatedBy: manager.id,
      updatedByName: manager.name,
      progress: {
        ...grant.progress!,
        milestones: { ...grant.progress!.milestones, [milestoneId]: { ...progress, public: shown } },
      },
    }
    try {
      await commit(ctx.db, [grantPut(ctx.db, next, { version: grant.version, status: grant.status })])
      return next
    } catch (error) {
      if (error instanceof ConditionFailed && error.failed('grant-version') && attempt < ATTEMPTS) continue
      if (error instanceof ConditionFailed)
        throw new StateConflict(
          `The grant agreement with ${grant.organisationName} kept changing while this was being saved. Reload it and try again.`,
        )
      throw error
    }
  }
}

/** What the public is told of a milestone's status: never a query, a rejection or their reasons. */
export const publicStatus = (status: MilestoneStatus): PublicMilestoneStatus =>
  status === 'approved' ? 'done' : status === 'upcoming' ? 'upcoming' : 'in-review'

/** The milestones of a grant its manager made public, in date order, as the public sees them. */
export function publicMilestones(grant: Grant | undefined): PublicMilestone[] {
  if (!grant || !isAccepted(grant) || !grant.progress) return []
  return grant.milestones
    .flatMap((m) => {
      const progress = grant.progress!.milestones[m.id]
      return progress?.public ? [{ title: m.title, dueOn: progress.dueOn, status: publicStatus(progress.status) }] : []
    })
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
}

/** Each winner's public milestones, by application id: one Query of the competition's grants. */
export async function publicMilestonesByApplication(
  ctx: Ctx,
  competitionId: string,
): Promise<Map<string, PublicMilestone[]>> {
  const grants = await listGrantsOfCompetition(ctx.db, competitionId, { consistent: false })
  return new Map(grants.map((g) => [g.applicationId, publicMilestones(g)]))
}
