// The audit trail's use cases for a competition: verify its chain against its head and its last
// checkpoint, and list its entries (chaining and checkpointing are in chain.ts). The hashing,
// the MACs and the key stay in db/ (audit-repo.ts); here only the order of things.
import {
  chainPendingIntents,
  checkChain,
  listRecentAuditEntries,
  type AuditEntry,
  type ChainCheck,
} from '../../db/audit-repo.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import type { Ctx } from '../context.js'
import { NotFound } from '../errors.js'
import type { CheckpointStore } from './checkpoint-store.js'

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
