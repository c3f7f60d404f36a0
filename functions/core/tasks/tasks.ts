// The programme manager's task list: where each stage of a competition stands (cannot start
// yet, not started, in progress, completed) with its counts, from the competition's own
// partition and one projected query of each partition of its work (db/tasks-repo.ts). Never
// reads an application, a sheet's text or a grant's details.
import { formatLondon } from '../../../shared/dates.js'
import { formatPence } from '../../../shared/money.js'
import { phaseOf } from '../../../shared/phase.js'
import type { Task, TaskId, TaskList, TaskStatus } from '../../../shared/schemas/tasks.js'
import { getCompetitionAggregate, type CompetitionAggregate } from '../../db/competitions-repo.js'
import { readTaskFacts, type TaskFacts } from '../../db/tasks-repo.js'
import { missingForPublish } from '../competitions/publish-rules.js'
import { isManager, type Caller, type Ctx } from '../context.js'
import { NotFound } from '../errors.js'

/** Managers only; anyone else, like a missing competition, gets the same 404. */
export async function getTaskList(ctx: Ctx, caller: Caller, competitionId: string): Promise<TaskList> {
  if (!isManager(caller)) throw new NotFound('competition')
  const [aggregate, facts] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId),
    readTaskFacts(ctx.db, competitionId),
  ])
  if (!aggregate) throw new NotFound('competition')
  return { competitionId, title: aggregate.competition.title, tasks: taskStatuses(aggregate, facts, ctx.now()) }
}

/** "1 challenge", "3 challenges". */
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

const task = (id: TaskId, status: TaskStatus, summary: string, counts: Record<string, number> = {}): Task => ({
  id,
  status,
  summary,
  counts,
})

/** Pure: the same competition, facts and clock always give the same list, in the order the work is done. */
export function taskStatuses(aggregate: Omit<CompetitionAggregate, 'revision'>, facts: TaskFacts, now: Date): Task[] {
  const { competition } = aggregate
  const draft = competition.status === 'draft'
  const closed = phaseOf(competition, now) === 'closed'
  const tally = <T>(rows: T[], test: (row: T) => boolean) => rows.filter(test).length

  // — Set up and publish —
  const missing = missingForPublish(aggregate, now, { publishing: draft }).length
  const setUp = {
    challenges: aggregate.challenges.length,
    themes: aggregate.themes.length,
    questions: aggregate.questions.length,
    dataPackItems: aggregate.items.length,
    missing,
  }
  const touched = !!competition.summary.trim() || setUp.challenges > 0 || setUp.themes > 0 || setUp.questions > 0
  const setupSummary = [
    `${count(setUp.challenges, 'challenge')}, ${count(setUp.themes, 'theme')}, ${count(setUp.questions, 'form question')}`,
    ...(missing ? [`${count(missing, 'thing')} still to add`] : []),
  ].join('; ')
  const setup = task(
    'setup',
    missing === 0 ? 'completed' : touched ? 'in-progress' : 'not-started',
    setupSummary,
    setUp,
  )
  const publish = !draft
    ? task(
        'publish',
        'completed',
        `Published${competition.publishedAt ? ` on ${formatLondon(competition.publishedAt)}` : ''}`,
      )
    : missing === 0
      ? task('publish', 'not-started', 'Ready to publish')
      : task('publish', 'cannot-start', 'Finish setting up first')

  // — Questions from applicants —
  const asked = facts.questions.length
  const waiting = tally(facts.questions, (q) => q.status === 'asked')
  const questionCounts = { asked, waiting }
  const questions = draft
    ? task('questions', 'cannot-start', 'Opens once published', questionCounts)
    : asked === 0
      ? task(
          'questions',
          closed ? 'completed' : 'not-started',
          closed ? 'No questions were asked' : 'No questions yet',
          questionCounts,
        )
      : task(
          'questions',
          waiting === 0 && closed ? 'completed' : 'in-progress',
          `${count(asked, 'question')}, ${waiting} waiting for an answer`,
          questionCounts,
        )

  // — Screening and shortlisting —
  const { candidates } = facts
  const received = candidates.length
  const screened = tally(candidates, (c) => !!c.screening)
  const eligible = tally(candidates, (c) => c.screening === 'eligible')
  const shortlistDecided = tally(candidates, (c) => c.screening === 'eligible' && !!c.shortlist)
  const shortlisted = tally(candidates, (c) => c.shortlist === 'shortlisted')
  const screeningCounts = { received, screened, eligible, shortlisted }
  const toScreen = received - screened + (eligible - shortlistDecided)
  const screening =
    received === 0
      ? closed
        ? task('screening', 'completed', 'No expressions of interest were submitted', screeningCounts)
        : task('screening', 'cannot-start', 'No expressions of interest yet', screeningCounts)
      : task(
          'screening',
          screened === 0 ? 'not-started' : closed && toScreen === 0 ? 'completed' : 'in-progress',
          `${received} received, ${eligible} eligible, ${shortlisted} shortlisted${toScreen ? `; ${toScreen} to decide` : ''}`,
          screeningCounts,
        )

  // — The panel —
  const seated = tally(facts.members, (m) => m.status === 'accepted')
  const invited = tally(facts.members, (m) => m.status === 'invited')
  const conflicts = tally(facts.declarations, (d) => d.type !== 'none')
  const panelCounts = { seated, invited, conflicts, declarations: facts.declarations.length }
  const everyoneDeclared = shortlisted > 0 && facts.declarations.length >= seated * shortlisted
  const panel = draft
    ? task('panel', 'cannot-start', 'Opens once published', panelCounts)
    : facts.members.length === 0
      ? task('panel', 'not-started', 'No one invited yet', panelCounts)
      : task(
          'panel',
          seated > 0 && invited === 0 && everyoneDeclared ? 'completed' : 'in-progress',
          `${seated} accepted, ${invited} awaiting an answer, ${count(conflicts, 'conflict')} declared`,
          panelCounts,
        )

  // — Pitches —
  const scheduled = facts.slots.length
  const sent = tally(facts.slots, (s) => !!s.invitedAt)
  const lastEnds = Math.max(0, ...facts.slots.map((s) => Date.parse(s.startsAt) + s.minutes * 60_000))
  const pitchCounts = { shortlisted, scheduled, invited: sent }
  const pitches =
    shortlisted === 0
      ? task('pitches', 'cannot-start', 'Needs a shortlist', pitchCounts)
      : scheduled === 0
        ? task('pitches', 'not-started', `None of ${shortlisted} scheduled`, pitchCounts)
        : task(
            'pitches',
            scheduled >= shortlisted && sent === scheduled && lastEnds <= now.getTime() ? 'completed' : 'in-progress',
            `${scheduled} of ${shortlisted} scheduled, ${sent} invited`,
            pitchCounts,
          )

  // — Scoring —
  const expected = Math.max(0, seated * shortlisted - conflicts)
  const submitted = tally(facts.sheets, (s) => s.status === 'submitted')
  const drafts = tally(facts.sheets, (s) => s.status === 'draft')
  const criteria = facts.rubric?.criteria ?? 0
  const scoringCounts = { expected, submitted, drafts, criteria }
  const noRubric = criteria === 0 ? '; no rubric yet' : ''
  const scoring =
    shortlisted === 0 || seated === 0
      ? task('scoring', 'cannot-start', `Needs a shortlist and a panel${noRubric}`, scoringCounts)
      : task(
          'scoring',
          facts.sheets.length === 0 ? 'not-started' : submitted >= expected ? 'completed' : 'in-progress',
          `${submitted} of ${count(expected, 'score sheet')} submitted${drafts ? `, ${drafts} in draft` : ''}${noRubric}`,
          scoringCounts,
        )

  // — Awards —
  const offered = tally(facts.awards, (a) => a.status === 'offered')
  const accepted = tally(facts.awards, (a) => a.status === 'accepted')
  const made = offered + accepted
  const released = facts.release?.status === 'released'
  const awardCounts = { offered, accepted, committedPence: competition.committedPence, potPence: competition.potPence }
  const committed = `${formatPence(competition.committedPence)} of ${formatPence(competition.potPence)} committed`
  const awards =
    shortlisted === 0
      ? task('awards', 'cannot-start', 'Needs a shortlist', awardCounts)
      : facts.awards.length === 0
        ? task('awards', 'not-started', committed, awardCounts)
        : task(
            'awards',
            competition.resultsPublishedAt || (released && offered === 0) ? 'completed' : 'in-progress',
            `${count(made, 'award')}, ${committed}${offered ? `; ${offered} awaiting an answer` : ''}`,
            awardCounts,
          )

  // — Feedback —
  const openCalls = tally(facts.calls, (c) => c.status !== 'done')
  const feedbackCounts = { written: facts.feedback, applicants: received, openCalls, signposts: facts.signposts }
  const feedback =
    received === 0
      ? task('feedback', 'cannot-start', 'No applicants yet', feedbackCounts)
      : task(
          'feedback',
          facts.feedback === 0
            ? 'not-started'
            : facts.feedback >= received && openCalls === 0
              ? 'completed'
              : 'in-progress',
          `${facts.feedback} of ${received} written${openCalls ? `; ${count(openCalls, 'feedback call')} to hold` : ''}`,
          feedbackCounts,
        )

  // — Releasing decisions and feedback —
  const r = facts.release
  const releaseCounts = { emailed: r?.emailed ?? 0, applicants: received }
  const release =
    received === 0
      ? task('release', 'cannot-start', 'No applicants yet', releaseCounts)
      : !r || r.status === 'draft'
        ? task('release', 'not-started', 'Not scheduled', releaseCounts)
        : r.status === 'scheduled'
          ? task(
              'release',
              'in-progress',
              `Scheduled for ${r.scheduledAt ? formatLondon(r.scheduledAt) : 'a set time'}`,
              releaseCounts,
            )
          : r.status === 'releasing'
            ? task('release', 'in-progress', `Under way: ${r.emailed} of ${received} emailed`, releaseCounts)
            : task(
                'release',
                'completed',
                `Released${r.releasedAt ? ` on ${formatLondon(r.releasedAt)}` : ''} to ${count(received, 'applicant')}`,
                releaseCounts,
              )

  // — Grants —
  const grantCount = facts.grants.length
  const active = tally(facts.grants, (g) => g.status === 'active')
  const finished = tally(facts.grants, (g) => g.status === 'completed' || g.status === 'terminated')
  const grantCounts = { accepted, grants: grantCount, active, finished }
  const grants =
    accepted === 0 && grantCount === 0
      ? task('grants', 'cannot-start', 'Needs an accepted offer', grantCounts)
      : grantCount === 0
        ? task('grants', 'not-started', `${count(accepted, 'accepted award')}, no agreements yet`, grantCounts)
        : task(
            'grants',
            finished === grantCount && grantCount >= accepted ? 'completed' : 'in-progress',
            `${count(grantCount, 'grant')}: ${active} active, ${finished} finished${grantCount < accepted ? `; ${accepted - grantCount} to set up` : ''}`,
            grantCounts,
          )

  return [setup, publish, questions, screening, panel, pitches, scoring, awards, feedback, release, grants]
}
