// What a competition's manager sees of the emails about its applications that did not reach
// the applicant (a receipt, an offer, a decision): whom, which email, why and when. Read from
// the competition's own list (GSI2), written when a message is marked undeliverable.
import type { UndeliveredEmail, UndeliveredEmailList } from '../../../shared/schemas/outbox.js'
import { getCompetition } from '../../db/competitions-repo.js'
import { InvalidCursor } from '../../db/cursor.js'
import { listUndeliveredByCompetition } from '../../db/outbox-repo.js'
import type { Ctx } from '../context.js'
import { NotFound, ValidationFailed } from '../errors.js'

/** A page of the competition's undelivered emails, newest first; 404 for a competition that does not exist. */
export async function undeliveredEmails(
  ctx: Pick<Ctx, 'db'>,
  competitionId: string,
  query: { limit: number; cursor?: string },
): Promise<UndeliveredEmailList> {
  const [competition, page] = await Promise.all([
    getCompetition(ctx.db, competitionId),
    listUndeliveredByCompetition(ctx.db, competitionId, query).catch((error: unknown) => {
      if (error instanceof InvalidCursor)
        throw new ValidationFailed([{ field: 'cursor', message: 'is not a cursor from this list' }])
      throw error
    }),
  ])
  if (!competition) throw new NotFound('competition')
  const items = page.items.flatMap((m): UndeliveredEmail[] =>
    m.applicationId && m.undeliverableReason && m.undeliverableAt
      ? [
          {
            messageId: m.id,
            applicationId: m.applicationId,
            to: m.to,
            kind: m.kind,
            subject: m.subject,
            createdAt: m.createdAt,
            reason: m.undeliverableReason,
            at: m.undeliverableAt,
          },
        ]
      : [],
  )
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }
}
