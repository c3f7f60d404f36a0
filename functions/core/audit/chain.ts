// The scheduled side of the audit trail: chain what is pending, and checkpoint each head daily.
// Apart from audit.ts (verify, the entries), so the chainer and the checkpointer load no
// competition reads.
import { chainHead, chainPendingIntents, listChains, listCompetitionsWithPending } from '../../db/audit-repo.js'
import type { Ctx } from '../context.js'
import type { CheckpointStore } from './checkpoint-store.js'

/** Most competitions one run chains; the next run takes the rest. */
const COMPETITIONS_PER_RUN = 50

/** Chains every competition's pending intents (the scheduled chainer, and the local timer). Returns how many. */
export async function chainAllPending(ctx: Pick<Ctx, 'db'>): Promise<number> {
  const competitions = (await listCompetitionsWithPending(ctx.db)).slice(0, COMPETITIONS_PER_RUN)
  let chained = 0
  for (const competitionId of competitions) chained += await chainPendingIntents(ctx.db, competitionId)
  return chained
}

/** A chain is checkpointed at most this often (the schedule is daily; the local timer runs often). */
const CHECKPOINT_EVERY_MS = 20 * 3_600_000

/**
 * Chains what is pending, then writes each chain's head to the checkpoint store where it
 * moved since its last checkpoint, at most once a day per chain. Returns how many it wrote.
 */
export async function checkpointHeads(
  ctx: Pick<Ctx, 'db' | 'now'> & { checkpoints: CheckpointStore },
  { force = false }: { force?: boolean } = {},
): Promise<number> {
  await chainAllPending(ctx)
  let written = 0
  const at = ctx.now()
  for (const competitionId of await listChains(ctx.db)) {
    const head = await chainHead(ctx.db, competitionId)
    if (!head) continue
    const last = await ctx.checkpoints.latest(competitionId)
    if (last && (last.seq === head.seq || (!force && at.getTime() - Date.parse(last.at) < CHECKPOINT_EVERY_MS)))
      continue
    await ctx.checkpoints.put({ competitionId, seq: head.seq, hash: head.hash, at: at.toISOString() })
    written++
  }
  return written
}
