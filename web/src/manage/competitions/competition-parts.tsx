// Parts of the editor on pages of their own, linked from the task list:
// "/manage/competitions/:id/publish" (publish, or where a published competition stands) and
// "/manage/competitions/:id/questions" (questions from applicants, answered for everyone).
import type { ComponentChildren } from 'preact'
import { ErrorSummary } from '../../components/error-summary.js'
import { LoadFailure, Loading, PageHeading } from '../../components/page.js'
import { ClarificationsSection } from '../clarifications.js'
import { Editor as EditorProvider } from '../context.js'
import { PublishSection } from './editor.js'
import { useCompetitionEditor } from './use-competition-editor.js'

function EditorPart({ id, caption, children }: { id: string; caption: string; children: ComponentChildren }) {
  const { page, loadFailure, errors, generation, context } = useCompetitionEditor(id)
  if (loadFailure)
    return (
      <LoadFailure
        failure={loadFailure}
        notFound={{ title: 'Competition not found', text: 'It may have been deleted.' }}
        failed="Sorry, the competition could not be loaded"
        back={{ href: '/manage', label: 'Back to your competitions' }}
      />
    )
  if (!page || !context) return <Loading what="the competition" />
  return (
    <EditorProvider.Provider value={context}>
      <a href={`/manage/competitions/${id}`} class="back-link">
        Back to the task list
      </a>
      <ErrorSummary
        errors={errors.errors}
        reload={{ label: 'Reload the competition', onReload: () => void context.reload() }}
      />
      <PageHeading title={page.competition.title} caption={caption} hasErrors={!!errors.errors} />
      <div key={generation}>{children}</div>
    </EditorProvider.Provider>
  )
}

export function PublishPage({ id }: { id: string }) {
  return (
    <EditorPart id={id} caption="Publish">
      <p>
        Change anything first on <a href={`/manage/competitions/${id}/setup`}>Set up the competition</a>.
      </p>
      <PublishSection />
    </EditorPart>
  )
}

export function QuestionsPage({ id }: { id: string }) {
  return (
    <EditorPart id={id} caption="Questions from applicants">
      <ClarificationsSection />
    </EditorPart>
  )
}
