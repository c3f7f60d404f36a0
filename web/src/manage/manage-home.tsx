// "/manage": the manager's drafts and published competitions, and starting a new draft.
import { useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import { formatPence } from '../../../shared/money.js'
import type { CompetitionStatus, CompetitionSummary } from '../../../shared/schemas/competition.js'
import { api, call } from '../api.js'
import { usePagedList } from '../paged-list.js'
import { ErrorSummary } from '../components/error-summary.js'
import { TextInput } from '../components/fields.js'
import { usePageErrors, useSubmit } from '../components/forms.js'
import { ClosingDate, PhaseTag } from '../components/competition-bits.js'
import { PageHeading } from '../components/page.js'
import { navigate } from '../router.js'
import { takeFlash } from '../components/flash.js'
import { ScrollTable } from '../components/scroll-table.js'

export function ManageHome() {
  const [title, setTitle] = useState('')
  const errors = usePageErrors()
  const { busy, submit } = useSubmit(errors)
  const [flash] = useState(takeFlash)
  const { inline } = errors

  function create(event: Event) {
    event.preventDefault()
    void submit({
      check: () => (title.trim() ? [] : [{ id: 'new-title', text: 'Enter a title for the competition' }]),
      send: () => call(api.competitions.$post({ json: { title: title.trim() } })),
      resolve: (field) => (field === 'title' ? { id: 'new-title', label: 'Title' } : {}),
      done: (competition) => navigate(`/manage/competitions/${competition.id}/setup`),
    })
  }

  return (
    <>
      <ErrorSummary errors={errors.errors} />
      <PageHeading title="Manage competitions" hasErrors={!!errors.errors} />
      {flash && (
        <div class="notice notice-success" role="status">
          <p>{flash}</p>
        </div>
      )}
      <p>
        <a href="/manage/programme">Programme: every grant across competitions</a>
        <br />
        <a href="/manage/programmes">Programmes: rounds reported together</a>
      </p>
      <form noValidate onSubmit={create} class="section">
        <h2>Create a competition</h2>
        <TextInput
          id="new-title"
          label="Title"
          hint="You can change it later. Everything else is added in the next step."
          value={title}
          onValue={setTitle}
          error={inline['new-title']}
        />
        <button type="submit" class="button" disabled={busy}>
          Create draft
        </button>
      </form>
      <CompetitionList status="draft" heading="Drafts" empty="You have no drafts." />
      <CompetitionList status="published" heading="Published" empty="Nothing is published yet." />
    </>
  )
}

function CompetitionList({ status, heading, empty }: { status: CompetitionStatus; heading: string; empty: string }) {
  const {
    items,
    cursor,
    failure,
    container: table,
    loadMore,
  } = usePagedList<CompetitionSummary, HTMLTableElement>(
    (after) => call(api.competitions.$get({ query: { status, limit: '20', ...(after ? { cursor: after } : {}) } })),
    [status],
    'tbody a',
  )

  return (
    <section class="section" aria-labelledby={`${status}-heading`}>
      <h2 id={`${status}-heading`}>{heading}</h2>
      {failure && <p role="alert">These could not be loaded. {failure}</p>}
      {!items && !failure && <p class="secondary-text">Loading…</p>}
      {items && items.length === 0 && <p>{empty}</p>}
      {items && items.length > 0 && (
        <ScrollTable label={`${heading} competitions`}>
          <table class="table" ref={table}>
            <thead>
              <tr>
                <th scope="col">Competition</th>
                <th scope="col">Pot</th>
                <th scope="col">{status === 'draft' ? 'Last changed' : 'Closing date'}</th>
                {status === 'published' && <th scope="col">Phase</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((competition) => (
                <tr key={competition.id}>
                  <td>
                    <a href={`/manage/competitions/${competition.id}`}>{competition.title}</a>
                  </td>
                  <td>{formatPence(competition.potPence)}</td>
                  <td>
                    {status === 'draft' ? (
                      formatLondon(competition.updatedAt)
                    ) : (
                      <ClosingDate iso={competition.timeline.eoiClosesAt} />
                    )}
                  </td>
                  {status === 'published' && (
                    <td>
                      <PhaseTag phase={competition.phase} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {cursor && (
        <button type="button" class="button button-secondary" onClick={() => void loadMore()}>
          Show more {heading.toLowerCase()}
        </button>
      )}
    </section>
  )
}
