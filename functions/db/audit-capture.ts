// The write half of the audit trail: each committed transaction also puts an audit intent
// (who, role, action, which items, a digest of each before) in the same transaction, and
// fills in each item's digest after once it commits. Intents are new items with keys of
// their own, so a surge of writes never meets on one item; the chainer (audit-repo.ts)
// links them into the competition's hash chain afterwards, in order, like the outbox.
import { createHash, randomUUID } from 'node:crypto'
import { BatchGetCommand, PutCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb'
import { currentAuditScope } from './audit-scope.js'
import type { Db } from './client.js'
import { indexes, keys } from './table.js'

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number]
type Key = Record<string, string>

export const auditKeys = {
  pk: (competitionId: string) => `AUDIT#${competitionId}`,
  pending: (queuedAt: string, intentId: string) => `PENDING#${queuedAt}#${intentId}`,
  entry: (seq: number) => `ENTRY#${String(seq).padStart(12, '0')}`,
  head: 'HEAD',
  /** GSI1: every competition's pending intents, oldest first, for the chainer to find. */
  pendingList: 'AUDIT#pending',
  /** GSI1: every chain's head, by competition id, for the daily checkpoint. */
  heads: 'AUDIT#heads',
}

/** The chain for writes that belong to no competition (accounts, organisation profiles). */
export const PLATFORM_CHAIN = 'platform'

/** One item a change touched: which (ids only) and a digest of it before and after. */
export type AuditChange = {
  entity: string
  /** SHA-256 of the item's key (some keys hold an email address): tells items apart; never leaves db/. */
  key: string
  /** The ids the item holds (its own and its parents'), so a dossier finds the entries about an award. */
  ids: string[]
  before: string | null
  after: string | null
}

/** SHA-256 of the item's canonical JSON (keys sorted), or null when there is no item. */
export function digestOf(item: Record<string, unknown> | undefined): string | null {
  return item ? createHash('sha256').update(canonical(item)).digest('hex') : null
}

/** JSON with object keys sorted at every level, so the same item always hashes the same. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value instanceof Set) return canonical([...value].sort())
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(value) ?? 'null'
}

/** The item changed by one transaction item, if it changes one in the main table. */
function targetOf(db: Db, item: TransactItem): { key: Key; put?: Record<string, unknown> } | undefined {
  const op = item.Put ?? item.Update ?? item.Delete
  if (!op || op.TableName !== db.tableName) return undefined
  const record = (item.Put?.Item ?? (op as { Key?: Record<string, unknown> }).Key) as Record<string, unknown>
  const key = { [keys.partition]: String(record[keys.partition]), [keys.sort]: String(record[keys.sort]) }
  if (key[keys.partition]!.startsWith('AUDIT#')) return undefined
  return { key, put: item.Put?.Item as Record<string, unknown> | undefined }
}

const keyString = (key: Key) => `${key[keys.partition]}|${key[keys.sort]}`

/** The ids in the paths of an email's links: every email links to the page it is about. */
const linkedIds = (text: unknown): string[] =>
  typeof text === 'string'
    ? [...text.matchAll(/https?:\/\/\S+/g)].flatMap(
        (m) => m[0].match(/(?<=\/)[0-9A-HJKMNP-TV-Z]{26}(?=[/?#.]|$)/g) ?? [],
      )
    : []

/** Ids an item holds: `id` and every `…Id` attribute with a plain id value (never an email or text), and an email's links' ids. */
function idsOf(item: Record<string, unknown> | undefined): string[] {
  if (!item) return []
  const own = Object.entries(item)
    .filter(([name, value]) => (name === 'id' || name.endsWith('Id')) && typeof value === 'string')
    .map(([, value]) => value as string)
    .filter((value) => /^[A-Za-z0-9_-]{1,64}$/.test(value))
  return item.entity === 'outboxMessage' ? own.concat(linkedIds(item.text)) : own
}

async function readItems(db: Db, wanted: Key[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>()
  for (let i = 0; i < wanted.length; i += 100) {
    let ask: Key[] | undefined = wanted.slice(i, i + 100)
    while (ask?.length) {
      const { Responses, UnprocessedKeys } = await db.doc.send(
        new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: ask, ConsistentRead: true } } }),
      )
      for (const item of Responses?.[db.tableName] ?? []) found.set(keyString(item as Key), item)
      ask = UnprocessedKeys?.[db.tableName]?.Keys as Key[] | undefined
    }
  }
  return found
}

export type PreparedIntent = {
  /** The intent's Put, for the change's own transaction (absent when the change touches nothing audited). */
  item?: TransactItem
  /** Records each item's digest after the transaction committed. */
  settle: () => Promise<void>
}

/**
 * Reads the items a transaction is about to change and builds its audit intent. The scope
 * open now says who and what; the competition is the route's, else the one the items name.
 */
export async function prepareIntent(db: Db, items: TransactItem[], token?: string): Promise<PreparedIntent> {
  const targets = items.flatMap((item) => targetOf(db, item) ?? [])
  const unique = [...new Map(targets.map((t) => [keyString(t.key), t])).values()]
  if (!unique.length) return { settle: async () => {} }
  const before = await readItems(
    db,
    unique.map((t) => t.key),
  )
  const scope = currentAuditScope()
  const images = unique.map((t) => t.put ?? before.get(keyString(t.key)))
  const named = images.find((image) => typeof image?.competitionId === 'string')?.competitionId as string | undefined
  const competitionId = scope.competitionId ?? named ?? PLATFORM_CHAIN
  const changes: AuditChange[] = unique.map((t, i) => ({
    entity: String(images[i]?.entity ?? 'item'),
    key: createHash('sha256').update(keyString(t.key)).digest('hex'),
    ids: [...new Set(idsOf(before.get(keyString(t.key))).concat(idsOf(t.put)))],
    before: digestOf(before.get(keyString(t.key))),
    after: null,
  }))
  const queuedAt = new Date().toISOString()
  // A retried transaction with a client token must be the same request: its intent id comes from the token.
  const id = token ? createHash('sha256').update(token).digest('hex').slice(0, 32) : randomUUID()
  const key = { [keys.partition]: auditKeys.pk(competitionId), [keys.sort]: auditKeys.pending(queuedAt, id) }
  const item: TransactItem = {
    Put: {
      TableName: db.tableName,
      Item: {
        ...key,
        [indexes.byKind.partition]: auditKeys.pendingList,
        [indexes.byKind.sort]: `${queuedAt}#${competitionId}`,
        entity: 'auditIntent',
        id,
        competitionId,
        queuedAt,
        at: (scope.now?.() ?? new Date()).toISOString(),
        actorId: scope.actorId,
        role: scope.role,
        action: scope.action,
        changes,
        settled: false,
      },
    },
  }
  return {
    item,
    settle: async () => {
      const after = await readItems(
        db,
        unique.map((t) => t.key),
      )
      const settled = changes.map((change, i) => ({ ...change, after: digestOf(after.get(keyString(unique[i]!.key))) }))
      await db.doc
        .send(
          new UpdateCommand({
            TableName: db.tableName,
            Key: key,
            UpdateExpression: 'SET changes = :changes, settled = :true',
            // Not if the chainer already took it (it gave up waiting): the entry stands as chained.
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#pk': keys.partition },
            ExpressionAttributeValues: { ':changes': settled, ':true': true },
          }),
        )
        .catch((error: unknown) => {
          if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error
        })
    },
  }
}

/** A transaction already holding 100 items has no room: its intent is put straight after it commits. */
export async function putIntentAlone(db: Db, item: TransactItem): Promise<void> {
  await db.doc.send(new PutCommand(item.Put!))
}
