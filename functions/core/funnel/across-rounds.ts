// Statistical disclosure control for survey counts added up across a programme's rounds (pure;
// property-tested). Each round has published its own counts, some suppressed; the programme's
// must not let anyone recover a hidden count by subtracting the rounds' published counts, nor
// by subtracting the programme's other cells from its total.
import { SMALL_NUMBER, type ShownCount } from '../../../shared/schemas/di-survey.js'

/**
 * One question's row across rounds. `cells[k][i]` is round k's true count in cell i (options,
 * then "not answered"), `shown[k][i]` what round k published. A programme cell is hidden when it
 * is under 5, or when it holds round counts that were hidden unless at least two rounds' hidden
 * counts add up to 5 or more in it (one alone could be recovered as the cell minus the others'
 * shown counts). Then, as for one round, the hidden cells must be at least two adding up to 5
 * or more, or the total would give one away: more are hidden, smallest first, choosing only
 * cells not already public (a cell every round showed can be added up by anyone, so hiding it
 * protects nothing); if none is left, the whole row is hidden.
 */
export function suppressAcrossRounds(cells: number[][], shown: ShownCount[][]): ShownCount[] {
  const width = cells[0]?.length ?? 0
  const total = cells.flat().reduce((sum, n) => sum + n, 0)
  const sum = (i: number) => cells.reduce((s, round) => s + (round[i] ?? 0), 0)
  const all = () => Array.from({ length: width }, () => 'suppressed' as const)
  if (total < SMALL_NUMBER) return all()
  const isPublic = (i: number) => shown.every((round) => round[i] !== 'suppressed')
  const hidden = new Set<number>()
  for (let i = 0; i < width; i++) {
    const hiddenRounds = cells.flatMap((round, k) => (shown[k]?.[i] === 'suppressed' ? [round[i] ?? 0] : []))
    const hiddenSum = hiddenRounds.reduce((s, n) => s + n, 0)
    if (sum(i) < SMALL_NUMBER || (hiddenRounds.length > 0 && (hiddenRounds.length < 2 || hiddenSum < SMALL_NUMBER)))
      hidden.add(i)
  }
  // What the attacker cannot add up from the rounds: the hidden cells that are not public.
  const secret = () => [...hidden].filter((i) => !isPublic(i))
  const secretSum = () => secret().reduce((s, i) => s + sum(i), 0)
  while (secret().length > 0 && (secret().length < 2 || secretSum() < SMALL_NUMBER)) {
    const next = Array.from({ length: width }, (_, i) => i)
      .filter((i) => !hidden.has(i) && !isPublic(i))
      .sort((a, b) => sum(a) - sum(b))[0]
    if (next === undefined) return all()
    hidden.add(next)
  }
  return Array.from({ length: width }, (_, i) => (hidden.has(i) ? 'suppressed' : sum(i)))
}
