// "/panel/competitions/:cid/assessments/:appId": one shortlisted application to score. The
// EOI as submitted, the rubric, and the panellist's sheet: a score and comment per criterion,
// a private note to the panel and feedback for the applicant, saved as drafts, then
// submitted (which locks it). Only then does the page show the other panellists' scores.
import { Fragment } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import { formatBytes } from '../../../shared/files.js'
import { formatPence } from '../../../shared/money.js'
import type { Answer, FileAnswer } from '../../../shared/schemas/application.js'
import type {
  AssessmentView,
  Criterion,
  FullSheet,
  PanelApplication,
  Rubric,
} from '../../../shared/schemas/assessing.js'
import type { CompetitionPage, StoredFile } from '../../../shared/schemas/competition.js'
import { api, ApiError, call, describe } from '../api.js'
import { AnswerText } from '../components/answers.js'
import { ErrorSummary } from '../components/error-summary.js'
import { fromError, fromItems, sentence, type ErrorItem, type ShownErrors } from '../components/errors.js'
import { useBusy, usePageErrors, type PageErrors } from '../components/forms.js'
import { optionIdOf, Status, TextArea } from '../components/fields.js'
import { Contents, LoadFailure, Loading, PageHeading } from '../components/page.js'
import { PanelScores, SubmittedSheet } from './panel-scores.js'
import { paths, timeOfDay } from './shared.js'

type View = AssessmentView

export const scoreId = (criterionId: string) => `score-${criterionId}`
export const commentId = (criterionId: string) => `comment-${criterionId}`

export function ScorePage({ cid, appId }: { cid: string; appId: string }) {
  const [view, setView] = useState<View>()
  const [page, setPage] = useState<CompetitionPage>()
  const [failure, setFailure] = useState<unknown>()
  const errors = usePageErrors()
  const [justSubmitted, setJustSubmitted] = useState(false)
  const submittedBox = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const params = { competitionId: cid, applicationId: appId }
    Promise.all([
      call(api.competitions[':competitionId'].assessments[':applicationId'].$get({ param: params })),
      call(api.competitions[':competitionId'].$get({ param: { competitionId: cid } })),
    ])
      .then(([found, competition]) => {
        setView(found)
        setPage(competition)
      })
      .catch(setFailure)
  }, [cid, appId])
  useEffect(() => {
    if (justSubmitted) submittedBox.current?.focus()
  }, [justSubmitted])

  if (failure) {
    if (
      failure instanceof ApiError &&
      failure.status === 422 &&
      failure.errors.some((e) => e.field === 'declaration')
    ) {
      return (
        <>
          <PageHeading title="Declare any conflict of interest first" />
          <p>{failure.problem.detail}</p>
          <p>
            You can open a shortlisted application once you have declared that you have no conflict of interest with it.
          </p>
          <p>
            <a href={paths.declarations(cid)} class="button">
              Declare conflicts of interest
            </a>
          </p>
          <p>
            <a href={paths.panels}>Back to your panels</a>
          </p>
        </>
      )
    }
    return (
      <LoadFailure
        failure={failure}
        notFound={{
          title: 'Application not found',
          text: 'There is no application here for you to assess. It may not be on the shortlist, or you may have declared a conflict of interest with it: panellists do not see applications they are conflicted with.',
        }}
        failed="Sorry, the application could not be loaded"
        back={{ href: paths.panels, label: 'Back to your panels' }}
      />
    )
  }
  if (!view || !page) return <Loading what="the application" />

  const { application, rubric, sheet } = view
  const submitted = sheet?.status === 'submitted'
  const onSubmitted = (next: FullSheet) => {
    errors.clear()
    setView({ ...view, sheet: next })
    setJustSubmitted(true)
  }

  return (
    <>
      <a href={paths.panels} class="back-link">
        Your panels
      </a>
      <ErrorSummary
        errors={errors.errors}
        reload={{ label: 'Reload the page', onReload: () => window.location.reload() }}
      />
      <PageHeading
        title={application.organisationName}
        caption={`Assessing: ${application.competitionTitle}`}
        hasErrors={!!errors.errors}
      />
      {submitted ? (
        <div class="notice notice-success" role="status" tabIndex={-1} ref={submittedBox}>
          <p>
            {justSubmitted ? 'Your scores are submitted.' : 'You have submitted your scores.'}
            {sheet.submittedAt && ` Submitted ${formatLondon(sheet.submittedAt)}.`} They are locked: if something must
            change, ask the programme manager to reopen them.
          </p>
        </div>
      ) : (
        <div class="inset">
          <p>
            Score this application on your own. Other panellists’ scores and comments appear on this page after you
            submit yours, so that every score is independent.
          </p>
          {sheet && <p>Your draft was last saved {formatLondon(sheet.updatedAt)}.</p>}
        </div>
      )}
      <Contents
        sections={[
          ['application', 'The application'],
          ['your-scores', 'Your scores'],
          ...(submitted ? ([['panel-scores', 'The panel’s scores']] as [string, string][]) : []),
        ]}
      />
      <section class="section" aria-labelledby="application">
        <h2 id="application">The application</h2>
        <ApplicationAnswers application={application} page={page} />
      </section>
      <section class="section" aria-labelledby="your-scores">
        <h2 id="your-scores">Your scores</h2>
        {rubric.criteria.length === 0 ? (
          <p>
            The programme manager has not set the scoring criteria yet. You can read the application now and score it
            once they have.
          </p>
        ) : submitted ? (
          <SubmittedSheet rubric={rubric} sheet={sheet} />
        ) : (
          <SheetForm
            view={view}
            errors={errors}
            onSaved={(next) => setView({ ...view, sheet: next })}
            onSubmitted={onSubmitted}
          />
        )}
      </section>
      {submitted && <PanelScores competitionId={cid} applicationId={appId} rubric={rubric} />}
    </>
  )
}

/** The EOI as submitted, each answer under its question, without the applicant's contact details. */
function ApplicationAnswers({ application, page }: { application: PanelApplication; page: CompetitionPage }) {
  const [problem, setProblem] = useState<string>()
  const themes = application.themeIds.map((id) => page.themes.find((t) => t.id === id)?.title ?? id)
  return (
    <>
      {problem && (
        <div class="notice notice-error" role="alert">
          <p>{problem}</p>
        </div>
      )}
      <dl class="summary-list answers">
        {page.form.map((question) => {
          const answer = application.answers[question.id] as Answer | undefined
          return (
            <Fragment key={question.id}>
              <dt>{question.label}</dt>
              <dd>
                {isFile(answer) && answer.file.uploaded ? (
                  <FileLink
                    application={application}
                    questionId={question.id}
                    file={answer.file}
                    onFailure={setProblem}
                  />
                ) : (
                  <AnswerText question={question} answer={answer} />
                )}
              </dd>
            </Fragment>
          )
        })}
        <dt>Amount requested</dt>
        <dd>
          {application.amountRequestedPence === undefined ? (
            <span class="secondary-text">Not answered</span>
          ) : (
            formatPence(application.amountRequestedPence)
          )}
        </dd>
        <dt>Themes addressed</dt>
        <dd>{themes.length ? themes.join('; ') : <span class="secondary-text">None chosen</span>}</dd>
        {application.submittedAt && (
          <>
            <dt>Submitted</dt>
            <dd>{formatLondon(application.submittedAt)}</dd>
          </>
        )}
      </dl>
    </>
  )
}

const isFile = (answer: Answer | undefined): answer is FileAnswer =>
  typeof answer === 'object' && answer !== null && !Array.isArray(answer) && 'file' in answer

/** A file answer: a plain link carries no token, so ask for the short-lived address with it, then go there. */
function FileLink({
  application,
  questionId,
  file,
  onFailure,
}: {
  application: PanelApplication
  questionId: string
  file: StoredFile
  onFailure: (message: string) => void
}) {
  const param = { competitionId: application.competitionId, applicationId: application.id, questionId }
  const href = `/api/competitions/${encodeURIComponent(param.competitionId)}/assessments/${encodeURIComponent(param.applicationId)}/files/${encodeURIComponent(questionId)}`
  const download = (event: MouseEvent) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return
    event.preventDefault()
    call(
      api.competitions[':competitionId'].assessments[':applicationId'].files[':questionId'].$get(
        { param },
        { headers: { Accept: 'application/json' } },
      ),
    )
      .then((body) => window.location.assign(body.url))
      .catch((error: unknown) => onFailure(`The file could not be downloaded. ${describe(error)}`))
  }
  return (
    <>
      <a href={href} onClick={download}>
        {file.filename}
      </a>{' '}
      <span class="meta">({formatBytes(file.sizeBytes)})</span>
    </>
  )
}

type Draft = {
  scores: Record<string, number>
  comments: Record<string, string>
  panelNote: string
  applicantFeedback: string
}

const draftOf = (sheet: FullSheet | undefined): Draft => ({
  scores: { ...sheet?.scores },
  comments: { ...sheet?.comments },
  panelNote: sheet?.panelNote ?? '',
  applicantFeedback: sheet?.applicantFeedback ?? '',
})

/** What is sent: empty comments left out, so the sheet keeps only what was written. */
const inputOf = (draft: Draft) => ({
  scores: draft.scores,
  comments: Object.fromEntries(Object.entries(draft.comments).filter(([, text]) => text.trim())),
  panelNote: draft.panelNote,
  applicantFeedback: draft.applicantFeedback,
})

function SheetForm({
  view: { application, rubric, sheet },
  errors,
  onSaved,
  onSubmitted,
}: {
  view: View
  errors: PageErrors
  onSaved: (sheet: FullSheet) => void
  onSubmitted: (sheet: FullSheet) => void
}) {
  const [draft, setDraft] = useState(() => draftOf(sheet))
  const [version, setVersion] = useState(sheet?.version ?? 0)
  const [saved, setSaved] = useState(() => (sheet ? JSON.stringify(inputOf(draftOf(sheet))) : undefined))
  const [status, setStatus] = useState<string>()
  const { run, running } = useBusy()
  const { inline } = errors
  const param = { competitionId: application.competitionId, applicationId: application.id }
  const totalWeight = rubric.criteria.reduce((total, c) => total + c.weight, 0)

  const change = (next: Partial<Draft>) => {
    setDraft({ ...draft, ...next })
    setStatus(undefined)
  }

  async function save(): Promise<FullSheet> {
    const input = inputOf(draft)
    const result = await call(
      api.competitions[':competitionId'].assessments[':applicationId'].sheet.$put({
        param,
        json: { version, ...input },
      }),
    )
    setVersion(result.version)
    setSaved(JSON.stringify(input))
    setStatus(`Saved at ${timeOfDay(result.updatedAt)}`)
    onSaved(result)
    return result
  }

  // Buttons stay enabled while a request is out (disabling one would drop keyboard focus); a second press while one is out is ignored.
  function saveDraft(event: Event) {
    event.preventDefault()
    void run(async () => {
      try {
        await save()
        errors.clear()
      } catch (error) {
        errors.set(sheetErrors(error, rubric))
      }
    })
  }

  function submit() {
    if (running()) return
    const missing = rubric.criteria.filter((c) => draft.scores[c.id] === undefined)
    if (missing.length) {
      errors.failWith(
        missing.map((c) => ({ id: scoreId(c.id), text: `Select a score for ${c.title}` })),
        'There is a problem',
        `Score every criterion before you submit. You can save a draft at any time.`,
      )
      return
    }
    void run(async () => {
      try {
        const current = saved === JSON.stringify(inputOf(draft)) ? version : (await save()).version
        onSubmitted(
          await call(
            api.competitions[':competitionId'].assessments[':applicationId'].sheet.submit.$post({
              param,
              json: { version: current },
            }),
          ),
        )
      } catch (error) {
        errors.set(sheetErrors(error, rubric))
      }
    })
  }

  const { min, max } = rubric.scale
  const scale = Array.from({ length: max - min + 1 }, (_, i) => min + i)

  return (
    <form noValidate onSubmit={saveDraft}>
      <p>
        Score each criterion from {min} (lowest) to {max} (highest), using what good looks like and the guidance for
        each band. Comments are optional, but they help the panel’s discussion.
      </p>
      {rubric.criteria.map((criterion) => (
        <CriterionField
          key={criterion.id}
          criterion={criterion}
          share={totalWeight ? criterion.weight / totalWeight : 0}
          scale={scale}
          score={draft.scores[criterion.id]}
          onScore={(score) => change({ scores: { ...draft.scores, [criterion.id]: score } })}
          comment={draft.comments[criterion.id] ?? ''}
          onComment={(text) => change({ comments: { ...draft.comments, [criterion.id]: text } })}
          error={inline[scoreId(criterion.id)]}
          commentError={inline[commentId(criterion.id)]}
        />
      ))}
      <h3>Notes</h3>
      <TextArea
        id="panel-note"
        label="Private note to the panel"
        hint="Only the programme manager and the other panellists see this, and the panellists only once they have submitted their own scores. It is never shown to the applicant."
        value={draft.panelNote}
        onValue={(panelNote) => change({ panelNote })}
        error={inline['panel-note']}
      />
      <TextArea
        id="applicant-feedback"
        label="Feedback for the applicant"
        hint="The programme manager may share this with the applicant when feedback is released, so write it for them: what was strong and what would make it stronger. The panel sees it too."
        value={draft.applicantFeedback}
        onValue={(applicantFeedback) => change({ applicantFeedback })}
        error={inline['applicant-feedback']}
      />
      <p id="submit-hint" class="hint">
        When you submit, your scores are locked and you see the other panellists’ scores. Only the programme manager can
        reopen them.
      </p>
      <div class="button-group">
        <button type="button" class="button" aria-describedby="submit-hint" onClick={submit}>
          Submit scores
        </button>
        <button type="submit" class="button button-secondary">
          Save draft
        </button>
        <Status id="save-status" message={status} />
      </div>
    </form>
  )
}

/** One criterion: what good looks like and the bands, a score on the scale, and a comment. */
function CriterionField({
  criterion,
  share,
  scale,
  score,
  onScore,
  comment,
  onComment,
  error,
  commentError,
}: {
  criterion: Criterion
  share: number
  scale: number[]
  score: number | undefined
  onScore: (score: number) => void
  comment: string
  onComment: (text: string) => void
  error?: string
  commentError?: string
}) {
  const id = scoreId(criterion.id)
  return (
    <div class="criterion">
      <div class={error ? 'form-group form-group-error' : 'form-group'}>
        <fieldset aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
          <legend class="legend-m">{criterion.title}</legend>
          <div id={`${id}-hint`} class="hint">
            {criterion.description && (
              <p>
                <strong>What good looks like:</strong> <span class="multiline">{criterion.description}</span>
              </p>
            )}
            <p>{Math.round(share * 100)}% of the overall score.</p>
            {criterion.bands.length > 0 && (
              <ul class="bands">
                {criterion.bands.map((band) => (
                  <li key={band.from}>
                    <strong>{band.from === band.to ? band.from : `${band.from} to ${band.to}`}:</strong> {band.guidance}
                  </li>
                ))}
              </ul>
            )}
          </div>
          {error && (
            <p id={`${id}-error`} class="error-message">
              <span class="visually-hidden">Error: </span>
              {error}
            </p>
          )}
          <div class="score-scale">
            {scale.map((value, index) => {
              const optionId = optionIdOf(id, index)
              return (
                <div class="radio" key={value}>
                  <input
                    id={optionId}
                    name={id}
                    type="radio"
                    value={value}
                    checked={score === value}
                    onChange={() => onScore(value)}
                  />
                  <label for={optionId}>{value}</label>
                </div>
              )
            })}
          </div>
        </fieldset>
      </div>
      <TextArea
        id={commentId(criterion.id)}
        label={`Comments on ${criterion.title}`}
        rows={3}
        value={comment}
        onValue={onComment}
        error={commentError}
      />
    </div>
  )
}

/** A failed save or submit, each field error pointing at its radio group or text box. */
function sheetErrors(error: unknown, rubric: Rubric): ShownErrors {
  if (!(error instanceof ApiError) || !error.errors.length || error.code === 'version-conflict')
    return fromError(error, () => ({}))
  const named = (id: string) => rubric.criteria.find((c) => c.id === id)
  const items: ErrorItem[] = error.errors.map(({ field, message }) => {
    const [, kind, criterionId] = /^(scores|comments)\.(.+)$/.exec(field) ?? []
    const criterion = criterionId ? named(criterionId) : undefined
    if (kind === 'scores' && criterion) {
      return {
        id: scoreId(criterion.id),
        text: message.startsWith('needs a score')
          ? `Select a score for ${criterion.title}`
          : sentence(`The score for ${criterion.title}`, message),
      }
    }
    if (kind === 'comments' && criterion)
      return { id: commentId(criterion.id), text: sentence(`Comments on ${criterion.title}`, message) }
    if (field === 'panelNote') return { id: 'panel-note', text: sentence('The private note to the panel', message) }
    if (field === 'applicantFeedback')
      return { id: 'applicant-feedback', text: sentence('The feedback for the applicant', message) }
    const text = sentence(field, message)
    return { text: text[0]!.toUpperCase() + text.slice(1) }
  })
  const title =
    error.code === 'validation' || error.code === 'rule-violated' ? 'There is a problem' : error.problem.title
  return fromItems(title, items, error.code === 'rule-violated' ? error.problem.detail : undefined)
}
