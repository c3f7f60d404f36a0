// What documents may be uploaded to a data pack, and how big.

/** Allowed document types, by content type, with the extension a download gets. */
export const documentTypes = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'text/csv': 'csv',
  'text/plain': 'txt',
  'image/png': 'png',
  'image/jpeg': 'jpg',
} as const

export type DocumentType = keyof typeof documentTypes

export const documentTypeList = Object.keys(documentTypes) as [DocumentType, ...DocumentType[]]

/** 25 MB: enough for a report or a data extract, small enough for a browser upload. */
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024

/** How many bytes from the start of a file are enough to tell its type. */
export const SNIFF_BYTES = 8192

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b)
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d] // %PDF-
const ZIP = [0x50, 0x4b, 0x03, 0x04] // PK\x03\x04: Office Open XML and OpenDocument are zip packages
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG = [0xff, 0xd8, 0xff]

/** Text must be UTF-8 (a cut-off character at the end of a partial read is fine) without NUL bytes. */
function isUtf8Text(start: Uint8Array, whole: boolean): boolean {
  if (start.includes(0)) return false
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(start, { stream: !whole })
    return true
  } catch {
    return false
  }
}

/**
 * Whether the first bytes of a file (up to SNIFF_BYTES; `whole` when that is all of it) are what
 * its declared type says: a file is served with the type it was declared as, so a mislabelled
 * one (an HTML page called a PDF) never reaches a reader's browser or office suite.
 */
export function matchesDeclaredType(contentType: DocumentType, start: Uint8Array, whole: boolean): boolean {
  switch (contentType) {
    case 'application/pdf':
      return startsWith(start, PDF)
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    case 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
    case 'application/vnd.openxmlformats-officedocument.presentationml.presentation':
    case 'application/vnd.oasis.opendocument.text':
    case 'application/vnd.oasis.opendocument.spreadsheet':
      return startsWith(start, ZIP)
    case 'image/png':
      return startsWith(start, PNG)
    case 'image/jpeg':
      return startsWith(start, JPEG)
    case 'text/csv':
    case 'text/plain':
      return isUtf8Text(start, whole)
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
