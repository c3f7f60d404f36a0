// The audit chain: each competition's entries in order, each holding the previous entry's
// hash and an HMAC-SHA-256 of its own hash under the audit key, and a head item (last seq
// and hash, MACed too). Pending intents (audit-capture.ts) are chained here in the order
// they were queued; the head's condition lets two chainers race without forking the chain.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import * as z from 'zod/mini'
import { auditKeys, canonical, PLATFORM_CHAIN } from './audit-capture.js'
import type { Db } from './client.js'
import { indexes, keys } from './table.js'
import { commit, ConditionFailed, Contended, write } from './write.js'

export { PLATFORM_CHAIN }

const GENESIS = '0'.repeat(64)
/** An intent not settled this long after it was queued lost its writer; it is chained without its digests after. */
const SETTLE_GRACE_MS = 60_000
/** Intents per chaining transaction: each is an entry put and an intent delete, plus the head (≤ 100 items). */
const CHAIN_BATCH = 40

const Change = z.object({
  entity: z.string(),
  key: z.string(),
  ids: z.array(z.string()),
  before: z.nullable(z.string()),
  after: z.nullable(z.string()),
})

const Intent = z.object({
  id: z.string(),
  competitionId: z.string(),
  queuedAt: z.string(),
  at: z.string(),
  actorId: z.string(),
  role: z.string(),
  action: z.string(),
  changes: z.array(Change),
  settled: z.boolean(),
  [keys.sort]: z.string(),
})
type Intent = z.infer<typeof Intent>

const Entry = z.object({
  seq: z.number().check(z.int(), z.positive()),
  competitionId: z.string(),
  at: z.string(),
  actorId: z.string(),
  role: z.string(),
  action: z.string(),
  changes: z.array(Change),
  /** Every id the changed items hold, for finding the entries about an award. */
  subjects: z.array(z.string()),
  prevHash: z.string(),
  hash: z.string(),
  mac: z.string(),
})
type Entry = z.infer<typeof Entry>

const Head = z.object({ seq: z.number().check(z.int(), z.nonnegative()), hash: z.string(), mac: z.string() })

/** What an entry shows outside db/: its ids and digests, never item keys. */
export type AuditEntry = Omit<Entry, 'changes' | 'mac' | 'competitionId' | 'subjects'> & {
  changes: { entity: string; ids: string[]; before: string | null; after: string | null }[]
}

/** The entry's hash covers everything it says, and the previous hash. */
const hashOf = (entry: Omit<Entry, 'hash' | 'mac'>): string =>
  createHash('sha256').update(canonical(entry)).digest('hex')

function macOf(db: Db, text: string): string {
  if (!db.auditKey)
    throw new Error(
      'This function was not given the audit key (AUDIT_KEY), so it cannot chain or verify the audit trail',
    )
  return createHmac('sha256', db.auditKey).update(text).digest('hex')
}
const headText = (competitionId: string, seq: number, hash: string) => `head|${competitionId}|${seq}|${hash}`

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y)
}

async function readHead(db: Db, competitionId: string) {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: auditKeys.pk(competitionId), [keys.sort]: auditKeys.head },
      ConsistentRead: true,
    }),
  )
  return Item ? Head.parse(Item) : undefined
}

/** Every chain there is (one head per competition, and the platform's), for the daily checkpoint. */
export async function listChains(db: Db): Promise<string[]> {
  const chains: string[] = []
  let start: Record<string, unknown> | undefined
  do {
    const { Items = [], LastEvaluatedKey } = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: indexes.byKind.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': indexes.byKind.partition },
        ExpressionAttributeValues: { ':pk': auditKeys.heads },
        ExclusiveStartKey: start,
      }),
    )
    chains.push(...Items.map((item) => String(item[indexes.byKind.sort])))
    start = LastEvaluatedKey
  } while (start)
  return chains
}

/** The competitions with intents waiting to be chained (one page of the pending list, oldest first). */
export async function listCompetitionsWithPending(db: Db, limit = 200): Promise<string[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: indexes.byKind.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': indexes.byKind.partition },
      ExpressionAttributeValues: { ':pk': auditKeys.pendingList },
      Limit: limit,
    }),
  )
  return [...new Set(Items.map((item) => String(item.competitionId)))]
}

async function pendingIntents(db: Db, competitionId: string, limit: number): Promise<Intent[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :pending)',
      ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
      ExpressionAttributeValues: { ':pk': auditKeys.pk(competitionId), ':pending': 'PENDING#' },
      ConsistentRead: true,
      Limit: limit,
    }),
  )
  return Items.map((item) => Intent.parse(item))
}

/**
 * Links the competition's pending intents into its chain, oldest first, a batch per
 * transaction. Stops at an intent still settling (its writer is between commit and
 * digest) so the order holds. Returns how many it chained.
 */
export async function chainPendingIntents(db: Db, competitionId: string, now = new Date()): Promise<number> {
  let chained = 0
  for (let attempt = 0; attempt < 20; ) {
    const intents = await pendingIntents(db, competitionId, CHAIN_BATCH)
    const ready: Intent[] = []
    for (const intent of intents) {
      const waiting = !intent.settled && now.getTime() - Date.parse(intent.queuedAt) < SETTLE_GRACE_MS
      if (waiting) break
      ready.push(intent)
    }
    if (!ready.length) return chained
    const head = (await readHead(db, competitionId)) ?? { seq: 0, hash: GENESIS }
    let prev = head
    const writes = ready.flatMap((intent) => {
      const body = {
        seq: prev.seq + 1,
        competitionId,
        at: intent.at,
        actorId: intent.actorId,
        role: intent.role,
        action: intent.action,
        changes: intent.changes,
        subjects: [...new Set(intent.changes.flatMap((change) => change.ids))],
        prevHash: prev.hash,
      }
      const hash = hashOf(body)
      prev = { seq: body.seq, hash }
      return [
        write(
          {
            Put: {
              TableName: db.tableName,
              Item: {
                [keys.partition]: auditKeys.pk(competitionId),
                [keys.sort]: auditKeys.entry(body.seq),
                entity: 'auditEntry',
                ...body,
                hash,
                mac: macOf(db, hash),
              },
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': keys.partition },
            },
          },
          'entry-new',
        ),
        write(
          {
            Delete: {
              TableName: db.tableName,
              Key: { [keys.partition]: auditKeys.pk(competitionId), [keys.sort]: intent[keys.sort] },
              ConditionExpression: 'attribute_exists(#pk)',
              ExpressionAttributeNames: { '#pk': keys.partition },
            },
          },
          'intent-pending',
        ),
      ]
    })
    const headWrite = write(
      {
        Put: {
          TableName: db.tableName,
          Item: {
            [keys.partition]: auditKeys.pk(competitionId),
            [keys.sort]: auditKeys.head,
            entity: 'auditHead',
            [indexes.byKind.partition]: auditKeys.heads,
            [indexes.byKind.sort]: competitionId,
            seq: prev.seq,
            hash: prev.hash,
            mac: macOf(db, headText(competitionId, prev.seq, prev.hash)),
          },
          // The head moves only from where this chainer read it: a racing chainer makes this one start again.
          ...(head.seq === 0
            ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': keys.partition } }
            : { ConditionExpression: 'seq = :seq', ExpressionAttributeValues: { ':seq': head.seq } }),
        },
      },
      'chain-head',
    )
    try {
      await commit(db, [headWrite, ...writes])
      chained += ready.length
      if (ready.length < intents.length || intents.length < CHAIN_BATCH) return chained
    } catch (error) {
      if (!(error instanceof ConditionFailed) && !(error instanceof Contended)) throw error
      attempt++
    }
  }
  return chained
}

async function* entriesOf(db: Db, competitionId: string, filterIds?: string[]) {
  let start: Record<string, unknown> | undefined
  do {
    const filter = filterIds?.length ? filterIds.map((_, i) => `contains(#subjects, :id${i})`).join(' OR ') : undefined
    const { Items = [], LastEvaluatedKey } = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :entry)',
        FilterExpression: filter,
        ExpressionAttributeNames: {
          '#pk': keys.partition,
          '#sk': keys.sort,
          ...(filter ? { '#subjects': 'subjects' } : {}),
        },
        ExpressionAttributeValues: {
          ':pk': auditKeys.pk(competitionId),
          ':entry': 'ENTRY#',
          ...Object.fromEntries((filterIds ?? []).map((id, i) => [`:id${i}`, id])),
        },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    )
    for (const item of Items) yield item
    start = LastEvaluatedKey
  } while (start)
}

export type ChainCheck = {
  ok: boolean
  entries: number
  head: { seq: number; hash: string } | null
  /** Where the chain first fails to hold, and why; absent when ok. */
  brokenAt?: { seq: number; reason: string }
}

/**
 * Walks the whole chain: each entry's seq follows the last, its prevHash is the last hash,
 * its hash is what it says, its MAC is the key's; the head names the last entry under a
 * valid MAC; and the last checkpoint (seq, hash) is still in the chain.
 */
export async function checkChain(
  db: Db,
  competitionId: string,
  checkpoint?: { seq: number; hash: string },
): Promise<ChainCheck> {
  let prev = { seq: 0, hash: GENESIS }
  let count = 0
  let atCheckpoint: string | undefined
  const broken = (seq: number, reason: string): ChainCheck => ({
    ok: false,
    entries: count,
    head: count ? prev : null,
    brokenAt: { seq, reason },
  })
  for await (const item of entriesOf(db, competitionId)) {
    const parsed = Entry.safeParse(item)
    const seq = prev.seq + 1
    if (!parsed.success) return broken(seq, 'the entry is not in the chain’s format')
    const { hash, mac, ...body } = parsed.data
    if (body.seq !== seq) return broken(seq, `entry ${seq} is missing (the next is ${body.seq})`)
    if (body.prevHash !== prev.hash) return broken(seq, 'the entry does not follow the one before it')
    if (hashOf(body) !== hash) return broken(seq, 'the entry was changed after it was written')
    if (!sameHex(mac, macOf(db, hash))) return broken(seq, 'the entry’s MAC does not match the audit key')
    count++
    prev = { seq, hash }
    if (checkpoint && seq === checkpoint.seq) atCheckpoint = hash
  }
  if (checkpoint && checkpoint.seq > 0) {
    if (checkpoint.seq > prev.seq)
      return broken(
        prev.seq + 1,
        `the checkpoint names entry ${checkpoint.seq} but the chain ends at entry ${prev.seq}: entries were removed`,
      )
    if (atCheckpoint !== checkpoint.hash)
      return broken(checkpoint.seq, 'the entry the checkpoint names does not have the hash it recorded')
  }
  const head = await readHead(db, competitionId)
  if (head && !sameHex(head.mac, macOf(db, headText(competitionId, head.seq, head.hash))))
    return broken(head.seq, 'the head’s MAC does not match the audit key')
  if ((head?.seq ?? 0) !== prev.seq || (head && head.hash !== prev.hash))
    return broken(
      prev.seq + 1,
      `the head names entry ${head?.seq ?? 0} but the chain ends at entry ${prev.seq}: the newest entries were removed`,
    )
  return { ok: true, entries: count, head: count ? prev : null }
}

/** The chain's head as its item says, for a checkpoint; undefined before the first entry. */
export async function chainHead(db: Db, competitionId: string): Promise<{ seq: number; hash: string } | undefined> {
  const head = await readHead(db, competitionId)
  return head && { seq: head.seq, hash: head.hash }
}

/** The entries that touched an item holding any of `ids` (an application, its award), oldest first. */
export async function listAuditEntriesAbout(db: Db, competitionId: string, ids: string[]): Promise<AuditEntry[]> {
  const found: AuditEntry[] = []
  for await (const item of entriesOf(db, competitionId, ids.slice(0, 20))) {
    const { mac: _mac, competitionId: _c, subjects: _s, changes, ...entry } = Entry.parse(item)
    found.push({ ...entry, changes: changes.map(({ key: _key, ...change }) => change) })
  }
  return found
}

/**
 * A page of the chain, newest first: up to `limit` entries before entry `before` (the newest
 * when absent), and where the next (older) page starts, or null at the first entry. One query.
 */
export async function listRecentAuditEntries(
  db: Db,
  competitionId: string,
  { before, limit }: { before?: number; limit: number },
): Promise<{ entries: AuditEntry[]; before: number | null }> {
  const { Items = [], LastEvaluatedKey } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :first AND :last',
      ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
      ExpressionAttributeValues: {
        ':pk': auditKeys.pk(competitionId),
        ':first': auditKeys.entry(1),
        ':last': before === undefined ? 'ENTRY#~' : auditKeys.entry(before - 1),
      },
      ScanIndexForward: false,
      Limit: limit,
      ConsistentRead: true,
    }),
  )
  const entries: AuditEntry[] = []
  // An entry not in the chain's format (changed in the table) is left out here; verify names it.
  for (const item of Items) {
    const parsed = Entry.safeParse(item)
    if (!parsed.success) continue
    const { mac: _mac, competitionId: _c, subjects: _s, changes, ...entry } = parsed.data
    entries.push({ ...entry, changes: changes.map(({ key: _key, ...change }) => change) })
  }
  const oldest = Items.at(-1)?.seq
  return { entries, before: LastEvaluatedKey && typeof oldest === 'number' && oldest > 1 ? oldest : null }
}

/** The ids of the emails written by these entries' changes whose links name `id` (every email links to its page). */
export const emailIdsAbout = (entries: AuditEntry[], id: string): string[] =>
  entries.flatMap((entry) =>
    entry.changes
      .filter((change) => change.entity === 'outboxMessage' && change.ids.includes(id))
      .flatMap((change) => change.ids.filter((other) => other !== id)),
  )
