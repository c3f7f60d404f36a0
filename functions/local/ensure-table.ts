// Creates the single table, and the D&I survey's own table, from the same definitions the
// CDK data stack uses, less the stream: locally nothing reads it (timers in server.ts do the
// stream consumers' work), and DynamoDB Local keeps every stream record, which makes each write
// slower as records pile up across a run's tables (measured: 200 writes and reads took 12.3 s
// after 50,000 writes to streamed tables, 1.2 s after as many without a stream).
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  waitUntilTableExists,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb'
import type { Db } from '../db/client.js'
import { surveyTableDefinition, tableDefinition } from '../db/table.js'

/**
 * Creates the table and its indexes if missing, and adds any index a newer definition has
 * to a table kept from an older run. Returns true if it created the table.
 */
export async function ensureTable(db: Db): Promise<boolean> {
  await ensureSurveyTable(db)
  const { partitionKey, sortKey, globalSecondaryIndexes } = tableDefinition
  const attributes = new Map(
    [partitionKey, sortKey, ...globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])].map((a) => [
      a.name,
      a,
    ]),
  )
  const attributeDefinitions = [...attributes.values()].map((a) => ({ AttributeName: a.name, AttributeType: a.type }))
  const indexes: GlobalSecondaryIndex[] = globalSecondaryIndexes.map((index) => ({
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  }))

  let existing: string[] | undefined
  try {
    const { Table } = await db.doc.send(new DescribeTableCommand({ TableName: db.tableName }))
    existing = (Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName!)
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error
  }

  if (existing) {
    for (const index of indexes.filter((i) => !existing.includes(i.IndexName!))) {
      await db.doc.send(
        new UpdateTableCommand({
          TableName: db.tableName,
          AttributeDefinitions: attributeDefinitions,
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      )
    }
    return false
  }
  await db.doc.send(
    new CreateTableCommand({
      TableName: db.tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: attributeDefinitions,
      KeySchema: [
        { AttributeName: partitionKey.name, KeyType: 'HASH' },
        { AttributeName: sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: indexes,
    }),
  )
  await waitUntilTableExists({ client: db.doc, maxWaitTime: 30 }, { TableName: db.tableName })
  return true
}

/** The survey's table: keys only, and no stream, so nothing records when an answer arrived. */
async function ensureSurveyTable(db: Db): Promise<void> {
  try {
    await db.doc.send(new DescribeTableCommand({ TableName: db.surveyTableName }))
    return
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error
  }
  const { partitionKey, sortKey } = surveyTableDefinition
  await db.doc.send(
    new CreateTableCommand({
      TableName: db.surveyTableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [partitionKey, sortKey].map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
      KeySchema: [
        { AttributeName: partitionKey.name, KeyType: 'HASH' },
        { AttributeName: sortKey.name, KeyType: 'RANGE' },
      ],
    }),
  )
  await waitUntilTableExists({ client: db.doc, maxWaitTime: 30 }, { TableName: db.surveyTableName })
}
