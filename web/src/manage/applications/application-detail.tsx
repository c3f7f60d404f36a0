// "/manage/applications/:id": one expression of interest as received, and an extension of
// its deadline for this organisation (recorded with the reason and who granted it).
import { useEffect, useState } from 'preact/hooks'
import { formatLondon, londonLocalToUtcIso } from '../../../../shared/dates.js'
import type { Application } from '../../../../shared/schemas/application.js'
import type { CompetitionPage } from '../../../../shared/schemas/competition.js'
import { api, call } from '../../api.js'
import { AnswerList, ApplicationTag } from '../../components/answers.js'
import { ErrorSummary } from '../../components/error-summary.js'
import type { ErrorItem } from '../../components/errors.js'
import { Status, TextArea, TextInput } from '../../components/fields.js'
import { usePageErrors, useSubmit } from '../../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../../components/page.js'
import { SharedNumberNotice } from './shared-number.js'

export function ApplicationDetail({ id }: { id: string }) {
  const [application, setApplication] = useState<Application>()
  const [page, setPage] = useState<CompetitionPage>()
  const [failure, setFailure] = useState<unknown>()
  useEffect(() => {
    call(api.applications[':applicationId'].$get({ param: { applicationId: id } }))
      .then(async (found) => {
        setPage(await call(api.competitions[':competitionId'].$get({ param: { competitionId: found.competitionId } })))
        setApplication(found)
      })
      .catch(setFailure)
  }, [id])

  if (failure) {
    return (
      <LoadFailure
        failure={failure}
        notFound={{ title: 'Expression of interest not found', text: 'It may not exist, or may have been removed.' }}
        failed="Sorry, it could not be loaded"
        back={{ href: '/manage', label: 'Back to your competitions' }}
      />
    )
  }
  if (!application || !page) return <Loading what="the expression of interest" />
  return (
    <>
      <a href={`/manage/competitions/${application.competitionId}/submissions`} class="back-link">
        All expressions of interest
      </a>
      <PageHeading title={application.organisationName} caption={`Expression of interest: ${page.competition.title}`} />
      {application.sharedCompaniesHouseNumber && <SharedNumberNotice shared={application.sharedCompaniesHouseNumber} />}
      <dl class="summary-list">
        <dt>Status</dt>
        <dd>
          <ApplicationTag status={application.status} />
        </dd>
        {application.contact && (
          <>
            <dt>Contact</dt>
            <dd>
              {application.contact.name} (
              <a href={`mailto:${application.contact.email}`}>{application.contact.email}</a>)
            </dd>
          </>
        )}
        <dt>Receipt number</dt>
        <dd>{application.receiptNumber ?? '–'}</dd>
        <dt>Submitted</dt>
        <dd>{application.submittedAt ? formatLondon(application.submittedAt) : '–'}</dd>
        {application.withdrawnAt && (
          <>
            <dt>Withdrawn</dt>
            <dd>{formatLondon(application.withdrawnAt)}</dd>
          </>
        )}
        <dt>Deadline for this organisation</dt>
        <dd>
          {application.extension ? (
            <>
              {formatLondon(application.extension.until)} (extended: {application.extension.reason}; granted{' '}
              {formatLondon(application.extension.grantedAt)})
            </>
          ) : page.competition.timeline.eoiClosesAt ? (
            formatLondon(page.competition.timeline.eoiClosesAt)
          ) : (
            'Not set'
          )}
        </dd>
      </dl>
      <h2>Answers</h2>
      <AnswerList application={application} page={page} />
      {application.status !== 'withdrawn' && (
        <ExtensionForm
          application={application}
          onSaved={(saved) =>
            setApplication({ ...saved, sharedCompaniesHouseNumber: application.sharedCompaniesHouseNumber })
          }
        />
      )}
    </>
  )
}

function ExtensionForm({
  application,
  onSaved,
}: {
  application: Application
  onSaved: (application: Application) => void
}) {
  const [until, setUntil] = useState('')
  const [reason, setReason] = useState('')
  const errors = usePageErrors()
  const { busy, status, submit } = useSubmit(errors)
  const { inline } = errors

  function grant(event: Event) {
    event.preventDefault()
    const problems: ErrorItem[] = []
    const iso = until ? londonLocalToUtcIso(until) : undefined
    if (!until) problems.push({ id: 'extension-until', text: 'Enter the new deadline' })
    else if (!iso)
      problems.push({
        id: 'extension-until',
        text: 'The new deadline must be a real date and time in the UK (clocks going forward skip an hour)',
      })
    if (!reason.trim()) problems.push({ id: 'extension-reason', text: 'Enter the reason for the extension' })
    void submit({
      check: () => problems,
      send: () =>
        call(
          api.applications[':applicationId'].extension.$post({
            param: { applicationId: application.id },
            json: { until: iso!, reason },
          }),
        ),
      resolve: (field) =>
        field === 'until'
          ? { id: 'extension-until', label: 'The new deadline' }
          : field === 'reason'
            ? { id: 'extension-reason', label: 'The reason' }
            : {},
      done: (saved) => {
        onSaved(saved)
        return `Extension granted to ${formatLondon(iso!)}.`
      },
    })
  }

  return (
    <section class="section" aria-labelledby="extension-heading">
      <h2 id="extension-heading">Give this organisation more time</h2>
      <p>
        An extension lets this organisation change and submit its expression of interest until the new deadline. It is
        recorded with your reason and your name.
      </p>
      <ErrorSummary errors={errors.errors} />
      <form noValidate onSubmit={grant}>
        <TextInput
          id="extension-until"
          label="New deadline"
          hint="UK time. It must be after the competition’s deadline and in the future."
          type="datetime-local"
          width="m"
          value={until}
          onValue={setUntil}
          error={inline['extension-until']}
        />
        <TextArea
          id="extension-reason"
          label="Reason"
          rows={3}
          value={reason}
          onValue={setReason}
          error={inline['extension-reason']}
        />
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>
            Grant extension
          </button>
          <Status message={status} />
        </div>
      </form>
    </section>
  )
}
