// A submitted sheet read back, and, once the panellist's own scores are in, the panel's:
// every submitted, unconflicted sheet with its comments and notes, and the aggregate
// (weighted mean and spread). The API withholds all of this until one's own sheet is submitted.
import { Fragment } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { FullSheet, PanelSheets, Rubric } from '../../../shared/schemas/assessing.js'
import { api, call, describe } from '../api.js'
import { session } from '../session.js'
import { formatScore } from './shared.js'
import { ScrollTable } from '../components/scroll-table.js'

/** Σ weight × score / Σ weight: one sheet's overall score, as the ranking computes it. */
function weighted(rubric: Rubric, sheet: FullSheet): number | undefined {
  const given = rubric.criteria.map((c) => sheet.scores[c.id])
  if (!rubric.criteria.length || given.some((s) => s === undefined)) return undefined
  const weights = rubric.criteria.reduce((total, c) => total + c.weight, 0)
  return rubric.criteria.reduce((total, c, i) => total + c.weight * given[i]!, 0) / weights
}

/** The application's aggregate, as the API sends it. */
type Aggregate = PanelSheets['aggregate']

const outOf = (rubric: Rubric, value: number | undefined) =>
  value === undefined ? '–' : `${formatScore(value)} out of ${rubric.scale.max}`

/** What one panellist wrote: comments by criterion, the note to the panel, the feedback. */
function SheetText({ rubric, sheet, withScores }: { rubric: Rubric; sheet: FullSheet; withScores: boolean }) {
  return (
    <dl class="summary-list">
      {rubric.criteria.map((criterion) => (
        <Fragment key={criterion.id}>
          <dt>{criterion.title}</dt>
          <dd>
            {withScores && <strong class="block">Score: {outOf(rubric, sheet.scores[criterion.id])}</strong>}
            {sheet.comments[criterion.id] ? (
              <span class="multiline">{sheet.comments[criterion.id]}</span>
            ) : (
              <span class="secondary-text">No comment</span>
            )}
          </dd>
        </Fragment>
      ))}
      <dt>Private note to the panel</dt>
      <dd>
        {sheet.panelNote ? <span class="multiline">{sheet.panelNote}</span> : <span class="secondary-text">None</span>}
      </dd>
      <dt>Feedback for the applicant</dt>
      <dd>
        {sheet.applicantFeedback ? (
          <span class="multiline">{sheet.applicantFeedback}</span>
        ) : (
          <span class="secondary-text">None</span>
        )}
      </dd>
    </dl>
  )
}

/** The panellist's own sheet once submitted: read-only. */
export function SubmittedSheet({ rubric, sheet }: { rubric: Rubric; sheet: FullSheet }) {
  return (
    <>
      <p>
        Your overall score: <strong>{outOf(rubric, weighted(rubric, sheet))}</strong> (weighted by the criteria’s
        weights).
      </p>
      <SheetText rubric={rubric} sheet={sheet} withScores />
    </>
  )
}

/** Every panellist's submitted scores and comments, and the aggregate. */
export function PanelScores({
  competitionId,
  applicationId,
  rubric,
}: {
  competitionId: string
  applicationId: string
  rubric: Rubric
}) {
  const [result, setResult] = useState<PanelSheets>()
  const [failure, setFailure] = useState<string>()
  useEffect(() => {
    call(
      api.competitions[':competitionId'].assessments[':applicationId'].sheets.$get({
        param: { competitionId, applicationId },
      }),
    )
      .then(setResult)
      .catch((error: unknown) => setFailure(describe(error)))
  }, [competitionId, applicationId])

  const me = session.get()?.user.id
  return (
    <section class="section" aria-labelledby="panel-scores">
      <h2 id="panel-scores">The panel’s scores</h2>
      {failure && (
        <div class="notice" role="alert">
          <p>The panel’s scores could not be loaded. {failure}</p>
        </div>
      )}
      {!result && !failure && (
        <p role="status" class="secondary-text">
          Loading the panel’s scores…
        </p>
      )}
      {result && <Scores rubric={rubric} me={me} {...result} />}
    </section>
  )
}

function Scores({
  rubric,
  sheets,
  aggregate,
  me,
}: {
  rubric: Rubric
  sheets: FullSheet[]
  aggregate: Aggregate
  me: string | undefined
}) {
  const others = sheets.filter((s) => s.panellistId !== me)
  const ordered = [...sheets].sort((a, b) =>
    a.panellistId === me ? -1 : b.panellistId === me ? 1 : a.panellistName.localeCompare(b.panellistName, 'en-GB'),
  )
  const nameOf = (sheet: FullSheet) => (sheet.panellistId === me ? `${sheet.panellistName} (you)` : sheet.panellistName)
  return (
    <>
      <h3>Overall</h3>
      <dl class="summary-list">
        <dt>Weighted mean</dt>
        <dd>{outOf(rubric, aggregate.weightedMean)}</dd>
        <dt>Spread</dt>
        <dd>
          {aggregate.range === undefined ? (
            '–'
          ) : (
            <>
              {formatScore(aggregate.range)} between the highest and lowest overall scores
              {aggregate.standardDeviation !== undefined && (
                <> (standard deviation {formatScore(aggregate.standardDeviation)})</>
              )}
            </>
          )}
          {aggregate.discuss && (
            <strong class="block">
              The scores differ by more than {formatScore(rubric.discussAbove)}: the panel will discuss this
              application.
            </strong>
          )}
        </dd>
        <dt>Panellists who have submitted</dt>
        <dd>{aggregate.scorers}</dd>
      </dl>
      <ScrollTable label="Scores by panellist">
        <table class="table">
          <caption>Scores by panellist</caption>
          <thead>
            <tr>
              <th scope="col">Panellist</th>
              {rubric.criteria.map((c) => (
                <th scope="col" class="numeric" key={c.id}>
                  {c.title}
                </th>
              ))}
              <th scope="col" class="numeric">
                Overall (weighted)
              </th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((sheet) => (
              <tr key={sheet.panellistId}>
                <th scope="row">{nameOf(sheet)}</th>
                {rubric.criteria.map((c) => (
                  <td class="numeric" key={c.id}>
                    {sheet.scores[c.id] ?? '–'}
                  </td>
                ))}
                <td class="numeric">{formatNumber(weighted(rubric, sheet))}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Mean</th>
              {rubric.criteria.map((c) => (
                <td class="numeric" key={c.id}>
                  {formatNumber(aggregate.criterionMeans[c.id])}
                </td>
              ))}
              <td class="numeric">{formatNumber(aggregate.weightedMean)}</td>
            </tr>
          </tfoot>
        </table>
      </ScrollTable>
      <h3>Comments</h3>
      {others.length === 0 ? (
        <p>
          No other panellist has submitted scores for this application yet. Their scores and comments appear here when
          they do.
        </p>
      ) : (
        others.map((sheet) => (
          <section key={sheet.panellistId} aria-label={`${sheet.panellistName}’s comments`}>
            <h4>{sheet.panellistName}</h4>
            <SheetText rubric={rubric} sheet={sheet} withScores={false} />
          </section>
        ))
      )}
    </>
  )
}

const formatNumber = (value: number | undefined) => (value === undefined ? '–' : formatScore(value))
