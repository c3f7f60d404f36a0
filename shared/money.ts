// Money is integer pence everywhere; these turn it into pounds for people and back.

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' })
const gbpWhole = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 })

/** £60,000 for whole pounds, £16,240.50 otherwise. */
export function formatPence(pence: number): string {
  return pence % 100 === 0 ? gbpWhole.format(pence / 100) : gbp.format(pence / 100)
}

/**
 * Parses what a person types as pounds ("60000", "£60,000", "16,240.50") into pence.
 * Returns undefined for anything that is not a non-negative amount with at most 2 decimals.
 */
export function parsePoundsToPence(text: string): number | undefined {
  const cleaned = text.trim().replace(/^£/, '').replace(/,/g, '').trim()
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned)
  if (!match) return undefined
  const pounds = Number(match[1])
  const pence = Number((match[2] ?? '').padEnd(2, '0'))
  return pounds * 100 + pence
}

/** Pence as a pounds string for an input field: 6000000 → "60000", 1624050 → "16240.50". */
export function penceToPoundsInput(pence: number): string {
  return pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2)
}

/**
 * Splits `pence` into `parts` integer shares that add up to it exactly: equal shares, the
 * pence left over going one each to the first parts (so the same inputs always split alike).
 */
export function splitPence(pence: number, parts: number): number[] {
  if (parts <= 0) return []
  const base = Math.floor(pence / parts)
  const left = pence - base * parts
  return Array.from({ length: parts }, (_, i) => base + (i < left ? 1 : 0))
}

/**
 * Whole percentages of `values` that add up to exactly 100 (when the total is not 0): each
 * rounded down, then the points left over to the largest remainders, ties to the earlier.
 */
export function wholePercentages(values: number[]): number[] {
  const total = values.reduce((sum, v) => sum + v, 0)
  if (total <= 0) return values.map(() => 0)
  const exact = values.map((v) => (v * 100) / total)
  const floors = exact.map(Math.floor)
  let left = 100 - floors.reduce((sum, v) => sum + v, 0)
  const order = exact.map((v, i) => ({ i, rest: v - floors[i]! })).sort((a, b) => b.rest - a.rest || a.i - b.i)
  for (const { i } of order) {
    if (left <= 0) break
    floors[i]! += 1
    left--
  }
  return floors
}
