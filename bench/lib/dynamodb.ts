// DynamoDB helpers for benches: seeding many items fast, and recording every call the
// document client makes (which command, when, how many items read by key or written; failed calls too).
import { BatchWriteCommand, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb'
import type { Db } from '../../functions/db/client.js'
import { pool } from './pool.js'

type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number]

/** BatchWriteItem takes at most this many puts per request. */
const BATCH = 25
const MAX_ATTEMPTS = 10

/**
 * Puts every item with BatchWriteItem, 25 a request, `concurrency` requests in flight,
 * retrying what DynamoDB leaves unprocessed with a growing pause. Unconditional: for seeding.
 */
export async function batchWriteAll(
  db: Db,
  items: Record<string, unknown>[],
  { concurrency = 8 } = {},
): Promise<{ requests: number; retried: number }> {
  const chunks: WriteRequest[][] = []
  for (let i = 0; i < items.length; i += BATCH)
    chunks.push(items.slice(i, i + BATCH).map((Item) => ({ PutRequest: { Item } })))
  const tally = { requests: 0, retried: 0 }
  await pool(chunks, concurrency, async (chunk) => {
    let pending = chunk
    for (let attempt = 1; pending.length; attempt++) {
      if (attempt > MAX_ATTEMPTS)
        throw new Error(`${pending.length} items still unprocessed after ${MAX_ATTEMPTS} BatchWriteItem attempts`)
      if (attempt > 1) {
        tally.retried += pending.length
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 20 * 2 ** attempt)))
      }
      const { UnprocessedItems } = await db.doc.send(
        new BatchWriteCommand({ RequestItems: { [db.tableName]: pending } }),
      )
      tally.requests++
      pending = UnprocessedItems?.[db.tableName] ?? []
    }
  })
  return tally
}

/** One call through the document client: the SDK's command name, and when it ran. */
export type DynamoDbCall = {
  command: string
  started: number
  ended: number
  /** Items asked for by key (GetItem: 1; BatchGetItem: its keys); 0 for queries and writes. */
  keysRead: number
  /** Items the answer carried (Query and Scan: Items; GetItem: Item; BatchGetItem: Responses). */
  itemsReturned: number
  /** Items the call asked to write (Put/Update/Delete: 1; BatchWriteItem: its requests; TransactWriteItems: its items, condition checks included). */
  itemsWritten: number
  /** The error's name where the call failed (e.g. TransactionCanceledException); failed calls are recorded too. */
  failed?: string
}

export type CallRecorder = {
  /** The calls that started at or after `mark` (a performance.now() reading). */
  since: (mark: number) => DynamoDbCall[]
  /** Takes the middleware off the client. */
  stop: () => void
}

const itemsReturned = (output: Record<string, unknown>): number => {
  if (Array.isArray(output.Items)) return output.Items.length
  if (output.Item) return 1
  const responses = (output.Responses ?? {}) as Record<string, unknown[]>
  return Array.isArray(responses)
    ? responses.length
    : Object.values(responses).reduce((sum, items) => sum + items.length, 0)
}

const keysRead = (command: string, input: Record<string, unknown>): number => {
  if (command === 'GetItemCommand') return 1
  if (command !== 'BatchGetItemCommand') return 0
  const requested = (input.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>
  return Object.values(requested).reduce((sum, table) => sum + (table.Keys?.length ?? 0), 0)
}

const itemsWritten = (command: string, input: Record<string, unknown>): number => {
  if (['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand'].includes(command)) return 1
  if (command === 'TransactWriteItemsCommand')
    return Array.isArray(input.TransactItems) ? input.TransactItems.length : 0
  if (command !== 'BatchWriteItemCommand') return 0
  const requested = (input.RequestItems ?? {}) as Record<string, unknown[]>
  return Object.values(requested).reduce((sum, table) => sum + table.length, 0)
}

/**
 * Records every call the document client sends, from an initialize-step middleware (so an
 * SDK retry is still one call). createDb keeps one client per endpoint, so a server built on
 * the same endpoint is recorded too.
 */
export function recordDynamoDbCalls(db: Db, name = 'benchDynamoDbCallRecorder'): CallRecorder {
  const calls: DynamoDbCall[] = []
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown'
      const started = performance.now()
      const input = args.input as Record<string, unknown>
      const written = itemsWritten(command, input)
      try {
        const result = await next(args)
        calls.push({
          command,
          started,
          ended: performance.now(),
          keysRead: keysRead(command, input),
          itemsReturned: itemsReturned(result.output as Record<string, unknown>),
          itemsWritten: written,
        })
        return result
      } catch (error) {
        calls.push({
          command,
          started,
          ended: performance.now(),
          keysRead: 0,
          itemsReturned: 0,
          itemsWritten: written,
          failed: error instanceof Error ? error.name : 'Error',
        })
        throw error
      }
    },
    { step: 'initialize', name },
  )
  return {
    since: (mark) => calls.filter((call) => call.started >= mark),
    stop: () => void db.doc.middlewareStack.remove(name),
  }
}

/**
 * The longest chain of calls each of which started only after the one before it had
 * answered: the round trips a request waits for one after another (calls in parallel share one).
 */
export function sequentialRoundTrips(calls: DynamoDbCall[]): number {
  const sorted = [...calls].sort((a, b) => a.started - b.started)
  const depth: number[] = []
  sorted.forEach((call, i) => {
    let before = 0
    for (let j = 0; j < i; j++) if (sorted[j]!.ended <= call.started) before = Math.max(before, depth[j]!)
    depth.push(before + 1)
  })
  return Math.max(0, ...depth)
}
