// "/manage/competitions/:id/feedback/:applicationId": one applicant's feedback. It starts from
// the draft the platform prepares (the decision's reason, the panel's comments for the
// applicant, strengths and what to improve from the scores, and services suggested for who
// they are for, the weakest criteria, the reason and the panel's words),
// or from what is saved; the manager edits and saves it at the version read. After the
// release each save is a new version the applicant is emailed about; earlier ones are listed.
import { Fragment } from 'preact'
import { useState } from 'preact/hooks'
import { formatLondon } from '../../../../shared/dates.js'
import { outcomeNames, signpostAudienceNames } from '../../../../shared/labels.js'
import type { Feedback, FeedbackInput, FeedbackWorkspace, Signpost } from '../../../../shared/schemas/feedback.js'
import { countWords } from '../../../../shared/words.js'
import { api, call } from '../../api.js'
import type { FieldResolver } from '../../components/errors.js'
import { ScoresTable } from '../../components/feedback-bits.js'
import { Checkboxes, Status, TextArea } from '../../components/fields.js'
import { Contents } from '../../components/page.js'
import { AssessingFrame, Pending, useAssessing } from '../assessing/assessing-page.js'
import { usePageErrors, useSubmit, type PageErrors } from '../../components/forms.js'
import { SHORT_FEEDBACK_WORDS } from '../../../../shared/labels.js'
import { FeedbackStateTag, isOut, ReleaseTag } from './feedback.js'

type Text = Pick<FeedbackInput, 'decision' | 'panelComments' | 'strengths' | 'improvements'>
const textFields: { key: keyof Text; label: string; hint: string; rows: number }[] = [
  {
    key: 'decision',
    label: 'The decision',
    hint: 'Why this decision, in words for the applicant: the screening or shortlisting reason.',
    rows: 4,
  },
  {
    key: 'panelComments',
    label: 'What the panel said',
    hint: 'The panel’s comments for the applicant. Private notes to the panel and panellists’ names are never included.',
    rows: 8,
  },
  {
    key: 'strengths',
    label: 'What was strong',
    hint: 'What the applicant did well. Say what it is relative to: above the shortlisted applications’ average, or the application’s own best.',
    rows: 5,
  },
  { key: 'improvements', label: 'What to improve', hint: 'Where a future bid could be stronger.', rows: 5 },
]

const resolve: FieldResolver = (field) => {
  const head = field.split('.')[0]!
  if (head === 'signpostIds') return { id: 'feedback-signpostIds', label: 'Services to suggest' }
  const text = textFields.find((f) => f.key === head)
  return text ? { id: `feedback-${text.key}`, label: text.label } : {}
}

export function FeedbackEditorPage({ id, applicationId }: { id: string; applicationId: string }) {
  const read = () =>
    call(
      api.competitions[':competitionId'].feedback[':applicationId'].$get({
        param: { competitionId: id, applicationId },
      }),
    )
  const loaded = useAssessing(id, () => read(), [applicationId])
  const errors = usePageErrors()
  const { page, data } = loaded
  if (!page || !data) {
    return (
      <Pending
        failure={loaded.failure}
        what="the feedback"
        notFound={{
          title: 'Application not found',
          text: 'It may not be a submitted expression of interest in this competition.',
        }}
      />
    )
  }
  /** A save as shown; after the release, the version it replaced joins the earlier ones (a failure to read them leaves the list as it was). */
  const saved = (feedback: Feedback) => {
    loaded.update((d) => ({ ...d, feedback }))
    if (feedback.changes.length)
      read().then(
        (next) => loaded.update((d) => ({ ...d, previousVersions: next.previousVersions })),
        () => {},
      )
  }
  return (
    <AssessingFrame
      page={page}
      title={`Feedback for ${data.organisationName}`}
      errors={errors}
      onReload={loaded.reload}
      back={{ href: `/manage/competitions/${id}/feedback`, label: 'Back to feedback' }}
    >
      <Contents
        sections={[
          ['summary-heading', 'Summary'],
          ['scores-heading', 'Scores'],
          ['compose-heading', 'The feedback'],
          ...(data.feedback?.changes.length
            ? ([['versions-heading', 'Changes after release']] as [string, string][])
            : []),
        ]}
      />
      <Summary workspace={data} />
      <Scores workspace={data} />
      <FeedbackForm key={loaded.generation} workspace={data} errors={errors} onSaved={saved} />
      <Versions workspace={data} />
    </AssessingFrame>
  )
}

function Summary({ workspace }: { workspace: FeedbackWorkspace }) {
  const { feedback, outcome, release } = workspace
  const words = feedback
    ? countWords([feedback.decision, feedback.panelComments, feedback.strengths, feedback.improvements].join('\n'))
    : 0
  return (
    <section class="section" aria-labelledby="summary-heading">
      <h2 id="summary-heading" tabIndex={-1}>
        Summary
      </h2>
      <dl class="summary-list">
        <dt>Decision</dt>
        <dd>
          {outcome ? (
            outcomeNames[outcome]
          ) : (
            <strong>No final decision yet: decisions cannot be released until it has one</strong>
          )}
        </dd>
        <dt>Feedback</dt>
        <dd>
          <FeedbackStateTag
            state={!feedback ? 'missing' : words === 0 ? 'empty' : words < SHORT_FEEDBACK_WORDS ? 'short' : 'ready'}
            words={words}
          />
          {feedback && (
            <span class="meta block">
              Version {feedback.version}, saved {formatLondon(feedback.updatedAt)} by {feedback.updatedByName}
            </span>
          )}
        </dd>
        <dt>Release</dt>
        <dd>
          <ReleaseTag status={release.status} />
          {release.status === 'scheduled' && release.scheduledAt && (
            <span class="block">To happen {formatLondon(release.scheduledAt)}</span>
          )}
          {isOut(release) && release.releasedAt && <span class="block">{formatLondon(release.releasedAt)}</span>}
        </dd>
      </dl>
    </section>
  )
}

function Scores({ workspace }: { workspace: FeedbackWorkspace }) {
  return (
    <section class="section" aria-labelledby="scores-heading">
      <h2 id="scores-heading" tabIndex={-1}>
        Scores
      </h2>
      {workspace.scores.length === 0 ? (
        <p>No scores: the panel did not score this application.</p>
      ) : (
        <>
          <ScoresTable
            scores={workspace.scores}
            caption="Scores by criterion: the mean of the panel’s submitted scores"
            scoreHeading="Score"
          />
          <p class="secondary-text">
            {workspace.release.showScores
              ? 'Applicants see these scores with their feedback (the setting is on the feedback page).'
              : 'Applicants do not see these scores: the setting on the feedback page is off.'}
          </p>
        </>
      )}
    </section>
  )
}

function FeedbackForm({
  workspace,
  errors,
  onSaved,
}: {
  workspace: FeedbackWorkspace
  errors: PageErrors
  onSaved: (feedback: Feedback) => void
}) {
  const { feedback, draft, signposts, competitionId, applicationId } = workspace
  const directory = new Set(signposts.map((s) => s.id))
  const [text, setText] = useState<Text>(() => {
    const from = feedback ?? draft
    return {
      decision: from.decision,
      panelComments: from.panelComments,
      strengths: from.strengths,
      improvements: from.improvements,
    }
  })
  const [chosen, setChosen] = useState<string[]>(() =>
    (feedback ? feedback.signposts.map((s) => s.id) : draft.signpostIds).filter((id) => directory.has(id)),
  )
  const [fromDraft, setFromDraft] = useState(!feedback)
  const { busy, status, submit } = useSubmit(errors)
  const suggested = new Set(draft.signpostIds)
  const removed = (feedback?.signposts ?? []).filter((s) => !directory.has(s.id))
  const words = countWords(Object.values(text).join('\n'))
  const released = isOut(workspace.release)
  // After the release every save is recorded and emails the applicant; feedback they could read becomes a new version.
  const versioned = released && !!feedback

  function useDraft() {
    setText({
      decision: draft.decision,
      panelComments: draft.panelComments,
      strengths: draft.strengths,
      improvements: draft.improvements,
    })
    setChosen(draft.signpostIds.filter((id) => directory.has(id)))
    setFromDraft(true)
    document.getElementById('feedback-decision')?.focus()
  }

  function save(event: Event) {
    event.preventDefault()
    void submit({
      send: () =>
        call(
          api.competitions[':competitionId'].feedback[':applicationId'].$put({
            param: { competitionId, applicationId },
            json: { version: feedback?.version ?? 0, ...text, signpostIds: chosen },
          }),
        ),
      resolve,
      done: (next) => {
        onSaved(next)
        setFromDraft(false)
        const said = `Saved version ${next.version} at ${formatLondon(next.updatedAt)}.`
        return released
          ? `${said} ${workspace.organisationName} has been emailed that their feedback ${feedback ? 'changed' : 'was added'}.`
          : said
      },
    })
  }

  return (
    <section class="section" aria-labelledby="compose-heading">
      <h2 id="compose-heading" tabIndex={-1}>
        The feedback
      </h2>
      {released && (
        <div class="notice">
          <p>
            Decisions were released
            {workspace.release.releasedAt ? ` ${formatLondon(workspace.release.releasedAt)}` : ''}.{' '}
            {versioned
              ? 'Saving makes a new version: the applicant reads the new one and is emailed that it changed, and the version they read before is kept.'
              : 'This applicant’s decision was released without feedback: once you save it, they can read it and are emailed that it was added.'}
          </p>
        </div>
      )}
      {fromDraft ? (
        <div class="inset">
          <p>
            <strong>
              Prepared by the platform from the decision and the panel’s comments for the applicant: edit before
              release.
            </strong>{' '}
            Nothing is saved until you save it.
          </p>
        </div>
      ) : (
        <p>
          This is the feedback as saved.{' '}
          <button type="button" class="link-button" onClick={useDraft}>
            Start again from the platform’s draft
          </button>
        </p>
      )}
      <form noValidate onSubmit={save}>
        {textFields.map((field) => (
          <TextArea
            key={field.key}
            id={`feedback-${field.key}`}
            label={field.label}
            labelClass="label-m"
            hint={field.hint}
            rows={field.rows}
            value={text[field.key]}
            onValue={(value) => setText((current) => ({ ...current, [field.key]: value }))}
            error={errors.inline[`feedback-${field.key}`]}
          />
        ))}
        <p class="secondary-text">
          {words} word{words === 1 ? '' : 's'} in all.
          {words < SHORT_FEEDBACK_WORDS
            ? ` Feedback under ${SHORT_FEEDBACK_WORDS} words is flagged as very short.`
            : ''}
        </p>
        <SignpostChoices
          signposts={signposts}
          suggested={suggested}
          chosen={chosen}
          onChosen={setChosen}
          competitionId={competitionId}
          error={errors.inline['feedback-signpostIds']}
        />
        {workspace.outcome && workspace.outcome !== 'funded' && chosen.length === 0 && (
          <div class="warning" id="feedback-no-support">
            <p>
              <strong>No services chosen: {workspace.organisationName} would be told of no support.</strong> Their
              decision email promises where to find support next.{' '}
              {suggested.size === 0
                ? 'No service in the directory fits them: add one that is for them, or tick one above.'
                : 'Tick at least one service above.'}
            </p>
          </div>
        )}
        {removed.length > 0 && (
          <p>No longer in the directory, so dropped when you save: {removed.map((s) => s.name).join(', ')}.</p>
        )}
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>
            {versioned ? 'Save a new version' : 'Save feedback'}
          </button>
          <a href={`/manage/competitions/${competitionId}/feedback`}>Back to feedback</a>
        </div>
        <Status message={status} />
      </form>
    </section>
  )
}

/** The directory as checkboxes, the suggested services marked (and ticked in the draft). */
function SignpostChoices({
  signposts,
  suggested,
  chosen,
  onChosen,
  competitionId,
  error,
}: {
  signposts: Signpost[]
  suggested: Set<string>
  chosen: string[]
  onChosen: (ids: string[]) => void
  competitionId: string
  error?: string
}) {
  const directoryLink = <a href={`/manage/competitions/${competitionId}/signposts`}>signposting directory</a>
  if (signposts.length === 0) {
    return (
      <div class="form-group">
        <h3 class="heading-s">Where to go next</h3>
        <p>The {directoryLink} is empty: add support services to it to suggest them to applicants.</p>
      </div>
    )
  }
  return (
    <Checkboxes
      id="feedback-signpostIds"
      legend="Where to go next: services to suggest"
      legendClass="legend-m"
      hint={
        <>
          The applicant sees each service ticked here, with its link and contact. Those marked “Suggested” are for
          applicants with this decision and fit the weakest criteria, the reason against the application or the panel’s
          words for it. Services come from the {directoryLink}.
        </>
      }
      error={error}
      options={signposts.map((signpost) => ({
        value: signpost.id,
        label: (
          <>
            {signpost.name}
            {suggested.has(signpost.id) && (
              <>
                {' '}
                <strong class="tag tag-open">Suggested</strong>
              </>
            )}
          </>
        ),
        hint: (
          <>
            {signpost.helpsWith}
            <span class="block">For: {signpost.audience.map((a) => signpostAudienceNames[a]).join('; ')}</span>
            {signpost.tags.length > 0 && <span class="block">Tags: {signpost.tags.join(', ')}</span>}
          </>
        ),
      }))}
      values={chosen}
      onValues={onChosen}
    />
  )
}

/** Edits after release: each a new version; the versions the applicant read before, oldest first. */
function Versions({ workspace }: { workspace: FeedbackWorkspace }) {
  const changes = workspace.feedback?.changes ?? []
  if (!changes.length) return null
  return (
    <section class="section" aria-labelledby="versions-heading">
      <h2 id="versions-heading" tabIndex={-1}>
        Changes after release
      </h2>
      <ul>
        {changes.map((change) => (
          <li key={change.version}>
            Version {change.version} saved {formatLondon(change.at)} by {change.byName}
          </li>
        ))}
      </ul>
      {workspace.previousVersions.length > 0 && (
        <>
          <h3 class="heading-s">Earlier versions the applicant read</h3>
          {workspace.previousVersions.map((version) => (
            <details key={version.version}>
              <summary>
                Version {version.version}, saved {formatLondon(version.updatedAt)} by {version.updatedByName}
              </summary>
              <dl class="summary-list">
                {textFields.map((field) => (
                  <Fragment key={field.key}>
                    <dt>{field.label}</dt>
                    <dd class="multiline">
                      {version[field.key] || <span class="secondary-text">Nothing written</span>}
                    </dd>
                  </Fragment>
                ))}
                <dt>Services suggested</dt>
                <dd>
                  {version.signposts.length ? (
                    version.signposts.map((s) => s.name).join(', ')
                  ) : (
                    <span class="secondary-text">None</span>
                  )}
                </dd>
              </dl>
            </details>
          ))}
        </>
      )}
    </section>
  )
}
