// The funnel's pure rules: one key per organisation however its name is typed; how an award's
// status moves the counts; and survey counts added up across a programme's rounds, from which
// no round's hidden count can be worked out.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { suppressAcrossRounds } from '../../functions/core/funnel/across-rounds.js'
import { organisationKey } from '../../functions/core/funnel/organisation-key.js'
import { awardDeltas } from '../../functions/core/funnel/scopes.js'
import { suppressRow } from '../../functions/core/di-survey/suppress.js'

describe('organisationKey', () => {
  it('matches names that differ only in case, punctuation, accents and legal form', () => {
    const key = organisationKey('Koala North West Ltd')
    for (const name of [
      'KOALA NORTH WEST LIMITED',
      'koala north-west',
      'Koala North West (CIC)',
      'The Koala North West LLP',
    ])
      expect(organisationKey(name), name).toBe(key)
    expect(organisationKey('Café Ltd')).toBe('cafe')
    expect(organisationKey('Smith & Sons')).toBe(organisationKey('Smith and Sons Limited'))
  })

  it('keeps different organisations apart, and a name made only of legal words still has a key', () => {
    expect(organisationKey('Damibu')).not.toBe(organisationKey('Damibu Health'))
    expect(organisationKey('The Company Ltd')).toBe('the company ltd')
  })
})

describe('award moves', () => {
  it('counts an offer made (even declined or lapsed) as awarded, and takes back only a withdrawal', () => {
    expect(awardDeltas(undefined, 'offered')).toEqual({ awarded: 1, accepted: 0 })
    expect(awardDeltas('offered', 'accepted')).toEqual({ awarded: 0, accepted: 1 })
    expect(awardDeltas('offered', 'declined')).toEqual({ awarded: 0, accepted: 0 })
    expect(awardDeltas('offered', 'lapsed')).toEqual({ awarded: 0, accepted: 0 })
    expect(awardDeltas('offered', 'withdrawn')).toEqual({ awarded: -1, accepted: 0 })
    expect(awardDeltas('accepted', 'withdrawn')).toEqual({ awarded: -1, accepted: -1 })
  })
})

/** Round rows as each round published them (suppressRow over its own cells). */
const published = (rounds: number[][]) =>
  rounds.map((cells) =>
    suppressRow(
      cells,
      cells.reduce((s, n) => s + n, 0),
    ),
  )

describe('survey counts across rounds', () => {
  it('hides a programme count holding one round’s hidden count, which subtraction would give away', () => {
    // Round A hid its 3 and 2; round B showed 6 and 9. Showing 9 (= 3 + 6) would give A's 3 away.
    const rounds = [
      [3, 2, 9],
      [6, 9, 5],
    ]
    const shown = suppressAcrossRounds(rounds, published(rounds))
    expect(shown[0]).toBe('suppressed')
    expect(shown[1]).toBe('suppressed')
    expect(shown[2]).toBe(14)
  })

  it('never lets a round’s hidden count be worked out, from the rounds or from the programme’s total', () => {
    const row = fc.array(fc.nat({ max: 12 }), { minLength: 2, maxLength: 5 })
    fc.assert(
      fc.property(
        row.chain((first) =>
          fc
            .array(fc.array(fc.nat({ max: 12 }), { minLength: first.length, maxLength: first.length }), {
              minLength: 1,
              maxLength: 3,
            })
            .map((rest) => [first, ...rest]),
        ),
        (rounds) => {
          const shownRounds = published(rounds)
          const shown = suppressAcrossRounds(rounds, shownRounds)
          const width = rounds[0]!.length
          const sum = (i: number) => rounds.reduce((s, r) => s + r[i]!, 0)
          for (let i = 0; i < width; i++) {
            // Nothing shown under 5.
            if (shown[i] !== 'suppressed') expect(shown[i]).toBeGreaterThanOrEqual(5)
            // A shown programme count gives away no single round's hidden count.
            if (shown[i] !== 'suppressed') {
              const hidden = rounds.flatMap((r, k) => (shownRounds[k]![i] === 'suppressed' ? [r[i]!] : []))
              expect(hidden.length === 0 || (hidden.length >= 2 && hidden.reduce((s, n) => s + n, 0) >= 5)).toBe(true)
            }
          }
          // The programme's hidden cells that no one can add up from the rounds are none, or at least two adding to 5.
          const secret = [...Array(width).keys()].filter(
            (i) => shown[i] === 'suppressed' && !shownRounds.every((r) => r[i] !== 'suppressed'),
          )
          const total = rounds.flat().reduce((s, n) => s + n, 0)
          if (total >= 5 && shown.some((c) => c !== 'suppressed'))
            expect(secret.length === 0 || (secret.length >= 2 && secret.reduce((s, i) => s + sum(i), 0) >= 5)).toBe(
              true,
            )
        },
      ),
    )
  })
})
