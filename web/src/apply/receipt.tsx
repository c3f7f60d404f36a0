// "/applications/:id/receipt": proof that an expression of interest arrived: its receipt
// number, when it was received (UK time), and a copy of the answers, as emailed.
import { useEffect, useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import { getConfig } from '../api.js'
import { AnswerList } from '../components/answers.js'
import { Loading, PageHeading } from '../components/page.js'
import { session } from '../session.js'
import { useStore } from '../store.js'
import { ApplicationLoadFailure, useLoaded } from './application-form.js'
import { DiSurvey } from './di-survey.js'
import { ApplicantsOnly } from './guard.js'

export function ReceiptPage({ id }: { id: string }) {
  return (
    <ApplicantsOnly title="Your receipt">
      <Receipt id={id} />
    </ApplicantsOnly>
  )
}

function Receipt({ id }: { id: string }) {
  const { loaded, failure } = useLoaded(id)
  const email = useStore(session)?.user.email
  const [local, setLocal] = useState(false)
  useEffect(() => {
    getConfig().then(
      (config) => setLocal(config.auth.mode === 'local'),
      () => {},
    )
  }, [])
  if (failure) return <ApplicationLoadFailure failure={failure} />
  if (!loaded) return <Loading what="your receipt" />
  const { application, page } = loaded
  if (application.status !== 'submitted' || !application.submittedAt) {
    return (
      <>
        <PageHeading title="There is no receipt yet" />
        <p>
          This expression of interest has not been submitted
          {application.status === 'withdrawn' ? ': it was withdrawn' : ''}.
        </p>
        <p>
          <a href={`/applications/${application.id}`}>Go to your expression of interest</a>
        </p>
      </>
    )
  }
  return (
    <>
      <div class="panel">
        <PageHeading title="Expression of interest submitted" />
        <p class="panel-body">
          Your receipt number
          <br />
          <strong>{application.receiptNumber}</strong>
        </p>
      </div>
      <dl class="summary-list">
        <dt>Competition</dt>
        <dd>{page.competition.title}</dd>
        <dt>Organisation</dt>
        <dd>{application.organisationName}</dd>
        <dt>Received</dt>
        <dd>
          <time dateTime={application.submittedAt}>{formatLondon(application.submittedAt)}</time>
        </dd>
      </dl>
      <p>
        We have emailed a copy of your answers{email ? ` to ${email}` : ''}. Keep your receipt number: quote it if you
        contact us.
        {local && (
          <>
            {' '}
            This is a local copy of the platform, so the email is in the <a href="/mailbox">local mailbox</a>.
          </>
        )}
      </p>
      <h2>What happens next</h2>
      <p>
        The programme team will check every expression of interest against the eligibility statements and shortlist some
        to pitch to a panel. Everyone who applies gets feedback.
      </p>
      <p>
        <a href="/applications">Your applications</a>
      </p>
      <DiSurvey application={application} competition={page.competition} />
      <h2>Your answers</h2>
      <AnswerList application={application} page={page} />
    </>
  )
}
