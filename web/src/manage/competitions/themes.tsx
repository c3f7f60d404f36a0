// Themes: what an expression of interest aligns to, each linking one or more challenges.
import { useState } from 'preact/hooks'
import type { Theme } from '../../../../shared/schemas/competition.js'
import { api, call } from '../../api.js'
import { Checkboxes, Status, TextArea, TextInput } from '../../components/fields.js'
import { savedAt, useEditor } from '../context.js'
import { themeTarget } from './targets.js'

export function ThemeSection({ theme }: { theme: Theme }) {
  const editor = useEditor()
  const [busy, setBusy] = useState(false)
  const headingId = `theme-${theme.id}-heading`
  const titles = theme.challengeIds.map((id) => editor.page.challenges.find((c) => c.id === id)?.title).filter(Boolean)

  async function remove() {
    setBusy(true)
    try {
      await call(
        api.competitions[':competitionId'].themes[':themeId'].$delete({
          param: { competitionId: editor.competitionId, themeId: theme.id },
          query: { version: String(theme.version) },
        }),
      )
      editor.succeeded()
      editor.update((page) => ({ ...page, themes: page.themes.filter((t) => t.id !== theme.id) }))
      document.getElementById('themes')?.focus()
    } catch (error) {
      setBusy(false)
      editor.fail(error, () => ({}))
    }
  }

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
  const [status, setStatus] = useState<string>()
  const [busy, setBusy] = useState(false)
  const { challenges } = editor.page

  async function save(event: Event) {
    event.preventDefault()
    setStatus(undefined)
    // Only links to challenges that still exist, in the order they are listed.
    const linked = challenges.map((c) => c.id).filter((id) => challengeIds.includes(id))
    setBusy(true)
    try {
      if (theme) {
        const saved = await call(
          api.competitions[':competitionId'].themes[':themeId'].$patch({
            param: { competitionId: editor.competitionId, themeId: theme.id },
            json: { version: theme.version, title, description, challengeIds: linked },
          }),
        )
        editor.update((page) => ({ ...page, themes: page.themes.map((t) => (t.id === saved.id ? saved : t)) }))
        setStatus(savedAt('Theme saved'))
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
        setStatus(`Added the theme “${added.title}”.`)
      }
      editor.succeeded()
    } catch (error) {
      editor.fail(error, themeTarget(prefix))
    } finally {
      setBusy(false)
    }
  }

  const error = (field: string) => editor.errorFor(`${prefix}-${field}`)
  return (
    <form noValidate onSubmit={save}>
      <TextInput id={`${prefix}-title`} label="Title" hint="Like “Data linkage”." value={title} onValue={setTitle} error={error('title')} />
      <TextArea id={`${prefix}-description`} label="Description (optional)" rows={2} value={description} onValue={setDescription} error={error('description')} />
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
