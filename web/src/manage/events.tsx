// "/manage/competitions/:id/events": a competition's events with their counts, and a form to
// create one. "/manage/competitions/:id/events/:eventId": edit it (times typed in
// Europe/London), its page views per day, the check-in list, the attendance import and the
// queue of attendance rows no registration matched.
import { useEffect, useState } from 'preact/hooks'
import { londonLocalToUtcIso, utcIsoToLondonLocal } from '../../../shared/dates.js'
import type { CompetitionEvent, Registration, UnmatchedAttendee } from '../../../shared/schemas/events.js'
import { api, call } from '../api.js'
import { Time } from '../components/competition-bits.js'
import { ErrorSummary } from '../components/error-summary.js'
import { Select, TextArea, TextInput } from '../components/fields.js'
import { fieldsUnder, usePageErrors, useSubmit } from '../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../components/page.js'
import { ScrollTable } from '../components/scroll-table.js'
import { navigate } from '../router.js'

const eventsPath = (competitionId: string, eventId?: string) =>
  `/manage/competitions/${competitionId}/events${eventId ? `/${eventId}` : ''}`

const kinds = [
  { value: 'launch', label: 'Launch event' },
  { value: 'webinar', label: 'Webinar' },
  { value: 'roundtable', label: 'Roundtable' },
  { value: 'finals', label: 'Finals' },
] as const

export function EventsPage({ id }: { id: string }) {
  const [events, setEvents] = useState<CompetitionEvent[]>()
  const [failure, setFailure] = useState<unknown>()
  useEffect(() => {
    call(
      api.competitions[':competitionId'].events.$get({ param: { competitionId: id }, query: { limit: '100' } }),
    ).then((page) => setEvents(page.items), setFailure)
  }, [id])
  const back = { href: `/manage/competitions/${id}`, label: 'Back to the competition' }
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{ title: 'Competition not found', text: 'There is no competition with this address.' }}
        failed="Sorry, the events could not be loaded"
        back={back}
      />
    )
  if (!events) return <Loading what="the events" />
  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      <PageHeading title="Events" />
      {events.length === 0 ? (
        <p>No events yet.</p>
      ) : (
        <ScrollTable label="Events">
          <table class="table">
            <caption>Events, soonest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Starts</th>
                <th scope="col" class="numeric">
                  Page views
                </th>
                <th scope="col" class="numeric">
                  Registered
                </th>
                <th scope="col" class="numeric">
                  Confirmed
                </th>
                <th scope="col" class="numeric">
                  Attended
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <a href={eventsPath(id, e.id)}>{e.title}</a>
                    {e.status === 'draft' && <span class="meta block">Draft</span>}
                  </th>
                  <td>
                    <Time iso={e.startsAt} />
                  </td>
                  <td class="numeric">{e.counts.views}</td>
                  <td class="numeric">
                    {e.counts.registered} of {e.capacity}
                  </td>
                  <td class="numeric">{e.counts.confirmed}</td>
                  <td class="numeric">{e.counts.attended}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      <h2>Create an event</h2>
      <EventForm competitionId={id} onSaved={(e) => navigate(eventsPath(id, e.id))} />
    </>
  )
}

type Form = {
  title: string
  kind: CompetitionEvent['kind']
  description: string
  startsAt: string
  endsAt: string
  onlineUrl: string
  venue: string
  capacity: string
  partners: string
  retentionDays: string
  status: CompetitionEvent['status']
}

const formOf = (e?: CompetitionEvent): Form => ({
  title: e?.title ?? '',
  kind: e?.kind ?? 'webinar',
  description: e?.description ?? '',
  startsAt: e ? utcIsoToLondonLocal(e.startsAt) : '',
  endsAt: e ? utcIsoToLondonLocal(e.endsAt) : '',
  onlineUrl: e?.onlineUrl ?? '',
  venue: e?.venue ?? '',
  capacity: e ? String(e.capacity) : '100',
  partners: e?.partners.join('\n') ?? '',
  retentionDays: e ? String(e.retentionDays) : '90',
  status: e?.status ?? 'draft',
})

function EventForm({
  competitionId,
  event,
  onSaved,
}: {
  competitionId: string
  event?: CompetitionEvent
  onSaved: (e: CompetitionEvent) => void
}) {
  const [form, setForm] = useState<Form>(formOf(event))
  const errors = usePageErrors()
  const { busy, status, submit } = useSubmit(errors)
  const set = (field: keyof Form) => (value: string) => setForm({ ...form, [field]: value })
  const { inline } = errors

  function save(e: Event) {
    e.preventDefault()
    const startsAt = londonLocalToUtcIso(form.startsAt)
    const endsAt = londonLocalToUtcIso(form.endsAt)
    const body = {
      title: form.title,
      kind: form.kind,
      description: form.description,
      startsAt: startsAt ?? '',
      endsAt: endsAt ?? '',
      ...(form.onlineUrl.trim() ? { onlineUrl: form.onlineUrl.trim() } : {}),
      ...(form.venue.trim() ? { venue: form.venue.trim() } : {}),
      capacity: Number(form.capacity),
      partners: form.partners
        .split('\n')
        .map((p) => p.trim())
        .filter(Boolean),
      challengeIds: event?.challengeIds ?? [],
      retentionDays: Number(form.retentionDays),
      status: form.status,
    }
    void submit({
      check: () => [
        ...(startsAt ? [] : [{ id: 'event-startsAt', text: 'Enter when it starts, as a date and time' }]),
        ...(endsAt ? [] : [{ id: 'event-endsAt', text: 'Enter when it ends, as a date and time' }]),
      ],
      send: () =>
        event
          ? call(
              api.competitions[':competitionId'].events[':eventId'].$put({
                param: { competitionId, eventId: event.id },
                json: { ...body, version: event.version },
              }),
            )
          : call(api.competitions[':competitionId'].events.$post({ param: { competitionId }, json: body })),
      resolve: fieldsUnder('event'),
      done: (saved) => {
        onSaved(saved)
        return 'Saved.'
      },
    })
  }

  return (
    <>
      <ErrorSummary errors={errors.errors} />
      <form noValidate onSubmit={save}>
        <TextInput
          id="event-title"
          label="Title"
          value={form.title}
          onValue={set('title')}
          error={inline['event-title']}
        />
        <Select
          id="event-kind"
          label="Kind of event"
          value={form.kind}
          onValue={set('kind')}
          options={[...kinds]}
          error={inline['event-kind']}
        />
        <TextArea
          id="event-description"
          label="Description"
          rows={3}
          value={form.description}
          onValue={set('description')}
          error={inline['event-description']}
        />
        <TextInput
          id="event-startsAt"
          type="datetime-local"
          label="Starts (UK time)"
          value={form.startsAt}
          onValue={set('startsAt')}
          error={inline['event-startsAt']}
        />
        <TextInput
          id="event-endsAt"
          type="datetime-local"
          label="Ends (UK time)"
          value={form.endsAt}
          onValue={set('endsAt')}
          error={inline['event-endsAt']}
        />
        <TextInput
          id="event-onlineUrl"
          type="url"
          label="Online joining link (if online)"
          hint="Sent only to people who confirm their place; never shown on the public page."
          value={form.onlineUrl}
          onValue={set('onlineUrl')}
          error={inline['event-onlineUrl']}
        />
        <TextInput
          id="event-venue"
          label="Venue (if in person)"
          value={form.venue}
          onValue={set('venue')}
          error={inline['event-venue']}
        />
        <TextInput
          id="event-capacity"
          label="Places"
          width="s"
          inputMode="numeric"
          value={form.capacity}
          onValue={set('capacity')}
          error={inline['event-capacity']}
        />
        <TextArea
          id="event-partners"
          label="Partner organisations (one a line)"
          rows={3}
          value={form.partners}
          onValue={set('partners')}
          error={inline['event-partners']}
        />
        <TextInput
          id="event-retentionDays"
          label="Keep registrants’ details for (days after the event)"
          hint="Then their names, emails and needs are deleted; the counts stay."
          width="s"
          inputMode="numeric"
          value={form.retentionDays}
          onValue={set('retentionDays')}
          error={inline['event-retentionDays']}
        />
        <Select
          id="event-status"
          label="Status"
          value={form.status}
          onValue={set('status')}
          options={[
            { value: 'draft', label: 'Draft (only managers see it)' },
            { value: 'published', label: 'Published (anyone can see it and register)' },
          ]}
          error={inline['event-status']}
        />
        <button type="submit" class="button" disabled={busy}>
          {event ? 'Save the event' : 'Create the event'}
        </button>
        <p role="status">{status}</p>
      </form>
    </>
  )
}

export function EventManagePage({ id, eventId }: { id: string; eventId: string }) {
  const [data, setData] = useState<{ event: CompetitionEvent; viewsByDay: { day: string; views: number }[] }>()
  const [registrations, setRegistrations] = useState<Registration[]>([])
  const [unmatched, setUnmatched] = useState<UnmatchedAttendee[]>([])
  const [failure, setFailure] = useState<unknown>()
  const param = { competitionId: id, eventId }
  const load = () =>
    Promise.all([
      call(api.competitions[':competitionId'].events[':eventId'].$get({ param })),
      call(
        api.competitions[':competitionId'].events[':eventId'].registrations.$get({ param, query: { limit: '100' } }),
      ),
      call(api.competitions[':competitionId'].events[':eventId'].unmatched.$get({ param, query: { limit: '100' } })),
    ]).then(([d, r, u]) => {
      setData(d)
      setRegistrations(r.items)
      setUnmatched(u.items)
    }, setFailure)
  useEffect(() => {
    void load()
  }, [id, eventId])
  const back = { href: eventsPath(id), label: 'Back to the events' }
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{ title: 'Event not found', text: 'There is no event with this address.' }}
        failed="Sorry, the event could not be loaded"
        back={back}
      />
    )
  if (!data) return <Loading what="the event" />
  const { event } = data
  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      <PageHeading title={event.title} caption="Event" />
      <p>
        <a href={`/events/${event.id}`}>
          {event.status === 'published' ? 'View the public page' : 'The public page (once published)'}
        </a>
      </p>
      <p>
        {event.counts.views} page views, {event.counts.registered} of {event.capacity} places taken,{' '}
        {event.counts.confirmed} confirmed, {event.counts.attended} attended.
        {event.personalDataDeletedAt && ' Registrants’ personal data has been deleted; the counts are kept.'}
      </p>
      {data.viewsByDay.length > 0 && (
        <ScrollTable label="Page views by day">
          <table class="table">
            <caption>Page views by day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" class="numeric">
                  Views
                </th>
              </tr>
            </thead>
            <tbody>
              {data.viewsByDay.map((v) => (
                <tr key={v.day}>
                  <th scope="row">{v.day}</th>
                  <td class="numeric">{v.views}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      <h2>Registrations</h2>
      <CheckInList competitionId={id} event={event} registrations={registrations} onChange={load} />
      <h2>Attendance from a meeting tool</h2>
      <AttendanceImport competitionId={id} eventId={eventId} onDone={load} />
      <UnmatchedQueue
        competitionId={id}
        eventId={eventId}
        rows={unmatched}
        registrations={registrations}
        onChange={load}
      />
      {!event.personalDataDeletedAt && (
        <>
          <h2>Edit the event</h2>
          <EventForm competitionId={id} event={event} onSaved={() => void load()} />
        </>
      )}
    </>
  )
}

function CheckInList({
  competitionId,
  event,
  registrations,
  onChange,
}: {
  competitionId: string
  event: CompetitionEvent
  registrations: Registration[]
  onChange: () => Promise<void>
}) {
  const errors = usePageErrors()
  const { busy, status, submit } = useSubmit(errors)
  if (!registrations.length) return <p>No one has registered yet.</p>
  const checkIn = (r: Registration) =>
    submit({
      send: () =>
        call(
          api.competitions[':competitionId'].events[':eventId'].registrations[':registrationId']['check-in'].$post({
            param: { competitionId, eventId: event.id, registrationId: r.id },
          }),
        ).then(onChange),
      done: () => `${r.name} is checked in.`,
    })
  return (
    <>
      <ErrorSummary errors={errors.errors} />
      <p role="status">{status}</p>
      <ScrollTable label="Registrations">
        <table class="table">
          <caption>Registrations{event.venue ? ': the check-in list' : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Organisation</th>
              <th scope="col">Accessibility needs</th>
              <th scope="col">Status</th>
              <th scope="col">Attended</th>
            </tr>
          </thead>
          <tbody>
            {registrations.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {r.name}
                  <span class="meta block">{r.email}</span>
                </th>
                <td>{r.organisation}</td>
                <td>{r.accessibilityNeeds}</td>
                <td>{r.status}</td>
                <td>
                  {r.attendedAt ? (
                    'Yes'
                  ) : event.venue && r.status !== 'cancelled' ? (
                    <button
                      type="button"
                      class="button button-secondary"
                      disabled={busy}
                      onClick={() => void checkIn(r)}
                    >
                      Check in<span class="visually-hidden"> {r.name}</span>
                    </button>
                  ) : (
                    'No'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </>
  )
}

function AttendanceImport({
  competitionId,
  eventId,
  onDone,
}: {
  competitionId: string
  eventId: string
  onDone: () => Promise<void>
}) {
  const [csv, setCsv] = useState('')
  const errors = usePageErrors()
  const { busy, status, submit } = useSubmit(errors)
  async function pick(e: Event) {
    const file = (e.currentTarget as HTMLInputElement).files?.[0]
    if (!file) return
    if (file.size > 500_000) {
      errors.failWith([{ id: 'attendance-file', text: 'The file must be at most 500 KB' }])
      return
    }
    setCsv(await file.text())
  }
  function send(e: Event) {
    e.preventDefault()
    void submit({
      check: () => (csv ? [] : [{ id: 'attendance-file', text: 'Choose the attendance CSV file' }]),
      send: () =>
        call(
          api.competitions[':competitionId'].events[':eventId'].attendance.$post({
            param: { competitionId, eventId },
            json: { csv },
          }),
        ),
      resolve: (field) => (field === 'csv' ? { id: 'attendance-file', label: 'Attendance file' } : {}),
      done: (r) => {
        void onDone()
        return `${r.rows} attendees read: ${r.matched} matched, ${r.alreadyAttended} already counted, ${r.unmatched} to match by hand.`
      },
    })
  }
  return (
    <>
      <ErrorSummary errors={errors.errors} />
      <form noValidate onSubmit={send}>
        <div class={errors.inline['attendance-file'] ? 'form-group form-group-error' : 'form-group'}>
          <label class="label" for="attendance-file">
            Attendance file (CSV)
          </label>
          <div id="attendance-file-hint" class="hint">
            The meeting tool’s attendance report, with an email column. At most 5,000 rows.
          </div>
          {errors.inline['attendance-file'] && (
            <p id="attendance-file-error" class="error-message">
              <span class="visually-hidden">Error: </span>
              {errors.inline['attendance-file']}
            </p>
          )}
          <input
            id="attendance-file"
            class="file-upload"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="attendance-file-hint"
            onChange={pick}
          />
        </div>
        <button type="submit" class="button button-secondary" disabled={busy}>
          Import attendance
        </button>
        <p role="status">{status}</p>
      </form>
    </>
  )
}

function UnmatchedQueue({
  competitionId,
  eventId,
  rows,
  registrations,
  onChange,
}: {
  competitionId: string
  eventId: string
  rows: UnmatchedAttendee[]
  registrations: Registration[]
  onChange: () => Promise<void>
}) {
  const [choice, setChoice] = useState<Record<string, string>>({})
  const errors = usePageErrors()
  const { busy, status, submit } = useSubmit(errors)
  if (!rows.length) return null
  const candidates = registrations.filter((r) => !r.attendedAt && r.status !== 'cancelled')
  const resolve = (row: UnmatchedAttendee, json: { action: 'match'; registrationId: string } | { action: 'dismiss' }) =>
    submit({
      send: () =>
        call(
          api.competitions[':competitionId'].events[':eventId'].unmatched[':rowId'].$post({
            param: { competitionId, eventId, rowId: row.id },
            json,
          }),
        ).then(onChange),
      done: () => (json.action === 'match' ? `${row.email} matched.` : `${row.email} dismissed.`),
    })
  return (
    <>
      <h3>Attendees to match</h3>
      <p>These rows matched no registration by email. Match each to a registration, or dismiss it.</p>
      <ErrorSummary errors={errors.errors} />
      <p role="status">{status}</p>
      <ul class="list-plain">
        {rows.map((row) => (
          <li key={row.id} class="section">
            <p>
              <strong>{row.name || row.email}</strong> ({row.email})
            </p>
            {candidates.length > 0 && (
              <Select
                id={`match-${row.id}`}
                label={`Registration for ${row.email}`}
                value={choice[row.id] ?? candidates[0]!.id}
                onValue={(v) => setChoice({ ...choice, [row.id]: v })}
                options={candidates.map((r) => ({ value: r.id, label: `${r.name} (${r.email})` }))}
              />
            )}
            {candidates.length > 0 && (
              <button
                type="button"
                class="button button-secondary"
                disabled={busy}
                onClick={() =>
                  void resolve(row, { action: 'match', registrationId: choice[row.id] ?? candidates[0]!.id })
                }
              >
                Match<span class="visually-hidden"> {row.email}</span>
              </button>
            )}{' '}
            <button
              type="button"
              class="button button-warning"
              disabled={busy}
              onClick={() => void resolve(row, { action: 'dismiss' })}
            >
              Dismiss<span class="visually-hidden"> {row.email}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  )
}
