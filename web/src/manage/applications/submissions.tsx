// "/manage/competitions/:id/submissions": the expressions of interest a competition has
// received, submitted or withdrawn, optionally only those addressing one theme, a page at a time.
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatLondon } from '../../../../shared/dates.js'
import { formatPence } from '../../../../shared/money.js'
import type { ApplicationSummary } from '../../../../shared/schemas/application.js'
import type { CompetitionPage } from '../../../../shared/schemas/competition.js'
import { api, call } from '../../api.js'
import { usePagedList } from '../../paged-list.js'
import { Select } from '../../components/fields.js'
import { LoadFailure, Loading, PageHeading } from '../../components/page.js'
import { ScrollTable } from '../../components/scroll-table.js'
import { SharedNumberTag } from './shared-number.js'
import { UndeliveredMarker, UndeliveredNotice, useUndeliveredByApplication } from '../deliverability/undelivered.js'

type Status = 'submitted' | 'withdrawn' | 'draft'

const statusNames: Record<Status, string> = { submitted: 'Submitted', withdrawn: 'Withdrawn', draft: 'Still in draft' }

export function Submissions({ id }: { id: string }) {
  const [page, setPage] = useState<CompetitionPage>()
  const [loadFailure, setLoadFailure] = useState<unknown>()
  const [status, setStatus] = useState<Status>('submitted')
  const [themeId, setThemeId] = useState('')
  const [applied, setApplied] = useState<{ status: Status; themeId: string }>({ status: 'submitted', themeId: '' })
  const results = useRef<HTMLHeadingElement>(null)
  const undelivered = useUndeliveredByApplication(id)

  useEffect(() => {
    call(api.competitions[':competitionId'].$get({ param: { competitionId: id } })).then(setPage, setLoadFailure)
  }, [id])

  const {
    items,
    cursor,
    failure,
    busy,
    container: table,
    loadMore,
  } = usePagedList<ApplicationSummary, HTMLTableElement>(
    (after) =>
      call(
        api.competitions[':competitionId'].applications.$get({
          param: { competitionId: id },
          query: {
            status: applied.status,
            limit: '20',
            ...(applied.themeId ? { themeId: applied.themeId } : {}),
            ...(after ? { cursor: after } : {}),
          },
        }),
      ),
    [applied],
    'tbody a',
  )

  if (loadFailure) {
    return (
      <LoadFailure
        failure={loadFailure}
        notFound={{ title: 'Competition not found', text: 'It may have been deleted.' }}
        failed="Sorry, the competition could not be loaded"
        back={{ href: '/manage', label: 'Back to your competitions' }}
      />
    )
  }
  if (!page) return <Loading what="the competition" />
  const themeTitle = (tid: string) => page.themes.find((t) => t.id === tid)?.title ?? tid

  return (
    <>
      <a href={`/manage/competitions/${id}`} class="back-link">
        Back to the competition
      </a>
      <PageHeading title="Expressions of interest" caption={page.competition.title} />
      <UndeliveredNotice competitionId={id} count={[...undelivered.values()].flat().length} />
      <form
        noValidate
        class="filters"
        onSubmit={(event) => {
          event.preventDefault()
          // A draft's themes are the applicant's own until submitted: no theme filter for drafts.
          setApplied({ status, themeId: status === 'draft' ? '' : themeId })
          setTimeout(() => results.current?.focus())
        }}
      >
        <div class="repeat-row">
          <Select
            id="filter-status"
            label="Status"
            value={status}
            onValue={setStatus}
            hint="Drafts are listed so you can extend a deadline; what they say stays private until submitted."
            options={(['submitted', 'withdrawn', 'draft'] as const).map((value) => ({
              value,
              label: statusNames[value],
            }))}
          />
          <Select
            id="filter-theme"
            label="Theme"
            value={themeId}
            onValue={setThemeId}
            options={[{ value: '', label: 'All themes' }, ...page.themes.map((t) => ({ value: t.id, label: t.title }))]}
          />
        </div>
        <button type="submit" class="button button-secondary">
          Apply filters
        </button>
      </form>

      <h2 id="results" tabIndex={-1} ref={results}>
        {statusNames[applied.status]}
        {applied.themeId ? `: ${themeTitle(applied.themeId)}` : ''}
      </h2>
      {failure && (
        <div class="notice" role="alert">
          <p>These could not be loaded. {failure}</p>
        </div>
      )}
      {!items && !failure && <Loading what="expressions of interest" />}
      {items && items.length === 0 && <p>None {applied.themeId ? 'address this theme' : 'yet'}.</p>}
      {items && items.length > 0 && (
        <ScrollTable label="Expressions of interest">
          <table class="table" ref={table}>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Contact</th>
                <th scope="col">Receipt</th>
                <th scope="col">Amount requested</th>
                <th scope="col">Themes</th>
                <th scope="col">{applied.status === 'submitted' ? 'Submitted' : 'Last change'}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <a href={`/manage/applications/${item.id}`}>{item.organisationName}</a>
                    {item.sharedCompaniesHouseNumber && (
                      <>
                        <br />
                        <SharedNumberTag shared={item.sharedCompaniesHouseNumber} />
                      </>
                    )}
                    <UndeliveredMarker emails={undelivered.get(item.id)} />
                  </td>
                  <td>{item.contact?.name ?? '–'}</td>
                  <td>{item.receiptNumber ?? '–'}</td>
                  <td>{item.amountRequestedPence === undefined ? '–' : formatPence(item.amountRequestedPence)}</td>
                  <td>{item.themeIds.map(themeTitle).join('; ')}</td>
                  <td>{formatLondon(item.submittedAt ?? item.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {cursor && (
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => void loadMore()}>
          Show more
        </button>
      )}
    </>
  )
}
