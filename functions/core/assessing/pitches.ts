// Pitch sessions: one schedule item per competition (so slots cannot overlap, whoever edits
// it), one slot per shortlisted application, and invitations sent through the outbox in the
// same transaction that marks them sent, each with "who's at the table".
import type { PanelMember, PitchSchedule, PitchScheduleInput, PitchSlot } from '../../../shared/schemas/assessing.js'
import type { User } from '../../../shared/schemas/user.js'
import { formatLondon } from '../../../shared/dates.js'
import {
  candidateShortlisted,
  getCandidates,
  getDeclarationsBy,
  readPanel,
  schedulePut,
} from '../../db/assessing-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import type { Write } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { RuleViolated, StateConflict, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'
import { commitUnlessReleased } from './lock.js'
import { pagePaths, pageUrl } from '../notifications/links.js'
import { assertSeated, readAssessment } from './seat.js'

/**
 * The schedule, for programme managers; a panellist sees only the pitches they will sit in
 * on (declared no conflict), so a conflicted one learns nothing of where or when.
 */
export async function getSchedule(ctx: Ctx, user: User, competitionId: string): Promise<PitchSchedule> {
  const read = await readAssessment(ctx, competitionId, {
    schedule: true,
    panellist: user.role === 'panellist' ? user : undefined,
  })
  const schedule = read.schedule ?? { competitionId, slots: [], version: 0 }
  if (user.role !== 'panellist') return schedule
  assertSeated(read, user)
  const declared = await getDeclarationsBy(
    ctx.db,
    competitionId,
    user.id,
    schedule.slots.map((s) => s.applicationId),
  )
  const attends = (slot: PitchSlot) => declared.get(slot.applicationId)?.type === 'none'
  return { ...schedule, slots: schedule.slots.filter(attends) }
}

/** Replaces the schedule. A slot whose time or place changes must be sent again. */
export async function saveSchedule(ctx: Ctx, competitionId: string, input: PitchScheduleInput): Promise<PitchSchedule> {
  const read = await readAssessment(ctx, competitionId, { schedule: true })
  const current = read.schedule ?? { competitionId, slots: [], version: 0 }
  if (current.version !== input.version) throw new VersionConflict('pitch schedule', current.version)
  const candidates = await getCandidates(
    ctx.db,
    competitionId,
    input.slots.map((s) => s.applicationId),
  )
  const slots: PitchSlot[] = []
  const problems = input.slots.flatMap((slot, i) => {
    const found = candidates.get(slot.applicationId)
    if (found?.shortlist?.outcome !== 'shortlisted')
      return [{ field: `slots.${i}.applicationId`, message: 'is not on the shortlist' }]
    const before = current.slots.find((s) => s.id === slot.id)
    const unchanged =
      before &&
      before.applicationId === slot.applicationId &&
      before.startsAt === slot.startsAt &&
      before.minutes === slot.minutes &&
      before.place === slot.place &&
      before.link === slot.link
    slots.push({
      ...slot,
      id: slot.id ?? newId(),
      organisationName: found.organisationName,
      invitedAt: unchanged ? before.invitedAt : undefined,
    })
    return []
  })
  if (problems.length) throw new RuleViolated('Pitch slots are for shortlisted applications.', problems)
  const next: PitchSchedule = {
    competitionId,
    slots: slots.sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
    version: current.version + 1,
    updatedAt: ctx.now().toISOString(),
  }
  await commitSchedule(ctx, next, current.version)
  return next
}

/**
 * Sends each slot not yet sent to its applicant, with the panel they will meet: the
 * panellists who accepted, less any with a conflict declared against that application.
 */
export async function sendPitchInvitations(ctx: Ctx, competitionId: string): Promise<PitchSchedule> {
  const read = await readAssessment(ctx, competitionId, { schedule: true })
  const schedule = read.schedule
  const unsent = schedule?.slots.filter((s) => !s.invitedAt) ?? []
  if (!schedule || !unsent.length)
    throw new RuleViolated('Every pitch slot has been sent already.', [
      { field: 'slots', message: 'has nothing new to send' },
    ])
  const [{ members, declarations }, candidates] = await Promise.all([
    readPanel(ctx.db, competitionId),
    getCandidates(
      ctx.db,
      competitionId,
      unsent.map((s) => s.applicationId),
    ),
  ])
  const panel = members.filter((m) => m.status === 'accepted')
  const conflicted = new Set(
    declarations.filter((d) => d.type !== 'none').map((d) => `${d.applicationId}#${d.panellistId}`),
  )
  const now = ctx.now().toISOString()
  // Only to applicants still on the shortlist (checked again as the emails are written).
  const sending = unsent.flatMap((slot) => {
    const candidate = candidates.get(slot.applicationId)
    return candidate?.shortlist?.outcome === 'shortlisted' && candidate.contactEmail
      ? [{ slot, to: candidate.contactEmail }]
      : []
  })
  if (!sending.length)
    throw new RuleViolated('None of the slots not yet sent is for an applicant still on the shortlist.', [
      { field: 'slots', message: 'has nothing to send' },
    ])
  const emails = sending.flatMap(({ slot, to }) => {
    const atTheTable = panel.filter((m) => !conflicted.has(`${slot.applicationId}#${m.userId}`))
    return [
      outboxPut(ctx.db, {
        id: newId(),
        to,
        kind: 'pitch-invitation',
        createdAt: now,
        status: 'pending',
        ...pitchEmail(
          read.competition.title,
          slot,
          atTheTable,
          pageUrl(ctx, pagePaths.application(slot.applicationId)),
        ),
      }),
      candidateShortlisted(ctx.db, competitionId, slot.applicationId),
    ]
  })
  const sent = new Set(sending.map(({ slot }) => slot.id))
  const next: PitchSchedule = {
    ...schedule,
    slots: schedule.slots.map((s) => (sent.has(s.id) ? { ...s, invitedAt: now } : s)),
    version: schedule.version + 1,
    updatedAt: now,
  }
  await commitSchedule(ctx, next, schedule.version, emails)
  return next
}

async function commitSchedule(
  ctx: Ctx,
  schedule: PitchSchedule,
  expectedVersion: number,
  also: Write<'still-shortlisted' | 'message-new'>[] = [],
) {
  await commitUnlessReleased(
    ctx,
    schedule.competitionId,
    [schedulePut(ctx.db, schedule, expectedVersion), ...also],
    'slots',
    {
      'schedule-version': () => new VersionConflict('pitch schedule'),
      'still-shortlisted': () =>
        new StateConflict('The shortlist changed while the invitations were being sent; nothing was sent. Try again.'),
    },
  )
}

function pitchEmail(competitionTitle: string, slot: PitchSlot, panel: PanelMember[], link: string) {
  const lines = [
    `${slot.organisationName} is shortlisted for “${competitionTitle}”. Please come and pitch your idea to the panel.`,
    '',
    `When: ${formatLondon(slot.startsAt)} (${slot.minutes} minutes)`,
    ...(slot.place ? [`Where: ${slot.place}`] : []),
    ...(slot.link ? [`Video link: ${slot.link}`] : []),
    '',
    'Who’s at the table',
    ...panel.map((m) => `- ${m.name}${m.role ? `, ${m.role}` : ''}`),
    '',
    'The pitch is closed-door: only the panel and the programme team attend. Reply to this email if the time does not work for you.',
    '',
    `Your expression of interest: ${link}`,
  ]
  return { subject: `Your pitch for “${competitionTitle}”: ${formatLondon(slot.startsAt)}`, text: lines.join('\n') }
}
