// "/manage/competitions/:id/pitches": the pitch schedule, one slot per shortlisted
// application (UK time, length, a place or a video link, never overlapping), and sending
// the invitations: each slot not yet sent is emailed to its applicant with who's at the table.
import { useState } from 'preact/hooks'
import { formatLondon, londonLocalToUtcIso, utcIsoToLondonLocal } from '../../../../shared/dates.js'
import type { Candidate, PitchSchedule, PitchScheduleInput } from '../../../../shared/schemas/assessing.js'
import { api, call } from '../../api.js'
import type { ErrorItem } from '../../components/errors.js'
import { Select, Status, TextInput } from '../../components/fields.js'
import { ScrollTable } from '../../components/scroll-table.js'
import { AssessingFrame, allCandidates, isShortlisted, Pending, useAssessing } from './assessing-page.js'
import { fieldsUnder, usePageErrors, useSubmit, type PageErrors } from '../../components/forms.js'

type Row = {
  key: number
  id?: string
  applicationId: string
  startsAt: string
  minutes: string
  place: string
  link: string
}

let rowKeys = 0
const rowsOf = (schedule: PitchSchedule): Row[] =>
  schedule.slots.map((s) => ({
    key: ++rowKeys,
    id: s.id,
    applicationId: s.applicationId,
    startsAt: utcIsoToLondonLocal(s.startsAt),
    minutes: String(s.minutes),
    place: s.place ?? '',
    link: s.link ?? '',
  }))
const blankRow = (): Row => ({ key: ++rowKeys, applicationId: '', startsAt: '', minutes: '30', place: '', link: '' })

export function PitchesPage({ id }: { id: string }) {
  const loaded = useAssessing(id, async () => {
    const [schedule, candidates] = await Promise.all([
      call(api.competitions[':competitionId'].pitches.$get({ param: { competitionId: id } })),
      allCandidates(id),
    ])
    return { schedule, shortlist: candidates.filter(isShortlisted) }
  })
  const errors = usePageErrors()
  const { page, data } = loaded
  if (!page || !data) return <Pending failure={loaded.failure} what="the pitch schedule" />
  const saved = (schedule: PitchSchedule) => loaded.update((d) => ({ ...d, schedule }))
  return (
    <AssessingFrame page={page} title="Pitches" current="pitches" errors={errors} onReload={loaded.reload}>
      <p>
        Each shortlisted applicant pitches to the panel in a slot of their own. Invitations say when and where, and
        who’s at the table: the panel, less anyone with a conflict of interest.
      </p>
      <ScheduleTable schedule={data.schedule} competitionId={id} errors={errors} onSent={saved} />
      {data.shortlist.length === 0 ? (
        <p>Shortlist applications first: slots are for shortlisted applications.</p>
      ) : (
        <ScheduleForm
          key={loaded.generation}
          schedule={data.schedule}
          shortlist={data.shortlist}
          errors={errors}
          onSaved={saved}
        />
      )}
    </AssessingFrame>
  )
}

/** The schedule as saved, with when each invitation went, and sending the rest. */
function ScheduleTable({
  schedule,
  competitionId,
  errors,
  onSent,
}: {
  schedule: PitchSchedule
  competitionId: string
  errors: PageErrors
  onSent: (schedule: PitchSchedule) => void
}) {
  const { busy, status, submit } = useSubmit(errors)
  const unsent = schedule.slots.filter((s) => !s.invitedAt).length
  return (
    <section class="section" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">The schedule</h2>
      {schedule.slots.length === 0 ? (
        <p>No slots saved yet.</p>
      ) : (
        <ScrollTable label="Pitch slots as saved, with their invitations">
          <table class="table">
            <caption class="visually-hidden">Pitch slots as saved, with their invitations</caption>
            <thead>
              <tr>
                <th scope="col">When (UK time)</th>
                <th scope="col">Organisation</th>
                <th scope="col">Where</th>
                <th scope="col">Invitation</th>
              </tr>
            </thead>
            <tbody>
              {schedule.slots.map((slot) => (
                <tr key={slot.id}>
                  <td>
                    {formatLondon(slot.startsAt)}
                    <br />
                    <span class="secondary-text">{slot.minutes} minutes</span>
                  </td>
                  <th scope="row">{slot.organisationName}</th>
                  <td>
                    {slot.place && <span class="multiline">{slot.place}</span>}
                    {slot.place && slot.link && <br />}
                    {slot.link && (
                      <a href={slot.link} rel="noopener noreferrer">
                        Video link<span class="visually-hidden"> for {slot.organisationName}</span>
                      </a>
                    )}
                  </td>
                  <td>{slot.invitedAt ? `Sent ${formatLondon(slot.invitedAt)}` : <strong>Not sent yet</strong>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {unsent > 0 && (
        <div class="button-group">
          <button
            type="button"
            class="button"
            disabled={busy}
            onClick={() =>
              void submit({
                send: () =>
                  call(api.competitions[':competitionId'].pitches.invitations.$post({ param: { competitionId } })),
                resolve: () => ({}),
                done: (sent) => {
                  onSent(sent)
                  return `Sent ${unsent} invitation${unsent === 1 ? '' : 's'}.`
                },
              })
            }
          >
            Send invitations ({unsent} not sent yet)
          </button>
        </div>
      )}
      <Status message={status} />
      {schedule.slots.length > 0 && unsent === 0 && (
        <p>Every slot’s invitation has been sent. A slot you change is sent again.</p>
      )}
    </section>
  )
}

function ScheduleForm({
  schedule,
  shortlist,
  errors,
  onSaved,
}: {
  schedule: PitchSchedule
  shortlist: Candidate[]
  errors: PageErrors
  onSaved: (schedule: PitchSchedule) => void
}) {
  const [rows, setRows] = useState<Row[]>(() => (schedule.slots.length ? rowsOf(schedule) : [blankRow()]))
  const { busy, status, submit } = useSubmit(errors)
  const change = (key: number, patch: Partial<Row>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)))
  const error = (fieldId: string) => errors.inline[fieldId]

  function save(event: Event) {
    event.preventDefault()
    let input: PitchScheduleInput | undefined
    void submit({
      check: () => {
        const problems: ErrorItem[] = []
        const slots = rows.map((row, i) => {
          const at = `pitches-slots-${i}`
          const startsAt = row.startsAt ? londonLocalToUtcIso(row.startsAt) : undefined
          const minutes = /^\d+$/.test(row.minutes.trim()) ? Number(row.minutes) : undefined
          if (!row.applicationId)
            problems.push({ id: `${at}-applicationId`, text: `Choose the application for slot ${i + 1}` })
          if (!row.startsAt) problems.push({ id: `${at}-startsAt`, text: `Enter when slot ${i + 1} starts` })
          else if (!startsAt)
            problems.push({
              id: `${at}-startsAt`,
              text: `Slot ${i + 1} must start at a real date and time in the UK (clocks going forward skip an hour)`,
            })
          if (minutes === undefined)
            problems.push({ id: `${at}-minutes`, text: `Enter the length of slot ${i + 1} in whole minutes, like 30` })
          return {
            ...(row.id ? { id: row.id } : {}),
            applicationId: row.applicationId,
            startsAt: startsAt ?? '',
            minutes: minutes ?? 0,
            ...(row.place.trim() ? { place: row.place.trim() } : {}),
            ...(row.link.trim() ? { link: row.link.trim() } : {}),
          }
        })
        input = { version: schedule.version, slots }
        return problems
      },
      send: () =>
        call(
          api.competitions[':competitionId'].pitches.$put({
            param: { competitionId: schedule.competitionId },
            json: input!,
          }),
        ),
      resolve: fieldsUnder('pitches'),
      done: (next) => {
        onSaved(next)
        setRows(rowsOf(next))
        const unsent = next.slots.filter((s) => !s.invitedAt).length
        return `Schedule saved.${unsent ? ` ${unsent} slot${unsent === 1 ? '' : 's'} to send.` : ''}`
      },
    })
  }

  const options = [
    { value: '', label: 'Choose an application' },
    ...shortlist.map((c) => ({ value: c.applicationId, label: c.organisationName })),
  ]
  return (
    <section class="section" aria-labelledby="edit-schedule-heading">
      <h2 id="edit-schedule-heading">Change the schedule</h2>
      <form noValidate onSubmit={save}>
        {rows.map((row, i) => {
          const at = `pitches-slots-${i}`
          const of = <span class="visually-hidden"> of slot {i + 1}</span>
          return (
            <div class="question" key={row.key}>
              <fieldset class="form-group">
                <legend class="legend-m">Slot {i + 1}</legend>
                <Select
                  id={`${at}-applicationId`}
                  label={<>Application{of}</>}
                  value={row.applicationId}
                  onValue={(applicationId) => change(row.key, { applicationId })}
                  options={options}
                  error={error(`${at}-applicationId`)}
                />
                <div class="repeat-row">
                  <TextInput
                    id={`${at}-startsAt`}
                    label={<>Start time{of}</>}
                    hint="UK time"
                    type="datetime-local"
                    width="m"
                    value={row.startsAt}
                    onValue={(startsAt) => change(row.key, { startsAt })}
                    error={error(`${at}-startsAt`)}
                  />
                  <TextInput
                    id={`${at}-minutes`}
                    label={<>Minutes{of}</>}
                    width="s"
                    inputMode="numeric"
                    value={row.minutes}
                    onValue={(minutes) => change(row.key, { minutes })}
                    error={error(`${at}-minutes`)}
                  />
                </div>
                <TextInput
                  id={`${at}-place`}
                  label={<>Place{of}</>}
                  hint="A room and address. Give a place, a video link or both."
                  value={row.place}
                  onValue={(place) => change(row.key, { place })}
                  error={error(`${at}-place`)}
                />
                <TextInput
                  id={`${at}-link`}
                  label={<>Video link{of}</>}
                  type="url"
                  spellcheck={false}
                  value={row.link}
                  onValue={(link) => change(row.key, { link })}
                  error={error(`${at}-link`)}
                />
                <button
                  type="button"
                  class="button button-secondary button-small"
                  onClick={() => {
                    setRows((current) => current.filter((r) => r.key !== row.key))
                    document.getElementById('pitches-add-slot')?.focus()
                  }}
                >
                  Remove slot {i + 1}
                </button>
              </fieldset>
            </div>
          )
        })}
        <button
          type="button"
          id="pitches-add-slot"
          class="button button-secondary"
          onClick={() => {
            setRows((current) => [...current, blankRow()])
            setTimeout(() => document.getElementById(`pitches-slots-${rows.length}-applicationId`)?.focus())
          }}
        >
          Add a slot
        </button>
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>
            Save the schedule
          </button>
          <Status message={status} />
        </div>
      </form>
    </section>
  )
}
