// "/manage/competitions/:id": the competition editor. Details, challenges with their data
// packs, themes, then publish (or delete the draft). Each part saves on its own; failures
// from any part land in the one error summary at the top, linked to the fields to fix.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ConfirmAction } from '../../components/confirm.js'
import { formatLondon } from '../../../../shared/dates.js'
import { phaseOf } from '../../../../shared/phase.js'
import type { CompetitionPage } from '../../../../shared/schemas/competition.js'
import { api, call } from '../../api.js'
import { ErrorSummary } from '../../components/error-summary.js'
import { Status } from '../../components/fields.js'
import { usePageErrors, useSubmit } from '../../components/forms.js'
import { Contents, LoadFailure, Loading, PageHeading } from '../../components/page.js'
import { navigate } from '../../router.js'
import { AssessingLinks } from '../assessing/assessing-page.js'
import { ChallengeForm, ChallengeSection } from './challenges.js'
import { ClarificationsSection } from '../clarifications.js'
import { Editor as EditorProvider, useEditor, type EditorContext } from '../context.js'
import { DetailsForm } from './details.js'
import { setFlash } from '../../components/flash.js'
import { FormSection } from './form-editor.js'
import { publishTarget } from './targets.js'
import { ThemeForm, ThemeSection } from './themes.js'

export function Editor({ id }: { id: string }) {
  const [page, setPage] = useState<CompetitionPage>()
  const [loadFailure, setLoadFailure] = useState<unknown>()
  const errors = usePageErrors()
  /** Bumped when the competition is re-read, so every form starts again from what is saved. */
  const [generation, setGeneration] = useState(0)

  const read = () => call(api.competitions[':competitionId'].$get({ param: { competitionId: id } }))
  useEffect(() => {
    read().then(setPage, setLoadFailure)
  }, [id])

  const context: EditorContext | undefined = page && {
    competitionId: id,
    page,
    isDraft: page.competition.status === 'draft',
    update: (change) => setPage((current) => current && change(current)),
    errors,
    reload: async () => {
      try {
        setPage(await read())
        setGeneration((n) => n + 1)
        errors.clear()
      } catch (error) {
        errors.fail(error)
      }
    },
  }

  if (loadFailure) {
    return (
      <LoadFailure
        failure={loadFailure}
        notFound={{ title: 'Competition not found', text: 'It may have been deleted.' }}
        failed="Sorry, the competition could not be loaded"
        back={{ href: '/manage', label: 'Back to your competitions' }}
      />
    )
  }
  if (!page || !context) return <Loading what="the competition" />

  const { competition } = page
  return (
    <EditorProvider.Provider value={context}>
      <a href="/manage" class="back-link">
        Back to your competitions
      </a>
      <ErrorSummary
        errors={errors.errors}
        reload={{ label: 'Reload the competition', onReload: () => void context.reload() }}
      />
      <PageHeading
        title={competition.title}
        caption={context.isDraft ? 'Draft competition' : 'Published competition'}
        hasErrors={!!errors.errors}
      />
      <p>
        <a href={`/competitions/${competition.id}`}>
          {context.isDraft ? 'Preview the competition page' : 'View the public page'}
        </a>
        {context.isDraft && (
          <span class="secondary-text"> (only programme managers can see it until it is published)</span>
        )}
      </p>
      {!context.isDraft && (
        <p>
          <a href={`/manage/competitions/${competition.id}/submissions`}>Expressions of interest received</a>
          <br />
          <a href={`/manage/competitions/${competition.id}/diversity`}>
            Diversity and inclusion survey results (anonymous)
          </a>
          <br />
          <a href={`/manage/competitions/${competition.id}/funnel`}>Engagement funnel</a>
        </p>
      )}
      {!context.isDraft && (
        <>
          <h2 class="heading-s">Assessing</h2>
          <AssessingLinks competitionId={competition.id} />
        </>
      )}
      <Contents
        sections={[
          ['details', 'Details'],
          ['challenges', 'Challenges and data packs'],
          ['themes', 'Themes'],
          ['form', 'EOI form'],
          ...(context.isDraft ? [] : [['questions', 'Questions from applicants'] as [string, string]]),
          ['publish', context.isDraft ? 'Publish' : 'Status'],
        ]}
      />

      <div key={generation}>
        <section aria-labelledby="details" class="section">
          <h2 id="details" tabIndex={-1}>
            Details
          </h2>
          <DetailsForm />
        </section>

        <section aria-labelledby="challenges" class="section">
          <h2 id="challenges" tabIndex={-1}>
            Challenges and data packs
          </h2>
          <p>
            Each challenge is a problem, put as a “How might we…” question, with a data pack of documents, links,
            datasets and videos.
          </p>
          {page.challenges.map((challenge) => (
            <ChallengeSection key={challenge.id} challenge={challenge} />
          ))}
          <div class="challenge">
            <h3 id="new-challenge-heading">Add a challenge</h3>
            <ChallengeForm />
          </div>
        </section>

        <section aria-labelledby="themes" class="section">
          <h2 id="themes" tabIndex={-1}>
            Themes
          </h2>
          <p>
            Themes group the challenges into what an expression of interest can align to. Each theme links at least one
            challenge.
          </p>
          {page.themes.map((theme) => (
            <ThemeSection key={theme.id} theme={theme} />
          ))}
          <div class="theme">
            <h3>Add a theme</h3>
            <ThemeForm />
          </div>
        </section>

        <FormSection />

        {!context.isDraft && <ClarificationsSection />}

        <PublishSection />
      </div>
    </EditorProvider.Provider>
  )
}

function PublishSection() {
  const editor = useEditor()
  const { competition } = editor.page
  const { busy, submit } = useSubmit(editor.errors)
  const [confirming, setConfirming] = useState(false)
  const published = useRef<HTMLDivElement>(null)
  const [justPublished, setJustPublished] = useState(false)

  useEffect(() => {
    if (justPublished) published.current?.focus()
  }, [justPublished])

  const publish = () =>
    submit({
      send: () =>
        call(
          api.competitions[':competitionId'].publish.$post({
            param: { competitionId: competition.id },
            json: { version: competition.version },
          }),
        ),
      resolve: publishTarget(editor.page),
      done: (saved) => {
        editor.update((page) => ({ ...page, competition: saved, phase: phaseOf(saved, new Date()) }))
        setJustPublished(true)
      },
    })

  const remove = () =>
    submit({
      send: () =>
        call(
          api.competitions[':competitionId'].$delete({
            param: { competitionId: competition.id },
            query: { version: String(competition.version) },
          }),
        ),
      done: () => {
        setFlash(`Deleted the draft “${competition.title}”.`)
        navigate('/manage', { replace: true })
      },
      failed: (error) => {
        setConfirming(false)
        editor.errors.fail(error)
      },
    })

  if (!editor.isDraft) {
    return (
      <section aria-labelledby="publish" class="section">
        <h2 id="publish" tabIndex={-1}>
          Status
        </h2>
        <div
          class={justPublished ? 'notice notice-success' : ''}
          ref={published}
          tabIndex={justPublished ? -1 : undefined}
        >
          <p>
            {justPublished ? (
              <strong>Published. </strong>
            ) : (
              `Published on ${competition.publishedAt ? formatLondon(competition.publishedAt) : 'an unknown date'}. `
            )}
            It is on the <a href="/">public list of competitions</a>. You can still edit it and add to its data packs.
          </p>
        </div>
      </section>
    )
  }

  return (
    <section aria-labelledby="publish" class="section">
      <h2 id="publish" tabIndex={-1}>
        Publish
      </h2>
      <p>
        Publishing puts the competition on the public list. It needs a summary, the owner organisation, the pot and
        maximum award, all four dates (with the EOI deadline in the future), at least one eligibility statement,
        challenge and theme, and something in every challenge’s data pack. You will be told anything that is missing.
      </p>
      <div class="button-group">
        <button type="button" class="button" disabled={busy} onClick={() => void publish()}>
          Publish competition
        </button>
        <Status message={busy && !confirming ? 'Working…' : undefined} />
      </div>

      <h3>Delete this draft</h3>
      <ConfirmAction
        id="delete"
        label="Delete this draft"
        tone="button-warning"
        question={
          <>
            <strong>Delete “{competition.title}”?</strong> This removes the draft with its challenges, themes and data
            packs, and their files. It cannot be undone.
          </>
        }
        yes="Yes, delete this draft"
        busy={busy}
        confirming={confirming}
        setConfirming={setConfirming}
        onYes={() => void remove()}
      />
    </section>
  )
}
