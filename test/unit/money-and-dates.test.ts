import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatLondon, londonLocalToUtcIso, timeUntil, utcIsoToLondonLocal } from '../../shared/dates.js'
import {
  formatPence,
  parsePoundsToPence,
  penceToPoundsInput,
  splitPence,
  wholePercentages,
} from '../../shared/money.js'

describe('money', () => {
  it('formats pence as pounds people read', () => {
    expect(formatPence(6_000_000)).toBe('£60,000')
    expect(formatPence(1_624_050)).toBe('£16,240.50')
    expect(formatPence(0)).toBe('£0')
  })

  it('parses what people type', () => {
    expect(parsePoundsToPence('60000')).toBe(6_000_000)
    expect(parsePoundsToPence('£60,000')).toBe(6_000_000)
    expect(parsePoundsToPence(' 16,240.5 ')).toBe(1_624_050)
    for (const bad of ['', '-5', '1.234', 'sixty', '£', '1e5']) expect(parsePoundsToPence(bad)).toBeUndefined()
  })

  it('round-trips any amount through the input form', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        (pence) => parsePoundsToPence(penceToPoundsInput(pence)) === pence,
      ),
    )
  })
})

describe('budget shares', () => {
  it('splits pence into integer parts that add up exactly, the odd pence to the first parts', () => {
    expect(splitPence(1_000_000, 3)).toEqual([333_334, 333_333, 333_333])
    expect(splitPence(2, 3)).toEqual([1, 1, 0])
    expect(splitPence(5, 0)).toEqual([])
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_00 }), fc.integer({ min: 1, max: 12 }), (pence, parts) => {
        const split = splitPence(pence, parts)
        expect(split.reduce((a, b) => a + b, 0)).toBe(pence)
        expect(Math.max(...split) - Math.min(...split)).toBeLessThanOrEqual(1)
      }),
    )
  })

  it('gives whole percentages that add up to exactly 100, whatever the rounding', () => {
    expect(wholePercentages([1, 1, 1])).toEqual([34, 33, 33])
    expect(wholePercentages([0, 0])).toEqual([0, 0])
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 12 }), (values) => {
        const percents = wholePercentages(values)
        const total = values.reduce((a, b) => a + b, 0)
        expect(percents.reduce((a, b) => a + b, 0)).toBe(total > 0 ? 100 : 0)
        percents.forEach((p, i) => expect(Math.abs(p - (total ? (values[i]! * 100) / total : 0))).toBeLessThan(1))
      }),
    )
  })
})

describe('Europe/London times', () => {
  it('reads winter times as GMT and summer times as BST', () => {
    expect(londonLocalToUtcIso('2021-11-01T12:00')).toBe('2021-11-01T12:00:00.000Z')
    expect(londonLocalToUtcIso('2022-06-01T12:00')).toBe('2022-06-01T11:00:00.000Z')
    expect(formatLondon('2021-11-01T12:00:00.000Z')).toBe('Monday 1 November 2021 at 12:00 GMT')
    expect(formatLondon('2022-06-01T11:00:00.000Z')).toBe('Wednesday 1 June 2022 at 12:00 BST')
  })

  it('refuses a time the clocks skip and takes the first of a time that happens twice', () => {
    expect(londonLocalToUtcIso('2022-03-27T01:30')).toBeUndefined()
    expect(londonLocalToUtcIso('2022-10-30T01:30')).toBe('2022-10-30T00:30:00.000Z')
    expect(londonLocalToUtcIso('2022-13-01T10:00')).toBeUndefined()
    expect(londonLocalToUtcIso('yesterday')).toBeUndefined()
  })

  it('round-trips any minute through a datetime-local field', () => {
    const minute = 60_000
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / minute, max: Date.UTC(2040, 0, 1) / minute }), (m) => {
        const iso = new Date(m * minute).toISOString()
        const local = utcIsoToLondonLocal(iso)
        const back = londonLocalToUtcIso(local)!
        // The second 01:xx of an autumn night maps back to the first; everything else exactly.
        return back === iso || new Date(iso).getTime() - new Date(back).getTime() === 60 * minute
      }),
    )
  })

  it('says how long is left', () => {
    const now = new Date('2021-11-01T12:00:00Z')
    expect(timeUntil('2021-11-01T12:30:00Z', now)).toBe('in 30 minutes')
    expect(timeUntil('2021-11-02T12:00:00Z', now)).toBe('in 24 hours')
    expect(timeUntil('2021-12-31T12:00:00Z', now)).toBe('in 60 days')
    expect(timeUntil('2021-11-01T11:00:00Z', now)).toBe('closed')
  })
})
