// "/events/:eventId": an event's public page: what, when (Europe/London), where, its partners
// and challenges, the calendar file, and the registration form (no account needed). Each
// opening counts one view (no cookie, nothing about the visitor). "/events/:eventId/
// registrations/:registrationId?token=…": the registrant's own page from their email: confirm,
// cancel, and once confirmed the joining link. Also the list of a competition's events that its
// public page shows. Loaded on demand, so the first page stays small.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { OwnRegistration, PublicEvent, PublicEventSummary } from '../../../shared/schemas/events.js'
import { api, call } from '../api.js'
import { Time } from '../components/competition-bits.js'
import { ErrorSummary } from '../components/error-summary.js'
import { TextArea, TextInput } from '../components/fields.js'
import { fieldsUnder, usePageErrors, useSubmit } from '../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../components/page.js'
import { location } from '../router.js'
import { useStore } from '../store.js'

const kindNames: Record<PublicEvent['kind'], string> = {
  launch: 'Launch event',
  webinar: 'Webinar',
  roundtable: 'Roundtable',
  finals: 'Finals',
}

/** The competition's published events, for its public page: nothing at all when it has none. */
export function CompetitionEvents({ competitionId }: { competitionId: string }) {
  const [events, setEvents] = useState<PublicEventSummary[]>()
  useEffect(() => {
    call(api.competitions[':competitionId'].events.public.$get({ param: { competitionId } })).then(
      (list) => setEvents(list.items),
      // The rest of the competition's page does not depend on it.
      () => setEvents([]),
    )
  }, [competitionId])
  if (!events?.length) return null
  const upcoming = events.filter((e) => !e.past)
  const past = events.filter((e) => e.past)
  return (
    <section aria-labelledby="events">
      <h2 id="events" tabIndex={-1}>
        Events
      </h2>
      {upcoming.length ? (
        <ul class="card-list">
          {upcoming.map((e) => (
            <li class="card" key={e.id}>
              <h3>
                <a href={`/events/${e.id}`}>{e.title}</a>
              </h3>
              <EventFacts event={e} />
            </li>
          ))}
        </ul>
      ) : (
        <p>No events are coming up.</p>
      )}
      {past.length > 0 && (
        <>
          <h3>Past events</h3>
          <ul class="card-list">
            {past.map((e) => (
              <li class="card" key={e.id}>
                <p>
                  <strong class="tag tag-closed">Past</strong> <a href={`/events/${e.id}`}>{e.title}</a>
                </p>
                <EventFacts event={e} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

function EventFacts({ event }: { event: PublicEventSummary }) {
  return (
    <p class="meta">
      {kindNames[event.kind]} · <Time iso={event.startsAt} /> · {event.online ? 'Online' : event.venue}
      {event.online && event.venue ? ` and ${event.venue}` : ''}
      {!event.past &&
        ` · ${event.placesLeft ? `${event.placesLeft} ${event.placesLeft === 1 ? 'place' : 'places'} left` : 'Full'}`}
    </p>
  )
}

export function EventPage({ eventId }: { eventId: string }) {
  const [event, setEvent] = useState<PublicEvent>()
  const [failure, setFailure] = useState<unknown>()
  useEffect(() => {
    call(api.events[':eventId'].$get({ param: { eventId } })).then((found) => {
      setEvent(found)
      // One view per opening of the page; a failure to count is nobody's problem.
      void api.events[':eventId'].views.$post({ param: { eventId } }).catch(() => undefined)
    }, setFailure)
  }, [eventId])

  const back = { href: '/', label: 'Back to the competitions' }
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{ title: 'Event not found', text: 'There is no event at this address, or it is not published yet.' }}
        failed="Sorry, the event could not be loaded"
        back={back}
      />
    )
  if (!event) return <Loading what="the event" />
  return (
    <>
      <a href={`/competitions/${event.competitionId}`} class="back-link">
        Back to the competition
      </a>
      <PageHeading title={event.title} caption={kindNames[event.kind]} />
      <dl class="summary-list">
        <>
          <dt>Starts</dt>
          <dd>
            <Time iso={event.startsAt} />
          </dd>
        </>
        <>
          <dt>Ends</dt>
          <dd>
            <Time iso={event.endsAt} />
          </dd>
        </>
        <>
          <dt>Where</dt>
          <dd>
            {[event.venue, event.online ? 'Online: the joining link is emailed when you confirm your place' : '']
              .filter(Boolean)
              .join('. ')}
          </dd>
        </>
        {event.partners.length > 0 && (
          <>
            <dt>With</dt>
            <dd>{event.partners.join(', ')}</dd>
          </>
        )}
        {event.challenges.length > 0 && (
          <>
            <dt>Challenges</dt>
            <dd>
              <ul class="list-plain">
                {event.challenges.map((c) => (
                  <li key={c.id}>
                    <a href={`/competitions/${event.competitionId}#challenge-${c.id}`}>{c.title}</a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <>
          <dt>Places left</dt>
          <dd>{event.placesLeft}</dd>
        </>
      </dl>
      {event.description && <p class="multiline">{event.description}</p>}
      <p>
        <a href={`/api/events/${encodeURIComponent(event.id)}/event.ics`} download="event.ics">
          Add it to your calendar (.ics file)
        </a>
      </p>
      {event.registrationOpen ? (
        <RegisterForm event={event} />
      ) : (
        <div class="notice">
          <p>
            Registration is closed: {event.placesLeft === 0 ? 'every place has been taken.' : 'the event has started.'}
          </p>
        </div>
      )}
    </>
  )
}

function RegisterForm({ event }: { event: PublicEvent }) {
  const [form, setForm] = useState({ name: '', email: '', organisation: '', accessibilityNeeds: '' })
  const [sent, setSent] = useState<string>()
  const errors = usePageErrors()
  const { busy, submit } = useSubmit(errors)
  const notice = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (sent) notice.current?.focus()
  }, [sent])
  const set = (field: keyof typeof form) => (value: string) => setForm({ ...form, [field]: value })

  function send(e: Event) {
    e.preventDefault()
    void submit({
      check: () => [
        ...(form.name.trim() ? [] : [{ id: 'register-name', text: 'Enter your name' }]),
        ...(/^\S+@\S+\.\S+$/.test(form.email.trim())
          ? []
          : [{ id: 'register-email', text: 'Enter an email address, like name@example.org' }]),
      ],
      send: () =>
        call(
          api.events[':eventId'].registrations.$post({
            param: { eventId: event.id },
            json: { ...form, email: form.email.trim() },
          }),
        ),
      resolve: fieldsUnder('register'),
      done: (result) => setSent(result.message),
    })
  }

  if (sent)
    return (
      <div class="notice notice-success" role="status" tabIndex={-1} ref={notice}>
        <h2>Check your email</h2>
        <p>{sent}</p>
      </div>
    )
  const { inline } = errors
  return (
    <>
      <h2 id="register">Register</h2>
      <p>
        You do not need an account. We keep your details until {event.retentionDays} days after the event, then delete
        them; we count only how many came.
      </p>
      <ErrorSummary errors={errors.errors} />
      <form noValidate onSubmit={send}>
        <TextInput
          id="register-name"
          label="Your name"
          value={form.name}
          onValue={set('name')}
          autocomplete="name"
          error={inline['register-name']}
        />
        <TextInput
          id="register-email"
          label="Email address"
          hint="We email you a link to confirm your place."
          type="email"
          value={form.email}
          onValue={set('email')}
          autocomplete="email"
          spellcheck={false}
          error={inline['register-email']}
        />
        <TextInput
          id="register-organisation"
          label="Organisation (optional)"
          value={form.organisation}
          onValue={set('organisation')}
          autocomplete="organization"
          error={inline['register-organisation']}
        />
        <TextArea
          id="register-accessibilityNeeds"
          label="Accessibility needs (optional)"
          hint="Anything that would help you take part: captions, a hearing loop, step-free access, breaks."
          rows={3}
          value={form.accessibilityNeeds}
          onValue={set('accessibilityNeeds')}
          error={inline['register-accessibilityNeeds']}
        />
        <button type="submit" class="button" disabled={busy}>
          Register
        </button>
      </form>
    </>
  )
}

export function RegistrationPage({ eventId, registrationId }: { eventId: string; registrationId: string }) {
  const token = useStore(location).query.get('token') ?? ''
  const [registration, setRegistration] = useState<OwnRegistration>()
  const [failure, setFailure] = useState<unknown>()
  const errors = usePageErrors()
  const { busy, status, submit } = useSubmit(errors)
  const load = () =>
    call(
      api.events[':eventId'].registrations[':registrationId'].$get({
        param: { eventId, registrationId },
        query: { token },
      }),
    ).then(setRegistration, setFailure)
  useEffect(() => {
    void load()
  }, [eventId, registrationId, token])

  const back = { href: `/events/${eventId}`, label: 'Back to the event' }
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{
          title: 'Registration not found',
          text: 'This link is not valid, or the registration has been deleted. Use the whole link from your email.',
        }}
        failed="Sorry, your registration could not be loaded"
        back={back}
      />
    )
  if (!registration) return <Loading what="your registration" />
  const act = (action: 'confirm' | 'cancel') =>
    submit({
      send: () =>
        call(
          api.events[':eventId'].registrations[':registrationId'][action].$post({
            param: { eventId, registrationId },
            json: { token },
          }),
        ),
      done: (r) => {
        setRegistration(r)
        return action === 'confirm' ? 'Your place is confirmed.' : 'Your registration is cancelled.'
      },
      // Refused (cancelled, or the hold lapsed): say why, and show the registration as it now is.
      failed: async (error) => {
        errors.fail(error, () => ({}))
        await load()
      },
    })
  const titles = {
    pending: 'Confirm your place',
    confirmed: 'Your place is confirmed',
    cancelled: 'Registration cancelled',
  }
  const title = registration.lapsed ? 'Your place was not confirmed in time' : titles[registration.status]
  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      <PageHeading title={title} caption={registration.name} />
      <ErrorSummary errors={errors.errors} />
      <p role="status">{status}</p>
      {registration.lapsed && (
        <p>
          We held a place for you, but it was not confirmed in time, so it has gone back to the event. You can{' '}
          <a href={`/events/${eventId}#register`}>register again</a> while places are left.
        </p>
      )}
      {registration.status === 'pending' && !registration.lapsed && (
        <>
          <p>
            We are holding a place for you
            {registration.holdUntil && (
              <>
                {' '}
                until <Time iso={registration.holdUntil} />
              </>
            )}
            . Confirm it to get the joining details and a reminder the day before. If you do not, the place goes back to
            the event.
          </p>
          <button type="button" class="button" disabled={busy} onClick={() => void act('confirm')}>
            Confirm my place
          </button>
        </>
      )}
      {registration.status === 'confirmed' && (
        <>
          {registration.onlineUrl && (
            <p>
              Join online:{' '}
              <a href={registration.onlineUrl} rel="noreferrer noopener">
                {registration.onlineUrl}
              </a>
            </p>
          )}
          <p>We will email you a reminder the day before.</p>
        </>
      )}
      {registration.status !== 'cancelled' && !registration.lapsed && (
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => void act('cancel')}>
          Cancel my place
        </button>
      )}
      {registration.status === 'cancelled' && !registration.lapsed && (
        <p>
          Your place has been given back. You can <a href={`/events/${eventId}#register`}>register again</a> while
          places are left.
        </p>
      )}
    </>
  )
}
