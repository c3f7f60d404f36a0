import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { countWords } from '../../shared/words.js'
import { wordCountMessage } from '../../web/src/apply/word-count.js'

describe('countWords', () => {
  it('counts plain words and ignores markup and lone punctuation', () => {
    expect(countWords('')).toBe(0)
    expect(countWords('   \n\t ')).toBe(0)
    expect(countWords('We will reduce asthma admissions.')).toBe(5)
    expect(countWords('A data-driven pilot costing £16,700 - in 2022')).toBe(7)
    expect(countWords('<p>Hello <b>world</b></p>')).toBe(2)
    expect(countWords('**bold** _and_ - – — ...')).toBe(2)
    expect(countWords('Visit https://example.org/path?x=1 today')).toBe(3)
    expect(countWords('Llanfair café naïve 東京')).toBe(4)
  })

  it('never counts more words than whitespace-separated tokens, and adding a word adds one', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { maxLength: 50 }), (words) => {
        const text = words.join(' ')
        expect(countWords(text)).toBe(words.length)
        expect(countWords(`${text} extra`)).toBe(words.length + 1)
      }),
    )
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('<')),
        (text) => countWords(text) <= text.split(/\s+/).filter(Boolean).length,
      ),
    )
  })
})

describe('countWords and angle brackets', () => {
  it('counts words between "<" and ">" in prose: only real tags are markup', () => {
    expect(countWords(`<${'word '.repeat(20)}>`)).toBe(20)
    expect(countWords('costs < £5k and > £2k per home')).toBe(6)
    expect(countWords('<a href="https://example.org">our site</a>')).toBe(2)
  })
})

// A soft limit is a warning shown as the applicant types (the server never refuses for it); the hard limit is an error.
describe('the word count under a long answer', () => {
  it('suggests under the soft limit, warns over it that the answer can still be submitted, and errs over the hard limit', () => {
    const words = (n: number) => Array.from({ length: n }, () => 'word').join(' ')
    expect(wordCountMessage(words(5), 5, 10)).toEqual({ message: '5 words (we suggest 5 words)', level: 'ok' })
    expect(wordCountMessage(words(6), 5, 10)).toEqual({
      message: '6 words: we suggest 5 words. You can still submit.',
      level: 'warning',
    })
    expect(wordCountMessage(words(12), 5, 10)).toEqual({
      message: '12 words: 2 words over the limit of 10. Shorten this answer before you submit.',
      level: 'error',
    })
  })
})
