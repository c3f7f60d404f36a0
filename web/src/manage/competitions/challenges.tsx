// Challenges: each shown with its data pack and a form to edit it; a form to add another.
import { useState } from 'preact/hooks'
import type { Challenge, ChallengeWithDataPack } from '../../../../shared/schemas/competition.js'
import { api, call } from '../../api.js'
import { Status, TextArea, TextInput } from '../../components/fields.js'
import { useSubmit } from '../../components/forms.js'
import { savedAt, useEditor } from '../context.js'
import { DataPackSection } from './data-pack.js'
import { challengeTarget } from './targets.js'

export function ChallengeSection({ challenge }: { challenge: ChallengeWithDataPack }) {
  const editor = useEditor()
  const { busy, submit } = useSubmit(editor.errors)
  const headingId = `challenge-${challenge.id}-heading`

  const remove = () =>
    submit({
      send: () =>
        call(
          api.competitions[':competitionId'].challenges[':challengeId'].$delete({
            param: { competitionId: editor.competitionId, challengeId: challenge.id },
            query: { version: String(challenge.version) },
          }),
        ),
      resolve: (field) => {
        const themeId = /^themes\.([^.]+)\./.exec(field)?.[1]
        const theme = editor.page.themes.find((t) => t.id === themeId)
        return theme ? { id: `theme-${theme.id}-challengeIds`, label: `The theme “${theme.title}”` } : {}
      },
      done: () => {
        editor.update((page) => ({ ...page, challenges: page.challenges.filter((c) => c.id !== challenge.id) }))
        document.getElementById('challenges')?.focus()
      },
    })

  return (
    <section class="challenge" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1}>
        <span class="caption">Challenge</span>
        {challenge.title}
      </h3>
      <p class="inset">{challenge.statement}</p>
      <details>
        <summary>Edit the challenge “{challenge.title}”</summary>
        <div class="details-body">
          <ChallengeForm challenge={challenge} />
        </div>
      </details>
      <DataPackSection challenge={challenge} />
      {editor.isDraft && (
        <button type="button" class="button button-secondary" disabled={busy} onClick={() => void remove()}>
          Remove this challenge<span class="visually-hidden"> (“{challenge.title}”)</span>
        </button>
      )}
    </section>
  )
}

/** Adds a challenge, or edits one when given it. */
export function ChallengeForm({ challenge }: { challenge?: Challenge }) {
  const editor = useEditor()
  const prefix = challenge ? `challenge-${challenge.id}` : 'new-challenge'
  const blank = { title: '', statement: '', context: '', owner: '', evidenceExpected: '' }
  const [values, setValues] = useState(challenge ? { ...blank, ...pick(challenge) } : blank)
  const { busy, status, submit } = useSubmit(editor.errors)
  const set = (field: keyof typeof blank) => (value: string) => setValues((current) => ({ ...current, [field]: value }))

  function save(event: Event) {
    event.preventDefault()
    void submit({ send, resolve: challengeTarget(prefix), done: (said) => said })
  }

  async function send(): Promise<string> {
    if (challenge) {
      const saved = await call(
        api.competitions[':competitionId'].challenges[':challengeId'].$patch({
          param: { competitionId: editor.competitionId, challengeId: challenge.id },
          json: { ...values, version: challenge.version },
        }),
      )
      editor.update((page) => ({
        ...page,
        challenges: page.challenges.map((c) => (c.id === saved.id ? { ...saved, dataPack: c.dataPack } : c)),
      }))
      return savedAt('Challenge saved')
    } else {
      const { context, evidenceExpected, ...required } = values
      const added = await call(
        api.competitions[':competitionId'].challenges.$post({
          param: { competitionId: editor.competitionId },
          json: {
            ...required,
            ...(context.trim() ? { context } : {}),
            ...(evidenceExpected.trim() ? { evidenceExpected } : {}),
          },
        }),
      )
      editor.update((page) => ({ ...page, challenges: [...page.challenges, { ...added, dataPack: [] }] }))
      setValues(blank)
      return `Added the challenge “${added.title}”. Now add its data pack.`
    }
  }

  const error = (field: string) => editor.errors.inline[`${prefix}-${field}`]
  return (
    <form noValidate onSubmit={save}>
      <TextInput
        id={`${prefix}-title`}
        label="Title"
        hint="A short name, like “Childhood asthma”."
        value={values.title}
        onValue={set('title')}
        error={error('title')}
      />
      <TextInput
        id={`${prefix}-statement`}
        label="Problem statement"
        hint="The problem as a question starting “How might we”, like “How might we reduce emergency hospital admissions for children with asthma?”"
        value={values.statement}
        onValue={set('statement')}
        error={error('statement')}
      />
      <TextArea
        id={`${prefix}-context`}
        label="Context (optional)"
        hint="Who is affected, what has been tried, what the data shows."
        rows={5}
        value={values.context}
        onValue={set('context')}
        error={error('context')}
      />
      <TextInput
        id={`${prefix}-owner`}
        label="Problem owner"
        hint="The service or team that owns the problem."
        value={values.owner}
        onValue={set('owner')}
        error={error('owner')}
      />
      <TextArea
        id={`${prefix}-evidenceExpected`}
        label="Evidence expected (optional)"
        hint="What applicants should show, like how their idea would reach people and how we would know it worked."
        rows={3}
        value={values.evidenceExpected}
        onValue={set('evidenceExpected')}
        error={error('evidenceExpected')}
      />
      <div class="button-group">
        <button type="submit" class="button" disabled={busy}>
          {challenge ? 'Save challenge' : 'Add challenge'}
        </button>
        <Status message={status} />
      </div>
    </form>
  )
}

const pick = ({ title, statement, context, owner, evidenceExpected }: Challenge) => ({
  title,
  statement,
  context,
  owner,
  evidenceExpected,
})
