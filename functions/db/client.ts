// The one DynamoDB document client per process, and the handle the rest of db/ takes.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { localSurveyTableName } from './table.js'

/** `surveyTableName`: the D&I answers' own table, never written in a request that writes `tableName` (see table.ts). */
export type Db = { doc: DynamoDBDocumentClient; tableName: string; surveyTableName: string }

export type DbConfig = {
  tableName: string
  /** Defaults to `<tableName>-di-survey`, as the local runtime names it. */
  surveyTableName?: string
  /** DynamoDB Local's URL; absent in the cloud. */
  endpoint?: string
  region?: string
}

const clients = new Map<string, DynamoDBDocumentClient>()

/** One client per endpoint, reused for every table on it (tests make a table per file). */
export function createDb({ tableName, surveyTableName = localSurveyTableName(tableName), endpoint, region }: DbConfig): Db {
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
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    })
    clients.set(cacheKey, doc)
  }
  return { doc, tableName, surveyTableName }
}
