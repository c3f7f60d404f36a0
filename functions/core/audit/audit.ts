// The audit trail's use cases: chain what is pending, verify a competition's chain against
// its head and its last checkpoint, and checkpoint every head daily. The hashing, the MACs
// and the key stay in db/ (audit-repo.ts); here only the order of things.
import {
  chainHead,
  chainPendingIntents,
  checkChain,
  listChains,
  listCompetitionsWithPending,
  listRecentAuditEntries,
  type AuditEntry,
  type ChainCheck,
} from '../../db/audit-repo.js'
import { withAuditScope, type AuditScope } from './scope.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import type { Ctx } from '../context.js'
import { NotFound } from '../errors.js'
import type { CheckpointStore } from './checkpoint-store.js'

export { withAuditScope, type AuditScope }

/** Most competitions one run chains; the next run takes the rest. */
const COMPETITIONS_PER_RUN = 50

/** Chains every competition's pending intents (the scheduled chainer, and the local timer). Returns how many. */
export async function chainAllPending(ctx: Pick<Ctx, 'db'>): Promise<number> {
  const competitions = (await listCompetitionsWithPending(ctx.db)).slice(0, COMPETITIONS_PER_RUN)
  let chained = 0
  for (const competitionId of competitions) chained += await chainPendingIntents(ctx.db, competitionId)
  return chained
}

export type AuditVerification = ChainCheck & { checkpoint: { seq: number; at: string } | null }

/**
 * Chains what is pending, then walks the competition's chain: every link, hash and MAC, the
 * head, and the last checkpoint (so removing the newest entries and the head with them shows).
 */
export async function verifyAudit(
  ctx: Pick<Ctx, 'db'> & { checkpoints: CheckpointStore },
  competitionId: string,
): Promise<AuditVerification> {
  if (!(await getCompetitionAggregate(ctx.db, competitionId))) throw new NotFound('competition')
  await chainPendingIntents(ctx.db, competitionId)
  const checkpoint = await ctx.checkpoints.latest(competitionId)
  const result = await checkChain(ctx.db, competitionId, checkpoint)
  return { ...result, checkpoint: checkpoint ? { seq: checkpoint.seq, at: checkpoint.at } : null }
}

/** Entries on a page of the audit trail. */
export const AUDIT_PAGE_SIZE = 25

/** The newest entries of a competition's chain (pending intents chained first), a page at a time. */
export async function recentAuditEntries(
  ctx: Pick<Ctx, 'db'>,
  competitionId: string,
  before?: number,
): Promise<{ entries: AuditEntry[]; before: number | null }> {
  if (!(await getCompetitionAggregate(ctx.db, competitionId))) throw new NotFound('competition')
  if (before === undefined) await chainPendingIntents(ctx.db, competitionId)
  return listRecentAuditEntries(ctx.db, competitionId, { before, limit: AUDIT_PAGE_SIZE })
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
