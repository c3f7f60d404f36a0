// Opaque page cursors. A cursor is the last key of a page, encoded; it is checked on the
// way back in so a forged one cannot point a query at another partition.
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb'

type Key = Record<string, NativeAttributeValue>

export class InvalidCursor extends Error {}

export function encodeCursor(key: Key | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined
}

/** Decodes a cursor and checks it belongs to the partition being queried. */
export function decodeCursor(cursor: string | undefined, expect: Record<string, string>): Key | undefined {
  if (!cursor) return undefined
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new InvalidCursor()
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw new InvalidCursor()
  const entries = Object.entries(key)
  if (entries.length > 4 || entries.some(([, v]) => typeof v !== 'string')) throw new InvalidCursor()
  for (const [name, value] of Object.entries(expect)) {
    if ((key as Key)[name] !== value) throw new InvalidCursor()
  }
  return key as Key
}
