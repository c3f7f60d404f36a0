// "/panel/competitions/:id/declarations": for each shortlisted organisation, whether the
// panellist has a conflict of interest, and what it is. One submit saves them all (or none).
// A declared conflict is shown, not offered again: only the programme manager can withdraw it.
import { useEffect, useState } from 'preact/hooks'
import { conflictTypeNames } from '../../../shared/labels.js'
import type { Assignment, ConflictType, MyPanels } from '../../../shared/schemas/assessing.js'
import { api, ApiError, call } from '../api.js'
import { ErrorSummary } from '../components/error-summary.js'
import type { ErrorItem } from '../components/errors.js'
import { optionIdOf } from '../components/fields.js'
import { usePageErrors, useSubmit } from '../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../components/page.js'
import { navigate } from '../router.js'
import { paths, setFlash } from './shared.js'

type Panel = MyPanels['panels'][number]

const types = Object.keys(conflictTypeNames) as ConflictType[]
const groupId = (applicationId: string) => `coi-${applicationId}`
const noteId = (applicationId: string) => `coi-${applicationId}-note`

export function DeclarationsPage({ id }: { id: string }) {
  const [panel, setPanel] = useState<Panel>()
  const [failure, setFailure] = useState<unknown>()
  useEffect(() => {
    call(api.me.panels.$get())
      .then(({ panels }) => {
        const found = panels.find((p) => p.member.competitionId === id)
        if (!found) throw new ApiError({ type: 'about:blank', title: 'Not found', status: 404 })
        setPanel(found)
      })
      .catch(setFailure)
  }, [id])

  if (failure) {
    return (
      <LoadFailure
        failure={failure}
        notFound={{
          title: 'Panel not found',
          text: 'You are not on a panel for this competition. If you were invited, check you signed in with the email address the invitation was sent to.',
        }}
        failed="Sorry, your declarations could not be loaded"
        back={{ href: paths.panels, label: 'Back to your panels' }}
      />
    )
  }
  if (!panel) return <Loading what="your declarations" />
  if (panel.member.status !== 'accepted') {
    return (
      <>
        <PageHeading title="Declare conflicts of interest" caption={panel.member.competitionTitle} />
        <p>Accept the invitation to this panel before you declare conflicts of interest.</p>
        <p>
          <a href={paths.panels}>Answer the invitation</a>
        </p>
      </>
    )
  }
  return <DeclarationsForm panel={panel} />
}

function DeclarationsForm({ panel: { member, assignments } }: { panel: Panel }) {
  const conflicted = assignments.filter((a) => a.declaration && a.declaration !== 'none')
  const open = assignments.filter((a) => !a.declaration || a.declaration === 'none')
  const [choices, setChoices] = useState<Record<string, ConflictType | ''>>(() =>
    Object.fromEntries(open.map((a) => [a.applicationId, a.declaration ?? ''])),
  )
  const [notes, setNotes] = useState<Record<string, string>>({})
  const errors = usePageErrors()
  const { busy, submit } = useSubmit(errors)
  const { inline } = errors

  function save(event: Event) {
    event.preventDefault()
    const problems: ErrorItem[] = []
    for (const a of open) {
      const choice = choices[a.applicationId]
      if (!choice)
        problems.push({
          id: groupId(a.applicationId),
          text: `Select whether you have a conflict of interest with ${a.organisationName}`,
        })
      else if (choice !== 'none' && !notes[a.applicationId]?.trim())
        problems.push({
          id: noteId(a.applicationId),
          text: `Describe your conflict of interest with ${a.organisationName}`,
        })
    }
    const sent = open.map((a) => {
      const type = choices[a.applicationId] as ConflictType
      return {
        applicationId: a.applicationId,
        type,
        note: type === 'none' ? '' : (notes[a.applicationId] ?? '').trim(),
      }
    })
    void submit({
      check: () => problems,
      send: () =>
        call(
          api.competitions[':competitionId'].declarations.$put({
            param: { competitionId: member.competitionId },
            json: { declarations: sent },
          }),
        ),
      resolve: (field) => {
        const [, index, part] = /^declarations\.(\d+)\.(\w+)/.exec(field) ?? []
        const a = index === undefined ? undefined : open[Number(index)]
        if (!a) return {}
        return part === 'note'
          ? { id: noteId(a.applicationId), label: `Your note on ${a.organisationName}` }
          : { id: groupId(a.applicationId), label: `Your declaration for ${a.organisationName}` }
      },
      done: () => {
        const declaredConflicts = sent.filter((d) => d.type !== 'none').length
        setFlash(
          `Your declarations for “${member.competitionTitle}” are saved.${declaredConflicts ? ` You declared ${declaredConflicts === 1 ? 'a conflict' : `${declaredConflicts} conflicts`} of interest: you will not see or score ${declaredConflicts === 1 ? 'that application' : 'those applications'}.` : ''}`,
        )
        navigate(paths.panels)
      },
    })
  }

  return (
    <>
      <a href={paths.panels} class="back-link">
        Your panels
      </a>
      <ErrorSummary errors={errors.errors} />
      <PageHeading
        title="Declare conflicts of interest"
        caption={member.competitionTitle}
        hasErrors={!!errors.errors}
      />
      <p>
        For each shortlisted organisation, tell us whether you have a conflict of interest: you, or someone close to
        you, work for it or have recently; have a financial interest in it; advise it; or know the people involved
        personally. If in doubt, declare it and describe it.
      </p>
      <p>
        You will not see, score or hear the pitch of an application you declare a conflict with, and your scores are not
        counted for it. <strong>A declared conflict can only be withdrawn by the programme manager.</strong>
      </p>
      {assignments.length === 0 && <p>Nothing is on the shortlist yet, so there is nothing to declare.</p>}
      {conflicted.length > 0 && (
        <section class="section" aria-labelledby="declared-heading">
          <h2 id="declared-heading">Conflicts you have declared</h2>
          <ul>
            {conflicted.map((a) => (
              <li key={a.applicationId}>
                {a.organisationName}: {conflictTypeNames[a.declaration!].toLowerCase()}
              </li>
            ))}
          </ul>
          <p>To withdraw one of these, contact the programme manager.</p>
        </section>
      )}
      {open.length > 0 && (
        <form noValidate onSubmit={save}>
          {conflicted.length > 0 && <h2>Other shortlisted organisations</h2>}
          {open.map((a) => (
            <DeclarationField
              key={a.applicationId}
              assignment={a}
              choice={choices[a.applicationId] ?? ''}
              onChoice={(type) => setChoices({ ...choices, [a.applicationId]: type })}
              note={notes[a.applicationId] ?? ''}
              onNote={(note) => setNotes({ ...notes, [a.applicationId]: note })}
              error={inline[groupId(a.applicationId)]}
              noteError={inline[noteId(a.applicationId)]}
            />
          ))}
          <button type="submit" class="button" disabled={busy}>
            Save declarations
          </button>
        </form>
      )}
    </>
  )
}

/** One organisation: "No conflict" or a type of conflict, and then a description of it. */
function DeclarationField({
  assignment,
  choice,
  onChoice,
  note,
  onNote,
  error,
  noteError,
}: {
  assignment: Assignment
  choice: ConflictType | ''
  onChoice: (type: ConflictType) => void
  note: string
  onNote: (note: string) => void
  error?: string
  noteError?: string
}) {
  const id = groupId(assignment.applicationId)
  const nid = noteId(assignment.applicationId)
  const wasNone = assignment.declaration === 'none'
  return (
    <div class={error ? 'form-group form-group-error' : 'form-group'}>
      <fieldset
        aria-describedby={
          [wasNone ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
        }
      >
        <legend class="legend-m">{assignment.organisationName}</legend>
        {wasNone && (
          <div id={`${id}-hint`} class="hint">
            You declared no conflict. Change it if that is no longer true.
          </div>
        )}
        {error && (
          <p id={`${id}-error`} class="error-message">
            <span class="visually-hidden">Error: </span>
            {error}
          </p>
        )}
        {types.map((type, index) => {
          const optionId = optionIdOf(id, index)
          return (
            <div class="radio" key={type}>
              <input
                id={optionId}
                name={id}
                type="radio"
                value={type}
                checked={choice === type}
                onChange={() => onChoice(type)}
              />
              <label for={optionId}>{conflictTypeNames[type]}</label>
            </div>
          )
        })}
        {choice && choice !== 'none' && (
          <div class={noteError ? 'conditional form-group-error' : 'conditional'}>
            <label class="label" for={nid}>
              Describe your conflict of interest with {assignment.organisationName}
            </label>
            <div id={`${nid}-hint`} class="hint">
              For the programme manager’s record: what the connection is, and when.
            </div>
            {noteError && (
              <p id={`${nid}-error`} class="error-message">
                <span class="visually-hidden">Error: </span>
                {noteError}
              </p>
            )}
            <textarea
              id={nid}
              name={nid}
              class={noteError ? 'textarea textarea-error' : 'textarea'}
              rows={3}
              value={note}
              onInput={(event) => onNote(event.currentTarget.value)}
              aria-describedby={`${nid}-hint${noteError ? ` ${nid}-error` : ''}`}
              aria-invalid={noteError ? 'true' : undefined}
            />
          </div>
        )}
      </fieldset>
    </div>
  )
}
