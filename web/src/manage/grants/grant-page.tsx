// "/manage/competitions/:id/grants/:applicationId": one accepted award's grant. Until the grantee
// accepts it, the set-up form: dates, the offer's conditions (read-only), milestones, the payment
// schedule (a running total against the award, to the penny), indicators and private notes; Save
// (at the version read) and Send to the grantee. The API's problems go to the error summary,
// each linking to its input (`tranches.2.percent` → #grant-tranches-2-percent). Once accepted,
// the agreement read-only with its progress: milestones (with their reports), tranches (with
// "Record payment" when due), indicators with actuals, and the link to change requests.
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatLondon } from '../../../../shared/dates.js'
import { parsePoundsToPence, penceToPoundsInput } from '../../../../shared/money.js'
import type { GrantListRow } from '../../../../shared/schemas/grant-list.js'
import type { Grant, GrantSetupInput, Indicator, Milestone, TrancheInput } from '../../../../shared/schemas/grants.js'
import { api, ApiError, call } from '../../api.js'
import type { ErrorItem, FieldResolver } from '../../components/errors.js'
import { Radios, Select, Status, TextArea, TextInput } from '../../components/fields.js'
import { fieldsUnder, usePageErrors, useSubmit, type PageErrors } from '../../components/forms.js'
import {
  AgreementTerms,
  formatPenny,
  GrantTag,
  IndicatorsTable,
  MilestonesTable,
  TranchesTable,
} from '../../components/grant-bits.js'
import { AssessingFrame, Pending, useAssessing } from '../assessing/assessing-page.js'
import { grantsPath } from './grants-list.js'

type Loaded = { row?: GrantListRow; grant?: Grant }

async function readGrant(competitionId: string, applicationId: string): Promise<Loaded> {
  const param = { competitionId, applicationId }
  const [list, grant] = await Promise.all([
    call(api.competitions[':competitionId'].grants.$get({ param: { competitionId } })),
    call(api.competitions[':competitionId'].grants[':applicationId'].$get({ param })).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return undefined
      throw error
    }),
  ])
  const row = list.rows.find((r) => r.applicationId === applicationId)
  if (!row && !grant)
    throw new ApiError({ type: '/api/docs#problem-not-found', title: 'Not found', status: 404, detail: 'No award' })
  return { row, grant }
}

export function GrantPage({ id, applicationId }: { id: string; applicationId: string }) {
  const loaded = useAssessing(id, () => readGrant(id, applicationId), [applicationId])
  const errors = usePageErrors()
  const { page, data } = loaded
  if (!page || !data)
    return (
      <Pending
        failure={loaded.failure}
        what="the grant"
        notFound={{ title: 'Grant not found', text: 'There is no accepted award for this application.' }}
      />
    )
  const { row, grant } = data
  const name = grant?.organisationName ?? row!.organisationName
  const accepted = !!grant && grant.status !== 'draft' && grant.status !== 'sent'
  return (
    <AssessingFrame
      page={page}
      title={`Grant to ${name}`}
      errors={errors}
      onReload={loaded.reload}
      back={{ href: grantsPath(id), label: 'Back to the grants' }}
    >
      <p>
        <GrantTag status={grant?.status ?? 'none'} />
      </p>
      {accepted ? (
        <AcceptedGrant competitionId={id} grant={grant} />
      ) : (
        <SetupForm
          key={loaded.generation}
          competitionId={id}
          applicationId={applicationId}
          row={row}
          grant={grant}
          errors={errors}
          onSaved={(saved) => loaded.update((d) => ({ ...d, grant: saved }))}
        />
      )}
    </AssessingFrame>
  )
}

// — After acceptance —

function AcceptedGrant({ competitionId, grant }: { competitionId: string; grant: Grant }) {
  const base = grantsPath(competitionId, grant.applicationId)
  return (
    <>
      <p>
        {grant.acceptedByName ?? 'The grantee'} accepted this agreement
        {grant.acceptedAt ? ` on ${formatLondon(grant.acceptedAt)}` : ''}. It is fixed: a change goes through a{' '}
        <a href={`${base}/changes`}>change request</a>.
      </p>
      <section class="section" aria-labelledby="agreement-heading">
        <h2 id="agreement-heading">The agreement</h2>
        <AgreementTerms grant={grant}>
          <dt>Paid so far</dt>
          <dd>
            {formatPenny(grant.paidPence)} of {formatPenny(grant.awardPence)}
          </dd>
          <dt>Private notes</dt>
          <dd class="multiline">{grant.notes || 'None'}</dd>
        </AgreementTerms>
      </section>
      <section class="section" aria-labelledby="milestones-heading">
        <h2 id="milestones-heading">Milestones</h2>
        <MilestonesTable
          grant={grant}
          link={(milestoneId, status) =>
            status === 'submitted' || status === 'queried' || status === 'approved'
              ? {
                  href: `${base}/reports/${milestoneId}`,
                  text: status === 'submitted' ? 'Review the report' : 'See the report',
                }
              : undefined
          }
        />
      </section>
      <section class="section" aria-labelledby="tranches-heading">
        <h2 id="tranches-heading">Payments</h2>
        <TranchesTable
          grant={grant}
          link={(trancheId, status) =>
            status === 'due' ? { href: `${base}/tranches/${trancheId}/payment`, text: 'Record payment' } : undefined
          }
        />
      </section>
      <section class="section" aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">Outcome indicators</h2>
        <IndicatorsTable grant={grant} />
      </section>
      <section class="section" aria-labelledby="changes-heading">
        <h2 id="changes-heading">Changes</h2>
        <p>
          <a href={`${base}/changes`}>Change requests, reductions and termination</a>
        </p>
      </section>
      <section class="section" aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">Outcomes</h2>
        <p>Choose which milestones the public results page shows, and read the grantee’s check-ins after the grant.</p>
        <p>
          <a href={`${base}/outcomes`}>Public milestones and check-ins</a>
        </p>
      </section>
    </>
  )
}

// — The set-up form —

let rowKeys = 0
type MilestoneRow = { key: number; id: string; title: string; dueOn: string; evidence: string }
type TriggerKind = TrancheInput['trigger']['kind']
type TrancheRow = {
  key: number
  id: string
  label: string
  by: 'percent' | 'amount'
  value: string
  trigger: TriggerKind
  milestoneId: string
  on: string
  holdback: boolean
}
type TargetRow = { key: number; on: string; value: string }
type IndicatorRow = {
  key: number
  id: string
  measure: string
  unit: string
  better: Indicator['better'] | ''
  baselineValue: string
  baselineOn: string
  targets: TargetRow[]
}
type Form = {
  startsOn: string
  endsOn: string
  notes: string
  milestones: MilestoneRow[]
  tranches: TrancheRow[]
  indicators: IndicatorRow[]
}

/** A date as the form shows it: "31/3/2027". */
const showDay = (iso: string) => {
  const [y, m, d] = iso.split('-')
  return iso ? `${Number(d)}/${Number(m)}/${y}` : ''
}

/** What people type as a date ("31/3/2027", "31 3 2027", "2027-03-31") as YYYY-MM-DD, if it is a real date. */
export function parseDay(text: string): string | undefined {
  const t = text.trim()
  const isoLike = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t)
  const ukLike = /^(\d{1,2})[\s/.-]+(\d{1,2})[\s/.-]+(\d{4})$/.exec(t)
  const [y, m, d] = isoLike ? [isoLike[1], isoLike[2], isoLike[3]] : ukLike ? [ukLike[3], ukLike[2], ukLike[1]] : []
  if (!y || !m || !d) return undefined
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
  const date = new Date(`${iso}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined
}

/** An id for a new row, unused in its list: "m1", "m2", … */
const freshId = (prefix: string, used: { id: string }[]) => {
  let n = used.length + 1
  while (used.some((u) => u.id === `${prefix}${n}`)) n++
  return `${prefix}${n}`
}

const blankMilestone = (used: MilestoneRow[]): MilestoneRow => ({
  key: ++rowKeys,
  id: freshId('m', used),
  title: '',
  dueOn: '',
  evidence: '',
})
const blankTranche = (used: TrancheRow[]): TrancheRow => ({
  key: ++rowKeys,
  id: freshId('t', used),
  label: '',
  by: 'percent',
  value: '',
  trigger: 'signing',
  milestoneId: '',
  on: '',
  holdback: false,
})
const blankTarget = (): TargetRow => ({ key: ++rowKeys, on: '', value: '' })
const blankIndicator = (used: IndicatorRow[]): IndicatorRow => ({
  key: ++rowKeys,
  id: freshId('i', used),
  measure: '',
  unit: '',
  better: '',
  baselineValue: '',
  baselineOn: '',
  targets: [blankTarget()],
})

function formOf(grant: Grant | undefined): Form {
  if (!grant) {
    const milestones = [blankMilestone([])]
    return { startsOn: '', endsOn: '', notes: '', milestones, tranches: [blankTranche([])], indicators: [] }
  }
  return {
    startsOn: showDay(grant.startsOn),
    endsOn: showDay(grant.endsOn),
    notes: grant.notes,
    milestones: grant.milestones.map((m: Milestone) => ({ key: ++rowKeys, ...m, dueOn: showDay(m.dueOn) })),
    tranches: grant.tranches.map((t) => ({
      key: ++rowKeys,
      id: t.id,
      label: t.label,
      by: t.percent === undefined ? 'amount' : 'percent',
      value: t.percent === undefined ? penceToPoundsInput(t.amountPence) : String(t.percent),
      trigger: t.trigger.kind,
      milestoneId: t.trigger.kind === 'milestone' ? t.trigger.milestoneId : '',
      on: t.trigger.kind === 'date' ? showDay(t.trigger.on) : '',
      holdback: !!t.holdback,
    })),
    indicators: grant.indicators.map((i) => ({
      key: ++rowKeys,
      id: i.id,
      measure: i.measure,
      unit: i.unit,
      better: i.better,
      baselineValue: String(i.baseline.value),
      baselineOn: showDay(i.baseline.on),
      targets: i.targets.map((t) => ({ key: ++rowKeys, on: showDay(t.on), value: String(t.value) })),
    })),
  }
}

const valueId = (i: number, row: TrancheRow) =>
  `grant-tranches-${i}-${row.by === 'percent' ? 'percent' : 'amountPence'}`

/**
 * The form as the API takes it, and the problems found on the way: only what cannot be sent as
 * typed (a date or number that is not one); the API checks the rest, the total included.
 */
function inputOf(form: Form, version: number): { json: GrantSetupInput; problems: ErrorItem[] } {
  const problems: ErrorItem[] = []
  const day = (text: string, id: string, what: string) => {
    const iso = parseDay(text)
    if (!iso) problems.push({ id, text: `Enter ${what} as a date, like 31/3/2027` })
    return iso ?? ''
  }
  const number = (text: string, id: string, what: string) => {
    const value = Number(text.trim().replace(/,/g, ''))
    if (!text.trim() || !Number.isFinite(value)) problems.push({ id, text: `Enter ${what} as a number, like 42` })
    return value
  }
  const json: GrantSetupInput = {
    version,
    startsOn: day(form.startsOn, 'grant-startsOn', 'the start date'),
    endsOn: day(form.endsOn, 'grant-endsOn', 'the end date'),
    notes: form.notes,
    milestones: form.milestones.map((m, i) => ({
      id: m.id,
      title: m.title,
      evidence: m.evidence,
      dueOn: day(m.dueOn, `grant-milestones-${i}-dueOn`, `the due date of milestone ${i + 1}`),
    })),
    tranches: form.tranches.map((t, i) => {
      const id = valueId(i, t)
      let share: { percent: number } | { amountPence: number }
      if (t.by === 'percent') {
        if (!/^\d{1,3}$/.test(t.value.trim()))
          problems.push({ id, text: `Enter the percentage of tranche ${i + 1} as a whole number, like 40` })
        share = { percent: Number(t.value.trim()) }
      } else {
        const pence = parsePoundsToPence(t.value)
        if (pence === undefined)
          problems.push({ id, text: `Enter the amount of tranche ${i + 1} in pounds, like 6,680 or 6,680.50` })
        share = { amountPence: pence ?? 0 }
      }
      let trigger: TrancheInput['trigger'] = { kind: 'signing' }
      if (t.trigger === 'milestone') {
        if (!t.milestoneId)
          problems.push({
            id: `grant-tranches-${i}-trigger-milestoneId`,
            text: `Choose the milestone tranche ${i + 1} waits for`,
          })
        trigger = { kind: 'milestone', milestoneId: t.milestoneId }
      } else if (t.trigger === 'date')
        trigger = { kind: 'date', on: day(t.on, `grant-tranches-${i}-trigger-on`, `the date tranche ${i + 1} is due`) }
      return { id: t.id, label: t.label, ...share, trigger, ...(t.holdback ? { holdback: true as const } : {}) }
    }),
    indicators: form.indicators.map((ind, i) => {
      if (!ind.better)
        problems.push({
          id: `grant-indicators-${i}-better`,
          text: `Choose whether higher or lower is better for indicator ${i + 1}`,
        })
      return {
        id: ind.id,
        measure: ind.measure,
        unit: ind.unit,
        better: ind.better || 'higher',
        baseline: {
          value: number(
            ind.baselineValue,
            `grant-indicators-${i}-baseline-value`,
            `the baseline of indicator ${i + 1}`,
          ),
          on: day(ind.baselineOn, `grant-indicators-${i}-baseline-on`, `the baseline’s date of indicator ${i + 1}`),
        },
        targets: ind.targets.map((t, j) => ({
          on: day(t.on, `grant-indicators-${i}-targets-${j}-on`, `the date of target ${j + 1} of indicator ${i + 1}`),
          value: number(t.value, `grant-indicators-${i}-targets-${j}-value`, `target ${j + 1} of indicator ${i + 1}`),
        })),
      }
    }),
  }
  return { json, problems }
}

/**
 * The schedule's running total against the award, exactly as the API adds it (in hundredths of a
 * penny, so a percentage's fraction of a penny is not hidden).
 */
function runningTotal(form: Form, awardPence: number) {
  let hundredths = 0
  for (const t of form.tranches) {
    if (t.by === 'percent') hundredths += (/^\d{1,3}$/.test(t.value.trim()) ? Number(t.value) : 0) * awardPence
    else hundredths += 100 * (parsePoundsToPence(t.value) ?? 0)
  }
  const short = 100 * awardPence - hundredths
  return { totalPence: Math.floor(hundredths / 100), short }
}

function SetupForm({
  competitionId,
  applicationId,
  row,
  grant,
  errors,
  onSaved,
}: {
  competitionId: string
  applicationId: string
  row?: GrantListRow
  grant?: Grant
  errors: PageErrors
  onSaved: (grant: Grant) => void
}) {
  const [form, setForm] = useState<Form>(() => formOf(grant))
  const [dirty, setDirty] = useState(!grant)
  const { busy, status, submit } = useSubmit(errors)
  const focusNext = useRef<string>()
  const awardPence = grant?.awardPence ?? row!.award.amountPence
  const conditions = grant?.conditions ?? row!.award.conditions
  const error = (id: string) => errors.inline[id]
  const param = { competitionId, applicationId }

  useEffect(() => {
    // An effect of an earlier render may run first: wait for the render that has the field.
    const field = focusNext.current && document.getElementById(focusNext.current)
    if (!field) return
    field.focus()
    focusNext.current = undefined
  }, [form])

  const edit = (change: (form: Form) => Form) => {
    setForm(change)
    setDirty(true)
  }
  const editMilestone = (key: number, patch: Partial<MilestoneRow>) =>
    edit((f) => ({ ...f, milestones: f.milestones.map((m) => (m.key === key ? { ...m, ...patch } : m)) }))
  const editTranche = (key: number, patch: Partial<TrancheRow>) =>
    edit((f) => ({ ...f, tranches: f.tranches.map((t) => (t.key === key ? { ...t, ...patch } : t)) }))
  const editIndicator = (key: number, patch: Partial<IndicatorRow>) =>
    edit((f) => ({ ...f, indicators: f.indicators.map((x) => (x.key === key ? { ...x, ...patch } : x)) }))

  /** API fields to inputs: a whole list's sum to its first amount, a repeated id to its row's first field. */
  const resolve: FieldResolver = (field) => {
    if (field === 'tranches' && form.tranches[0]) return { id: valueId(0, form.tranches[0]), label: 'The tranches' }
    const repeated = /^(milestones|tranches|indicators)\.(\d+)\.id$/.exec(field)
    if (repeated) {
      const first = { milestones: 'title', tranches: 'label', indicators: 'measure' }[repeated[1]!]
      return fieldsUnder('grant')(`${repeated[1]}.${repeated[2]}.${first}`)
    }
    const holdback = /^tranches\.(\d+)\.holdback$/.exec(field)
    if (holdback) return { id: `grant-tranches-${holdback[1]}-holdback`, label: `Tranche ${Number(holdback[1]) + 1}:` }
    return fieldsUnder('grant')(field)
  }

  const put = (version: number, json: GrantSetupInput) =>
    call(api.competitions[':competitionId'].grants[':applicationId'].$put({ param, json: { ...json, version } }))

  function save(event: Event) {
    event.preventDefault()
    let json: GrantSetupInput
    void submit({
      check: () => {
        const built = inputOf(form, grant?.version ?? 0)
        json = built.json
        return built.problems
      },
      send: () => put(grant?.version ?? 0, json),
      resolve,
      done: (saved) => {
        setDirty(false)
        onSaved(saved)
        return `Saved as version ${saved.version}, a draft. ${saved.tranches.length} payment${saved.tranches.length === 1 ? '' : 's'} adding up to ${formatPenny(saved.awardPence)}.`
      },
    })
  }

  function send() {
    let json: GrantSetupInput
    void submit({
      check: () => {
        const built = inputOf(form, grant?.version ?? 0)
        json = built.json
        return built.problems
      },
      send: async () => {
        let draft = grant
        // What is on the screen is what is sent: unsaved changes are saved first.
        if (!draft || dirty) {
          draft = await put(grant?.version ?? 0, json)
          setDirty(false)
          onSaved(draft)
        }
        return call(
          api.competitions[':competitionId'].grants[':applicationId'].send.$post({
            param,
            json: { version: draft.version },
          }),
        )
      },
      resolve,
      done: (sent) => {
        onSaved(sent)
        return `Sent to ${sent.organisationName} as version ${sent.version}. They are emailed a link to read and accept it.`
      },
    })
  }

  const { totalPence, short } = runningTotal(form, awardPence)
  const milestoneOptions = [
    { value: '', label: 'Choose a milestone' },
    ...form.milestones.map((m, i) => ({ value: m.id, label: m.title.trim() || `Milestone ${i + 1}` })),
  ]

  return (
    <form noValidate onSubmit={save}>
      {grant?.status === 'sent' && (
        <div class="notice">
          <p>
            Sent to the grantee{grant.sentAt ? ` on ${formatLondon(grant.sentAt)}` : ''}, waiting for them to accept it.
            Saving a change takes it back to a draft: it must then be sent again.
          </p>
        </div>
      )}
      {grant && (
        <p class="secondary-text">
          Version {grant.version}, last saved by {grant.updatedByName} on {formatLondon(grant.updatedAt)}.
        </p>
      )}

      <section class="section" aria-labelledby="terms-heading">
        <h2 id="terms-heading">Dates and conditions</h2>
        <dl class="summary-list">
          <dt>Award</dt>
          <dd>{formatPenny(awardPence)}</dd>
          <dt>Conditions of the offer</dt>
          <dd class="multiline">{conditions || 'None'}</dd>
        </dl>
        <TextInput
          id="grant-startsOn"
          label="Start date"
          hint="For example, 4/1/2027"
          width="m"
          value={form.startsOn}
          onValue={(startsOn) => edit((f) => ({ ...f, startsOn }))}
          error={error('grant-startsOn')}
        />
        <TextInput
          id="grant-endsOn"
          label="End date"
          hint="For example, 17/12/2027"
          width="m"
          value={form.endsOn}
          onValue={(endsOn) => edit((f) => ({ ...f, endsOn }))}
          error={error('grant-endsOn')}
        />
      </section>

      <section class="section" aria-labelledby="milestones-heading">
        <h2 id="milestones-heading">Milestones</h2>
        <p class="hint">Each is due between the start and end dates; the grantee reports on it with the evidence.</p>
        {form.milestones.map((m, i) => {
          const of = <span class="visually-hidden"> of milestone {i + 1}</span>
          const prefix = `grant-milestones-${i}`
          return (
            <fieldset class="form-group question" key={m.key}>
              <legend class="legend-m">Milestone {i + 1}</legend>
              <TextInput
                id={`${prefix}-title`}
                label={<>Title{of}</>}
                value={m.title}
                onValue={(title) => editMilestone(m.key, { title })}
                error={error(`${prefix}-title`)}
              />
              <TextInput
                id={`${prefix}-dueOn`}
                label={<>Due date{of}</>}
                hint="For example, 31/3/2027"
                width="m"
                value={m.dueOn}
                onValue={(dueOn) => editMilestone(m.key, { dueOn })}
                error={error(`${prefix}-dueOn`)}
              />
              <TextArea
                id={`${prefix}-evidence`}
                label={<>Evidence expected{of}</>}
                rows={2}
                value={m.evidence}
                onValue={(evidence) => editMilestone(m.key, { evidence })}
                error={error(`${prefix}-evidence`)}
              />
              <button
                type="button"
                class="button button-secondary button-small"
                onClick={() => {
                  focusNext.current = 'grant-milestones'
                  edit((f) => ({ ...f, milestones: f.milestones.filter((x) => x.key !== m.key) }))
                }}
              >
                Remove milestone {i + 1}
              </button>
            </fieldset>
          )
        })}
        <button
          type="button"
          id="grant-milestones"
          class="button button-secondary"
          onClick={() => {
            focusNext.current = `grant-milestones-${form.milestones.length}-title`
            edit((f) => ({ ...f, milestones: [...f.milestones, blankMilestone(f.milestones)] }))
          }}
        >
          Add a milestone
        </button>
      </section>

      <section class="section" aria-labelledby="tranches-heading">
        <h2 id="tranches-heading">Payment schedule</h2>
        <p class="hint">
          Each payment is a whole percentage of the award or a fixed amount; together they must add up to exactly{' '}
          {formatPenny(awardPence)}. Percentages are rounded down to the penny, the pence left over going on the last of
          them.
        </p>
        {form.tranches.map((t, i) => {
          const of = <span class="visually-hidden"> (tranche {i + 1})</span>
          const prefix = `grant-tranches-${i}`
          return (
            <fieldset class="form-group question" key={t.key}>
              <legend class="legend-m">Tranche {i + 1}</legend>
              <TextInput
                id={`${prefix}-label`}
                label={<>Label{of}</>}
                hint="For example, “On signing” or “After the pilot”"
                value={t.label}
                onValue={(label) => editTranche(t.key, { label })}
                error={error(`${prefix}-label`)}
              />
              <Radios
                id={`${prefix}-by`}
                legend={<>Given as{of}</>}
                inline
                options={[
                  { value: 'percent', label: 'A percentage of the award' },
                  { value: 'amount', label: 'A fixed amount' },
                ]}
                value={t.by}
                onValue={(by) => editTranche(t.key, { by, value: '' })}
              />
              {t.by === 'percent' ? (
                <TextInput
                  id={`${prefix}-percent`}
                  label={<>Percentage{of}</>}
                  hint="A whole number from 1 to 100"
                  width="s"
                  inputMode="numeric"
                  value={t.value}
                  onValue={(value) => editTranche(t.key, { value })}
                  error={error(`${prefix}-percent`)}
                />
              ) : (
                <TextInput
                  id={`${prefix}-amountPence`}
                  label={<>Amount{of}</>}
                  hint="In pounds, like 6,680 or 6,680.50"
                  prefix="£"
                  width="m"
                  inputMode="decimal"
                  value={t.value}
                  onValue={(value) => editTranche(t.key, { value })}
                  error={error(`${prefix}-amountPence`)}
                />
              )}
              <Radios
                id={`${prefix}-trigger`}
                legend={<>When it is due{of}</>}
                options={[
                  { value: 'signing', label: 'On signing' },
                  { value: 'milestone', label: 'When a milestone is approved' },
                  { value: 'date', label: 'On a date' },
                ]}
                value={t.trigger}
                onValue={(trigger) => editTranche(t.key, { trigger })}
                error={error(`${prefix}-trigger`)}
              />
              {t.trigger === 'milestone' && (
                <Select
                  id={`${prefix}-trigger-milestoneId`}
                  label={<>Milestone{of}</>}
                  value={t.milestoneId}
                  onValue={(milestoneId) => editTranche(t.key, { milestoneId })}
                  options={milestoneOptions}
                  error={error(`${prefix}-trigger-milestoneId`)}
                />
              )}
              {t.trigger === 'date' && (
                <TextInput
                  id={`${prefix}-trigger-on`}
                  label={<>Date it is due{of}</>}
                  hint="For example, 1/6/2027"
                  width="m"
                  value={t.on}
                  onValue={(on) => editTranche(t.key, { on })}
                  error={error(`${prefix}-trigger-on`)}
                />
              )}
              <div class={error(`${prefix}-holdback`) ? 'form-group form-group-error' : 'form-group'}>
                {error(`${prefix}-holdback`) && (
                  <p id={`${prefix}-holdback-error`} class="error-message">
                    <span class="visually-hidden">Error: </span>
                    {error(`${prefix}-holdback`)}
                  </p>
                )}
                <div class="checkbox">
                  <input
                    id={`${prefix}-holdback`}
                    type="checkbox"
                    checked={t.holdback}
                    onChange={(event) => editTranche(t.key, { holdback: event.currentTarget.checked })}
                    aria-describedby={error(`${prefix}-holdback`) ? `${prefix}-holdback-error` : undefined}
                  />
                  <label for={`${prefix}-holdback`}>Hold back until the completion report is approved{of}</label>
                </div>
              </div>
              {form.tranches.length > 1 && (
                <button
                  type="button"
                  class="button button-secondary button-small"
                  onClick={() => {
                    focusNext.current = 'grant-add-tranche'
                    edit((f) => ({ ...f, tranches: f.tranches.filter((x) => x.key !== t.key) }))
                  }}
                >
                  Remove tranche {i + 1}
                </button>
              )}
            </fieldset>
          )
        })}
        <button
          type="button"
          id="grant-add-tranche"
          class="button button-secondary"
          onClick={() => {
            focusNext.current = `grant-tranches-${form.tranches.length}-label`
            edit((f) => ({ ...f, tranches: [...f.tranches, blankTranche(f.tranches)] }))
          }}
        >
          Add a tranche
        </button>
        <div id="grant-total" class={short === 0 ? 'notice notice-success' : 'notice'} aria-live="polite">
          <p>
            <strong>
              {formatPenny(totalPence)} of {formatPenny(awardPence)} allocated
            </strong>
            {short === 0
              ? '. The payments add up to the award.'
              : short > 0
                ? `: ${short < 100 ? 'a fraction of a penny' : formatPenny(Math.round(short / 100))} still to allocate.`
                : `: ${-short < 100 ? 'a fraction of a penny' : formatPenny(Math.round(-short / 100))} more than the award.`}
          </p>
        </div>
      </section>

      <section class="section" aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">Outcome indicators</h2>
        <p class="hint">What is measured, from a baseline, with targets by date; the grantee reports actuals.</p>
        {form.indicators.map((ind, i) => {
          const of = <span class="visually-hidden"> of indicator {i + 1}</span>
          const prefix = `grant-indicators-${i}`
          return (
            <fieldset class="form-group question" key={ind.key}>
              <legend class="legend-m">Indicator {i + 1}</legend>
              <TextInput
                id={`${prefix}-measure`}
                label={<>What is measured{of}</>}
                value={ind.measure}
                onValue={(measure) => editIndicator(ind.key, { measure })}
                error={error(`${prefix}-measure`)}
              />
              <TextInput
                id={`${prefix}-unit`}
                label={<>Unit{of}</>}
                hint="For example, “admissions a quarter”"
                width="m"
                value={ind.unit}
                onValue={(unit) => editIndicator(ind.key, { unit })}
                error={error(`${prefix}-unit`)}
              />
              <Radios
                id={`${prefix}-better`}
                legend={<>Which way is better{of}</>}
                inline
                options={[
                  { value: 'higher', label: 'Higher is better' },
                  { value: 'lower', label: 'Lower is better' },
                ]}
                value={ind.better}
                onValue={(better) => editIndicator(ind.key, { better })}
                error={error(`${prefix}-better`)}
              />
              <div class="repeat-row">
                <TextInput
                  id={`${prefix}-baseline-value`}
                  label={<>Baseline{of}</>}
                  width="s"
                  inputMode="decimal"
                  value={ind.baselineValue}
                  onValue={(baselineValue) => editIndicator(ind.key, { baselineValue })}
                  error={error(`${prefix}-baseline-value`)}
                />
                <TextInput
                  id={`${prefix}-baseline-on`}
                  label={<>Baseline’s date{of}</>}
                  width="m"
                  value={ind.baselineOn}
                  onValue={(baselineOn) => editIndicator(ind.key, { baselineOn })}
                  error={error(`${prefix}-baseline-on`)}
                />
              </div>
              {ind.targets.map((target, j) => {
                const targetOf = (
                  <span class="visually-hidden">
                    {' '}
                    (indicator {i + 1}, target {j + 1})
                  </span>
                )
                const changeTarget = (patch: Partial<TargetRow>) =>
                  editIndicator(ind.key, {
                    targets: ind.targets.map((x) => (x.key === target.key ? { ...x, ...patch } : x)),
                  })
                return (
                  <div class="repeat-row" key={target.key}>
                    <TextInput
                      id={`${prefix}-targets-${j}-value`}
                      label={<>Target{targetOf}</>}
                      width="s"
                      inputMode="decimal"
                      value={target.value}
                      onValue={(value) => changeTarget({ value })}
                      error={error(`${prefix}-targets-${j}-value`)}
                    />
                    <TextInput
                      id={`${prefix}-targets-${j}-on`}
                      label={<>By{targetOf}</>}
                      width="m"
                      value={target.on}
                      onValue={(on) => changeTarget({ on })}
                      error={error(`${prefix}-targets-${j}-on`)}
                    />
                    {ind.targets.length > 1 && (
                      <button
                        type="button"
                        class="button button-secondary button-small"
                        onClick={() => {
                          focusNext.current = `${prefix}-targets`
                          editIndicator(ind.key, { targets: ind.targets.filter((x) => x.key !== target.key) })
                        }}
                      >
                        Remove
                        <span class="visually-hidden">
                          {' '}
                          target {j + 1} of indicator {i + 1}
                        </span>
                      </button>
                    )}
                  </div>
                )
              })}
              <div class="button-group">
                <button
                  type="button"
                  id={`${prefix}-targets`}
                  class="button button-secondary"
                  onClick={() => {
                    focusNext.current = `${prefix}-targets-${ind.targets.length}-value`
                    editIndicator(ind.key, { targets: [...ind.targets, blankTarget()] })
                  }}
                >
                  Add a target<span class="visually-hidden"> to indicator {i + 1}</span>
                </button>
                <button
                  type="button"
                  class="button button-secondary"
                  onClick={() => {
                    focusNext.current = 'grant-indicators'
                    edit((f) => ({ ...f, indicators: f.indicators.filter((x) => x.key !== ind.key) }))
                  }}
                >
                  Remove indicator {i + 1}
                </button>
              </div>
            </fieldset>
          )
        })}
        <button
          type="button"
          id="grant-indicators"
          class="button button-secondary"
          onClick={() => {
            focusNext.current = `grant-indicators-${form.indicators.length}-measure`
            edit((f) => ({ ...f, indicators: [...f.indicators, blankIndicator(f.indicators)] }))
          }}
        >
          Add an indicator
        </button>
      </section>

      <section class="section" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Private notes</h2>
        <TextArea
          id="grant-notes"
          label="Notes for the programme team"
          hint="Never shown to the grantee."
          rows={3}
          value={form.notes}
          onValue={(notes) => edit((f) => ({ ...f, notes }))}
          error={error('grant-notes')}
        />
      </section>

      <div class="button-group">
        <button type="submit" class="button" disabled={busy}>
          Save the draft
        </button>
        {(!grant || grant.status === 'draft' || dirty) && (
          <button type="button" class="button button-secondary" disabled={busy} onClick={send}>
            Send to the grantee
          </button>
        )}
      </div>
      <Status message={status} />
    </form>
  )
}
