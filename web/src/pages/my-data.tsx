// "/account/data": everything held about the signed-in person (subject access), readable, with
// the same data to download as JSON. Any role: applicants see the most, but everyone has an account.
import { useEffect, useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import { formatBytes } from '../../../shared/files.js'
import { formatPence } from '../../../shared/money.js'
import type { ApplicantApplication } from '../../../shared/schemas/application.js'
import type { MyData, MyErasureInput } from '../../../shared/schemas/my-data.js'
import { api, call, describe } from '../api.js'
import { ErrorSummary } from '../components/error-summary.js'
import { TextInput } from '../components/fields.js'
import { fieldsUnder, usePageErrors, useSubmit } from '../components/forms.js'
import { Loading, PageHeading } from '../components/page.js'
import { ScrollTable } from '../components/scroll-table.js'
import { location } from '../router.js'
import { endSession, session } from '../session.js'
import { useStore } from '../store.js'

const TITLE = 'Your data'
/** The words the API wants typed (its type is the schema's literal, so the two cannot drift). */
const ERASE_CONFIRMATION: MyErasureInput['confirm'] = 'erase my data'

export function MyDataPage() {
  const current = useStore(session)
  const { path } = useStore(location)
  if (!current)
    return (
      <>
        <PageHeading title={TITLE} />
        <p>Sign in to see everything we hold about you.</p>
        <p>
          <a href={`/signin?next=${encodeURIComponent(path)}`} class="button">
            Sign in
          </a>
        </p>
      </>
    )
  return <MyDataView />
}

function MyDataView() {
  const [data, setData] = useState<MyData>()
  const [failure, setFailure] = useState<string>()
  const [download, setDownload] = useState<string>()
  useEffect(() => {
    call(api.me.data.$get()).then(
      (loaded) => {
        setData(loaded as MyData)
        setDownload(URL.createObjectURL(new Blob([JSON.stringify(loaded, null, 2)], { type: 'application/json' })))
      },
      (error: unknown) => setFailure(describe(error)),
    )
  }, [])
  useEffect(() => () => download && URL.revokeObjectURL(download), [download])
  const errors = usePageErrors()

  return (
    <>
      <ErrorSummary errors={errors.errors} />
      <PageHeading title={TITLE} hasErrors={!!errors.errors} />
      <p>
        Everything this service holds about you, as you would see it on its own page. Nothing about anyone else is
        included: not other applicants, not the panel’s names or private notes.
      </p>
      {failure && (
        <div class="notice" role="alert">
          <p>Your data could not be loaded. {failure}</p>
        </div>
      )}
      {!data && !failure && <Loading what="your data" />}
      {data && (
        <>
          <p>
            <a href={download} download="my-data.json" class="button button-secondary">
              Download as JSON
            </a>
          </p>
          <p class="meta">Gathered {formatLondon(data.generatedAt)}.</p>

          <h2>Your account</h2>
          <dl class="summary-list">
            <dt>Name</dt>
            <dd>{data.you.name}</dd>
            <dt>Email</dt>
            <dd>{data.you.email}</dd>
            <dt>Role</dt>
            <dd>{data.you.role}</dd>
          </dl>

          <h2>Your organisation</h2>
          {data.organisation ? (
            <dl class="summary-list">
              <dt>Name</dt>
              <dd>{data.organisation.name}</dd>
              <dt>Type</dt>
              <dd>{data.organisation.type}</dd>
              <dt>Companies House number</dt>
              <dd>{data.organisation.companiesHouseNumber ?? 'None given'}</dd>
              <dt>Postcode</dt>
              <dd>{data.organisation.postcode}</dd>
              <dt>Registered</dt>
              <dd>{formatLondon(data.organisation.createdAt)}</dd>
            </dl>
          ) : (
            <p>You have not registered an organisation.</p>
          )}

          <h2>Your expressions of interest</h2>
          {data.applications.length === 0 && <p>None.</p>}
          {data.applications.map(({ application, decision, grant, reports, checkIns }) => (
            <section key={application.id} aria-labelledby={`eoi-${application.id}`}>
              <h3 id={`eoi-${application.id}`}>{application.competitionTitle}</h3>
              <dl class="summary-list">
                <dt>Status</dt>
                <dd>
                  {application.status}
                  {application.receiptNumber && ` (receipt ${application.receiptNumber})`}
                </dd>
                <dt>Amount requested</dt>
                <dd>
                  {application.amountRequestedPence === undefined
                    ? 'None given'
                    : formatPence(application.amountRequestedPence)}
                </dd>
                <dt>Your answers</dt>
                <dd>
                  {Object.values(application.answers).length === 0
                    ? 'None'
                    : Object.values(application.answers).map((answer, i) => <p key={i}>{answerText(answer)}</p>)}
                </dd>
                <dt>Decision</dt>
                <dd>{decision?.released ? decision.outcome.replace('-', ' ') : 'Not released'}</dd>
                {decision?.released && decision.feedback && (
                  <>
                    <dt>Feedback</dt>
                    <dd>
                      <p>{decision.feedback.strengths}</p>
                      <p>{decision.feedback.improvements}</p>
                    </dd>
                  </>
                )}
                {decision?.released && decision.call && (
                  <>
                    <dt>Feedback call</dt>
                    <dd>{decision.call.status}</dd>
                  </>
                )}
                {grant && (
                  <>
                    <dt>Grant</dt>
                    <dd>
                      {grant.status}, {reports.length} report{reports.length === 1 ? '' : 's'}, {checkIns.length}{' '}
                      check-in{checkIns.length === 1 ? '' : 's'}
                    </dd>
                  </>
                )}
              </dl>
              <p>
                <a href={`/applications/${application.id}`}>Open this expression of interest</a>
              </p>
            </section>
          ))}

          <h2>Questions you asked</h2>
          {data.questions.length === 0 ? (
            <p>None.</p>
          ) : (
            <ScrollTable label="Questions you asked">
              <table class="table">
                <caption class="visually-hidden">Questions you asked</caption>
                <thead>
                  <tr>
                    <th scope="col">Asked</th>
                    <th scope="col">Question</th>
                    <th scope="col">Answer</th>
                  </tr>
                </thead>
                <tbody>
                  {data.questions.map((q) => (
                    <tr key={q.id}>
                      <td>{formatLondon(q.askedAt)}</td>
                      <td>{q.question}</td>
                      <td>{q.answer ?? 'Not answered yet'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          )}

          <h2>Event registrations</h2>
          {data.eventRegistrations.length === 0 ? (
            <p>None under your sign-in email address.</p>
          ) : (
            <ScrollTable label="Your event registrations">
              <table class="table">
                <caption class="visually-hidden">Your event registrations</caption>
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Starts</th>
                    <th scope="col">Name given</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {data.eventRegistrations.map(({ registration, eventTitle, eventStartsAt }) => (
                    <tr key={registration.id}>
                      <td>
                        <a href={`/events/${registration.eventId}`}>{eventTitle}</a>
                      </td>
                      <td>{formatLondon(eventStartsAt)}</td>
                      <td>{registration.name}</td>
                      <td>{registration.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          )}

          {data.problemOwner && (
            <>
              <h2>Problems you proposed</h2>
              {data.problemOwner.invitation && (
                <p>
                  Invited as {data.problemOwner.invitation.name} ({data.problemOwner.invitation.email}) for{' '}
                  {data.problemOwner.invitation.organisation}, {formatLondon(data.problemOwner.invitation.invitedAt)}.
                </p>
              )}
              {data.problemOwner.problems.length === 0 ? (
                <p>None yet.</p>
              ) : (
                <ul>
                  {data.problemOwner.problems.map((problem) => (
                    <li key={problem.id}>
                      <a href={`/problems/${problem.id}`}>{problem.title}</a> ({problem.status}), named lead{' '}
                      {problem.commitment.leadName}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}

          {data.roundInvitations.length > 0 && (
            <>
              <h2>Prioritisation rounds you were invited to</h2>
              <ul>
                {data.roundInvitations.map((invitation) => (
                  <li key={invitation.roundId}>
                    {invitation.roundTitle}, as {invitation.group.replace('-', ' ')}:{' '}
                    {invitation.ballot
                      ? `voted ${formatLondon(invitation.ballot.castAt)} (${invitation.ballot.support
                          .map((s) => `${s.problemTitle}: ${s.points}`)
                          .join('; ')})`
                      : 'not voted'}
                  </li>
                ))}
              </ul>
            </>
          )}

          {data.matchingProfiles.length > 0 && (
            <>
              <h2>Partner matching</h2>
              {data.matchingProfiles.map(({ profile, introductions }) => (
                <section key={profile.id} aria-labelledby={`match-${profile.id}`}>
                  <h3 id={`match-${profile.id}`}>{profile.organisationName}</h3>
                  <dl class="summary-list">
                    <dt>Contact</dt>
                    <dd>
                      {profile.contactName}, {profile.contactEmail}
                    </dd>
                    <dt>Summary</dt>
                    <dd>{profile.summary || 'None'}</dd>
                    <dt>Introductions</dt>
                    <dd>
                      {introductions.length === 0
                        ? 'None'
                        : introductions.map((i) => (
                            <p key={i.id}>
                              {i.sentByMe ? 'Asked by you' : 'Asked of you'}, {i.status}
                              {i.introducedTo &&
                                `: ${i.introducedTo.organisationName}, ${i.introducedTo.contactName}, ${i.introducedTo.contactEmail}`}
                            </p>
                          ))}
                    </dd>
                  </dl>
                </section>
              ))}
            </>
          )}

          {data.panelMemberships.length > 0 && (
            <>
              <h2>Panels</h2>
              <ul>
                {data.panelMemberships.map((m) => (
                  <li key={m.competitionId}>
                    {m.competitionTitle}: {m.name}, {m.email}
                    {m.role && `, ${m.role}`}
                    {m.organisation && `, ${m.organisation}`} ({m.status})
                  </li>
                ))}
              </ul>
            </>
          )}

          {data.files.length > 0 && (
            <>
              <h2>Files you uploaded</h2>
              <ul>
                {data.files.map((file, i) => (
                  <li key={i}>
                    {file.filename} ({file.kind === 'eoi-answer' ? 'an answer' : 'report evidence'},{' '}
                    {file.uploaded ? formatBytes(file.sizeBytes) : 'not uploaded'})
                  </li>
                ))}
              </ul>
            </>
          )}

          <h2>What we keep without your name</h2>
          <ul>
            {data.notHeld.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>

          <EraseForm errors={errors} />
        </>
      )}
    </>
  )
}

/** Erasure: typed confirmation, then the account is closed and the person signed out. */
function EraseForm({ errors }: { errors: ReturnType<typeof usePageErrors> }) {
  const [confirm, setConfirm] = useState('')
  const { busy, submit } = useSubmit(errors)
  const onSubmit = (event: Event) => {
    event.preventDefault()
    void submit({
      check: () =>
        confirm.trim() === ERASE_CONFIRMATION
          ? []
          : [{ id: 'erase-confirm', text: `Type “${ERASE_CONFIRMATION}” to confirm` }],
      send: () => call(api.me.erasure.$post({ json: { confirm: ERASE_CONFIRMATION } })),
      resolve: fieldsUnder('erase'),
      done: () => endSession('Your data has been erased and your account closed.'),
    })
  }
  return (
    <form class="warning" noValidate onSubmit={onSubmit} aria-labelledby="erase-heading">
      <h2 id="erase-heading">Erase your data</h2>
      <p>
        Your name, email address and what you wrote are replaced with “[erased]” and your account is closed. Decisions,
        amounts and the record of what happened stay, without your name. This cannot be undone.
      </p>
      <TextInput
        id="erase-confirm"
        label={`To confirm, type “${ERASE_CONFIRMATION}”`}
        value={confirm}
        onValue={setConfirm}
        error={errors.inline['erase-confirm']}
        autocomplete="off"
        spellcheck={false}
      />
      <button type="submit" class="button button-warning" disabled={busy}>
        Erase my data
      </button>
    </form>
  )
}

function answerText(answer: ApplicantApplication['answers'][string]): string {
  if (typeof answer === 'string' || typeof answer === 'number') return String(answer)
  if (Array.isArray(answer)) return answer.join(', ')
  if ('file' in answer) return `File: ${answer.file.filename}`
  return answer.mode === 'text' ? answer.text : `Video: ${answer.url}`
}
