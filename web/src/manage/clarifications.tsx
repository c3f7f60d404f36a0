// "Questions from applicants" (its own page, linked from the task list): every question asked about the competition,
// unanswered first to the eye, each with a box to answer it. Publishing an answer puts the
// question and answer on the public page, without who asked. Someone else answering first
// is a 409: the list is read again and the manager told, never overwritten.
import { useEffect, useState } from 'preact/hooks'
import type { Clarification } from '../../../shared/schemas/clarification.js'
import { api, ApiError, call, describe } from '../api.js'
import { Time } from '../components/competition-bits.js'
import { Status, TextArea } from '../components/fields.js'
import { useSubmit } from '../components/forms.js'
import { savedAt, useEditor } from './context.js'

const PAGE_SIZE = '20'
const answerId = (clarification: Clarification) => `clarification-${clarification.id}-answer`

export function ClarificationsSection() {
  const editor = useEditor()
  const [items, setItems] = useState<Clarification[]>()
  const [cursor, setCursor] = useState<string>()
  const [failure, setFailure] = useState<string>()

  async function load(after?: string): Promise<Clarification[] | undefined> {
    try {
      const page = await call(
        api.competitions[':competitionId'].clarifications.$get({
          param: { competitionId: editor.competitionId },
          query: after ? { all: 'true', limit: PAGE_SIZE, cursor: after } : { all: 'true', limit: PAGE_SIZE },
        }),
      )
      // Managers asking for all get whole questions; the public shape never reaches here.
      const fresh = page.items as Clarification[]
      setItems((current) => [...(after ? (current ?? []) : []), ...fresh])
      setCursor(page.nextCursor)
      setFailure(undefined)
      return fresh
    } catch (error) {
      setFailure(describe(error))
      return undefined
    }
  }
  useEffect(() => {
    void load()
  }, [editor.competitionId])

  const replace = (saved: Clarification) => setItems((current) => current?.map((c) => (c.id === saved.id ? saved : c)))
  const waiting = items?.filter((c) => c.status === 'asked').length ?? 0

  return (
    <section aria-labelledby="questions" class="section">
      <h2 id="questions" tabIndex={-1}>
        Questions from applicants
      </h2>
      <p>
        Answers are published on the <a href={`/competitions/${editor.competitionId}`}>competition page</a> with the
        question, for everyone to read. Who asked is never shown. Write the answer so it makes sense to every applicant.
      </p>
      {failure && (
        <div class="notice" role="alert">
          <p>The questions could not be loaded. {failure}</p>
        </div>
      )}
      {items && items.length === 0 && <p>No questions have been asked yet.</p>}
      {items && items.length > 0 && (
        <>
          <p>
            {waiting === 0
              ? 'Every question shown has been answered.'
              : `${waiting} ${waiting === 1 ? 'question is' : 'questions are'} waiting for an answer.`}
          </p>
          <ul class="qa-list">
            {items.map((clarification, index) => (
              <li key={clarification.id}>
                <ClarificationItem
                  clarification={clarification}
                  number={index + 1}
                  onSaved={replace}
                  reload={() => load()}
                />
              </li>
            ))}
          </ul>
        </>
      )}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={() => void load(cursor)}>
          Show more questions
        </button>
      )}
    </section>
  )
}

function ClarificationItem({
  clarification,
  number,
  onSaved,
  reload,
}: {
  clarification: Clarification
  number: number
  onSaved: (saved: Clarification) => void
  reload: () => Promise<Clarification[] | undefined>
}) {
  const editor = useEditor()
  const [answer, setAnswer] = useState(clarification.answer ?? '')
  const { busy, status, submit } = useSubmit(editor.errors)
  const id = answerId(clarification)
  const answered = clarification.status === 'answered'

  function publish(event: Event) {
    event.preventDefault()
    void submit({
      check: () => (answer.trim() ? [] : [{ id, text: `Enter an answer to question ${number}` }]),
      send: () =>
        call(
          api.competitions[':competitionId'].clarifications[':clarificationId'].answer.$put({
            param: { competitionId: editor.competitionId, clarificationId: clarification.id },
            json: { answer, version: clarification.version },
          }),
        ),
      done: (saved) => {
        onSaved(saved)
        return savedAt(answered ? 'Answer updated and published' : 'Answer published')
      },
      failed: async (error) => {
        if (error instanceof ApiError && error.code === 'version-conflict') {
          const latest = (await reload())?.find((c) => c.id === clarification.id)
          if (latest) setAnswer(latest.answer ?? '')
          editor.errors.failWith([
            {
              id,
              text: `Question ${number} was answered by someone else meanwhile. Their answer is shown now: check it before changing it.`,
            },
          ])
        } else {
          editor.errors.fail(error, (field) =>
            field === 'answer' ? { id, label: `The answer to question ${number}` } : {},
          )
        }
      },
    })
  }

  return (
    <>
      <h3 class="heading-s">
        <span class="visually-hidden">Question {number}: </span>
        <span class="multiline">{clarification.question}</span>
      </h3>
      <p class="meta">
        <strong class={answered ? 'tag tag-open' : 'tag tag-pending'}>
          {answered ? 'Answered' : 'Waiting for an answer'}
        </strong>{' '}
        Asked <Time iso={clarification.askedAt} />
        {clarification.answeredAt && (
          <>
            {' '}
            · answered <Time iso={clarification.answeredAt} />
          </>
        )}
      </p>
      <form noValidate onSubmit={publish}>
        <TextArea
          id={id}
          label={answered ? `Answer to question ${number}` : `Your answer to question ${number}`}
          hint={answered ? 'Published. Changing it publishes the new answer.' : undefined}
          rows={4}
          value={answer}
          onValue={setAnswer}
          error={editor.errors.inline[id]}
        />
        <div class="button-group">
          <button type="submit" class="button button-secondary" disabled={busy}>
            {answered ? 'Update the answer' : 'Publish the answer'}
            <span class="visually-hidden"> to question {number}</span>
          </button>
          <Status message={status} />
        </div>
      </form>
    </>
  )
}
