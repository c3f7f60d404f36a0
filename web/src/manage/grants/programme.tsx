// "/manage/programme": every grant across competitions, for the programme manager: its status
// (as a tag), paid against awarded, indicators met and the next report due, with totals; an
// optional filter by status. The table scrolls inside its own box on a phone.
import { useEffect, useState } from 'preact/hooks'
import { formatPence } from '../../../../shared/money.js'
import type { Programme, ProgrammeStatus } from '../../../../shared/schemas/grant-programme.js'
import { api, call } from '../../api.js'
import { Select } from '../../components/fields.js'
import { LoadFailure, Loading, PageHeading } from '../../components/page.js'
import { ScrollTable } from '../../components/scroll-table.js'

export const programmeStatusLabels: Record<ProgrammeStatus, string> = {
  draft: 'Draft',
  'awaiting-acceptance': 'Awaiting acceptance',
  overdue: 'Overdue',
  queried: 'Queried',
  'report-due': 'Report due',
  'on-track': 'On track',
  completed: 'Completed',
  terminated: 'Terminated',
}

const tagClass: Record<ProgrammeStatus, string> = {
  draft: 'tag tag-draft',
  'awaiting-acceptance': 'tag',
  overdue: 'tag tag-pending',
  queried: 'tag tag-upcoming',
  'report-due': 'tag tag-upcoming',
  'on-track': 'tag tag-open',
  completed: 'tag',
  terminated: 'tag tag-closed',
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
/** A calendar date as people read it: "31 March 2027". */
export const formatDay = (date: string) => dateFormat.format(new Date(`${date}T00:00:00Z`))

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0)

export function ProgrammePage() {
  const [status, setStatus] = useState<ProgrammeStatus | ''>('')
  const [shown, setShown] = useState<ProgrammeStatus | ''>('')
  const [programme, setProgramme] = useState<Programme>()
  const [failure, setFailure] = useState<unknown>()
  useEffect(() => {
    setProgramme(undefined)
    call(api.programme.grants.$get({ query: shown ? { status: shown } : {} })).then(setProgramme, setFailure)
  }, [shown])

  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{ title: 'Programme not found', text: 'The programme could not be found.' }}
        failed="Sorry, the programme could not be loaded"
        back={{ href: '/manage', label: 'Back to your competitions' }}
      />
    )

  return (
    <>
      <a href="/manage" class="back-link">
        Back to your competitions
      </a>
      <PageHeading title="Programme" caption="Every grant across competitions" />
      <form
        class="section"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          setShown(status)
        }}
      >
        <Select
          id="programme-status"
          label="Show grants that are"
          value={status}
          onValue={setStatus}
          options={[
            { value: '' as const, label: 'Any status' },
            ...(Object.keys(programmeStatusLabels) as ProgrammeStatus[]).map((value) => ({
              value,
              label: programmeStatusLabels[value],
            })),
          ]}
        />
        <button type="submit" class="button button-secondary">
          Show
        </button>
      </form>
      {!programme ? <Loading what="the programme" /> : <ProgrammeTable programme={programme} filtered={shown !== ''} />}
    </>
  )
}

function ProgrammeTable({ programme, filtered }: { programme: Programme; filtered: boolean }) {
  const { grants, totals, asOf } = programme
  if (!grants.length)
    return <p role="status">{filtered ? 'No grant has that status.' : 'No grant has been set up yet.'}</p>
  return (
    <>
      <p role="status">
        {totals.grants} grant{totals.grants === 1 ? '' : 's'}: {formatPence(totals.paidPence)} paid of{' '}
        {formatPence(totals.awardPence)} awarded ({percent(totals.paidPence, totals.awardPence)}%); indicators met:{' '}
        {totals.indicatorsMet} of {totals.indicatorsTotal}. Statuses as of {formatDay(asOf)}.
      </p>
      <ScrollTable label="Grants in the programme">
        <table class="table">
          <caption class="visually-hidden">Grants in the programme</caption>
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Competition</th>
              <th scope="col">Status</th>
              <th scope="col" class="numeric">
                Paid
              </th>
              <th scope="col" class="numeric">
                Awarded
              </th>
              <th scope="col">Indicators met</th>
              <th scope="col">Next report due</th>
              <th scope="col">After the grant</th>
            </tr>
          </thead>
          <tbody>
            {grants.map((grant) => (
              <tr key={`${grant.competitionId}/${grant.applicationId}`}>
                <th scope="row">
                  <a href={`/manage/competitions/${grant.competitionId}/grants/${grant.applicationId}`}>
                    {grant.organisationName}
                  </a>
                </th>
                <td>{grant.competitionTitle}</td>
                <td>
                  <strong class={tagClass[grant.status]}>{programmeStatusLabels[grant.status]}</strong>
                </td>
                <td class="numeric">
                  {formatPence(grant.paidPence)}{' '}
                  <span class="secondary-text">({percent(grant.paidPence, grant.awardPence)}%)</span>
                </td>
                <td class="numeric">{formatPence(grant.awardPence)}</td>
                <td>{grant.indicatorsTotal ? `${grant.indicatorsMet} of ${grant.indicatorsTotal}` : 'None set'}</td>
                <td>{grant.nextDueOn ? formatDay(grant.nextDueOn) : '—'}</td>
                <td>
                  {grant.status !== 'draft' && grant.status !== 'awaiting-acceptance' && (
                    <a href={`/manage/competitions/${grant.competitionId}/grants/${grant.applicationId}/outcomes`}>
                      Public milestones and check-ins
                      <span class="visually-hidden"> of {grant.organisationName}</span>
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Total ({totals.grants} grant{totals.grants === 1 ? '' : 's'})
              </th>
              <td class="numeric">{formatPence(totals.paidPence)}</td>
              <td class="numeric">{formatPence(totals.awardPence)}</td>
              <td>
                {totals.indicatorsMet} of {totals.indicatorsTotal}
              </td>
              <td />
              <td />
            </tr>
          </tfoot>
        </table>
      </ScrollTable>
    </>
  )
}
