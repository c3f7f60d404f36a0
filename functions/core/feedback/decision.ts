// The applicant's side: their decision and feedback (nothing but "under review" until the
// release), and their feedback call. Every read starts from the applicant's own submitted EOI:
// anyone else's, a draft, and an id that does not exist are the same 404.
import type { Application } from '../../../shared/schemas/application.js'
import type { Candidate } from '../../../shared/schemas/assessing.js'
import type {
  ApplicantCall,
  ApplicantDecision,
  CallRequestInput,
  FeedbackCall,
} from '../../../shared/schemas/feedback.js'
import type { User } from '../../../shared/schemas/user.js'
import { holdsMoney } from '../../../shared/schemas/awards.js'
import { getApplication } from '../../db/applications-repo.js'
import { getCandidate } from '../../db/assessing-repo.js'
import { getAward } from '../../db/awards-repo.js'
import { getCompetition } from '../../db/competitions-repo.js'
import { callPut, getFeedbackItems, type FeedbackItems } from '../../db/feedback-repo.js'
import { getMembership } from '../../db/organisations-repo.js'
import { commit } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated, StateConflict } from '../errors.js'
import { toOffer } from '../awards/awards.js'
import { outcomeOf } from './compose.js'
import { isReleased } from './gate.js'

/** The applicant's decision and feedback: `released: false` and nothing else until the release. */
export async function getDecision(ctx: Ctx, applicant: User, applicationId: string): Promise<ApplicantDecision> {
  const { application, candidate, competitionTitle, feedback } = await readOwn(ctx, applicant, applicationId)
  const { competitionId } = application
  const released = isReleased(feedback.release, ctx.now())
  if (!released) return { released: false, competitionId, competitionTitle, applicationId }
  const outcome = outcomeOf(candidate)
  // Released with an application still undecided cannot happen (the release refuses); say "under review" if it somehow does.
  if (!outcome) return { released: false, competitionId, competitionTitle, applicationId }
  const award = outcome === 'funded' ? await getAward(ctx.db, competitionId, applicationId) : undefined
  const saved = feedback.feedback
  return {
    released: true,
    competitionId,
    competitionTitle,
    applicationId,
    organisationName: candidate.organisationName,
    releasedAt: (feedback.release.releasedAt ?? feedback.release.scheduledAt)!,
    outcome,
    feedback: saved && {
      decision: saved.decision,
      panelComments: saved.panelComments,
      strengths: saved.strengths,
      improvements: saved.improvements,
      signposts: saved.signposts,
      ...(feedback.release.showScores && saved.scores.length ? { scores: saved.scores } : {}),
      version: saved.version,
      ...(saved.changes.length ? { updatedAt: saved.updatedAt } : {}),
    },
    offer: award && holdsMoney(award.status) ? toOffer(award) : undefined,
    call: feedback.call && applicantCall(feedback.call),
  }
}

/** Asks for a feedback call, once decisions are released; one at a time (the database refuses a second). */
export async function requestCall(
  ctx: Ctx,
  applicant: User,
  applicationId: string,
  input: CallRequestInput,
): Promise<ApplicantCall> {
  const { application, candidate, feedback } = await readOwn(ctx, applicant, applicationId)
  if (!isReleased(feedback.release, ctx.now()))
    throw new RuleViolated('You can ask for a feedback call once decisions are released.', [
      { field: 'applicationId', message: 'has no decision released yet' },
    ])
  const current = feedback.call
  if (current && current.status !== 'done') throw alreadyAsked(current)
  const call: FeedbackCall = {
    competitionId: application.competitionId,
    applicationId,
    organisationName: candidate.organisationName,
    ...input,
    status: 'requested',
    requestedAt: ctx.now().toISOString(),
    earlier: current ? current.earlier + 1 : 0,
    version: (current?.version ?? 0) + 1,
  }
  // Another request got there first.
  await commit(ctx.db, [callPut(ctx.db, call, 'new')], { 'call-version': () => alreadyAsked() })
  return applicantCall(call)
}

const alreadyAsked = (call?: FeedbackCall) =>
  new StateConflict(
    `You have already asked for a feedback call${call ? ` (${call.status})` : ''}: you can ask for another once it is done.`,
    [{ field: 'applicationId', message: 'already has a feedback call open' }],
  )

const applicantCall = ({
  preferredTimes,
  question,
  status,
  requestedAt,
  arrangement,
  arrangedAt,
  doneAt,
}: FeedbackCall): ApplicantCall => ({ preferredTimes, question, status, requestedAt, arrangement, arrangedAt, doneAt })

/** The applicant's own submitted EOI, its candidate, the competition's title and the feedback items: 404 otherwise. */
async function readOwn(
  ctx: Ctx,
  applicant: User,
  applicationId: string,
): Promise<{ application: Application; candidate: Candidate; competitionTitle: string; feedback: FeedbackItems }> {
  const [application, organisationId] = await Promise.all([
    getApplication(ctx.db, applicationId),
    getMembership(ctx.db, applicant.id),
  ])
  if (!application || application.organisationId !== organisationId || application.status !== 'submitted')
    throw new NotFound('application')
  const { competitionId } = application
  const [candidate, feedback, competition] = await Promise.all([
    getCandidate(ctx.db, competitionId, applicationId),
    getFeedbackItems(ctx.db, competitionId, { applicationId }),
    getCompetition(ctx.db, competitionId),
  ])
  if (!candidate || !competition) throw new NotFound('application')
  return { application, candidate, competitionTitle: competition.title, feedback }
}
