// The optional, anonymous diversity and inclusion survey, offered on the receipt once an
// expression of interest is submitted. Only the questions the competition asks; none is
// required. The API stores the answers apart from the EOI, with nothing that names anyone.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { Application } from '../../../shared/schemas/application.js'
import type { Competition } from '../../../shared/schemas/competition.js'
import { api, call, describe } from '../api.js'
import { ErrorSummary } from '../components/error-summary.js'
import { Radios, Status } from '../components/fields.js'
import { useBusy, usePageErrors } from '../components/forms.js'
import { diQuestions } from '../../../shared/di-questions.js'

export function DiSurvey({
  application,
  competition,
}: {
  application: Application
  competition: Pick<Competition, 'id' | 'title' | 'diSurveyQuestions'>
}) {
  const asked = diQuestions.filter((q) => competition.diSurveyQuestions.includes(q.id))
  const [answers, setAnswers] = useState<Record<string, string>>({})
  const { busy, run } = useBusy()
  const errors = usePageErrors()
  const [done, setDone] = useState(application.diSurveyAnswered === true ? 'before' : undefined)
  const thanks = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (done === 'now') thanks.current?.focus()
  }, [done])

  if (!asked.length) return null
  if (done) {
    return (
      <section class="section" aria-labelledby="di-survey-heading">
        <div class="notice notice-success" tabIndex={-1} ref={thanks}>
          <h2 id="di-survey-heading" class="heading-m">
            {done === 'now' ? 'Thank you for answering the survey' : 'You have answered the survey'}
          </h2>
          <p>
            Your answers are stored apart from your expression of interest, with nothing that links them to you or your
            organisation, and will be counted with everyone else’s once applications close.
          </p>
        </div>
      </section>
    )
  }

  async function send(event: Event) {
    event.preventDefault()
    await run(async () => {
      try {
        await call(
          api.applications[':applicationId']['di-survey'].$post({
            param: { applicationId: application.id },
            json: { answers },
          }),
        )
        errors.clear()
        setDone('now')
      } catch (error) {
        errors.failWith([], 'Your answers could not be sent', describe(error))
      }
    })
  }

  return (
    <section class="section" aria-labelledby="di-survey-heading">
      <h2 id="di-survey-heading">Diversity and inclusion survey (optional)</h2>
      <p>
        We want the fund to reach everyone, so we ask who applies. Answering is up to you and makes no difference to
        your expression of interest. Answer as many or as few questions as you like.
      </p>
      <div class="inset">
        <p>
          <strong>Your answers are anonymous.</strong> We store them apart from your expression of interest, without who
          gave them, which organisation they came with, or when. Nothing is counted until applications close; programme
          managers then see only totals, and never a total under 5.
        </p>
      </div>
      <ErrorSummary errors={errors.errors} />
      <form noValidate onSubmit={send}>
        {asked.map((question) => (
          <Radios
            key={question.id}
            id={`di-${question.id}`}
            legend={question.label}
            options={question.options.map((o) => ({ value: o.id, label: o.label }))}
            value={answers[question.id] ?? ''}
            onValue={(value) => setAnswers((current) => ({ ...current, [question.id]: value }))}
          />
        ))}
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>
            Send my answers
          </button>
          <Status message={busy ? 'Sending…' : undefined} />
        </div>
      </form>
    </section>
  )
}
