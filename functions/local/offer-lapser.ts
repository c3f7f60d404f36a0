// Locally, the offer lapser the cloud runs on a schedule (functions/events/offer-lapser.ts)
// runs on a timer in the server process instead.
import { lapseDueOffers } from '../core/awards/lapse.js'
import type { Ctx } from '../core/context.js'

export function startLocalLapses(ctx: Pick<Ctx, 'db' | 'now' | 'publicUrl'>, everyMs: number): () => void {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    lapseDueOffers(ctx)
      .catch((error: unknown) => console.error('Local offer lapse run failed:', error instanceof Error ? error.message : error))
      .finally(() => (running = false))
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
