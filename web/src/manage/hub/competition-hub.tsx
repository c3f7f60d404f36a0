// "/manage/competitions/:id": the competition's task list (the GOV.UK task list pattern). Each
// stage links to its page with its status and counts, all from one call
// (GET /api/competitions/{id}/tasks); then the pages to read or set at any stage.
import { useEffect, useState } from 'preact/hooks'
import type { Task, TaskList, TaskStatus } from '../../../../shared/schemas/tasks.js'
import { api, call } from '../../api.js'
import { takeFlash } from '../../components/flash.js'
import { LoadFailure, Loading, PageHeading } from '../../components/page.js'
import { otherPages, taskRows, type TaskRow } from './task-rows.js'

const statusNames: Record<TaskStatus, string> = {
  'cannot-start': 'Cannot start yet',
  'not-started': 'Not started',
  'in-progress': 'In progress',
  completed: 'Completed',
}

export function CompetitionHub({ id }: { id: string }) {
  const [list, setList] = useState<TaskList>()
  const [failure, setFailure] = useState<unknown>()
  const [flash] = useState(takeFlash)
  useEffect(() => {
    call(api.competitions[':competitionId'].tasks.$get({ param: { competitionId: id } })).then(setList, setFailure)
  }, [id])

  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{ title: 'Competition not found', text: 'It may have been deleted.' }}
        failed="Sorry, the competition could not be loaded"
        back={{ href: '/manage', label: 'Back to your competitions' }}
      />
    )
  if (!list) return <Loading what="the competition" />

  const byId = new Map(list.tasks.map((task) => [task.id, task]))
  const published = byId.get('publish')?.status === 'completed'
  const done = list.tasks.filter((task) => task.status === 'completed').length
  return (
    <>
      <a href="/manage" class="back-link">
        Back to your competitions
      </a>
      <PageHeading title={list.title} caption={published ? 'Published competition' : 'Draft competition'} />
      {flash && (
        <div class="notice notice-success" role="status">
          <p>{flash}</p>
        </div>
      )}
      <p>
        <a href={`/competitions/${id}`}>{published ? 'View the public page' : 'Preview the competition page'}</a>
      </p>
      <h2 class="heading-m" id="tasks-heading">
        Running the competition
      </h2>
      <p class="secondary-text" id="tasks-progress">
        You have completed {done} of {list.tasks.length} stages.
      </p>
      <ul class="task-list" aria-labelledby="tasks-heading">
        {taskRows.map((row) => (
          <TaskItem key={row.path + row.title} competitionId={id} row={row} task={row.task && byId.get(row.task)} />
        ))}
      </ul>
      <h2 class="heading-m" id="pages-heading">
        Reports, directories and settings
      </h2>
      <ul class="task-list" aria-labelledby="pages-heading">
        {otherPages.map((page) => (
          <li class="task-list-item task-list-item-with-link" key={page.path}>
            <div class="task-list-name">
              <a
                class="task-list-link"
                href={`/manage/competitions/${id}/${page.path}`}
                aria-describedby={hintId(page.path)}
              >
                {page.title}
              </a>
              <div class="task-list-hint" id={hintId(page.path)}>
                {page.hint}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>
  )
}

const hintId = (path: string) => `hint-${path.replace(/[^a-z0-9]+/gi, '-')}`

/** One stage: a link (unless it cannot start yet), its counts as the hint, and its status. */
function TaskItem({ competitionId, row, task }: { competitionId: string; row: TaskRow; task: Task | undefined }) {
  const id = row.task ?? row.path.replace(/[^a-z0-9]+/gi, '-')
  const linked = task?.status !== 'cannot-start'
  const described = [task && `task-${id}-hint`, task && `task-${id}-status`].filter(Boolean).join(' ') || undefined
  return (
    <li class={`task-list-item${linked ? ' task-list-item-with-link' : ''}`} id={`task-${id}`}>
      <div class="task-list-name">
        {linked ? (
          <a
            class="task-list-link"
            href={`/manage/competitions/${competitionId}/${row.path}`}
            aria-describedby={described}
          >
            {row.title}
          </a>
        ) : (
          <div>{row.title}</div>
        )}
        {task && (
          <div class="task-list-hint" id={`task-${id}-hint`}>
            {task.summary}
          </div>
        )}
      </div>
      {task && (
        <div class={`task-list-status task-list-status-${task.status}`} id={`task-${id}-status`}>
          {task.status === 'not-started' || task.status === 'in-progress' ? (
            <strong class={`tag tag-task-${task.status}`}>{statusNames[task.status]}</strong>
          ) : (
            statusNames[task.status]
          )}
        </div>
      )}
    </li>
  )
}
