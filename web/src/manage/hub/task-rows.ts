// The rows of a competition's task list, in the order the work is done, and the pages listed
// beside it. Each row is one line: add a stage or a page here (its status, if any, comes from
// GET /api/competitions/{id}/tasks under the same `task` id).
import type { TaskId } from '../../../../shared/schemas/tasks.js'

export type TaskRow = {
  /** The stage's id in the task list's API answer; a row without one shows no status. */
  task?: TaskId
  title: string
  /** Under /manage/competitions/{id}/. */
  path: string
}

export const taskRows: TaskRow[] = [
  { task: 'setup', title: 'Set up the competition', path: 'setup' },
  { task: 'publish', title: 'Publish', path: 'publish' },
  { task: 'questions', title: 'Answer questions from applicants', path: 'questions' },
  { task: 'screening', title: 'Screen and shortlist', path: 'screening' },
  { task: 'panel', title: 'Invite the panel', path: 'panel' },
  { task: 'pitches', title: 'Schedule pitches', path: 'pitches' },
  { task: 'scoring', title: 'Scoring and ranking', path: 'ranking' },
  { task: 'awards', title: 'Make awards', path: 'awards' },
  { task: 'feedback', title: 'Write feedback', path: 'feedback' },
  { task: 'release', title: 'Release decisions and feedback', path: 'feedback' },
  { task: 'grants', title: 'Set up and run the grants', path: 'grants' },
]

export type PageRow = { title: string; path: string; hint: string }

/** Pages to read or set at any stage: reports, directories and settings. */
export const otherPages: PageRow[] = [
  {
    title: 'Engagement funnel',
    path: 'funnel',
    hint: 'Engaged to grant completed, by challenge, theme and leadership',
  },
  { title: 'Events', path: 'events', hint: 'Launch, webinars, roundtables and finals: registrations and attendance' },
  { title: 'Expressions of interest received', path: 'submissions', hint: 'Every EOI, as submitted' },
  { title: 'Diversity and inclusion survey results', path: 'diversity', hint: 'Anonymous, once applications close' },
  { title: 'Scoring rubric and settings', path: 'rubric', hint: 'Set before scoring starts' },
  { title: 'Signposting directory', path: 'signposts', hint: 'Support services feedback points to' },
  { title: 'Award planner', path: 'awards/planner', hint: 'Proposes awards within the pot' },
  { title: 'Ledger', path: 'awards/ledger', hint: 'Every change to what is committed' },
  { title: 'Exports', path: 'exports', hint: 'CSV downloads of EOIs, scores, awards, grants and more' },
  { title: 'Audit trail', path: 'audit', hint: 'Check that no record was changed outside the platform' },
]
