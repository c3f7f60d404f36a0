// "/manage/competitions/:id/panel": who is on the panel (invited by email; accepted or
// declined), every panellist's conflict-of-interest declaration against each shortlisted
// application, and a form to record or clear a conflict on a panellist's behalf.
import { Fragment } from 'preact'
import { useState } from 'preact/hooks'
import { formatLondon } from '../../../../shared/dates.js'
import { conflictTypeNames, panelMemberStatusNames } from '../../../../shared/labels.js'
import type {
  Candidate,
  ConflictType,
  Declaration,
  Panel as Seated,
  PanelMember,
} from '../../../../shared/schemas/assessing.js'
import { api, call } from '../../api.js'
import { Radios, Select, Status, TextArea, TextInput } from '../../components/fields.js'
import { ScrollTable } from '../../components/scroll-table.js'
import { AssessingFrame, allCandidates, isShortlisted, Pending, useAssessing } from './assessing-page.js'
import { fieldsUnder, usePageErrors, useSubmit, type PageErrors } from '../../components/forms.js'

type Panel = Seated & { shortlist: Candidate[] }

export function PanelPage({ id }: { id: string }) {
  const loaded = useAssessing<Panel>(id, async () => {
    const [panel, candidates] = await Promise.all([
      call(api.competitions[':competitionId'].panel.$get({ param: { competitionId: id } })),
      allCandidates(id),
    ])
    return { ...panel, shortlist: candidates.filter(isShortlisted) }
  })
  const errors = usePageErrors()
  const { page, data } = loaded
  if (!page || !data) return <Pending failure={loaded.failure} what="the panel" />
  const seated = data.members.filter((m) => m.status === 'accepted' && m.userId)
  return (
    <AssessingFrame
      page={page}
      title="Panel and conflicts of interest"
      current="panel"
      errors={errors}
      onReload={loaded.reload}
    >
      <p>
        Panellists are invited by email and accept under their own account. Their names and roles are shown to
        shortlisted applicants as “who’s at the table”. A panellist with a conflict of interest cannot open or score
        that application, and is left out of its scores.
      </p>
      <section class="section" aria-labelledby="members-heading">
        <h2 id="members-heading">Panel members</h2>
        {data.members.length === 0 ? (
          <p>No one has been invited yet.</p>
        ) : (
          <ScrollTable label="Panel members">
            <table class="table">
              <caption class="visually-hidden">Panel members</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Organisation</th>
                  <th scope="col">Email</th>
                  <th scope="col">Status</th>
                  <th scope="col">Invited</th>
                </tr>
              </thead>
              <tbody>
                {data.members.map((m) => (
                  <tr key={m.email}>
                    <th scope="row">{m.name}</th>
                    <td>{m.role ?? '–'}</td>
                    <td>{m.organisation ?? '–'}</td>
                    <td>{m.email}</td>
                    <td>
                      <strong>{panelMemberStatusNames[m.status]}</strong>
                      {m.respondedAt && <span class="secondary-text meta"> {formatLondon(m.respondedAt)}</span>}
                    </td>
                    <td>{formatLondon(m.invitedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
        <InviteForm
          competitionId={id}
          errors={errors}
          onInvited={(member) =>
            loaded.update((d) => ({ ...d, members: [...d.members.filter((m) => m.email !== member.email), member] }))
          }
        />
      </section>

      <section class="section" aria-labelledby="conflicts-heading">
        <h2 id="conflicts-heading">Conflicts of interest</h2>
        {seated.length === 0 || data.shortlist.length === 0 ? (
          <p>Declarations appear here once panellists have accepted and applications are shortlisted.</p>
        ) : (
          <>
            <Declarations seated={seated} shortlist={data.shortlist} declarations={data.declarations} />
            <ConflictForm
              key={loaded.generation}
              competitionId={id}
              seated={seated}
              shortlist={data.shortlist}
              errors={errors}
              onRecorded={(recorded) =>
                loaded.update((d) => ({
                  ...d,
                  declarations: [
                    ...d.declarations.filter(
                      (x) => x.applicationId !== recorded.applicationId || x.panellistId !== recorded.panellistId,
                    ),
                    recorded,
                  ],
                }))
              }
            />
          </>
        )}
      </section>
    </AssessingFrame>
  )
}

/** As long as the API takes (PanelInvite's `organisation`). */
const MAX_ORGANISATION = 200

function InviteForm({
  competitionId,
  errors,
  onInvited,
}: {
  competitionId: string
  errors: PageErrors
  onInvited: (member: PanelMember) => void
}) {
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [role, setRole] = useState('')
  const [organisation, setOrganisation] = useState('')
  const { busy, status, submit } = useSubmit(errors)

  function invite(event: Event) {
    event.preventDefault()
    void submit({
      check: () => [
        ...(!email.trim() ? [{ id: 'invite-email', text: 'Enter the panellist’s email address' }] : []),
        ...(!name.trim() ? [{ id: 'invite-name', text: 'Enter the panellist’s name' }] : []),
        ...(organisation.trim().length > MAX_ORGANISATION
          ? [{ id: 'invite-organisation', text: `Organisation must be ${MAX_ORGANISATION} characters or fewer` }]
          : []),
      ],
      send: () =>
        call(
          api.competitions[':competitionId'].panel.$post({
            param: { competitionId },
            json: {
              email: email.trim(),
              name: name.trim(),
              ...(role.trim() ? { role: role.trim() } : {}),
              ...(organisation.trim() ? { organisation: organisation.trim() } : {}),
            },
          }),
        ),
      resolve: fieldsUnder('invite'),
      done: (member) => {
        onInvited(member)
        setEmail('')
        setName('')
        setRole('')
        setOrganisation('')
        return `Invitation sent to ${member.name} (${member.email}).`
      },
    })
  }

  return (
    <form noValidate onSubmit={invite}>
      <h3>Invite a panellist</h3>
      <TextInput
        id="invite-email"
        label="Email address"
        type="email"
        autocomplete="off"
        spellcheck={false}
        value={email}
        onValue={setEmail}
        error={errors.inline['invite-email']}
      />
      <TextInput
        id="invite-name"
        label="Name"
        hint="As shortlisted applicants will see it."
        value={name}
        onValue={setName}
        error={errors.inline['invite-name']}
      />
      <TextInput
        id="invite-role"
        label="Role (optional)"
        hint="Like “Head of Public Health Intelligence, Liverpool City Council”."
        value={role}
        onValue={setRole}
        error={errors.inline['invite-role']}
      />
      <TextInput
        id="invite-organisation"
        label="Organisation (optional)"
        hint="Where they work. If partner matching introduces their organisation to an applicant, they have a conflict of interest with that applicant’s application: they cannot score it, and any scores they gave do not count."
        value={organisation}
        onValue={setOrganisation}
        error={errors.inline['invite-organisation']}
      />
      <div class="button-group">
        <button type="submit" class="button" disabled={busy}>
          Send the invitation
        </button>
        <Status message={status} />
      </div>
    </form>
  )
}

/** Panellist × shortlisted application: what each declared, and who recorded it. */
function Declarations({
  seated,
  shortlist,
  declarations,
}: {
  seated: PanelMember[]
  shortlist: Candidate[]
  declarations: Declaration[]
}) {
  const find = (panellistId: string, applicationId: string) =>
    declarations.find((d) => d.panellistId === panellistId && d.applicationId === applicationId)
  return (
    <ScrollTable label="Declarations by panellist and shortlisted application">
      <table class="table">
        <caption>Declarations by panellist and shortlisted application</caption>
        <thead>
          <tr>
            <th scope="col">Panellist</th>
            {shortlist.map((c) => (
              <th scope="col" key={c.applicationId}>
                {c.organisationName}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {seated.map((m) => (
            <tr key={m.userId}>
              <th scope="row">{m.name}</th>
              {shortlist.map((c) => {
                const d = find(m.userId!, c.applicationId)
                return (
                  <td key={c.applicationId}>
                    {!d ? (
                      <span class="secondary-text">Not declared yet</span>
                    ) : (
                      <Fragment>
                        <strong>
                          {d.type === 'none' ? 'No conflict' : `Conflict: ${conflictTypeNames[d.type].toLowerCase()}`}
                        </strong>
                        {d.note && (
                          <>
                            <br />
                            <span class="multiline">{d.note}</span>
                          </>
                        )}
                        {d.recordedByManager && (
                          <>
                            <br />
                            <span class="secondary-text meta">Recorded by a programme manager</span>
                          </>
                        )}
                      </Fragment>
                    )}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  )
}

function ConflictForm({
  competitionId,
  seated,
  shortlist,
  errors,
  onRecorded,
}: {
  competitionId: string
  seated: PanelMember[]
  shortlist: Candidate[]
  errors: PageErrors
  onRecorded: (declaration: Declaration) => void
}) {
  const [panellistId, setPanellistId] = useState('')
  const [applicationId, setApplicationId] = useState('')
  const [type, setType] = useState<ConflictType | ''>('')
  const [note, setNote] = useState('')
  const { busy, status, submit } = useSubmit(errors)
  const error = (field: string) => errors.inline[`conflict-${field}`]

  function record(event: Event) {
    event.preventDefault()
    void submit({
      check: () => [
        ...(!panellistId ? [{ id: 'conflict-panellistId', text: 'Choose the panellist' }] : []),
        ...(!applicationId ? [{ id: 'conflict-applicationId', text: 'Choose the application' }] : []),
        ...(!type ? [{ id: 'conflict-type', text: 'Choose whether there is a conflict, and what kind' }] : []),
        ...(!note.trim() ? [{ id: 'conflict-note', text: 'Enter a note saying why' }] : []),
      ],
      send: () =>
        call(
          api.competitions[':competitionId'].panel.conflicts.$post({
            param: { competitionId },
            json: { panellistId, applicationId, type: type as ConflictType, note: note.trim() },
          }),
        ),
      resolve: fieldsUnder('conflict'),
      done: (d) => {
        setNote('')
        onRecorded(d)
        const who = seated.find((m) => m.userId === d.panellistId)?.name ?? 'The panellist'
        const what = shortlist.find((c) => c.applicationId === d.applicationId)?.organisationName ?? 'the application'
        return d.type === 'none'
          ? `Recorded: ${who} has no conflict with ${what}.`
          : `Recorded: ${who} has a conflict with ${what}.`
      },
    })
  }

  return (
    <form noValidate onSubmit={record}>
      <h3>Record or clear a conflict</h3>
      <p>
        For a conflict a panellist told you about, or to withdraw one declared in error (choose “No conflict”).
        Panellists cannot withdraw a conflict themselves.
      </p>
      <Select
        id="conflict-panellistId"
        label="Panellist"
        value={panellistId}
        onValue={setPanellistId}
        options={[
          { value: '', label: 'Choose a panellist' },
          ...seated.map((m) => ({ value: m.userId!, label: m.name })),
        ]}
        error={error('panellistId')}
      />
      <Select
        id="conflict-applicationId"
        label="Application"
        value={applicationId}
        onValue={setApplicationId}
        options={[
          { value: '', label: 'Choose an application' },
          ...shortlist.map((c) => ({ value: c.applicationId, label: c.organisationName })),
        ]}
        error={error('applicationId')}
      />
      <Radios
        id="conflict-type"
        legend="Conflict"
        value={type}
        onValue={setType}
        options={(Object.keys(conflictTypeNames) as ConflictType[]).map((value) => ({
          value,
          label: value === 'none' ? 'No conflict (clears one declared)' : conflictTypeNames[value],
        }))}
        error={error('type')}
      />
      <TextArea
        id="conflict-note"
        label="Note"
        hint="Why: kept with the declaration."
        rows={3}
        value={note}
        onValue={setNote}
        error={error('note')}
      />
      <div class="button-group">
        <button type="submit" class="button" disabled={busy}>
          Record
        </button>
        <Status message={status} />
      </div>
    </form>
  )
}
