// The programme manager's side of feedback calls: arrange one (the applicant is emailed when
// and how) and mark it done, each at the version read.
import type { CallUpdateInput, FeedbackCall } from '../../../shared/schemas/feedback.js'
import { getCandidate } from '../../db/assessing-repo.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import { callPut, getFeedbackItems } from '../../db/feedback-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import { commit } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, StateConflict, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'
import { pagePaths, pageUrl } from '../notifications/links.js'

export async function updateCall(
  ctx: Ctx,
  competitionId: string,
  applicationId: string,
  input: CallUpdateInput,
): Promise<FeedbackCall> {
  const [aggregate, { call }, candidate] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId),
    getFeedbackItems(ctx.db, competitionId, { applicationId }),
    getCandidate(ctx.db, competitionId, applicationId),
  ])
  if (!aggregate || !call) throw new NotFound('feedback call')
  if (call.version !== input.version) throw new VersionConflict('feedback call', call.version)
  if (call.status === 'done') throw new StateConflict('This call is done already.')
  const at = ctx.now().toISOString()
  const next: FeedbackCall =
    input.status === 'arranged'
      ? { ...call, status: 'arranged', arrangement: input.arrangement, arrangedAt: at, version: call.version + 1 }
      : { ...call, status: 'done', doneAt: at, version: call.version + 1 }
  const to = candidate?.contactEmail
  const writes = [
    callPut(ctx.db, next, call.version),
    ...(to && next.status === 'arranged'
      ? [
          outboxPut(ctx.db, {
            id: newId(),
            to,
            kind: 'feedback-call',
            createdAt: at,
            status: 'pending',
            subject: `Your feedback call for “${aggregate.competition.title}”`,
            text: [
              `Your feedback call about ${call.organisationName}’s expression of interest for “${aggregate.competition.title}” is arranged:`,
              '',
              input.arrangement,
              '',
              `Your decision and feedback: ${pageUrl(ctx, pagePaths.decision(applicationId))}`,
            ].join('\n'),
          }),
        ]
      : []),
  ]
  await commit(ctx.db, writes, { 'call-version': () => new VersionConflict('feedback call') })
  return next
}
