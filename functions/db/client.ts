// The one DynamoDB document client per process, and the handle the rest of db/ takes.
import { createHash, randomBytes } from 'node:crypto'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { localSurveyTableName } from './table.js'

export type Db = {
  doc: DynamoDBDocumentClient
  tableName: string
  /** The D&I answers' own table, never written in a request that writes `tableName` (see table.ts). */
  surveyTableName: string
  /** Seals page cursors (cursor.ts): the same on every instance of a deployment. */
  cursorKey: Buffer
  /** MACs the audit chain (audit-repo.ts): a secret in the cloud, the development key locally; only the functions that chain or verify it have one. */
  auditKey?: Buffer
}

export type DbConfig = {
  tableName: string
  /** Defaults to `<tableName>-di-survey`, as the local runtime names it. */
  surveyTableName?: string
  /** DynamoDB Local's URL; absent in the cloud. */
  endpoint?: string
  region?: string
  /** Secret for page cursors; the Lambda passes its deployment's. Locally, one is made per process. */
  cursorSecret?: string
  /** Key for the audit chain's MACs: the Lambdas that chain or verify pass their deployment's secret, the local runtime `DEV_AUDIT_SECRET`. */
  auditSecret?: string
}

const processCursorSecret = randomBytes(32).toString('base64')

/** How the document client turns items into DynamoDB's format (the audit stores an item as a read would return it). */
export const marshallOptions = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const

const clients = new Map<string, DynamoDBDocumentClient>()

/** One client per endpoint, reused for every table on it (tests make a table per file). */
export function createDb({
  tableName,
  surveyTableName = localSurveyTableName(tableName),
  endpoint,
  region,
  cursorSecret = processCursorSecret,
  auditSecret,
}: DbConfig): Db {
  const cacheKey = endpoint ?? 'aws'
  let doc = clients.get(cacheKey)
  if (!doc) {
    const client = new DynamoDBClient({
      ...(endpoint
        ? {
            endpoint,
            region: region ?? 'eu-west-2',
            // DynamoDB Local accepts any credentials; fixed ones keep the shell's out of it.
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          }
        : region
          ? { region }
          : {}),
    })
    doc = DynamoDBDocumentClient.from(client, {
      // A copy: the document client adds options of its own to the object it is given.
      marshallOptions: { ...marshallOptions },
    })
    clients.set(cacheKey, doc)
  }
  return {
    doc,
    tableName,
    surveyTableName,
    cursorKey: createHash('sha256').update(cursorSecret).digest(),
    ...(auditSecret ? { auditKey: Buffer.from(auditSecret, 'utf8') } : {}),
  }
}
