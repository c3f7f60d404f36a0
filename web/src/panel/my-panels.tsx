// "/panel": a panellist's invitations (accept or decline) and, for each panel they sit on,
// the shortlist as their assignments: what they have declared, how far their scores are,
// where to declare or score next, and the pitch schedule.
import { useEffect, useRef, useState } from 'preact/hooks'
import { formatLondon } from '../../../shared/dates.js'
import { conflictTypeNames } from '../../../shared/labels.js'
import type { Assignment, MyPanels, PanelMember, PitchSchedule } from '../../../shared/schemas/assessing.js'
import { plural } from '../../../shared/text.js'
import { api, call, describe } from '../api.js'
import { ErrorSummary } from '../components/error-summary.js'
import { useBusy, usePageErrors } from '../components/forms.js'
import { Loading, PageHeading } from '../components/page.js'
import { ScrollTable } from '../components/scroll-table.js'
import { paths, sheetStatusName, takeFlash } from './shared.js'

type Panel = MyPanels['panels'][number]
type Schedule = PitchSchedule | 'failed'

export function MyPanelsPage() {
  const [panels, setPanels] = useState<Panel[]>()
  const [schedules, setSchedules] = useState<Record<string, Schedule>>({})
  const [failure, setFailure] = useState<string>()
  const errors = usePageErrors()
  const [flash] = useState(takeFlash)
  const [answered, setAnswered] = useState<string>()
  const { busy, run } = useBusy()
  const answeredBox = useRef<HTMLDivElement>(null)

  async function load() {
    const found = await call(api.me.panels.$get())
    setPanels(found.panels)
    const seated = found.panels.filter((p) => p.member.status === 'accepted')
    const loaded = await Promise.all(
      seated.map(async ({ member }): Promise<[string, Schedule]> => {
        try {
          return [
            member.competitionId,
            await call(
              api.competitions[':competitionId'].pitches.$get({ param: { competitionId: member.competitionId } }),
            ),
          ]
        } catch {
          return [member.competitionId, 'failed']
        }
      }),
    )
    setSchedules(Object.fromEntries(loaded))
  }

  useEffect(() => {
    load().catch((error: unknown) => setFailure(describe(error)))
  }, [])
  useEffect(() => {
    if (answered) answeredBox.current?.focus()
  }, [answered])

  const respond = (member: PanelMember, accept: boolean) =>
    run(async () => {
      try {
        await call(
          api.competitions[':competitionId'].panel.response.$post({
            param: { competitionId: member.competitionId },
            json: { accept },
          }),
        )
      } catch (error) {
        errors.failWith([], 'Your answer could not be saved', describe(error))
        return
      }
      errors.clear()
      await load().catch((error: unknown) => setFailure(describe(error)))
      setAnswered(
        accept
          ? `You have joined the panel for “${member.competitionTitle}”. Declare any conflicts of interest with the shortlisted organisations, then score their applications.`
          : `You have declined the invitation to the panel for “${member.competitionTitle}”.`,
      )
    })

  const invitations = panels?.filter((p) => p.member.status === 'invited') ?? []
  const seated = panels?.filter((p) => p.member.status === 'accepted') ?? []

  return (
    <>
      <ErrorSummary errors={errors.errors} />
      <PageHeading title="Your panels" hasErrors={!!errors.errors} />
      {flash && (
        <div class="notice notice-success" role="status">
          <p>{flash}</p>
        </div>
      )}
      {answered && (
        <div class="notice notice-success" role="status" tabIndex={-1} ref={answeredBox}>
          <p>{answered}</p>
        </div>
      )}
      {failure && (
        <div class="notice" role="alert">
          <p>Your panels could not be loaded. {failure}</p>
        </div>
      )}
      {!panels && !failure && <Loading what="your panels" />}
      {panels && panels.length === 0 && (
        <p>
          You have no panel invitations. When a programme manager invites you to an assessment panel, it appears here
          and we email you.
        </p>
      )}

      {invitations.length > 0 && (
        <section class="section" aria-labelledby="invitations-heading">
          <h2 id="invitations-heading">Invitations</h2>
          <ul class="card-list">
            {invitations.map(({ member }) => (
              <li class="card" key={member.competitionId}>
                <h3>{member.competitionTitle}</h3>
                <p>
                  You are invited to sit on the assessment panel{member.role ? ` (your role: ${member.role})` : ''}.
                  Invited {formatLondon(member.invitedAt)}.
                </p>
                <p>
                  Panellists declare any conflicts of interest with the shortlisted organisations, then score each
                  application against the published criteria on their own, before seeing anyone else’s scores. If you
                  decline, the programme manager would have to invite you again.
                </p>
                <div class="button-group">
                  <button type="button" class="button" disabled={busy} onClick={() => void respond(member, true)}>
                    Accept
                    <span class="visually-hidden"> the invitation to the panel for {member.competitionTitle}</span>
                  </button>
                  <button
                    type="button"
                    class="button button-secondary"
                    disabled={busy}
                    onClick={() => void respond(member, false)}
                  >
                    Decline
                    <span class="visually-hidden"> the invitation to the panel for {member.competitionTitle}</span>
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}

      {seated.map((panel) => (
        <SeatedPanel key={panel.member.competitionId} panel={panel} schedule={schedules[panel.member.competitionId]} />
      ))}
    </>
  )
}

function SeatedPanel({ panel: { member, assignments }, schedule }: { panel: Panel; schedule: Schedule | undefined }) {
  const headingId = `panel-${member.competitionId}`
  const undeclared = assignments.filter((a) => !a.declaration).length
  const scorable = assignments.filter((a) => a.declaration === 'none')
  const submitted = scorable.filter((a) => a.sheet === 'submitted').length
  return (
    <section class="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{member.competitionTitle}</h2>
      {assignments.length === 0 ? (
        <p>
          Nothing is on the shortlist yet. When the programme manager shortlists applications, they appear here for you
          to declare conflicts and score.
        </p>
      ) : (
        <>
          <p>
            {plural(assignments.length, 'shortlisted application')}.
            {scorable.length > 0 &&
              ` You have submitted scores for ${submitted} of the ${scorable.length} you can assess.`}
          </p>
          {undeclared > 0 && (
            <div class="inset">
              <p>
                Declare whether you have a conflict of interest with{' '}
                {undeclared === assignments.length ? 'each organisation' : `${plural(undeclared, 'more organisation')}`}{' '}
                before you can open their applications.
              </p>
            </div>
          )}
          <p>
            <a href={paths.declarations(member.competitionId)}>
              Declare conflicts of interest<span class="visually-hidden"> for {member.competitionTitle}</span>
            </a>
          </p>
          <ScrollTable label="Your assignments">
            <table class="table">
              <caption>Your assignments</caption>
              <thead>
                <tr>
                  <th scope="col">Organisation</th>
                  <th scope="col">Conflict of interest</th>
                  <th scope="col">Your scores</th>
                  <th scope="col">
                    <span class="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {assignments.map((assignment) => (
                  <tr key={assignment.applicationId}>
                    <th scope="row">{assignment.organisationName}</th>
                    <td>{declarationName(assignment)}</td>
                    <td>
                      {assignment.declaration && assignment.declaration !== 'none'
                        ? 'Not scored by you'
                        : sheetStatusName(assignment.sheet)}
                    </td>
                    <td>
                      <AssignmentAction competitionId={member.competitionId} assignment={assignment} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      )}
      <h3>Pitch schedule</h3>
      <PitchTable schedule={schedule} title={member.competitionTitle} />
    </section>
  )
}

function declarationName({ declaration }: Assignment): string {
  if (!declaration) return 'Not declared'
  return declaration === 'none' ? conflictTypeNames.none : `Conflict: ${conflictTypeNames[declaration].toLowerCase()}`
}

function AssignmentAction({ competitionId, assignment }: { competitionId: string; assignment: Assignment }) {
  const name = <span class="visually-hidden"> {assignment.organisationName}</span>
  if (!assignment.declaration) {
    return (
      <a href={paths.declarations(competitionId)}>
        Declare<span class="visually-hidden"> conflicts of interest with {assignment.organisationName}</span>
      </a>
    )
  }
  if (assignment.declaration !== 'none') return <span class="secondary-text">You do not assess this application</span>
  const verb =
    assignment.sheet === 'submitted' ? 'See scores' : assignment.sheet === 'draft' ? 'Continue scoring' : 'Score'
  return (
    <a href={paths.assessment(competitionId, assignment.applicationId)}>
      {verb}
      {name}
    </a>
  )
}

/** The pitches this panellist sits in on: the API leaves out any they have not declared "no conflict" for. */
function PitchTable({ schedule, title }: { schedule: Schedule | undefined; title: string }) {
  if (!schedule) return <Loading what="the pitch schedule" />
  if (schedule === 'failed') return <p>The pitch schedule could not be loaded. Reload the page to try again.</p>
  if (!schedule.slots.length)
    return (
      <p>
        No pitches to show yet. A pitch appears here once it is scheduled and you have declared no conflict of interest
        with the organisation.
      </p>
    )
  return (
    <ScrollTable label={`Pitch schedule for ${title}`}>
      <table class="table">
        <caption class="visually-hidden">Pitch schedule for {title}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Organisation</th>
            <th scope="col">Length</th>
            <th scope="col">Where</th>
          </tr>
        </thead>
        <tbody>
          {schedule.slots.map((slot) => (
            <tr key={slot.id}>
              <td>{formatLondon(slot.startsAt)}</td>
              <td>{slot.organisationName}</td>
              <td>{plural(slot.minutes, 'minute')}</td>
              <td>
                {slot.place && <span class="block">{slot.place}</span>}
                {slot.link && (
                  <a href={slot.link} rel="noopener noreferrer">
                    Video link<span class="visually-hidden"> for {slot.organisationName}’s pitch</span>
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  )
}
