// "/competitions/:id/results": the published results, for everyone: the winners with their
// challenges and awards, the total awarded and its share of the pot. Loaded on demand, so
// the first page stays small.
import { useEffect, useState } from 'preact/hooks'
import { formatPence } from '../../../shared/money.js'
import type { PublishedResults } from '../../../shared/schemas/awards.js'
import { api, call } from '../api.js'
import { Time } from '../components/competition-bits.js'
import { LoadFailure, Loading, PageHeading } from '../components/page.js'
import { ScrollTable } from '../components/scroll-table.js'

export function ResultsPage({ id }: { id: string }) {
  const [results, setResults] = useState<PublishedResults>()
  const [failure, setFailure] = useState<unknown>()
  useEffect(() => {
    call(api.competitions[':competitionId'].results.$get({ param: { competitionId: id } })).then(setResults, setFailure)
  }, [id])

  const back = { href: `/competitions/${id}`, label: 'Back to the competition' }
  if (failure) {
    return (
      <LoadFailure
        failure={failure}
        notFound={{ title: 'No results yet', text: 'The results of this competition have not been published yet.' }}
        failed="Sorry, the results could not be loaded"
        back={back}
      />
    )
  }
  if (!results) return <Loading what="the results" />

  const { winners, totalAwardedPence, potPence } = results
  const share = potPence > 0 ? Math.round((totalAwardedPence / potPence) * 100) : 0
  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      <PageHeading title="Results" caption={results.competitionTitle} />
      <p class="secondary-text">
        Published <Time iso={results.publishedAt} />.
      </p>
      <p class="lead">
        {formatPence(totalAwardedPence)} awarded to {winners.length} winner{winners.length === 1 ? '' : 's'}: {share}%
        of the {formatPence(potPence)} pot.
      </p>
      <div class="budget">
        <label class="label" for="results-meter">
          Share of the pot awarded
        </label>
        <meter
          id="results-meter"
          class="budget-meter"
          min={0}
          max={Math.max(potPence, 1)}
          value={totalAwardedPence}
          aria-valuetext={`${formatPence(totalAwardedPence)} of ${formatPence(potPence)} (${share}%)`}
        >
          {share}%
        </meter>
      </div>
      {winners.length > 0 && (
        <ScrollTable label="The winners">
          <table class="table">
            <caption>The winners</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Challenge</th>
                <th scope="col" class="numeric">
                  Award
                </th>
              </tr>
            </thead>
            <tbody>
              {winners.map((winner, index) => (
                <tr key={index}>
                  <th scope="row">{winner.organisationName}</th>
                  <td>
                    {winner.challenges.length ? (
                      winner.challenges.join('; ')
                    ) : (
                      <span class="secondary-text">None named</span>
                    )}
                  </td>
                  <td class="numeric">{formatPence(winner.amountPence)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Total awarded
                </th>
                <td class="numeric">{formatPence(totalAwardedPence)}</td>
              </tr>
            </tfoot>
          </table>
        </ScrollTable>
      )}
    </>
  )
}
