// "/competitions/:id/results": the published results, for everyone: the winners with their
// challenges and awards, the total awarded and its share of the pot. Loaded on demand, so
// the first page stays small.
import { useEffect, useState } from 'preact/hooks'
import { formatPence } from '../../../shared/money.js'
import type { PublishedResults } from '../../../shared/schemas/awards.js'
import type { PublicMilestoneStatus } from '../../../shared/schemas/grant-programme.js'
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
      <WinnersMilestones winners={winners} />
    </>
  )
}

const milestoneTags: Record<PublicMilestoneStatus, [label: string, tag: string]> = {
  upcoming: ['Upcoming', 'tag tag-upcoming'],
  'in-review': ['In review', 'tag'],
  done: ['Done', 'tag tag-open'],
}
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

/** The milestones the programme manager chose to publish for each winner, with their status. */
function WinnersMilestones({ winners }: { winners: PublishedResults['winners'] }) {
  const tracked = winners.filter((w) => w.milestones.length)
  if (!tracked.length) return null
  return (
    <section class="section" aria-labelledby="milestones-heading">
      <h2 id="milestones-heading">The winners’ milestones</h2>
      {tracked.map((winner, index) => (
        <section key={index} aria-labelledby={`milestones-${index}`}>
          <h3 id={`milestones-${index}`}>{winner.organisationName}</h3>
          <ul class="list-plain">
            {winner.milestones.map((m, i) => (
              <li key={i}>
                {m.title}, due {dayFormat.format(new Date(`${m.dueOn}T00:00:00Z`))}:{' '}
                <strong class={milestoneTags[m.status][1]}>{milestoneTags[m.status][0]}</strong>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  )
}
