// The one rule every applicant-facing route asks before showing a decision: has the
// competition released its decisions yet?
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
