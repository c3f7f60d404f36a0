// The task list's statuses from the facts it counts (pure): the stages the API test does not
// walk through in full — pitches over or not, feedback calls still to hold, a scheduled
// release, grants all finished — and that no stage can start before the one it needs.
import { describe, expect, it } from 'vitest'
import { newId } from '../../functions/core/ids.js'
import { taskStatuses } from '../../functions/core/tasks/tasks.js'
import type { TaskFacts } from '../../functions/db/tasks-repo.js'
import type { Competition } from '../../shared/schemas/competition.js'

const now = new Date('2022-02-01T12:00:00Z')
const competition: Competition = {
  id: newId(),
  status: 'published',
  title: "What's your problem?",
  summary: 'Real problems.',
  ownerOrganisation: 'LCR CDC',
  potPence: 6_000_000,
  maxAwardPence: 2_000_000,
  committedPence: 0,
  paidPence: 0,
  timeline: {
    eoiOpensAt: '2021-10-15T12:00:00Z',
    eoiClosesAt: '2021-12-15T12:00:00Z',
    panelAt: '2022-01-15T12:00:00Z',
    feedbackAt: '2022-02-01T12:00:00Z',
  },
  eligibility: [{ id: newId(), text: 'Aligns to a theme.' }],
  diSurveyQuestions: ['ageBand'],
  version: 3,
  createdAt: '2021-09-01T12:00:00Z',
  updatedAt: '2021-09-01T12:00:00Z',
  publishedAt: '2021-09-02T12:00:00Z',
}
const aggregate = { competition, challenges: [], themes: [], items: [], questions: [] }
const shortlisted = { screening: 'eligible', shortlist: 'shortlisted', scoringStarted: true }
const facts = (extra: Partial<TaskFacts> = {}): TaskFacts => ({
  questions: [],
  candidates: [shortlisted, shortlisted, { screening: 'ineligible', scoringStarted: false }],
  members: [{ status: 'accepted' }],
  declarations: [{ type: 'none' }, { type: 'none' }],
  sheets: [{ status: 'submitted' }, { status: 'submitted' }],
  rubric: { criteria: 3, lockedAt: '2022-01-10T12:00:00Z' },
  slots: [],
  awards: [],
  feedback: 0,
  calls: [],
  signposts: 0,
  grants: [],
  queries: 5,
  ...extra,
})
const byId = (f: TaskFacts) => Object.fromEntries(taskStatuses(aggregate, f, now).map((t) => [t.id, t]))

describe('task statuses', () => {
  it('completes the pitches only when every shortlisted one is scheduled, invited and over', () => {
    const slot = (startsAt: string, invitedAt?: string) => ({ startsAt, minutes: 30, invitedAt })
    expect(byId(facts()).pitches!.status).toBe('not-started')
    expect(byId(facts({ slots: [slot('2022-01-20T10:00:00Z', 'x')] })).pitches).toMatchObject({
      status: 'in-progress',
      summary: '1 of 2 scheduled, 1 invited',
    })
    const both = [slot('2022-01-20T10:00:00Z', 'x'), slot('2022-02-01T11:45:00Z', 'x')]
    // The second pitch ends at 12:15, after now.
    expect(byId(facts({ slots: both })).pitches!.status).toBe('in-progress')
    expect(byId(facts({ slots: both.slice(0, 1).concat(slot('2022-02-01T11:00:00Z', 'x')) })).pitches!.status).toBe(
      'completed',
    )
  })

  it('keeps feedback in progress while a call is still to hold, and the release while it is scheduled', () => {
    const list = byId(
      facts({
        feedback: 3,
        calls: [{ status: 'arranged' }],
        release: { status: 'scheduled', scheduledAt: '2022-02-03T09:00:00Z', emailed: 0 },
      }),
    )
    expect(list.feedback).toMatchObject({ status: 'in-progress', summary: '3 of 3 written; 1 feedback call to hold' })
    expect(list.release!.status).toBe('in-progress')
    expect(list.release!.summary).toMatch(/^Scheduled for /)
    expect(byId(facts({ feedback: 3, calls: [{ status: 'done' }] })).feedback!.status).toBe('completed')
  })

  it('completes the grants once every accepted award’s grant is completed or terminated', () => {
    const accepted = { awards: [{ status: 'accepted' }, { status: 'accepted' }] }
    expect(byId(facts({ ...accepted, grants: [{ status: 'completed' }] })).grants).toMatchObject({
      status: 'in-progress',
      summary: '1 grant: 0 active, 1 finished; 1 to set up',
    })
    expect(
      byId(facts({ ...accepted, grants: [{ status: 'completed' }, { status: 'terminated' }] })).grants!.status,
    ).toBe('completed')
  })

  it('never lets a stage start before what it needs', () => {
    const draft = { ...aggregate, competition: { ...competition, status: 'draft' as const } }
    const empty = facts({ candidates: [], members: [], declarations: [], sheets: [], rubric: undefined })
    const list = taskStatuses(draft, empty, new Date('2021-09-05T12:00:00Z'))
    expect(list.filter((t) => t.status !== 'cannot-start').map((t) => t.id)).toEqual(['setup'])
    expect(list[0]!.status).toBe('in-progress')
    expect(list.find((t) => t.id === 'scoring')!.summary).toBe('Needs a shortlist and a panel; no rubric yet')
  })
})
