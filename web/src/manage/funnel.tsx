// "/manage/competitions/:id/funnel": engaged → submitted → … → grant completed, with the
// conversion at each step, by challenge and theme, the organisations' leadership by stage
// (small numbers not shown) and the organisations that engaged but did not apply.
import { useEffect, useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import type { Funnel } from '../../../shared/schemas/funnel.js'
import { api, call } from '../api.js'
import { LoadFailure, Loading, PageHeading } from '../components/page.js'
import { ScrollTable } from '../components/scroll-table.js'
import { FunnelChart, FunnelTable, LeadershipTables } from './funnel-bits.js'

export function FunnelPage({ id }: { id: string }) {
  const [funnel, setFunnel] = useState<Funnel>()
  const [failure, setFailure] = useState<unknown>()
  const [more, setMore] = useState<Funnel['followUp']['items']>([])
  const [cursor, setCursor] = useState<string>()
  useEffect(() => {
    call(api.competitions[':competitionId'].funnel.$get({ param: { competitionId: id }, query: {} })).then((f) => {
      setFunnel(f)
      setCursor(f.followUp.nextCursor)
    }, setFailure)
  }, [id])

  async function nextPage() {
    if (!cursor) return
    const f = await call(
      api.competitions[':competitionId'].funnel.$get({ param: { competitionId: id }, query: { cursor } }),
    )
    setMore((m) => [...m, ...f.followUp.items])
    setCursor(f.followUp.nextCursor)
  }

  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{ title: 'Competition not found', text: 'It may have been deleted.' }}
        failed="Sorry, the funnel could not be loaded"
        back={{ href: '/manage', label: 'Back to your competitions' }}
      />
    )
  if (!funnel) return <Loading what="the funnel" />
  const followUp = [...funnel.followUp.items, ...more]
  return (
    <>
      <a href={`/manage/competitions/${id}`} class="back-link">
        Back to the competition
      </a>
      <PageHeading title="Engagement funnel" caption={funnel.title} />
      <p>
        Engaged counts each organisation once, however many of its people confirmed a place at an event, attended one,
        asked a question or started an expression of interest. Later stages count expressions of interest as they stand
        now.
      </p>
      <FunnelChart steps={funnel.steps} caption="Organisations at each stage" id="funnel" />

      <h2 class="heading-m">Events</h2>
      {funnel.events.length === 0 ? (
        <p>This competition has no events yet.</p>
      ) : (
        <ScrollTable label="Page views, registrations and attendance by event">
          <table class="table">
            <caption>Page views, confirmed registrations and attendance by event</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Starts (UK time)</th>
                <th scope="col" class="numeric">
                  Page views
                </th>
                <th scope="col" class="numeric">
                  Registrations
                </th>
                <th scope="col" class="numeric">
                  Of views
                </th>
                <th scope="col" class="numeric">
                  Attended
                </th>
                <th scope="col" class="numeric">
                  Of registrations
                </th>
              </tr>
            </thead>
            <tbody>
              {funnel.events.map((e) => (
                <tr key={e.eventId}>
                  <th scope="row">
                    <a href={`/manage/competitions/${id}/events/${e.eventId}`}>{e.title}</a>
                  </th>
                  <td>
                    <time dateTime={e.startsAt}>{formatLondon(e.startsAt)}</time>
                  </td>
                  <td class="numeric">{e.views}</td>
                  <td class="numeric">{e.registrations}</td>
                  <td class="numeric">{percentOf(e.registrations, e.views)}</td>
                  <td class="numeric">{e.attended}</td>
                  <td class="numeric">{percentOf(e.attended, e.registrations)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}

      <h2 class="heading-m">By challenge</h2>
      {funnel.byChallenge.length === 0 && <p>This competition has no challenges.</p>}
      {funnel.byChallenge.map((c) => (
        <FunnelTable key={c.id} steps={c.steps} caption={c.title} id={`challenge-${c.id}`} />
      ))}
      <h2 class="heading-m">By theme</h2>
      {funnel.byTheme.length === 0 && <p>This competition has no themes.</p>}
      {funnel.byTheme.map((t) => (
        <FunnelTable key={t.id} steps={t.steps} caption={t.title} id={`theme-${t.id}`} />
      ))}

      <h2 class="heading-m">Who leads the organisations, by stage</h2>
      <p>
        Organisations may answer optional questions about their leadership; each EOI counts as its organisation had
        answered when it was submitted. A count under 5 is not shown, nor one that would give a hidden one away.
      </p>
      <LeadershipTables leadership={funnel.leadership} />

      <h2 class="heading-m" id="follow-up">
        Engaged but did not apply
      </h2>
      {followUp.length === 0 ? (
        <p>Every organisation that engaged has submitted an expression of interest.</p>
      ) : (
        <ScrollTable label="Organisations to follow up">
          <table class="table">
            <caption>Organisations to follow up</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">First engaged (UK time)</th>
                <th scope="col">How</th>
              </tr>
            </thead>
            <tbody>
              {followUp.map((o) => (
                <tr key={o.organisationKey}>
                  <th scope="row">{o.name}</th>
                  <td>
                    <time dateTime={o.engagedAt}>{formatLondon(o.engagedAt)}</time>
                  </td>
                  <td>{o.via.map((v) => engagedVia[v]).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={() => void nextPage()}>
          Show more organisations
        </button>
      )}
    </>
  )
}

const engagedVia = { question: 'Asked a question', eoi: 'Started an EOI', event: 'Came to an event' } as const

/** `part` as a percentage of `whole`, to one decimal place, or a dash when there is no whole. */
const percentOf = (part: number, whole: number): string =>
  whole > 0 ? `${(Math.round((part / whole) * 1000) / 10).toLocaleString('en-GB')}%` : '–'
