// "/manage/competitions/:id/awards/ledger": every change to what is committed from the pot,
// newest first: when, who, for which organisation, why, the change and the committed total
// before and after. Read-only: entries are written with the change and never edited.
import { formatLondon } from '../../../../shared/dates.js'
import { formatPence } from '../../../../shared/money.js'
import type { LedgerEntry } from '../../../../shared/schemas/awards.js'
import { api, call } from '../../api.js'
import { AssessingFrame, Pending, useAssessing } from '../assessing/assessing-page.js'
import { usePageErrors } from '../../components/forms.js'
import { ScrollTable } from '../../components/scroll-table.js'

const causeNames: Record<LedgerEntry['cause'], string> = {
  awarded: 'Awarded',
  withdrawn: 'Withdrawn',
  declined: 'Declined by the applicant',
  lapsed: 'Lapsed: not accepted in time',
  paid: 'Paid',
  reduced: 'Award reduced',
  terminated: 'Grant terminated',
  repaid: 'Repaid by the grantee',
}

/** "+£16,700" when committed, "−£16,700" (a real minus sign) when released. */
const signed = (pence: number) => (pence < 0 ? `−${formatPence(-pence)}` : `+${formatPence(pence)}`)

export function AwardLedgerPage({ id }: { id: string }) {
  const loaded = useAssessing(id, () =>
    call(api.competitions[':competitionId'].ledger.$get({ param: { competitionId: id } })),
  )
  const errors = usePageErrors()
  const { page, data } = loaded
  if (!page || !data) return <Pending failure={loaded.failure} what="the ledger" />
  const { entries } = data
  return (
    <AssessingFrame page={page} title="Ledger" current="awards/ledger" errors={errors} onReload={loaded.reload}>
      <p>
        Every change to what is committed from the pot: each award, and each withdrawal, declined offer or lapsed offer
        that gave money back; and after the award, each payment, reduction, termination and repayment. Entries are
        written in the same transaction as the change and are never edited, so they add up to the committed and paid
        totals on the <a href={`/manage/competitions/${id}/awards`}>awards and budget</a> page.
      </p>
      {entries.length === 0 ? (
        <p>Nothing has been committed yet.</p>
      ) : (
        <ScrollTable label="Changes to what is committed, newest first">
          <table class="table">
            <caption>Changes to what is committed, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When (UK time)</th>
                <th scope="col">Who</th>
                <th scope="col">Organisation</th>
                <th scope="col">Cause</th>
                <th scope="col" class="numeric">
                  Change
                </th>
                <th scope="col" class="numeric">
                  Committed before
                </th>
                <th scope="col" class="numeric">
                  Committed after
                </th>
                <th scope="col" class="numeric">
                  Paid
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.at}>{formatLondon(entry.at)}</time>
                  </td>
                  <td>{entry.byName}</td>
                  <th scope="row">{entry.organisationName}</th>
                  <td>
                    {causeNames[entry.cause]}
                    {entry.reason && <span class="meta block multiline">{entry.reason}</span>}
                  </td>
                  <td class="numeric">{signed(entry.changePence)}</td>
                  <td class="numeric">{formatPence(entry.committedBeforePence)}</td>
                  <td class="numeric">
                    {formatPence(entry.committedAfterPence)}
                    <span class="meta block">of {formatPence(entry.potPence)}</span>
                  </td>
                  <td class="numeric">
                    {entry.paidChangePence ? signed(entry.paidChangePence) : '–'}
                    {entry.paidAfterPence !== undefined && (
                      <span class="meta block">{formatPence(entry.paidAfterPence)} paid in all</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </AssessingFrame>
  )
}
