// What a file must start with to be the type it was declared as: the allow-list that
// completion checks (and the browser checks first, to say so before uploading).
import { describe, expect, it } from 'vitest'
import { documentTypeList, matchesDeclaredType, type DocumentType } from '../../shared/files.js'

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)))

const zip = bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])
const good: Record<DocumentType, Uint8Array> = {
  'application/pdf': bytes('%PDF-1.7\n'),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': zip,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': zip,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': zip,
  'application/vnd.oasis.opendocument.text': zip,
  'application/vnd.oasis.opendocument.spreadsheet': zip,
  'text/csv': bytes('name,amount\nBreathe Easy,£16,700\n'),
  'text/plain': bytes('\ufeffPlain notes, with a BOM'),
  'image/png': bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]),
  'image/jpeg': bytes([0xff, 0xd8, 0xff, 0xe0]),
}

describe('declared types', () => {
  it.each(documentTypeList)('takes a real %s', (type) => {
    expect(matchesDeclaredType(type, good[type], true)).toBe(true)
  })

  it.each([
    ['application/pdf', bytes('<html><script>alert(1)</script>')],
    ['application/pdf', bytes(' %PDF-1.7')],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes('%PDF-1.7')],
    ['application/vnd.oasis.opendocument.text', bytes([0x50, 0x4b, 0x05, 0x06])],
    ['image/png', bytes([0xff, 0xd8, 0xff, 0xe0])],
    ['image/jpeg', bytes([0x89, 0x50, 0x4e, 0x47])],
    ['text/plain', bytes('MZ', [0x90, 0x00, 0x03])],
    ['text/csv', bytes('caf', [0xe9], ',latin-1 not UTF-8')],
  ] as [DocumentType, Uint8Array][])('refuses %s that starts otherwise (%#)', (type, start) => {
    expect(matchesDeclaredType(type, start, true)).toBe(false)
  })

  it('allows a character cut off at the end of a partial read, not at the end of the whole file', () => {
    const cut = bytes('Price: ', [0xc2]) // the first byte of "£"
    expect(matchesDeclaredType('text/csv', cut, false)).toBe(true)
    expect(matchesDeclaredType('text/csv', cut, true)).toBe(false)
  })
})
