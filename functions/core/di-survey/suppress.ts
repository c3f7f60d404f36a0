// Statistical disclosure control for the published D&I counts: no count under 5 is shown,
// and no hidden count can be worked out from the shown ones (pure; property-tested).
import { SMALL_NUMBER, type ShownCount } from '../../../shared/schemas/di-survey.js'

/**
 * One question's row: its cells (every option, and "not answered") add up to `total`, which is
 * published. Cells under 5 are hidden (primary suppression); then, while a single hidden cell
 * could be recovered as total − shown, or the hidden cells together are under 5 (so each is
 * pinned near nothing), the smallest shown cell is hidden too (complementary suppression).
 * A total under 5 hides the whole row.
 */
export function suppressRow(cells: number[], total: number): ShownCount[] {
  if (total < SMALL_NUMBER) return cells.map(() => 'suppressed')
  const hidden = new Set(cells.flatMap((count, i) => (count < SMALL_NUMBER ? [i] : [])))
  const hiddenSum = () => [...hidden].reduce((sum, i) => sum + cells[i]!, 0)
  while (hidden.size > 0 && (hidden.size < 2 || hiddenSum() < SMALL_NUMBER)) {
    const next = cells
      .map((count, i) => [count, i] as const)
      .filter(([, i]) => !hidden.has(i))
      .sort((a, b) => a[0] - b[0])[0]
    if (!next) break
    hidden.add(next[1])
  }
  return cells.map((count, i) => (hidden.has(i) ? 'suppressed' : count))
}

/** The respondents' total as published: hidden under 5 (and then so is every count). */
export const shownTotal = (total: number): ShownCount => (total < SMALL_NUMBER ? 'suppressed' : total)
