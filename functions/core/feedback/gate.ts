// The one rule every applicant-facing route asks before showing a decision: has the
// competition released its decisions yet? And what the panel must have done before a
// shortlisted applicant's decision can be released.
import type { Candidate, Declaration, PanelMember, PitchSlot, ScoreSheet } from '../../../shared/schemas/assessing.js'
import type { FeedbackRelease } from '../../../shared/schemas/feedback.js'

/** Do applicants see their decisions at `now`? From release, or from the scheduled time even if the scheduler runs late. */
export function isReleased(release: FeedbackRelease, now: Date): boolean {
  if (release.status === 'releasing' || release.status === 'released') return true
  return release.status === 'scheduled' && !!release.scheduledAt && Date.parse(release.scheduledAt) <= now.getTime()
}

/** Is the release being written right now (claimed, or due and about to be)? Awards wait for it, so no applicant gets two conflicting emails. */
export function isReleasing(release: FeedbackRelease, now: Date): boolean {
  return release.status === 'releasing' || (release.status === 'scheduled' && isReleased(release, now))
}

/** An offer must leave the applicant this long after they learn of it (at the release). */
export const MIN_ANSWER_MS = 24 * 60 * 60 * 1000

/** When a pitch is over. */
export const pitchEndsAt = (slot: Pick<PitchSlot, 'startsAt' | 'minutes'>) =>
  new Date(Date.parse(slot.startsAt) + slot.minutes * 60_000)

export type PanelReadiness = {
  /** Shortlisted applications' pitches not over by the release time, soonest first. */
  pitchesAhead: PitchSlot[]
  /** Seated panellists (accepted, no conflict declared) without a submitted sheet, per shortlisted application. */
  unsubmitted: { applicationId: string; organisationName: string; panellistName: string }[]
}

/**
 * What stands between the panel's work and releasing shortlisted applicants' decisions at
 * `at`: every pitch over, and every seated panellist's sheet submitted.
 */
export function panelReadiness(
  {
    candidates,
    slots,
    members,
    declarations,
    sheets,
  }: {
    candidates: Candidate[]
    slots: PitchSlot[]
    members: PanelMember[]
    declarations: Declaration[]
    sheets: ScoreSheet[]
  },
  at: Date,
): PanelReadiness {
  const shortlisted = candidates.filter((c) => c.shortlist?.outcome === 'shortlisted')
  const onShortlist = new Set(shortlisted.map((c) => c.applicationId))
  const pitchesAhead = slots
    .filter((s) => onShortlist.has(s.applicationId) && pitchEndsAt(s) > at)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
  const seated = members.filter((m) => m.status === 'accepted' && m.userId)
  const conflicted = new Set(
    declarations.filter((d) => d.type !== 'none').map((d) => `${d.applicationId}#${d.panellistId}`),
  )
  const submitted = new Set(
    sheets.filter((s) => s.status === 'submitted').map((s) => `${s.applicationId}#${s.panellistId}`),
  )
  const unsubmitted = shortlisted.flatMap((c) =>
    seated.flatMap((m) => {
      const pair = `${c.applicationId}#${m.userId}`
      return conflicted.has(pair) || submitted.has(pair)
        ? []
        : [{ applicationId: c.applicationId, organisationName: c.organisationName, panellistName: m.name }]
    }),
  )
  return { pitchesAhead, unsubmitted }
}
