// "/manage/competitions/:id/diversity": the anonymous D&I survey's results, as counts only.
// The API never gives a number under 5: those come as "fewer than 5" and are shown so.
import { useEffect, useState } from 'preact/hooks'
import type { DiSurveyAggregate, ShownCount } from '../../../shared/schemas/di-survey.js'
import type { CompetitionPage } from '../../../shared/schemas/competition.js'
import { api, call } from '../api.js'
import { LoadFailure, Loading, PageHeading } from '../components/page.js'
import { ScrollTable } from '../components/scroll-table.js'

const shown = (count: ShownCount) => (typeof count === 'number' ? count.toLocaleString('en-GB') : 'Fewer than 5')

export function DiSurveyResults({ id }: { id: string }) {
  const [loaded, setLoaded] = useState<{ page: CompetitionPage; results: DiSurveyAggregate }>()
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
        Applicants may answer this optional survey after they submit. Only totals are kept: nothing links an answer to a person, an organisation or an expression of
        interest. To keep it that way, any total under 5 (including none) is shown as “fewer than 5”.
      </p>
      <p class="lead">
        People who answered: <strong>{shown(results.respondents)}</strong>
      </p>
      {results.questions.length === 0 && <p>This competition’s survey asks no questions. Choose them in the competition’s details.</p>}
      {results.questions.map((question) => (
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
            </tbody>
          </table>
        </ScrollTable>
      ))}
    </>
  )
}
