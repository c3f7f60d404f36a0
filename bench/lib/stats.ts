// Order statistics over samples; nearest-rank, so every figure is a value that was measured.

export function percentile(samples: number[], p: number): number {
  if (!samples.length) throw new Error('no samples')
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export const median = (samples: number[]) => percentile(samples, 50)
export const p90 = (samples: number[]) => percentile(samples, 90)

/**
 * Indexes 0/1 in ABBA order (0,1,1,0,0,1,…) so neither side always goes first and a slow
 * drift (thermal, page cache, JIT) falls on both alike.
 */
export const abba = (round: number): [0 | 1, 0 | 1] => (round % 2 === 0 ? [0, 1] : [1, 0])
