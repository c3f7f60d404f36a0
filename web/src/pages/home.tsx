// "/": the published competitions, soonest deadline first, a page at a time.
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatPence } from '../../../shared/money.js'
import type { CompetitionSummary } from '../../../shared/schemas/competition.js'
import { api, call, describe } from '../api.js'
import { ClosingDate, OpeningDate, PhaseTag } from '../components/competition-bits.js'
import { Loading, PageHeading } from '../components/page.js'

const PAGE_SIZE = '10'

export function Home() {
  const [items, setItems] = useState<CompetitionSummary[]>()
  const [cursor, setCursor] = useState<string>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const firstNew = useRef<number>()
  const list = useRef<HTMLUListElement>(null)

  async function load(after?: string) {
    setBusy(true)
    setError(undefined)
    try {
      const page = await call(api.competitions.$get({ query: { status: 'published', limit: PAGE_SIZE, ...(after ? { cursor: after } : {}) } }))
      setItems((previous) => {
        firstNew.current = after ? previous?.length : undefined
        return [...(after ? (previous ?? []) : []), ...page.items]
      })
      setCursor(page.nextCursor)
    } catch (e) {
      setError(describe(e))
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => void load(), [])
  // After "Show more", keyboard users carry on from the first competition just loaded.
  useEffect(() => {
    if (firstNew.current === undefined) return
    list.current?.querySelectorAll<HTMLAnchorElement>('h2 a')[firstNew.current]?.focus()
    firstNew.current = undefined
  }, [items])

  return (
    <>
      <PageHeading title="Funding competitions" />
      <p class="lead">Public services publish real problems with the data behind them. Read a challenge and its data pack, then tell us how you would solve it.</p>
      {error && (
        <div class="notice" role="alert">
          <p>The competitions could not be loaded. {error}</p>
          <button type="button" class="button button-secondary" onClick={() => void load(cursor)}>
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
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => void load(cursor)}>
          Show more competitions
        </button>
      )}
    </>
  )
}

const firstParagraph = (text: string) => text.split(/\n\s*\n/)[0]
