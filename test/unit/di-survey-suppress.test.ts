// The published D&I counts: no count under 5 shown, and no hidden count recoverable by
// subtracting the shown ones from the row's total (every option plus "not answered").
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { countAndSuppress } from '../../functions/core/di-survey/di-survey.js'
import { suppressRow } from '../../functions/core/di-survey/suppress.js'

const hiddenOf = (cells: number[], shown: ReturnType<typeof suppressRow>) =>
  cells.filter((_, i) => shown[i] === 'suppressed')

describe('suppressing a row of counts', () => {
  it('shows exact counts from 5 up when the hidden ones are at least two and add up to 5 or more', () => {
    expect(suppressRow([7, 3, 2, 0], 12)).toEqual([7, 'suppressed', 'suppressed', 'suppressed'])
  })

  it('hides the next smallest count too when one hidden count could be worked out by subtraction', () => {
    // Total 15: showing 10 and 0… would give away the lone 4 (or 15 − 10 − … = 4).
    expect(suppressRow([10, 5, 0], 15)).toEqual([10, 'suppressed', 'suppressed'])
    expect(suppressRow([10, 6, 4], 20)).toEqual([10, 'suppressed', 'suppressed'])
  })

  it('hides everything when the hidden counts would add up to under 5, so each would be pinned near nothing', () => {
    expect(suppressRow([6, 0, 0, 0], 6)).toEqual(['suppressed', 'suppressed', 'suppressed', 'suppressed'])
    expect(suppressRow([5, 1, 1, 0], 7)).toEqual(['suppressed', 'suppressed', 'suppressed', 'suppressed'])
  })

  it('hides the whole row when fewer than 5 answered', () => {
    expect(suppressRow([3, 1], 4)).toEqual(['suppressed', 'suppressed'])
  })

  it('never shows a count under 5 nor leaves a hidden count recoverable, whatever the counts', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 30 }), { minLength: 2, maxLength: 9 }), (cells) => {
        const total = cells.reduce((sum, n) => sum + n, 0)
        const shown = suppressRow(cells, total)
        for (const [i, count] of shown.entries()) if (count !== 'suppressed') expect(count).toBe(cells[i])
        expect(shown.every((count) => count === 'suppressed' || count >= 5)).toBe(true)
        const hidden = hiddenOf(cells, shown)
        if (total < 5) expect(hidden).toHaveLength(cells.length)
        // Known: the total and the shown counts, so the hidden counts' sum. One hidden count,
        // or a sum under 5, would pin the hidden ones down; neither is ever published.
        else if (hidden.length) {
          expect(hidden.length).toBeGreaterThanOrEqual(2)
          expect(hidden.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(5)
        }
      }),
    )
  })
})

describe('counting the answer sets', () => {
  it('counts each asked question, with those who skipped it as "not answered", in the same row', () => {
    const sets = [
      ...Array.from({ length: 7 }, () => ({ ageBand: '25-34' })),
      ...Array.from({ length: 3 }, () => ({ ageBand: '35-44' })),
      ...Array.from({ length: 2 }, () => ({})),
    ]
    const published = countAndSuppress({ diSurveyQuestions: ['ageBand'] }, sets, new Date('2026-03-01T12:00:00Z'))
    expect(published.respondents).toBe(12)
    const [age] = published.questions
    expect(age!.options.find((o) => o.id === '25-34')!.count).toBe(7)
    expect(age!.options.filter((o) => o.id !== '25-34').every((o) => o.count === 'suppressed')).toBe(true)
    expect(age!.notAnswered).toBe('suppressed')
  })
})
