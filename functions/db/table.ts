// The single table's shape: key attributes and index names. The CDK data stack and
// the local runtime both build the table from `tableDefinition`, so they cannot drift.

export const keys = {
  partition: 'pk',
  sort: 'sk',
} as const

/** Global secondary indexes, by the access pattern family they serve. */
export const indexes = {
  /** Lists of a kind: competitions by status, users by role, users by email. */
  byKind: { name: 'gsi1', partition: 'gsi1pk', sort: 'gsi1sk' },
  /** A second list an item belongs to, by its owner: an organisation's applications. */
  byOwner: { name: 'gsi2', partition: 'gsi2pk', sort: 'gsi2sk' },
} as const

/** The attributes of a page's last key when querying an index: the index's keys and the table's. */
export const gsiKeyAttributes = (index: { partition: string; sort: string }) =>
  [keys.partition, keys.sort, index.partition, index.sort] as const

export type KeyAttribute = { name: string; type: 'S' }

export type TableDefinition = {
  partitionKey: KeyAttribute
  sortKey: KeyAttribute
  globalSecondaryIndexes: { indexName: string; partitionKey: KeyAttribute; sortKey: KeyAttribute }[]
  /** Stream view the outbox consumer reads in the cloud. */
  stream: 'NEW_IMAGE'
  /** Attribute holding an epoch-seconds expiry for items that may lapse. */
  timeToLiveAttribute: string
}

const s = (name: string): KeyAttribute => ({ name, type: 'S' })

export const tableDefinition: TableDefinition = {
  partitionKey: s(keys.partition),
  sortKey: s(keys.sort),
  globalSecondaryIndexes: Object.values(indexes).map((index) => ({
    indexName: index.name,
    partitionKey: s(index.partition),
    sortKey: s(index.sort),
  })),
  stream: 'NEW_IMAGE',
  timeToLiveAttribute: 'expiresAt',
}

/**
 * The D&I survey's answers live in a table of their own, apart from everything that names an
 * applicant: no stream (nothing records when an answer arrived), no indexes, only random keys.
 * Locally it sits beside the main table as `<table>-di-survey`; in the cloud it has its own name.
 */
export const surveyTableDefinition = {
  partitionKey: s(keys.partition),
  sortKey: s(keys.sort),
} as const

export const localSurveyTableName = (tableName: string) => `${tableName}-di-survey`
