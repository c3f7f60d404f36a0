// Tests only: runs a write between a request's read and its commit, so a guard's losing path
// runs every time instead of when a free-running race happens to hit it. It sits in the
// document client's middleware, where every `commit()` sends its one TransactWriteItems
// (test/support/platform.ts forbids scans the same way), so write.ts knows nothing of it and
// no Lambda bundle holds it: only tests import this module (test/infra/race-hook.test.ts).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Db } from './client.js'

/** The middleware's name, and the marker the bundle test looks for. */
export const RACE_HOOK = 'challenge-fund-race-hook'

type Waiting = { run: () => Promise<unknown>; ran: () => void }

/** Per document client (tests share one per endpoint), per table: what cuts in before the next commit. */
const waiting = new WeakMap<DynamoDBDocumentClient, Map<string, Waiting[]>>()

type Items = { [kind: string]: { TableName?: string } | undefined }[]

/** The table a transaction writes, from its first item (commit() writes one table per transaction). */
const tableOf = (items: Items | undefined): string | undefined =>
  Object.values(items?.[0] ?? {}).find((part) => part?.TableName)?.TableName

function install(doc: DynamoDBDocumentClient): Map<string, Waiting[]> {
  let byTable = waiting.get(doc)
  if (byTable) return byTable
  byTable = new Map()
  waiting.set(doc, byTable)
  const tables = byTable
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args)
      const table = tableOf((args.input as { TransactItems?: Items }).TransactItems)
      const queue = table ? tables.get(table) : undefined
      // Taken off the queue before it runs: its own commits go straight through.
      const cut = queue?.shift()
      if (cut) {
        await cut.run().catch(() => {})
        cut.ran()
      }
      return next(args)
    },
    { step: 'initialize', name: RACE_HOOK },
  )
  return byTable
}

export type CutIn<T> = {
  /** Whether the write has run (a transaction on the table reached the point of being sent). */
  readonly ran: boolean
  /** The write's own result, once it has run. */
  readonly result: Promise<T>
  /** Takes the write off the queue if it has not run. */
  cancel(): void
}

/**
 * Runs `write` once, just before the next transaction on `db`'s table is sent (a request's
 * commit, after everything it read), and only then lets that transaction go. The write's own
 * transactions are not held. Hooks on other tables (other test files' platforms) never fire here.
 * The test platform runs no timers unless asked (`deliverEveryMs`), so nothing else commits meanwhile.
 */
export function beforeNextCommit<T>(db: Db, write: () => Promise<T>): CutIn<T> {
  const byTable = install(db.doc)
  let ran = false
  let settle!: () => void
  const done = new Promise<void>((resolve) => {
    settle = resolve
  })
  let outcome!: Promise<T>
  const cut: Waiting = {
    run: () => {
      outcome = write()
      return outcome
    },
    ran: () => {
      ran = true
      settle()
    },
  }
  byTable.set(db.tableName, [...(byTable.get(db.tableName) ?? []), cut])
  return {
    get ran() {
      return ran
    },
    result: done.then(() => outcome),
    cancel: () => byTable.set(db.tableName, byTable.get(db.tableName)?.filter((w) => w !== cut) ?? []),
  }
}

/**
 * Runs `request`, and `write` between its reads and its commit; resolves with both results.
 * Throws if the request committed nothing (so nothing cut in): the forced path did not run.
 */
export async function cutIn<R, W>(
  db: Db,
  { request, write }: { request: () => Promise<R>; write: () => Promise<W> },
): Promise<{ request: R; write: W }> {
  const cut = beforeNextCommit(db, write)
  try {
    const requested = await request()
    if (!cut.ran) throw new Error('the request reached no commit, so nothing cut in before it')
    return { request: requested, write: await cut.result }
  } finally {
    cut.cancel()
  }
}

/**
 * Holds every transaction that mentions `marker` at the point of commit (its decision made on
 * what it read) until `release()`: the other side of a race then commits first, for certain.
 * `held` settles once such a transaction has reached that point.
 */
export function holdCommits(db: Db, marker: string): { held: Promise<void>; release: () => void } {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let reached!: () => void
  const held = new Promise<void>((resolve) => (reached = resolve))
  const name = `${RACE_HOOK}-hold-${marker}`
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand' && JSON.stringify(args.input).includes(marker)) {
        reached()
        await gate
      }
      return next(args)
    },
    { step: 'initialize', name },
  )
  return {
    held,
    release: () => {
      db.doc.middlewareStack.remove(name)
      release()
    },
  }
}
