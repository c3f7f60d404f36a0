// Opaque page cursors. A cursor is the last key of a page, sealed with AES-256-GCM under the
// deployment's cursor key, so nobody can read the key it holds (ids, dates) or forge one. On the
// way back in it must open, have exactly the key attributes of the list it came from, hold that
// list's partition, and lie inside any range the query has, so a forged or reused one is a 400.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb'
import type { Db } from './client.js'

type Key = Record<string, NativeAttributeValue>

export class InvalidCursor extends Error {}

const IV_BYTES = 12
const TAG_BYTES = 16

export function encodeCursor(db: Pick<Db, 'cursorKey'>, key: Key | undefined): string | undefined {
  if (!key) return undefined
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', db.cursorKey, iv)
  const sealed = Buffer.concat([cipher.update(JSON.stringify(key), 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')
}

/** The key a cursor holds, if it was sealed under this key and not changed since. */
function open(db: Pick<Db, 'cursorKey'>, cursor: string): string {
  const bytes = Buffer.from(cursor, 'base64url')
  if (bytes.length <= IV_BYTES + TAG_BYTES) throw new InvalidCursor()
  try {
    const decipher = createDecipheriv('aes-256-gcm', db.cursorKey, bytes.subarray(0, IV_BYTES))
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    throw new InvalidCursor()
  }
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

export function decodeCursor(
  db: Pick<Db, 'cursorKey'>,
  cursor: string | undefined,
  shape: CursorShape,
): Key | undefined {
  if (!cursor) return undefined
  const json = open(db, cursor)
  let key: unknown
  try {
    key = JSON.parse(json)
  } catch {
    throw new InvalidCursor()
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw new InvalidCursor()
  const record = key as Record<string, unknown>
  const names = Object.keys(record).sort()
  if (names.join() !== [...shape.attributes].sort().join()) throw new InvalidCursor()
  if (names.some((name) => typeof record[name] !== 'string' || (record[name] as string).length > 1024))
    throw new InvalidCursor()
  for (const [name, value] of Object.entries(shape.equal)) if (record[name] !== value) throw new InvalidCursor()
  if (shape.after && !((record[shape.after.attribute] as string) > shape.after.value)) throw new InvalidCursor()
  if (shape.prefix && !(record[shape.prefix.attribute] as string).startsWith(shape.prefix.value))
    throw new InvalidCursor()
  return record as Key
}
