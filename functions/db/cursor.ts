// Opaque page cursors. A cursor is the last key of a page, encoded; on the way back in it
// must have exactly the key attributes of the list it came from, hold that list's partition,
// and lie inside any range the query has, so a forged or reused one is a 400, never a 500.
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb'

type Key = Record<string, NativeAttributeValue>

export class InvalidCursor extends Error {}

export function encodeCursor(key: Key | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined
}

export type CursorShape = {
  /** Every attribute the last evaluated key of this query has. */
  attributes: readonly string[]
  /** Attributes whose value is fixed by the query (its partition). */
  equal: Record<string, string>
  /** An attribute that must sort after a value (a range condition `> value`). */
  after?: { attribute: string; value: string }
  /** An attribute that must start with a value (a `begins_with` range condition). */
  prefix?: { attribute: string; value: string }
}

export function decodeCursor(cursor: string | undefined, shape: CursorShape): Key | undefined {
  if (!cursor) return undefined
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new InvalidCursor()
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw new InvalidCursor()
  const record = key as Record<string, unknown>
  const names = Object.keys(record).sort()
  if (names.join() !== [...shape.attributes].sort().join()) throw new InvalidCursor()
  if (names.some((name) => typeof record[name] !== 'string' || (record[name] as string).length > 1024)) throw new InvalidCursor()
  for (const [name, value] of Object.entries(shape.equal)) if (record[name] !== value) throw new InvalidCursor()
  if (shape.after && !((record[shape.after.attribute] as string) > shape.after.value)) throw new InvalidCursor()
  if (shape.prefix && !(record[shape.prefix.attribute] as string).startsWith(shape.prefix.value)) throw new InvalidCursor()
  return record as Key
}
