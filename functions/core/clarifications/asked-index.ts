// Questions asked before the `ASKED#<userId>` index existed have no entry in it, so a person's
// export and erasure, which find their questions by it, would miss them. The first export or
// erasure after a deploy gives every such question its entry (each write conditional, so it is
// idempotent and never re-links a question an erasure unlinked), then records that it has run;
// every question asked since is written with its entry, so it never needs to run again.
import { listCompetitionsByStatus } from '../../db/competitions-repo.js'
import { askedIndexBackfilled, indexOldQuestions, markAskedIndexBackfilled } from '../../db/clarifications-repo.js'
import type { Ctx } from '../context.js'

/** Makes sure every question ever asked is in its asker's `ASKED#` index; returns how many it added. */
export async function ensureAskedIndex(ctx: Pick<Ctx, 'db' | 'now'>): Promise<number> {
  if (await askedIndexBackfilled(ctx.db)) return 0
  let indexed = 0
  // Questions are asked on published competitions; drafts are read too, in case one was unpublished since.
  for (const status of ['published', 'draft'] as const) {
    let cursor: string | undefined
    do {
      const page = await listCompetitionsByStatus(ctx.db, status, { limit: 100, cursor })
      for (const competition of page.items) indexed += await indexOldQuestions(ctx.db, competition.id)
      cursor = page.nextCursor
    } while (cursor)
  }
  await markAskedIndexBackfilled(ctx.db, ctx.now().toISOString())
  return indexed
}
