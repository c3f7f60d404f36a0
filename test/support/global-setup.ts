// Starts one in-memory DynamoDB Local for the whole test run.
import type { TestProject } from 'vitest/node'
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local.js'

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const dynamo = await startDynamoDbLocal()
  project.provide('dynamoEndpoint', dynamo.endpoint)
  return () => dynamo.stop()
}
