// What the manager's assessing pages share: the competition read with each page's own data,
// the frame (back link, one error summary, heading, links between the pages), and the
// figures and lists they all show. Their forms submit through components/forms.ts.
import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { formatLondon } from '../../../../shared/dates.js'
import type { Candidate, RankingRow, Rubric } from '../../../../shared/schemas/assessing.js'
import type { CompetitionPage } from '../../../../shared/schemas/competition.js'
import { api, call } from '../../api.js'
import { ErrorSummary } from '../../components/error-summary.js'
import type { PageErrors } from '../../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../../components/page.js'

export const assessingPages = [
  ['rubric', 'Rubric and settings'],
  ['screening', 'Screening and shortlisting'],
  ['panel', 'Panel and conflicts'],
  ['pitches', 'Pitches'],
  ['ranking', 'Ranking and progress'],
  ['awards', 'Awards and budget'],
  ['awards/planner', 'Award planner'],
  ['awards/ledger', 'Ledger'],
  ['grants', 'Grants'],
  ['feedback', 'Feedback and release'],
  ['signposts', 'Signposting directory'],
  ['exports', 'Exports'],
] as const
export type AssessingPageName = (typeof assessingPages)[number][0]

/** The assessing pages, in the order the work is done. */
export function AssessingLinks({ competitionId, current }: { competitionId: string; current?: AssessingPageName }) {
  return (
    <nav class="sub-nav" aria-label="Assessing">
      <ul>
        {assessingPages.map(([name, label]) => (
          <li key={name}>
            <a
              href={`/manage/competitions/${competitionId}/${name}`}
              aria-current={name === current ? 'page' : undefined}
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

/**
 * The competition (for its title) and a page's own data, read together. `generation`
 * counts re-reads, so forms keyed by it start again from what is saved.
 */
export function useAssessing<T>(competitionId: string, load: () => Promise<T>, deps: unknown[] = []) {
  const [loaded, setLoaded] = useState<{ page: CompetitionPage; data: T; generation: number }>()
  const [failure, setFailure] = useState<unknown>()
  const read = () => Promise.all([call(api.competitions[':competitionId'].$get({ param: { competitionId } })), load()])
  useEffect(() => {
    read().then(([page, data]) => setLoaded({ page, data, generation: 0 }), setFailure)
  }, [competitionId, ...deps])
  return {
    page: loaded?.page,
    data: loaded?.data,
    generation: loaded?.generation ?? 0,
    failure,
    /** Reads everything again; throws if that fails, for the caller to show. */
    reload: async () => {
      const [page, data] = await read()
      setLoaded((current) => ({ page, data, generation: (current?.generation ?? 0) + 1 }))
    },
    update: (change: (data: T) => T) => setLoaded((current) => current && { ...current, data: change(current.data) }),
  }
}

/** While the page's data loads, or why it could not. */
export function Pending({
  failure,
  what,
  notFound,
}: {
  failure: unknown
  what: string
  notFound?: { title: string; text: string }
}) {
  if (!failure) return <Loading what={what} />
  return (
    <LoadFailure
      failure={failure}
      notFound={notFound ?? { title: 'Competition not found', text: 'It may have been deleted.' }}
      failed="Sorry, this page could not be loaded"
      back={{ href: '/manage', label: 'Back to your competitions' }}
    />
  )
}

/** Back link, error summary (offering to reload after someone else's save), heading, links. */
export function AssessingFrame({
  page,
  title,
  current,
  errors,
  onReload,
  back,
  children,
}: {
  page: CompetitionPage
  title: string
  current?: AssessingPageName
  errors: PageErrors
  onReload: () => Promise<void>
  back?: { href: string; label: string }
  children: ComponentChildren
}) {
  const competitionId = page.competition.id
  const reload = () =>
    onReload().then(
      () => errors.clear(),
      (error: unknown) => errors.fail(error),
    )
  return (
    <>
      <a href={back?.href ?? `/manage/competitions/${competitionId}`} class="back-link">
        {back?.label ?? 'Back to the competition'}
      </a>
      <ErrorSummary errors={errors.errors} reload={{ label: 'Reload what is saved', onReload: () => void reload() }} />
      <PageHeading title={title} caption={page.competition.title} hasErrors={!!errors.errors} />
      <AssessingLinks competitionId={competitionId} current={current} />
      {children}
    </>
  )
}

/** Every submitted EOI with its decisions, all pages of them (a shortlist is short). */
export async function allCandidates(competitionId: string): Promise<Candidate[]> {
  const all: Candidate[] = []
  let cursor: string | undefined
  do {
    const page = await call(
      api.competitions[':competitionId'].candidates.$get({
        param: { competitionId },
        query: { limit: '100', ...(cursor ? { cursor } : {}) },
      }),
    )
    all.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return all
}

export const isShortlisted = (candidate: Candidate) => candidate.shortlist?.outcome === 'shortlisted'

/** A score or spread to 2 decimal places; a dash when there is none yet. */
export const twoPlaces = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(2))

/** "=2" for a shared rank, with "tied" said in words too. */
export function RankText({ rank, tied }: { rank?: number; tied: boolean }) {
  if (rank === undefined) return <span class="secondary-text">Not scored</span>
  return tied ? (
    <>
      ={rank} <span class="secondary-text">(tied)</span>
    </>
  ) : (
    rank
  )
}

/** Flags in words, never colour alone: discuss (with the spread), too few scorers, moderated. */
export function Flags({
  row,
  settings,
}: {
  row: RankingRow & { moderated?: boolean }
  settings: Pick<Rubric, 'discussAbove' | 'minScorers'>
}) {
  if (!row.discuss && !row.tooFewScorers && !row.moderated) return <span class="secondary-text">None</span>
  return (
    <ul class="list-plain flags">
      {row.discuss && (
        <li>
          <strong class="tag tag-pending">Discuss</strong> scores differ by {twoPlaces(row.range)}, more than{' '}
          {settings.discussAbove}
        </li>
      )}
      {row.tooFewScorers && (
        <li>
          <strong class="tag tag-upcoming">Too few scorers</strong> {row.scorers} of the {settings.minScorers} wanted
        </li>
      )}
      {row.moderated && <li>Scores changed after discussion</li>}
    </ul>
  )
}

/** Who decided, when, and why, under a decision. */
export function Decided({
  label,
  decision,
}: {
  label: string
  decision?: { reason: string; byName: string; at: string }
}) {
  if (!decision) return <span class="secondary-text">Not decided</span>
  return (
    <>
      <strong>{label}</strong>
      {decision.reason && (
        <>
          <br />
          <span class="multiline">{decision.reason}</span>
        </>
      )}
      <br />
      <span class="secondary-text meta">
        {decision.byName}, {formatLondon(decision.at)}
      </span>
    </>
  )
}
