// Reminders to report: a grantee is emailed once when a milestone's report is due in 14 days
// (by its current due date, after any extension) and once when it is overdue, each linking to
// the report's page. A scheduled run (functions/events/grant-reminders.ts; locally a timer) reads
// every grant a page at a time from GSI1 and, for a grant with a reminder to send, writes the
// emails and marks the milestones reminded in one transaction under the grant's version guard:
// two runs racing send each reminder once (the loser reads again and finds it sent).
import type { Grant } from '../../../shared/schemas/grants.js'
import { utcIsoToLondonLocal } from '../../../shared/dates.js'
import { getCandidate } from '../../db/assessing-repo.js'
import { getCompetition } from '../../db/competitions-repo.js'
import { listGrantsPage } from '../../db/grants-repo.js'
import { getGrant, grantPut } from '../../db/grants-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import { commit, ConditionFailed, Contended } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { newId } from '../ids.js'
import { log } from '../log.js'
import { pagePaths, pageUrl } from '../notifications/links.js'

/** A milestone's report is first asked for this many days before its due date. */
export const REMIND_DAYS_BEFORE = 14

const PAGE = 100
const ATTEMPTS = 5
const DAY_MS = 86_400_000

type Reminder = { milestoneId: string; when: 'due' | 'overdue' }

/** Sends every reminder due now (the scheduler calls this); returns them as `<applicationId>/<milestoneId>/<due|overdue>`. */
export async function remindMilestones(ctx: Pick<Ctx, 'db' | 'now' | 'publicUrl'>): Promise<string[]> {
  const sent: string[] = []
  let cursor: string | undefined
  do {
    const page = await listGrantsPage(ctx.db, PAGE, cursor)
    for (const grant of page.items) {
      if (!remindersFor(grant, ctx.now()).length) continue
      try {
        sent.push(...(await remindGrant(ctx, grant.competitionId, grant.applicationId)))
      } catch (error) {
        // One failing must not hold up the others; its reminders stay unsent, so the next run tries again.
        log.error('Reminding a grantee failed', { applicationId: grant.applicationId, error })
      }
    }
    cursor = page.nextCursor
  } while (cursor)
  return sent
}

/** Sends one grant's reminders due now, once each; returns what it sent. */
export async function remindGrant(
  ctx: Pick<Ctx, 'db' | 'now' | 'publicUrl'>,
  competitionId: string,
  applicationId: string,
): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const grant = await getGrant(ctx.db, competitionId, applicationId)
    if (!grant) return []
    const now = ctx.now()
    const reminders = remindersFor(grant, now)
    if (!reminders.length) return []
    const at = now.toISOString()
    const progress = grant.progress!
    const milestones = { ...progress.milestones }
    for (const { milestoneId, when } of reminders)
      milestones[milestoneId] = {
        ...milestones[milestoneId]!,
        ...(when === 'due' ? { remindedDueAt: at } : { remindedOverdueAt: at }),
      }
    const next: Grant = { ...grant, version: grant.version + 1, progress: { ...progress, milestones } }
    const [candidate, competition] = await Promise.all([
      getCandidate(ctx.db, competitionId, applicationId),
      getCompetition(ctx.db, competitionId),
    ])
    const to = candidate?.contactEmail
    if (!to) log.warn('A grantee has no contact email: reminders marked but not sent', { applicationId })
    try {
      await commit(ctx.db, [
        grantPut(ctx.db, next, { version: grant.version, status: grant.status }),
        ...(to
          ? reminders.map((reminder) =>
              outboxPut(ctx.db, {
                id: newId(),
                to,
                createdAt: at,
                status: 'pending',
                ...reminderEmail(ctx, competition?.title ?? 'the competition', grant, reminder),
              }),
            )
          : []),
      ])
      return reminders.map((r) => `${applicationId}/${r.milestoneId}/${r.when}`)
    } catch (error) {
      // Another run (or any change to the grant) wrote first: read again; what it sent is marked.
      const raced = (error instanceof ConditionFailed && error.failed('grant-version')) || error instanceof Contended
      if (!raced || attempt >= ATTEMPTS) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt))
    }
  }
}

/** The reminders an active grant's milestones are owed now: none once a report is in. */
export function remindersFor(grant: Grant, now: Date): Reminder[] {
  if (grant.status !== 'active' || !grant.progress) return []
  const today = utcIsoToLondonLocal(now.toISOString()).slice(0, 10)
  const reminders: Reminder[] = []
  for (const milestone of grant.milestones) {
    const progress = grant.progress.milestones[milestone.id]
    if (!progress || (progress.status !== 'upcoming' && progress.status !== 'rejected')) continue
    if (progress.dueOn < today) {
      if (!progress.remindedOverdueAt) reminders.push({ milestoneId: milestone.id, when: 'overdue' })
    } else if (daysBetween(today, progress.dueOn) <= REMIND_DAYS_BEFORE && !progress.remindedDueAt) {
      reminders.push({ milestoneId: milestone.id, when: 'due' })
    }
  }
  return reminders
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS)

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
const formatDate = (date: string) => dateFormat.format(new Date(`${date}T00:00:00Z`))

function reminderEmail(ctx: Pick<Ctx, 'publicUrl'>, competitionTitle: string, grant: Grant, reminder: Reminder) {
  const milestone = grant.milestones.find((m) => m.id === reminder.milestoneId)!
  const dueOn = grant.progress!.milestones[reminder.milestoneId]!.dueOn
  const link = pageUrl(ctx, pagePaths.grantReport(grant.applicationId, reminder.milestoneId))
  return reminder.when === 'due'
    ? {
        kind: 'grant-report-due',
        subject: `Your progress report on “${milestone.title}” is due on ${formatDate(dueOn)}`,
        text: [
          `${grant.organisationName}’s progress report on the milestone “${milestone.title}” of your grant from “${competitionTitle}” is due on ${formatDate(dueOn)}.`,
          '',
          `Evidence expected: ${milestone.evidence}`,
          '',
          `Write and send your report here: ${link}`,
        ].join('\n'),
      }
    : {
        kind: 'grant-report-overdue',
        subject: `Your progress report on “${milestone.title}” is overdue`,
        text: [
          `${grant.organisationName}’s progress report on the milestone “${milestone.title}” of your grant from “${competitionTitle}” was due on ${formatDate(dueOn)} and has not been sent.`,
          '',
          'Payments that depend on this milestone wait for its report to be approved. If you need more time, ask the programme team for an extension.',
          '',
          `Write and send your report here: ${link}`,
        ].join('\n'),
      }
}
