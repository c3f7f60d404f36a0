// "/manage/competitions/:id/grants/:applicationId/reports/:milestoneId": a programme manager reads
// a grantee's progress report on one milestone (what was done, the evidence files, each
// indicator's actual against the target due by then, and every decision so far) and, while it is
// sent for review, approves it (its tranches fall due, authorised by them), rejects it with a
// reason, or queries one section with a question.
import { useEffect, useRef, useState } from 'preact/hooks'
import { documentTypes, formatBytes } from '../../../../shared/files.js'
import {
  formatDay,
  misses,
  reportSectionNames,
  reportStatusNames,
  targetDueBy,
} from '../../../../shared/grant-reports.js'
import type { ManagedReport, ReportSection } from '../../../../shared/schemas/grant-reports.js'
import type { Grant } from '../../../../shared/schemas/grants.js'
import { api, call, describe } from '../../api.js'
import { Time } from '../../components/competition-bits.js'
import { ErrorSummary } from '../../components/error-summary.js'
import type { ErrorItem } from '../../components/errors.js'
import { Radios, TextArea } from '../../components/fields.js'
import { fieldsUnder, usePageErrors, useSubmit } from '../../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../../components/page.js'
import { ScrollTable } from '../../components/scroll-table.js'

type Loaded = { grant: Grant; report: ManagedReport }

const statusTags: Record<ManagedReport['status'], string> = {
  draft: 'tag tag-draft',
  submitted: 'tag tag-app-submitted',
  queried: 'tag tag-pending',
  approved: 'tag tag-open',
  rejected: 'tag tag-app-withdrawn',
}

export function ReportReviewPage({
  id,
  applicationId,
  milestoneId,
}: {
  id: string
  applicationId: string
  milestoneId: string
}) {
  const [loaded, setLoaded] = useState<Loaded>()
  const [failure, setFailure] = useState<unknown>()
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    const param = { competitionId: id, applicationId }
    Promise.all([
      call(api.competitions[':competitionId'].grants[':applicationId'].$get({ param })),
      call(
        api.competitions[':competitionId'].grants[':applicationId'].reports[':milestoneId'].$get({
          param: { ...param, milestoneId },
        }),
      ),
    ]).then(([grant, report]) => setLoaded({ grant, report }), setFailure)
  }, [id, applicationId, milestoneId, generation])
  const back = { href: `/manage/competitions/${id}/grants/${applicationId}`, label: 'The grant' }
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{
          title: 'No report to review',
          text: 'The grantee has not sent a report on this milestone yet, or there is no such grant or milestone.',
        }}
        failed="The report could not be loaded"
        back={back}
      />
    )
  if (!loaded) return <Loading what="the report" />
  return (
    <Review
      key={generation}
      grant={loaded.grant}
      initial={loaded.report}
      back={back}
      onReload={() => {
        setLoaded(undefined)
        setGeneration((g) => g + 1)
      }}
    />
  )
}

type Decision = 'approve' | 'reject' | 'query'

function Review({
  grant,
  initial,
  back,
  onReload,
}: {
  grant: Grant
  initial: ManagedReport
  back: { href: string; label: string }
  onReload: () => void
}) {
  const errors = usePageErrors()
  const [report, setReport] = useState(initial)
  const [said, setSaid] = useState<string>()
  const done = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (said) done.current?.focus()
  }, [said])
  const milestone = grant.milestones.find((m) => m.id === report.milestoneId)!
  const dueOn = grant.progress?.milestones[report.milestoneId]?.dueOn ?? milestone.dueOn
  const param = {
    competitionId: grant.competitionId,
    applicationId: grant.applicationId,
    milestoneId: report.milestoneId,
  }
  const files = api.competitions[':competitionId'].grants[':applicationId'].reports[':milestoneId'].files
  const [fileProblem, setFileProblem] = useState<string>()

  function download(event: MouseEvent, fileId: string) {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return
    event.preventDefault()
    call(files[':fileId'].$get({ param: { ...param, fileId } }, { headers: { Accept: 'application/json' } }))
      .then((body) => window.location.assign((body as { url: string }).url))
      .catch((failure: unknown) => setFileProblem(`The file could not be downloaded. ${describe(failure)}`))
  }

  return (
    <>
      <a href={back.href} class="back-link">
        {back.label}
      </a>
      <ErrorSummary errors={errors.errors} reload={{ label: 'Reload the report', onReload }} />
      <PageHeading
        title={`Progress report: ${milestone.title}`}
        caption={grant.organisationName}
        hasErrors={!!errors.errors}
      />
      {said && (
        <div class="notice notice-success" tabIndex={-1} ref={done} role="status">
          <p>{said}</p>
        </div>
      )}
      <dl class="summary-list">
        <dt>Status</dt>
        <dd>
          <strong class={statusTags[report.status]}>{reportStatusNames[report.status]}</strong>
        </dd>
        <dt>Due</dt>
        <dd>{formatDay(dueOn)}</dd>
        <dt>Evidence expected</dt>
        <dd class="multiline">{milestone.evidence}</dd>
        {report.submittedAt && (
          <>
            <dt>Last sent</dt>
            <dd>
              <Time iso={report.submittedAt} /> by {report.updatedByName}
            </dd>
          </>
        )}
        {report.approvedAt && (
          <>
            <dt>Approved</dt>
            <dd>
              <Time iso={report.approvedAt} /> by {report.approvedByName}
            </dd>
          </>
        )}
      </dl>
      {report.query && (
        <section class="notice" aria-labelledby="query-heading">
          <h2 id="query-heading" class="heading-s">
            Query on {reportSectionNames[report.query.section].toLowerCase()}, by {report.query.askedByName}
          </h2>
          <p class="multiline">{report.query.question}</p>
          {report.query.answer ? (
            <>
              <p>
                <strong>The grantee’s answer</strong>
                {report.query.answeredAt && (
                  <span class="meta">
                    {' '}
                    (<Time iso={report.query.answeredAt} />)
                  </span>
                )}
              </p>
              <p class="multiline">{report.query.answer}</p>
            </>
          ) : (
            <p>Waiting for the grantee’s answer.</p>
          )}
        </section>
      )}
      <section class="section" aria-labelledby="progress-heading">
        <h2 id="progress-heading">{reportSectionNames.progress}</h2>
        <p class="multiline">{report.progress}</p>
      </section>
      <section class="section" aria-labelledby="evidence-heading">
        <h2 id="evidence-heading">{reportSectionNames.evidence}</h2>
        {fileProblem && (
          <p class="error-message" role="alert">
            {fileProblem}
          </p>
        )}
        {report.files.filter((f) => f.uploaded).length > 0 ? (
          <ul class="list-plain" aria-label="Evidence files">
            {report.files
              .filter((f) => f.uploaded)
              .map((file) => (
                <li key={file.id}>
                  <a
                    href={`/api/competitions/${grant.competitionId}/grants/${grant.applicationId}/reports/${report.milestoneId}/files/${file.id}`}
                    onClick={(event) => download(event, file.id)}
                  >
                    {file.filename}
                  </a>{' '}
                  <span class="meta">
                    ({documentTypes[file.contentType].toUpperCase()}, {formatBytes(file.sizeBytes)})
                  </span>
                </li>
              ))}
          </ul>
        ) : (
          <p>No evidence files.</p>
        )}
        {report.evidenceNote && <p class="multiline">{report.evidenceNote}</p>}
      </section>
      {grant.indicators.length > 0 && (
        <section class="section" aria-labelledby="indicators-heading">
          <h2 id="indicators-heading">{reportSectionNames.indicators}</h2>
          <ScrollTable label="Indicators: this period’s actual against the target due by then">
            <table class="table">
              <caption>Indicators: this period’s actual against the target due by {formatDay(dueOn)}</caption>
              <thead>
                <tr>
                  <th scope="col">Indicator</th>
                  <th scope="col" class="numeric">
                    Baseline
                  </th>
                  <th scope="col" class="numeric">
                    Target
                  </th>
                  <th scope="col" class="numeric">
                    Actual
                  </th>
                  <th scope="col">Explanation</th>
                </tr>
              </thead>
              <tbody>
                {grant.indicators.map((indicator) => {
                  const actual = report.actuals.find((a) => a.indicatorId === indicator.id)
                  const target = targetDueBy(indicator, dueOn)
                  const missed =
                    target && typeof actual?.value === 'number' && misses(indicator, actual.value, target.value)
                  return (
                    <tr key={indicator.id}>
                      <th scope="row">
                        {indicator.measure}
                        <span class="meta block">
                          {indicator.unit}; {indicator.better} is better
                        </span>
                      </th>
                      <td class="numeric">{indicator.baseline.value}</td>
                      <td class="numeric">{target ? target.value : 'None due'}</td>
                      <td class="numeric">
                        {actual?.value ?? 'Not given'}
                        {missed && <span class="block">Misses the target</span>}
                      </td>
                      <td class="multiline">{actual?.explanation || '—'}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </ScrollTable>
        </section>
      )}
      {report.reviews.length > 0 && (
        <section class="section" aria-labelledby="history-heading">
          <h2 id="history-heading">Decisions so far</h2>
          <ul class="list-plain">
            {report.reviews.map((review, i) => (
              <li key={i}>
                <Time iso={review.at} />: {review.byName}{' '}
                {review.decision === 'queried'
                  ? `queried ${reportSectionNames[review.section!].toLowerCase()}`
                  : review.decision}
                {review.text && <span class="block multiline meta">{review.text}</span>}
                {review.answer && <span class="block multiline">The grantee answered: {review.answer}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {report.status === 'submitted' ? (
        <DecisionForm
          grant={grant}
          report={report}
          errors={errors}
          onDecided={(next, message) => {
            setReport(next)
            setSaid(message)
          }}
        />
      ) : (
        <p>
          {report.status === 'approved'
            ? 'This report is approved and fixed.'
            : report.status === 'queried'
              ? 'You can decide again once the grantee answers the query.'
              : 'You can decide again once the grantee sends the report again.'}
        </p>
      )}
    </>
  )
}

function DecisionForm({
  grant,
  report,
  errors,
  onDecided,
}: {
  grant: Grant
  report: ManagedReport
  errors: ReturnType<typeof usePageErrors>
  onDecided: (report: ManagedReport, message: string) => void
}) {
  const [decision, setDecision] = useState<Decision | ''>('')
  const [reason, setReason] = useState('')
  const [section, setSection] = useState<ReportSection | ''>('')
  const [question, setQuestion] = useState('')
  const { busy, submit } = useSubmit(errors)
  const param = {
    competitionId: grant.competitionId,
    applicationId: grant.applicationId,
    milestoneId: report.milestoneId,
  }
  const reports = api.competitions[':competitionId'].grants[':applicationId'].reports[':milestoneId']
  const tranches = grant.tranches.filter(
    (t) => t.trigger.kind === 'milestone' && t.trigger.milestoneId === report.milestoneId,
  )

  function check(): ErrorItem[] {
    if (!decision) return [{ id: 'decision', text: 'Choose whether to approve, reject or query the report' }]
    if (decision === 'reject' && !reason.trim())
      return [{ id: 'decision-reason', text: 'Enter why the report is rejected' }]
    const problems: ErrorItem[] = []
    if (decision === 'query' && !section) problems.push({ id: 'decision-section', text: 'Choose the section to query' })
    if (decision === 'query' && !question.trim())
      problems.push({ id: 'decision-question', text: 'Enter your question for the grantee' })
    return problems
  }

  return (
    <form
      noValidate
      aria-labelledby="decision-heading"
      onSubmit={(event) => {
        event.preventDefault()
        void submit({
          check,
          send: () =>
            decision === 'approve'
              ? call(reports.approve.$post({ param, json: { version: report.version } }))
              : decision === 'reject'
                ? call(reports.reject.$post({ param, json: { version: report.version, reason } }))
                : call(
                    reports.query.$post({
                      param,
                      json: { version: report.version, section: section as ReportSection, question },
                    }),
                  ),
          resolve: fieldsUnder('decision', {
            reason: { id: 'decision-reason', label: 'The reason' },
            section: { id: 'decision-section', label: 'The section' },
            question: { id: 'decision-question', label: 'The question' },
          }),
          done: (next) => {
            onDecided(
              next,
              next.status === 'approved'
                ? `Report approved.${tranches.length ? ` ${tranches.map((t) => t.label).join(', ')} ${tranches.length === 1 ? 'is' : 'are'} now due, to be paid by another manager.` : ''}`
                : next.status === 'rejected'
                  ? 'Report rejected. The grantee sees your reason and can send it again.'
                  : 'Query sent. The grantee can change that section alone and answer.',
            )
          },
        })
      }}
    >
      <h2 id="decision-heading">Your decision</h2>
      <Radios
        id="decision"
        legend="What do you want to do with this report?"
        value={decision}
        onValue={setDecision}
        error={errors.inline.decision}
        options={[
          { value: 'approve', label: 'Approve it' },
          { value: 'reject', label: 'Reject it, with a reason' },
          { value: 'query', label: 'Query one section' },
        ]}
      />
      {decision === 'approve' && (
        <p>
          Approving makes the milestone approved and fixes the report.
          {tranches.length > 0 &&
            ` ${tranches.map((t) => t.label).join(', ')} will fall due, authorised by you: another manager records the payment.`}
        </p>
      )}
      {decision === 'reject' && (
        <TextArea
          id="decision-reason"
          label="Why the report is rejected"
          hint="The grantee sees this, changes the report and sends it again."
          value={reason}
          onValue={setReason}
          error={errors.inline['decision-reason']}
          rows={4}
        />
      )}
      {decision === 'query' && (
        <>
          <Radios
            id="decision-section"
            legend="Which section to query"
            hint="The grantee can change this section alone; the rest stays as sent."
            value={section}
            onValue={setSection}
            error={errors.inline['decision-section']}
            options={(['progress', 'evidence', 'indicators'] as const).map((value) => ({
              value,
              label: reportSectionNames[value],
            }))}
          />
          <TextArea
            id="decision-question"
            label="Your question for the grantee"
            value={question}
            onValue={setQuestion}
            error={errors.inline['decision-question']}
            rows={4}
          />
        </>
      )}
      <button type="submit" class="button" disabled={busy}>
        Confirm decision
      </button>
    </form>
  )
}
