// "/manage/competitions/:id/assessments/:applicationId": one shortlisted application as the
// panel assessed it: the aggregate, every panellist's scores, comments, notes and feedback,
// with the history of changes; a score changed after discussion, a sheet reopened, and the
// agreed outcome recorded, each with who, when and why. The answers follow.
import { Fragment } from 'preact'
import { useState } from 'preact/hooks'
import { formatLondon } from '../../../../shared/dates.js'
import {
  recommendationNames,
  screeningOutcomeNames,
  sheetProgressNames,
  shortlistOutcomeNames,
} from '../../../../shared/labels.js'
import { formatPence } from '../../../../shared/money.js'
import type {
  Candidate,
  FullSheet,
  Ranking,
  RankingRow,
  Recommendation,
  Rubric,
  SheetChange,
} from '../../../../shared/schemas/assessing.js'
import { api, call } from '../../api.js'
import { AnswerList } from '../../components/answers.js'
import { Radios, Select, Status, TextArea, TextInput } from '../../components/fields.js'
import { Contents } from '../../components/page.js'
import { ScrollTable } from '../../components/scroll-table.js'
import { AssessingFrame, Decided, Flags, Pending, RankText, twoPlaces, useAssessing } from './assessing-page.js'
import { fieldsUnder, usePageErrors, useSubmit, type PageErrors } from '../../components/forms.js'

type Ids = { competitionId: string; applicationId: string }
type Row = RankingRow & Partial<Pick<Ranking['rows'][number], 'progress' | 'moderated'>>

async function readScores({ competitionId, applicationId }: Ids) {
  const [sheets, ranking] = await Promise.all([
    call(
      api.competitions[':competitionId'].assessments[':applicationId'].sheets.$get({
        param: { competitionId, applicationId },
      }),
    ),
    call(api.competitions[':competitionId'].ranking.$get({ param: { competitionId } })),
  ])
  // The ranking's row: its calibrated score draws on every application the panellists scored.
  const row: Row = ranking.rows.find((r) => r.applicationId === applicationId) ?? { ...sheets.aggregate, tied: false }
  return { sheets: sheets.sheets, row }
}

export function AssessmentPage({ id, applicationId }: { id: string; applicationId: string }) {
  const ids = { competitionId: id, applicationId }
  const loaded = useAssessing(id, async () => {
    const [view, scores, application] = await Promise.all([
      call(api.competitions[':competitionId'].assessments[':applicationId'].$get({ param: ids })),
      readScores(ids),
      call(api.applications[':applicationId'].$get({ param: { applicationId } })),
    ])
    return { rubric: view.rubric, candidate: view.candidate, application, ...scores }
  }, [applicationId])
  const errors = usePageErrors()
  const { page, data } = loaded
  if (!page || !data) {
    return (
      <Pending
        failure={loaded.failure}
        what="the assessment"
        notFound={{
          title: 'Application not found',
          text: 'It may not be a submitted expression of interest in this competition.',
        }}
      />
    )
  }

  /** A sheet as changed, then the aggregate again (a failure to refresh it leaves the old one). */
  const changed = (sheet: FullSheet) => {
    loaded.update((d) => ({ ...d, sheets: d.sheets.map((s) => (s.panellistId === sheet.panellistId ? sheet : s)) }))
    readScores(ids).then(
      (scores) => loaded.update((d) => ({ ...d, ...scores })),
      () => {},
    )
  }
  const { rubric, candidate, row, sheets } = data
  const submitted = sheets.filter((s) => s.status === 'submitted')
  const shortlisted = candidate?.shortlist?.outcome === 'shortlisted'
  return (
    <AssessingFrame
      page={page}
      title={data.application.organisationName}
      errors={errors}
      onReload={loaded.reload}
      back={{ href: `/manage/competitions/${id}/ranking`, label: 'Back to the ranking' }}
    >
      <Contents
        sections={[
          ['summary', 'Summary'],
          ['scores', 'Scores'],
          ['sheets', 'Comments, notes and changes'],
          ...(submitted.length
            ? ([
                ['change-score', 'Change a score after discussion'],
                ['reopen', 'Reopen a sheet'],
              ] as [string, string][])
            : []),
          ...(shortlisted ? ([['outcome', 'Record the agreed outcome']] as [string, string][]) : []),
          ['answers', 'The expression of interest'],
        ]}
      />
      <Summary candidate={candidate} row={row} rubric={rubric} amountPence={data.application.amountRequestedPence} />
      <Scores rubric={rubric} sheets={sheets} row={row} />
      <Sheets rubric={rubric} sheets={sheets} row={row} />
      {submitted.length > 0 && (
        <>
          <ModerationForm ids={ids} rubric={rubric} sheets={submitted} errors={errors} onChanged={changed} />
          <ReopenForm ids={ids} sheets={submitted} errors={errors} onChanged={changed} />
        </>
      )}
      {shortlisted && (
        <RecommendationForm
          ids={ids}
          candidate={candidate}
          errors={errors}
          onRecorded={(next) => loaded.update((d) => ({ ...d, candidate: next }))}
        />
      )}
      <section class="section" aria-labelledby="answers">
        <h2 id="answers" tabIndex={-1}>
          The expression of interest
        </h2>
        <AnswerList application={data.application} page={page} />
      </section>
    </AssessingFrame>
  )
}

function Summary({
  candidate,
  row,
  rubric,
  amountPence,
}: {
  candidate?: Candidate
  row: Row
  rubric: Rubric
  amountPence?: number
}) {
  return (
    <section class="section" aria-labelledby="summary">
      <h2 id="summary" tabIndex={-1}>
        Summary
      </h2>
      <dl class="summary-list">
        <dt>Amount requested</dt>
        <dd>{amountPence === undefined ? '–' : formatPence(amountPence)}</dd>
        <dt>Screening</dt>
        <dd>
          <Decided
            label={candidate?.screening ? screeningOutcomeNames[candidate.screening.outcome] : ''}
            decision={candidate?.screening}
          />
        </dd>
        <dt>Shortlist</dt>
        <dd>
          <Decided
            label={candidate?.shortlist ? shortlistOutcomeNames[candidate.shortlist.outcome] : ''}
            decision={candidate?.shortlist}
          />
        </dd>
        <dt>Rank</dt>
        <dd>
          <RankText rank={row.rank} tied={row.tied} />
        </dd>
        <dt>Weighted mean</dt>
        <dd>{twoPlaces(row.weightedMean)}</dd>
        <dt>Calibrated</dt>
        <dd>
          {twoPlaces(row.calibrated)}{' '}
          <span class="secondary-text">
            (each panellist’s leniency or harshness removed; it informs the discussion and never replaces the weighted
            mean)
          </span>
        </dd>
        <dt>Standard deviation</dt>
        <dd>{twoPlaces(row.standardDeviation)}</dd>
        <dt>Range</dt>
        <dd>{twoPlaces(row.range)}</dd>
        <dt>Scorers</dt>
        <dd>{row.scorers} (submitted, without a conflict of interest)</dd>
        <dt>Flags</dt>
        <dd>
          <Flags row={row} settings={rubric} />
        </dd>
        <dt>Agreed outcome</dt>
        <dd>
          <Decided
            label={candidate?.recommendation ? recommendationNames[candidate.recommendation.outcome] : ''}
            decision={candidate?.recommendation}
          />
        </dd>
      </dl>
    </section>
  )
}

/** The original score when it has been changed since submission. */
const originalScore = (sheet: FullSheet, criterionId: string) =>
  sheet.history.find(
    (h): h is Extract<SheetChange, { kind: 'moderated' }> => h.kind === 'moderated' && h.criterionId === criterionId,
  )?.from

/** Whether a sheet counts, in words: submitted and unconflicted sheets do. */
function sheetState(sheet: FullSheet, row: Row) {
  if (row.progress?.[sheet.panellistId] === 'conflicted') return 'Conflict of interest: not counted'
  return sheet.status === 'submitted'
    ? `Submitted ${sheet.submittedAt ? formatLondon(sheet.submittedAt) : ''}`.trim()
    : `${sheetProgressNames.draft}: not counted until submitted`
}

function Scores({ rubric, sheets, row }: { rubric: Rubric; sheets: FullSheet[]; row: Row }) {
  return (
    <section class="section" aria-labelledby="scores">
      <h2 id="scores" tabIndex={-1}>
        Scores
      </h2>
      {sheets.length === 0 ? (
        <p>No panellist has saved scores for this application yet.</p>
      ) : (
        <ScrollTable
          label={`Scores by criterion and panellist, on the ${rubric.scale.min} to ${rubric.scale.max} scale`}
        >
          <table class="table">
            <caption class="visually-hidden">
              Scores by criterion and panellist, on the {rubric.scale.min} to {rubric.scale.max} scale
            </caption>
            <thead>
              <tr>
                <th scope="col">Criterion (weight)</th>
                {sheets.map((s) => (
                  <th scope="col" class="numeric" key={s.panellistId}>
                    {s.panellistName}
                    {s.status !== 'submitted' && <span class="secondary-text"> (draft)</span>}
                  </th>
                ))}
                <th scope="col" class="numeric">
                  Mean of counted sheets
                </th>
              </tr>
            </thead>
            <tbody>
              {rubric.criteria.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.title} ({c.weight})
                  </th>
                  {sheets.map((s) => {
                    const was = originalScore(s, c.id)
                    return (
                      <td class="numeric" key={s.panellistId}>
                        {s.scores[c.id] ?? '–'}
                        {was !== undefined && <span class="secondary-text"> (was {was})</span>}
                      </td>
                    )
                  })}
                  <td class="numeric">{twoPlaces(row.criterionMeans[c.id])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  )
}

function Sheets({ rubric, sheets, row }: { rubric: Rubric; sheets: FullSheet[]; row: Row }) {
  const titleOf = (criterionId: string) => rubric.criteria.find((c) => c.id === criterionId)?.title ?? 'A criterion'
  return (
    <section class="section" aria-labelledby="sheets">
      <h2 id="sheets" tabIndex={-1}>
        Comments, notes and changes
      </h2>
      {sheets.length === 0 && <p>Nothing yet.</p>}
      {sheets.map((sheet) => {
        const comments = rubric.criteria.filter((c) => sheet.comments[c.id])
        return (
          <div class="question" key={sheet.panellistId}>
            <h3>{sheet.panellistName}</h3>
            <p>{sheetState(sheet, row)}</p>
            <dl class="summary-list">
              {comments.map((c) => (
                <Fragment key={c.id}>
                  <dt>On {c.title}</dt>
                  <dd class="multiline">{sheet.comments[c.id]}</dd>
                </Fragment>
              ))}
              <dt>Note to the panel</dt>
              <dd class="multiline">{sheet.panelNote || <span class="secondary-text">None</span>}</dd>
              <dt>Feedback for the applicant</dt>
              <dd class="multiline">{sheet.applicantFeedback || <span class="secondary-text">None</span>}</dd>
            </dl>
            <h4>Changes after submission</h4>
            {sheet.history.length === 0 ? (
              <p class="secondary-text">None.</p>
            ) : (
              <ol class="history">
                {sheet.history.map((change, index) => (
                  <li key={index}>
                    {change.kind === 'moderated'
                      ? `${change.byName} changed the score for ${titleOf(change.criterionId)} from ${change.from} to ${change.to}`
                      : `${change.byName} reopened the sheet`}
                    , {formatLondon(change.at)}. Reason: <span class="multiline">{change.reason}</span>
                  </li>
                ))}
              </ol>
            )}
          </div>
        )
      })}
    </section>
  )
}

type SheetFormProps = { ids: Ids; sheets: FullSheet[]; errors: PageErrors; onChanged: (sheet: FullSheet) => void }

const sheetOptions = (sheets: FullSheet[]) => [
  { value: '', label: 'Choose a panellist' },
  ...sheets.map((s) => ({ value: s.panellistId, label: s.panellistName })),
]
const sheetParam = (ids: Ids, panellistId: string) => ({ ...ids, panellistId })

function ModerationForm({ ids, rubric, sheets, errors, onChanged }: SheetFormProps & { rubric: Rubric }) {
  const [panellistId, setPanellistId] = useState('')
  const [criterionId, setCriterionId] = useState('')
  const [score, setScore] = useState('')
  const [reason, setReason] = useState('')
  const { busy, status, submit } = useSubmit(errors)
  const sheet = sheets.find((s) => s.panellistId === panellistId)
  const current = sheet && criterionId ? sheet.scores[criterionId] : undefined
  const scale = Array.from({ length: rubric.scale.max - rubric.scale.min + 1 }, (_, i) => String(rubric.scale.min + i))
  const error = (field: string) => errors.inline[`moderate-${field}`]

  function change(event: Event) {
    event.preventDefault()
    void submit({
      check: () => [
        ...(!sheet ? [{ id: 'moderate-panellistId', text: 'Choose whose score to change' }] : []),
        ...(!criterionId ? [{ id: 'moderate-criterionId', text: 'Choose the criterion' }] : []),
        ...(!score ? [{ id: 'moderate-score', text: 'Choose the new score' }] : []),
        ...(!reason.trim() ? [{ id: 'moderate-reason', text: 'Enter why the score changed' }] : []),
      ],
      send: () =>
        call(
          api.competitions[':competitionId'].assessments[':applicationId'].sheets[':panellistId'].moderate.$post({
            param: sheetParam(ids, panellistId),
            json: { version: sheet!.version, criterionId, score: Number(score), reason: reason.trim() },
          }),
        ),
      resolve: fieldsUnder('moderate'),
      done: (saved) => {
        onChanged(saved)
        setReason('')
        setScore('')
        const title = rubric.criteria.find((c) => c.id === criterionId)?.title ?? 'the criterion'
        return `Changed ${saved.panellistName}’s score for ${title} from ${current} to ${saved.scores[criterionId]}. It is in the sheet’s changes.`
      },
    })
  }

  return (
    <section class="section" aria-labelledby="change-score">
      <h2 id="change-score" tabIndex={-1}>
        Change a score after discussion
      </h2>
      <p>The panellist’s original score is kept in their sheet’s changes, with your name, the time and your reason.</p>
      <form noValidate onSubmit={change}>
        <Select
          id="moderate-panellistId"
          label="Panellist"
          value={panellistId}
          onValue={setPanellistId}
          options={sheetOptions(sheets)}
          error={error('panellistId')}
        />
        <Select
          id="moderate-criterionId"
          label="Criterion"
          value={criterionId}
          onValue={setCriterionId}
          options={[
            { value: '', label: 'Choose a criterion' },
            ...rubric.criteria.map((c) => ({ value: c.id, label: c.title })),
          ]}
          error={error('criterionId')}
        />
        <Select
          id="moderate-score"
          label="New score"
          hint={
            current === undefined
              ? `From ${rubric.scale.min} to ${rubric.scale.max}.`
              : `Currently ${current}, on the ${rubric.scale.min} to ${rubric.scale.max} scale.`
          }
          value={score}
          onValue={setScore}
          options={[{ value: '', label: 'Choose a score' }, ...scale.map((value) => ({ value, label: value }))]}
          error={error('score')}
        />
        <TextInput
          id="moderate-reason"
          label="Reason"
          hint="What the panel agreed, in a sentence."
          value={reason}
          onValue={setReason}
          error={error('reason')}
        />
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>
            Change the score
          </button>
          <Status message={status} />
        </div>
      </form>
    </section>
  )
}

function ReopenForm({ ids, sheets, errors, onChanged }: SheetFormProps) {
  const [panellistId, setPanellistId] = useState('')
  const [reason, setReason] = useState('')
  const { busy, status, submit } = useSubmit(errors)
  const sheet = sheets.find((s) => s.panellistId === panellistId)

  function reopen(event: Event) {
    event.preventDefault()
    void submit({
      check: () => [
        ...(!sheet ? [{ id: 'reopen-panellistId', text: 'Choose whose sheet to reopen' }] : []),
        ...(!reason.trim() ? [{ id: 'reopen-reason', text: 'Enter why the sheet is reopened' }] : []),
      ],
      send: () =>
        call(
          api.competitions[':competitionId'].assessments[':applicationId'].sheets[':panellistId'].reopen.$post({
            param: sheetParam(ids, panellistId),
            json: { version: sheet!.version, reason: reason.trim() },
          }),
        ),
      resolve: fieldsUnder('reopen'),
      done: (saved) => {
        onChanged(saved)
        setPanellistId('')
        setReason('')
        return `Reopened ${saved.panellistName}’s sheet: it is a draft again, and does not count until they submit it.`
      },
    })
  }

  return (
    <section class="section" aria-labelledby="reopen">
      <h2 id="reopen" tabIndex={-1}>
        Reopen a sheet
      </h2>
      <p>The panellist can then change their scores and submit again. Until they do, their sheet does not count.</p>
      <form noValidate onSubmit={reopen}>
        <Select
          id="reopen-panellistId"
          label="Panellist"
          value={panellistId}
          onValue={setPanellistId}
          options={sheetOptions(sheets)}
          error={errors.inline['reopen-panellistId']}
        />
        <TextInput
          id="reopen-reason"
          label="Reason"
          value={reason}
          onValue={setReason}
          error={errors.inline['reopen-reason']}
        />
        <div class="button-group">
          <button type="submit" class="button button-secondary" disabled={busy}>
            Reopen the sheet
          </button>
          <Status message={status} />
        </div>
      </form>
    </section>
  )
}

function RecommendationForm({
  ids,
  candidate,
  errors,
  onRecorded,
}: {
  ids: Ids
  candidate?: Candidate
  errors: PageErrors
  onRecorded: (candidate: Candidate) => void
}) {
  const [outcome, setOutcome] = useState<Recommendation | ''>(candidate?.recommendation?.outcome ?? '')
  const [reason, setReason] = useState(candidate?.recommendation?.reason ?? '')
  const { busy, status, submit } = useSubmit(errors)

  function record(event: Event) {
    event.preventDefault()
    void submit({
      check: () => [
        ...(!outcome ? [{ id: 'recommendation-outcome', text: 'Choose the agreed outcome' }] : []),
        ...(!reason.trim() ? [{ id: 'recommendation-reason', text: 'Enter the reason for the agreed outcome' }] : []),
      ],
      send: () =>
        call(
          api.competitions[':competitionId'].assessments[':applicationId'].recommendation.$put({
            param: ids,
            json: { outcome: outcome as Recommendation, reason: reason.trim() },
          }),
        ),
      resolve: fieldsUnder('recommendation', { applicationId: { label: 'This application' } }),
      done: (saved) => {
        onRecorded(saved)
        return `Recorded: ${saved.recommendation ? recommendationNames[saved.recommendation.outcome] : ''}.`
      },
    })
  }

  return (
    <section class="section" aria-labelledby="outcome">
      <h2 id="outcome" tabIndex={-1}>
        Record the agreed outcome
      </h2>
      <form noValidate onSubmit={record}>
        <Radios
          id="recommendation-outcome"
          legend="What did the panel agree?"
          value={outcome}
          onValue={setOutcome}
          options={(Object.keys(recommendationNames) as Recommendation[]).map((value) => ({
            value,
            label: recommendationNames[value],
          }))}
          error={errors.inline['recommendation-outcome']}
        />
        <TextArea
          id="recommendation-reason"
          label="Reason"
          hint="Why the panel agreed this. It is kept with the outcome, with your name and the time."
          rows={4}
          value={reason}
          onValue={setReason}
          error={errors.inline['recommendation-reason']}
        />
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>
            Record the outcome
          </button>
          <Status message={status} />
        </div>
      </form>
    </section>
  )
}
