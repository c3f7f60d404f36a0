// "/applications/:id": an expression of interest. While it is a draft and the deadline has
// not passed, every answer is saved as people type (1.5 s after they stop) and when they
// leave a field; a save from an out-of-date copy is refused by the server (409) and the
// page says so rather than overwrite. Submitting names each problem in an error summary.
// Once submitted, withdrawn or past the deadline, the answers are shown read-only.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ConfirmAction } from '../components/confirm.js'
import { formatLondon } from '../../../shared/dates.js'
import { formatPence, parsePoundsToPence, penceToPoundsInput } from '../../../shared/money.js'
import type { Answer, Application, DraftChanges } from '../../../shared/schemas/application.js'
import type { CompetitionPage } from '../../../shared/schemas/competition.js'
import type { Question } from '../../../shared/schemas/form.js'
import { normaliseWebAddress } from '../../../shared/web-address.js'
import { api, ApiError, call, describe } from '../api.js'
import { AnswerList, ApplicationTag } from '../components/answers.js'
import { ClosingDate } from '../components/competition-bits.js'
import { ErrorSummary } from '../components/error-summary.js'
import { inlineMessages, type ErrorItem, type FieldResolver } from '../components/errors.js'
import { Checkboxes, optionIdOf, Radios, Status, TextArea, TextInput } from '../components/fields.js'
import { useBusy, usePageErrors } from '../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../components/page.js'
import { navigate } from '../router.js'
import { FileAnswerField, type Exclusive } from './file-answer.js'
import { useAutosave, type Pending } from './use-autosave.js'
import { ApplicantsOnly } from './guard.js'
import { OfferSection } from './offer.js'
import { limitsHint, WordCount } from './word-count.js'

export type Loaded = { application: Application; page: CompetitionPage }

/** Reads an EOI and the competition (with its form) it answers. */
export async function loadApplication(id: string): Promise<Loaded> {
  const application = await call(api.applications[':applicationId'].$get({ param: { applicationId: id } }))
  const page = await call(
    api.competitions[':competitionId'].$get({ param: { competitionId: application.competitionId } }),
  )
  return { application, page }
}

/** The organisation's own deadline: an extension if it has one, else the competition's. */
export const deadlineOf = ({ application, page }: Loaded) =>
  application.extension?.until ?? page.competition.timeline.eoiClosesAt

export const isPast = (iso: string | undefined) => !!iso && Date.now() >= Date.parse(iso)

/** Load failures, the same for every page about one EOI. */
export function useLoaded(id: string) {
  const [loaded, setLoaded] = useState<Loaded>()
  const [failure, setFailure] = useState<unknown>()
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    loadApplication(id).then(setLoaded, setFailure)
  }, [id])
  const reload = async () => {
    const next = await loadApplication(id)
    setLoaded(next)
    setGeneration((n) => n + 1)
  }
  return { loaded, failure, generation, reload }
}

/** The EOI could not be loaded: not found (or not yours), or the error. */
export function ApplicationLoadFailure({ failure }: { failure: unknown }) {
  return (
    <LoadFailure
      failure={failure}
      notFound={{
        title: 'Expression of interest not found',
        text: 'There is no expression of interest of yours at this address.',
      }}
      failed="Sorry, the expression of interest could not be loaded"
      back={{ href: '/applications', label: 'Your applications' }}
    />
  )
}

export function ApplicationPage({ id }: { id: string }) {
  return (
    <ApplicantsOnly title="Your expression of interest">
      <ApplicationLoader id={id} />
    </ApplicantsOnly>
  )
}

function ApplicationLoader({ id }: { id: string }) {
  const { loaded, failure, generation, reload } = useLoaded(id)
  if (failure) return <ApplicationLoadFailure failure={failure} />
  if (!loaded) return <Loading what="your expression of interest" />
  const editable = loaded.application.status === 'draft' && !isPast(deadlineOf(loaded))
  return editable ? (
    <DraftForm key={generation} loaded={loaded} reload={reload} />
  ) : (
    <ReadOnly loaded={loaded} reload={reload} />
  )
}

function Heading({ loaded, hasErrors }: { loaded: Loaded; hasErrors?: boolean }) {
  const { application, page } = loaded
  const deadline = deadlineOf(loaded)
  return (
    <>
      <a href="/applications" class="back-link">
        Your applications
      </a>
      <PageHeading title="Your expression of interest" caption={page.competition.title} hasErrors={hasErrors} />
      <dl class="summary-list summary-list-compact">
        <dt>Organisation</dt>
        <dd>{application.organisationName}</dd>
        <dt>Status</dt>
        <dd>
          <ApplicationTag status={application.status} review={application.review} />
        </dd>
        <dt>Deadline</dt>
        <dd>
          <ClosingDate iso={deadline} />
          {application.extension && (
            <span class="meta block">Your organisation was given an extension: {application.extension.reason}</span>
          )}
        </dd>
      </dl>
    </>
  )
}

// — Read-only —

function ReadOnly({ loaded, reload }: { loaded: Loaded; reload: () => Promise<void> }) {
  const { application } = loaded
  const closed = isPast(deadlineOf(loaded))
  return (
    <>
      <Heading loaded={loaded} />
      {application.status === 'submitted' && (
        <div class="notice notice-success">
          <p>
            Submitted {application.submittedAt && formatLondon(application.submittedAt)}. Receipt number{' '}
            <strong>{application.receiptNumber}</strong>.{' '}
            <a href={`/applications/${application.id}/receipt`}>See your receipt</a>
          </p>
          {application.review === 'under-review' && (
            <p>It is under review. We will tell you the outcome, with feedback, when decisions are released.</p>
          )}
        </div>
      )}
      {application.review === 'decided' && (
        <section class="section" aria-labelledby="decision-heading">
          <h2 id="decision-heading">Your decision and feedback</h2>
          <p>Decisions have been released.</p>
          <p>
            <a href={`/applications/${application.id}/decision`} class="button">
              Read your decision and feedback
            </a>
          </p>
        </section>
      )}
      {application.status === 'submitted' && (
        <OfferSection applicationId={application.id} competitionTitle={loaded.page.competition.title} />
      )}
      {application.status === 'withdrawn' && (
        <div class="notice">
          <p>
            You withdrew this expression of interest
            {application.withdrawnAt ? ` on ${formatLondon(application.withdrawnAt)}` : ''}. It will not be considered.
          </p>
        </div>
      )}
      {application.status === 'draft' && closed && (
        <div class="notice">
          <p>The deadline has passed. This draft was not submitted and can no longer be changed.</p>
        </div>
      )}
      <h2>Your answers</h2>
      <AnswerList application={application} page={loaded.page} />
      {application.status === 'submitted' && !closed && <Withdraw loaded={loaded} reload={reload} />}
    </>
  )
}

function Withdraw({ loaded, reload }: { loaded: Loaded; reload: () => Promise<void> }) {
  const { application } = loaded
  const [confirming, setConfirming] = useState(false)
  const { busy, run } = useBusy()
  const [failure, setFailure] = useState<string>()

  const withdraw = () =>
    run(async () => {
      setFailure(undefined)
      try {
        await call(
          api.applications[':applicationId'].withdraw.$post({
            param: { applicationId: application.id },
            json: { version: application.version },
          }),
        )
        await reload()
      } catch (error) {
        setFailure(
          error instanceof ApiError && error.code === 'version-conflict'
            ? 'It was changed in another tab or on another device. Reload the page and try again.'
            : describe(error),
        )
      }
    })

  return (
    <section class="section" aria-labelledby="withdraw-heading">
      <h2 id="withdraw-heading">Withdraw</h2>
      <p>
        If you no longer want this expression of interest to be considered, you can withdraw it before the deadline. You
        cannot submit it again.
      </p>
      {failure && (
        <div class="notice" role="alert">
          <p>It could not be withdrawn. {failure}</p>
        </div>
      )}
      <ConfirmAction
        id="withdraw"
        label="Withdraw this expression of interest"
        tone="button-warning"
        question={
          <>
            <strong>Withdraw your expression of interest for “{loaded.page.competition.title}”?</strong> It will not be
            considered, and it cannot be submitted again.
          </>
        }
        yes="Yes, withdraw it"
        busy={busy}
        confirming={confirming}
        setConfirming={setConfirming}
        onYes={() => void withdraw()}
      />
    </section>
  )
}

// — The draft —

type TextOrVideo = { mode: 'text' | 'video' | ''; text: string; url: string }
/** What a field holds while it is edited: text as typed, so "12." or "https://" can be on their way to valid. */
type Local = string | string[] | TextOrVideo

type Draft = { values: Record<string, Local>; amount: string; themes: string[]; eligibility: string[] }

const isTextOrVideo = (value: Local): value is TextOrVideo => typeof value === 'object' && !Array.isArray(value)

function localOf(question: Question, answer: Answer | undefined): Local {
  switch (question.kind) {
    case 'multipleChoice':
      return Array.isArray(answer) ? answer : []
    case 'textOrVideo':
      return typeof answer === 'object' && answer && !Array.isArray(answer) && 'mode' in answer
        ? answer.mode === 'text'
          ? { mode: 'text', text: answer.text, url: '' }
          : { mode: 'video', text: '', url: answer.url }
        : { mode: '', text: '', url: '' }
    case 'number':
      return typeof answer === 'number' ? String(answer) : ''
    default:
      return typeof answer === 'string' ? answer : ''
  }
}

const looksLikeUrl = (text: string) => normaliseWebAddress(text) !== undefined

/** The answer to send (null removes it), or a message saying why it cannot be sent yet. */
function answerOf(question: Question, value: Local): { answer: Answer | null } | { invalid: string } {
  if (Array.isArray(value)) return { answer: value.length ? value : null }
  if (isTextOrVideo(value)) {
    if (value.mode === 'text') return { answer: value.text.trim() ? { mode: 'text', text: value.text } : null }
    if (value.mode === 'video') {
      if (!value.url.trim()) return { answer: null }
      return looksLikeUrl(value.url)
        ? { answer: { mode: 'video', url: value.url.trim() } }
        : { invalid: 'Enter the video’s web address, like youtube.com/watch?v=…' }
    }
    return { answer: null }
  }
  if (!value.trim()) return { answer: null }
  if (question.kind === 'number') {
    const number = Number(value.replace(/,/g, '').trim())
    return Number.isFinite(number) ? { answer: number } : { invalid: 'Enter a number, like 12 or 3.5' }
  }
  if (question.kind === 'url' && !looksLikeUrl(value))
    return { invalid: 'Enter a web address, like example.org or https://example.org/about' }
  return { answer: value }
}

/** The id of the input an answer's errors link to. */
function fieldIdOf(question: Question, value: Local | undefined): string {
  const id = `q-${question.id}`
  if (question.kind === 'textOrVideo' && value && isTextOrVideo(value))
    return value.mode === 'text' ? `${id}-text` : value.mode === 'video' ? `${id}-url` : id
  return id
}

const questionKey = (id: string) => `q:${id}`

function DraftForm({ loaded, reload }: { loaded: Loaded; reload: () => Promise<void> }) {
  const { application, page } = loaded
  const { form, themes, competition } = page
  const draft = useRef<Draft>({
    values: Object.fromEntries(form.map((q) => [q.id, localOf(q, application.answers[q.id])])),
    amount: application.amountRequestedPence === undefined ? '' : penceToPoundsInput(application.amountRequestedPence),
    themes: application.themeIds,
    eligibility: application.eligibilityConfirmed,
  })
  const [, rerender] = useState(0)
  const errors = usePageErrors()
  const [touched, setTouched] = useState<Set<string>>(new Set())
  const { busy: submitting, run } = useBusy()
  const conflictBox = useRef<HTMLDivElement>(null)

  const questionById = new Map(form.map((q) => [q.id, q]))

  const resolve: FieldResolver = (field) => {
    const [head, rest] = field.split('.')
    if (head === 'answers' && rest) {
      const question = questionById.get(rest)
      return question
        ? { id: fieldIdOf(question, draft.current.values[question.id]), label: `“${question.label}”` }
        : {}
    }
    if (head === 'amountRequestedPence') return { id: 'amount', label: 'Amount requested' }
    if (head === 'themeIds') return { id: 'themes', label: rest === undefined ? 'Themes' : 'A theme' }
    if (head === 'eligibility' && rest) {
      const index = competition.eligibility.findIndex((s) => s.id === rest)
      return { id: optionIdOf('eligibility', Math.max(index, 0)) }
    }
    if (head === 'eligibilityConfirmed') return { id: 'eligibility', label: 'An eligibility statement' }
    return {}
  }

  /** Problems found here, before sending: numbers and addresses still being typed. */
  function localProblems(): ErrorItem[] {
    const items: ErrorItem[] = []
    for (const question of form) {
      const result = answerOf(question, draft.current.values[question.id]!)
      if ('invalid' in result)
        items.push({
          id: fieldIdOf(question, draft.current.values[question.id]),
          text: `“${question.label}”: ${result.invalid}`,
        })
    }
    if (draft.current.amount.trim() && parsePoundsToPence(draft.current.amount) === undefined) {
      items.push({ id: 'amount', text: 'Enter the amount in pounds, like 16,700 or 16,240.50' })
    }
    return items
  }

  function changes(keys: string[]): Omit<DraftChanges, 'version'> {
    const out: Omit<DraftChanges, 'version'> = {}
    for (const key of keys) {
      if (key.startsWith('q:')) {
        const question = questionById.get(key.slice(2))!
        const result = answerOf(question, draft.current.values[question.id]!)
        if ('answer' in result) {
          out.answers ??= {}
          out.answers[question.id] = result.answer
        }
      } else if (key === 'amount') {
        const text = draft.current.amount.trim()
        const pence = text ? parsePoundsToPence(text) : null
        if (pence !== undefined) out.amountRequestedPence = pence
      } else if (key === 'themes')
        out.themeIds = themes.map((t) => t.id).filter((id) => draft.current.themes.includes(id))
      else if (key === 'eligibility')
        out.eligibilityConfirmed = competition.eligibility
          .map((s) => s.id)
          .filter((id) => draft.current.eligibility.includes(id))
    }
    return out
  }

  /** What to send for the changed keys; an unfinished number or address is held back, its key still changed. */
  function pending(keys: string[]): Pending {
    const body = changes(keys)
    const sent = keys.filter((key) =>
      key.startsWith('q:')
        ? body.answers && key.slice(2) in body.answers
        : key === 'amount'
          ? 'amountRequestedPence' in body
          : true,
    )
    return { body, sent }
  }

  const autosave = useAutosave({ applicationId: application.id, version: application.version, pending, resolve })
  const { save, exclusive, status, conflict, closedMessage, stopped } = autosave
  const saveProblems = autosave.problems
  useEffect(() => {
    if (conflict) conflictBox.current?.focus()
  }, [conflict])

  function change(key: string, apply: (current: Draft) => Draft) {
    draft.current = apply(draft.current)
    rerender((n) => n + 1)
    autosave.changed(key)
  }
  const setValue = (question: Question, value: Local) =>
    change(questionKey(question.id), (d) => ({ ...d, values: { ...d.values, [question.id]: value } }))
  const left = (id: string) => {
    setTouched((current) => (current.has(id) ? current : new Set(current).add(id)))
    autosave.flush()
  }

  async function submit(event: Event) {
    event.preventDefault()
    const local = localProblems()
    if (local.length) {
      errors.failWith(local)
      return
    }
    await run(async () => {
      const saved = await save()
      if (!saved) {
        if (!autosave.halted())
          errors.failWith(
            [],
            'Your answers could not be saved',
            'Nothing was submitted. Check your connection and try again.',
          )
        return
      }
      try {
        await call(api.applications[':applicationId'].submit.$post({ param: { applicationId: application.id } }))
        navigate(`/applications/${application.id}/receipt`)
      } catch (error) {
        if (error instanceof ApiError && error.code === 'deadline-passed') autosave.closed(describe(error))
        else if (error instanceof ApiError && error.code === 'version-conflict') autosave.conflicted()
        else errors.fail(error, resolve)
      }
    })
  }

  const inline = { ...inlineMessages(saveProblems), ...errors.inline }
  const localInline = Object.fromEntries(
    localProblems()
      .filter((item) => item.id && touched.has(item.id))
      .map((item) => [item.id!, item.text]),
  )
  const errorFor = (id: string) => inline[id] ?? localInline[id]
  // Each statement not confirmed carries its own error, beside its checkbox.
  const eligibilityError = (index: number) => inline[optionIdOf('eligibility', index)]
  const d = draft.current

  return (
    <>
      <ErrorSummary errors={errors.errors} />
      <Heading loaded={loaded} hasErrors={!!errors.errors} />
      {conflict && (
        <div class="notice notice-error" role="alert" tabIndex={-1} ref={conflictBox}>
          <h2 class="heading-m">This expression of interest was changed in another tab or device</h2>
          <p>
            To avoid overwriting those changes, nothing more is saved from this page. Reload to see the latest version.
            Anything typed here since it was last saved will be lost, so copy it first if you need it.
          </p>
          <button type="button" class="button" onClick={() => void reload()}>
            Reload the latest version
          </button>
        </div>
      )}
      {closedMessage && (
        <div class="notice notice-error" role="alert">
          <p>{closedMessage}</p>
          <button type="button" class="button button-secondary" onClick={() => void reload()}>
            See what was saved
          </button>
        </div>
      )}
      {saveProblems && (
        <div class="notice notice-error" role="alert">
          <p>Some answers could not be saved:</p>
          <ul>
            {saveProblems.items.map((item, index) => (
              <li key={index}>{item.id ? <a href={`#${item.id}`}>{item.text}</a> : item.text}</li>
            ))}
          </ul>
        </div>
      )}
      <p>
        Your answers are saved as you type and when you leave each field. You can come back to this page at any time
        before the deadline.
      </p>

      <form noValidate onSubmit={submit} class="eoi-form">
        {form.map((question) => (
          <QuestionField
            key={question.id}
            question={question}
            value={d.values[question.id]!}
            onValue={(value) => setValue(question, value)}
            onLeave={left}
            errorFor={errorFor}
            applicationId={application.id}
            answer={application.answers[question.id]}
            exclusive={exclusive}
          />
        ))}

        <TextInput
          id="amount"
          label="How much funding are you asking for?"
          labelClass="label-m"
          hint={`In pounds, up to ${formatPence(competition.maxAwardPence)}, the maximum award.`}
          prefix="£"
          width="m"
          inputMode="decimal"
          spellcheck={false}
          value={d.amount}
          onValue={(amount) => change('amount', (current) => ({ ...current, amount }))}
          onBlur={() => left('amount')}
          error={errorFor('amount')}
        />

        <Checkboxes
          id="themes"
          legend="Which themes does your idea address?"
          legendClass="legend-m"
          hint="Select at least one."
          options={themes.map((t) => ({ value: t.id, label: t.title }))}
          values={d.themes}
          onValues={(values) => {
            change('themes', (current) => ({ ...current, themes: values }))
            void save()
          }}
          error={errorFor('themes')}
        />

        {competition.eligibility.length > 0 && (
          <Checkboxes
            id="eligibility"
            legend="Eligibility"
            legendClass="legend-m"
            hint="Confirm each statement. You cannot submit without them."
            options={competition.eligibility.map((s, index) => ({
              value: s.id,
              label: s.text,
              error: eligibilityError(index),
            }))}
            values={d.eligibility}
            onValues={(values) => {
              change('eligibility', (current) => ({ ...current, eligibility: values }))
              void save()
            }}
          />
        )}

        <div class="save-status">
          <Status message={status} id="save-status" />
        </div>

        <h2>Submit</h2>
        <p>
          Check your answers before you submit. After submitting you cannot change them. The deadline is{' '}
          <ClosingDate iso={deadlineOf(loaded)} />.
        </p>
        <div class="button-group">
          <button type="submit" class="button" disabled={submitting || stopped}>
            Submit expression of interest
          </button>
          <Status message={submitting ? 'Submitting…' : undefined} />
        </div>
      </form>
    </>
  )
}

function QuestionField({
  question,
  value,
  onValue,
  onLeave,
  errorFor,
  applicationId,
  answer,
  exclusive,
}: {
  question: Question
  value: Local
  onValue: (value: Local) => void
  onLeave: (id: string) => void
  errorFor: (id: string) => string | undefined
  applicationId: string
  /** As last loaded; only file answers read it (they are never edited as text). */
  answer: Answer | undefined
  exclusive: Exclusive
}) {
  const id = `q-${question.id}`
  const optional = question.required ? '' : ' (optional)'
  const label = `${question.label}${optional}`
  const limits = limitsHint(question.softWordLimit, question.hardWordLimit)
  const hint = [question.help, limits].filter(Boolean).join(' ') || undefined
  const text = typeof value === 'string' ? value : ''

  switch (question.kind) {
    case 'longText':
      return (
        <TextArea
          id={id}
          label={label}
          labelClass="label-m"
          hint={hint}
          rows={8}
          value={text}
          onValue={onValue}
          onBlur={() => onLeave(id)}
          error={errorFor(id)}
          describedBy={`${id}-count`}
          after={
            <WordCount id={`${id}-count`} text={text} soft={question.softWordLimit} hard={question.hardWordLimit} />
          }
        />
      )
    case 'shortText':
      return (
        <TextInput
          id={id}
          label={label}
          labelClass="label-m"
          hint={[question.help, `Up to ${question.maxLength ?? 300} characters.`].filter(Boolean).join(' ')}
          value={text}
          onValue={onValue}
          onBlur={() => onLeave(id)}
          error={errorFor(id)}
        />
      )
    case 'url':
      return (
        <TextInput
          id={id}
          label={label}
          labelClass="label-m"
          hint={[question.help, 'A web address, like example.org.'].filter(Boolean).join(' ')}
          type="url"
          spellcheck={false}
          value={text}
          onValue={onValue}
          onBlur={() => onLeave(id)}
          error={errorFor(id)}
        />
      )
    case 'number': {
      const range =
        question.min !== undefined && question.max !== undefined
          ? `A number from ${question.min} to ${question.max}.`
          : question.min !== undefined
            ? `A number, at least ${question.min}.`
            : question.max !== undefined
              ? `A number, at most ${question.max}.`
              : 'A number.'
      return (
        <TextInput
          id={id}
          label={label}
          labelClass="label-m"
          hint={[question.help, range].filter(Boolean).join(' ')}
          width="m"
          inputMode="decimal"
          spellcheck={false}
          value={text}
          onValue={onValue}
          onBlur={() => onLeave(id)}
          error={errorFor(id)}
        />
      )
    }
    case 'singleChoice':
      return (
        <Radios
          id={id}
          legend={label}
          legendClass="legend-m"
          hint={question.help || undefined}
          options={(question.options ?? []).map((o) => ({ value: o.id, label: o.label }))}
          value={text}
          onValue={(choice) => {
            onValue(choice)
            onLeave(id)
          }}
          error={errorFor(id)}
        />
      )
    case 'multipleChoice':
      return (
        <Checkboxes
          id={id}
          legend={label}
          legendClass="legend-m"
          hint={[question.help, 'Select all that apply.'].filter(Boolean).join(' ')}
          options={(question.options ?? []).map((o) => ({ value: o.id, label: o.label }))}
          values={Array.isArray(value) ? value : []}
          onValues={(values) => {
            onValue(values)
            onLeave(id)
          }}
          error={errorFor(id)}
        />
      )
    case 'textOrVideo': {
      const tv = isTextOrVideo(value) ? value : { mode: '' as const, text: '', url: '' }
      return (
        <div class="question-group">
          <Radios
            id={id}
            legend={label}
            legendClass="legend-m"
            hint={[question.help, 'Choose how you want to answer.'].filter(Boolean).join(' ')}
            options={[
              { value: 'text', label: 'Write my answer' },
              { value: 'video', label: 'Send a link to a video' },
            ]}
            value={tv.mode}
            onValue={(mode) => onValue({ ...tv, mode })}
            error={tv.mode ? undefined : errorFor(id)}
          />
          {tv.mode === 'text' && (
            <TextArea
              id={`${id}-text`}
              label={`${question.label}: your written answer`}
              hint={limits || undefined}
              rows={8}
              value={tv.text}
              onValue={(typed) => onValue({ ...tv, text: typed })}
              onBlur={() => onLeave(`${id}-text`)}
              error={errorFor(`${id}-text`)}
              describedBy={`${id}-text-count`}
              after={
                <WordCount
                  id={`${id}-text-count`}
                  text={tv.text}
                  soft={question.softWordLimit}
                  hard={question.hardWordLimit}
                />
              }
            />
          )}
          {tv.mode === 'video' && (
            <TextInput
              id={`${id}-url`}
              label={`${question.label}: link to your video`}
              hint="A web address starting with https://, for example on YouTube or Vimeo. Make sure anyone with the link can watch it."
              type="url"
              spellcheck={false}
              value={tv.url}
              onValue={(url) => onValue({ ...tv, url })}
              onBlur={() => onLeave(`${id}-url`)}
              error={errorFor(`${id}-url`)}
            />
          )}
        </div>
      )
    }
    case 'file':
      return (
        <FileAnswerField
          applicationId={applicationId}
          question={question}
          label={label}
          answer={answer}
          error={errorFor(id)}
          exclusive={exclusive}
        />
      )
  }
}
