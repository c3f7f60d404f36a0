// Themes: what an expression of interest aligns to, each linking one or more challenges.
import { useState } from 'preact/hooks'
import type { Theme } from '../../../../shared/schemas/competition.js'
import { api, call } from '../../api.js'
import { Checkboxes, Status, TextArea, TextInput } from '../../components/fields.js'
import { useSubmit } from '../../components/forms.js'
import { savedAt, useEditor } from '../context.js'
import { themeTarget } from './targets.js'

export function ThemeSection({ theme }: { theme: Theme }) {
  const editor = useEditor()
  const { busy, submit } = useSubmit(editor.errors)
  const headingId = `theme-${theme.id}-heading`
  const titles = theme.challengeIds.map((id) => editor.page.challenges.find((c) => c.id === id)?.title).filter(Boolean)

  const remove = () =>
    submit({
      send: () =>
        call(
          api.competitions[':competitionId'].themes[':themeId'].$delete({
            param: { competitionId: editor.competitionId, themeId: theme.id },
            query: { version: String(theme.version) },
          }),
        ),
      done: () => {
        editor.update((page) => ({ ...page, themes: page.themes.filter((t) => t.id !== theme.id) }))
        document.getElementById('themes')?.focus()
      },
    })

  return (
    <section class="theme" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1}>
        <span class="caption">Theme</span>
        {theme.title}
      </h3>
      {theme.description && <p class="multiline">{theme.description}</p>}
      <p class="meta">Challenges: {titles.length ? titles.join(', ') : 'none'}</p>
      <details>
        <summary>Edit the theme “{theme.title}”</summary>
        <div class="details-body">
          <ThemeForm theme={theme} />
        </div>
      </details>
      {editor.isDraft && (
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => void remove()}>
          Remove this theme<span class="visually-hidden"> (“{theme.title}”)</span>
        </button>
      )}
    </section>
  )
}

/** Adds a theme, or edits one when given it. */
export function ThemeForm({ theme }: { theme?: Theme }) {
  const editor = useEditor()
  const prefix = theme ? `theme-${theme.id}` : 'new-theme'
  const [title, setTitle] = useState(theme?.title ?? '')
  const [description, setDescription] = useState(theme?.description ?? '')
  const [challengeIds, setChallengeIds] = useState<string[]>(theme?.challengeIds ?? [])
  const { busy, status, submit } = useSubmit(editor.errors)
  const { challenges } = editor.page

  function save(event: Event) {
    event.preventDefault()
    // Only links to challenges that still exist, in the order they are listed.
    const linked = challenges.map((c) => c.id).filter((id) => challengeIds.includes(id))
    void submit({ send: () => send(linked), resolve: themeTarget(prefix), done: (said) => said })
  }

  async function send(linked: string[]): Promise<string> {
    if (theme) {
      const saved = await call(
        api.competitions[':competitionId'].themes[':themeId'].$patch({
          param: { competitionId: editor.competitionId, themeId: theme.id },
          json: { version: theme.version, title, description, challengeIds: linked },
        }),
      )
      editor.update((page) => ({ ...page, themes: page.themes.map((t) => (t.id === saved.id ? saved : t)) }))
      return savedAt('Theme saved')
    } else {
      const added = await call(
        api.competitions[':competitionId'].themes.$post({
          param: { competitionId: editor.competitionId },
          json: { title, challengeIds: linked, ...(description.trim() ? { description } : {}) },
        }),
      )
      editor.update((page) => ({ ...page, themes: [...page.themes, added] }))
      setTitle('')
      setDescription('')
      setChallengeIds([])
      return `Added the theme “${added.title}”.`
    }
  }

  const error = (field: string) => editor.errors.inline[`${prefix}-${field}`]
  return (
    <form noValidate onSubmit={save}>
      <TextInput
        id={`${prefix}-title`}
        label="Title"
        hint="Like “Data linkage”."
        value={title}
        onValue={setTitle}
        error={error('title')}
      />
      <TextArea
        id={`${prefix}-description`}
        label="Description (optional)"
        rows={2}
        value={description}
        onValue={setDescription}
        error={error('description')}
      />
      {challenges.length ? (
        <Checkboxes
          id={`${prefix}-challengeIds`}
          legend="Challenges this theme covers"
          hint="Select all that apply."
          options={challenges.map((c) => ({ value: c.id, label: c.title }))}
          values={challengeIds}
          onValues={setChallengeIds}
          error={error('challengeIds')}
        />
      ) : (
        <p id={`${prefix}-challengeIds`} tabIndex={-1}>
          Add a challenge first: every theme links at least one.
        </p>
      )}
      <div class="button-group">
        <button type="submit" class="button" disabled={busy}>
          {theme ? 'Save theme' : 'Add theme'}
        </button>
        <Status message={status} />
      </div>
    </form>
  )
}
