// The events stack: the outbox mailer is the one function construct's arm64 nodejs22.x
// function, fed only INSERTs of pending outbox items from the table stream with partial batch
// responses, bounded retries and an encrypted, TLS-only failure queue; its role can read the
// stream, claim outbox items and send as the configured sender, and nothing more.
import { Match, type Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { outboxKeys } from '../../functions/db/outbox-repo.js'
import { OUTBOX_ENTITY } from '../../functions/events/outbox/stream-records.js'
import { mailerTableActions } from '../../infra/stacks/events-stack.js'
import { synthApp } from './app-fixture.js'

let events: Template

beforeAll(() => {
  events = synthApp({ webDist: false }).templates.events
})

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, any> }

const only = (type: string) => {
  const resources = Object.entries(events.findResources(type))
  expect(resources, type).toHaveLength(1)
  return { id: resources[0]![0], ...(resources[0]![1] as { Properties: Record<string, any> }) }
}

const statements = (): Statement[] =>
  Object.values(events.findResources('AWS::IAM::Policy')).flatMap((policy) => policy.Properties.PolicyDocument.Statement)

const actionsOf = (statement: Statement) => [statement.Action].flat()
const withAction = (action: string) => statements().filter((statement) => actionsOf(statement).includes(action))

/** Flattens an Fn::Join into text, showing references as <LogicalId> and imports as <import>. */
function joined(value: unknown): string {
  if (typeof value === 'string') return value
  const v = value as Record<string, any>
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(joined).join(v['Fn::Join'][0])
  if (v.Ref) return `<${v.Ref}>`
  if (v['Fn::GetAtt']) return `<${v['Fn::GetAtt'].join('.')}>`
  if (v['Fn::ImportValue']) return `<import ${JSON.stringify(v['Fn::ImportValue'])}>`
  return JSON.stringify(value)
}

describe('outbox mailer function', () => {
  it('runs nodejs22.x on arm64, traced, with its own log group and no physical name', () => {
    const fn = only('AWS::Lambda::Function').Properties
    expect(fn.Runtime).toBe('nodejs22.x')
    expect(fn.Architectures).toEqual(['arm64'])
    expect(fn.Handler).toBe('index.handler')
    expect(fn.TracingConfig).toEqual({ Mode: 'Active' })
    expect(fn.FunctionName).toBeUndefined()
    // Long enough for ten sequential SES calls, so no claim is cut off before its send.
    expect(fn.Timeout).toBeGreaterThanOrEqual(30)
    const logGroup = only('AWS::Logs::LogGroup')
    expect(logGroup.Properties.RetentionInDays).toBe(90)
    expect(fn.LoggingConfig).toEqual({ LogGroup: { Ref: logGroup.id } })
  })

  it('gets exactly the environment functions/events/outbox-mailer.ts parses (AWS_REGION comes from Lambda)', () => {
    const variables = only('AWS::Lambda::Function').Properties.Environment.Variables as Record<string, unknown>
    expect(Object.keys(variables).sort()).toEqual(['MAIL_FROM', 'NODE_OPTIONS', 'TABLE_NAME'])
    expect(variables.MAIL_FROM).toBe('no-reply@challenge-fund.example')
    expect(JSON.stringify(variables.TABLE_NAME)).toMatch(/Table/)
  })
})

describe('stream mapping', () => {
  it('reads the table stream from LATEST in batches of 10, reporting failed records by item', () => {
    const mapping = only('AWS::Lambda::EventSourceMapping').Properties
    expect(mapping.StartingPosition).toBe('LATEST')
    expect(mapping.BatchSize).toBe(10)
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures'])
    expect(joined(mapping.EventSourceArn)).toMatch(/StreamArn/)
  })

  it('bisects failing batches and bounds retries and record age', () => {
    const mapping = only('AWS::Lambda::EventSourceMapping').Properties
    expect(mapping.BisectBatchOnFunctionError).toBe(true)
    expect(mapping.MaximumRetryAttempts).toBeGreaterThan(0)
    expect(mapping.MaximumRetryAttempts).toBeLessThanOrEqual(10)
    expect(mapping.MaximumRecordAgeInSeconds).toBeGreaterThan(0)
    expect(mapping.MaximumRecordAgeInSeconds).toBeLessThan(24 * 3600)
  })

  it('is invoked only for INSERTs of pending outbox items', () => {
    const filters = only('AWS::Lambda::EventSourceMapping').Properties.FilterCriteria.Filters as { Pattern: string }[]
    expect(filters).toHaveLength(1)
    expect(JSON.parse(filters[0]!.Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { entity: { S: [OUTBOX_ENTITY] }, status: { S: ['pending'] } } },
    })
  })

  it('sends batches it gives up on to the failure queue, which is encrypted and TLS-only', () => {
    const queue = only('AWS::SQS::Queue')
    const mapping = only('AWS::Lambda::EventSourceMapping').Properties
    expect(mapping.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': [queue.id, 'Arn'] })
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true)
    expect(queue.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600)
    expect(queue.Properties.QueueName).toBeUndefined()
    events.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    })
  })
})

describe('IAM', () => {
  it('grants no "*" action, no service-wide wildcard, and Resource "*" only for X-Ray and ListStreams', () => {
    for (const action of statements().flatMap(actionsOf)) {
      expect(action).not.toBe('*')
      expect(action).not.toMatch(/:\*$/)
    }
    const starred = statements().filter((statement) => [statement.Resource].flat().includes('*'))
    // Neither has a resource-level form (see the IAM5 acknowledgement in events-stack.ts).
    expect(starred.flatMap(actionsOf).sort()).toEqual(['dynamodb:ListStreams', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'])
  })

  it('reads only the table stream', () => {
    for (const action of ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']) {
      const granted = withAction(action)
      expect(granted, action).toHaveLength(1)
      expect(joined(granted[0]!.Resource), action).toMatch(/StreamArn/)
    }
  })

  it('may only update outbox items on the table: no read, put, delete, query or scan of anything', () => {
    const onTable = statements().filter(
      (s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')) && !joined(s.Resource).includes('StreamArn') && s.Resource !== '*',
    )
    expect(onTable).toHaveLength(1)
    expect(actionsOf(onTable[0]!)).toEqual(mailerTableActions)
    expect(mailerTableActions).toEqual(['dynamodb:UpdateItem'])
    expect(joined(onTable[0]!.Resource)).not.toMatch(/index|\*/)
    expect(onTable[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [outboxKeys.pk('*')] } })
  })

  it('may send email only as the configured sender, through its address or domain identity', () => {
    const ses = statements().filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')))
    expect(ses).toHaveLength(1)
    expect(actionsOf(ses[0]!)).toEqual(['ses:SendEmail'])
    expect([ses[0]!.Resource].flat().map(joined).sort()).toEqual([
      'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/challenge-fund.example',
      'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/no-reply@challenge-fund.example',
    ])
    expect(ses[0]!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'no-reply@challenge-fund.example' } })
  })

  it('may send only to its own failure queue', () => {
    const sqs = statements().filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')))
    expect(sqs).toHaveLength(1)
    expect(actionsOf(sqs[0]!)).toContain('sqs:SendMessage')
    expect(sqs[0]!.Resource).toEqual({ 'Fn::GetAtt': [only('AWS::SQS::Queue').id, 'Arn'] })
  })

  it('takes the sender from context, defaulting to no-reply at the site domain', () => {
    const custom = synthApp({ webDist: false, context: { mailFrom: 'eoi@fund.example.org' } }).templates.events
    custom.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ MAIL_FROM: 'eoi@fund.example.org' }) } })
    const site = synthApp({
      webDist: false,
      context: { siteDomainName: 'fund.example.org', siteCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc' },
    }).templates.events
    site.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ MAIL_FROM: 'no-reply@fund.example.org' }) } })
  })
})
