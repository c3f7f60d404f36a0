// "/competitions/:id": everything an applicant reads before applying: the pot, the
// timeline, who can apply, each challenge with its data pack, and the themes.
import { Fragment, type ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { documentTypes, formatBytes } from '../../../shared/files.js'
import { accessLevelNames, dataPackKindNames, timelineNames, timelineOrder } from '../../../shared/labels.js'
import { formatPence } from '../../../shared/money.js'
import type { ChallengeWithDataPack, CompetitionPage, DataPackItem } from '../../../shared/schemas/competition.js'
import { api, ApiError, call, describe } from '../api.js'
import { ClosingDate, PhaseTag, Time } from '../components/competition-bits.js'
import { Contents, Loading, PageHeading } from '../components/page.js'
import { navigate } from '../router.js'
import { Clarifications } from './clarifications.js'
import { currentSession, session } from '../session.js'
import { useStore } from '../store.js'
import { useBusy } from '../components/forms.js'

export function CompetitionView({ id }: { id: string }) {
  const [page, setPage] = useState<CompetitionPage>()
  const [failure, setFailure] = useState<{ status: number; message: string }>()
  const user = useStore(session)?.user

  useEffect(() => {
    call(api.competitions[':competitionId'].$get({ param: { competitionId: id } }))
      .then(setPage)
      .catch((error: unknown) =>
        setFailure({ status: error instanceof ApiError ? error.status : 0, message: describe(error) }),
      )
  }, [id, user?.id])

  if (failure) {
    return failure.status === 404 ? (
      <>
        <PageHeading title="Competition not found" />
        <p>There is no published competition at this address. It may have been a draft that was deleted.</p>
        <p>
          <a href="/">See all funding competitions</a>
        </p>
      </>
    ) : (
      <>
        <PageHeading title="Sorry, the competition could not be loaded" />
        <p>{failure.message}</p>
      </>
    )
  }
  if (!page) return <Loading what="the competition" />

  const { competition, phase, challenges, themes } = page
  const titleOf = new Map(challenges.map((c) => [c.id, c.title]))
  return (
    <>
      <a href="/" class="back-link">
        All funding competitions
      </a>
      <PageHeading title={competition.title} caption={competition.ownerOrganisation || undefined} />
      {competition.status === 'draft' && (
        <div class="notice">
          <p>
            <strong>This is a draft.</strong> Only programme managers can see it until it is published.{' '}
            {user?.role === 'manager' && <a href={`/manage/competitions/${competition.id}`}>Edit this competition</a>}
          </p>
        </div>
      )}
      <p>
        <PhaseTag phase={phase} />
      </p>
      {competition.resultsPublishedAt && (
        <div class="notice notice-success">
          <p>
            The results were published <Time iso={competition.resultsPublishedAt} />.{' '}
            <a href={`/competitions/${competition.id}/results`}>See the winners</a>
          </p>
          <p>
            Open data: <a href={`/api/competitions/${competition.id}/open-data/360giving.json`}>360Giving JSON</a> /{' '}
            <a href={`/api/competitions/${competition.id}/open-data/360giving.csv`}>360Giving CSV</a> (the grants in the
            360Giving Data Standard, free to reuse)
          </p>
        </div>
      )}
      {competition.summary && <p class="lead multiline">{competition.summary}</p>}

      <dl class="summary-list">
        <dt>Funding available</dt>
        <dd>{formatPence(competition.potPence)} in total</dd>
        <dt>Maximum award</dt>
        <dd>{formatPence(competition.maxAwardPence)}</dd>
        <dt>Closing date</dt>
        <dd>
          <ClosingDate iso={competition.timeline.eoiClosesAt} />
        </dd>
        {competition.ownerOrganisation && (
          <>
            <dt>Run by</dt>
            <dd>{competition.ownerOrganisation}</dd>
          </>
        )}
      </dl>
      {phase === 'open' && user?.role !== 'manager' && user?.role !== 'panellist' && (
        <ApplyPanel competitionId={competition.id} />
      )}
      {user?.role === 'manager' && competition.status === 'published' && (
        <p>
          <a href={`/manage/competitions/${competition.id}`}>Edit this competition</a>
        </p>
      )}

      {competition.status === 'published' && <EventsSection competitionId={competition.id} />}
      {competition.status === 'published' && (
        <p>
          <a href={`/competitions/${competition.id}/matching`}>Find partners for this competition</a>
        </p>
      )}

      <Contents
        sections={[
          ['timeline', 'Timeline'],
          ['eligibility', 'Who can apply'],
          ['challenges', 'Challenges and data packs'],
          ['themes', 'Themes'],
          ...(competition.status === 'published' ? [['questions', 'Questions and answers'] as [string, string]] : []),
        ]}
      />

      <section aria-labelledby="timeline">
        <h2 id="timeline" tabIndex={-1}>
          Timeline
        </h2>
        <p class="secondary-text">All times are UK time.</p>
        <dl class="summary-list">
          {timelineOrder.map((field) => (
            <Fragment key={field}>
              <dt>{timelineNames[field]}</dt>
              <dd>{competition.timeline[field] ? <Time iso={competition.timeline[field]} /> : 'To be confirmed'}</dd>
            </Fragment>
          ))}
        </dl>
      </section>

      <section aria-labelledby="eligibility">
        <h2 id="eligibility" tabIndex={-1}>
          Who can apply
        </h2>
        {competition.eligibility.length ? (
          <>
            <p>When you apply you will be asked to confirm that:</p>
            <ul>
              {competition.eligibility.map((statement) => (
                <li key={statement.id}>{statement.text}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>The eligibility rules have not been published yet.</p>
        )}
      </section>

      <section aria-labelledby="challenges">
        <h2 id="challenges" tabIndex={-1}>
          Challenges and data packs
        </h2>
        {challenges.length === 0 && <p>No challenges have been added yet.</p>}
        {challenges.map((challenge) => (
          <ChallengeBlock key={challenge.id} competitionId={competition.id} challenge={challenge} />
        ))}
      </section>

      <section aria-labelledby="themes">
        <h2 id="themes" tabIndex={-1}>
          Themes
        </h2>
        {themes.length === 0 ? (
          <p>No themes have been added yet.</p>
        ) : (
          <>
            <p>Your expression of interest must align to at least one theme.</p>
            <ul class="card-list">
              {themes.map((theme) => (
                <li class="card" key={theme.id}>
                  <h3>{theme.title}</h3>
                  {theme.description && <p class="multiline">{theme.description}</p>}
                  <p class="meta">
                    Challenges:{' '}
                    {theme.challengeIds
                      .filter((cid) => titleOf.has(cid))
                      .map((cid, index) => (
                        <Fragment key={cid}>
                          {index > 0 && ', '}
                          <a href={`#challenge-${cid}`}>{titleOf.get(cid)}</a>
                        </Fragment>
                      ))}
                  </p>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {competition.status === 'published' && <Clarifications competitionId={competition.id} open={phase === 'open'} />}
    </>
  )
}

/** The competition's events, from the events chunk, fetched after the page so the first page stays small. */
function EventsSection({ competitionId }: { competitionId: string }) {
  const [List, setList] = useState<ComponentType<{ competitionId: string }>>()
  useEffect(() => {
    import('./events.js').then(
      (m) => setList(() => m.CompetitionEvents),
      () => undefined,
    )
  }, [])
  return List ? <List competitionId={competitionId} /> : null
}

type Standing =
  | { kind: 'started'; applicationId: string; status: string }
  | { kind: 'no-organisation' }
  | { kind: 'can-start' }

/** For an open competition: sign in, register, start or carry on with your expression of interest. */
function ApplyPanel({ competitionId }: { competitionId: string }) {
  const user = useStore(session)?.user
  const [standing, setStanding] = useState<Standing>()
  const [failure, setFailure] = useState<string>()
  const { busy, run } = useBusy()
  const here = `/competitions/${competitionId}`

  useEffect(() => {
    if (user?.role !== 'applicant') return
    Promise.all([
      call(api.me.applications.$get({ query: { limit: '100' } })),
      call(api.me.organisation.$get()).then(
        () => true,
        (error: unknown) => (error instanceof ApiError && error.status === 404 ? false : Promise.reject(error)),
      ),
    ])
      .then(([mine, registered]) => {
        const existing = mine.items.find((a) => a.competitionId === competitionId)
        setStanding(
          existing
            ? { kind: 'started', applicationId: existing.id, status: existing.status }
            : registered
              ? { kind: 'can-start' }
              : { kind: 'no-organisation' },
        )
      })
      .catch((error: unknown) => setFailure(describe(error)))
  }, [user?.id, competitionId])

  const start = () =>
    run(async () => {
      setFailure(undefined)
      try {
        const application = await call(
          api.competitions[':competitionId'].applications.$post({ param: { competitionId } }),
        )
        navigate(`/applications/${application.id}`)
      } catch (error) {
        setFailure(describe(error))
        if (error instanceof ApiError && error.status === 409) setStanding(undefined)
      }
    })

  let body: preact.JSX.Element | null
  if (!user) {
    body = (
      <p>
        <a class="button" href={`/signin?next=${encodeURIComponent(here)}`}>
          Sign in to apply
        </a>
        <br />
        New here? You can sign in with any email address and register your organisation.
      </p>
    )
  } else if (!standing) {
    body = failure ? null : <p class="secondary-text">Checking your applications…</p>
  } else if (standing.kind === 'started') {
    body =
      standing.status === 'draft' ? (
        <p>
          <a class="button" href={`/applications/${standing.applicationId}`}>
            Continue your expression of interest
          </a>
          <br />
          Your draft is saved. Carry on where you left off.
        </p>
      ) : (
        <p>
          Your organisation has {standing.status === 'submitted' ? 'submitted' : 'withdrawn'} an expression of interest.{' '}
          <a href={`/applications/${standing.applicationId}`}>View your expression of interest</a>
        </p>
      )
  } else if (standing.kind === 'no-organisation') {
    body = (
      <p>
        <a class="button" href={`/account/organisation?next=${encodeURIComponent(here)}`}>
          Register your organisation to apply
        </a>
        <br />
        People without a company can apply as an individual with an idea.
      </p>
    )
  } else {
    body = (
      <p>
        <button type="button" class="button" disabled={busy} onClick={() => void start()}>
          Start your expression of interest
        </button>
        <br />
        Your answers are saved as you type, so you can come back to it before the deadline.
      </p>
    )
  }

  return (
    <section class="apply-panel" aria-labelledby="apply-heading">
      <h2 id="apply-heading" class="heading-m">
        Apply
      </h2>
      {failure && (
        <div class="notice" role="alert">
          <p>
            {failure} <a href="/applications">Your applications</a>
          </p>
        </div>
      )}
      {body}
    </section>
  )
}

function ChallengeBlock({ competitionId, challenge }: { competitionId: string; challenge: ChallengeWithDataPack }) {
  const headingId = `challenge-${challenge.id}`
  return (
    <section class="challenge" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1}>
        {challenge.title}
      </h3>
      <p class="inset lead">{challenge.statement}</p>
      {challenge.context && (
        <>
          <h4>The problem</h4>
          <p class="multiline">{challenge.context}</p>
        </>
      )}
      <dl class="summary-list summary-list-compact">
        <dt>Problem owner</dt>
        <dd>{challenge.owner}</dd>
      </dl>
      {challenge.evidenceExpected && (
        <>
          <h4>Evidence we expect</h4>
          <p class="multiline">{challenge.evidenceExpected}</p>
        </>
      )}
      <h4>Data pack</h4>
      {challenge.dataPack.length === 0 ? (
        <p>Nothing in the data pack yet.</p>
      ) : (
        <ul class="data-pack">
          {challenge.dataPack.map((item) => (
            <li key={item.id}>
              <DataPackEntry competitionId={competitionId} item={item} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** The API route that redirects to the file; a plain link, so the browser downloads it. */
export const downloadPath = (competitionId: string, itemId: string) =>
  `/api/competitions/${encodeURIComponent(competitionId)}/items/${encodeURIComponent(itemId)}/download`

/**
 * A plain link sends no token, so a signed-in manager previewing a draft would get the
 * public 404: signed in, ask for the download address with the token and go there.
 */
function followSignedIn(event: MouseEvent, competitionId: string, itemId: string) {
  if (!currentSession() || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return
  event.preventDefault()
  const link = event.currentTarget as HTMLAnchorElement
  api.competitions[':competitionId'].items[':itemId'].download
    .$get({ param: { competitionId, itemId } }, { headers: { Accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
    .then((body) => window.location.assign((body as { url: string }).url))
    .catch(() => window.location.assign(link.href))
}

function DataPackEntry({ competitionId, item }: { competitionId: string; item: DataPackItem }) {
  const facts: string[] = []
  if (item.kind === 'dataset') facts.push(accessLevelNames[item.accessLevel])
  if (item.source) facts.push(`Source: ${item.source}`)
  if (item.licence) facts.push(`Licence: ${item.licence}`)
  return (
    <>
      <p>
        <strong class="tag">{dataPackKindNames[item.kind]}</strong>{' '}
        {item.kind === 'document' ? (
          item.file.uploaded ? (
            <a
              href={downloadPath(competitionId, item.id)}
              onClick={(event) => followSignedIn(event, competitionId, item.id)}
            >
              {item.title}
            </a>
          ) : (
            <>
              {item.title} <strong class="tag tag-pending">Upload not finished</strong>
            </>
          )
        ) : (
          <a href={item.url} rel="noopener noreferrer">
            {item.title}
            <span class="visually-hidden"> (on another website)</span>
          </a>
        )}
      </p>
      {item.kind === 'document' && (
        <p class="meta">
          {item.file.filename} · {documentTypes[item.file.contentType].toUpperCase()} ·{' '}
          {formatBytes(item.file.sizeBytes)}
        </p>
      )}
      {item.description && <p>{item.description}</p>}
      {facts.length > 0 && <p class="meta">{facts.join(' · ')}</p>}
    </>
  )
}
