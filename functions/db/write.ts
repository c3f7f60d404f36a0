// Conditional writes and transactions, with the two failure modes core cares about:
// a condition that did not hold (a rule or a stale version), and contention (retried).
//
// Every write that carries a condition carries the name of the rule it holds (its guard):
// `'pot-fits'`, `'sheet-version'`, `'decisions-not-released'`. When a transaction is
// refused, `ConditionFailed` says which guards did not hold, by name, so core never
// depends on the order of the items it asked for. `commit` is the one way to write
// more than one item at once.
import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb'
import { prepareIntent, putIntentAlone, type KnownImages } from './audit-capture.js'
import { Contended } from './contended.js'
import type { Db } from './client.js'

/** One item of a DynamoDB transaction, as db/ builds it. Never leaves db/. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number]

declare const opaque: unique symbol

/**
 * One write of a transaction, built by a repo function. Core passes it on to `commit`
 * without looking inside; `G` is the name of the rule its condition holds, if it has one.
 */
export interface Write<G extends string = string> {
  readonly [opaque]?: G
}

type Built = { item: TransactItem; guard?: string; images?: KnownImages }

/**
 * Wraps a transaction item (db/ only). An item with a condition must name its guard. `images`:
 * the item before and after the write where its condition pins them, so the audit need not read
 * them (see audit-capture.ts).
 */
export function write(item: TransactItem): Write<never>
export function write<G extends string>(item: TransactItem, guard: G, images?: KnownImages): Write<G>
export function write(item: TransactItem, guard?: string, images?: KnownImages): Write<string> {
  const conditional = Object.values(item).some(
    (part) => part && 'ConditionExpression' in part && part.ConditionExpression,
  )
  if (conditional && !guard) throw new Error('a conditional write must name its guard')
  return { item, guard, images } as Built as Write<string>
}

/** The item a Put writes (for seeding test and bench data the way the app stores it). */
export function itemOf(w: Write): Record<string, unknown> {
  const item = built(w).item.Put?.Item
  if (!item) throw new Error('not a Put')
  return item
}

const built = (w: Write): Built => w as Built

/** A write's condition did not hold. `guard` names the rule; `guards` every rule that failed. */
export class ConditionFailed<G extends string = string> extends Error {
  constructor(
    readonly guard: G,
    /** The item as it was, where DynamoDB returned it. */
    readonly current?: Record<string, unknown>,
    readonly guards: readonly G[] = [guard],
    /** Each failed guard's item as it was, where DynamoDB returned it (`current` is the first's). */
    readonly items: Partial<Record<G, Record<string, unknown>>> = current
      ? ({ [guard]: current } as Partial<Record<G, Record<string, unknown>>>)
      : {},
  ) {
    super(`condition failed: ${guards.join(', ')}`)
  }

  /** Whether the named rule was among those that did not hold. */
  failed(name: G): boolean {
    return this.guards.includes(name)
  }
}

export { Contended }

/**
 * What to throw instead of `ConditionFailed` when a named guard does not hold, listed in
 * order of precedence: the first listed guard among those that failed decides the error.
 */
export type Refusals<G extends string> = {
  readonly [K in G]?: (current: Record<string, unknown> | undefined) => Error | Promise<Error>
}

const MAX_ATTEMPTS = 4
const MAX_ITEMS = 100

/**
 * Writes everything or nothing, retrying only when DynamoDB cancels the transaction for a
 * conflicting concurrent one. A guard that did not hold is never retried: it becomes the
 * error its refusal names, or `ConditionFailed` carrying the names.
 */
export async function commit<G extends string>(
  db: Db,
  writes: readonly Write<G>[],
  refusals: Refusals<NoInfer<G>> = {},
  options: { clientRequestToken?: string } = {},
): Promise<void> {
  const items = writes.map(built)
  if (!items.length) return
  if (items.length > MAX_ITEMS) throw new Error(`a transaction holds at most ${MAX_ITEMS} writes, not ${items.length}`)
  // Every change is audited here, in its own transaction (functions/db/audit-capture.ts).
  const intent = await prepareIntent(db, items, options.clientRequestToken)
  const roomy = intent.item && items.length < MAX_ITEMS
  try {
    await transact(db, roomy ? [...items, { item: intent.item! }] : items, options.clientRequestToken)
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
    throw await refused(error as ConditionFailed<G>, refusals)
  }
  if (intent.item && !roomy) await putIntentAlone(db, intent.item)
  await intent.settle()
}

/** Runs one conditional write (a single Put, Update or Delete), naming its guard when it fails. */
export async function conditional<G extends string, T>(
  guard: G,
  run: () => Promise<T>,
  refusals: Refusals<NoInfer<G>> = {},
): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException)
      throw await refused(new ConditionFailed(guard, plain(error.Item)), refusals)
    throw error
  }
}

async function refused<G extends string>(failure: ConditionFailed<G>, refusals: Refusals<G>): Promise<Error> {
  for (const [guard, refuse] of Object.entries(refusals) as [G, Refusals<G>[G]][]) {
    if (refuse && failure.failed(guard)) return refuse(failure.items[guard])
  }
  return failure
}

async function transact(db: Db, items: Built[], clientRequestToken?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.doc.send(
        new TransactWriteCommand({ TransactItems: items.map((i) => i.item), ClientRequestToken: clientRequestToken }),
      )
      return
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error
      const reasons = error.CancellationReasons ?? []
      const failed = reasons.flatMap((reason, i) => (reason.Code === 'ConditionalCheckFailed' ? [i] : []))
      if (failed.length) {
        const names = failed.map((i) => items[i]?.guard ?? 'unnamed')
        // Each failed guard's item as it was: the first write under a name, where two share one.
        const was: Record<string, Record<string, unknown>> = {}
        failed.forEach((i, n) => {
          const item = plain(reasons[i]?.Item)
          if (item && !(names[n]! in was)) was[names[n]!] = item
        })
        throw new ConditionFailed(names[0]!, plain(reasons[failed[0]!]?.Item), names, was)
      }
      const conflicted = reasons.some((r) => r.Code === 'TransactionConflict') || reasons.length === 0
      if (!conflicted) throw error
      if (attempt >= MAX_ATTEMPTS) throw new Contended('transaction conflicted repeatedly')
      await backoff(attempt)
    }
  }
}

/** The item a failed condition returns (ReturnValuesOnConditionCheckFailure) comes in wire format. */
function plain(item: Record<string, AttributeValue> | undefined): Record<string, unknown> | undefined {
  return item ? unmarshall(item) : undefined
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * 25 * 2 ** attempt
  return new Promise((resolve) => setTimeout(resolve, ms))
}
