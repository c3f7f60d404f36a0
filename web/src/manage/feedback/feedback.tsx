// "/manage/competitions/:id/feedback": feedback for every applicant. The release (its status,
// whether applicants see their scores, releasing now or at a UK time, cancelling a scheduled
// one, releasing without feedback for some only once the manager confirms it, and without a
// seated panellist's scores only with a reason; a release before a pitch is over is refused), every
// application with its decision and the state of its feedback (missing, empty or very short
// flagged in words, as is an unsuccessful applicant whose feedback points to no support), and
// the feedback calls applicants asked for, to arrange and mark done.
import { useEffect, useState } from 'preact/hooks'
import { formatLondon, londonLocalToUtcIso } from '../../../../shared/dates.js'
import {
  feedbackStateNames,
  outcomeNames,
  releaseStatusNames,
  SHORT_FEEDBACK_WORDS,
} from '../../../../shared/labels.js'
import type {
  FeedbackCall,
  FeedbackOverview,
  FeedbackRelease,
  FeedbackRow,
  FeedbackState,
  ReleaseStatus,
} from '../../../../shared/schemas/feedback.js'
import { plural } from '../../../../shared/text.js'
import { api, ApiError, call } from '../../api.js'
import { ConfirmAction } from '../../components/confirm.js'
import { fromError, fromItems, type ErrorItem, type ShownErrors } from '../../components/errors.js'
import { CallTag } from '../../components/feedback-bits.js'
import { Checkboxes, Radios, Status, TextArea, TextInput } from '../../components/fields.js'
import { Contents } from '../../components/page.js'
import { ScrollTable } from '../../components/scroll-table.js'
import { AssessingFrame, Pending, useAssessing } from '../assessing/assessing-page.js'
import { fieldsUnder, useBusy, usePageErrors, useSubmit, type PageErrors } from '../../components/forms.js'
import { InlineDialogForm, useInlineDialog } from '../../components/inline-dialog.js'
import { DecisionsNotDelivered } from '../deliverability/undelivered.js'

/** Feedback that is missing or empty: releasing without it needs the manager's word. */
export const lacksFeedback = (state: FeedbackState) => state === 'missing' || state === 'empty'

/** An unsuccessful applicant whose feedback names no service: their decision email promises where to find support next. */
export const toldOfNoSupport = (row: FeedbackRow) => !!row.outcome && row.outcome !== 'funded' && row.signposts === 0

const stateTags: Record<FeedbackState, string> = {
  missing: 'tag tag-pending',
  empty: 'tag tag-pending',
  short: 'tag tag-upcoming',
  ready: 'tag tag-open',
}

/** The state of an application's feedback in words, flagged where it needs work (the colour only repeats the words). */
export function FeedbackStateTag({ state, words }: { state: FeedbackState; words: number }) {
  return (
    <>
      <strong class={stateTags[state]}>
        {state !== 'ready' && <span class="visually-hidden">Warning: </span>}
        {feedbackStateNames[state]}
      </strong>
      {(state === 'short' || state === 'ready') && <span class="meta block">{plural(words, 'word')}</span>}
    </>
  )
}

const releaseTags: Record<ReleaseStatus, string> = {
  draft: 'tag tag-draft',
  scheduled: 'tag tag-upcoming',
  releasing: 'tag tag-open',
  released: 'tag tag-open',
}

export function ReleaseTag({ status }: { status: ReleaseStatus }) {
  return <strong class={releaseTags[status]}>{releaseStatusNames[status]}</strong>
}

/** Has the release happened (or is it happening), as far as this page can tell? */
export const isOut = (release: FeedbackRelease) => release.status === 'releasing' || release.status === 'released'

export function FeedbackPage({ id }: { id: string }) {
  const loaded = useAssessing(id, () =>
    call(api.competitions[':competitionId'].feedback.$get({ param: { competitionId: id } })),
  )
  const errors = usePageErrors()
  const { page, data } = loaded
  if (!page || !data) return <Pending failure={loaded.failure} what="the feedback" />
  const refresh = () => loaded.reload().catch((error: unknown) => errors.fail(error))
  const setRelease = (release: FeedbackRelease) => loaded.update((d) => ({ ...d, release }))
  return (
    <AssessingFrame
      page={page}
      title="Feedback and release"
      current="feedback"
      errors={errors}
      onReload={loaded.reload}
    >
      <p>
        Every applicant gets feedback: write it from the draft the platform prepares, then release every decision and
        its feedback at once. Until the release, applicants see “under review” only.
      </p>
      <Contents
        sections={[
          ['release-heading', 'Release'],
          ['applications-heading', 'Feedback for each application'],
          ['calls-heading', 'Feedback calls'],
        ]}
      />
      <ReleaseSection competitionId={id} overview={data} errors={errors} onRelease={setRelease} onChanged={refresh} />
      <ApplicationsSection competitionId={id} overview={data} />
      <CallsSection competitionId={id} calls={data.calls} errors={errors} onChanged={refresh} />
    </AssessingFrame>
  )
}

// — The release —

function ReleaseSection({
  competitionId,
  overview,
  errors,
  onRelease,
  onChanged,
}: {
  competitionId: string
  overview: FeedbackOverview
  errors: PageErrors
  onRelease: (release: FeedbackRelease) => void
  onChanged: () => Promise<void>
}) {
  const { release, rows } = overview
  const lacking = rows.filter((r) => lacksFeedback(r.state))
  const undecided = rows.filter((r) => !r.outcome)
  const unsupported = rows.filter(toldOfNoSupport)
  const due = release.status === 'scheduled' && !!release.scheduledAt && Date.parse(release.scheduledAt) <= Date.now()
  // Kept here: releasing or cancelling replaces the form that said it.
  const [said, say] = useState<string>()
  return (
    <section class="section" aria-labelledby="release-heading">
      <h2 id="release-heading" tabIndex={-1}>
        Release
      </h2>
      <dl class="summary-list">
        <dt>Status</dt>
        <dd>
          <ReleaseTag status={release.status} />
          {release.status === 'scheduled' && release.scheduledAt && (
            <span class="block">
              {due ? 'Due' : 'To happen'} {formatLondon(release.scheduledAt)}
              {release.releasedByName ? `, set by ${release.releasedByName}` : ''}
            </span>
          )}
          {isOut(release) && release.releasedAt && (
            <span class="block">
              {formatLondon(release.releasedAt)}
              {release.releasedByName ? ` by ${release.releasedByName}` : ''}. {plural(release.emailed, 'applicant')}{' '}
              emailed
              {release.status === 'releasing' ? ' so far' : ''}.
            </span>
          )}
        </dd>
        <dt>Applications</dt>
        <dd>
          {plural(rows.length, 'application')}: {rows.length - lacking.length} with feedback, {lacking.length} without
          {undecided.length > 0 && <>; {plural(undecided.length, 'has', 'have')} no final decision yet</>}.
        </dd>
        <dt>Signposting directory</dt>
        <dd>
          {plural(overview.signposts, 'service')}.{' '}
          <a href={`/manage/competitions/${competitionId}/signposts`}>Manage the signposting directory</a>
        </dd>
      </dl>
      {isOut(release) && <DecisionsNotDelivered competitionId={competitionId} />}
      {!isOut(release) && unsupported.length > 0 && (
        <NoSupportWarning competitionId={competitionId} rows={unsupported} />
      )}
      <SettingsForm competitionId={competitionId} release={release} errors={errors} onSaved={onRelease} />
      {isOut(release) ? (
        <div class="notice notice-success">
          <p>
            Applicants can read their decision and feedback. Feedback changed from now on is a new version: the
            applicant reads the latest and is emailed that it changed.
          </p>
        </div>
      ) : release.status === 'scheduled' ? (
        <CancelSchedule
          competitionId={competitionId}
          release={release}
          due={due}
          errors={errors}
          onCancelled={onRelease}
          say={say}
        />
      ) : (
        <ReleaseForm
          competitionId={competitionId}
          release={release}
          rows={rows}
          lacking={lacking}
          undecided={undecided}
          errors={errors}
          onReleased={onRelease}
          onChanged={onChanged}
          say={say}
        />
      )}
      <Status message={said} />
    </section>
  )
}

/** Before release: the unsuccessful applicants whose feedback would point them to no support, each with a link to choose some. */
function NoSupportWarning({ competitionId, rows }: { competitionId: string; rows: FeedbackRow[] }) {
  return (
    <div class="warning" id="release-no-support">
      <p>
        <strong>
          {plural(rows.length, 'unsuccessful applicant', 'unsuccessful applicants')} would be told of no support
        </strong>
        : their decision email promises where to find support next, but their feedback names no service.
      </p>
      <ul>
        {rows.map((row) => (
          <li key={row.applicationId}>
            {row.organisationName} ({row.outcome ? outcomeNames[row.outcome].toLowerCase() : ''}
            {row.state === 'missing' ? ', no feedback yet' : ''}):{' '}
            <a href={`/manage/competitions/${competitionId}/feedback/${row.applicationId}`}>
              Choose services<span class="visually-hidden"> for {row.organisationName}</span>
            </a>
          </li>
        ))}
      </ul>
      <p>
        If no service fits, add one to the{' '}
        <a href={`/manage/competitions/${competitionId}/signposts`}>signposting directory</a> that is for them.
      </p>
    </div>
  )
}

/** The one setting: whether applicants see their scores against the funded average. */
function SettingsForm({
  competitionId,
  release,
  errors,
  onSaved,
}: {
  competitionId: string
  release: FeedbackRelease
  errors: PageErrors
  onSaved: (release: FeedbackRelease) => void
}) {
  const [showScores, setShowScores] = useState(release.showScores)
  const { busy, status, submit } = useSubmit(errors)
  useEffect(() => setShowScores(release.showScores), [release.showScores])
  function save(event: Event) {
    event.preventDefault()
    void submit({
      send: () =>
        call(
          api.competitions[':competitionId']['feedback-settings'].$put({
            param: { competitionId },
            json: { version: release.version, showScores },
          }),
        ),
      resolve: fieldsUnder('settings'),
      done: (saved) => {
        onSaved(saved)
        return saved.showScores
          ? 'Saved: applicants will see their scores by criterion.'
          : 'Saved: applicants will not see their scores.'
      },
    })
  }
  return (
    <form noValidate onSubmit={save} class="section">
      <Checkboxes
        id="settings-showScores"
        legend="Scores shown to applicants"
        hint="The funded average is shown only where at least two other applications were funded, and the shortlisted applications’ average only where at least two others were scored, so no one’s scores can be worked out."
        options={[
          { value: 'show', label: 'Show each applicant their scores by criterion, against the funded average' },
        ]}
        values={showScores ? ['show'] : []}
        onValues={(values) => setShowScores(values.includes('show'))}
      />
      <div class="button-group">
        <button type="submit" class="button button-secondary" disabled={busy || showScores === release.showScores}>
          Save the setting
        </button>
        <Status message={status} />
      </div>
    </form>
  )
}

/** Where each field the release can be refused for lives on the page. */
const releaseFieldIds: Record<string, string> = {
  confirmMissing: 'release-confirmMissing',
  applications: 'feedback-table',
  at: 'release-at',
  pitches: 'release-when',
  withoutSheetsReason: 'release-withoutSheets',
}

const releaseRefusalTitles: [field: string, title: string][] = [
  ['applications', 'Decisions cannot be released yet'],
  ['pitches', 'Decisions cannot be released before every pitch is over'],
  ['at', 'There is a problem with the release time'],
  ['withoutSheetsReason', 'Some panellists have not submitted their scores'],
  ['confirmMissing', 'Some applications have no feedback'],
]

/** A refused release in words: the server's sentence names who lacks a decision or feedback. */
function releaseRefusal(error: unknown): ShownErrors {
  if (error instanceof ApiError && error.status === 422 && error.errors.length) {
    const fields = [...new Set(error.errors.map((e) => e.field))]
    const title = releaseRefusalTitles.find(([field]) => fields.includes(field))?.[1] ?? 'There is a problem'
    const items: ErrorItem[] = fields.map((field) => ({
      id: releaseFieldIds[field],
      text:
        fields.length === 1
          ? (error.problem.detail ?? error.errors[0]!.message)
          : `${field === 'at' ? 'The release time' : 'The applications'} ${error.errors.find((e) => e.field === field)!.message}`,
    }))
    return fromItems(title, items)
  }
  return fromError(error, () => ({}))
}

function ReleaseForm({
  competitionId,
  release,
  rows,
  lacking,
  undecided,
  errors,
  onReleased,
  onChanged,
  say,
}: {
  competitionId: string
  release: FeedbackRelease
  rows: FeedbackRow[]
  lacking: FeedbackRow[]
  undecided: FeedbackRow[]
  errors: PageErrors
  onReleased: (release: FeedbackRelease) => void
  onChanged: () => Promise<void>
  say: (message: string | undefined) => void
}) {
  const [when, setWhen] = useState<'now' | 'later'>('now')
  const [at, setAt] = useState('')
  const [anyway, setAnyway] = useState(false)
  /** The server refused for want of feedback: the confirmation stays on offer even if the list here is out of date. */
  const [refused, setRefused] = useState(false)
  /** The server refused for scores not submitted: what it said (who, for which applications), and the manager's way past it. */
  const [unscored, setUnscored] = useState<string>()
  const [withoutSheets, setWithoutSheets] = useState(false)
  const [sheetsReason, setSheetsReason] = useState('')
  const [confirming, setConfirming] = useState(false)
  const { busy, run } = useBusy()
  const offerAnyway = lacking.length > 0 || refused

  async function send(atIso?: string) {
    const missingReason = reasonProblems()
    if (missingReason.length) {
      setConfirming(false)
      errors.failWith(missingReason)
      return
    }
    await run(async () => {
      say(undefined)
      try {
        const next = await call(
          api.competitions[':competitionId']['feedback-release'].$post({
            param: { competitionId },
            json: {
              version: release.version,
              ...(atIso ? { at: atIso } : {}),
              confirmMissing: offerAnyway && anyway,
              ...(unscored && withoutSheets ? { withoutSheetsReason: sheetsReason.trim() } : {}),
            },
          }),
        )
        errors.clear()
        setConfirming(false)
        say(
          next.status === 'scheduled' && next.scheduledAt
            ? `The release is scheduled for ${formatLondon(next.scheduledAt)}.`
            : `Released every decision and its feedback: ${plural(next.emailed, 'applicant')} emailed.`,
        )
        onReleased(next)
        await onChanged()
      } catch (error) {
        setConfirming(false)
        if (error instanceof ApiError && error.errors.some((e) => e.field === 'withoutSheetsReason'))
          setUnscored(error.problem.detail ?? error.errors[0]!.message)
        if (error instanceof ApiError && error.errors.some((e) => e.field === 'confirmMissing')) {
          setRefused(true)
          // The list of who lacks feedback may have changed since the page was read.
          await onChanged()
        }
        errors.set(releaseRefusal(error))
      }
    })
  }

  /** Going ahead without every panellist's scores needs a reason. */
  function reasonProblems(): ErrorItem[] {
    return unscored && withoutSheets && !sheetsReason.trim()
      ? [{ id: 'release-withoutSheetsReason', text: 'Enter why you are releasing without every panellist’s scores' }]
      : []
  }

  function schedule(event: Event) {
    event.preventDefault()
    if (when === 'now') {
      setConfirming(true)
      return
    }
    const problems: ErrorItem[] = [...reasonProblems()]
    const iso = at ? londonLocalToUtcIso(at) : undefined
    if (!at) problems.push({ id: 'release-at', text: 'Enter the date and time to release at' })
    else if (!iso)
      problems.push({
        id: 'release-at',
        text: 'The release time must be a real date and time in the UK (clocks going forward skip an hour)',
      })
    if (problems.length) {
      errors.failWith(problems)
      return
    }
    void send(iso)
  }

  return (
    <form noValidate onSubmit={schedule} aria-labelledby="release-form-heading">
      <h3 id="release-form-heading" class="heading-s">
        Release decisions and feedback
      </h3>
      <p>
        Every applicant is emailed their decision at once ({plural(rows.length, 'applicant')}), with their feedback and,
        for an award, the offer. A release cannot be undone; feedback can still be changed afterwards.
      </p>
      {undecided.length > 0 && (
        <div class="warning">
          <p>
            <strong>{plural(undecided.length, 'application has', 'applications have')} no final decision yet</strong>{' '}
            (not eligible, not shortlisted, or shortlisted): {undecided.map((r) => r.organisationName).join(', ')}.
            Decisions cannot be released until every application has one.
          </p>
        </div>
      )}
      {offerAnyway && (
        <div class="warning" id="release-lacking">
          <p>
            <strong>
              {lacking.length
                ? `${plural(lacking.length, 'application has', 'applications have')} no feedback`
                : 'Some applications have no feedback'}
            </strong>
            {lacking.length ? ': they would see their decision only.' : '.'}
          </p>
          {lacking.length > 0 && (
            <ul>
              {lacking.map((row) => (
                <li key={row.applicationId}>
                  {row.organisationName} ({feedbackStateNames[row.state].toLowerCase()}):{' '}
                  <a href={`/manage/competitions/${competitionId}/feedback/${row.applicationId}`}>
                    Write feedback<span class="visually-hidden"> for {row.organisationName}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
          <Checkboxes
            id="release-confirmMissing"
            legend="Release anyway?"
            error={errors.inline['release-confirmMissing']}
            options={[{ value: 'yes', label: 'Release anyway: those applicants get their decision without feedback' }]}
            values={anyway ? ['yes'] : []}
            onValues={(values) => setAnyway(values.includes('yes'))}
          />
        </div>
      )}
      {unscored && (
        <div class="warning" id="release-unscored">
          <p>
            <strong>Not every panellist has submitted their scores.</strong> {unscored}
          </p>
          <Checkboxes
            id="release-withoutSheets"
            legend="Release without them?"
            options={[{ value: 'yes', label: 'Release without their scores, for a reason' }]}
            values={withoutSheets ? ['yes'] : []}
            onValues={(values) => setWithoutSheets(values.includes('yes'))}
          />
          {withoutSheets && (
            <TextArea
              id="release-withoutSheetsReason"
              label="Why release without every panellist’s scores?"
              hint="Kept with the release, for the record of the decisions."
              rows={3}
              value={sheetsReason}
              onValue={setSheetsReason}
              error={errors.inline['release-withoutSheetsReason']}
            />
          )}
        </div>
      )}
      <Radios
        id="release-when"
        legend="When"
        options={[
          { value: 'now', label: 'Now' },
          { value: 'later', label: 'At a set time' },
        ]}
        value={when}
        onValue={(value) => {
          setWhen(value)
          setConfirming(false)
        }}
      />
      {when === 'later' && (
        <TextInput
          id="release-at"
          label="Release at"
          hint="UK time. You can cancel a scheduled release until then."
          type="datetime-local"
          width="m"
          value={at}
          onValue={setAt}
          error={errors.inline['release-at']}
        />
      )}
      {when === 'now' ? (
        <ConfirmAction
          id="release"
          label="Release now"
          question={
            <>
              <strong>Release every decision and its feedback now?</strong>{' '}
              {plural(rows.length, 'applicant is', 'applicants are')} emailed, and the release cannot be undone.
            </>
          }
          yes="Yes, release now"
          busy={busy}
          confirming={confirming}
          setConfirming={setConfirming}
          onYes={() => void send()}
        />
      ) : (
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>
            Schedule the release
          </button>
        </div>
      )}
    </form>
  )
}

function CancelSchedule({
  competitionId,
  release,
  due,
  errors,
  onCancelled,
  say,
}: {
  competitionId: string
  release: FeedbackRelease
  due: boolean
  errors: PageErrors
  onCancelled: (release: FeedbackRelease) => void
  say: (message: string | undefined) => void
}) {
  const { busy, submit } = useSubmit(errors)
  return (
    <div>
      <p>
        {due
          ? 'The scheduled time has come: applicants can read their decisions, and the emails are on their way.'
          : `Decisions and feedback will be released ${formatLondon(release.scheduledAt!)}. Until then you can cancel the release, and feedback can still be changed.`}
      </p>
      {!due && (
        <div class="button-group">
          <button
            type="button"
            class="button button-secondary"
            disabled={busy}
            onClick={() =>
              void submit({
                send: () =>
                  call(
                    api.competitions[':competitionId']['feedback-release'].cancel.$post({
                      param: { competitionId },
                      json: { version: release.version },
                    }),
                  ),
                resolve: () => ({}),
                done: (next) => {
                  say('Cancelled the scheduled release. Nothing has been released.')
                  onCancelled(next)
                  return ''
                },
              })
            }
          >
            Cancel the scheduled release
          </button>
        </div>
      )}
    </div>
  )
}

// — Applications —

function ApplicationsSection({ competitionId, overview }: { competitionId: string; overview: FeedbackOverview }) {
  const { rows } = overview
  const count = (state: FeedbackState) => rows.filter((r) => r.state === state).length
  return (
    <section class="section" aria-labelledby="applications-heading">
      <h2 id="applications-heading" tabIndex={-1}>
        Feedback for each application
      </h2>
      {rows.length === 0 ? (
        <p>No expressions of interest were submitted.</p>
      ) : (
        <>
          <p>
            {count('ready')} written, {count('short')} very short (under {SHORT_FEEDBACK_WORDS} words), {count('empty')}{' '}
            empty, {count('missing')} not started.
          </p>
          <ScrollTable label="Feedback for each application, by organisation">
            <table class="table" id="feedback-table" tabIndex={-1}>
              <caption class="visually-hidden">Feedback for each application, by organisation</caption>
              <thead>
                <tr>
                  <th scope="col">Organisation</th>
                  <th scope="col">Decision</th>
                  <th scope="col">Feedback</th>
                  <th scope="col">Last saved</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.applicationId}>
                    <th scope="row">{row.organisationName}</th>
                    <td>{row.outcome ? outcomeNames[row.outcome] : <strong>No final decision yet</strong>}</td>
                    <td>
                      <FeedbackStateTag state={row.state} words={row.words} />
                      {toldOfNoSupport(row) && (
                        <span class="block">
                          <strong class="tag tag-pending">
                            <span class="visually-hidden">Warning: </span>No signposts
                          </strong>
                        </span>
                      )}
                    </td>
                    <td>{row.updatedAt ? formatLondon(row.updatedAt) : <span class="secondary-text">Never</span>}</td>
                    <td>
                      <a href={`/manage/competitions/${competitionId}/feedback/${row.applicationId}`}>
                        {row.state === 'missing' ? 'Write feedback' : 'Edit feedback'}
                        <span class="visually-hidden"> for {row.organisationName}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      )}
    </section>
  )
}

// — Feedback calls —

function CallsSection({
  competitionId,
  calls,
  errors,
  onChanged,
}: {
  competitionId: string
  calls: FeedbackCall[]
  errors: PageErrors
  onChanged: () => Promise<void>
}) {
  const dialog = useInlineDialog('call-arrangement', (feedbackCall: FeedbackCall) => feedbackCall.applicationId)
  const arranging = dialog.open
  const [arrangement, setArrangement] = useState('')
  const { busy, status, submit } = useSubmit(errors)

  const close = () => {
    dialog.close()
    setArrangement('')
    errors.clear()
  }

  const update = (feedbackCall: FeedbackCall, json: { status: 'arranged' | 'done'; arrangement?: string }) =>
    call(
      api.competitions[':competitionId']['feedback-calls'][':applicationId'].$patch({
        param: { competitionId, applicationId: feedbackCall.applicationId },
        json: { version: feedbackCall.version, ...json },
      }),
    )

  function arrange(event: Event) {
    event.preventDefault()
    const chosen = arranging!
    void submit({
      check: () =>
        arrangement.trim()
          ? []
          : [
              {
                id: 'call-arrangement',
                text: `Enter when and how the call with ${chosen.organisationName} will be: they are emailed it`,
              },
            ],
      send: () => update(chosen, { status: 'arranged', arrangement: arrangement.trim() }),
      resolve: fieldsUnder('call'),
      done: (saved) => {
        dialog.close()
        setArrangement('')
        void onChanged()
        return `Arranged the call with ${saved.organisationName}; they have been emailed when and how.`
      },
    })
  }

  function markDone(feedbackCall: FeedbackCall) {
    void submit({
      send: () => update(feedbackCall, { status: 'done' }),
      resolve: () => ({}),
      done: (saved) => {
        void onChanged()
        return `Marked the call with ${saved.organisationName} done.`
      },
    })
  }

  return (
    <section class="section" aria-labelledby="calls-heading">
      <h2 id="calls-heading" tabIndex={-1}>
        Feedback calls
      </h2>
      {calls.length === 0 ? (
        <p>
          No applicant has asked for a feedback call yet. Once decisions are released, any applicant can ask for one
          from their decision page.
        </p>
      ) : (
        <ScrollTable label="Feedback calls, oldest request first">
          <table class="table" id="calls-table">
            <caption class="visually-hidden">Feedback calls, oldest request first</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Preferred times</th>
                <th scope="col">Question</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {calls.map((feedbackCall) => {
                const arrangeId = `arrange-${feedbackCall.applicationId}`
                return (
                  <tr key={feedbackCall.applicationId}>
                    <th scope="row">
                      {feedbackCall.organisationName}
                      <span class="meta block">Asked {formatLondon(feedbackCall.requestedAt)}</span>
                      {feedbackCall.earlier > 0 && (
                        <span class="meta block">{plural(feedbackCall.earlier, 'earlier call')}</span>
                      )}
                    </th>
                    <td class="multiline">{feedbackCall.preferredTimes}</td>
                    <td class="multiline">{feedbackCall.question}</td>
                    <td>
                      <CallTag status={feedbackCall.status} />
                      {feedbackCall.arrangement && <span class="block multiline">{feedbackCall.arrangement}</span>}
                      {feedbackCall.arrangedAt && (
                        <span class="meta block">Arranged {formatLondon(feedbackCall.arrangedAt)}</span>
                      )}
                      {feedbackCall.doneAt && <span class="meta block">Done {formatLondon(feedbackCall.doneAt)}</span>}
                    </td>
                    <td>
                      {feedbackCall.status !== 'done' && (
                        <div class="button-group">
                          <button
                            type="button"
                            id={arrangeId}
                            class="button button-secondary button-small"
                            aria-expanded={dialog.isOpenFor(feedbackCall) ? 'true' : 'false'}
                            aria-controls="arrange-form"
                            onClick={() => {
                              setArrangement(feedbackCall.arrangement ?? '')
                              dialog.show(feedbackCall, arrangeId)
                            }}
                          >
                            {feedbackCall.status === 'arranged' ? 'Change the arrangement' : 'Mark arranged'}
                            <span class="visually-hidden"> for {feedbackCall.organisationName}</span>
                          </button>
                          <button
                            type="button"
                            class="button button-secondary button-small"
                            disabled={busy}
                            onClick={() => markDone(feedbackCall)}
                          >
                            Mark done<span class="visually-hidden"> for {feedbackCall.organisationName}</span>
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </ScrollTable>
      )}
      <InlineDialogForm
        id="arrange-form"
        item={arranging}
        heading={(chosen) => `Arrange the call with ${chosen.organisationName}`}
        headingId="arrange-heading"
        yes="Save and email the applicant"
        busy={busy}
        onSubmit={arrange}
        onCancel={close}
      >
        {(chosen) => (
          <>
            <p class="multiline">They would prefer: {chosen.preferredTimes}</p>
            <TextArea
              id="call-arrangement"
              label="When and how"
              hint="The date, time and how to join (a telephone number or video link). The applicant is emailed exactly this."
              rows={3}
              value={arrangement}
              onValue={setArrangement}
              error={errors.inline['call-arrangement']}
            />
          </>
        )}
      </InlineDialogForm>
      <Status message={status} />
    </section>
  )
}
