// "/manage/competitions/:id/signposts": the signposting directory. Support services applicants
// are pointed to (name, what they help with, link, contact, who they are for, the rubric's
// criteria they help with, and tags that match them to feedback), added, changed and removed
// here, or copied from another competition's directory.
import { useEffect, useState } from 'preact/hooks'
import type { Criterion } from '../../../../shared/schemas/assessing.js'
import type { CompetitionSummary } from '../../../../shared/schemas/competition.js'
import type { Signpost, SignpostAudience, SignpostInput } from '../../../../shared/schemas/feedback.js'
import { signpostAudienceNames, SUGGESTED_TAGS } from '../../../../shared/labels.js'
import { api, call } from '../../api.js'
import { ConfirmAction } from '../../components/confirm.js'
import type { ErrorItem, FieldResolver } from '../../components/errors.js'
import { Checkboxes, Select, Status, TextArea, TextInput } from '../../components/fields.js'
import { Contents } from '../../components/page.js'
import { ScrollTable } from '../../components/scroll-table.js'
import { AssessingFrame, Pending, useAssessing } from '../assessing/assessing-page.js'
import { usePageErrors, useSubmit, type PageErrors } from '../../components/forms.js'
import { useInlineDialog } from '../../components/inline-dialog.js'

const labels: Record<string, string> = {
  name: 'Name',
  helpsWith: 'What they help with',
  url: 'Web address',
  contact: 'Contact',
  audience: 'Who it is for',
  topics: 'Criteria it helps with',
  tags: 'Tags',
}

const audiences = Object.keys(signpostAudienceNames) as SignpostAudience[]

/** "Every unsuccessful applicant", or the groups it is for. */
const audienceText = (audience: SignpostAudience[]) =>
  audiences.every((a) => audience.includes(a))
    ? 'Every unsuccessful applicant'
    : audiences
        .filter((a) => audience.includes(a))
        .map((a) => signpostAudienceNames[a])
        .join('; ')

type Topic = Pick<Criterion, 'id' | 'title'>

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
  const lists = await Promise.all(
    (['published', 'draft'] as const).map((status) => call(api.competitions.$get({ query: { status, limit: '100' } }))),
  )
  return lists.flatMap((list) => list.items).filter((c) => c.id !== competitionId)
}

export function SignpostsPage({ id }: { id: string }) {
  const loaded = useAssessing(id, async () => {
    const [{ signposts }, others, rubric] = await Promise.all([
      call(api.competitions[':competitionId'].signposts.$get({ param: { competitionId: id } })),
      otherCompetitions(id),
      call(api.competitions[':competitionId'].rubric.$get({ param: { competitionId: id } })),
    ])
    return { signposts, others, criteria: rubric.criteria.map(({ id, title }): Topic => ({ id, title })) }
  })
  const errors = usePageErrors()
  const dialog = useInlineDialog('signpost-name', (signpost: Signpost) => signpost.id)
  const editing = dialog.open
  const { page, data } = loaded
  if (!page || !data) return <Pending failure={loaded.failure} what="the signposting directory" />
  const setSignposts = (change: (signposts: Signpost[]) => Signpost[]) =>
    loaded.update((d) => ({ ...d, signposts: change(d.signposts).sort((a, b) => a.name.localeCompare(b.name)) }))
  return (
    <AssessingFrame
      page={page}
      title="Signposting directory"
      current="signposts"
      errors={errors}
      onReload={loaded.reload}
    >
      <p>
        Support services unsuccessful applicants are pointed to from their feedback: business growth, finance,
        regulation and more. Each says who it is for. The feedback draft suggests a service to an applicant it is for
        where one of its criteria is among the application’s weakest, or a tag fits the reason against it or the panel’s
        words for it; a service with neither criteria nor tags is suggested to everyone it is for. Feedback that names a
        service keeps the details it was saved with.
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
        criteria={data.criteria}
        editing={editing}
        errors={errors}
        onEdit={(signpost) => dialog.show(signpost, `edit-${signpost.id}`)}
        onRemoved={(removed) => {
          setSignposts((all) => all.filter((s) => s.id !== removed.id))
          if (editing?.id === removed.id) dialog.close()
        }}
      />
      <ServiceForm
        competitionId={id}
        criteria={data.criteria}
        editing={editing}
        errors={errors}
        onSaved={(saved) => {
          setSignposts((all) => [...all.filter((s) => s.id !== saved.id), saved])
          dialog.close()
        }}
        onCancel={() => {
          dialog.close()
          errors.clear()
        }}
      />
      <CopyForm
        competitionId={id}
        others={data.others}
        errors={errors}
        onCopied={(signposts) => setSignposts(() => signposts)}
      />
    </AssessingFrame>
  )
}

function ServiceList({
  competitionId,
  signposts,
  criteria,
  editing,
  errors,
  onEdit,
  onRemoved,
}: {
  competitionId: string
  signposts: Signpost[]
  criteria: Topic[]
  editing?: Signpost
  errors: PageErrors
  onEdit: (signpost: Signpost) => void
  onRemoved: (signpost: Signpost) => void
}) {
  const [removing, setRemoving] = useState<string>()
  const { busy, status, submit } = useSubmit(errors)
  function remove(signpost: Signpost) {
    void submit({
      send: () =>
        call(
          api.competitions[':competitionId'].signposts[':signpostId'].$delete({
            param: { competitionId, signpostId: signpost.id },
          }),
        ),
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
                <th scope="col">Suggested to</th>
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
                  <td>
                    <SuggestedTo signpost={signpost} criteria={criteria} />
                  </td>
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
                            <strong>Remove “{signpost.name}” from the directory?</strong> Feedback that already names it
                            keeps it.
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

/** Who a service is for, then the criteria it helps with (by title, in the rubric's order) and its tags, or that it goes to all of them. */
function SuggestedTo({ signpost, criteria }: { signpost: Signpost; criteria: Topic[] }) {
  const topics = criteria.filter((c) => signpost.topics.includes(c.id)).map((c) => c.title)
  return (
    <>
      <span class="block">{audienceText(signpost.audience)}</span>
      {!topics.length && !signpost.tags.length && (
        <span class="block secondary-text">All of them: no criteria or tags</span>
      )}
      {topics.length > 0 && <span class="block">Criteria: {topics.join(', ')}</span>}
      {signpost.tags.length > 0 && <span class="block">Tags: {signpost.tags.join(', ')}</span>}
    </>
  )
}

/** Adds a service, or changes the one being edited (at the version read). */
function ServiceForm({
  competitionId,
  criteria,
  editing,
  errors,
  onSaved,
  onCancel,
}: {
  competitionId: string
  criteria: Topic[]
  editing?: Signpost
  errors: PageErrors
  onSaved: (signpost: Signpost) => void
  onCancel: () => void
}) {
  const known = new Set(criteria.map((c) => c.id))
  const topicsOf = (signpost?: Signpost) => (signpost?.topics ?? []).filter((id) => known.has(id))
  const [name, setName] = useState(editing?.name ?? '')
  const [helpsWith, setHelpsWith] = useState(editing?.helpsWith ?? '')
  const [url, setUrl] = useState(editing?.url ?? '')
  const [contact, setContact] = useState(editing?.contact ?? '')
  const [tags, setTags] = useState(editing?.tags.join(', ') ?? '')
  const [audience, setAudience] = useState<string[]>(editing?.audience ?? audiences)
  const [topics, setTopics] = useState<string[]>(topicsOf(editing))
  const { busy, status, submit } = useSubmit(errors)
  const prefix = 'signpost'
  // Another service chosen to change (or none): the form starts again from it.
  useEffect(() => {
    setName(editing?.name ?? '')
    setHelpsWith(editing?.helpsWith ?? '')
    setUrl(editing?.url ?? '')
    setContact(editing?.contact ?? '')
    setTags(editing?.tags.join(', ') ?? '')
    setAudience(editing?.audience ?? audiences)
    setTopics(topicsOf(editing))
  }, [editing?.id, editing?.version])

  function save(event: Event) {
    event.preventDefault()
    const input: SignpostInput = {
      name: name.trim(),
      helpsWith: helpsWith.trim(),
      ...(url.trim() ? { url: url.trim() } : {}),
      ...(contact.trim() ? { contact: contact.trim() } : {}),
      tags: [...new Set(tagsOf(tags))],
      // In the order offered, whatever order they were ticked in.
      audience: audiences.filter((a) => audience.includes(a)),
      topics: criteria.filter((c) => topics.includes(c.id)).map((c) => c.id),
    }
    void submit({
      check: () => {
        const problems: ErrorItem[] = []
        if (!input.name) problems.push({ id: `${prefix}-name`, text: 'Enter the name of the service' })
        if (!input.helpsWith) problems.push({ id: `${prefix}-helpsWith`, text: 'Enter what the service helps with' })
        if (!input.audience.length) problems.push({ id: `${prefix}-audience`, text: 'Choose who the service is for' })
        return problems
      },
      send: () =>
        editing
          ? call(
              api.competitions[':competitionId'].signposts[':signpostId'].$put({
                param: { competitionId, signpostId: editing.id },
                json: { version: editing.version, ...input },
              }),
            )
          : call(api.competitions[':competitionId'].signposts.$post({ param: { competitionId }, json: input })),
      resolve: signpostTarget(prefix),
      done: (saved) => {
        onSaved(saved)
        setName('')
        setHelpsWith('')
        setUrl('')
        setContact('')
        setTags('')
        setAudience(audiences)
        setTopics([])
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
        <TextInput
          id={`${prefix}-name`}
          label="Name"
          hint="For example, Growth Platform business support."
          value={name}
          onValue={setName}
          error={errors.inline[`${prefix}-name`]}
        />
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
        <Checkboxes
          id={`${prefix}-audience`}
          legend="Who it is for"
          hint="Its feedback draft suggests the service only to these applicants. Tick all three for every unsuccessful applicant."
          options={audiences.map((a) => ({ value: a, label: signpostAudienceNames[a] }))}
          values={audience}
          onValues={setAudience}
          error={errors.inline[`${prefix}-audience`]}
        />
        {criteria.length ? (
          <Checkboxes
            id={`${prefix}-topics`}
            legend="Criteria it helps with (optional)"
            hint="Suggested to a shortlisted applicant when one of these is among their weakest scores."
            options={criteria.map((c) => ({ value: c.id, label: c.title }))}
            values={topics}
            onValues={setTopics}
            error={errors.inline[`${prefix}-topics`]}
          />
        ) : (
          <p class="secondary-text" id={`${prefix}-topics`}>
            The rubric has no criteria yet: once it has, you can choose the criteria each service helps with.
          </p>
        )}
        <TextInput
          id={`${prefix}-tags`}
          label="Tags"
          hint={
            <>
              Separate tags with commas. A tag that fits the reason against an applicant, or the panel’s words for them,
              suggests the service. Suggested tags: {SUGGESTED_TAGS.join(', ')}; any other short tag works too.
            </>
          }
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

function CopyForm({
  competitionId,
  others,
  errors,
  onCopied,
}: {
  competitionId: string
  others: CompetitionSummary[]
  errors: PageErrors
  onCopied: (signposts: Signpost[]) => void
}) {
  const [from, setFrom] = useState('')
  const { busy, status, submit } = useSubmit(errors)
  useEffect(() => setFrom((current) => (others.some((c) => c.id === current) ? current : '')), [others])
  function copy(event: Event) {
    event.preventDefault()
    const source = others.find((c) => c.id === from)
    void submit({
      check: () =>
        from ? [] : [{ id: 'copy-fromCompetitionId', text: 'Choose the competition to copy the directory from' }],
      send: () =>
        call(
          api.competitions[':competitionId'].signposts.copy.$post({
            param: { competitionId },
            json: { fromCompetitionId: from },
          }),
        ),
      resolve: (field) =>
        field === 'fromCompetitionId' ? { id: 'copy-fromCompetitionId', label: 'The competition' } : {},
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
            options={[
              { value: '', label: 'Choose a competition' },
              ...others.map((c) => ({ value: c.id, label: `${c.title}${c.status === 'draft' ? ' (draft)' : ''}` })),
            ]}
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
