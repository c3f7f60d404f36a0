// "/": the published competitions, soonest deadline first, a page at a time; above them, for someone
// signed in, the prioritisation rounds their email was invited to vote in and they have not voted in.
import { useEffect, useState } from 'preact/hooks'
import { formatPence } from '../../../shared/money.js'
import type { CompetitionSummary } from '../../../shared/schemas/competition.js'
import type { InvitedRound } from '../../../shared/schemas/intake.js'
import { api, call } from '../api.js'
import { usePagedList } from '../paged-list.js'
import { ClosingDate, OpeningDate, PhaseTag } from '../components/competition-bits.js'
import { Loading, PageHeading } from '../components/page.js'
import { session } from '../session.js'
import { useStore } from '../store.js'

const PAGE_SIZE = '10'

export function Home() {
  const {
    items,
    cursor,
    failure: error,
    busy,
    container: list,
    loadMore,
  } = usePagedList<CompetitionSummary, HTMLUListElement>(
    (after) =>
      call(
        api.competitions.$get({
          query: { status: 'published', limit: PAGE_SIZE, ...(after ? { cursor: after } : {}) },
        }),
      ),
    [],
    'h2 a',
  )

  return (
    <>
      <PageHeading title="Funding competitions" />
      <p class="lead">
        Public services publish real problems with the data behind them. Read a challenge and its data pack, then tell
        us how you would solve it.
      </p>
      <InvitedToVote />
      {error && (
        <div class="notice" role="alert">
          <p>The competitions could not be loaded. {error}</p>
          <button type="button" class="button button-secondary" onClick={() => void loadMore()}>
            Try again
          </button>
        </div>
      )}
      {!items && !error && <Loading what="competitions" />}
      {items && items.length === 0 && <p>There are no published competitions yet. Check back soon.</p>}
      {items && items.length > 0 && (
        <ul class="card-list" ref={list}>
          {items.map((competition) => (
            <li class="card" key={competition.id}>
              <h2 class="heading-m">
                <a href={`/competitions/${competition.id}`}>{competition.title}</a>
              </h2>
              <p class="meta">
                <PhaseTag phase={competition.phase} /> {competition.ownerOrganisation}
              </p>
              {competition.summary && <p>{firstParagraph(competition.summary)}</p>}
              <dl class="summary-list summary-list-compact">
                <dt>Pot</dt>
                <dd>{formatPence(competition.potPence)}</dd>
                <dt>Maximum award</dt>
                <dd>{formatPence(competition.maxAwardPence)}</dd>
                {competition.phase === 'upcoming' && competition.timeline.eoiOpensAt && (
                  <>
                    <dt>Opens</dt>
                    <dd>
                      <OpeningDate iso={competition.timeline.eoiOpensAt} />
                    </dd>
                  </>
                )}
                <dt>Closing date</dt>
                <dd>
                  <ClosingDate iso={competition.timeline.eoiClosesAt} />
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => void loadMore()}>
          Show more competitions
        </button>
      )}
    </>
  )
}

/** The rounds waiting for the signed-in person's vote; nothing when there are none (or they cannot be read). */
function InvitedToVote() {
  const signedIn = useStore(session)
  const [waiting, setWaiting] = useState<InvitedRound[]>([])
  useEffect(() => {
    if (!signedIn) return setWaiting([])
    call(api.me.rounds.$get({ query: { limit: '20' } })).then(
      (page) => setWaiting(page.items.filter((r) => !r.voted)),
      () => setWaiting([]),
    )
  }, [signedIn?.user.id])
  if (!waiting.length) return null
  return (
    <div class="notice">
      <h2 class="heading-s">You are invited to vote</h2>
      <p>Help choose which problems the Challenge Fund runs as challenges:</p>
      <ul>
        {waiting.map((r) => (
          <li key={r.id}>
            <a href={`/rounds/${r.id}`}>{r.title}</a>
          </li>
        ))}
      </ul>
      <p>
        <a href="/rounds">All your votes</a>
      </p>
    </div>
  )
}

const firstParagraph = (text: string) => text.split(/\n\s*\n/)[0]
