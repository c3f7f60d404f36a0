// "/applications/:id/decision": the applicant's decision and feedback, once decisions are
// released ("under review" and nothing more before then): the outcome, the decision in words,
// what the panel said, what was strong and what to improve, the scores where the competition
// shows them, where to go next, the offer for an award, and asking for a feedback call.
// Everything the programme manager wrote is shown as text, never as markup.
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import { outcomeNames } from '../../../shared/labels.js'
import type {
  ApplicantCall,
  ApplicantDecision,
  ChosenSignpost,
  ReleasedFeedback,
} from '../../../shared/schemas/feedback.js'
import { api, call } from '../api.js'
import { Time } from '../components/competition-bits.js'
import { ErrorSummary } from '../components/error-summary.js'
import type { ErrorItem } from '../components/errors.js'
import { CallTag, callStatusText, ScoresTable } from '../components/feedback-bits.js'
import { TextArea } from '../components/fields.js'
import { usePageErrors, useSubmit, type PageErrors } from '../components/forms.js'
import { Loading, PageHeading } from '../components/page.js'
import { ApplicationLoadFailure } from './application-form.js'
import { ApplicantsOnly } from './guard.js'
import { OfferSection } from './offer.js'

const TITLE = 'Your decision and feedback'

export function DecisionPage({ id }: { id: string }) {
  return (
    <ApplicantsOnly title={TITLE}>
      <DecisionLoader id={id} />
    </ApplicantsOnly>
  )
}

type Released = Extract<ApplicantDecision, { released: true }>

function DecisionLoader({ id }: { id: string }) {
  const [decision, setDecision] = useState<ApplicantDecision>()
  const [failure, setFailure] = useState<unknown>()
  useEffect(() => {
    call(api.applications[':applicationId'].decision.$get({ param: { applicationId: id } })).then(
      setDecision,
      setFailure,
    )
  }, [id])
  if (failure) return <ApplicationLoadFailure failure={failure} />
  if (!decision) return <Loading what="your decision" />
  if (!decision.released) {
    return (
      <>
        <BackLink applicationId={id} />
        <PageHeading title={TITLE} caption={decision.competitionTitle} />
        <p>
          <strong class="tag tag-app-submitted">Under review</strong>
        </p>
        <p>
          Your expression of interest is under review. We will email you when decisions are released, and your decision
          and feedback will be here.
        </p>
      </>
    )
  }
  return <DecisionView decision={decision} />
}

function BackLink({ applicationId }: { applicationId: string }) {
  return (
    <a href={`/applications/${applicationId}`} class="back-link">
      Your expression of interest
    </a>
  )
}

function DecisionView({ decision }: { decision: Released }) {
  const errors = usePageErrors()
  const { feedback } = decision
  return (
    <>
      <BackLink applicationId={decision.applicationId} />
      <ErrorSummary errors={errors.errors} />
      <PageHeading title={TITLE} caption={decision.competitionTitle} hasErrors={!!errors.errors} />
      <div class={decision.outcome === 'funded' ? 'decision-outcome decision-outcome-funded' : 'decision-outcome'}>
        <p class="caption">Decision for {decision.organisationName}</p>
        <h2 id="outcome-heading" class="heading-l">
          {outcomeNames[decision.outcome]}
        </h2>
        <p class="meta">
          Released <Time iso={decision.releasedAt} />
        </p>
      </div>
      {feedback ? (
        <FeedbackText feedback={feedback} />
      ) : (
        <p>
          The programme team did not write feedback for this application. You can still request a feedback call below.
        </p>
      )}
      {decision.outcome !== 'funded' && !feedback?.signposts.length && (
        <section class="section" aria-labelledby="next-heading">
          <h2 id="next-heading">Where to go next</h2>
          <p>
            Request a feedback call below: the programme team can talk through your feedback and suggest where to find
            support next.
          </p>
        </section>
      )}
      {decision.outcome === 'funded' && (
        <OfferSection applicationId={decision.applicationId} competitionTitle={decision.competitionTitle} />
      )}
      <CallSection applicationId={decision.applicationId} current={decision.call} errors={errors} />
    </>
  )
}

/** A block of the manager's text as written: line breaks kept, never markup. */
function Paragraphs({ text }: { text: string }) {
  return <p class="multiline">{text}</p>
}

function FeedbackText({ feedback }: { feedback: ReleasedFeedback }) {
  const sections: [id: string, heading: string, text: string][] = [
    ['panel-said', 'What the panel said', feedback.panelComments],
    ['strengths', 'What was strong', feedback.strengths],
    ['improvements', 'What to improve', feedback.improvements],
  ]
  return (
    <>
      {feedback.updatedAt && (
        <div class="notice">
          <p>This feedback was last changed {formatLondon(feedback.updatedAt)}, after decisions were released.</p>
        </div>
      )}
      {feedback.decision && (
        <section class="section" aria-labelledby="decision-heading">
          <h2 id="decision-heading">The decision</h2>
          <Paragraphs text={feedback.decision} />
        </section>
      )}
      {sections
        .filter(([, , text]) => text.trim())
        .map(([id, heading, text]) => (
          <section class="section" aria-labelledby={`${id}-heading`} key={id}>
            <h2 id={`${id}-heading`}>{heading}</h2>
            <Paragraphs text={text} />
          </section>
        ))}
      {feedback.scores && feedback.scores.length > 0 && (
        <section class="section" aria-labelledby="scores-heading">
          <h2 id="scores-heading">Your scores</h2>
          <ScoresTable
            scores={feedback.scores}
            caption="Your scores by criterion: the mean of the panel’s scores"
            scoreHeading="Your score"
          />
        </section>
      )}
      {feedback.signposts.length > 0 && <Signposts signposts={feedback.signposts} />}
    </>
  )
}

function Signposts({ signposts }: { signposts: ChosenSignpost[] }) {
  return (
    <section class="section" aria-labelledby="next-heading">
      <h2 id="next-heading">Where to go next</h2>
      <p>Support the programme team suggests for your organisation:</p>
      <ul class="list-plain signposts">
        {signposts.map((signpost) => (
          <li key={signpost.id}>
            <h3 class="heading-s">
              {signpost.url ? (
                <a href={signpost.url} rel="noopener noreferrer">
                  {signpost.name}
                </a>
              ) : (
                signpost.name
              )}
            </h3>
            <p class="multiline">{signpost.helpsWith}</p>
            {signpost.contact && <p>Contact: {signpost.contact}</p>}
          </li>
        ))}
      </ul>
    </section>
  )
}

const callLabels: Record<string, string> = { preferredTimes: 'When suits you', question: 'What you would like to ask' }

/** The feedback call: its status if one was asked for, and the form while none is open. */
function CallSection({
  applicationId,
  current,
  errors,
}: {
  applicationId: string
  current?: ApplicantCall
  errors: PageErrors
}) {
  const [feedbackCall, setFeedbackCall] = useState(current)
  const [preferredTimes, setPreferredTimes] = useState('')
  const [question, setQuestion] = useState('')
  const { busy, submit } = useSubmit(errors)
  const [said, setSaid] = useState<string>()
  const statusRef = useRef<HTMLDivElement>(null)
  const { inline } = errors
  const open = feedbackCall && feedbackCall.status !== 'done'

  useEffect(() => {
    if (said) statusRef.current?.focus()
  }, [said])

  function request(event: Event) {
    event.preventDefault()
    setSaid(undefined)
    const problems: ErrorItem[] = []
    if (!preferredTimes.trim())
      problems.push({ id: 'call-preferredTimes', text: 'Enter the days and times that suit you for a call' })
    if (!question.trim()) problems.push({ id: 'call-question', text: 'Enter what you would like to ask' })
    void submit({
      check: () => problems,
      send: () =>
        call(
          api.applications[':applicationId']['feedback-call'].$post({
            param: { applicationId },
            json: { preferredTimes: preferredTimes.trim(), question: question.trim() },
          }),
        ),
      // A call already open (409) or not yet possible (422) names the application itself: point at the form.
      resolve: (field) =>
        field in callLabels ? { id: `call-${field}`, label: callLabels[field] } : { id: 'call-heading' },
      done: (next) => {
        setFeedbackCall(next)
        setPreferredTimes('')
        setQuestion('')
        setSaid('You requested a feedback call. We will email you when it is arranged.')
      },
    })
  }

  return (
    <section class="section" aria-labelledby="call-heading">
      <h2 id="call-heading" tabIndex={-1}>
        A feedback call
      </h2>
      {said && (
        <div class="notice notice-success" tabIndex={-1} ref={statusRef}>
          <p>{said}</p>
        </div>
      )}
      {feedbackCall && (
        <dl class="summary-list">
          <dt>Status</dt>
          <dd>
            <CallTag status={feedbackCall.status} />
            <span class="block multiline" id="call-status">
              {callStatusText(feedbackCall)}
            </span>
          </dd>
          <dt>Asked</dt>
          <dd>
            <Time iso={feedbackCall.requestedAt} />
          </dd>
          <dt>When suits you</dt>
          <dd class="multiline">{feedbackCall.preferredTimes}</dd>
          <dt>Your question</dt>
          <dd class="multiline">{feedbackCall.question}</dd>
        </dl>
      )}
      {open ? (
        <p>
          {feedbackCall.status === 'arranged'
            ? 'We have emailed you the details too.'
            : 'We will email you when the call is arranged.'}
        </p>
      ) : (
        <form noValidate onSubmit={request} aria-labelledby="call-form-heading">
          <h3 id="call-form-heading" class="heading-m">
            {feedbackCall ? 'Request another call' : 'Request a feedback call'}
          </h3>
          <p>Talk your feedback through with the programme team: what it means, and what to do next.</p>
          <TextArea
            id="call-preferredTimes"
            label={callLabels.preferredTimes!}
            hint="Days and times you could talk, for example “Tuesday or Thursday mornings”."
            rows={2}
            value={preferredTimes}
            onValue={setPreferredTimes}
            error={inline['call-preferredTimes']}
          />
          <TextArea
            id="call-question"
            label={callLabels.question!}
            hint="So the right person can call you, ready to answer it."
            rows={4}
            value={question}
            onValue={setQuestion}
            error={inline['call-question']}
          />
          <div class="button-group">
            <button type="submit" class="button" disabled={busy}>
              Request a call
            </button>
          </div>
        </form>
      )}
    </section>
  )
}
