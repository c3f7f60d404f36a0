// Locally, the release scheduler the cloud runs every minute (functions/events/release-scheduler.ts)
// runs on a timer in the server process instead.
import { runDueReleases } from '../core/feedback/release.js'
import type { Ctx } from '../core/context.js'

export function startLocalReleases(ctx: Pick<Ctx, 'db' | 'now' | 'publicUrl'>, everyMs: number): () => void {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    runDueReleases(ctx)
      .catch((error: unknown) => console.error('Local release run failed:', error instanceof Error ? error.message : error))
      .finally(() => (running = false))
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
