// An expression of interest read back: every question with its answer, the amount, the
// themes and the eligibility statements confirmed. Shown on the receipt, the read-only
// form and the manager's detail view. Answers are text, rendered escaped.
import { Fragment } from 'preact'
import { formatPence } from '../../../shared/money.js'
import type { Answer, Application } from '../../../shared/schemas/application.js'
import type { CompetitionPage } from '../../../shared/schemas/competition.js'
import type { Question } from '../../../shared/schemas/form.js'
import { countWords } from '../../../shared/words.js'
import { plural } from '../../../shared/text.js'

/** One answer as read back: options by label, long text with its word count, "Not answered" when empty. */
export function AnswerText({ question, answer }: { question: Question; answer: Answer | undefined }) {
  if (answer === undefined || answer === '' || (Array.isArray(answer) && answer.length === 0))
    return <span class="secondary-text">Not answered</span>
  if (typeof answer === 'number') return <>{answer.toLocaleString('en-GB')}</>
  if (Array.isArray(answer))
    return <>{answer.map((id) => question.options?.find((o) => o.id === id)?.label ?? id).join(', ')}</>
  if (typeof answer === 'string') {
    if (question.kind === 'singleChoice') return <>{question.options?.find((o) => o.id === answer)?.label ?? answer}</>
    if (question.kind === 'url')
      return (
        <a href={answer} rel="noopener noreferrer">
          {answer}
        </a>
      )
    if (question.kind === 'longText') return <WordedText text={answer} />
    return <span class="multiline">{answer}</span>
  }
  if ('file' in answer) return <>{answer.file.filename}</>
  return answer.mode === 'text' ? (
    <WordedText text={answer.text} />
  ) : (
    <>
      Video:{' '}
      <a href={answer.url} rel="noopener noreferrer">
        {answer.url}
      </a>
    </>
  )
}

function WordedText({ text }: { text: string }) {
  return (
    <>
      <span class="multiline">{text}</span>
      <span class="meta answer-words">{plural(countWords(text), 'word')}</span>
    </>
  )
}

export function AnswerList({
  application,
  page,
}: {
  application: Application
  page: Pick<CompetitionPage, 'form' | 'themes' | 'competition'>
}) {
  const themeTitles = application.themeIds.map((id) => page.themes.find((t) => t.id === id)?.title ?? id)
  const confirmed = page.competition.eligibility.filter((s) => application.eligibilityConfirmed.includes(s.id))
  return (
    <dl class="summary-list answers">
      {page.form.map((question) => (
        <Fragment key={question.id}>
          <dt>{question.label}</dt>
          <dd>
            <AnswerText question={question} answer={application.answers[question.id]} />
          </dd>
        </Fragment>
      ))}
      <dt>Amount requested</dt>
      <dd>
        {application.amountRequestedPence === undefined ? (
          <span class="secondary-text">Not answered</span>
        ) : (
          formatPence(application.amountRequestedPence)
        )}
      </dd>
      <dt>Themes addressed</dt>
      <dd>{themeTitles.length ? themeTitles.join('; ') : <span class="secondary-text">None chosen</span>}</dd>
      <dt>Eligibility confirmed</dt>
      <dd>
        {confirmed.length ? (
          <ul class="list-plain">
            {confirmed.map((s) => (
              <li key={s.id}>{s.text}</li>
            ))}
          </ul>
        ) : (
          <span class="secondary-text">None confirmed</span>
        )}
      </dd>
    </dl>
  )
}

export const applicationStatusNames: Record<Application['status'], string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  withdrawn: 'Withdrawn',
}

/** The EOI's status; an applicant's submitted one reads "Under review" until decisions are released, then "Decision released". */
export function ApplicationTag({ status, review }: { status: Application['status']; review?: Application['review'] }) {
  return (
    <strong class={`tag tag-app-${status}`}>
      {review === 'under-review'
        ? 'Under review'
        : review === 'decided'
          ? 'Decision released'
          : applicationStatusNames[status]}
    </strong>
  )
}
