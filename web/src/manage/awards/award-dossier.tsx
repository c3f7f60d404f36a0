// "/manage/competitions/:id/awards/:applicationId/dossier": everything about one award in one
// place — the EOI, the decisions, the score sheets with moderation, the award, its ledger
// entries, the grant's payments, the emails sent about it and the audit entries about it —
// with a download of the same as JSON, for the file or an auditor.
import { formatLondon } from '../../../../shared/dates.js'
import { formatPence } from '../../../../shared/money.js'
import type { AwardDossier } from '../../../../shared/schemas/audit.js'
import { api, call } from '../../api.js'
import { usePageErrors } from '../../components/forms.js'
import { ScrollTable } from '../../components/scroll-table.js'
import { AssessingFrame, Pending, useAssessing } from '../assessing/assessing-page.js'

const outcomeText = (decision: { outcome: string; reason?: string } | undefined) =>
  decision ? `${decision.outcome}${decision.reason ? `: ${decision.reason}` : ''}` : 'Not decided'

/** Offers the dossier already loaded as a JSON file (the same document `?download=1` answers). */
function download(dossier: AwardDossier, applicationId: string) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(dossier, null, 2)], { type: 'application/json' }))
  const link = document.createElement('a')
  link.href = url
  link.download = `dossier-${applicationId}.json`
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function AwardDossierPage({ id, applicationId }: { id: string; applicationId: string }) {
  const loaded = useAssessing(id, () =>
    call(
      api.competitions[':competitionId'].awards[':applicationId'].dossier.$get({
        param: { competitionId: id, applicationId },
      }),
    ),
  )
  const errors = usePageErrors()
  const { page, data } = loaded
  if (!page || !data)
    return (
      <Pending
        failure={loaded.failure}
        what="the dossier"
        notFound={{ title: 'No such award', text: 'There is no award to that application in this competition.' }}
      />
    )
  const d = data as AwardDossier
  return (
    <AssessingFrame
      page={page}
      title={`Dossier: ${d.award.organisationName}`}
      errors={errors}
      onReload={loaded.reload}
      back={{ href: `/manage/competitions/${id}/awards`, label: 'Back to awards and budget' }}
    >
      <p>
        Everything about this award in one place, as it stands at {formatLondon(d.generatedAt)}. The audit entries are
        from the competition’s verified audit trail.
      </p>
      <button type="button" class="button secondary" onClick={() => download(d, applicationId)}>
        Download the dossier (JSON)
      </button>

      <h2>The award</h2>
      <dl class="summary-list">
        <dt>Organisation</dt>
        <dd>{d.award.organisationName}</dd>
        <dt>Amount</dt>
        <dd>{formatPence(d.award.amountPence)}</dd>
        <dt>Status</dt>
        <dd>{d.award.status}</dd>
        <dt>Awarded</dt>
        <dd>
          {formatLondon(d.award.awardedAt)} by {d.award.awardedByName}
        </dd>
      </dl>

      <h2>The expression of interest</h2>
      <dl class="summary-list">
        <dt>Amount requested</dt>
        <dd>
          {d.application.amountRequestedPence === undefined
            ? 'Not given'
            : formatPence(d.application.amountRequestedPence)}
        </dd>
        <dt>Submitted</dt>
        <dd>{d.application.submittedAt ? formatLondon(d.application.submittedAt) : 'Not submitted'}</dd>
        <dt>Receipt</dt>
        <dd>{d.application.receiptNumber ?? 'None'}</dd>
      </dl>
      <p>
        <a href={`/manage/competitions/${id}/assessments/${applicationId}`}>
          Read the answers and the scores<span class="visually-hidden"> of {d.award.organisationName}</span>
        </a>
      </p>

      <h2>Decisions</h2>
      <dl class="summary-list">
        <dt>Screening</dt>
        <dd>{outcomeText(d.decision?.screening)}</dd>
        <dt>Shortlist</dt>
        <dd>{outcomeText(d.decision?.shortlist)}</dd>
        <dt>Panel recommendation</dt>
        <dd>{outcomeText(d.decision?.recommendation)}</dd>
      </dl>

      <h2>Score sheets and moderation</h2>
      {!d.sheets?.sheets.length ? (
        <p>No score sheets.</p>
      ) : (
        <ScrollTable label="Score sheets">
          <table class="table">
            <caption>Score sheets</caption>
            <thead>
              <tr>
                <th scope="col">Panellist</th>
                <th scope="col">Status</th>
                <th scope="col">Changes after submission</th>
              </tr>
            </thead>
            <tbody>
              {d.sheets.sheets.map((sheet) => (
                <tr key={sheet.panellistId}>
                  <th scope="row">{sheet.panellistName}</th>
                  <td>{sheet.status}</td>
                  <td>{sheet.history.length ? `${sheet.history.length} (moderated or reopened)` : 'None'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}

      <h2>Ledger</h2>
      <ScrollTable label="Ledger entries">
        <table class="table">
          <caption>Ledger entries for this award</caption>
          <thead>
            <tr>
              <th scope="col">When (UK time)</th>
              <th scope="col">Cause</th>
              <th scope="col" class="numeric">
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {d.ledger.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <time dateTime={entry.at}>{formatLondon(entry.at)}</time>
                </td>
                <th scope="row">{entry.cause}</th>
                <td class="numeric">{formatPence(Math.abs(entry.changePence))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>

      <h2>Grant and payments</h2>
      {d.grant ? (
        <p>
          The grant is {d.grant.status}, paid in {d.grant.tranches.length} tranches; each payment and repayment is in
          the ledger above. <a href={`/manage/competitions/${id}/grants/${applicationId}`}>See the grant</a>
        </p>
      ) : (
        <p>No grant agreement yet.</p>
      )}

      <h2>Emails sent about it</h2>
      {d.emails.length === 0 ? (
        <p>No emails.</p>
      ) : (
        <ScrollTable label="Emails">
          <table class="table">
            <caption>Emails sent about this award</caption>
            <thead>
              <tr>
                <th scope="col">Written (UK time)</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {d.emails.map((email) => (
                <tr key={email.id}>
                  <td>
                    <time dateTime={email.createdAt}>{formatLondon(email.createdAt)}</time>
                  </td>
                  <th scope="row">{email.subject}</th>
                  <td>{email.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}

      <h2>Audit entries</h2>
      <ScrollTable label="Audit entries">
        <table class="table">
          <caption>Audit entries about this award, oldest first</caption>
          <thead>
            <tr>
              <th scope="col" class="numeric">
                Entry
              </th>
              <th scope="col">When (UK time)</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {d.audit.map((entry) => (
              <tr key={entry.seq}>
                <td class="numeric">{entry.seq}</td>
                <td>
                  <time dateTime={entry.at}>{formatLondon(entry.at)}</time>
                </td>
                <td>{entry.role}</td>
                <th scope="row">
                  {entry.action}
                  <span class="meta block">{entry.changes.map((c) => c.entity).join(', ')}</span>
                </th>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </AssessingFrame>
  )
}
