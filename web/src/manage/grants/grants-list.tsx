// "/manage/competitions/:id/grants": the competition's accepted awards and their grants (none
// yet, draft, sent, active, completed, terminated), each linking to its grant's page, where an
// award without a grant is set up.
import type { GrantListRow } from '../../../../shared/schemas/grant-list.js'
import { formatPence } from '../../../../shared/money.js'
import { api, call } from '../../api.js'
import { usePageErrors } from '../../components/forms.js'
import { formatDay, GrantTag } from '../../components/grant-bits.js'
import { ScrollTable } from '../../components/scroll-table.js'
import { AssessingFrame, Pending, useAssessing } from '../assessing/assessing-page.js'

export const grantsPath = (competitionId: string, applicationId?: string) =>
  `/manage/competitions/${competitionId}/grants${applicationId ? `/${applicationId}` : ''}`

export function GrantsPage({ id }: { id: string }) {
  const loaded = useAssessing(id, () =>
    call(api.competitions[':competitionId'].grants.$get({ param: { competitionId: id } })),
  )
  const errors = usePageErrors()
  const { page, data } = loaded
  if (!page || !data) return <Pending failure={loaded.failure} what="the grants" />
  const waiting = data.rows.filter((row) => !row.grant).length
  return (
    <AssessingFrame page={page} title="Grants" current="grants" errors={errors} onReload={loaded.reload}>
      {data.rows.length === 0 ? (
        <p>
          No award has been accepted yet. Once an applicant accepts its offer on the{' '}
          <a href={`/manage/competitions/${id}/awards`}>awards page</a>, its grant is set up here.
        </p>
      ) : (
        <>
          <p>
            {data.rows.length} accepted award{data.rows.length === 1 ? '' : 's'}
            {waiting ? `; ${waiting} waiting for ${waiting === 1 ? 'its' : 'their'} grant to be set up.` : '.'}
          </p>
          <ScrollTable label="Accepted awards and their grants">
            <table class="table" id="grants-table">
              <caption>Accepted awards and their grants</caption>
              <thead>
                <tr>
                  <th scope="col">Organisation</th>
                  <th scope="col" class="numeric">
                    Award
                  </th>
                  <th scope="col">Grant</th>
                  <th scope="col">Runs</th>
                  <th scope="col" class="numeric">
                    Paid
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row) => (
                  <Row key={row.applicationId} competitionId={id} row={row} />
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      )}
    </AssessingFrame>
  )
}

function Row({ competitionId, row }: { competitionId: string; row: GrantListRow }) {
  const { grant, award } = row
  const href = grantsPath(competitionId, row.applicationId)
  return (
    <tr>
      <th scope="row">
        <a href={href}>
          {grant ? row.organisationName : `Set up the grant`}
          {!grant && <span class="visually-hidden"> for {row.organisationName}</span>}
        </a>
        {!grant && <span class="block">{row.organisationName}</span>}
        {award.status !== 'accepted' && <span class="meta block">The award is now {award.status}</span>}
      </th>
      <td class="numeric">{formatPence(award.amountPence)}</td>
      <td>
        <GrantTag status={grant?.status ?? 'none'} />
        {grant && (
          <span class="meta block">
            Version {grant.version}, by {grant.updatedByName}
          </span>
        )}
      </td>
      <td>{grant ? `${formatDay(grant.startsOn)} to ${formatDay(grant.endsOn)}` : '–'}</td>
      <td class="numeric">{grant ? formatPence(grant.paidPence) : '–'}</td>
    </tr>
  )
}
