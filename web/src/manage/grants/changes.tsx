// "/manage/competitions/:id/grants/:applicationId/changes": the grantee's change requests to
// approve or refuse (a reason needed to refuse), and the manager's own changes: reduce the
// award, terminate the grant (after a confirmation step) and record a repayment; then every
// amendment made to the grant, who made it, when and what changed.
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatLondon } from '../../../../shared/dates.js'
import { formatPence, parsePoundsToPence } from '../../../../shared/money.js'
import type { ChangeRequest } from '../../../../shared/schemas/grant-changes.js'
import type { Grant } from '../../../../shared/schemas/grants.js'
import { api, call } from '../../api.js'
import { Time } from '../../components/competition-bits.js'
import { ConfirmAction } from '../../components/confirm.js'
import type { ErrorItem } from '../../components/errors.js'
import { Radios, Status, TextArea, TextInput } from '../../components/fields.js'
import { ChangeStatusTag, changeKindNames, describeChange } from '../../components/grant-change-bits.js'
import { fieldsUnder, type PageErrors, usePageErrors, useSubmit } from '../../components/forms.js'
import { AssessingFrame, Pending, useAssessing } from '../assessing/assessing-page.js'

type Data = { grant: Grant; changes: ChangeRequest[] }

const amendmentNames: Record<NonNullable<Grant['amendments']>[number]['kind'], string> = {
  extend: 'Milestone extended',
  scope: 'Scope changed',
  indicators: 'Indicators changed',
  reduce: 'Award reduced',
  terminate: 'Grant terminated',
  repayment: 'Repayment recorded',
}

const statusNames: Record<Grant['status'], string> = {
  draft: 'Draft: not yet sent',
  sent: 'Sent: waiting for the grantee to accept',
  active: 'Active',
  completed: 'Completed',
  terminated: 'Terminated',
}

export function GrantChangesManagerPage({ id, applicationId }: { id: string; applicationId: string }) {
  const param = { competitionId: id, applicationId }
  const loaded = useAssessing(id, async (): Promise<Data> => {
    const [grant, { items }] = await Promise.all([
      call(api.competitions[':competitionId'].grants[':applicationId'].$get({ param })),
      call(api.competitions[':competitionId'].grants[':applicationId'].changes.$get({ param })),
    ])
    return { grant, changes: items }
  })
  const errors = usePageErrors()
  const [said, setSaid] = useState<string>()
  const notice = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (said) notice.current?.focus()
  }, [said])
  const { page, data } = loaded
  if (!page || !data)
    return (
      <Pending
        failure={loaded.failure}
        what="the grant’s changes"
        notFound={{ title: 'Grant not found', text: 'There is no grant agreement for this application.' }}
      />
    )
  const { grant, changes } = data
  const title = (milestoneId: string) => grant.milestones.find((m) => m.id === milestoneId)?.title ?? milestoneId
  const done = async (message: string) => {
    await loaded.reload()
    setSaid(message)
  }
  const open = changes.filter((c) => c.status === 'open')
  const decided = changes.filter((c) => c.status !== 'open')
  const unpaid = grant.awardPence - grant.paidPence
  return (
    <AssessingFrame
      page={page}
      title={`Changes to ${grant.organisationName}’s grant`}
      errors={errors}
      onReload={loaded.reload}
      back={{ href: `/manage/competitions/${id}/grants/${applicationId}`, label: 'Back to the grant' }}
    >
      {said && (
        <div class="notice notice-success" tabIndex={-1} ref={notice}>
          <p>{said}</p>
        </div>
      )}
      <dl class="summary-list">
        <dt>Status</dt>
        <dd>{statusNames[grant.status]}</dd>
        <dt>Award</dt>
        <dd>{formatPence(grant.awardPence)}</dd>
        <dt>Paid</dt>
        <dd>{formatPence(grant.paidPence)}</dd>
        <dt>Not yet paid</dt>
        <dd>{formatPence(unpaid)}</dd>
      </dl>

      <section class="section" aria-labelledby="open-heading">
        <h2 id="open-heading">Requests waiting for a decision</h2>
        {open.length === 0 ? (
          <p>None.</p>
        ) : (
          open.map((change) => (
            <Decide
              key={change.id}
              change={change}
              grant={grant}
              describe={describeChange(change.request, title)}
              errors={errors}
              onDone={done}
            />
          ))
        )}
      </section>

      {grant.status === 'active' && <Reduce grant={grant} errors={errors} onDone={done} />}
      {(grant.status === 'sent' || grant.status === 'active') && (
        <Terminate grant={grant} errors={errors} onDone={done} />
      )}
      {grant.paidPence > 0 && <Repayment grant={grant} errors={errors} onDone={done} />}

      <section class="section" aria-labelledby="decided-heading">
        <h2 id="decided-heading">Requests decided</h2>
        {decided.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <ul class="list-plain">
            {decided.map((change) => (
              <li key={change.id}>
                <p>
                  <strong>{changeKindNames[change.request.kind]}</strong> <ChangeStatusTag status={change.status} />
                </p>
                <p class="multiline">{describeChange(change.request, title)}</p>
                <p class="meta">
                  Asked by {change.requestedByName}, <Time iso={change.requestedAt} />; {change.status} by{' '}
                  {change.decidedByName}
                  {change.decidedAt && (
                    <>
                      , <Time iso={change.decidedAt} />
                    </>
                  )}
                  {change.decisionReason && `: ${change.decisionReason}`}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="section" aria-labelledby="amendments-heading">
        <h2 id="amendments-heading">Amendments</h2>
        {!grant.amendments?.length ? (
          <p>The grant is as it was accepted.</p>
        ) : (
          <ol class="list-plain">
            {grant.amendments.map((amendment) => (
              <li key={amendment.version}>
                <p>
                  <strong>{amendmentNames[amendment.kind]}</strong> by {amendment.byName},{' '}
                  <time dateTime={amendment.at}>{formatLondon(amendment.at)}</time> (version {amendment.version})
                </p>
                <ul>
                  {amendment.changes.map((c) => (
                    <li key={c.field}>
                      {c.field}: {shown(c.field, c.from)} → {shown(c.field, c.to)}
                    </li>
                  ))}
                </ul>
                <p class="meta multiline">{amendment.reason}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </AssessingFrame>
  )
}

const shown = (field: string, value: string | number) =>
  typeof value === 'number' && field.endsWith('Pence') ? formatPence(value) : String(value)

type FormProps = { grant: Grant; errors: PageErrors; onDone: (message: string) => Promise<void> }

function Decide({ change, grant, describe, errors, onDone }: FormProps & { change: ChangeRequest; describe: string }) {
  const { busy, submit } = useSubmit(errors)
  const [decision, setDecision] = useState<'approve' | 'refuse' | ''>('')
  const [reason, setReason] = useState('')
  const prefix = `decide-${change.id}`
  return (
    <form
      class="section"
      aria-labelledby={`${prefix}-heading`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void submit({
          check: () => {
            const problems: ErrorItem[] = []
            if (!decision) problems.push({ id: `${prefix}-decision`, text: 'Choose whether to approve or refuse' })
            if (decision === 'refuse' && !reason.trim())
              problems.push({ id: `${prefix}-reason`, text: 'Give a reason to refuse: the grantee will see it' })
            return problems
          },
          send: () =>
            call(
              api.competitions[':competitionId'].grants[':applicationId'].changes[':changeId'].decision.$post({
                param: { competitionId: grant.competitionId, applicationId: grant.applicationId, changeId: change.id },
                json: { decision: decision || 'approve', reason, version: change.version },
              }),
            ),
          resolve: fieldsUnder(prefix),
          done: () => {
            void onDone(`The request was ${decision === 'approve' ? 'approved and applied' : 'refused'}.`)
          },
        })
      }}
    >
      <h3 id={`${prefix}-heading`} class="heading-s">
        {changeKindNames[change.request.kind]}
      </h3>
      <dl class="summary-list">
        <dt>Asks</dt>
        <dd class="multiline">{describe}</dd>
        <dt>Why</dt>
        <dd class="multiline">{change.request.reason}</dd>
        <dt>Asked</dt>
        <dd>
          <Time iso={change.requestedAt} /> by {change.requestedByName}
        </dd>
      </dl>
      <Radios
        id={`${prefix}-decision`}
        legend="Your decision"
        value={decision}
        onValue={setDecision}
        inline
        error={errors.inline[`${prefix}-decision`]}
        options={[
          { value: 'approve', label: 'Approve' },
          { value: 'refuse', label: 'Refuse' },
        ]}
      />
      <TextArea
        id={`${prefix}-reason`}
        label="Reason"
        hint="Required to refuse. The grantee sees it."
        rows={3}
        value={reason}
        onValue={setReason}
        error={errors.inline[`${prefix}-reason`]}
      />
      <button type="submit" class="button" disabled={busy}>
        Save the decision
      </button>
    </form>
  )
}

function Reduce({ grant, errors, onDone }: FormProps) {
  const { busy, submit } = useSubmit(errors)
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  return (
    <form
      class="section"
      aria-labelledby="reduce-heading"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void submit({
          check: () => [
            ...(parsePoundsToPence(amount) === undefined
              ? [{ id: 'reduce-amountPence', text: 'Enter the new award in pounds, for example 12000' }]
              : []),
            ...(reason.trim() ? [] : [{ id: 'reduce-reason', text: 'Give a reason for the reduction' }]),
          ],
          send: () =>
            call(
              api.competitions[':competitionId'].grants[':applicationId'].reduce.$post({
                param: { competitionId: grant.competitionId, applicationId: grant.applicationId },
                json: { amountPence: parsePoundsToPence(amount) ?? 0, reason, version: grant.version },
              }),
            ),
          resolve: fieldsUnder('reduce'),
          done: (next) => {
            void onDone(
              `The award is now ${formatPence(next.awardPence)}: ${formatPence(grant.awardPence - next.awardPence)} went back to the pot.`,
            )
          },
        })
      }}
    >
      <h2 id="reduce-heading">Reduce the award</h2>
      <p>
        The difference goes back to the pot, taken from the unpaid payments, the last first. Money already paid comes
        back only as a repayment.
      </p>
      <TextInput
        id="reduce-amountPence"
        label="New award"
        hint={`Less than ${formatPence(grant.awardPence)}, and at least the ${formatPence(grant.paidPence)} paid.`}
        prefix="£"
        inputMode="decimal"
        width="s"
        value={amount}
        onValue={setAmount}
        error={errors.inline['reduce-amountPence']}
      />
      <TextArea
        id="reduce-reason"
        label="Reason"
        rows={3}
        value={reason}
        onValue={setReason}
        error={errors.inline['reduce-reason']}
      />
      <button type="submit" class="button" disabled={busy}>
        Reduce the award
      </button>
    </form>
  )
}

function Terminate({ grant, errors, onDone }: FormProps) {
  const { busy, submit } = useSubmit(errors)
  const [reason, setReason] = useState('')
  const [confirming, setConfirming] = useState(false)
  const unpaid = grant.awardPence - grant.paidPence
  return (
    <section class="section" aria-labelledby="terminate-heading">
      <h2 id="terminate-heading">Terminate the grant</h2>
      <p>
        Every unpaid payment is cancelled and {formatPence(unpaid)} goes back to the pot. Requests waiting for a
        decision are refused. This cannot be undone.
      </p>
      <TextArea
        id="terminate-reason"
        label="Reason"
        rows={3}
        value={reason}
        onValue={setReason}
        error={errors.inline['terminate-reason']}
      />
      <ConfirmAction
        id="terminate"
        label="Terminate the grant"
        tone="button-warning"
        busy={busy}
        confirming={confirming}
        setConfirming={setConfirming}
        question={
          <>
            <strong>Terminate {grant.organisationName}’s grant?</strong> {formatPence(unpaid)} not yet paid goes back to
            the pot.
          </>
        }
        yes="Yes, terminate the grant"
        onYes={() =>
          void submit({
            check: () => (reason.trim() ? [] : [{ id: 'terminate-reason', text: 'Give a reason for terminating' }]),
            send: () =>
              call(
                api.competitions[':competitionId'].grants[':applicationId'].terminate.$post({
                  param: { competitionId: grant.competitionId, applicationId: grant.applicationId },
                  json: { reason, version: grant.version },
                }),
              ),
            resolve: fieldsUnder('terminate'),
            done: () => {
              setConfirming(false)
              void onDone(`The grant was terminated: ${formatPence(unpaid)} went back to the pot.`)
            },
          })
        }
      />
    </section>
  )
}

function Repayment({ grant, errors, onDone }: FormProps) {
  const { busy, submit } = useSubmit(errors)
  const [amount, setAmount] = useState('')
  const [receivedOn, setReceivedOn] = useState('')
  const [reference, setReference] = useState('')
  const [reason, setReason] = useState('')
  return (
    <form
      class="section"
      aria-labelledby="repayment-heading"
      noValidate
      onSubmit={(event) => {
        event.preventDefault()
        void submit({
          check: () => [
            ...(parsePoundsToPence(amount) === undefined
              ? [{ id: 'repayment-amountPence', text: 'Enter the amount repaid in pounds' }]
              : []),
            ...(/^\d{4}-\d{2}-\d{2}$/.test(receivedOn.trim())
              ? []
              : [{ id: 'repayment-receivedOn', text: 'Enter the date received as year-month-day' }]),
            ...(reference.trim() ? [] : [{ id: 'repayment-reference', text: 'Enter the payment reference' }]),
            ...(reason.trim() ? [] : [{ id: 'repayment-reason', text: 'Give a reason for the repayment' }]),
          ],
          send: () =>
            call(
              api.competitions[':competitionId'].grants[':applicationId'].repayment.$post({
                param: { competitionId: grant.competitionId, applicationId: grant.applicationId },
                json: {
                  amountPence: parsePoundsToPence(amount) ?? 0,
                  receivedOn: receivedOn.trim(),
                  reference,
                  reason,
                  version: grant.version,
                },
              }),
            ),
          resolve: fieldsUnder('repayment'),
          done: () => {
            void onDone(`The repayment of ${formatPence(parsePoundsToPence(amount) ?? 0)} was recorded.`)
          },
        })
      }}
    >
      <h2 id="repayment-heading">Record a repayment</h2>
      <p>Money the grantee paid back: it comes off what is paid and goes back to the pot.</p>
      <TextInput
        id="repayment-amountPence"
        label="Amount repaid"
        hint={`At most the ${formatPence(grant.paidPence)} paid.`}
        prefix="£"
        inputMode="decimal"
        width="s"
        value={amount}
        onValue={setAmount}
        error={errors.inline['repayment-amountPence']}
      />
      <TextInput
        id="repayment-receivedOn"
        label="Date received"
        hint="As year-month-day, for example 2027-05-01."
        width="s"
        value={receivedOn}
        onValue={setReceivedOn}
        error={errors.inline['repayment-receivedOn']}
      />
      <TextInput
        id="repayment-reference"
        label="Payment reference"
        width="m"
        value={reference}
        onValue={setReference}
        error={errors.inline['repayment-reference']}
      />
      <TextArea
        id="repayment-reason"
        label="Reason"
        rows={3}
        value={reason}
        onValue={setReason}
        error={errors.inline['repayment-reason']}
      />
      <button type="submit" class="button" disabled={busy}>
        Record the repayment
      </button>
      <Status message={busy ? 'Saving…' : undefined} />
    </form>
  )
}
