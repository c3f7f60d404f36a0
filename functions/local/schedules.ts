// Locally, what the cloud runs on schedules and a stream (functions/events/: the release
// scheduler, the offer lapser, the grant reminders, the outbox mailer) runs on timers in the server process. Each
// run logs under an id of its own, as each Lambda invocation does under its request id.
import { randomUUID } from 'node:crypto'
import { checkpointHeads } from '../core/audit/chain.js'
import { withAuditScope } from '../core/audit/scope.js'
import type { CheckpointStore } from '../core/audit/checkpoint-store.js'
import { lapseDueOffers } from '../core/awards/lapse.js'
import type { Ctx } from '../core/context.js'
import { runDueReleases } from '../core/feedback/release.js'
import { sendCheckInNotices } from '../core/grants/check-ins.js'
import { remindMilestones } from '../core/grants/reminders.js'
import { lapseHolds, remindEvents, sweepEventRetention } from '../core/events/reminders.js'
import { log, withLogger } from '../core/log.js'
import { sweepUnsuccessfulEois } from '../core/users/retention.js'
import { deliverToLocalMailbox } from '../adapters/local-mailbox.js'
import { countRelease } from '../adapters/metrics.js'

/** How often the audit chainer and checkpointer run locally, at most: as often as the cloud's chainer. */
const AUDIT_EVERY_MS = 60_000

/** Runs releases, lapses, grant reminders and mail delivery every `everyMs`; returns a function that stops them. */
export function startLocalSchedules(
  ctx: Pick<Ctx, 'db' | 'now' | 'publicUrl'> & { checkpoints: CheckpointStore },
  everyMs: number,
): () => void {
  const stops = [
    every(everyMs, 'Local release run', () => runDueReleases(ctx, countRelease)),
    every(everyMs, 'Local offer lapse run', () => lapseDueOffers(ctx)),
    every(everyMs, 'Local check-in opener run', () => sendCheckInNotices(ctx)),
    every(everyMs, 'Local grant reminder run', () => remindMilestones(ctx)),
    every(everyMs, 'Local event run', async () => [
      await lapseHolds(ctx),
      await remindEvents(ctx),
      await sweepEventRetention(ctx),
    ]),
    every(everyMs, 'Local mail delivery', () => deliverToLocalMailbox(ctx)),
    // Daily in the cloud; here as often as the others, so a period that ends is seen at once.
    every(everyMs, 'Local EOI retention run', () => sweepUnsuccessfulEois(ctx)),
    // Verify and the dossier chain what is pending first, so a minute (the cloud's rate) is soon enough.
    every(Math.max(everyMs, AUDIT_EVERY_MS), 'Local audit chaining and checkpoint', () => checkpointHeads(ctx)),
  ]
  return () => stops.forEach((stop) => stop())
}

/** Calls `run` every `everyMs`, never twice at once; a failed run is logged and the next one tries again. */
function every(everyMs: number, name: string, run: () => Promise<unknown>): () => void {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    withLogger(log.child({ requestId: randomUUID() }), () =>
      // What a scheduled run changes is audited as the system's, under the run's name.
      withAuditScope({ actorId: 'system', role: 'system', action: name }, run).catch((error: unknown) =>
        log.error(`${name} failed`, { error }),
      ),
    ).finally(() => (running = false))
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
