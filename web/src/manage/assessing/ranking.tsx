// "/manage/competitions/:id/ranking": the shortlist ranked by weighted mean, the calibrated
// score beside it, the spread with a "Discuss" flag, warnings where too few have scored, the
// agreed outcome; each application's scores as a dot plot beside the mean (a chunk loaded with
// the page); then each panellist's progress, overall and application by application.
import { useEffect, useState } from 'preact/hooks'
import { recommendationNames, sheetProgressNames } from '../../../../shared/labels.js'
import type { Ranking } from '../../../../shared/schemas/assessing.js'
import { api, call } from '../../api.js'
import { AssessingFrame, Flags, Pending, RankText, twoPlaces, useAssessing } from './assessing-page.js'
import { usePageErrors } from '../../components/forms.js'
import { ScrollTable } from '../../components/scroll-table.js'

export function RankingPage({ id }: { id: string }) {
  const loaded = useAssessing(id, () =>
    call(api.competitions[':competitionId'].ranking.$get({ param: { competitionId: id } })),
  )
  const errors = usePageErrors()
  const { page, data: ranking } = loaded
  if (!page || !ranking) return <Pending failure={loaded.failure} what="the ranking" />
  return (
    <AssessingFrame page={page} title="Ranking and progress" current="ranking" errors={errors} onReload={loaded.reload}>
      <RankingTable ranking={ranking} competitionId={id} />
      {ranking.rows.length > 0 && <ScoresBesideTheMean ranking={ranking} />}
      <Progress ranking={ranking} />
    </AssessingFrame>
  )
}

function RankingTable({ ranking, competitionId }: { ranking: Ranking; competitionId: string }) {
  const { rubric } = ranking
  return (
    <section class="section" aria-labelledby="ranking-heading">
      <h2 id="ranking-heading">Ranking</h2>
      <p>
        Ranked by the <strong>weighted mean</strong>: each panellist’s scores weighted by the rubric, averaged over the
        panellists who submitted, on the {rubric.scale.min} to {rubric.scale.max} scale. The <strong>calibrated</strong>{' '}
        score beside it removes each panellist’s leniency or harshness (how far their own scores sit above or below
        everyone’s); it is there to inform the discussion and never replaces the weighted mean.
      </p>
      <p>
        Applications whose panellists’ weighted scores differ by more than {rubric.discussAbove} points are flagged
        “Discuss”; fewer than {rubric.minScorers} scorers gives a warning. Panellists with a conflict of interest are
        left out. <a href={`/manage/competitions/${competitionId}/rubric`}>Change these settings</a>
      </p>
      {ranking.rows.length === 0 ? (
        <p>Nothing is shortlisted yet.</p>
      ) : (
        <ScrollTable label="Shortlisted applications, best first">
          <table class="table">
            <caption class="visually-hidden">Shortlisted applications, best first</caption>
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Organisation</th>
                <th scope="col" class="numeric">
                  Weighted mean
                </th>
                <th scope="col" class="numeric">
                  Calibrated
                </th>
                <th scope="col" class="numeric">
                  Standard deviation
                </th>
                <th scope="col" class="numeric">
                  Range
                </th>
                <th scope="col" class="numeric">
                  Scorers
                </th>
                <th scope="col">Flags</th>
                <th scope="col">Agreed outcome</th>
              </tr>
            </thead>
            <tbody>
              {ranking.rows.map((row) => (
                <tr key={row.applicationId}>
                  <td>
                    <RankText rank={row.rank} tied={row.tied} />
                  </td>
                  <th scope="row">
                    <a href={`/manage/competitions/${competitionId}/assessments/${row.applicationId}`}>
                      {row.organisationName}
                    </a>
                  </th>
                  <td class="numeric">{twoPlaces(row.weightedMean)}</td>
                  <td class="numeric">{twoPlaces(row.calibrated)}</td>
                  <td class="numeric">{twoPlaces(row.standardDeviation)}</td>
                  <td class="numeric">{twoPlaces(row.range)}</td>
                  <td class="numeric">{row.scorers}</td>
                  <td>
                    <Flags row={row} settings={rubric} />
                  </td>
                  <td>
                    {row.recommendation ? (
                      recommendationNames[row.recommendation.outcome]
                    ) : (
                      <span class="secondary-text">Not recorded</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  )
}

type ScoreDotsModule = typeof import('../charts/score-dots.js')

/** The dot plot and its table, fetched on first use so the ranking's table shows at once. */
function ScoresBesideTheMean({ ranking }: { ranking: Ranking }) {
  const [chart, setChart] = useState<ScoreDotsModule>()
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    import('../charts/score-dots.js').then(setChart, () => setFailed(true))
  }, [])
  return (
    <section class="section" aria-labelledby="dots-heading">
      <h2 id="dots-heading">Scores beside the mean</h2>
      {failed && <p role="alert">The chart could not be loaded. Check your connection and reload the page.</p>}
      {!chart && !failed && <p class="secondary-text">Loading the chart…</p>}
      {chart && <chart.ScoreDots ranking={ranking} />}
    </section>
  )
}

function Progress({ ranking }: { ranking: Ranking }) {
  if (ranking.panellists.length === 0) {
    return (
      <section class="section" aria-labelledby="progress-heading">
        <h2 id="progress-heading">Progress</h2>
        <p>No panellist has accepted yet.</p>
      </section>
    )
  }
  return (
    <section class="section" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      <ScrollTable label="By panellist">
        <table class="table">
          <caption>By panellist</caption>
          <thead>
            <tr>
              <th scope="col">Panellist</th>
              <th scope="col" class="numeric">
                Submitted
              </th>
              <th scope="col" class="numeric">
                Draft
              </th>
              <th scope="col" class="numeric">
                Not started
              </th>
              <th scope="col" class="numeric">
                Conflicted
              </th>
              <th scope="col" class="numeric">
                Not declared
              </th>
            </tr>
          </thead>
          <tbody>
            {ranking.panellists.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                <td class="numeric">{p.submitted}</td>
                <td class="numeric">{p.draft}</td>
                <td class="numeric">{p.notStarted}</td>
                <td class="numeric">{p.conflicted}</td>
                <td class="numeric">{p.undeclared}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      {ranking.rows.length > 0 && (
        <ScrollTable label="By application and panellist">
          <table class="table">
            <caption>By application and panellist</caption>
            <thead>
              <tr>
                <th scope="col">Application</th>
                {ranking.panellists.map((p) => (
                  <th scope="col" key={p.id}>
                    {p.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ranking.rows.map((row) => (
                <tr key={row.applicationId}>
                  <th scope="row">{row.organisationName}</th>
                  {ranking.panellists.map((p) => {
                    const state = row.progress[p.id]
                    return <td key={p.id}>{state ? sheetProgressNames[state] : '–'}</td>
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  )
}
