// "/manage/competitions/:id/undelivered-emails": the emails about this competition's
// applications that did not reach the applicant (a receipt, an award offer or a decision):
// bounced, marked as spam, or not sent because the address had bounced before. The manager
// contacts those applicants another way. Also the marker the expressions of interest list puts
// on each such application, and the notice pointing here.
import { useEffect, useState } from 'preact/hooks'
import { formatLondon } from '../../../../shared/dates.js'
import type { CompetitionPage } from '../../../../shared/schemas/competition.js'
import type { UndeliveredEmail } from '../../../../shared/schemas/outbox.js'
import { api, call } from '../../api.js'
import { usePagedList } from '../../paged-list.js'
import { LoadFailure, Loading, PageHeading } from '../../components/page.js'
import { ScrollTable } from '../../components/scroll-table.js'

const emailNames: Record<string, string> = {
  receipt: 'Receipt for their expression of interest',
  'award-offer': 'Award offer',
  decision: 'Decision and feedback',
}

/** Which email, in words. */
export const emailName = (kind: string) => emailNames[kind] ?? kind

const reasons: Record<UndeliveredEmail['reason'], string> = {
  bounced: 'Bounced: the address does not accept email',
  complained: 'Marked as spam by the recipient',
  suppressed: 'Not sent: an earlier email to this address bounced or was marked as spam',
}

const listPath = (competitionId: string) => `/manage/competitions/${competitionId}/undelivered-emails`

const fetchUndelivered = (competitionId: string, cursor?: string, limit = '20') =>
  call(
    api.competitions[':competitionId']['undelivered-emails'].$get({
      param: { competitionId },
      query: { limit, ...(cursor ? { cursor } : {}) },
    }),
  )

/**
 * The competition's undelivered emails by application (the newest 100), for markers on a list;
 * empty until loaded, and if they cannot be loaded (the list itself still shows).
 */
export function useUndeliveredByApplication(competitionId: string): Map<string, UndeliveredEmail[]> {
  const [byApplication, setByApplication] = useState(new Map<string, UndeliveredEmail[]>())
  useEffect(() => {
    fetchUndelivered(competitionId, undefined, '100').then(
      ({ items }) => {
        const grouped = new Map<string, UndeliveredEmail[]>()
        for (const item of items) grouped.set(item.applicationId, [...(grouped.get(item.applicationId) ?? []), item])
        setByApplication(grouped)
      },
      () => {},
    )
  }, [competitionId])
  return byApplication
}

/** A row's marker: a tag in words, then which email to which address. */
export function UndeliveredMarker({ emails }: { emails: UndeliveredEmail[] | undefined }) {
  if (!emails?.length) return null
  return (
    <>
      <br />
      <strong class="tag tag-pending">Email not delivered</strong>{' '}
      <span class="secondary-text">{emails.map((email) => `${emailName(email.kind)} to ${email.to}`).join('; ')}</span>
    </>
  )
}

/** Above a list of applications: how many emails did not arrive, and where to see them. */
export function UndeliveredNotice({ competitionId, count }: { competitionId: string; count: number }) {
  if (!count) return null
  return (
    <div class="notice notice-error">
      <h2 class="heading-m">
        {count === 1 ? 'An email to an applicant was' : `${count} emails to applicants were`} not delivered
      </h2>
      <p>
        <a href={listPath(competitionId)}>See which applicants did not get their email</a>, and contact them another
        way.
      </p>
    </div>
  )
}

export function UndeliveredEmailsPage({ id }: { id: string }) {
  const [page, setPage] = useState<CompetitionPage>()
  const [loadFailure, setLoadFailure] = useState<unknown>()
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
  } = usePagedList<UndeliveredEmail, HTMLTableElement>((after) => fetchUndelivered(id, after), [id], 'tbody a')

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
  return (
    <>
      <a href={`/manage/competitions/${id}`} class="back-link">
        Back to the competition
      </a>
      <PageHeading title="Emails not delivered" caption={page.competition.title} />
      <p>
        These applicants did not get an email about their application. Contact them another way, for example by phone,
        and check their address. The platform does not send to these addresses again.
      </p>
      {failure && (
        <div class="notice" role="alert">
          <p>The emails could not be loaded. {failure}</p>
        </div>
      )}
      {!items && !failure && <Loading what="the emails not delivered" />}
      {items && items.length === 0 && (
        <p>Every email about this competition’s applications was delivered, as far as we know.</p>
      )}
      {items && items.length > 0 && (
        <ScrollTable label="Emails not delivered">
          <table class="table" ref={table}>
            <thead>
              <tr>
                <th scope="col">Applicant’s address</th>
                <th scope="col">Email</th>
                <th scope="col">What happened</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {items.map((email) => (
                <tr key={email.messageId}>
                  <td>
                    <a href={`/manage/applications/${email.applicationId}`}>
                      {email.to}
                      <span class="visually-hidden"> (their expression of interest)</span>
                    </a>
                  </td>
                  <td>{emailName(email.kind)}</td>
                  <td>{reasons[email.reason]}</td>
                  <td>{formatLondon(email.at)}</td>
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

/** On the release: the applicants whose decision email did not arrive, by address. */
export function DecisionsNotDelivered({ competitionId }: { competitionId: string }) {
  const undelivered = useUndeliveredByApplication(competitionId)
  const decisions = [...undelivered.values()].flat().filter((email) => email.kind === 'decision')
  if (!decisions.length) return null
  return (
    <div class="notice notice-error">
      <h3 class="heading-m">
        {decisions.length === 1 ? 'A decision email was' : `${decisions.length} decision emails were`} not delivered
      </h3>
      <ul>
        {decisions.map((email) => (
          <li key={email.messageId}>
            <a href={`/manage/applications/${email.applicationId}`}>{email.to}</a>: {reasons[email.reason]}
          </li>
        ))}
      </ul>
      <p>
        Contact these applicants another way. <a href={listPath(competitionId)}>See every email not delivered</a>
      </p>
    </div>
  )
}
