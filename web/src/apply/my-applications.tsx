// "/applications": the signed-in applicant's expressions of interest and where each stands.
import { formatLondon } from '../../../shared/dates.js'
import { formatPence } from '../../../shared/money.js'
import type { ApplicationSummary } from '../../../shared/schemas/application.js'
import { api, call } from '../api.js'
import { usePagedList } from '../paged-list.js'
import { ApplicationTag } from '../components/answers.js'
import { Loading, PageHeading } from '../components/page.js'
import { ScrollTable } from '../components/scroll-table.js'
import { ApplicantsOnly } from './guard.js'

export function MyApplications() {
  return (
    <ApplicantsOnly title="Your applications">
      <ApplicationList />
    </ApplicantsOnly>
  )
}

function ApplicationList() {
  const {
    items,
    cursor,
    failure,
    container: table,
    loadMore,
  } = usePagedList<ApplicationSummary, HTMLTableElement>(
    (after) => call(api.me.applications.$get({ query: { limit: '20', ...(after ? { cursor: after } : {}) } })),
    [],
    'tbody a',
  )

  return (
    <>
      <PageHeading title="Your applications" />
      <p>
        Expressions of interest from your organisation. <a href="/account/organisation">Your organisation’s details</a>
      </p>
      {failure && (
        <div class="notice" role="alert">
          <p>Your applications could not be loaded. {failure}</p>
        </div>
      )}
      {!items && !failure && <Loading what="your applications" />}
      {items && items.length === 0 && (
        <p>
          You have not started an expression of interest yet. <a href="/">Find an open competition</a> to apply to.
        </p>
      )}
      {items && items.length > 0 && (
        <ScrollTable label="Your expressions of interest">
          <table class="table" ref={table}>
            <caption class="visually-hidden">Your expressions of interest</caption>
            <thead>
              <tr>
                <th scope="col">Competition</th>
                <th scope="col">Status</th>
                <th scope="col">Amount requested</th>
                <th scope="col">Last change</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <a href={`/applications/${item.id}`}>{item.competitionTitle}</a>
                    {item.receiptNumber && <span class="meta block">Receipt {item.receiptNumber}</span>}
                  </td>
                  <td>
                    <ApplicationTag status={item.status} review={item.review} />
                  </td>
                  <td>{item.amountRequestedPence === undefined ? '–' : formatPence(item.amountRequestedPence)}</td>
                  <td>
                    {item.status === 'submitted' && item.submittedAt
                      ? `Submitted ${formatLondon(item.submittedAt)}`
                      : formatLondon(item.updatedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={() => void loadMore()}>
          Show more applications
        </button>
      )}
    </>
  )
}
