// "/manage/competitions/:id/diversity": the anonymous D&I survey's results, as counts only,
// published once after the EOI window and every extension have closed. Until then it says
// when they will be ready. The API never gives a number under 5, nor one that would give a
// hidden one away: those come as "suppressed" and are shown as "Not shown".
import { useEffect, useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import type { DiSurveyPublished, DiSurveyResults as Results, ShownCount } from '../../../shared/schemas/di-survey.js'
import type { CompetitionPage } from '../../../shared/schemas/competition.js'
import { api, call } from '../api.js'
import { LoadFailure, Loading, PageHeading } from '../components/page.js'
import { ScrollTable } from '../components/scroll-table.js'

/** A count as shown: suppressed ones read "Not shown". */
export const shown = (count: ShownCount) => (typeof count === 'number' ? count.toLocaleString('en-GB') : 'Not shown')

export function DiSurveyResults({ id }: { id: string }) {
  const [loaded, setLoaded] = useState<{ page: CompetitionPage; results: Results }>()
  const [failure, setFailure] = useState<unknown>()
  useEffect(() => {
    Promise.all([
      call(api.competitions[':competitionId'].$get({ param: { competitionId: id } })),
      call(api.competitions[':competitionId']['di-survey'].$get({ param: { competitionId: id } })),
    ]).then(([page, results]) => setLoaded({ page, results }), setFailure)
  }, [id])

  if (failure) {
    return (
      <LoadFailure
        failure={failure}
        notFound={{ title: 'Competition not found', text: 'It may have been deleted.' }}
        failed="Sorry, the survey results could not be loaded"
        back={{ href: '/manage', label: 'Back to your competitions' }}
      />
    )
  }
  if (!loaded) return <Loading what="the survey results" />
  const { page, results } = loaded
  return (
    <>
      <a href={`/manage/competitions/${id}`} class="back-link">
        Back to the competition
      </a>
      <PageHeading title="Diversity and inclusion (anonymous)" caption={page.competition.title} />
      <p>
        Applicants may answer this optional survey after they submit, until the EOI deadline (or their extension)
        passes. Answers are stored apart from expressions of interest, with no name, organisation or time, and are
        counted once, when no one can answer any more. The counts are then published and do not change.
      </p>
      {results.status === 'collecting' ? (
        <div class="inset">
          <h2 class="heading-m">Results are not available yet</h2>
          <p>
            {results.availableAfter
              ? `They will be available after ${formatLondon(results.availableAfter)}, when the EOI window and every extension have closed. A later extension moves this date.`
              : 'They will be available once the competition has an EOI deadline and it, and every extension, have passed.'}
          </p>
          <p>
            Nothing is counted before then, so no one can tell how any one applicant answered by watching the totals
            change.
          </p>
        </div>
      ) : (
        <>
          <p>
            To keep every answer anonymous, a count under 5 is not shown, and neither is the next smallest count for the
            same question wherever the hidden one could otherwise be worked out from the total. Published{' '}
            {formatLondon(results.publishedAt)}.
          </p>
          <p class="lead">
            People who answered: <strong>{shown(results.respondents)}</strong>
          </p>
          {results.questions.length === 0 && <p>This competition’s survey asked no questions.</p>}
          <SurveyQuestionTables questions={results.questions} />
        </>
      )}
    </>
  )
}

/** One table a question: each answer's count of people, and who did not answer (suppressed counts not shown). */
export function SurveyQuestionTables({ questions }: { questions: DiSurveyPublished['questions'] }) {
  return (
    <>
      {questions.map((question) => (
        <ScrollTable key={question.id} label={question.label}>
          <table class="table">
            <caption>{question.label}</caption>
            <thead>
              <tr>
                <th scope="col">Answer</th>
                <th scope="col" class="numeric">
                  People
                </th>
              </tr>
            </thead>
            <tbody>
              {question.options.map((option) => (
                <tr key={option.id}>
                  <th scope="row">{option.label}</th>
                  <td class="numeric">{shown(option.count)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">Did not answer this question</th>
                <td class="numeric">{shown(question.notAnswered)}</td>
              </tr>
            </tbody>
          </table>
        </ScrollTable>
      ))}
    </>
  )
}
