// "/applications/:id/grant/changes": the grantee asks for a change to their active grant (more
// time for a milestone, a change of scope, a smaller award), with a reason, and sees each
// request's answer. Changes to the indicators are asked for through the API or the programme team.
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatPence, parsePoundsToPence } from '../../../../shared/money.js'
import type { GranteeChangeRequest } from '../../../../shared/schemas/grant-changes.js'
import type { GranteeGrant } from '../../../../shared/schemas/grants.js'
import { api, call } from '../../api.js'
import { Time } from '../../components/competition-bits.js'
import { ErrorSummary } from '../../components/error-summary.js'
import type { ErrorItem } from '../../components/errors.js'
import { Radios, Select, Status, TextArea, TextInput } from '../../components/fields.js'
import { ChangeStatusTag, changeKindNames, describeChange, longDate } from '../../components/grant-change-bits.js'
import { fieldsUnder, usePageErrors, useSubmit } from '../../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../../components/page.js'
import { ApplicantsOnly } from '../guard.js'

const TITLE = 'Changes to your grant'

export function GrantChangesPage({ id }: { id: string }) {
  return (
    <ApplicantsOnly title={TITLE}>
      <Loader id={id} />
    </ApplicantsOnly>
  )
}

type Loaded = { grant: GranteeGrant; changes: GranteeChangeRequest[] }

function Loader({ id }: { id: string }) {
  const [loaded, setLoaded] = useState<Loaded>()
  const [failure, setFailure] = useState<unknown>()
  const read = () =>
    Promise.all([
      call(api.applications[':applicationId'].grant.$get({ param: { applicationId: id } })),
      call(api.applications[':applicationId'].grant.changes.$get({ param: { applicationId: id } })),
    ]).then(([grant, { items }]) => setLoaded({ grant, changes: items }))
  useEffect(() => {
    read().catch(setFailure)
  }, [id])
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{
          title: 'Grant not found',
          text: 'There is no grant agreement for this application, or you cannot see it.',
        }}
        failed="Sorry, this page could not be loaded"
        back={{ href: `/applications/${id}`, label: 'Back to your expression of interest' }}
      />
    )
  if (!loaded) return <Loading what="your grant" />
  return <ChangesView applicationId={id} {...loaded} reload={read} />
}

function ChangesView({
  applicationId,
  grant,
  changes,
  reload,
}: Loaded & { applicationId: string; reload: () => Promise<void> }) {
  const errors = usePageErrors()
  const title = (milestoneId: string) => grant.milestones.find((m) => m.id === milestoneId)?.title ?? milestoneId
  const open = changes.filter((c) => c.status === 'open').length
  return (
    <>
      <a href={`/applications/${applicationId}/grant`} class="back-link">
        Your grant agreement
      </a>
      <ErrorSummary errors={errors.errors} />
      <PageHeading title={TITLE} caption={grant.organisationName} hasErrors={!!errors.errors} />
      <p>
        Ask the programme team for more time for a milestone, a change to the scope of the work or a smaller award. They
        approve or refuse each request, and you will see their answer here. Your award is{' '}
        {formatPence(grant.awardPence)}; {formatPence(grant.paidPence)} has been paid.
      </p>
      <section class="section" aria-labelledby="requests-heading">
        <h2 id="requests-heading">Your requests</h2>
        {changes.length === 0 ? (
          <p>You have not asked for any changes.</p>
        ) : (
          <ul class="list-plain">
            {changes.map((change) => (
              <li key={change.id} class="section">
                <h3 class="heading-s">
                  {changeKindNames[change.request.kind]} <ChangeStatusTag status={change.status} />
                </h3>
                <dl class="summary-list">
                  <dt>What you asked</dt>
                  <dd class="multiline">{describeChange(change.request, title)}</dd>
                  <dt>Why</dt>
                  <dd class="multiline">{change.request.reason}</dd>
                  <dt>Asked</dt>
                  <dd>
                    <Time iso={change.requestedAt} /> by {change.requestedByName}
                  </dd>
                  {change.decidedAt && (
                    <>
                      <dt>Answered</dt>
                      <dd>
                        <Time iso={change.decidedAt} />
                      </dd>
                    </>
                  )}
                  {change.decisionReason && (
                    <>
                      <dt>The programme team said</dt>
                      <dd class="multiline">{change.decisionReason}</dd>
                    </>
                  )}
                </dl>
              </li>
            ))}
          </ul>
        )}
      </section>
      {grant.status === 'active' ? (
        open >= 3 ? (
          <p>You have 3 requests waiting for a decision: you can ask for another once one is answered.</p>
        ) : (
          <AskForm grant={grant} errors={errors} reload={reload} />
        )
      ) : (
        <p>Changes can be asked for while the grant is active. This grant is {grant.status}.</p>
      )}
    </>
  )
}

type Kind = 'extend' | 'scope' | 'reduce'

function AskForm({
  grant,
  errors,
  reload,
}: {
  grant: GranteeGrant
  errors: ReturnType<typeof usePageErrors>
  reload: () => Promise<void>
}) {
  const { busy, status, submit } = useSubmit(errors)
  const milestones = grant.milestones.filter((m) => grant.progress?.milestones[m.id]?.status !== 'approved')
  const [kind, setKind] = useState<Kind | ''>('')
  const [milestoneId, setMilestoneId] = useState(milestones[0]?.id ?? '')
  const [newDueOn, setNewDueOn] = useState('')
  const [scope, setScope] = useState(grant.scope ?? '')
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const done = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (status) done.current?.focus()
  }, [status])
  const dueNow = grant.progress?.milestones[milestoneId]?.dueOn
  const resolve = fieldsUnder('change')

  function check(): ErrorItem[] {
    const problems: ErrorItem[] = []
    if (!kind) problems.push({ id: 'change-kind', text: 'Choose what you want to change' })
    if (kind === 'extend' && !/^\d{4}-\d{2}-\d{2}$/.test(newDueOn.trim()))
      problems.push({ id: 'change-newDueOn', text: 'Enter the new date as year-month-day, for example 2027-10-31' })
    if (kind === 'scope' && !scope.trim())
      problems.push({ id: 'change-scope', text: 'Describe the work as it would be' })
    if (kind === 'reduce' && parsePoundsToPence(amount) === undefined)
      problems.push({ id: 'change-amountPence', text: 'Enter the smaller award in pounds, for example 12000' })
    if (!reason.trim()) problems.push({ id: 'change-reason', text: 'Say why you need the change' })
    return problems
  }

  const body = () =>
    kind === 'extend'
      ? { kind, milestoneId, newDueOn: newDueOn.trim(), reason }
      : kind === 'scope'
        ? { kind, scope, reason }
        : { kind: 'reduce' as const, amountPence: parsePoundsToPence(amount) ?? 0, reason }

  return (
    <section class="section" aria-labelledby="ask-heading">
      <h2 id="ask-heading">Ask for a change</h2>
      {status && (
        <div class="notice notice-success" tabIndex={-1} ref={done}>
          <p>{status}</p>
        </div>
      )}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          void submit({
            check,
            send: () =>
              call(
                api.applications[':applicationId'].grant.changes.$post({
                  param: { applicationId: grant.applicationId },
                  json: body(),
                }),
              ),
            resolve,
            done: (change) => {
              setKind('')
              setNewDueOn('')
              setAmount('')
              setReason('')
              void reload()
              return `Your request was sent: ${describeChange(change.request, (id) => grant.milestones.find((m) => m.id === id)?.title ?? id)} The programme team will answer it here.`
            },
          })
        }}
      >
        <Radios<Kind>
          id="change-kind"
          legend="What do you want to change?"
          legendClass="legend-m"
          value={kind}
          onValue={setKind}
          error={errors.inline['change-kind']}
          options={[
            ...(milestones.length ? [{ value: 'extend' as const, label: changeKindNames.extend }] : []),
            { value: 'scope', label: changeKindNames.scope },
            { value: 'reduce', label: changeKindNames.reduce },
          ]}
        />
        {kind === 'extend' && (
          <>
            <Select
              id="change-milestoneId"
              label="Milestone"
              value={milestoneId}
              onValue={setMilestoneId}
              error={errors.inline['change-milestoneId']}
              options={milestones.map((m) => ({
                value: m.id,
                label: `${m.title} (due ${longDate(grant.progress?.milestones[m.id]?.dueOn ?? m.dueOn)})`,
              }))}
            />
            <TextInput
              id="change-newDueOn"
              label="New due date"
              hint={`As year-month-day, for example 2027-10-31. It must be after ${dueNow ? longDate(dueNow) : 'the date it is due now'}; a date after the grant ends (${longDate(grant.endsOn)}) moves the end date too.`}
              value={newDueOn}
              onValue={setNewDueOn}
              width="s"
              error={errors.inline['change-newDueOn']}
            />
          </>
        )}
        {kind === 'scope' && (
          <TextArea
            id="change-scope"
            label="The work as it would be"
            hint="Describe the whole of the work after the change."
            value={scope}
            onValue={setScope}
            error={errors.inline['change-scope']}
          />
        )}
        {kind === 'reduce' && (
          <TextInput
            id="change-amountPence"
            label="The smaller award"
            hint={`Less than your award of ${formatPence(grant.awardPence)}, and at least the ${formatPence(grant.paidPence)} paid.`}
            prefix="£"
            inputMode="decimal"
            width="s"
            value={amount}
            onValue={setAmount}
            error={errors.inline['change-amountPence']}
          />
        )}
        <TextArea
          id="change-reason"
          label="Why you need the change"
          value={reason}
          onValue={setReason}
          error={errors.inline['change-reason']}
        />
        <button type="submit" class="button" disabled={busy}>
          Send the request
        </button>
        <Status message={busy ? 'Sending…' : undefined} />
      </form>
    </section>
  )
}
