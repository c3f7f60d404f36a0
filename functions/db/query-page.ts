// One page of a list served by a GSI (or the table itself): the partition, an optional range condition and
// filter, the opaque cursor checked on the way in, and each item parsed on the way out.
import { QueryCommand, type NativeAttributeValue, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import type { Page } from '../../shared/schemas/common.js'
import type { Db } from './client.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { gsiKeyAttributes, keys } from './table.js'

type Index = { name: string; partition: string; sort: string }

export type IndexPageQuery<T> = {
  /** The GSI to read; the table's own keys when left out. */
  index?: Index
  partition: string
  limit: number
  cursor?: string
  parse: (item: Record<string, unknown>) => T
  /** Newest (highest sort key) first when false. */
  forward?: boolean
  /** A condition on the index's sort key. */
  range?: { after: string } | { beginsWith: string }
  /** A filter on other attributes (a page may then hold fewer than `limit`). */
  filter?: { expression: string; names?: Record<string, string>; values: Record<string, NativeAttributeValue> }
}

export async function queryIndexPage<T>(db: Db, q: IndexPageQuery<T>): Promise<Page<T>> {
  const index = q.index ?? { partition: keys.partition, sort: keys.sort }
  const range =
    q.range &&
    ('after' in q.range
      ? { op: '#sk > :range', value: q.range.after }
      : { op: 'begins_with(#sk, :range)', value: q.range.beginsWith })
  const { Items, LastEvaluatedKey } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: q.index?.name,
      KeyConditionExpression: range ? `#pk = :pk AND ${range.op}` : '#pk = :pk',
      FilterExpression: q.filter?.expression,
      ExpressionAttributeNames: {
        '#pk': index.partition,
        ...(range ? { '#sk': index.sort } : {}),
        ...q.filter?.names,
      },
      ExpressionAttributeValues: {
        ':pk': q.partition,
        ...(range ? { ':range': range.value } : {}),
        ...q.filter?.values,
      },
      ScanIndexForward: q.forward ?? true,
      Limit: q.limit,
      ExclusiveStartKey: decodeCursor(db, q.cursor, {
        attributes: q.index ? gsiKeyAttributes(q.index) : [keys.partition, keys.sort],
        equal: { [index.partition]: q.partition },
        after: q.range && 'after' in q.range ? { attribute: index.sort, value: q.range.after } : undefined,
        prefix: q.range && 'beginsWith' in q.range ? { attribute: index.sort, value: q.range.beginsWith } : undefined,
      }),
    }),
  )
  return { items: (Items ?? []).map(q.parse), nextCursor: encodeCursor(db, LastEvaluatedKey) }
}

/** Every item a query matches, following its pages; `pages` counts the round trips. */
export async function queryEvery(
  db: Db,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<{ items: Record<string, unknown>[]; pages: number }> {
  const items: Record<string, unknown>[] = []
  let startKey: Record<string, NativeAttributeValue> | undefined
  let pages = 0
  do {
    const page = await db.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }))
    pages++
    items.push(...((page.Items ?? []) as Record<string, unknown>[]))
    startKey = page.LastEvaluatedKey
  } while (startKey)
  return { items, pages }
}
