// Creates the single table from the same definition the CDK data stack uses.
import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb'
import type { Db } from '../db/client.js'
import { tableDefinition } from '../db/table.js'

/** Creates the table and its indexes if missing. Returns true if it had to. */
export async function ensureTable(db: Db): Promise<boolean> {
  try {
    await db.doc.send(new DescribeTableCommand({ TableName: db.tableName }))
    return false
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error
  }
  const { partitionKey, sortKey, globalSecondaryIndexes } = tableDefinition
  const attributes = new Map([partitionKey, sortKey, ...globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])].map((a) => [a.name, a]))
  await db.doc.send(
    new CreateTableCommand({
      TableName: db.tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes.values()].map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
      KeySchema: [
        { AttributeName: partitionKey.name, KeyType: 'HASH' },
        { AttributeName: sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.stream },
    }),
  )
  return true
}
