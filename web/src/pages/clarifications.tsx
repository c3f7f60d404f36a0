// "Questions and answers" on a competition page: the answered clarification questions, for
// everyone and without who asked, and, for a signed-in applicant while the competition is
// open, a form to ask one.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { PublishedClarification } from '../../../shared/schemas/clarification.js'
import { api, ApiError, call, describe } from '../api.js'
import { Time } from '../components/competition-bits.js'
import { ErrorSummary } from '../components/error-summary.js'
import { TextArea } from '../components/fields.js'
import { usePageErrors, useSubmit } from '../components/forms.js'
import { session } from '../session.js'
import { useStore } from '../store.js'

const PAGE_SIZE = '10'

export function Clarifications({ competitionId, open }: { competitionId: string; open: boolean }) {
  const [items, setItems] = useState<PublishedClarification[]>()
  const [cursor, setCursor] = useState<string>()
  const [failure, setFailure] = useState<string>()
  const [busy, setBusy] = useState(false)
  const firstNew = useRef<number>()

  async function load(after?: string) {
    setBusy(true)
    try {
      const page = await call(
        api.competitions[':competitionId'].clarifications.$get({
          param: { competitionId },
          query: after ? { limit: PAGE_SIZE, cursor: after } : { limit: PAGE_SIZE },
        }),
      )
      setItems((current) => {
        firstNew.current = after ? (current?.length ?? 0) : undefined
        return [...(after ? (current ?? []) : []), ...page.items]
      })
      setCursor(page.nextCursor)
      setFailure(undefined)
    } catch (error) {
      setFailure(describe(error))
    } finally {
      setBusy(false)
    }
  }
  useEffect(() => {
    void load()
  }, [competitionId])
  // After "Show more", the first new question takes focus, so the keyboard carries on from there.
  useEffect(() => {
    if (firstNew.current === undefined) return
    document.getElementById(`clarification-${firstNew.current}`)?.focus()
    firstNew.current = undefined
  }, [items])

  return (
    <section aria-labelledby="questions">
      <h2 id="questions" tabIndex={-1}>
        Questions and answers
      </h2>
      <p>
        Answers to questions applicants have asked about this competition. Everyone sees the same answers; who asked is
        never shown.
      </p>
      {failure && (
        <div class="notice" role="alert">
          <p>The questions could not be loaded. {failure}</p>
        </div>
      )}
      {items && items.length === 0 && <p>No questions have been answered yet.</p>}
      {items && items.length > 0 && (
        <ul class="qa-list">
          {items.map((item, index) => (
            <li key={`${item.answeredAt}-${item.question}`}>
              <h3 id={`clarification-${index}`} tabIndex={-1} class="heading-s multiline">
                {item.question}
              </h3>
              <p class="multiline">{item.answer}</p>
              {item.answeredAt && (
                <p class="meta">
                  Answered <Time iso={item.answeredAt} />
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => void load(cursor)}>
          Show more questions
        </button>
      )}
      {open && <AskQuestion competitionId={competitionId} />}
    </section>
  )
}

function AskQuestion({ competitionId }: { competitionId: string }) {
  const user = useStore(session)?.user
  const [question, setQuestion] = useState('')
  const errors = usePageErrors()
  const [sent, setSent] = useState(false)
  const { busy, submit } = useSubmit(errors)
  const confirmation = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (sent) confirmation.current?.focus()
  }, [sent])

  if (user && user.role !== 'applicant') return null
  if (!user) {
    return (
      <p>
        <a href={`/signin?next=${encodeURIComponent(`/competitions/${competitionId}`)}`}>Sign in to ask a question</a>{' '}
        about this competition.
      </p>
    )
  }

  function ask(event: Event) {
    event.preventDefault()
    void submit({
      check: () => (question.trim().length < 5 ? [{ id: 'ask-question', text: 'Enter your question' }] : []),
      send: () =>
        call(api.competitions[':competitionId'].clarifications.$post({ param: { competitionId }, json: { question } })),
      done: () => {
        setQuestion('')
        setSent(true)
      },
      failed: (error) =>
        error instanceof ApiError && error.code === 'deadline-passed'
          ? errors.failWith([], 'You can no longer ask questions', describe(error))
          : errors.fail(error, (field) => (field === 'question' ? { id: 'ask-question', label: 'Your question' } : {})),
    })
  }

  const { inline } = errors
  return (
    <div class="ask-question">
      <h3 id="ask" tabIndex={-1}>
        Ask a question
      </h3>
      {sent && (
        <div class="notice notice-success" tabIndex={-1} ref={confirmation} role="status">
          <p>
            <strong>Thank you, we have your question.</strong> When the programme team answers it, the question and its
            answer will be published on this page for everyone to read, without your name.
          </p>
        </div>
      )}
      <ErrorSummary errors={errors.errors} />
      <form noValidate onSubmit={ask}>
        <TextArea
          id="ask-question"
          label={sent ? 'Ask another question' : 'Your question'}
          hint="Your question and its answer will be published here for everyone, without your name, so every applicant has the same information. Do not include personal or commercially sensitive details."
          rows={4}
          value={question}
          onValue={(value) => {
            setQuestion(value)
            if (sent) setSent(false)
          }}
          error={inline['ask-question']}
        />
        <button type="submit" class="button button-secondary" disabled={busy}>
          Send your question
        </button>
      </form>
    </div>
  )
}
