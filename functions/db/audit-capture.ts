// The write half of the audit trail: each committed transaction also puts an audit intent
// (who, role, action, which items, a digest of each before) in the same transaction, and
// fills in each item's digest after once it commits. An item is read only where its write does
// not say what it is: a new item was nothing before, a put is its own after, and a write whose
// condition pins the item (its version) may say both. Intents are new items with keys of
// their own, so a surge of writes never meets on one item; the chainer (audit-repo.ts)
// links them into the competition's hash chain afterwards, in order, like the outbox.
import { createHash, randomUUID } from 'node:crypto'
import { BatchGetCommand, PutCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb'
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb'
import { currentAuditScope } from './audit-scope.js'
import { marshallOptions, type Db } from './client.js'
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

/** An item as stored, or null where there is none. */
type Image = Record<string, unknown> | null

/**
 * What a write's item is before and after it commits, where the writer knows without reading:
 * only where its condition pins the item to `before` (e.g. the version it was read at).
 */
export type KnownImages = { before?: Image; after?: Image }

/** The item changed by one transaction item, if it changes one in the main table, and what is known of it. */
function targetOf(
  db: Db,
  item: TransactItem,
  images: KnownImages = {},
): { key: Key; put?: Record<string, unknown>; before?: Image; after?: Image } | undefined {
  const op = item.Put ?? item.Update ?? item.Delete
  if (!op || op.TableName !== db.tableName) return undefined
  const record = (item.Put?.Item ?? (op as { Key?: Record<string, unknown> }).Key) as Record<string, unknown>
  const key = { [keys.partition]: String(record[keys.partition]), [keys.sort]: String(record[keys.sort]) }
  if (key[keys.partition]!.startsWith('AUDIT#')) return undefined
  const put = item.Put?.Item as Record<string, unknown> | undefined
  // Committed, a Put leaves its item, a Delete none; a Put on condition that there was none found none.
  const before = images.before !== undefined ? images.before : put && createsOnly(item) ? null : undefined
  const after = images.after !== undefined ? images.after : put ? put : item.Delete ? null : undefined
  return {
    key,
    put,
    ...(before === undefined ? {} : { before: asStored(before) }),
    ...(after === undefined ? {} : { after: asStored(after) }),
  }
}

/** Whether a Put's only condition is that its item does not exist yet. */
function createsOnly(item: TransactItem): boolean {
  const match = item.Put?.ConditionExpression?.match(/^attribute_not_exists\((#\w+)\)$/)
  return !!match && item.Put?.ExpressionAttributeNames?.[match[1]!] === keys.partition
}

/** An item as a read returns it (undefined values dropped, sets as sets), so its digest is the stored item's. */
const asStored = (image: Image): Image => image && unmarshall(marshall(image, marshallOptions))

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
  /** Records each item's digest after the transaction committed (nothing to do where every after was known). */
  settle: () => Promise<void>
}

/**
 * Reads the items a transaction is about to change, as far as their writes do not say, and
 * builds its audit intent. The scope open now says who and what; the competition is the
 * route's, else the one the items name. Where every item's after is known (new items, puts,
 * or said by the write), the intent is settled as it is written and nothing is read after.
 */
export async function prepareIntent(
  db: Db,
  items: { item: TransactItem; images?: KnownImages }[],
  token?: string,
): Promise<PreparedIntent> {
  const targets = items.flatMap(({ item, images }) => targetOf(db, item, images) ?? [])
  const unique = [...new Map(targets.map((t) => [keyString(t.key), t])).values()]
  if (!unique.length) return { settle: async () => {} }
  const read = await readItems(
    db,
    unique.filter((t) => t.before === undefined).map((t) => t.key),
  )
  const before = unique.map((t) => (t.before === undefined ? read.get(keyString(t.key)) : (t.before ?? undefined)))
  const scope = currentAuditScope()
  const images = unique.map((t, i) => t.put ?? before[i])
  const named = images.find((image) => typeof image?.competitionId === 'string')?.competitionId as string | undefined
  const competitionId = scope.competitionId ?? named ?? PLATFORM_CHAIN
  const changes: AuditChange[] = unique.map((t, i) => ({
    entity: String(images[i]?.entity ?? t.after?.entity ?? 'item'),
    key: createHash('sha256').update(keyString(t.key)).digest('hex'),
    ids: [...new Set(idsOf(before[i]).concat(idsOf(t.put)))],
    before: digestOf(before[i]),
    after: t.after === undefined ? null : digestOf(t.after ?? undefined),
  }))
  const unknownAfter = unique.flatMap((t, i) => (t.after === undefined ? [i] : []))
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
        settled: !unknownAfter.length,
      },
    },
  }
  return {
    item,
    settle: async () => {
      if (!unknownAfter.length) return
      const after = await readItems(
        db,
        unknownAfter.map((i) => unique[i]!.key),
      )
      const settled = changes.map((change, i) =>
        unique[i]!.after === undefined ? { ...change, after: digestOf(after.get(keyString(unique[i]!.key))) } : change,
      )
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
