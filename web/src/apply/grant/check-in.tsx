// "/applications/:id/grant/check-ins/:round": the grantee's check-in 6 or 12 months after their
// grant ends. Before it opens it says when; once open, a short form prefilled with what is
// already known (the 6-month answers, or the grant's latest indicator actuals), with "nothing
// to report" as a choice that needs nothing else; once submitted, what was sent (it is fixed).
import { Fragment } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatPence, parsePoundsToPence, penceToPoundsInput } from '../../../../shared/money.js'
import type {
  CheckInInput,
  FundingType,
  GranteeCheckIn,
  GranteeCheckIns,
} from '../../../../shared/schemas/grant-programme.js'
import { api, call } from '../../api.js'
import { Time } from '../../components/competition-bits.js'
import { ErrorSummary } from '../../components/error-summary.js'
import type { ErrorItem } from '../../components/errors.js'
import { Checkboxes, Select, TextArea, TextInput } from '../../components/fields.js'
import { fieldsUnder, usePageErrors, useSubmit } from '../../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../../components/page.js'

const fundingTypes: { value: FundingType; label: string }[] = [
  { value: 'grant', label: 'Grant' },
  { value: 'loan', label: 'Loan' },
  { value: 'equity', label: 'Equity investment' },
  { value: 'contract', label: 'Contract' },
  { value: 'other', label: 'Other' },
]
const typeLabel = (type: FundingType) => fundingTypes.find((t) => t.value === type)?.label ?? type

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
const formatDay = (date: string) => dateFormat.format(new Date(`${date}T00:00:00Z`))

type FundingRow = { key: number; source: string; amount: string; type: FundingType }
let rowKeys = 0

export function CheckInPage({ id, round }: { id: string; round: string }) {
  const [view, setView] = useState<GranteeCheckIns>()
  const [failure, setFailure] = useState<unknown>()
  useEffect(() => {
    call(api.applications[':applicationId'].grant['check-ins'].$get({ param: { applicationId: id } })).then(
      setView,
      setFailure,
    )
  }, [id])
  const back = { href: `/applications/${id}/grant`, label: 'Back to your grant' }
  const current = view?.rounds.find((r) => r.round === round)
  if (failure || (view && !current))
    return (
      <LoadFailure
        failure={failure ?? { status: 404 }}
        notFound={{ title: 'Check-in not found', text: 'There is no such check-in for your grant.' }}
        failed="Sorry, the check-in could not be loaded"
        back={back}
      />
    )
  if (!view || !current) return <Loading what="your check-in" />
  const title = `Your ${round}-month check-in`
  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      {current.state === 'open' ? (
        <CheckInForm view={view} round={current.round} onSubmitted={setView} />
      ) : (
        <>
          <PageHeading title={title} caption={view.organisationName} />
          {current.state === 'upcoming' && (
            <p>
              This check-in opens on {formatDay(current.opensOn)}, {round} months after your grant ends on{' '}
              {formatDay(view.endsOn)}. We will email you when it opens.
            </p>
          )}
          {current.submitted && <Submitted checkIn={current.submitted} view={view} />}
        </>
      )}
    </>
  )
}

function Submitted({ checkIn, view }: { checkIn: GranteeCheckIn; view: GranteeCheckIns }) {
  return (
    <>
      <p>
        Submitted <Time iso={checkIn.submittedAt} /> by {checkIn.submittedByName}. Thank you: it cannot be changed now.
      </p>
      {checkIn.nothingToReport ? (
        <p>You told us there is nothing to report.</p>
      ) : (
        <dl class="summary-list">
          <dt>Follow-on funding</dt>
          <dd>
            {checkIn.followOnFunding.length ? (
              <ul class="list-plain">
                {checkIn.followOnFunding.map((f, i) => (
                  <li key={i}>
                    {f.source}: {formatPence(f.amountPence)} ({typeLabel(f.type).toLowerCase()})
                  </li>
                ))}
              </ul>
            ) : (
              'None'
            )}
          </dd>
          <dt>Public bodies using the solution</dt>
          <dd>{checkIn.publicBodies.length ? checkIn.publicBodies.join('; ') : 'None'}</dd>
          <dt>Jobs</dt>
          <dd>
            {checkIn.jobs?.created ?? 0} created, {checkIn.jobs?.safeguarded ?? 0} safeguarded
          </dd>
          {view.indicators.map((indicator) => {
            const actual = checkIn.actuals.find((a) => a.indicatorId === indicator.id)
            return (
              <Fragment key={indicator.id}>
                <dt>{indicator.measure}</dt>
                <dd>{actual ? `${actual.value} ${indicator.unit}` : 'Not given'}</dd>
              </Fragment>
            )
          })}
        </dl>
      )}
    </>
  )
}

function CheckInForm({
  view,
  round,
  onSubmitted,
}: {
  view: GranteeCheckIns
  round: '6' | '12'
  onSubmitted: (view: GranteeCheckIns) => void
}) {
  const draft = view.rounds.find((r) => r.round === round)!.draft!
  const [nothing, setNothing] = useState(false)
  const [created, setCreated] = useState(String(draft.jobs.created))
  const [safeguarded, setSafeguarded] = useState(String(draft.jobs.safeguarded))
  const [bodies, setBodies] = useState(draft.publicBodies.join('\n'))
  const [funding, setFunding] = useState<FundingRow[]>(
    draft.followOnFunding.map((f) => ({
      key: ++rowKeys,
      source: f.source,
      amount: penceToPoundsInput(f.amountPence),
      type: f.type,
    })),
  )
  const [actuals, setActuals] = useState<Record<string, string>>(
    Object.fromEntries(draft.actuals.map((a) => [a.indicatorId, String(a.value)])),
  )
  const errors = usePageErrors()
  const { busy, submit } = useSubmit(errors)
  const { inline } = errors
  const added = useRef<number>()
  useEffect(() => {
    if (added.current !== undefined) document.getElementById(`checkin-followOnFunding-${added.current}-source`)?.focus()
    added.current = undefined
  }, [funding.length])

  const whole = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : undefined)
  const measure = (text: string) => (text.trim() && Number.isFinite(Number(text)) ? Number(text) : undefined)

  function build(): { input?: CheckInInput; problems: ErrorItem[]; actualIds: string[] } {
    if (nothing) return { input: { nothingToReport: true } as CheckInInput, problems: [], actualIds: [] }
    const problems: ErrorItem[] = []
    const jobsCreated = whole(created)
    const jobsSafeguarded = whole(safeguarded)
    if (jobsCreated === undefined)
      problems.push({ id: 'checkin-jobs-created', text: 'Enter the number of jobs created, as a whole number' })
    if (jobsSafeguarded === undefined)
      problems.push({ id: 'checkin-jobs-safeguarded', text: 'Enter the number of jobs safeguarded, as a whole number' })
    const followOnFunding = funding.map((row, i) => {
      const amountPence = parsePoundsToPence(row.amount)
      if (!row.source.trim())
        problems.push({ id: `checkin-followOnFunding-${i}-source`, text: `Enter who funding ${i + 1} is from` })
      if (amountPence === undefined || amountPence < 1)
        problems.push({
          id: `checkin-followOnFunding-${i}-amountPence`,
          text: `Enter the amount of funding ${i + 1} in pounds, like 25000 or 25000.50`,
        })
      return { source: row.source.trim(), amountPence: amountPence ?? 0, type: row.type }
    })
    const actualIds: string[] = []
    const values = view.indicators.flatMap((indicator) => {
      const text = actuals[indicator.id] ?? ''
      if (!text.trim()) return []
      const value = measure(text)
      if (value === undefined) {
        problems.push({ id: `checkin-actual-${indicator.id}`, text: `Enter ${indicator.measure} as a number` })
        return []
      }
      actualIds.push(indicator.id)
      return [{ indicatorId: indicator.id, value }]
    })
    return {
      problems,
      actualIds,
      input: {
        nothingToReport: false,
        followOnFunding,
        publicBodies: bodies
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
        jobs: { created: jobsCreated ?? 0, safeguarded: jobsSafeguarded ?? 0 },
        actuals: values,
      },
    }
  }

  function send(event: Event) {
    event.preventDefault()
    const built = build()
    const under = fieldsUnder('checkin', {
      publicBodies: { id: 'checkin-publicBodies', label: 'Public bodies' },
      nothingToReport: { id: 'checkin-nothing', label: 'Nothing to report' },
    })
    void submit({
      check: () => built.problems,
      send: () =>
        call(
          api.applications[':applicationId'].grant['check-ins'][':round'].$put({
            param: { applicationId: view.applicationId, round },
            json: built.input!,
          }),
        ),
      resolve: (field) => {
        const actual = /^actuals\.(\d+)\./.exec(field)
        if (actual) {
          const indicatorId = built.actualIds[Number(actual[1])]
          const indicator = view.indicators.find((i) => i.id === indicatorId)
          return indicator ? { id: `checkin-actual-${indicator.id}`, label: indicator.measure } : {}
        }
        if (/^publicBodies\./.test(field)) return { id: 'checkin-publicBodies', label: 'Public bodies' }
        return under(field)
      },
      done: (submitted) => {
        onSubmitted({
          ...view,
          rounds: view.rounds.map((r) =>
            r.round === round ? { round, opensOn: r.opensOn, state: 'submitted' as const, submitted } : r,
          ),
        })
      },
    })
  }

  return (
    <>
      <ErrorSummary errors={errors.errors} />
      <PageHeading title={`Your ${round}-month check-in`} caption={view.organisationName} hasErrors={!!errors.errors} />
      <p>
        Tell us how things have gone since your grant ended on {formatDay(view.endsOn)}.{' '}
        {draft.prefilledFrom === 'round-6'
          ? 'We have filled in your answers from the 6-month check-in: change anything that is different now.'
          : draft.prefilledFrom === 'grant'
            ? 'We have filled in the latest figures we have for your indicators: change anything that is different now.'
            : ''}
      </p>
      <form noValidate onSubmit={send}>
        <Checkboxes
          id="checkin-nothing"
          legend="Is there anything to report?"
          options={[
            {
              value: 'nothing',
              label: 'There is nothing to report',
              hint: 'No follow-on funding, no new users, no jobs and no new figures. You need not fill in anything else.',
            },
          ]}
          values={nothing ? ['nothing'] : []}
          onValues={(values) => setNothing(values.includes('nothing'))}
          error={inline['checkin-nothing']}
        />
        {!nothing && (
          <>
            <fieldset class="section">
              <legend class="legend-m">Jobs</legend>
              <TextInput
                id="checkin-jobs-created"
                label="Jobs created"
                width="s"
                inputMode="numeric"
                value={created}
                onValue={setCreated}
                error={inline['checkin-jobs-created']}
              />
              <TextInput
                id="checkin-jobs-safeguarded"
                label="Jobs safeguarded"
                width="s"
                inputMode="numeric"
                value={safeguarded}
                onValue={setSafeguarded}
                error={inline['checkin-jobs-safeguarded']}
              />
            </fieldset>
            <fieldset class="section">
              <legend class="legend-m">Follow-on funding</legend>
              {funding.length === 0 && <p>None added.</p>}
              {funding.map((row, i) => {
                const change = (part: Partial<FundingRow>) =>
                  setFunding(funding.map((r) => (r.key === row.key ? { ...r, ...part } : r)))
                return (
                  <fieldset key={row.key} class="inset">
                    <legend>Funding {i + 1}</legend>
                    <TextInput
                      id={`checkin-followOnFunding-${i}-source`}
                      label="Who it is from"
                      value={row.source}
                      onValue={(source) => change({ source })}
                      error={inline[`checkin-followOnFunding-${i}-source`]}
                    />
                    <TextInput
                      id={`checkin-followOnFunding-${i}-amountPence`}
                      label="Amount"
                      prefix="£"
                      width="s"
                      inputMode="decimal"
                      value={row.amount}
                      onValue={(amount) => change({ amount })}
                      error={inline[`checkin-followOnFunding-${i}-amountPence`]}
                    />
                    <Select
                      id={`checkin-followOnFunding-${i}-type`}
                      label="Kind of funding"
                      value={row.type}
                      onValue={(type) => change({ type })}
                      options={fundingTypes}
                    />
                    <button
                      type="button"
                      class="button button-secondary"
                      onClick={() => setFunding(funding.filter((r) => r.key !== row.key))}
                    >
                      Remove funding {i + 1}
                    </button>
                  </fieldset>
                )
              })}
              <button
                type="button"
                class="button button-secondary"
                onClick={() => {
                  added.current = funding.length
                  setFunding([...funding, { key: ++rowKeys, source: '', amount: '', type: 'grant' }])
                }}
              >
                Add {funding.length ? 'more' : ''} funding
              </button>
            </fieldset>
            <TextArea
              id="checkin-publicBodies"
              label="Public bodies now using your solution"
              hint="One on each line, for example a council or an NHS trust. Leave it empty if there are none."
              rows={4}
              value={bodies}
              onValue={setBodies}
              error={inline['checkin-publicBodies']}
            />
            {view.indicators.length > 0 && (
              <fieldset class="section">
                <legend class="legend-m">Your indicators now</legend>
                {view.indicators.map((indicator) => (
                  <TextInput
                    key={indicator.id}
                    id={`checkin-actual-${indicator.id}`}
                    label={indicator.measure}
                    hint={`In ${indicator.unit}; ${indicator.better} is better. Leave it empty if you do not know.`}
                    width="s"
                    inputMode="decimal"
                    value={actuals[indicator.id] ?? ''}
                    onValue={(value) => setActuals({ ...actuals, [indicator.id]: value })}
                    error={inline[`checkin-actual-${indicator.id}`]}
                  />
                ))}
              </fieldset>
            )}
          </>
        )}
        <button type="submit" class="button" disabled={busy}>
          Submit check-in
        </button>
      </form>
    </>
  )
}
