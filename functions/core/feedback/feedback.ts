// The programme manager's side of feedback: which applications still need it, the workspace
// for one (the platform's draft beside what is saved), and saving it. Saving after release
// makes a new version: the version the applicant had read is kept, the change is listed on the
// feedback, and the applicant is emailed that it changed.
import type { Feedback, FeedbackInput, FeedbackOverview, FeedbackWorkspace } from '../../../shared/schemas/feedback.js'
import type { User } from '../../../shared/schemas/user.js'
import { getCandidate, getPitchSchedule, readApplicationTexts, readCandidates } from '../../db/assessing-repo.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import {
  feedbackPut,
  getFeedbackItems,
  getFeedbackPartition,
  listReplacedVersions,
  releaseUnchanged,
  replacedVersionPut,
  type StoredFeedback,
} from '../../db/feedback-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import { commit, type Write } from '../../db/write.js'
import { getRanking } from '../assessing/ranking.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated, StateConflict, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'
import { pagePaths, pageUrl } from '../notifications/links.js'
import { composeDraft, criterionScores, feedbackState, feedbackWords, outcomeOf } from './compose.js'
import { isReleased, isReleasing, pitchEndsAt } from './gate.js'

/** Every applicant with the state of their feedback, the release, and the feedback calls. */
export async function getFeedbackOverview(ctx: Ctx, competitionId: string): Promise<FeedbackOverview> {
  const [aggregate, candidates, partition] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId),
    readCandidates(ctx.db, competitionId),
    getFeedbackPartition(ctx.db, competitionId, { text: false }),
  ])
  if (!aggregate) throw new NotFound('competition')
  return {
    competitionId,
    competitionTitle: aggregate.competition.title,
    release: partition.release,
    rows: candidates
      .map((c) => {
        const feedback = partition.feedback.get(c.applicationId)
        return {
          applicationId: c.applicationId,
          organisationName: c.organisationName,
          outcome: outcomeOf(c),
          state: feedbackState(feedback),
          words: feedback?.words ?? 0,
          version: feedback?.version ?? 0,
          updatedAt: feedback?.updatedAt,
          call: partition.calls.get(c.applicationId)?.status,
          signposts: feedback?.signposts.length ?? 0,
        }
      })
      .sort((a, b) => a.organisationName.localeCompare(b.organisationName)),
    signposts: partition.signposts.length,
    calls: [...partition.calls.values()].sort((a, b) => a.requestedAt.localeCompare(b.requestedAt)),
  }
}

/** One application's feedback as saved, beside the platform's draft, its scores and the directory. */
export async function getFeedbackWorkspace(
  ctx: Ctx,
  competitionId: string,
  applicationId: string,
): Promise<FeedbackWorkspace> {
  const read = await readForFeedback(ctx, competitionId, applicationId)
  const previousVersions = read.feedback?.changes.length
    ? await listReplacedVersions(ctx.db, competitionId, applicationId)
    : []
  return {
    competitionId,
    competitionTitle: read.competitionTitle,
    applicationId,
    organisationName: read.candidate.organisationName,
    outcome: read.outcome,
    feedback: read.feedback && withoutWords(read.feedback),
    draft: composeDraft({ ...read, showScores: read.release.showScores }),
    scores: read.scores,
    signposts: read.signposts,
    previousVersions,
    release: read.release,
  }
}

/** Saves the whole feedback at the version read (0 for the first save). */
export async function saveFeedback(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  input: FeedbackInput,
): Promise<Feedback> {
  const read = await readForFeedback(ctx, competitionId, applicationId)
  const current = read.feedback
  if ((current?.version ?? 0) !== input.version) throw new VersionConflict('feedback', current?.version ?? 0)
  const directory = new Map(read.signposts.map((s) => [s.id, s]))
  const missing = input.signpostIds.flatMap((id, i) =>
    directory.has(id)
      ? []
      : [{ field: `signpostIds.${i}`, message: 'is not a service in this competition’s directory' }],
  )
  if (missing.length) throw new RuleViolated('Choose services from this competition’s signposting directory.', missing)

  const now = ctx.now()
  const at = now.toISOString()
  // Edits after release are recorded: the version the applicant read (if any) is kept, and they are told.
  // While the release's emails are being written, wait: the applicant is about to be told of the feedback as it stands.
  if (isReleasing(read.release, now))
    throw new StateConflict('Decisions are being released to applicants right now. Try again in a minute.')
  const afterRelease = isReleased(read.release, now)
  const { version: _version, signpostIds, ...text } = input
  const next: StoredFeedback = {
    competitionId,
    applicationId,
    organisationName: read.candidate.organisationName,
    ...text,
    signposts: signpostIds.map((id) => {
      const { name, helpsWith, url, contact } = directory.get(id)!
      return { id, name, helpsWith, url, contact }
    }),
    scores: read.scores,
    version: input.version + 1,
    updatedAt: at,
    updatedBy: manager.id,
    updatedByName: manager.name,
    changes: afterRelease
      ? [...(current?.changes ?? []), { version: input.version + 1, at, byName: manager.name }]
      : (current?.changes ?? []),
    words: feedbackWords(text),
  }
  const writes: Write<'feedback-version' | 'release-unchanged' | 'version-new' | 'message-new'>[] = [
    feedbackPut(ctx.db, next, input.version),
    releaseUnchanged(ctx.db, read.release),
  ]
  if (afterRelease) {
    // Released without feedback (confirmed by the manager), the first save has no earlier version to keep.
    if (current) writes.push(replacedVersionPut(ctx.db, withoutWords(current)))
    if (read.candidate.contactEmail) {
      const done = current ? 'updated' : 'added'
      writes.push(
        outboxPut(ctx.db, {
          id: newId(),
          to: read.candidate.contactEmail,
          kind: 'feedback-updated',
          createdAt: at,
          status: 'pending',
          subject: `Your feedback for “${read.competitionTitle}” has been ${done}`,
          text: [
            `The programme manager has ${done} the feedback on ${read.candidate.organisationName}’s expression of interest for “${read.competitionTitle}”.`,
            '',
            `Sign in to Challenge Fund to read it: ${pageUrl(ctx, pagePaths.decision(applicationId))}`,
          ].join('\n'),
        }),
      )
    }
  }
  const stale = () => new VersionConflict('feedback')
  await commit(ctx.db, writes, { 'feedback-version': stale, 'release-unchanged': stale, 'version-new': stale })
  return withoutWords(next)
}

const withoutWords = ({ words: _words, ...feedback }: StoredFeedback): Feedback => feedback

/**
 * What feedback for one application is built from: the candidate (404 if it is not one of this
 * competition's), the ranking's scores, the panel's words for the applicant, the directory and
 * the release.
 */
async function readForFeedback(ctx: Ctx, competitionId: string, applicationId: string) {
  const [aggregate, candidate, schedule, ranking, texts, { signposts }, saved] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId),
    getCandidate(ctx.db, competitionId, applicationId),
    getPitchSchedule(ctx.db, competitionId),
    getRanking(ctx, competitionId),
    readApplicationTexts(ctx.db, competitionId, applicationId),
    getFeedbackPartition(ctx.db, competitionId, { text: false, consistent: true }),
    getFeedbackItems(ctx.db, competitionId, { applicationId }),
  ])
  if (!aggregate) throw new NotFound('competition')
  // Another competition's application, and one that does not exist, are the same 404.
  if (!candidate) throw new NotFound('application')
  // The draft speaks of a pitch only once the applicant's pitch is over.
  const pitched = !!schedule?.slots.some((s) => s.applicationId === applicationId && pitchEndsAt(s) <= ctx.now())
  const { rubric, rows } = ranking
  const row = rows.find((r) => r.applicationId === applicationId)
  // Only sheets the panellist submitted (unconflicted), and only what they wrote for the applicant.
  const submitted = new Set(
    Object.entries(row?.progress ?? {}).flatMap(([panellistId, progress]) =>
      progress === 'submitted' ? [panellistId] : [],
    ),
  )
  return {
    competitionTitle: aggregate.competition.title,
    candidate,
    outcome: outcomeOf(candidate),
    pitched,
    criteria: rubric.criteria,
    scores: criterionScores(rows, rubric.criteria, rubric.scale, applicationId),
    panelFeedback: texts.filter((t) => submitted.has(t.panellistId)).map((t) => t.applicantFeedback),
    signposts,
    release: saved.release,
    feedback: saved.feedback,
  }
}
