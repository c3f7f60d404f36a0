// How the team learns the deployment is failing: alarms on the API, every function, the mail
// path, the scheduled jobs, the table and SES's reputation, all sent to one encrypted SNS
// topic (emailed to the deploy config's alarmEmail), and a dashboard of those signals beside
// the business metrics the functions write in CloudWatch Embedded Metric Format. It refers to
// the other stacks' resources and deploys last; nothing else depends on it. What to do when
// each alarm fires: README, "Runbook".
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib'
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2'
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  SingleValueWidget,
  Stats,
  TextWidget,
  TreatMissingData,
  type IMetric,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import { Operation, type ITable } from 'aws-cdk-lib/aws-dynamodb'
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Key } from 'aws-cdk-lib/aws-kms'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import type { IQueue } from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'
import type { NodeFunction } from '../constructs/node-function.js'

/** A function run on a schedule, and how often its schedule runs it. */
export type ScheduledJob = { fn: NodeFunction; rate: Duration }

export type MonitoringStackProps = StackProps & {
  /** The CloudWatch namespace the functions write business metrics to (METRICS_NAMESPACE). */
  metricsNamespace: string
  /** Who is emailed when an alarm fires or clears; unset: the topic has no subscriber. */
  alarmEmail?: string
  httpApi: IHttpApi
  /** The tables whose throttled requests and system errors raise an alarm. */
  tables: Record<string, ITable>
  /** Every application function: each gets an errors and a throttles alarm. */
  functions: NodeFunction[]
  /** The scheduled ones: each also gets an alarm if it did not run. */
  scheduledJobs: ScheduledJob[]
  /** Dead-letter queues: a message in any of them raises an alarm. */
  deadLetterQueues: Record<string, IQueue>
}

/** The alarms' thresholds, in one place for the README's runbook and the tests. */
export const thresholds = {
  /** Percentage of API requests answered 5xx, in each of two consecutive 5-minute periods. */
  apiServerErrorPercent: 5,
  /** The API's p99 latency (ms, at API Gateway), in each of three consecutive 5-minute periods. */
  apiP99LatencyMs: 3000,
  /** The oldest outbox message still pending, in seconds (15 minutes). */
  outboxOldestPendingSeconds: 900,
  /** SES's bounce rate; SES reviews an account at 5% and may pause sending at 10%. We alarm at the review level. */
  sesBounceRate: 0.05,
  /** SES's complaint rate; SES reviews at 0.1% and may pause sending at 0.5%. */
  sesComplaintRate: 0.001,
}

/** The business metrics the functions write (Count), shown on the dashboard. */
export const businessMetrics = [
  'EoiStarted',
  'EoiSubmitted',
  'AwardMade',
  'AwardDeclined',
  'PaymentRecorded',
  'DecisionsReleased',
  'EmailSent',
  'EmailFailed',
  'EmailBounced',
  'EmailComplained',
] as const

/** The table operations the app performs: their throttles and system errors are alarmed on (at most 10 metrics an alarm). */
export const tableOperations = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
]

const FIVE_MINUTES = Duration.minutes(5)

/**
 * The window in which a scheduled job must have been invoked at least once: two of its runs
 * (one missed run is tolerated, a late one is not mistaken for a missing one), at least five
 * minutes, and at most a day, the longest an alarm may look back.
 */
export function notRunWindow(rate: Duration): Duration {
  const seconds = Math.min(Math.max(2 * rate.toSeconds(), FIVE_MINUTES.toSeconds()), Duration.days(1).toSeconds())
  return Duration.seconds(seconds)
}

export class MonitoringStack extends Stack {
  readonly alarmTopic: Topic
  readonly dashboard: Dashboard
  readonly alarms: Alarm[] = []

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props)

    // CloudWatch publishes as its service principal: to an encrypted topic only with a key whose
    // policy lets it, and (the topic having a policy of its own, for TLS) only if the topic's
    // policy does too. Both only for this account's alarms.
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': this.account },
      ArnLike: { 'aws:SourceArn': this.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*' }) },
    }
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com')
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the Challenge Fund alarm topic',
      enableKeyRotation: true,
    })
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudWatch],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    )
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Challenge Fund alarms',
      masterKey: key,
      enforceSSL: true,
    })
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: fromOurAlarms,
      }),
    )
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail))
    const action = new SnsAction(this.alarmTopic)

    const alarm = (
      id: string,
      description: string,
      metric: IMetric,
      options: {
        threshold: number
        comparisonOperator: ComparisonOperator
        evaluationPeriods?: number
        treatMissingData?: TreatMissingData
      },
    ) => {
      const created = new Alarm(this, id, {
        metric,
        alarmDescription: `${description} See the README's Runbook.`,
        threshold: options.threshold,
        comparisonOperator: options.comparisonOperator,
        evaluationPeriods: options.evaluationPeriods ?? 1,
        treatMissingData: options.treatMissingData ?? TreatMissingData.NOT_BREACHING,
      })
      created.addAlarmAction(action)
      created.addOkAction(action)
      this.alarms.push(created)
      return created
    }
    const atLeast = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD

    // --- API --------------------------------------------------------------------------------
    const apiRequests = props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: Stats.SUM })
    const apiServerErrors = props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: Stats.SUM })
    const apiServerErrorRate = new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests: apiRequests, errors: apiServerErrors },
      period: FIVE_MINUTES,
      label: 'API 5xx (% of requests)',
    })
    alarm(
      'ApiServerErrorRate',
      `The API answered ${thresholds.apiServerErrorPercent}% or more of its requests with a 5xx for 10 minutes.`,
      apiServerErrorRate,
      { threshold: thresholds.apiServerErrorPercent, comparisonOperator: atLeast, evaluationPeriods: 2 },
    )
    const apiP99 = props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: Stats.p(99) })
    alarm(
      'ApiLatencyP99',
      `The API's p99 latency was ${thresholds.apiP99LatencyMs} ms or more for 15 minutes.`,
      apiP99,
      { threshold: thresholds.apiP99LatencyMs, comparisonOperator: atLeast, evaluationPeriods: 3 },
    )

    // --- Every function: errors and throttles ------------------------------------------------
    const names = new Set<string>()
    for (const fn of props.functions) {
      const name = fn.node.id
      if (names.has(name)) throw new Error(`Two functions are both called "${name}": alarms need distinct names`)
      names.add(name)
      alarm(
        `${name}Errors`,
        `The ${name} function failed (an error or a timeout) in the last 5 minutes.`,
        fn.fn.metricErrors({ period: FIVE_MINUTES, statistic: Stats.SUM }),
        { threshold: 1, comparisonOperator: atLeast },
      )
      alarm(
        `${name}Throttles`,
        `Invocations of the ${name} function were throttled in the last 5 minutes.`,
        fn.fn.metricThrottles({ period: FIVE_MINUTES, statistic: Stats.SUM }),
        { threshold: 1, comparisonOperator: atLeast },
      )
    }

    // --- Scheduled jobs: did not run (failing is the errors alarm above) ---------------------
    for (const job of props.scheduledJobs) {
      const name = job.fn.node.id
      const window = notRunWindow(job.rate)
      alarm(
        `${name}NotRun`,
        `The ${name} function (scheduled every ${job.rate.toHumanString()}) was not invoked in ${window.toHumanString()}.`,
        job.fn.fn.metricInvocations({ period: window, statistic: Stats.SUM }),
        {
          threshold: 1,
          comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
          // No datapoint at all is exactly what a job that never ran looks like.
          treatMissingData: TreatMissingData.BREACHING,
        },
      )
    }

    // --- Mail ---------------------------------------------------------------------------------
    const queueDepths: IMetric[] = []
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: Stats.MAXIMUM })
      queueDepths.push(depth.with({ label: name }))
      alarm(`${name}NotEmpty`, `The ${name} dead-letter queue holds at least one message.`, depth, {
        threshold: 1,
        comparisonOperator: atLeast,
      })
    }
    const business = (metricName: string, statistic: string = Stats.SUM, period = FIVE_MINUTES) =>
      new Metric({ namespace: props.metricsNamespace, metricName, statistic, period })
    const oldestPending = business('OutboxOldestPendingSeconds', Stats.MAXIMUM)
    alarm(
      'OutboxPendingTooLong',
      `An outbox email has been pending for more than ${thresholds.outboxOldestPendingSeconds / 60} minutes (the sweeper's last run).`,
      oldestPending,
      {
        threshold: thresholds.outboxOldestPendingSeconds,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      },
    )
    // Account-wide (no dimensions): SES computes them over a long window, so an hour's maximum.
    const ses = (metricName: string) =>
      new Metric({ namespace: 'AWS/SES', metricName, statistic: Stats.MAXIMUM, period: Duration.hours(1) })
    const bounceRate = ses('Reputation.BounceRate')
    const complaintRate = ses('Reputation.ComplaintRate')
    alarm(
      'SesBounceRate',
      `SES's bounce rate for the account is ${thresholds.sesBounceRate * 100}% or more (SES may pause sending at 10%).`,
      bounceRate,
      { threshold: thresholds.sesBounceRate, comparisonOperator: atLeast },
    )
    alarm(
      'SesComplaintRate',
      `SES's complaint rate for the account is ${thresholds.sesComplaintRate * 100}% or more (SES may pause sending at 0.5%).`,
      complaintRate,
      { threshold: thresholds.sesComplaintRate, comparisonOperator: atLeast },
    )

    // --- Tables -------------------------------------------------------------------------------
    // One graph each: the per-operation expressions share their metrics' ids.
    const tableGraphs: IWidget[] = []
    for (const [name, table] of Object.entries(props.tables)) {
      const options = { operations: tableOperations, period: FIVE_MINUTES, statistic: Stats.SUM }
      const throttled = table.metricThrottledRequestsForOperations(options)
      const systemErrors = table.metricSystemErrorsForOperations(options)
      tableGraphs.push(
        new GraphWidget({ title: `${name}: throttled requests`, left: [throttled], width: 6, height: 6 }),
        new GraphWidget({ title: `${name}: system errors`, left: [systemErrors], width: 6, height: 6 }),
      )
      alarm(`${name}Throttled`, `Requests to the ${name} were throttled in the last 5 minutes.`, throttled, {
        threshold: 1,
        comparisonOperator: atLeast,
      })
      alarm(`${name}SystemErrors`, `DynamoDB failed requests to the ${name} in the last 5 minutes.`, systemErrors, {
        threshold: 1,
        comparisonOperator: atLeast,
      })
    }

    // --- Dashboard ----------------------------------------------------------------------------
    const perFunction = (metric: (fn: NodeFunction) => IMetric, fns: NodeFunction[]) => fns.map(metric)
    const wide = { width: 12, height: 6 }
    const rows: IWidget[][] = [
      [
        new TextWidget({
          markdown: `# Challenge Fund (${props.metricsNamespace})\nAlarms, then the service signals, then the business. What to do when an alarm fires: the README's Runbook.`,
          width: 24,
          height: 2,
        }),
      ],
      [new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 6 })],
      [
        new GraphWidget({
          title: 'API requests and 5xx',
          left: [apiRequests],
          right: [apiServerErrors],
          ...wide,
        }),
        new GraphWidget({
          title: 'API latency (ms)',
          left: [apiP99, props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: Stats.p(50) })],
          leftAnnotations: [{ value: thresholds.apiP99LatencyMs, label: 'p99 alarm' }],
          ...wide,
        }),
      ],
      [
        new GraphWidget({
          title: 'Function errors',
          left: perFunction(
            (fn) => fn.fn.metricErrors({ period: FIVE_MINUTES, statistic: Stats.SUM, label: fn.node.id }),
            props.functions,
          ),
          ...wide,
        }),
        new GraphWidget({
          title: 'Function throttles',
          left: perFunction(
            (fn) => fn.fn.metricThrottles({ period: FIVE_MINUTES, statistic: Stats.SUM, label: fn.node.id }),
            props.functions,
          ),
          ...wide,
        }),
      ],
      [
        new GraphWidget({
          title: 'Scheduled job runs (per hour)',
          left: props.scheduledJobs.map((job) =>
            job.fn.fn.metricInvocations({ period: Duration.hours(1), statistic: Stats.SUM, label: job.fn.node.id }),
          ),
          ...wide,
        }),
        new GraphWidget({
          title: 'Scheduled job errors (per hour)',
          left: props.scheduledJobs.map((job) =>
            job.fn.fn.metricErrors({ period: Duration.hours(1), statistic: Stats.SUM, label: job.fn.node.id }),
          ),
          ...wide,
        }),
      ],
      tableGraphs,
      [
        new GraphWidget({
          title: 'Oldest pending outbox email (s)',
          left: [oldestPending],
          leftAnnotations: [{ value: thresholds.outboxOldestPendingSeconds, label: 'alarm' }],
          width: 8,
          height: 6,
        }),
        new GraphWidget({ title: 'Dead-letter queues', left: queueDepths, width: 8, height: 6 }),
        new GraphWidget({
          title: 'SES reputation',
          left: [bounceRate.with({ label: 'Bounce rate' }), complaintRate.with({ label: 'Complaint rate' })],
          leftAnnotations: [
            { value: thresholds.sesBounceRate, label: 'bounce alarm' },
            { value: thresholds.sesComplaintRate, label: 'complaint alarm' },
          ],
          width: 8,
          height: 6,
        }),
      ],
      [
        // Totals over whatever range the dashboard shows.
        new SingleValueWidget({
          title: 'Over the period shown',
          metrics: businessMetrics.map((name) => business(name)),
          setPeriodToTimeRange: true,
          width: 24,
          height: 4,
        }),
      ],
      [
        new GraphWidget({
          title: 'Applications, awards, payments, releases (per day)',
          left: (
            [
              'EoiStarted',
              'EoiSubmitted',
              'AwardMade',
              'AwardDeclined',
              'PaymentRecorded',
              'DecisionsReleased',
            ] as const
          ).map((name) => business(name, Stats.SUM, Duration.days(1))),
          ...wide,
        }),
        new GraphWidget({
          title: 'Emails (per hour)',
          left: (['EmailSent', 'EmailFailed', 'EmailBounced', 'EmailComplained'] as const).map((name) =>
            business(name, Stats.SUM, Duration.hours(1)),
          ),
          ...wide,
        }),
      ],
    ]
    this.dashboard = new Dashboard(this, 'Dashboard', { widgets: rows })

    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboardName })
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn })
  }
}
