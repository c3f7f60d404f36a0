// "/manage/competitions/:id/signposts": the signposting directory. Support services applicants
// are pointed to (name, what they help with, link, contact, tags that match them to feedback),
// added, changed and removed here, or copied from another competition's directory.
import { useEffect, useState } from 'preact/hooks'
import type { CompetitionSummary } from '../../../shared/schemas/competition.js'
import type { Signpost, SignpostInput } from '../../../shared/schemas/feedback.js'
import { SUGGESTED_TAGS } from '../../../shared/labels.js'
import { api, call } from '../api.js'
import { ConfirmAction } from '../components/confirm.js'
import type { ErrorItem, FieldResolver } from '../components/errors.js'
import { Select, Status, TextArea, TextInput } from '../components/fields.js'
import { Contents } from '../components/page.js'
import { ScrollTable } from '../components/scroll-table.js'
import { AssessingFrame, Pending, useAssessing, usePageErrors, useSubmit, type PageErrors } from './assessing-page.js'


const labels: Record<string, string> = { name: 'Name', helpsWith: 'What they help with', url: 'Web address', contact: 'Contact', tags: 'Tags' }

/** A form's fields by API name: "tags.2" is the tags input. */
const signpostTarget =
  (prefix: string): FieldResolver =>
  (field) => {
    const head = field.split('.')[0]!
    return head in labels ? { id: `${prefix}-${head}`, label: labels[head] } : {}
  }

/** "Finance, Regulation ,, roi" → ["finance", "regulation", "roi"]. */
const tagsOf = (text: string) =>
  text
    .split(',')
    .map((tag) => tag.trim().toLowerCase().replace(/\s+/g, ' '))
    .filter(Boolean)

/** Every competition of the manager's (drafts and published) but this one, to copy from. */
async function otherCompetitions(competitionId: string): Promise<CompetitionSummary[]> {
  const lists = await Promise.all((['published', 'draft'] as const).map((status) => call(api.competitions.$get({ query: { status, limit: '100' } }))))
  return lists.flatMap((list) => list.items).filter((c) => c.id !== competitionId)
}

export function SignpostsPage({ id }: { id: string }) {
  const loaded = useAssessing(id, async () => {
    const [{ signposts }, others] = await Promise.all([call(api.competitions[':competitionId'].signposts.$get({ param: { competitionId: id } })), otherCompetitions(id)])
    return { signposts, others }
  })
  const errors = usePageErrors()
  const [editing, setEditing] = useState<Signpost>()
  const { page, data } = loaded
  if (!page || !data) return <Pending failure={loaded.failure} what="the signposting directory" />
  const setSignposts = (change: (signposts: Signpost[]) => Signpost[]) =>
    loaded.update((d) => ({ ...d, signposts: change(d.signposts).sort((a, b) => a.name.localeCompare(b.name)) }))
  return (
    <AssessingFrame page={page} title="Signposting directory" current="signposts" errors={errors} onReload={loaded.reload}>
      <p>
        Support services every applicant can be pointed to from their feedback: business growth, finance, regulation and more. The feedback draft suggests services
        whose tags fit the decision’s reason or the application’s weakest criteria. Feedback that names a service keeps the details it was saved with.
      </p>
      <Contents
        sections={[
          ['services-heading', 'Services'],
          ['service-form-heading', editing ? 'Change a service' : 'Add a service'],
          ['copy-heading', 'Copy from another competition'],
        ]}
      />
      <ServiceList
        competitionId={id}
        signposts={data.signposts}
        editing={editing}
        errors={errors}
        onEdit={(signpost) => {
          setEditing(signpost)
          setTimeout(() => document.getElementById('signpost-name')?.focus())
        }}
        onRemoved={(removed) => {
          setSignposts((all) => all.filter((s) => s.id !== removed.id))
          if (editing?.id === removed.id) setEditing(undefined)
        }}
      />
      <ServiceForm
        competitionId={id}
        editing={editing}
        errors={errors}
        onSaved={(saved) => {
          setSignposts((all) => [...all.filter((s) => s.id !== saved.id), saved])
          setEditing(undefined)
        }}
        onCancel={() => {
          const from = editing && `edit-${editing.id}`
          setEditing(undefined)
          errors.set(undefined)
          setTimeout(() => from && document.getElementById(from)?.focus())
        }}
      />
      <CopyForm competitionId={id} others={data.others} errors={errors} onCopied={(signposts) => setSignposts(() => signposts)} />
    </AssessingFrame>
  )
}

function ServiceList({
  competitionId,
  signposts,
  editing,
  errors,
  onEdit,
  onRemoved,
}: {
  competitionId: string
  signposts: Signpost[]
  editing?: Signpost
  errors: PageErrors
  onEdit: (signpost: Signpost) => void
  onRemoved: (signpost: Signpost) => void
}) {
  const [removing, setRemoving] = useState<string>()
  const { busy, status, submit } = useSubmit(errors)
  function remove(signpost: Signpost) {
    void submit({
      send: () => call(api.competitions[':competitionId'].signposts[':signpostId'].$delete({ param: { competitionId, signpostId: signpost.id } })),
      resolve: () => ({}),
      done: () => {
        setRemoving(undefined)
        onRemoved(signpost)
        setTimeout(() => document.getElementById('services-heading')?.focus())
        return `Removed “${signpost.name}” from the directory.`
      },
    })
  }
  return (
    <section class="section" aria-labelledby="services-heading">
      <h2 id="services-heading" tabIndex={-1}>
        Services
      </h2>
      {signposts.length === 0 ? (
        <p>The directory is empty. Add a service below, or copy another competition’s directory.</p>
      ) : (
        <ScrollTable label="Support services, by name">
          <table class="table">
            <caption class="visually-hidden">Support services, by name</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Helps with</th>
                <th scope="col">Link and contact</th>
                <th scope="col">Tags</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {signposts.map((signpost) => (
                <tr key={signpost.id}>
                  <th scope="row">{signpost.name}</th>
                  <td class="multiline">{signpost.helpsWith}</td>
                  <td>
                    {signpost.url && (
                      <a href={signpost.url} rel="noopener noreferrer" class="break-words">
                        {signpost.url}
                      </a>
                    )}
                    {signpost.contact && <span class="block">{signpost.contact}</span>}
                    {!signpost.url && !signpost.contact && <span class="secondary-text">None given</span>}
                  </td>
                  <td>{signpost.tags.length ? signpost.tags.join(', ') : <span class="secondary-text">None</span>}</td>
                  <td>
                    <div class="button-group">
                      <button
                        type="button"
                        id={`edit-${signpost.id}`}
                        class="button button-secondary button-small"
                        aria-controls="service-form"
                        aria-expanded={editing?.id === signpost.id ? 'true' : 'false'}
                        onClick={() => onEdit(signpost)}
                      >
                        Change<span class="visually-hidden"> {signpost.name}</span>
                      </button>
                      <ConfirmAction
                        id={`remove-${signpost.id}`}
                        label={`Remove ${signpost.name}`}
                        question={
                          <>
                            <strong>Remove “{signpost.name}” from the directory?</strong> Feedback that already names it keeps it.
                          </>
                        }
                        yes="Yes, remove it"
                        tone="button-warning button-small"
                        busy={busy}
                        confirming={removing === signpost.id}
                        setConfirming={(on) => setRemoving(on ? signpost.id : undefined)}
                        onYes={() => remove(signpost)}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      <Status message={status} />
    </section>
  )
}

/** Adds a service, or changes the one being edited (at the version read). */
function ServiceForm({
  competitionId,
  editing,
  errors,
  onSaved,
  onCancel,
}: {
  competitionId: string
  editing?: Signpost
  errors: PageErrors
  onSaved: (signpost: Signpost) => void
  onCancel: () => void
}) {
  const [name, setName] = useState(editing?.name ?? '')
  const [helpsWith, setHelpsWith] = useState(editing?.helpsWith ?? '')
  const [url, setUrl] = useState(editing?.url ?? '')
  const [contact, setContact] = useState(editing?.contact ?? '')
  const [tags, setTags] = useState(editing?.tags.join(', ') ?? '')
  const { busy, status, submit } = useSubmit(errors)
  const prefix = 'signpost'
  // Another service chosen to change (or none): the form starts again from it.
  useEffect(() => {
    setName(editing?.name ?? '')
    setHelpsWith(editing?.helpsWith ?? '')
    setUrl(editing?.url ?? '')
    setContact(editing?.contact ?? '')
    setTags(editing?.tags.join(', ') ?? '')
  }, [editing?.id, editing?.version])

  function save(event: Event) {
    event.preventDefault()
    const input: SignpostInput = {
      name: name.trim(),
      helpsWith: helpsWith.trim(),
      ...(url.trim() ? { url: url.trim() } : {}),
      ...(contact.trim() ? { contact: contact.trim() } : {}),
      tags: [...new Set(tagsOf(tags))],
    }
    void submit({
      check: () => {
        const problems: ErrorItem[] = []
        if (!input.name) problems.push({ id: `${prefix}-name`, text: 'Enter the name of the service' })
        if (!input.helpsWith) problems.push({ id: `${prefix}-helpsWith`, text: 'Enter what the service helps with' })
        return problems
      },
      send: () =>
        editing
          ? call(api.competitions[':competitionId'].signposts[':signpostId'].$put({ param: { competitionId, signpostId: editing.id }, json: { version: editing.version, ...input } }))
          : call(api.competitions[':competitionId'].signposts.$post({ param: { competitionId }, json: input })),
      resolve: signpostTarget(prefix),
      done: (saved) => {
        onSaved(saved)
        setName('')
        setHelpsWith('')
        setUrl('')
        setContact('')
        setTags('')
        return editing ? `Saved the changes to “${saved.name}”.` : `Added “${saved.name}” to the directory.`
      },
    })
  }

  return (
    <section class="section" aria-labelledby="service-form-heading" id="service-form">
      <h2 id="service-form-heading" tabIndex={-1}>
        {editing ? `Change “${editing.name}”` : 'Add a service'}
      </h2>
      <form noValidate onSubmit={save}>
        <TextInput id={`${prefix}-name`} label="Name" hint="For example, Growth Platform business support." value={name} onValue={setName} error={errors.inline[`${prefix}-name`]} />
        <TextArea
          id={`${prefix}-helpsWith`}
          label="What they help with"
          hint="A sentence or two, as the applicant will read it."
          rows={3}
          value={helpsWith}
          onValue={setHelpsWith}
          error={errors.inline[`${prefix}-helpsWith`]}
        />
        <TextInput
          id={`${prefix}-url`}
          label="Web address (optional)"
          hint="Starting with https:// or http://."
          type="url"
          spellcheck={false}
          value={url}
          onValue={setUrl}
          error={errors.inline[`${prefix}-url`]}
        />
        <TextInput
          id={`${prefix}-contact`}
          label="Contact (optional)"
          hint="An email address, telephone number or person to ask for."
          value={contact}
          onValue={setContact}
          error={errors.inline[`${prefix}-contact`]}
        />
        <TextInput
          id={`${prefix}-tags`}
          label="Tags"
          hint={<>Separate tags with commas. They match the service to feedback. Suggested tags: {SUGGESTED_TAGS.join(', ')}; any other short tag works too.</>}
          value={tags}
          onValue={setTags}
          spellcheck={false}
          error={errors.inline[`${prefix}-tags`]}
        />
        <div class="button-group">
          <button type="submit" class="button" disabled={busy}>
            {editing ? 'Save the changes' : 'Add the service'}
          </button>
          {editing && (
            <button type="button" class="button button-secondary" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
        <Status message={status} />
      </form>
    </section>
  )
}

function CopyForm({ competitionId, others, errors, onCopied }: { competitionId: string; others: CompetitionSummary[]; errors: PageErrors; onCopied: (signposts: Signpost[]) => void }) {
  const [from, setFrom] = useState('')
  const { busy, status, submit } = useSubmit(errors)
  useEffect(() => setFrom((current) => (others.some((c) => c.id === current) ? current : '')), [others])
  function copy(event: Event) {
    event.preventDefault()
    const source = others.find((c) => c.id === from)
    void submit({
      check: () => (from ? [] : [{ id: 'copy-fromCompetitionId', text: 'Choose the competition to copy the directory from' }]),
      send: () => call(api.competitions[':competitionId'].signposts.copy.$post({ param: { competitionId }, json: { fromCompetitionId: from } })),
      resolve: (field) => (field === 'fromCompetitionId' ? { id: 'copy-fromCompetitionId', label: 'The competition' } : {}),
      done: ({ copied, signposts }) => {
        onCopied(signposts)
        return copied
          ? `Copied ${copied} service${copied === 1 ? '' : 's'} from “${source?.title ?? 'the other competition'}”.`
          : `Nothing to copy: this directory already has every service of “${source?.title ?? 'the other competition'}”.`
      },
    })
  }
  return (
    <section class="section" aria-labelledby="copy-heading">
      <h2 id="copy-heading" tabIndex={-1}>
        Copy from another competition
      </h2>
      {others.length === 0 ? (
        <p>You have no other competition to copy from.</p>
      ) : (
        <form noValidate onSubmit={copy}>
          <Select
            id="copy-fromCompetitionId"
            label="Competition"
            hint="Adds every service of its directory that this one does not have yet (by name)."
            value={from}
            onValue={setFrom}
            options={[{ value: '', label: 'Choose a competition' }, ...others.map((c) => ({ value: c.id, label: `${c.title}${c.status === 'draft' ? ' (draft)' : ''}` }))]}
            error={errors.inline['copy-fromCompetitionId']}
          />
          <div class="button-group">
            <button type="submit" class="button button-secondary" disabled={busy}>
              Copy the services
            </button>
          </div>
          <Status message={status} />
        </form>
      )}
    </section>
  )
}
