// The monitoring stack: every alarm the runbook names exists, watches the right metric at the
// right threshold, and tells the encrypted, TLS-only alarm topic both when it fires and when it
// clears; the topic emails the deploy config's alarmEmail (and nobody when it is unset); every
// function writes its business metrics to the stage's namespace; the dashboard shows the
// signals and the business metrics.
import type { CfnElement, Stack } from 'aws-cdk-lib'
import { Match, type Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { NodeFunction } from '../../infra/constructs/node-function.js'
import { chainRate, checkpointRate } from '../../infra/stacks/audit-stack.js'
import {
  checkInOpenRate,
  eoiRetentionRate,
  lapseRate,
  releaseRate,
  remindRate,
  sweepRate,
} from '../../infra/stacks/events-stack.js'
import { businessMetrics, notRunWindow, tableOperations, thresholds } from '../../infra/stacks/monitoring-stack.js'
import { synthApp, type SynthesisedApp } from './app-fixture.js'

let synthesised: SynthesisedApp
let monitoring: Template

beforeAll(() => {
  synthesised = synthApp({ webDist: false, context: { stage: 'prod', alarmEmail: 'ops@fund.example.org' } })
  monitoring = synthesised.templates.monitoring
})

type Resource = { Type: string; Properties: Record<string, any> }
type Dimension = { Name: string; Value: unknown }

const alarms = () => Object.entries(monitoring.findResources('AWS::CloudWatch::Alarm')) as [string, Resource][]
const topicRef = () => ({ Ref: Object.keys(monitoring.findResources('AWS::SNS::Topic'))[0] })

/** The alarm whose logical id starts with `id` (the construct id). */
function alarm(id: string): Record<string, any> {
  const found = alarms().filter(([logicalId]) => new RegExp(`^${id}[0-9A-F]{8}$`).test(logicalId))
  expect(found, id).toHaveLength(1)
  return found[0]![1].Properties
}

/** What a cross-stack value (Fn::GetStackOutput) refers to in its stack: "<stack>:<logical id>". */
function referent(value: unknown): string {
  const output = (value as { 'Fn::GetStackOutput'?: { StackName: string; OutputName: string } })['Fn::GetStackOutput']
  if (!output) return JSON.stringify(value)
  const stack = synthesised.app.node.findAll().find((c) => (c as Stack).stackName === output.StackName) as Stack
  const template = synthesised.assembly.getStackByName(output.StackName).template as {
    Outputs: Record<string, { Value: { Ref?: string; 'Fn::GetAtt'?: string[] } }>
  }
  const target = template.Outputs[output.OutputName]!.Value
  return `${stack.stackName}:${target.Ref ?? target['Fn::GetAtt']!.join('.')}`
}

const logicalIdOf = (fn: NodeFunction) => {
  const element = fn.fn.node.defaultChild as CfnElement
  return `${element.stack.stackName}:${element.stack.getLogicalId(element)}`
}

/** Every application function (the NodeFunction construct), across the stacks. */
const appFunctions = () => synthesised.app.node.findAll().filter((c): c is NodeFunction => c instanceof NodeFunction)

describe('alarm topic', () => {
  it('is encrypted with a rotated key CloudWatch may use, lets this account’s alarms publish, and refuses publishing without TLS', () => {
    const [topic] = Object.values(monitoring.findResources('AWS::SNS::Topic')) as Resource[]
    const keyId = topic!.Properties.KmsMasterKeyId['Fn::GetAtt'][0]
    const key = monitoring.findResources('AWS::KMS::Key')[keyId] as Resource
    expect(key.Properties.EnableKeyRotation).toBe(true)
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    )
    monitoring.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    })
  })

  it('emails the address from the deploy config, and nobody when none is set', () => {
    const subscriptions = Object.values(monitoring.findResources('AWS::SNS::Subscription')) as Resource[]
    expect(subscriptions.map((s) => [s.Properties.Protocol, s.Properties.Endpoint, s.Properties.TopicArn])).toEqual([
      ['email', 'ops@fund.example.org', topicRef()],
    ])
    const unset = synthApp({ webDist: false }).templates.monitoring
    unset.resourceCountIs('AWS::SNS::Topic', 1)
    unset.resourceCountIs('AWS::SNS::Subscription', 0)
  })

  it('is told by every alarm when it fires and when it clears', () => {
    expect(alarms().length).toBeGreaterThan(40)
    for (const [id, { Properties }] of alarms()) {
      expect(Properties.AlarmActions, id).toEqual([topicRef()])
      expect(Properties.OKActions, id).toEqual([topicRef()])
      expect(Properties.AlarmDescription, id).toMatch(/Runbook/)
    }
  })
})

describe('API alarms', () => {
  it('fire when 5% or more of the requests in each of two 5-minute periods got a 5xx', () => {
    const rate = alarm('ApiServerErrorRate')
    expect(rate.Threshold).toBe(thresholds.apiServerErrorPercent)
    expect(thresholds.apiServerErrorPercent).toBe(5)
    expect(rate.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold')
    expect(rate.EvaluationPeriods).toBe(2)
    const metrics = rate.Metrics as { Id: string; Expression?: string; MetricStat?: any }[]
    expect(metrics.find((m) => m.Expression)!.Expression).toBe('IF(requests > 0, 100 * errors / requests, 0)')
    const stat = (id: string) => metrics.find((m) => m.Id === id)!.MetricStat
    for (const [id, name] of [
      ['errors', '5xx'],
      ['requests', 'Count'],
    ]) {
      expect(stat(id!).Metric.Namespace).toBe('AWS/ApiGateway')
      expect(stat(id!).Metric.MetricName).toBe(name)
      expect(stat(id!).Stat).toBe('Sum')
      expect(stat(id!).Period).toBe(300)
      const [dimension] = stat(id!).Metric.Dimensions as Dimension[]
      expect(dimension!.Name).toBe('ApiId')
      expect(referent(dimension!.Value)).toMatch(/^challenge-fund-prod-web:HttpApi/)
    }
  })

  it('fire when the p99 latency is 3 s or more for 15 minutes', () => {
    const latency = alarm('ApiLatencyP99')
    expect(latency).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Period: 300,
      EvaluationPeriods: 3,
      Threshold: 3000,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    })
    expect(referent((latency.Dimensions as Dimension[])[0]!.Value)).toMatch(/^challenge-fund-prod-web:HttpApi/)
  })
})

describe('function alarms', () => {
  it('cover every function of the app: the API, events and audit stacks hold no other', () => {
    const fns = appFunctions()
    const templates = [synthesised.templates.api, synthesised.templates.events, synthesised.templates.audit]
    const deployed = templates.reduce((n, t) => n + Object.keys(t.findResources('AWS::Lambda::Function')).length, 0)
    expect(fns.length).toBe(deployed)
    expect(fns.length).toBeGreaterThanOrEqual(12)
  })

  it('fire on any error or throttle of each function within 5 minutes', () => {
    for (const fn of appFunctions()) {
      for (const [suffix, metricName] of [
        ['Errors', 'Errors'],
        ['Throttles', 'Throttles'],
      ] as const) {
        const watched = alarm(`${fn.node.id}${suffix}`)
        expect(watched, fn.node.id).toMatchObject({
          Namespace: 'AWS/Lambda',
          MetricName: metricName,
          Statistic: 'Sum',
          Period: 300,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        })
        const [dimension] = watched.Dimensions as Dimension[]
        expect(dimension!.Name).toBe('FunctionName')
        expect(referent(dimension!.Value), fn.node.id).toBe(logicalIdOf(fn))
      }
    }
  })

  it('give every function the stage’s metrics namespace', () => {
    for (const fn of appFunctions()) {
      const element = fn.fn.node.defaultChild as CfnElement
      const template = synthesised.assembly.getStackByName(element.stack.stackName).template
      const variables = template.Resources[element.stack.getLogicalId(element)].Properties.Environment.Variables
      expect(variables.METRICS_NAMESPACE, fn.node.id).toBe('ChallengeFund/prod')
    }
  })
})

describe('scheduled jobs', () => {
  const jobs = () => {
    const { events, audit } = synthesised.stacks
    return [
      [events.releaser, releaseRate],
      [events.sweeper, sweepRate],
      [events.lapser, lapseRate],
      [events.checkInOpener, checkInOpenRate],
      [events.reminder, remindRate],
      [events.eventRun, remindRate],
      [events.eoiRetention, eoiRetentionRate],
      [audit.chainer, chainRate],
      [audit.checkpointer, checkpointRate],
    ] as const
  }

  it('are every function a schedule invokes', () => {
    const scheduled = [synthesised.templates.events, synthesised.templates.audit].flatMap((template) =>
      Object.values(template.findResources('AWS::Events::Rule')).flatMap((rule) =>
        (rule.Properties.Targets as { Arn: { 'Fn::GetAtt': string[] } }[]).map((t) => t.Arn['Fn::GetAtt'][0]),
      ),
    )
    const logicalId = (fn: NodeFunction) => logicalIdOf(fn).split(':')[1]
    expect(
      jobs()
        .map(([fn]) => logicalId(fn))
        .sort(),
    ).toEqual(scheduled.sort())
  })

  it('each fire when the job was not invoked in two of its runs (at least 5 minutes, at most a day), no data counting as not run', () => {
    expect(notRunWindow(releaseRate).toMinutes()).toBe(5)
    expect(notRunWindow(sweepRate).toMinutes()).toBe(10)
    expect(notRunWindow(remindRate).toHours()).toBe(2)
    expect(notRunWindow(checkpointRate).toHours()).toBe(24)
    for (const [fn, rate] of jobs()) {
      const notRun = alarm(`${fn.node.id}NotRun`)
      expect(notRun, fn.node.id).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Invocations',
        Statistic: 'Sum',
        Period: notRunWindow(rate).toSeconds(),
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      })
      expect(referent((notRun.Dimensions as Dimension[])[0]!.Value), fn.node.id).toBe(logicalIdOf(fn))
      // And failing is its errors alarm.
      expect(alarm(`${fn.node.id}Errors`).MetricName).toBe('Errors')
    }
  })
})

describe('mail alarms', () => {
  it('fire when either dead-letter queue (the mailer’s, the SES feedback handler’s) holds a message', () => {
    const queues = Object.keys(synthesised.templates.events.findResources('AWS::SQS::Queue'))
    expect(queues).toHaveLength(2)
    for (const [id, queue] of [
      ['OutboxMailerFailuresNotEmpty', synthesised.stacks.events.mailerFailures],
      ['SesFeedbackFailuresNotEmpty', synthesised.stacks.events.sesFeedbackFailures],
    ] as const) {
      const notEmpty = alarm(id)
      expect(notEmpty).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Statistic: 'Maximum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      })
      const element = queue.node.defaultChild as CfnElement
      expect(referent((notEmpty.Dimensions as Dimension[])[0]!.Value)).toBe(
        `challenge-fund-prod-events:${element.stack.getLogicalId(element)}.QueueName`,
      )
    }
  })

  it('fires when an outbox email has been pending more than 15 minutes (the sweeper’s metric, no dimensions)', () => {
    expect(alarm('OutboxPendingTooLong')).toMatchObject({
      Namespace: 'ChallengeFund/prod',
      MetricName: 'OutboxOldestPendingSeconds',
      Statistic: 'Maximum',
      Threshold: 900,
      ComparisonOperator: 'GreaterThanThreshold',
    })
    expect(alarm('OutboxPendingTooLong').Dimensions).toBeUndefined()
  })

  it('fire when SES’s bounce rate reaches 5% or its complaint rate 0.1%, below the levels at which SES pauses sending', () => {
    expect(alarm('SesBounceRate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.05,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    })
    expect(alarm('SesComplaintRate')).toMatchObject({
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.001,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    })
    expect(thresholds.sesBounceRate).toBeLessThan(0.1)
    expect(thresholds.sesComplaintRate).toBeLessThan(0.005)
    for (const id of ['SesBounceRate', 'SesComplaintRate']) expect(alarm(id).Dimensions, id).toBeUndefined()
  })
})

describe('table alarms', () => {
  it('fire on any throttled request or system error of either table, for every operation the app uses', () => {
    for (const [name, table] of [
      ['Table', synthesised.stacks.data.table],
      ['SurveyTable', synthesised.stacks.data.surveyTable],
    ] as const) {
      const element = table.node.defaultChild as CfnElement
      for (const [suffix, metricName] of [
        ['Throttled', 'ThrottledRequests'],
        ['SystemErrors', 'SystemErrors'],
      ] as const) {
        const watched = alarm(`${name}${suffix}`)
        expect(watched.Threshold).toBe(1)
        expect(watched.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold')
        const stats = (watched.Metrics as { MetricStat?: any }[]).flatMap((m) => m.MetricStat ?? [])
        expect(
          stats.map((s) => s.Metric.Dimensions.find((d: Dimension) => d.Name === 'Operation').Value).sort(),
        ).toEqual([...tableOperations].sort())
        for (const stat of stats) {
          expect(stat.Metric).toMatchObject({ Namespace: 'AWS/DynamoDB', MetricName: metricName })
          const tableName = stat.Metric.Dimensions.find((d: Dimension) => d.Name === 'TableName').Value
          expect(referent(tableName)).toBe(`challenge-fund-prod-data:${element.stack.getLogicalId(element)}`)
        }
      }
    }
  })
})

describe('dashboard', () => {
  /** The dashboard body with references shown as <stack:logical id>. */
  const body = () => {
    const [dashboard] = Object.values(monitoring.findResources('AWS::CloudWatch::Dashboard')) as Resource[]
    const parts = dashboard!.Properties.DashboardBody['Fn::Join'][1] as unknown[]
    return parts
      .map((part) =>
        typeof part === 'string'
          ? part
          : (part as Record<string, any>).Ref
            ? `<${(part as Record<string, any>).Ref}>`
            : `<${referent(part).replace(/^.*:/, '')}>`,
      )
      .join('')
  }

  it('shows every alarm’s state', () => {
    const text = body()
    for (const [id] of alarms()) expect(text, id).toContain(id)
  })

  it('graphs the API, every function, the scheduled jobs, the tables, the mail path and SES’s reputation', () => {
    const text = body()
    for (const metric of [
      '"AWS/ApiGateway","5xx"',
      '"AWS/ApiGateway","Count"',
      '"AWS/ApiGateway","Latency"',
      '"AWS/SQS","ApproximateNumberOfMessagesVisible"',
      '"ChallengeFund/prod","OutboxOldestPendingSeconds"',
      '"AWS/SES","Reputation.BounceRate"',
      '"AWS/SES","Reputation.ComplaintRate"',
      '"AWS/DynamoDB","ThrottledRequests"',
      '"AWS/DynamoDB","SystemErrors"',
    ])
      expect(text, metric).toContain(metric)
    for (const fn of appFunctions()) {
      expect(text, fn.node.id).toContain(`"label":"${fn.node.id}"`)
    }
  })

  it('shows each business metric as a total over the period shown, and graphed', () => {
    const text = body()
    expect(text).toContain('"view":"singleValue"')
    expect(text).toContain('"setPeriodToTimeRange":true')
    for (const metric of businessMetrics) {
      // Once in the single-value widget, once in a graph.
      expect(text.split(`"ChallengeFund/prod","${metric}"`).length - 1, metric).toBe(2)
    }
  })
})
