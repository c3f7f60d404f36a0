// Web addresses as people type them: the one check the browser and the API share.
import { describe, expect, it } from 'vitest'
import { normaliseWebAddress } from '../../shared/web-address.js'

describe('normaliseWebAddress', () => {
  it.each([
    ['example.org', 'https://example.org'],
    ['  www.example.org/about?x=1 ', 'https://www.example.org/about?x=1'],
    ['//example.org', 'https://example.org'],
    ['example.org:8080/path', 'https://example.org:8080/path'],
    ['http://example.org', 'http://example.org'],
    ['HTTPS://Example.org', 'HTTPS://Example.org'],
    ['xn--bcher-kva.example', 'https://xn--bcher-kva.example'],
  ])('accepts %j as %j', (typed, saved) => expect(normaliseWebAddress(typed)).toBe(saved))

  it.each([
    '',
    'not a web address',
    'localhost',
    'localhost:3000',
    'javascript:alert(1)',
    'mailto:me@example.org',
    'ftp://example.org',
    'http:/example.org',
    'https://user:pw@example.org',
    'example.',
    '.org',
    'example.o',
    `${'a'.repeat(2001)}.org`,
  ])('refuses %j', (typed) => expect(normaliseWebAddress(typed)).toBeUndefined())
})
