// "/manage/competitions/:id/grants/:applicationId/tranches/:trancheId/payment": a programme
// manager records the payment of one due tranche, in full: the date it was sent, its amount and
// the finance system's reference. Four eyes: the manager who authorised the tranche (approved
// its milestone, or sent the agreement) cannot record it; the page says so before and after.
import { useState } from 'preact/hooks'
import { formatLondon, utcIsoToLondonLocal } from '../../../../shared/dates.js'
import { formatPence, parsePoundsToPence, penceToPoundsInput } from '../../../../shared/money.js'
import type { Grant, Tranche, TrancheProgress } from '../../../../shared/schemas/grants.js'
import { api, call } from '../../api.js'
import type { ErrorItem } from '../../components/errors.js'
import { Status, TextInput } from '../../components/fields.js'
import { fieldsUnder, usePageErrors, useSubmit } from '../../components/forms.js'
import { currentSession } from '../../session.js'
import { AssessingFrame, Pending, useAssessing } from '../assessing/assessing-page.js'

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
/** A calendar date as people read it: "1 November 2021". */
export const formatDay = (date: string) => dateFormat.format(new Date(`${date}T00:00:00Z`))

/** Today in the UK, as YYYY-MM-DD. */
const londonToday = () => utcIsoToLondonLocal(new Date().toISOString()).slice(0, 10)

/** When a tranche falls due, in words. */
export function triggerText(grant: Grant, tranche: Tranche): string {
  const { trigger } = tranche
  const held = tranche.holdback ? ' (held back until the completion report is approved)' : ''
  if (trigger.kind === 'signing') return 'On signing'
  if (trigger.kind === 'date') return `On ${formatDay(trigger.on)}${held}`
  const milestone = grant.milestones.find((m) => m.id === trigger.milestoneId)
  return `When “${milestone?.title ?? trigger.milestoneId}” is approved${held}`
}

/** Its state in words: paid, cancelled, due, or when it will be. */
function stateText(tranche: Tranche, progress: TrancheProgress): string {
  if (progress.status === 'paid') return 'Paid'
  if (progress.status === 'cancelled') return 'Cancelled: the award was reduced or the grant ended'
  if (progress.status === 'due') return 'Due'
  if (tranche.trigger.kind === 'date' && tranche.trigger.on <= londonToday())
    return tranche.holdback ? 'Not due: waiting for the completion report' : 'Due: its date has passed'
  return 'Not due yet'
}

/** Who authorised it: its milestone's approver, or the manager who sent the agreement. */
const authoriserOf = (grant: Grant, tranche: Tranche, progress: TrancheProgress) =>
  progress.authorisedBy ??
  (tranche.trigger.kind === 'milestone'
    ? grant.progress?.milestones[tranche.trigger.milestoneId]?.approvedBy
    : grant.sentBy)

export function TranchePaymentPage({
  id,
  applicationId,
  trancheId,
}: {
  id: string
  applicationId: string
  trancheId: string
}) {
  const loaded = useAssessing(id, () =>
    call(
      api.competitions[':competitionId'].grants[':applicationId'].$get({ param: { competitionId: id, applicationId } }),
    ),
  )
  const errors = usePageErrors()
  const { page, data: grant } = loaded
  const notFound = {
    title: 'Grant not found',
    text: 'There is no grant agreement for that application, or it was removed.',
  }
  if (!page || !grant) return <Pending failure={loaded.failure} what="the grant" notFound={notFound} />
  const tranche = grant.tranches.find((t) => t.id === trancheId)
  const progress = grant.progress?.tranches[trancheId]
  const grantHref = `/manage/competitions/${id}/grants/${applicationId}`
  return (
    <AssessingFrame
      page={page}
      title="Record a payment"
      errors={errors}
      onReload={loaded.reload}
      back={{ href: grantHref, label: `Back to the grant with ${grant.organisationName}` }}
    >
      {!tranche ? (
        <p>This grant has no such tranche. Go back to the grant to choose one.</p>
      ) : (
        <TranchePayment
          competitionId={id}
          grant={grant}
          tranche={tranche}
          progress={progress}
          errors={errors}
          onPaid={() => loaded.reload().catch((error: unknown) => errors.fail(error))}
        />
      )}
    </AssessingFrame>
  )
}

function TranchePayment({
  competitionId,
  grant,
  tranche,
  progress,
  errors,
  onPaid,
}: {
  competitionId: string
  grant: Grant
  tranche: Tranche
  progress: TrancheProgress | undefined
  errors: ReturnType<typeof usePageErrors>
  onPaid: () => Promise<void>
}) {
  const me = currentSession()?.user.id
  const amountPence = progress?.amountPence ?? tranche.amountPence
  const [paidOn, setPaidOn] = useState(londonToday())
  const [amount, setAmount] = useState(penceToPoundsInput(amountPence))
  const [reference, setReference] = useState('')
  const { busy, status, submit } = useSubmit(errors)
  const authoriser = progress ? authoriserOf(grant, tranche, progress) : undefined
  const payable = !!progress && (progress.status === 'due' || progress.status === 'scheduled')

  function record(event: Event) {
    event.preventDefault()
    let pence: number | undefined
    void submit({
      check: () => {
        const problems: ErrorItem[] = []
        if (!/^\d{4}-\d{2}-\d{2}$/.test(paidOn))
          problems.push({ id: 'payment-paidOn', text: 'Enter the date the payment was sent' })
        pence = parsePoundsToPence(amount)
        if (pence === undefined)
          problems.push({
            id: 'payment-amountPence',
            text: 'Enter the amount in pounds and pence, like 8350 or 8,350.00',
          })
        if (!reference.trim())
          problems.push({ id: 'payment-reference', text: 'Enter the payment’s reference from the finance system' })
        return problems
      },
      send: () =>
        call(
          api.competitions[':competitionId'].grants[':applicationId'].tranches[':trancheId'].payment.$post({
            param: { competitionId, applicationId: grant.applicationId, trancheId: tranche.id },
            json: { version: grant.version, paidOn, amountPence: pence!, reference: reference.trim() },
          }),
        ),
      resolve: fieldsUnder('payment'),
      done: (paid) => {
        void onPaid()
        return `Recorded the payment of ${formatPence(amountPence)} to ${paid.organisationName}${paid.status === 'completed' ? '. Every tranche is paid and every milestone approved: the grant is completed' : ''}.`
      },
    })
  }

  return (
    <>
      <dl class="summary-list">
        <div>
          <dt>Grantee</dt>
          <dd>{grant.organisationName}</dd>
        </div>
        <div>
          <dt>Tranche</dt>
          <dd>{tranche.label}</dd>
        </div>
        <div>
          <dt>Amount</dt>
          <dd>
            {formatPence(amountPence)} of the award of {formatPence(grant.awardPence)}
          </dd>
        </div>
        <div>
          <dt>Falls due</dt>
          <dd>{triggerText(grant, tranche)}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd id="tranche-status">
            {progress ? stateText(tranche, progress) : 'The grantee has not accepted the agreement yet'}
          </dd>
        </div>
      </dl>
      <div class="inset">
        <p>
          <strong>Four eyes.</strong> A payment is recorded by a different programme manager from the one who authorised
          it: who approved its milestone, or, for a payment on signing or on a date, who sent the agreement.
        </p>
      </div>
      {progress?.status === 'paid' && progress.payment ? (
        <div class="notice notice-success" id="payment-recorded">
          <p>
            Paid {formatPence(progress.payment.amountPence)} on {formatDay(progress.payment.paidOn)}, reference{' '}
            {progress.payment.reference}. Recorded by {progress.payment.recordedByName},{' '}
            {formatLondon(progress.payment.recordedAt)}.
          </p>
          <p>
            <a href={`/manage/competitions/${competitionId}/awards`}>See the budget</a>
          </p>
        </div>
      ) : payable ? (
        <>
          {authoriser && authoriser === me && (
            <div class="warning" id="four-eyes">
              <p>
                You authorised this tranche, so you cannot record its payment. Ask another programme manager to record
                it.
              </p>
            </div>
          )}
          <form noValidate onSubmit={record}>
            <TextInput
              id="payment-paidOn"
              label="Paid on"
              hint="The date the money was sent (UK). Not in the future, and not before the grantee accepted the agreement."
              type="date"
              width="m"
              value={paidOn}
              onValue={setPaidOn}
              error={errors.inline['payment-paidOn']}
            />
            <TextInput
              id="payment-amountPence"
              label="Amount"
              hint={`In pounds. A tranche is paid in full: this must be ${formatPence(amountPence)}.`}
              prefix="£"
              width="m"
              inputMode="decimal"
              value={amount}
              onValue={setAmount}
              error={errors.inline['payment-amountPence']}
            />
            <TextInput
              id="payment-reference"
              label="Payment reference"
              hint="From the finance system or bank, up to 100 characters."
              value={reference}
              onValue={setReference}
              error={errors.inline['payment-reference']}
            />
            <div class="button-group">
              <button type="submit" class="button" disabled={busy}>
                Record the payment
              </button>
            </div>
          </form>
        </>
      ) : null}
      <Status message={status} />
    </>
  )
}
