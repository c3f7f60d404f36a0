// Concurrency for benches: work over a list with a fixed number in flight, as a fleet of
// clients (or writers) each taking the next item when its last one is done.

/**
 * Runs `work` over `items` with at most `limit` in flight, starting none after `stopAt` (a
 * performance.now() time); returns each finished item's result and time in ms, in the items' order.
 */
export async function pool<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
  { stopAt = Infinity } = {},
): Promise<{ ms: number; result: R }[]> {
  const results: { ms: number; result: R }[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length && performance.now() < stopAt) {
        const i = next++
        const started = performance.now()
        const result = await work(items[i]!)
        results[i] = { ms: performance.now() - started, result }
      }
    }),
  )
  return results
}
