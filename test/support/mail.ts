// The outbox as a test reads it: every email in every state, paged to the end, so a check
// that no email was sent cannot pass just because the table holds more than one page.
import type { Db } from '../../functions/db/client.js'
import { listOutbox } from '../../functions/db/outbox-repo.js'
import type { OutboxMessage } from '../../shared/schemas/outbox.js'

/** Every email the outbox holds: waiting, being sent, sent, or undeliverable. */
export async function everyEmail(db: Db): Promise<OutboxMessage[]> {
  const all: OutboxMessage[] = []
  for (const status of ['pending', 'sending', 'sent', 'undeliverable'] as const) {
    let cursor: string | undefined
    do {
      const page = await listOutbox(db, status, { limit: 100, cursor })
      all.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
  }
  return all
}

/** Every email written to `address` (of `kind`, when given), whatever its state. */
export async function emailsTo(db: Db, address: string, kind?: string): Promise<OutboxMessage[]> {
  return (await everyEmail(db)).filter((m) => m.to === address.toLowerCase() && (!kind || m.kind === kind))
}
