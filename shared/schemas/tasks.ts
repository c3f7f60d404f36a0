// The programme manager's task list for one competition: each stage of the work with where
// it stands and a few counts, worked out in one read (GET /api/competitions/{id}/tasks).
import * as z from 'zod/mini'
import { meta } from './meta.js'

export const TaskId = z.enum([
  'setup',
  'publish',
  'questions',
  'screening',
  'panel',
  'pitches',
  'scoring',
  'awards',
  'feedback',
  'release',
  'grants',
])
export type TaskId = z.infer<typeof TaskId>

/** The GOV.UK task list's statuses. */
export const TaskStatus = z.enum(['cannot-start', 'not-started', 'in-progress', 'completed'])
export type TaskStatus = z.infer<typeof TaskStatus>

export const Task = meta(
  z.object({
    id: TaskId,
    status: TaskStatus,
    /** The counts behind the status, as one short phrase ("12 received, 10 eligible, 4 shortlisted"). */
    summary: z.string(),
    /** The same counts as numbers, by name. */
    counts: z.record(z.string(), z.number().check(z.int())),
  }),
  { id: 'Task' },
)
export type Task = z.infer<typeof Task>

export const TaskList = meta(z.object({ competitionId: z.string(), title: z.string(), tasks: z.array(Task) }), {
  id: 'TaskList',
})
export type TaskList = z.infer<typeof TaskList>
