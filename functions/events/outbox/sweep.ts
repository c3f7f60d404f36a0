// The sweeper's loop: delivers pending outbox messages a page at a time until the outbox is
// drained or the time budget is spent, leaving the rest for the next scheduled run; then writes
// how long the oldest email still pending has waited (OutboxOldestPendingSeconds, 0 if none).
import { putMetric } from '../../adapters/metrics.js'
import type { Ctx } from '../../core/context.js'
import { log } from '../../core/log.js'
import { deliverPending, oldestPendingAgeSeconds, type Transport } from '../../core/notifications/deliver.js'
import { DeadlineNear } from './deadline.js'
import { countDelivery } from './delivery-metrics.js'

/** Messages per deliverPending call: one GSI1 page of the pending list. */
export const SWEEP_PAGE = 25
/**
 * No page starts after this. The sweeper's timeout (events stack) leaves a page started just
 * before it time to send, and any send within SEND_MARGIN_MS of the timeout is refused.
 */
export const SWEEP_BUDGET_MS = 50_000

export type SweepOptions = {
  /** Messages per page; a page that sends fewer means the pending list is (nearly) drained. */
  limit: number
  /** No new page is started after this long; a page already started runs to its end. */
  budgetMs: number
  now?: () => number
}

export type SweepResult = {
  sent: number
  pages: number
  /** drained: a page sent fewer than `limit`; budget: out of time between pages; deadline: a send was refused near the timeout. */
  stoppedBy: 'drained' | 'budget' | 'deadline'
}

/**
 * Calls `deliverPage(limit)` (deliverPending) until a page sends fewer than `limit` messages
 * or `budgetMs` has passed. "Fewer sent" also covers messages the stream mailer claimed
 * first: stopping early then is harmless, as the next run picks up whatever is left. A
 * refused send (DeadlineNear) ends the sweep quietly; any other error is rethrown, so the
 * invocation counts as an error.
 */
export async function sweep(
  deliverPage: (limit: number) => Promise<number>,
  { limit, budgetMs, now = Date.now }: SweepOptions,
): Promise<SweepResult> {
  const started = now()
  let sent = 0
  let pages = 0
  for (;;) {
    let pageSent: number
    try {
      pageSent = await deliverPage(limit)
    } catch (error) {
      if (error instanceof DeadlineNear) return { sent, pages, stoppedBy: 'deadline' }
      // Messages sent before the failure are counted; the failed one is pending again.
      log.error('Outbox sweep stopped by a failed delivery; the message stays pending', { sent, pages, error })
      throw error
    }
    pages++
    sent += pageSent
    if (pageSent < limit) return { sent, pages, stoppedBy: 'drained' }
    if (now() - started >= budgetMs) return { sent, pages, stoppedBy: 'budget' }
  }
}

/**
 * The sweeper's run: sweeps the outbox through `send` (counting EmailSent and EmailFailed),
 * then writes OutboxOldestPendingSeconds, even when a failed delivery stopped the sweep, so
 * the alarm on stuck emails always has a value.
 */
export async function sweepOutbox(ctx: Pick<Ctx, 'db' | 'now'>, send: Transport): Promise<SweepResult> {
  try {
    return await sweep((limit) => deliverPending(ctx, send, limit, countDelivery), {
      limit: SWEEP_PAGE,
      budgetMs: SWEEP_BUDGET_MS,
    })
  } finally {
    putMetric('OutboxOldestPendingSeconds', await oldestPendingAgeSeconds(ctx), 'Seconds')
  }
}
