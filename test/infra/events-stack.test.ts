// The events stack: the outbox mailer, the outbox sweeper and the release scheduler are the one
// function construct's arm64 nodejs22.x functions. The mailer is fed only INSERTs of pending outbox items from the
// table stream with partial batch responses, bounded retries and an encrypted, TLS-only
// failure queue; the sweeper runs every five minutes from an EventBridge rule. Each role can
// do what its function does (read the stream / query the pending list, claim outbox items,
// send as the configured sender) and nothing more. The release scheduler runs every minute and
// may read only what a release reads and write only the release and the outbox.
import type { CfnElement } from 'aws-cdk-lib'
import { Match, type Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { grantKeys } from '../../functions/db/grants-repo.js'
import { outboxKeys } from '../../functions/db/outbox-repo.js'
import { OUTBOX_ENTITY } from '../../functions/db/stream-images.js'
import { indexes } from '../../functions/db/table.js'
import { SEND_MARGIN_MS } from '../../functions/events/outbox/deadline.js'
import { OUTBOX_LEASE_MS } from '../../functions/core/notifications/deliver.js'
import { SWEEP_BUDGET_MS } from '../../functions/events/outbox/sweep.js'
import { feedbackKeys } from '../../functions/db/feedback-repo.js'
import {
  lapseReadActions,
  outboxClaimActions,
  outboxListActions,
  auditCaptureReadActions,
  auditCaptureWriteActions,
  releaseReadActions,
  releaseWriteActions,
  remindReadActions,
  sesFeedbackTableActions,
} from '../../infra/stacks/events-stack.js'
import type { NodeFunction } from '../../infra/constructs/node-function.js'
import { synthApp, type SynthesisedApp } from './app-fixture.js'

let synthesised: SynthesisedApp
let events: Template

beforeAll(() => {
  synthesised = synthApp({ webDist: false })
  events = synthesised.templates.events
})

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, any> }
type Resource = { id: string; Properties: Record<string, any> }

const only = (type: string): Resource => {
  const resources = Object.entries(events.findResources(type))
  expect(resources, type).toHaveLength(1)
  return { id: resources[0]![0], ...(resources[0]![1] as { Properties: Record<string, any> }) }
}

const logicalId = (element: unknown) => synthesised.stacks.events.getLogicalId(element as CfnElement)
const deliverers = () => ({ mailer: synthesised.stacks.events.mailer, sweeper: synthesised.stacks.events.sweeper })
const releaser = () => synthesised.stacks.events.releaser
const lapser = () => synthesised.stacks.events.lapser
const checkInOpener = () => synthesised.stacks.events.checkInOpener
const reminder = () => synthesised.stacks.events.reminder
const eventRun = () => synthesised.stacks.events.eventRun
const eoiRetention = () => synthesised.stacks.events.eoiRetention

/** The mailer's failure queue (the stack also holds the SES feedback handler's). */
const mailerFailures = (): Resource => {
  const id = logicalId(synthesised.stacks.events.mailerFailures.node.defaultChild)
  return { id, ...(events.findResources('AWS::SQS::Queue')[id] as { Properties: Record<string, any> }) }
}

/** The one resource of a type that belongs to `fn` (its rule, permission or invoke config). */
const onlyFor = (type: string, fn: NodeFunction): Resource => {
  const id = lambdaOf(fn).id
  const resources = Object.entries(events.findResources(type)).filter(([, r]) =>
    JSON.stringify(r.Properties).includes(`"${id}"`),
  )
  expect(resources, type).toHaveLength(1)
  return { id: resources[0]![0], ...(resources[0]![1] as { Properties: Record<string, any> }) }
}

function lambdaOf(fn: NodeFunction): Resource {
  const id = logicalId(fn.fn.node.defaultChild)
  return { id, ...(events.findResources('AWS::Lambda::Function')[id] as { Properties: Record<string, any> }) }
}

/** Every statement of the policies attached to the function's role. */
function statementsOf(fn: NodeFunction): Statement[] {
  const roleId = logicalId(fn.role.node.defaultChild)
  return Object.values(events.findResources('AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId })),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
}

const allStatements = (): Statement[] =>
  Object.values(events.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement,
  )

const actionsOf = (statement: Statement) => [statement.Action].flat()

/** Flattens an Fn::Join into text, showing references as <LogicalId> and cross-stack values as <import>/<output>. */
function joined(value: unknown): string {
  if (typeof value === 'string') return value
  const v = value as Record<string, any>
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(joined).join(v['Fn::Join'][0])
  if (v.Ref) return `<${v.Ref}>`
  if (v['Fn::GetAtt']) return `<${v['Fn::GetAtt'].join('.')}>`
  if (v['Fn::ImportValue']) return `<import ${JSON.stringify(v['Fn::ImportValue'])}>`
  if (v['Fn::GetStackOutput']) return `<output ${v['Fn::GetStackOutput'].OutputName}>`
  return JSON.stringify(value)
}

/** DynamoDB statements on the table or its indexes (not the stream, not ListStreams' "*"). */
const onTable = (fn: NodeFunction) =>
  statementsOf(fn).filter(
    (s) =>
      actionsOf(s).some((a) => a.startsWith('dynamodb:')) &&
      !joined(s.Resource).includes('StreamArn') &&
      s.Resource !== '*',
  )

describe('functions', () => {
  it('are nine, each nodejs22.x on arm64, traced, with its own log group and no physical name', () => {
    expect(Object.keys(events.findResources('AWS::Lambda::Function'))).toHaveLength(9)
    const logGroups = events.findResources('AWS::Logs::LogGroup')
    expect(Object.keys(logGroups)).toHaveLength(9)
    for (const [name, construct] of Object.entries({
      ...deliverers(),
      releaser: releaser(),
      lapser: lapser(),
      checkInOpener: checkInOpener(),
      reminder: reminder(),
      eventRun: eventRun(),
      eoiRetention: eoiRetention(),
      sesFeedback: synthesised.stacks.events.sesFeedback,
    })) {
      const fn = lambdaOf(construct).Properties
      expect(fn.Runtime, name).toBe('nodejs22.x')
      expect(fn.Architectures, name).toEqual(['arm64'])
      expect(fn.Handler, name).toBe('index.handler')
      expect(fn.TracingConfig, name).toEqual({ Mode: 'Active' })
      expect(fn.FunctionName, name).toBeUndefined()
      const logGroupId = logicalId(construct.logGroup.node.defaultChild)
      expect(logGroups[logGroupId]?.Properties.RetentionInDays, name).toBe(90)
      expect(fn.LoggingConfig, name).toEqual({ LogGroup: { Ref: logGroupId } })
    }
  })

  it('leave time to send after the last send they will start, so no claim is cut off by the timeout', () => {
    const { mailer, sweeper } = deliverers()
    // Sends are refused within SEND_MARGIN_MS of the timeout; the mailer must still have
    // room for a batch of ten ordinary sends before that.
    expect(lambdaOf(mailer).Properties.Timeout * 1000 - SEND_MARGIN_MS).toBeGreaterThanOrEqual(30_000)
    // The sweeper's last page starts before SWEEP_BUDGET_MS and must get some sending done.
    expect(lambdaOf(sweeper).Properties.Timeout * 1000 - SEND_MARGIN_MS - SWEEP_BUDGET_MS).toBeGreaterThanOrEqual(
      10_000,
    )
  })

  it('time out before a claim’s lease runs out, so the sweeper never re-sends a message a live deliverer holds', () => {
    for (const [name, construct] of Object.entries(deliverers())) {
      expect(lambdaOf(construct).Properties.Timeout * 1000, name).toBeLessThan(OUTBOX_LEASE_MS)
    }
  })

  it('get exactly the environment functions/events/outbox/mail-env.ts parses (AWS_REGION comes from Lambda), and the metrics namespace', () => {
    for (const [name, construct] of Object.entries(deliverers())) {
      const variables = lambdaOf(construct).Properties.Environment.Variables as Record<string, unknown>
      expect(Object.keys(variables).sort(), name).toEqual([
        'MAIL_FROM',
        'METRICS_NAMESPACE',
        'NODE_OPTIONS',
        'SES_CONFIGURATION_SET',
        'TABLE_NAME',
      ])
      expect(variables.MAIL_FROM, name).toBe('no-reply@challenge-fund.example')
      expect(JSON.stringify(variables.TABLE_NAME), name).toMatch(/Table/)
    }
  })

  it('take the sender from context, defaulting to no-reply at the site domain', () => {
    const mailFromOf = (template: Template) =>
      Object.values(template.findResources('AWS::Lambda::Function')).flatMap(
        (fn) => fn.Properties.Environment.Variables.MAIL_FROM ?? [],
      )
    const custom = synthApp({ webDist: false, context: { mailFrom: 'eoi@fund.example.org' } }).templates.events
    expect(mailFromOf(custom)).toEqual(['eoi@fund.example.org', 'eoi@fund.example.org'])
    const site = synthApp({
      webDist: false,
      context: {
        siteDomainName: 'fund.example.org',
        siteCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
      },
    }).templates.events
    expect(mailFromOf(site)).toEqual(['no-reply@fund.example.org', 'no-reply@fund.example.org'])
  })
})

describe('stream mapping', () => {
  it('invokes the mailer from the table stream, from LATEST in batches of 10, reporting failed records by item', () => {
    const mapping = only('AWS::Lambda::EventSourceMapping').Properties
    expect(mapping.FunctionName).toEqual({ Ref: lambdaOf(deliverers().mailer).id })
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
    const queue = mailerFailures()
    const mapping = only('AWS::Lambda::EventSourceMapping').Properties
    expect(mapping.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': [queue.id, 'Arn'] })
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true)
    expect(queue.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600)
    expect(queue.Properties.QueueName).toBeUndefined()
    events.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    })
  })
})

describe('sweep schedule', () => {
  it('invokes the sweeper, and only the sweeper, every five minutes', () => {
    const rule = onlyFor('AWS::Events::Rule', deliverers().sweeper).Properties
    expect(rule.ScheduleExpression).toBe('rate(5 minutes)')
    expect(rule.State).toBe('ENABLED')
    expect(rule.Name).toBeUndefined()
    expect(rule.Targets).toHaveLength(1)
    expect(rule.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [lambdaOf(deliverers().sweeper).id, 'Arn'] })
    // A run EventBridge could not start is not kept past the next one.
    expect(rule.Targets[0].RetryPolicy.MaximumEventAgeInSeconds).toBeLessThanOrEqual(300)
  })

  it('lets only that rule invoke the sweeper', () => {
    const permission = onlyFor('AWS::Lambda::Permission', deliverers().sweeper).Properties
    expect(permission.FunctionName).toEqual({ 'Fn::GetAtt': [lambdaOf(deliverers().sweeper).id, 'Arn'] })
    expect(permission.Principal).toBe('events.amazonaws.com')
    expect(permission.SourceArn).toEqual({
      'Fn::GetAtt': [onlyFor('AWS::Events::Rule', deliverers().sweeper).id, 'Arn'],
    })
  })

  it('does not have Lambda retry a failed sweep: the next scheduled run is the retry', () => {
    const config = onlyFor('AWS::Lambda::EventInvokeConfig', deliverers().sweeper).Properties
    expect(config.FunctionName).toEqual({ Ref: lambdaOf(deliverers().sweeper).id })
    expect(config.MaximumRetryAttempts).toBe(0)
  })
})

describe('release schedule', () => {
  it('invokes the release scheduler, and only it, every minute, and is the only thing that may', () => {
    const rule = onlyFor('AWS::Events::Rule', releaser())
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 minute)')
    expect(rule.Properties.Targets).toHaveLength(1)
    expect(rule.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [lambdaOf(releaser()).id, 'Arn'] })
    const permission = onlyFor('AWS::Lambda::Permission', releaser()).Properties
    expect(permission.SourceArn).toEqual({ 'Fn::GetAtt': [rule.id, 'Arn'] })
    const variables = lambdaOf(releaser()).Properties.Environment.Variables as Record<string, unknown>
    expect(Object.keys(variables).sort()).toEqual(['METRICS_NAMESPACE', 'NODE_OPTIONS', 'PUBLIC_URL', 'TABLE_NAME'])
    // Decision emails link to the site: the web stack's distribution domain.
    expect(JSON.stringify(variables.PUBLIC_URL)).toMatch(/https:\/\/.*Distribution\w*DomainName/)
  })

  it('lets it read only the partitions a release reads, write only the release and the outbox, and query only GSI1', () => {
    const statements = notAuditCapture(onTable(releaser()))
    const reads = statements.find((s) => actionsOf(s).includes('dynamodb:GetItem'))!
    expect(actionsOf(reads).sort()).toEqual([...releaseReadActions].sort())
    expect(reads.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['COMP#*', 'ASSESS#*', 'AWARDS#*', feedbackKeys.pk('*')] },
    })
    const writes = statements.find((s) => actionsOf(s).includes('dynamodb:PutItem'))!
    expect(actionsOf(writes).sort()).toEqual([...releaseWriteActions].sort())
    expect(writes.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [feedbackKeys.pk('*'), outboxKeys.pk('*')] },
    })
    const index = statements.filter((s) => joined(s.Resource).includes('/index/'))
    expect(index.map((s) => [actionsOf(s), joined(s.Resource)])).toEqual([
      [['dynamodb:Query'], expect.stringMatching(new RegExp(`/index/${indexes.byKind.name}$`))],
    ])
    expect(statements.flatMap(actionsOf).filter((a) => /Delete|Scan|BatchWrite/.test(a))).toEqual([])
  })
})

describe('offer lapse schedule', () => {
  it('invokes the offer lapser, and only it, every five minutes, and is the only thing that may; it gets the table and the site address', () => {
    const rule = onlyFor('AWS::Events::Rule', lapser())
    expect(rule.Properties.ScheduleExpression).toBe('rate(5 minutes)')
    expect(rule.Properties.Targets).toHaveLength(1)
    expect(rule.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [lambdaOf(lapser()).id, 'Arn'] })
    const permission = onlyFor('AWS::Lambda::Permission', lapser()).Properties
    expect(permission.SourceArn).toEqual({ 'Fn::GetAtt': [rule.id, 'Arn'] })
    expect(onlyFor('AWS::Lambda::EventInvokeConfig', lapser()).Properties.MaximumRetryAttempts).toBe(0)
    const variables = lambdaOf(lapser()).Properties.Environment.Variables as Record<string, unknown>
    expect(Object.keys(variables).sort()).toEqual(['METRICS_NAMESPACE', 'NODE_OPTIONS', 'PUBLIC_URL', 'TABLE_NAME'])
    expect(JSON.stringify(variables.PUBLIC_URL)).toMatch(/https:\/\/.*Distribution\w*DomainName/)
  })

  it('lets it read only what a lapse reads, write only what its transaction writes, query only GSI1, and send no email itself', () => {
    const statements = notAuditCapture(onTable(lapser()))
    const leading = (s: Statement) => s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']
    const reads = statements.find((s) => actionsOf(s).includes('dynamodb:GetItem'))!
    expect(actionsOf(reads).sort()).toEqual([...lapseReadActions].sort())
    expect(leading(reads)).toEqual(['COMP#*', 'AWARDS#*', 'ASSESS#*', feedbackKeys.pk('*'), 'USER#*'])
    const writes = Object.fromEntries(
      statements
        .filter((s) => !actionsOf(s).some((a) => lapseReadActions.includes(a)))
        .map((s) => [actionsOf(s).join(), leading(s)]),
    )
    expect(writes).toEqual({
      'dynamodb:PutItem': ['COMP#*', 'AWARDS#*', outboxKeys.pk('*')],
      'dynamodb:UpdateItem': ['ASSESS#*'],
      'dynamodb:ConditionCheckItem': [feedbackKeys.pk('*')],
    })
    const index = statements.filter((s) => joined(s.Resource).includes('/index/'))
    expect(index.map((s) => [actionsOf(s), joined(s.Resource)])).toEqual([
      [['dynamodb:Query'], expect.stringMatching(new RegExp(`/index/${indexes.byKind.name}$`))],
    ])
    expect(statements.flatMap(actionsOf).filter((a) => /Delete|Scan|BatchWrite/.test(a))).toEqual([])
    expect(
      statementsOf(lapser())
        .flatMap(actionsOf)
        .filter((a) => /^(ses|sqs):/.test(a)),
    ).toEqual([])
  })
})

describe('check-in open schedule', () => {
  it('invokes the check-in opener, and only it, every hour, and is the only thing that may; it gets the table and the site address', () => {
    const rule = onlyFor('AWS::Events::Rule', checkInOpener())
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 hour)')
    expect(rule.Properties.Targets).toHaveLength(1)
    expect(rule.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [lambdaOf(checkInOpener()).id, 'Arn'] })
    const permission = onlyFor('AWS::Lambda::Permission', checkInOpener()).Properties
    expect(permission.SourceArn).toEqual({ 'Fn::GetAtt': [rule.id, 'Arn'] })
    expect(onlyFor('AWS::Lambda::EventInvokeConfig', checkInOpener()).Properties.MaximumRetryAttempts).toBe(0)
    const variables = lambdaOf(checkInOpener()).Properties.Environment.Variables as Record<string, unknown>
    expect(Object.keys(variables).sort()).toEqual(['METRICS_NAMESPACE', 'NODE_OPTIONS', 'PUBLIC_URL', 'TABLE_NAME'])
    expect(JSON.stringify(variables.PUBLIC_URL)).toMatch(/https:\/\/.*Distribution\w*DomainName/)
  })

  it('lets it read only grants, candidates and competitions, write only grants and the outbox, query only GSI1, and send no email itself', () => {
    const statements = notAuditCapture(onTable(checkInOpener()))
    const leading = (s: Statement) => s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']
    expect(
      Object.fromEntries(
        statements.filter((s) => !joined(s.Resource).includes('/index/')).map((s) => [actionsOf(s).join(), leading(s)]),
      ),
    ).toEqual({
      'dynamodb:GetItem': ['GRANTS#*', 'ASSESS#*', 'COMP#*'],
      'dynamodb:PutItem': ['GRANTS#*', outboxKeys.pk('*')],
    })
    const index = statements.filter((s) => joined(s.Resource).includes('/index/'))
    expect(index.map((s) => [actionsOf(s), joined(s.Resource)])).toEqual([
      [['dynamodb:Query'], expect.stringMatching(new RegExp(`/index/${indexes.byKind.name}$`))],
    ])
    expect(
      statementsOf(checkInOpener())
        .flatMap(actionsOf)
        .filter((a) => /^(ses|sqs):/.test(a)),
    ).toEqual([])
  })
})

describe('grant reminder schedule', () => {
  it('invokes the grant reminders, and only them, every hour, and is the only thing that may; they get the table and the site address', () => {
    const rule = onlyFor('AWS::Events::Rule', reminder())
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 hour)')
    expect(rule.Properties.Targets).toHaveLength(1)
    expect(rule.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [lambdaOf(reminder()).id, 'Arn'] })
    const permission = onlyFor('AWS::Lambda::Permission', reminder()).Properties
    expect(permission.SourceArn).toEqual({ 'Fn::GetAtt': [rule.id, 'Arn'] })
    expect(onlyFor('AWS::Lambda::EventInvokeConfig', reminder()).Properties.MaximumRetryAttempts).toBe(0)
    const variables = lambdaOf(reminder()).Properties.Environment.Variables as Record<string, unknown>
    expect(Object.keys(variables).sort()).toEqual(['METRICS_NAMESPACE', 'NODE_OPTIONS', 'PUBLIC_URL', 'TABLE_NAME'])
    expect(JSON.stringify(variables.PUBLIC_URL)).toMatch(/https:\/\/.*Distribution\w*DomainName/)
  })

  it('lets them read only grants, competitions and candidates, write only grants and emails, query only GSI1, and send no email themselves', () => {
    const statements = notAuditCapture(onTable(reminder()))
    const leading = (s: Statement) => s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']
    const reads = statements.find((s) => actionsOf(s).includes('dynamodb:GetItem'))!
    expect(actionsOf(reads).sort()).toEqual([...remindReadActions].sort())
    expect(leading(reads)).toEqual([grantKeys.pk('*'), 'COMP#*', 'ASSESS#*'])
    const puts = statements.find((s) => actionsOf(s).includes('dynamodb:PutItem'))!
    expect(actionsOf(puts)).toEqual(['dynamodb:PutItem'])
    expect(leading(puts)).toEqual([grantKeys.pk('*'), outboxKeys.pk('*')])
    const index = statements.filter((s) => joined(s.Resource).includes('/index/'))
    expect(index.map((s) => [actionsOf(s), joined(s.Resource)])).toEqual([
      [['dynamodb:Query'], expect.stringMatching(new RegExp(`/index/${indexes.byKind.name}$`))],
    ])
    expect(statements).toHaveLength(3)
    expect(statements.flatMap(actionsOf).filter((a) => /Delete|Scan|BatchWrite|Update/.test(a))).toEqual([])
    expect(
      statementsOf(reminder())
        .flatMap(actionsOf)
        .filter((a) => /^(ses|sqs):/.test(a)),
    ).toEqual([])
  })
})

describe('events run schedule', () => {
  it('invokes the events run (reminders, retention sweep) every hour; it touches only events’ partitions and writes emails', () => {
    const rule = onlyFor('AWS::Events::Rule', eventRun())
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 hour)')
    expect(rule.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [lambdaOf(eventRun()).id, 'Arn'] })
    expect(onlyFor('AWS::Lambda::EventInvokeConfig', eventRun()).Properties.MaximumRetryAttempts).toBe(0)
    const statements = onTable(eventRun())
    const leading = (s: Statement) => s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']
    const onEvents = statements.find((s) => actionsOf(s).includes('dynamodb:BatchWriteItem'))!
    expect(leading(onEvents)).toEqual(['EVENT#*'])
    const puts = statements.find((s) => actionsOf(s).includes('dynamodb:PutItem'))!
    expect(actionsOf(puts)).toEqual(['dynamodb:PutItem'])
    expect(leading(puts)).toEqual([outboxKeys.pk('*')])
    expect(statements.flatMap(actionsOf).filter((a) => /Scan/.test(a))).toEqual([])
    expect(
      statementsOf(eventRun())
        .flatMap(actionsOf)
        .filter((a) => /^(ses|sqs):/.test(a)),
    ).toEqual([])
  })
})

describe('EOI retention schedule', () => {
  it('invokes the EOI retention sweep, and only it, daily, and is the only thing that may; it gets only the table', () => {
    const rule = onlyFor('AWS::Events::Rule', eoiRetention())
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 day)')
    expect(rule.Properties.Targets).toHaveLength(1)
    expect(rule.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [lambdaOf(eoiRetention()).id, 'Arn'] })
    const permission = onlyFor('AWS::Lambda::Permission', eoiRetention()).Properties
    expect(permission.SourceArn).toEqual({ 'Fn::GetAtt': [rule.id, 'Arn'] })
    expect(onlyFor('AWS::Lambda::EventInvokeConfig', eoiRetention()).Properties.MaximumRetryAttempts).toBe(0)
    const variables = lambdaOf(eoiRetention()).Properties.Environment.Variables as Record<string, unknown>
    expect(Object.keys(variables).sort()).toEqual(['METRICS_NAMESPACE', 'NODE_OPTIONS', 'TABLE_NAME'])
  })

  it('lets it read only releases, awards and EOIs, write only EOIs and releases, query only GSI1, and send no email', () => {
    const statements = notAuditCapture(onTable(eoiRetention()))
    const leading = (s: Statement) => s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']
    expect(
      Object.fromEntries(
        statements.filter((s) => !joined(s.Resource).includes('/index/')).map((s) => [actionsOf(s).join(), leading(s)]),
      ),
    ).toEqual({
      'dynamodb:BatchGetItem,dynamodb:GetItem,dynamodb:Query': ['FEEDBACK#*', 'AWARDS#*', 'APP#*'],
      'dynamodb:PutItem': ['APP#*', 'FEEDBACK#*'],
    })
    const index = statements.filter((s) => joined(s.Resource).includes('/index/'))
    expect(index.map((s) => [actionsOf(s), joined(s.Resource)])).toEqual([
      [['dynamodb:Query'], expect.stringMatching(new RegExp(`/index/${indexes.byKind.name}$`))],
    ])
    expect(statements.flatMap(actionsOf).filter((a) => /Scan|Delete/.test(a))).toEqual([])
    expect(
      statementsOf(eoiRetention())
        .flatMap(actionsOf)
        .filter((a) => /^(ses|sqs):/.test(a)),
    ).toEqual([])
  })
})

/** The statements every committing function gets for the audit trail (tested below), set aside. */
const isAuditCapture = (s: Statement) =>
  actionsOf(s).join() === auditCaptureReadActions.join() ||
  (actionsOf(s).join() === auditCaptureWriteActions.join() &&
    JSON.stringify(s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']) === '["AUDIT#*"]')
const notAuditCapture = (statements: Statement[]) => statements.filter((s) => !isAuditCapture(s))

describe('audit capture', () => {
  it('lets each scheduled function that commits read back only what it writes, and write its audit intents only to audit partitions', () => {
    const leading = (s: Statement) => s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']
    for (const fn of [releaser(), lapser(), checkInOpener(), reminder(), eventRun(), eoiRetention()]) {
      const audit = onTable(fn).filter(isAuditCapture)
      expect(audit).toHaveLength(2)
      const writes = audit.find((s) => actionsOf(s).includes('dynamodb:PutItem'))!
      expect(leading(writes)).toEqual(['AUDIT#*'])
      const reads = audit.find((s) => actionsOf(s).includes('dynamodb:BatchGetItem'))!
      const written = notAuditCapture(onTable(fn))
        .filter((s) => actionsOf(s).some((a) => /Put|Update/.test(a)))
        .flatMap((s) => leading(s) ?? [])
      expect(new Set(leading(reads))).toEqual(new Set(written))
    }
  })
})

describe('IAM', () => {
  it('grants no "*" action, no service-wide wildcard, and Resource "*" only for X-Ray and ListStreams', () => {
    for (const action of allStatements().flatMap(actionsOf)) {
      expect(action).not.toBe('*')
      expect(action).not.toMatch(/:\*$/)
    }
    const starred = (fn: NodeFunction) =>
      statementsOf(fn).filter((statement) => [statement.Resource].flat().includes('*'))
    // Neither has a resource-level form (see the IAM5 acknowledgements).
    expect(starred(deliverers().mailer).flatMap(actionsOf).sort()).toEqual([
      'dynamodb:ListStreams',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ])
    expect(starred(deliverers().sweeper).flatMap(actionsOf).sort()).toEqual([
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ])
  })

  it('lets the mailer read only the table stream, and the sweeper no stream at all', () => {
    for (const action of ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']) {
      const granted = statementsOf(deliverers().mailer).filter((s) => actionsOf(s).includes(action))
      expect(granted, action).toHaveLength(1)
      expect(joined(granted[0]!.Resource), action).toMatch(/StreamArn/)
    }
    const sweeperStream = statementsOf(deliverers().sweeper).filter((s) =>
      actionsOf(s).some((a) => /^dynamodb:(\w*Stream\w*|GetRecords|GetShardIterator)$/.test(a)),
    )
    expect(sweeperStream).toEqual([])
  })

  it('lets the mailer only update outbox items on the table: no read, put, delete, query or scan of anything', () => {
    const statements = onTable(deliverers().mailer)
    expect(statements).toHaveLength(1)
    expect(outboxClaimActions).toEqual(['dynamodb:UpdateItem'])
    expect(actionsOf(statements[0]!)).toEqual(outboxClaimActions)
    expect(joined(statements[0]!.Resource)).not.toMatch(/index|\*/)
    expect(statements[0]!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [outboxKeys.pk('*')] },
    })
  })

  it('lets the sweeper query GSI1 only (the pending list), and otherwise only update outbox items', () => {
    const statements = onTable(deliverers().sweeper)
    expect(statements).toHaveLength(2)
    const [query, update] = [
      statements.find((s) => actionsOf(s).includes('dynamodb:Query'))!,
      statements.find((s) => !actionsOf(s).includes('dynamodb:Query'))!,
    ]
    expect(outboxListActions).toEqual(['dynamodb:Query'])
    expect(actionsOf(query)).toEqual(outboxListActions)
    expect([query.Resource].flat()).toHaveLength(1)
    // The data stack's table ARN, then the index: "table/<name>/index/gsi1".
    expect(joined(query.Resource)).toMatch(
      new RegExp(`^<(import|output) .*Table.*Arn.*>/index/${indexes.byKind.name}$`),
    )
    expect(actionsOf(update)).toEqual(outboxClaimActions)
    expect(joined(update.Resource)).not.toMatch(/index|\*/)
    expect(update.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [outboxKeys.pk('*')] } })
  })

  it('lets each send email only as the configured sender, through its address or domain identity, with the configuration set', () => {
    for (const [name, construct] of Object.entries(deliverers())) {
      const ses = statementsOf(construct).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')))
      expect(ses, name).toHaveLength(1)
      expect(actionsOf(ses[0]!), name).toEqual(['ses:SendEmail'])
      expect([ses[0]!.Resource].flat().map(joined).sort(), name).toEqual([
        `arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:configuration-set/<${logicalId(synthesised.stacks.events.configurationSet.node.defaultChild)}>`,
        'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/challenge-fund.example',
        'arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/no-reply@challenge-fund.example',
      ])
      expect(ses[0]!.Condition, name).toEqual({
        StringEquals: { 'ses:FromAddress': 'no-reply@challenge-fund.example' },
      })
    }
  })

  it('lets the mailer send only to its own failure queue, and the sweeper to no queue', () => {
    const sqs = (fn: NodeFunction) => statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')))
    expect(sqs(deliverers().mailer)).toHaveLength(1)
    expect(actionsOf(sqs(deliverers().mailer)[0]!)).toContain('sqs:SendMessage')
    expect(sqs(deliverers().mailer)[0]!.Resource).toEqual({ 'Fn::GetAtt': [mailerFailures().id, 'Arn'] })
    expect(sqs(deliverers().sweeper)).toEqual([])
  })
})

describe('bounces and complaints', () => {
  const sesFeedback = () => synthesised.stacks.events.sesFeedback
  const idOf = (construct: { node: { defaultChild?: unknown } }) => logicalId(construct.node.defaultChild)

  it('sends every outbox email through the configuration set (SES_CONFIGURATION_SET on both deliverers)', () => {
    const configurationSet = only('AWS::SES::ConfigurationSet')
    expect(configurationSet.Properties.Name).toBeUndefined()
    for (const [name, construct] of Object.entries(deliverers())) {
      const variables = lambdaOf(construct).Properties.Environment.Variables as Record<string, unknown>
      expect(variables.SES_CONFIGURATION_SET, name).toEqual({ Ref: configurationSet.id })
    }
  })

  it('has the configuration set publish bounces and complaints, and nothing else, to the feedback topic', () => {
    const destination = only('AWS::SES::ConfigurationSetEventDestination').Properties
    expect(destination.ConfigurationSetName).toEqual({ Ref: only('AWS::SES::ConfigurationSet').id })
    expect(destination.EventDestination).toEqual({
      Enabled: true,
      MatchingEventTypes: ['bounce', 'complaint'],
      SnsDestination: { TopicARN: { Ref: only('AWS::SNS::Topic').id } },
    })
  })

  it('keeps the feedback topic encrypted with a rotated key SES may use, TLS-only, and lets only this configuration set publish', () => {
    const topic = only('AWS::SNS::Topic')
    const key = only('AWS::KMS::Key')
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [key.id, 'Arn'] })
    expect(key.Properties.EnableKeyRotation).toBe(true)
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    )
    const statements = only('AWS::SNS::TopicPolicy').Properties.PolicyDocument.Statement as Statement[]
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    )
    const publish = statements.find((s) => s.Effect === 'Allow')!
    expect(publish).toMatchObject({ Action: 'sns:Publish', Principal: { Service: 'ses.amazonaws.com' } })
    expect(joined(publish.Condition!.StringEquals['AWS:SourceArn'])).toBe(
      `arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:configuration-set/<${only('AWS::SES::ConfigurationSet').id}>`,
    )
  })

  it('invokes the SES feedback handler from the topic, with the table, retries and a dead-letter queue', () => {
    const fn = lambdaOf(sesFeedback()).Properties
    expect(Object.keys(fn.Environment.Variables).sort()).toEqual(['METRICS_NAMESPACE', 'NODE_OPTIONS', 'TABLE_NAME'])
    expect(JSON.stringify(fn.Environment.Variables.TABLE_NAME)).toMatch(/Table/)
    const failures = idOf(synthesised.stacks.events.sesFeedbackFailures)
    const subscription = only('AWS::SNS::Subscription').Properties
    expect(subscription).toMatchObject({
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [lambdaOf(sesFeedback()).id, 'Arn'] },
      TopicArn: { Ref: only('AWS::SNS::Topic').id },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [failures, 'Arn'] } },
    })
    expect(onlyFor('AWS::Lambda::EventInvokeConfig', sesFeedback()).Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failures, 'Arn'] } } },
    })
    const queue = events.findResources('AWS::SQS::Queue')[failures]!.Properties
    expect(queue.SqsManagedSseEnabled).toBe(true)
    expect(queue.MessageRetentionPeriod).toBe(14 * 24 * 3600)
  })

  it('lets the handler read and write the table by key and query its indexes, but not scan or delete', () => {
    const table = onTable(sesFeedback())
    const actions = table.flatMap(actionsOf)
    expect(actions).not.toContain('dynamodb:Scan')
    expect(actions).not.toContain('dynamodb:DeleteItem')
    const onItems = table.filter((s) => !joined(s.Resource).includes('/index/'))
    expect(onItems.flatMap(actionsOf).sort()).toEqual([...sesFeedbackTableActions].sort())
    const onIndexes = table.filter((s) => joined(s.Resource).includes('/index/'))
    expect(onIndexes.flatMap(actionsOf)).toEqual(['dynamodb:Query'])
  })
})
