// "/applications/:id/grant/reports/:milestoneId": the grantee's progress report on one milestone
// of their grant. They say what was done, add evidence files (uploaded straight to storage, as
// file answers are) or say where the evidence is, and give each indicator's value this period,
// explaining any target due by then that was missed; then save it or send it for review. A
// rejected report is changed and sent again; a queried one has only its queried section open,
// with the question and a box for the answer; one sent for review or approved is read-only.
import { useEffect, useRef, useState } from 'preact/hooks'
import { documentTypes, formatBytes, MAX_DOCUMENT_BYTES, type DocumentType } from '../../../../shared/files.js'
import {
  formatDay,
  misses,
  reportSectionNames,
  reportStatusNames,
  targetDueBy,
} from '../../../../shared/grant-reports.js'
import type { GranteeReport, ReportInput, ReportSection } from '../../../../shared/schemas/grant-reports.js'
import type { GranteeGrant, Indicator } from '../../../../shared/schemas/grants.js'
import { api, ApiError, call, describe } from '../../api.js'
import { Time } from '../../components/competition-bits.js'
import { ErrorSummary } from '../../components/error-summary.js'
import type { ErrorItem } from '../../components/errors.js'
import { FileInput, Status, TextArea, TextInput } from '../../components/fields.js'
import { fieldsUnder, useBusy, usePageErrors, useSubmit } from '../../components/forms.js'
import { LoadFailure, Loading, PageHeading } from '../../components/page.js'
import { contentTypeOf, putFile, UploadFailed } from '../../upload.js'
import { ApplicantsOnly } from '../guard.js'

const TITLE = 'Progress report'

export const statusTags: Record<GranteeReport['status'], string> = {
  draft: 'tag tag-draft',
  submitted: 'tag tag-app-submitted',
  queried: 'tag tag-pending',
  approved: 'tag tag-open',
  rejected: 'tag tag-app-withdrawn',
}

export function ReportPage({ id, milestoneId }: { id: string; milestoneId: string }) {
  return (
    <ApplicantsOnly title={TITLE}>
      <ReportLoader applicationId={id} milestoneId={milestoneId} />
    </ApplicantsOnly>
  )
}

type Loaded = { grant: GranteeGrant; report: GranteeReport }

function ReportLoader({ applicationId, milestoneId }: { applicationId: string; milestoneId: string }) {
  const [loaded, setLoaded] = useState<Loaded>()
  const [failure, setFailure] = useState<unknown>()
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    const param = { applicationId, milestoneId }
    Promise.all([
      call(api.applications[':applicationId'].grant.$get({ param: { applicationId } })),
      call(api.applications[':applicationId'].grant.reports[':milestoneId'].$get({ param })),
    ]).then(([grant, report]) => setLoaded({ grant, report }), setFailure)
  }, [applicationId, milestoneId, generation])
  if (failure)
    return (
      <LoadFailure
        failure={failure}
        notFound={{
          title: 'Report not found',
          text: 'There is no such milestone on a grant of your organisation. Check the link in your email.',
        }}
        failed="Your report could not be loaded"
        back={{ href: `/applications/${applicationId}/grant`, label: 'Your grant' }}
      />
    )
  if (!loaded) return <Loading what="your report" />
  return (
    <ReportForm
      key={`${generation}`}
      grant={loaded.grant}
      initial={loaded.report}
      milestoneId={milestoneId}
      onReload={() => {
        setLoaded(undefined)
        setGeneration((g) => g + 1)
      }}
    />
  )
}

/** What the form holds: each actual's value as typed. */
type Draft = {
  progress: string
  evidenceNote: string
  actuals: { indicatorId: string; value: string; explanation: string }[]
  answer: string
}

const draftOf = (report: GranteeReport): Draft => ({
  progress: report.progress,
  evidenceNote: report.evidenceNote,
  actuals: report.actuals.map((a) => ({
    indicatorId: a.indicatorId,
    value: a.value === null ? '' : String(a.value),
    explanation: a.explanation,
  })),
  answer: '',
})

/** A number as typed ("1,250", "12.5"), or null when blank; undefined when it is not a number. */
function parseValue(text: string): number | null | undefined {
  const trimmed = text.replace(/,/g, '').trim()
  if (!trimmed) return null
  const value = Number(trimmed)
  return Number.isFinite(value) ? value : undefined
}

function ReportForm({
  grant,
  initial,
  milestoneId,
  onReload,
}: {
  grant: GranteeGrant
  initial: GranteeReport
  milestoneId: string
  onReload: () => void
}) {
  const errors = usePageErrors()
  const [report, setReport] = useState(initial)
  const [draft, setDraft] = useState(() => draftOf(initial))
  const { busy, status, setStatus, submit } = useSubmit(errors)
  const milestone = grant.milestones.find((m) => m.id === milestoneId)!
  const dueOn = grant.progress?.milestones[milestoneId]?.dueOn ?? milestone.dueOn
  const param = { applicationId: grant.applicationId, milestoneId }
  const done = useRef<HTMLDivElement>(null)
  const [sent, setSent] = useState<string>()
  useEffect(() => {
    if (sent) done.current?.focus()
  }, [sent])

  const open = (section: ReportSection) =>
    report.status === 'draft' ||
    report.status === 'rejected' ||
    (report.status === 'queried' && report.query?.section === section)
  const readOnly = !(['progress', 'evidence', 'indicators'] as const).some(open)
  const queried = report.status === 'queried'

  const resolve = fieldsUnder('report', {
    files: { id: 'report-files', label: 'Evidence' },
    answer: { id: 'report-answer', label: 'Your answer' },
  })

  /** The sections that can change, as the API takes them; problems with what was typed. */
  function body(): { json: ReportInput; problems: ErrorItem[] } {
    const json: ReportInput = { version: report.version }
    const problems: ErrorItem[] = []
    if (open('progress')) json.progress = draft.progress
    if (open('evidence')) json.evidenceNote = draft.evidenceNote
    if (open('indicators')) {
      json.actuals = draft.actuals.map((a, i) => {
        const value = parseValue(a.value)
        if (value === undefined) {
          const indicator = grant.indicators.find((x) => x.id === a.indicatorId)
          problems.push({
            id: `report-actuals-${i}-value`,
            text: `Enter ${indicator?.measure ?? 'the value'} as a number`,
          })
        }
        return { indicatorId: a.indicatorId, value: value ?? null, explanation: a.explanation }
      })
    }
    return { json, problems }
  }

  async function save(andSend: boolean) {
    const { json, problems } = body()
    let answerProblem: ErrorItem[] = []
    if (andSend && queried && !draft.answer.trim())
      answerProblem = [{ id: 'report-answer', text: 'Enter your answer to the programme team’s question' }]
    await submit({
      check: () => [...problems, ...answerProblem],
      send: async () => {
        let saved = await call(api.applications[':applicationId'].grant.reports[':milestoneId'].$put({ param, json }))
        setReport(saved)
        if (andSend) {
          saved = await call(
            api.applications[':applicationId'].grant.reports[':milestoneId'].submit.$post({
              param,
              json: { version: saved.version, ...(queried ? { answer: draft.answer } : {}) },
            }),
          )
          setReport(saved)
        }
        return saved
      },
      resolve,
      done: (saved) => {
        if (andSend) {
          setSent(queried ? 'Your answer was sent to the programme team.' : 'Your report was sent for review.')
          return
        }
        return `Saved at ${new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(new Date(saved.updatedAt))}.`
      },
    })
  }

  return (
    <>
      <a href={`/applications/${grant.applicationId}/grant`} class="back-link">
        Your grant
      </a>
      <ErrorSummary errors={errors.errors} reload={{ label: 'Reload the report', onReload }} />
      <PageHeading
        title={`${TITLE}: ${milestone.title}`}
        caption={grant.organisationName}
        hasErrors={!!errors.errors}
      />
      {sent && (
        <div class="notice notice-success" tabIndex={-1} ref={done} role="status">
          <p>{sent} We will email you if they have a question.</p>
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
              <Time iso={report.submittedAt} />
            </dd>
          </>
        )}
      </dl>
      <StatusNotice report={report} />
      <form
        noValidate
        aria-labelledby="report-heading"
        onSubmit={(event) => {
          event.preventDefault()
          void save(true)
        }}
      >
        <h2 id="report-heading" class="visually-hidden">
          Your report
        </h2>
        {queried && (
          <TextArea
            id="report-answer"
            label="Your answer to the programme team’s question"
            labelClass="label-m"
            hint={`Change the ${reportSectionNames[report.query!.section].toLowerCase()} section below if you need to, then answer here.`}
            value={draft.answer}
            onValue={(answer) => setDraft({ ...draft, answer })}
            error={errors.inline['report-answer']}
            rows={4}
          />
        )}
        <section class="section" aria-labelledby="progress-heading">
          <h2 id="progress-heading">{reportSectionNames.progress}</h2>
          {open('progress') ? (
            <TextArea
              id="report-progress"
              label="What your organisation did towards this milestone"
              hint="What was done, what was learned, and anything that changed. At most 10,000 characters."
              value={draft.progress}
              onValue={(progress) => setDraft({ ...draft, progress })}
              error={errors.inline['report-progress']}
              rows={8}
            />
          ) : (
            <p class="multiline">{report.progress || 'Nothing written.'}</p>
          )}
        </section>
        <section class="section" aria-labelledby="evidence-heading">
          <h2 id="evidence-heading">{reportSectionNames.evidence}</h2>
          <EvidenceFiles
            report={report}
            editable={open('evidence')}
            error={errors.inline['report-files']}
            onReport={(next) => {
              setReport(next)
              setStatus(undefined)
            }}
          />
          {open('evidence') ? (
            <TextArea
              id="report-evidenceNote"
              label="Where else the evidence is (optional)"
              hint="For example, a link to a shared folder, or who holds it."
              value={draft.evidenceNote}
              onValue={(evidenceNote) => setDraft({ ...draft, evidenceNote })}
              error={errors.inline['report-evidenceNote']}
              rows={3}
            />
          ) : (
            report.evidenceNote && <p class="multiline">{report.evidenceNote}</p>
          )}
        </section>
        {grant.indicators.length > 0 && (
          <section class="section" aria-labelledby="indicators-heading">
            <h2 id="indicators-heading">{reportSectionNames.indicators}</h2>
            <p>Each indicator’s value for this period, up to {formatDay(dueOn)}.</p>
            {grant.indicators.map((indicator, i) => (
              <IndicatorFields
                key={indicator.id}
                index={i}
                indicator={indicator}
                dueOn={dueOn}
                actual={draft.actuals.find((a) => a.indicatorId === indicator.id)}
                editable={open('indicators')}
                inline={errors.inline}
                onActual={(next) =>
                  setDraft({
                    ...draft,
                    actuals: draft.actuals.map((a) => (a.indicatorId === indicator.id ? { ...a, ...next } : a)),
                  })
                }
              />
            ))}
          </section>
        )}
        {!readOnly && (
          <div class="button-group">
            <button type="submit" class="button" disabled={busy}>
              {queried ? 'Send your answer' : 'Send for review'}
            </button>
            <button type="button" class="button button-secondary" disabled={busy} onClick={() => void save(false)}>
              Save as draft
            </button>
          </div>
        )}
        <Status message={status} id="report-status" />
      </form>
    </>
  )
}

function StatusNotice({ report }: { report: GranteeReport }) {
  switch (report.status) {
    case 'queried':
      return (
        <section class="notice" aria-labelledby="query-heading">
          <h2 id="query-heading" class="heading-s">
            The programme team asked about {reportSectionNames[report.query!.section].toLowerCase()}
          </h2>
          <p class="multiline">{report.query!.question}</p>
          <p class="meta">
            Asked <Time iso={report.query!.askedAt} />. Only this section can change; the rest stays as you sent it.
          </p>
        </section>
      )
    case 'rejected':
      return (
        <section class="notice notice-error" aria-labelledby="rejected-heading">
          <h2 id="rejected-heading" class="heading-s">
            The programme team sent your report back
          </h2>
          <p class="multiline">{report.rejection?.reason}</p>
          <p>Change it and send it again.</p>
        </section>
      )
    case 'submitted':
      return (
        <div class="notice">
          <p>Your report is with the programme team for review. You can change it only if they ask you to.</p>
        </div>
      )
    case 'approved':
      return (
        <div class="notice notice-success">
          <p>
            Your report was approved{report.approvedAt ? <> on {<Time iso={report.approvedAt} />}</> : ''}. It is now
            fixed.
          </p>
        </div>
      )
    default:
      return null
  }
}

function IndicatorFields({
  index,
  indicator,
  dueOn,
  actual,
  editable,
  inline,
  onActual,
}: {
  index: number
  indicator: Indicator
  dueOn: string
  actual: { value: string; explanation: string } | undefined
  editable: boolean
  inline: Record<string, string>
  onActual: (next: { value?: string; explanation?: string }) => void
}) {
  const id = `report-actuals-${index}`
  const target = targetDueBy(indicator, dueOn)
  const value = parseValue(actual?.value ?? '')
  const missed = target && typeof value === 'number' && misses(indicator, value, target.value)
  const targetText = target
    ? `Target by ${formatDay(target.on)}: ${target.value} ${indicator.unit} (${indicator.better} is better).`
    : 'No target is due by then.'
  if (!editable)
    return (
      <div class="question-group">
        <h3 class="heading-s">{indicator.measure}</h3>
        <p>
          {actual?.value || 'Not given'} {actual?.value ? indicator.unit : ''} <span class="meta">{targetText}</span>
        </p>
        {actual?.explanation && <p class="multiline">{actual.explanation}</p>}
      </div>
    )
  return (
    <fieldset class="question-group" aria-describedby={`${id}-about`}>
      <legend class="heading-s">{indicator.measure}</legend>
      <p id={`${id}-about`} class="hint">
        Baseline {indicator.baseline.value} {indicator.unit} on {formatDay(indicator.baseline.on)}. {targetText}
      </p>
      <TextInput
        id={`${id}-value`}
        label={`Value this period (${indicator.unit})`}
        width="s"
        inputMode="decimal"
        value={actual?.value ?? ''}
        onValue={(text) => onActual({ value: text })}
        error={inline[`${id}-value`]}
      />
      <TextArea
        id={`${id}-explanation`}
        label={missed ? 'Why the target was missed' : 'Anything to explain (optional)'}
        hint={missed ? 'This value misses the target, so say why.' : undefined}
        value={actual?.explanation ?? ''}
        onValue={(explanation) => onActual({ explanation })}
        error={inline[`${id}-explanation`]}
        rows={3}
      />
    </fieldset>
  )
}

/** The report's evidence files: download links, remove buttons, and a file input to add one. */
function EvidenceFiles({
  report,
  editable,
  error,
  onReport,
}: {
  report: GranteeReport
  editable: boolean
  error?: string
  onReport: (report: GranteeReport) => void
}) {
  const [problem, setProblem] = useState<string>()
  const [progress, setProgress] = useState<string>()
  const { busy, run } = useBusy()
  const param = { applicationId: report.applicationId, milestoneId: report.milestoneId }
  const files = api.applications[':applicationId'].grant.reports[':milestoneId'].files

  async function add(file: File | undefined) {
    if (!file) return
    setProblem(undefined)
    await run(async () => {
      try {
        setProgress(`Checking ${file.name}…`)
        const attached = await call(
          files.$post({
            param,
            json: { filename: file.name, contentType: contentTypeOf(file) as DocumentType, sizeBytes: file.size },
          }),
        )
        onReport(attached.report)
        const added = attached.report.files.at(-1)!
        setProgress(`Uploading ${file.name}: 0%`)
        await putFile(attached.upload, file, (f) => setProgress(`Uploading ${file.name}: ${Math.round(f * 100)}%`))
        onReport(await call(files[':fileId'].complete.$post({ param: { ...param, fileId: added.id } })))
        setProgress(`Uploaded ${file.name}.`)
      } catch (failure) {
        setProgress(undefined)
        setProblem(
          failure instanceof UploadFailed
            ? `${file.name} could not be uploaded: ${failure.message}. Choose the file again to retry.`
            : failure instanceof ApiError && failure.errors.length
              ? `${failure.problem.detail ?? ''} ${failure.errors.map((e) => `The file ${e.message}.`).join(' ')}`.trim()
              : `${file.name} could not be added. ${describe(failure)}`,
        )
      } finally {
        const input = document.getElementById('report-files')
        if (input instanceof HTMLInputElement) input.value = ''
      }
    })
  }

  async function remove(fileId: string, filename: string) {
    setProblem(undefined)
    await run(async () => {
      try {
        onReport(await call(files[':fileId'].$delete({ param: { ...param, fileId } })))
        setProgress(`Removed ${filename}.`)
      } catch (failure) {
        setProblem(`${filename} could not be removed. ${describe(failure)}`)
      }
    })
  }

  function download(event: MouseEvent, fileId: string) {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return
    event.preventDefault()
    call(files[':fileId'].$get({ param: { ...param, fileId } }, { headers: { Accept: 'application/json' } }))
      .then((body) => window.location.assign((body as { url: string }).url))
      .catch((failure: unknown) => setProblem(`The file could not be downloaded. ${describe(failure)}`))
  }

  return (
    <>
      {report.files.length > 0 ? (
        <ul class="list-plain" aria-label="Evidence files">
          {report.files.map((file) => (
            <li key={file.id}>
              {file.uploaded ? (
                <a
                  href={`/api/applications/${report.applicationId}/grant/reports/${report.milestoneId}/files/${file.id}`}
                  onClick={(event) => download(event, file.id)}
                >
                  {file.filename}
                </a>
              ) : (
                <>
                  {file.filename} <strong class="tag tag-pending">Upload not finished</strong>
                </>
              )}{' '}
              <span class="meta">
                ({documentTypes[file.contentType].toUpperCase()}, {formatBytes(file.sizeBytes)})
              </span>{' '}
              {editable && (
                <button
                  type="button"
                  class="link-button"
                  disabled={busy}
                  onClick={() => void remove(file.id, file.filename)}
                >
                  Remove<span class="visually-hidden"> {file.filename}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>No evidence files yet.</p>
      )}
      {editable && (
        <FileInput
          id="report-files"
          label="Add an evidence file"
          hint={`PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG, up to ${formatBytes(MAX_DOCUMENT_BYTES)}; at most 10 files. Add a file or say below where the evidence is.`}
          error={problem ?? error}
          disabled={busy}
          onFile={(file) => void add(file)}
          after={<Status message={progress} id="report-files-status" />}
        />
      )}
    </>
  )
}
