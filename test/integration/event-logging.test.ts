// The scheduled Lambdas as deployed: each invocation logs under the awsRequestId Lambda gives
// it, through the same logger the API uses. The handler reaches this run's DynamoDB Local the
// way the SDK lets a deployed function be pointed elsewhere (AWS_ENDPOINT_URL_DYNAMODB).
import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import { createLogger, setProcessLogger } from '../../functions/core/log.js'
import { newId } from '../../functions/core/ids.js'
import { createDb } from '../../functions/db/client.js'
import { ensureTable } from '../../functions/local/ensure-table.js'

afterEach(() => {
  setProcessLogger(createLogger())
  vi.unstubAllEnvs()
  vi.resetModules()
})

describe('event Lambdas', () => {
  it('log each run under its invocation’s awsRequestId', async () => {
    const tableName = `test-${newId().toLowerCase()}`
    await ensureTable(createDb({ tableName, endpoint: inject('dynamoEndpoint') }))
    vi.stubEnv('TABLE_NAME', tableName)
    vi.stubEnv('PUBLIC_URL', 'https://fund.test.example')
    vi.stubEnv('AWS_REGION', 'eu-west-2')
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', inject('dynamoEndpoint'))
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local')
    const lines: string[] = []
    setProcessLogger(createLogger({ sink: (line) => lines.push(line) }))

    const releases = await import('../../functions/events/release-scheduler.js')
    const lapses = await import('../../functions/events/offer-lapser.js')
    await releases.handler({}, { awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' })
    await lapses.handler({}, { awsRequestId: 'd7bf0bd7-8c72-22f7-0b52-04f9eeadbeef' })

    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        level: 'INFO',
        message: 'Release run finished',
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        released: [],
      },
      {
        level: 'INFO',
        message: 'Offer lapse run finished',
        requestId: 'd7bf0bd7-8c72-22f7-0b52-04f9eeadbeef',
        lapsed: [],
      },
    ])
  })
})
