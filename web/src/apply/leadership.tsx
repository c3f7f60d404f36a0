// "/account/organisation/leadership": optional questions about who leads the organisation,
// answered with consent (or declined). About the organisation, never a person; programme
// managers see them only counted by funnel stage, with small numbers not shown.
import { useEffect, useState } from 'preact/hooks'
import { LED_BY, type LeadershipAnswer, leadershipQuestions } from '../../../shared/leadership-questions.js'
import type { Leadership } from '../../../shared/schemas/funnel.js'
import { api, call } from '../api.js'
import { ErrorSummary } from '../components/error-summary.js'
import { Checkboxes, Radios, Status } from '../components/fields.js'
import { usePageErrors, useSubmit } from '../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../components/page.js'
import { ApplicantsOnly } from './guard.js'

const TITLE = 'About your organisation’s leadership (optional)'

export function LeadershipPage() {
  return (
    <ApplicantsOnly title={TITLE}>
      <LeadershipForm />
    </ApplicantsOnly>
  )
}

function LeadershipForm() {
  const [saved, setSaved] = useState<Leadership>()
  const [failure, setFailure] = useState<unknown>()
  const [consent, setConsent] = useState(false)
  const [answers, setAnswers] = useState<Record<string, LeadershipAnswer | ''>>({})
  const errors = usePageErrors()
  const { busy, status, submit } = useSubmit(errors)
  const loaded = (l: Leadership) => {
    setSaved(l)
    setConsent(l.consentGiven)
    setAnswers(
      Object.fromEntries(
        Object.entries(l.answers).map(([q, a]) => [
          q,
          a === 'not-asked' || !l.consentGiven ? '' : (a as LeadershipAnswer),
        ]),
      ),
    )
  }
  useEffect(() => {
    call(api.me.organisation.leadership.$get()).then(loaded, setFailure)
  }, [])
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{
          title: 'Register your organisation first',
          text: 'These questions are about the organisation you apply for.',
        }}
        failed="Sorry, the questions could not be loaded"
        back={{ href: '/account/organisation', label: 'Your organisation' }}
      />
    )
  if (!saved) return <Loading what="the questions" />

  function save(event: Event, withConsent: boolean) {
    event.preventDefault()
    void submit({
      send: () =>
        call(
          api.me.organisation.leadership.$put({
            json: {
              consent: withConsent,
              answers: withConsent
                ? (Object.fromEntries(Object.entries(answers).filter(([, a]) => a !== '')) as Record<
                    string,
                    LeadershipAnswer
                  >)
                : {},
              version: saved!.version,
            },
          }),
        ),
      resolve: (field) => (field === 'consent' ? { id: 'leadership-consent', label: 'Consent' } : {}),
      done: (l) => {
        loaded(l)
        return withConsent ? 'Your answers are saved.' : 'Saved: your organisation declined these questions.'
      },
    })
  }

  return (
    <>
      <ErrorSummary errors={errors.errors} />
      <a href="/account/organisation" class="back-link">
        Back to your organisation
      </a>
      <PageHeading title={TITLE} hasErrors={!!errors.errors} />
      <p>
        Funders want to know whether organisations led by under-represented groups drop out on the way to an award.
        These questions are about your organisation, not about you. {LED_BY}
      </p>
      <p>
        Answering is optional and does not affect your application. Programme managers never see your answers: only
        counts of organisations at each stage, and no count under 5. Your expression of interest counts with the answers
        you had given when you submitted it.
      </p>
      <form noValidate onSubmit={(e) => save(e, true)}>
        <Checkboxes
          id="leadership-consent"
          legend="Consent"
          options={[{ value: 'yes', label: 'I agree to record my organisation’s answers for this purpose' }]}
          values={consent ? ['yes'] : []}
          onValues={(v) => setConsent(v.includes('yes'))}
          error={errors.inline['leadership-consent']}
        />
        {consent &&
          leadershipQuestions.map((q) => (
            <Radios
              key={q.id}
              id={`leadership-${q.id}`}
              legend={q.label}
              inline
              options={[
                { value: 'yes', label: 'Yes' },
                { value: 'no', label: 'No' },
                { value: 'declined', label: 'Prefer not to say' },
              ]}
              value={answers[q.id] ?? ''}
              onValue={(a) => setAnswers((all) => ({ ...all, [q.id]: a }))}
            />
          ))}
        <div class="button-group">
          <button type="submit" class="button" disabled={busy || !consent}>
            Save answers
          </button>
          <button type="button" class="button button-secondary" disabled={busy} onClick={(e) => save(e, false)}>
            Decline all the questions
          </button>
        </div>
        <Status message={status} />
      </form>
    </>
  )
}
