// Conditional writes and transactions, with the two failure modes core cares about:
// a condition that did not hold (a rule or a stale version), and contention (retried).
import { ConditionalCheckFailedException, TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb'
import type { Db } from './client.js'

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number]

/** A write's condition did not hold. `index` says which item of a transaction. */
export class ConditionFailed extends Error {
  constructor(
    readonly index: number,
    /** The item as it was, where DynamoDB returned it. */
    readonly current?: Record<string, unknown>,
    /** Every item whose condition failed (`index` is the first). */
    readonly indexes: number[] = [index],
  ) {
    super(`condition failed on item ${index}`)
  }
}

/** Contention outlasted the retries; the caller should say "try again". */
export class Contended extends Error {}

const MAX_ATTEMPTS = 4

/**
 * Runs a transaction, retrying only when DynamoDB cancels it for a conflicting
 * concurrent transaction. A failed condition is never retried here: core decides.
 */
export async function transactWrite(db: Db, items: TransactItem[], clientRequestToken?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: clientRequestToken }))
      return
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error
      const reasons = error.CancellationReasons ?? []
      const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed')
      if (failed >= 0) throw new ConditionFailed(failed, plain(reasons[failed]?.Item), reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : [])))
      const conflicted = reasons.some((r) => r.Code === 'TransactionConflict') || reasons.length === 0
      if (!conflicted) throw error
      if (attempt >= MAX_ATTEMPTS) throw new Contended('transaction conflicted repeatedly')
      await backoff(attempt)
    }
  }
}

/** Turns a single-item ConditionalCheckFailedException into ConditionFailed. */
export async function conditional<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new ConditionFailed(0, plain(error.Item))
    }
    throw error
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
