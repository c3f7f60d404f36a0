// Non-HTTP consumers of the outbox. The mailer reads the table's stream and emails each new
// outbox message with SES; records it cannot deliver after bounded retries are reported to an
// encrypted queue. The sweeper runs every five minutes and sends whatever is still pending,
// so a message whose stream delivery failed or was given up on is still sent. Two scheduled
// functions write emails there: the release scheduler (every minute) and the offer lapser
// (every five minutes), which lapses offers not accepted by their date; the grant reminders
// (every hour), which remind grantees of milestone reports due in 14 days or overdue; and the
// check-in opener (hourly), which emails grantees when a check-in after their grant opens.
//
// Delivery guarantee: at least once. deliver() (core/notifications/deliver.ts) claims a
// message for a lease (pending → sending, conditionally), sends it, then marks it sent; a
// failed send puts it back to pending. So no two deliverers send a message at the same time,
// and a failed send is retried (by the stream, then by the sweeper). A process that dies
// between the claim and the send (a crash, an out-of-memory kill, a timeout) leaves the
// message claimed; once the lease (OUTBOX_LEASE_MS, longer than either function's timeout)
// runs out the sweeper sends it. A death after SES accepted the message but before it was
// marked sent means it is sent twice: for a receipt the better failure than none. Both
// functions also refuse to start a send near their timeout (functions/events/outbox/deadline.ts).
//
// Both deliverers send through an SES configuration set, which publishes bounce and complaint
// events to an encrypted SNS topic; the SES feedback handler (functions/events/ses-feedback.ts)
// marks the address, so the outbox stops sending to it.
import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { Rule, Schedule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import { Policy, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Key } from 'aws-cdk-lib/aws-kms'
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda'
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations'
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources'
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'
import { auditKeys } from '../../functions/db/audit-capture.js'
import { awardKeys } from '../../functions/db/awards-repo.js'
import { assessKeys } from '../../functions/db/assessing-repo.js'
import { applicationKeys } from '../../functions/db/applications-repo.js'
import { competitionKeys } from '../../functions/db/competitions-repo.js'
import { eventKeys } from '../../functions/db/events-repo.js'
import { feedbackKeys } from '../../functions/db/feedback-repo.js'
import { grantKeys } from '../../functions/db/grants-repo.js'
import { outboxKeys } from '../../functions/db/outbox-repo.js'
import { userKeys } from '../../functions/db/users-repo.js'
import { OUTBOX_ENTITY } from '../../functions/db/stream-images.js'
import { indexes } from '../../functions/db/table.js'
import { NodeFunction } from '../constructs/node-function.js'
import { paths } from '../paths.js'

export type EventsStackProps = StackProps & {
  /** The single table; its NEW_IMAGE stream feeds the mailer. */
  table: ITable
  /** The sender address; it, or its domain, must be a verified SES identity in this account and region. */
  mailFrom: string
  /** The site's address (https://…): the emails the release scheduler writes link back to its pages. */
  publicUrl: string
}

/** What delivering a message does to the table: only the pending → sent claim and its undo. */
export const outboxClaimActions = ['dynamodb:UpdateItem']

/** What the sweeper reads: the pending list, a GSI1 query (listOutbox). */
export const outboxListActions = ['dynamodb:Query']

/** How often the sweeper runs: the longest a message whose stream delivery failed waits. */
export const sweepRate = Duration.minutes(5)

/** How often the release scheduler runs: the longest a scheduled release's emails wait. */
export const releaseRate = Duration.minutes(1)

/** What the release scheduler reads: the competition, its candidates and awards, the release. */
export const releaseReadActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query']
/** What it writes, in transactions: the release item (claim, progress) and the outbox emails. */
export const releaseWriteActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem']

/** Auditing a commit reads the items it changes, before and after (functions/db/audit-capture.ts). */
export const auditCaptureReadActions = ['dynamodb:BatchGetItem']
/** ...and puts its audit intent with the change, then records the digests after. */
export const auditCaptureWriteActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem']

/** How often the offer lapser runs: the longest an offer past its date goes on holding money. */
export const lapseRate = Duration.minutes(5)

/** How often the check-in opener runs: a check-in opens on a day, so the email goes out within the hour. */
export const checkInOpenRate = Duration.hours(1)

/** What the offer lapser reads: the competition, the award and ledger, the candidate, the release, the manager who awarded. */
export const lapseReadActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query']

/** How often the grant reminders run: reminders go out on the day, within the hour. */
export const remindRate = Duration.hours(1)
/** How often the EOI retention sweep runs: a retention period ends on a day, so daily is prompt enough. */
export const eoiRetentionRate = Duration.days(1)

/** What the SES feedback handler does to the table: find the messages and people an address belongs to, and mark them. */
export const sesFeedbackTableActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
]

/** The SES events that reach the feedback handler: the ones that mean an address should not be sent to again. */
export const sesFeedbackEvents = [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT]

/** What the grant reminders read: the grant, the competition (its title), the candidate (the contact). */
export const remindReadActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem']

/**
 * The event source filter: only INSERTs of pending outbox items invoke the mailer, so the
 * function is not woken (or billed) for the other writes on the table, nor for its own
 * pending → sent updates (MODIFY).
 */
export const outboxInsertFilter = {
  eventName: FilterRule.isEqual('INSERT'),
  dynamodb: {
    NewImage: { entity: { S: FilterRule.isEqual(OUTBOX_ENTITY) }, status: { S: FilterRule.isEqual('pending') } },
  },
}

export class EventsStack extends Stack {
  readonly mailer: NodeFunction
  /** Where Lambda reports stream batches it gave up on (their shard and sequence numbers). */
  readonly mailerFailures: Queue
  readonly sweeper: NodeFunction
  readonly sweepSchedule: Rule
  readonly releaser: NodeFunction
  readonly releaseSchedule: Rule
  readonly lapser: NodeFunction
  readonly lapseSchedule: Rule
  readonly checkInOpener: NodeFunction
  readonly checkInOpenSchedule: Rule
  readonly reminder: NodeFunction
  readonly remindSchedule: Rule
  readonly eventRun: NodeFunction
  readonly eventRunSchedule: Rule
  readonly eoiRetention: NodeFunction
  readonly eoiRetentionSchedule: Rule
  /** The configuration set every outbox email is sent with (its bounce and complaint events). */
  readonly configurationSet: ConfigurationSet
  /** Where SES publishes bounce and complaint events. */
  readonly feedbackTopic: Topic
  readonly sesFeedback: NodeFunction
  /** Bounce and complaint notifications the handler could not take (undeliverable, or failed after retries). */
  readonly sesFeedbackFailures: Queue

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props)

    // Bounce and complaint events go to an SNS topic encrypted with a key of our own: SES
    // can publish to an encrypted topic only if the key's policy lets SES use it.
    this.configurationSet = new ConfigurationSet(this, 'MailConfigurationSet', { reputationMetrics: true })
    const feedbackKey = new Key(this, 'MailFeedbackKey', {
      description: 'Encrypts the SES bounce and complaint notifications topic',
      enableKeyRotation: true,
    })
    feedbackKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    )
    this.feedbackTopic = new Topic(this, 'MailFeedbackTopic', {
      displayName: 'Challenge Fund SES bounces and complaints',
      masterKey: feedbackKey,
      enforceSSL: true,
    })
    // Adds the topic policy letting SES publish, for this configuration set only.
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.feedbackTopic),
      events: sesFeedbackEvents,
    })

    // Both deliverers parse the same environment (functions/events/outbox/mail-env.ts).
    const environment = {
      TABLE_NAME: props.table.tableName,
      MAIL_FROM: props.mailFrom,
      SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
    }

    this.mailer = new NodeFunction(this, 'OutboxMailer', {
      entry: paths.outboxMailerEntry,
      description: 'Challenge Fund outbox mailer (DynamoDB stream to SES)',
      environment,
      // A batch is at most 10 sequential SES calls; sends are refused in the last 30 s (see
      // the delivery guarantee above), so 60 s leaves room for several before that.
      timeout: Duration.seconds(60),
      // Sending email is I/O bound; 512 MB is plenty and the stream is not latency-critical.
      memorySize: 512,
    })

    // Failed batches' metadata (not the emails) lands here; the messages themselves stay
    // pending in the outbox, where the sweeper finds and sends them.
    this.mailerFailures = new Queue(this, 'OutboxMailerFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The maximum: two weeks to notice and act on a failure.
      retentionPeriod: Duration.days(14),
    })
    Validations.of(this.mailerFailures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the on-failure destination of the outbox mailer’s stream mapping (a dead-letter destination); a DLQ for the DLQ would only move the same records one queue further.',
    })

    this.mailer.fn.addEventSource(
      new DynamoEventSource(props.table, {
        // Only emails written from now on: anything older is still pending in the table,
        // where the sweeper sends it.
        startingPosition: StartingPosition.LATEST,
        batchSize: 10,
        // No batching window: a receipt should go out as soon as the EOI is submitted.
        maxBatchingWindow: Duration.seconds(0),
        // The handler reports failed records by sequence number; with bisection a poison
        // record ends up alone, and the retries are bounded so it cannot block the shard for
        // the stream's whole 24 h.
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(6),
        filters: [FilterCriteria.filter(outboxInsertFilter)],
        onFailure: new SqsDlq(this.mailerFailures),
      }),
    )

    // The mapping's stream grant (CDK's grantStreamRead): DescribeStream, GetRecords and
    // GetShardIterator on this table's stream, and ListStreams on "*", the only form that
    // action takes.
    const mailerPolicy = this.mailer.role.node.tryFindChild('DefaultPolicy')
    if (mailerPolicy) {
      Validations.of(mailerPolicy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Besides X-Ray, only dynamodb:ListStreams uses Resource "*": it has no resource-level permissions, and Lambda needs it to read the table stream. The stream reads themselves are scoped to this table\'s stream ARN.',
      })
    }
    this.grantDelivery(this.mailer, props)

    this.sweeper = new NodeFunction(this, 'OutboxSweeper', {
      entry: paths.outboxSweeperEntry,
      description: 'Challenge Fund outbox sweeper (pending outbox messages to SES, every 5 minutes)',
      environment,
      // The sweep starts no page after 50 s (SWEEP_BUDGET_MS in functions/events/outbox/sweep.ts)
      // and refuses sends in the last 30 s, so a page started at 50 s still has 10 s to send.
      timeout: Duration.seconds(90),
      memorySize: 512,
    })
    // The sweeper reads the pending list (listOutbox: a Query of GSI1 for OUTBOX#pending),
    // on that index only: not the table, not the other index.
    this.sweeper.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: outboxListActions,
        resources: [`${props.table.tableArn}/index/${indexes.byKind.name}`],
      }),
    )
    this.grantDelivery(this.sweeper, props)

    // A failed sweep is not retried by Lambda: the next run, five minutes later, is the retry,
    // and retrying sooner would only hit the same failing message again.
    this.sweeper.fn.configureAsyncInvoke({ retryAttempts: 0 })
    this.sweepSchedule = new Rule(this, 'OutboxSweepSchedule', {
      description: 'Runs the outbox sweeper, which sends outbox messages the stream mailer has not',
      schedule: Schedule.rate(sweepRate),
      targets: [new LambdaFunction(this.sweeper.fn, { retryAttempts: 2, maxEventAge: sweepRate })],
    })

    // Scheduled releases of decisions and feedback (functions/events/release-scheduler.ts).
    this.releaser = new NodeFunction(this, 'ReleaseScheduler', {
      entry: paths.releaseSchedulerEntry,
      description: 'Challenge Fund release scheduler (scheduled releases of decisions and feedback, every minute)',
      environment: { TABLE_NAME: props.table.tableName, PUBLIC_URL: props.publicUrl },
      // A release of a thousand applicants is about a dozen transactions; a crash part-way is
      // finished by the next run.
      timeout: Duration.seconds(55),
      memorySize: 512,
    })
    // It reads only the partitions a release reads, and writes only the release and the outbox.
    const partitions = (...pks: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': pks } })
    this.releaser.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: releaseReadActions,
        resources: [props.table.tableArn],
        conditions: partitions(competitionKeys.pk('*'), assessKeys.pk('*'), awardKeys.pk('*'), feedbackKeys.pk('*')),
      }),
    )
    this.releaser.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: releaseWriteActions,
        resources: [props.table.tableArn],
        conditions: partitions(feedbackKeys.pk('*'), outboxKeys.pk('*')),
      }),
    )
    // The due list: a Query of GSI1 for RELEASE#due.
    this.releaser.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.table.tableArn}/index/${indexes.byKind.name}`],
      }),
    )
    this.releaser.fn.configureAsyncInvoke({ retryAttempts: 0 })
    this.releaseSchedule = new Rule(this, 'ReleaseSchedule', {
      description: 'Runs the release scheduler, which releases decisions and feedback at their scheduled time',
      schedule: Schedule.rate(releaseRate),
      targets: [new LambdaFunction(this.releaser.fn, { retryAttempts: 2, maxEventAge: Duration.minutes(2) })],
    })

    // Offers not accepted by their date lapse, releasing their money (functions/events/offer-lapser.ts).
    this.lapser = new NodeFunction(this, 'OfferLapser', {
      entry: paths.offerLapserEntry,
      description:
        'Challenge Fund offer lapser (offers past their answer-by date release their amount, every 5 minutes)',
      environment: { TABLE_NAME: props.table.tableName, PUBLIC_URL: props.publicUrl },
      // A run lapses at most LAPSE_PAGE offers, one short transaction each.
      timeout: Duration.seconds(60),
      memorySize: 512,
    })
    // Reads: the competition aggregate, the award, the candidate, the release and the user
    // who made the award, by their partitions only.
    this.lapser.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: lapseReadActions,
        resources: [props.table.tableArn],
        conditions: partitions(
          competitionKeys.pk('*'),
          awardKeys.pk('*'),
          assessKeys.pk('*'),
          feedbackKeys.pk('*'),
          userKeys.pk('*'),
        ),
      }),
    )
    // The lapse transaction: puts the competition item, the award, the ledger entry and the
    // emails; updates the candidate; checks (never writes) the release.
    this.lapser.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [props.table.tableArn],
        conditions: partitions(competitionKeys.pk('*'), awardKeys.pk('*'), outboxKeys.pk('*')),
      }),
    )
    this.lapser.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [props.table.tableArn],
        conditions: partitions(assessKeys.pk('*')),
      }),
    )
    this.lapser.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:ConditionCheckItem'],
        resources: [props.table.tableArn],
        conditions: partitions(feedbackKeys.pk('*')),
      }),
    )
    // The due list: a Query of GSI1 for OFFERS#open up to now.
    this.lapser.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.table.tableArn}/index/${indexes.byKind.name}`],
      }),
    )
    this.lapser.fn.configureAsyncInvoke({ retryAttempts: 0 })
    this.lapseSchedule = new Rule(this, 'OfferLapseSchedule', {
      description:
        'Runs the offer lapser, which lapses award offers not accepted by their date and releases their amount',
      schedule: Schedule.rate(lapseRate),
      targets: [new LambdaFunction(this.lapser.fn, { retryAttempts: 2, maxEventAge: lapseRate })],
    })

    // Grantees are emailed when a check-in after their grant opens (functions/events/check-in-opener.ts).
    this.checkInOpener = new NodeFunction(this, 'CheckInOpener', {
      entry: paths.checkInOpenerEntry,
      description: 'Challenge Fund check-in opener (emails grantees when a check-in after their grant opens, hourly)',
      environment: { TABLE_NAME: props.table.tableName, PUBLIC_URL: props.publicUrl },
      // One GSI1 query of every grant, then at most CHECK_IN_NOTICES_PER_RUN short transactions.
      timeout: Duration.seconds(60),
      memorySize: 512,
    })
    // Reads the grants (by their partitions), the candidate's contact and the competition's title.
    this.checkInOpener.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [props.table.tableArn],
        conditions: partitions(grantKeys.pk('*'), assessKeys.pk('*'), competitionKeys.pk('*')),
      }),
    )
    // Its transaction: the grant (recording the email) and the email.
    this.checkInOpener.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [props.table.tableArn],
        conditions: partitions(grantKeys.pk('*'), outboxKeys.pk('*')),
      }),
    )
    // Every grant: a Query of GSI1 for GRANTS.
    this.checkInOpener.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.table.tableArn}/index/${indexes.byKind.name}`],
      }),
    )
    this.checkInOpener.fn.configureAsyncInvoke({ retryAttempts: 0 })
    this.checkInOpenSchedule = new Rule(this, 'CheckInOpenSchedule', {
      description: 'Runs the check-in opener, which emails grantees when a check-in after their grant opens',
      schedule: Schedule.rate(checkInOpenRate),
      targets: [new LambdaFunction(this.checkInOpener.fn, { retryAttempts: 2, maxEventAge: checkInOpenRate })],
    })

    // Reminders of milestone reports due in 14 days or overdue (functions/events/grant-reminders.ts).
    this.reminder = new NodeFunction(this, 'GrantReminders', {
      entry: paths.grantRemindersEntry,
      description: 'Challenge Fund grant reminders (milestone reports due in 14 days or overdue, every hour)',
      environment: { TABLE_NAME: props.table.tableName, PUBLIC_URL: props.publicUrl },
      // A page of 100 grants per query; only a grant with a reminder to send is written, in one
      // short transaction. What a timeout leaves unsent the next run sends.
      timeout: Duration.seconds(120),
      memorySize: 512,
    })
    this.reminder.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: remindReadActions,
        resources: [props.table.tableArn],
        conditions: partitions(grantKeys.pk('*'), competitionKeys.pk('*'), assessKeys.pk('*')),
      }),
    )
    // The reminder transaction: puts the grant (reminders marked) and the emails.
    this.reminder.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [props.table.tableArn],
        conditions: partitions(grantKeys.pk('*'), outboxKeys.pk('*')),
      }),
    )
    // Every grant: a Query of GSI1 for GRANTS.
    this.reminder.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.table.tableArn}/index/${indexes.byKind.name}`],
      }),
    )
    this.reminder.fn.configureAsyncInvoke({ retryAttempts: 0 })
    this.remindSchedule = new Rule(this, 'GrantRemindSchedule', {
      description: 'Runs the grant reminders, which email grantees of milestone reports due in 14 days or overdue',
      schedule: Schedule.rate(remindRate),
      targets: [new LambdaFunction(this.reminder.fn, { retryAttempts: 2, maxEventAge: remindRate })],
    })

    // What each of these commits is audited (functions/db/audit-capture.ts): the items it
    // changes are read before and after (their digests), and an audit intent is put with the
    // change and settled after it.
    // A policy of its own, so these statements stay apart from (not merged into) the function's.
    const recordsAudit = (fn: NodeFunction, written: string[]) => {
      fn.role.attachInlinePolicy(
        new Policy(fn, 'AuditCapture', {
          statements: [
            new PolicyStatement({
              actions: auditCaptureReadActions,
              resources: [props.table.tableArn],
              conditions: partitions(...written),
            }),
            new PolicyStatement({
              actions: auditCaptureWriteActions,
              resources: [props.table.tableArn],
              conditions: partitions(auditKeys.pk('*')),
            }),
          ],
        }),
      )
    }
    recordsAudit(this.releaser, [feedbackKeys.pk('*'), outboxKeys.pk('*')])
    recordsAudit(this.lapser, [competitionKeys.pk('*'), awardKeys.pk('*'), assessKeys.pk('*'), outboxKeys.pk('*')])
    recordsAudit(this.checkInOpener, [grantKeys.pk('*'), outboxKeys.pk('*')])
    recordsAudit(this.reminder, [grantKeys.pk('*'), outboxKeys.pk('*')])

    const eventRun = this.eventRuns(props)
    this.eventRun = eventRun.fn
    this.eventRunSchedule = eventRun.schedule
    recordsAudit(eventRun.fn, [eventKeys.pk('*'), outboxKeys.pk('*')])

    const eoiRetention = this.eoiRetentionRun(props)
    this.eoiRetention = eoiRetention.fn
    this.eoiRetentionSchedule = eoiRetention.schedule
    recordsAudit(eoiRetention.fn, [applicationKeys.pk('*'), feedbackKeys.pk('*')])

    const feedback = this.sesFeedbackRun(props)
    this.sesFeedback = feedback.fn
    this.sesFeedbackFailures = feedback.failures
  }

  /** Bounces and complaints mark the address, so the outbox stops sending to it (functions/events/ses-feedback.ts). */
  private sesFeedbackRun(props: EventsStackProps) {
    const fn = new NodeFunction(this, 'SesFeedback', {
      entry: paths.sesFeedbackEntry,
      description: 'Challenge Fund SES feedback (marks bounced and complained-about addresses so they are not sent to)',
      environment: { TABLE_NAME: props.table.tableName },
      // A notification is one bounce or complaint: a few reads and one short transaction.
      timeout: Duration.seconds(30),
      memorySize: 512,
    })
    // It marks whichever messages and people the address belongs to, so it reads and writes
    // the table by key and queries its indexes; it neither scans nor deletes.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: sesFeedbackTableActions, resources: [props.table.tableArn] }),
    )
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: Object.values(indexes).map((index) => `${props.table.tableArn}/index/${index.name}`),
      }),
    )

    // What SNS cannot hand to Lambda, and what still fails after Lambda's two retries, lands
    // here (the notification itself: a bounce is not lost, it can be replayed).
    const failures = new Queue(this, 'SesFeedbackFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    })
    Validations.of(failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the SES feedback subscription and the on-failure destination of its function; a DLQ for the DLQ would only move the same notifications one queue further.',
    })
    fn.fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(failures) })
    this.feedbackTopic.addSubscription(new LambdaSubscription(fn.fn, { deadLetterQueue: failures }))
    return { fn, failures }
  }

  /** Unsuccessful applicants' EOIs erased once their retention period ends (functions/events/eoi-retention.ts). */
  private eoiRetentionRun(props: EventsStackProps) {
    const partitions = (...pks: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': pks } })
    const fn = new NodeFunction(this, 'EoiRetention', {
      entry: paths.eoiRetentionEntry,
      description:
        'Challenge Fund EOI retention sweep (erases the EOIs of unsuccessful applicants once their retention period ends, daily)',
      environment: { TABLE_NAME: props.table.tableName },
      // Published competitions a page of 100 at a time; one short conditional write per EOI it
      // erases. What a timeout leaves the next run finishes (a competition is marked swept last).
      timeout: Duration.seconds(300),
      memorySize: 512,
    })
    // Reads the releases (BatchGetItem), a competition's awards (Query) and each EOI (GetItem).
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        resources: [props.table.tableArn],
        conditions: partitions(feedbackKeys.pk('*'), awardKeys.pk('*'), applicationKeys.pk('*')),
      }),
    )
    // Writes only the EOIs it erases and the release that records the sweep.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [props.table.tableArn],
        conditions: partitions(applicationKeys.pk('*'), feedbackKeys.pk('*')),
      }),
    )
    // The lists: Queries of GSI1 for published competitions and each competition's EOIs.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.table.tableArn}/index/${indexes.byKind.name}`],
      }),
    )
    fn.fn.configureAsyncInvoke({ retryAttempts: 0 })
    const schedule = new Rule(this, 'EoiRetentionSchedule', {
      description:
        'Runs the EOI retention sweep, which erases the EOIs of unsuccessful applicants past their retention period',
      schedule: Schedule.rate(eoiRetentionRate),
      targets: [new LambdaFunction(fn.fn, { retryAttempts: 2, maxEventAge: Duration.hours(6) })],
    })
    return { fn, schedule }
  }

  /** Lapsing unconfirmed holds, event reminders and the retention sweep (functions/events/event-reminders.ts). */
  private eventRuns(props: EventsStackProps) {
    const partitions = (...pks: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': pks } })
    const fn = new NodeFunction(this, 'EventReminders', {
      entry: paths.eventRemindersEntry,
      description:
        'Challenge Fund events run (reminds registrants the day before; deletes their personal data after retention, hourly)',
      environment: { TABLE_NAME: props.table.tableName, PUBLIC_URL: props.publicUrl },
      // At most 25 events and 2,000 deletions a run; what a timeout leaves the next run finishes.
      timeout: Duration.seconds(120),
      memorySize: 512,
    })
    // Reads and writes only events' partitions (registrations, counts) and the outbox.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:DeleteItem',
        ],
        resources: [props.table.tableArn],
        conditions: partitions(eventKeys.pk('*')),
      }),
    )
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [props.table.tableArn],
        conditions: partitions(outboxKeys.pk('*')),
      }),
    )
    // The due lists: Queries of GSI1 for EVENT-HOLD#due, EVENT-REMIND#due and EVENT-RETAIN#due.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [`${props.table.tableArn}/index/${indexes.byKind.name}`],
      }),
    )
    fn.fn.configureAsyncInvoke({ retryAttempts: 0 })
    const schedule = new Rule(this, 'EventRemindSchedule', {
      description:
        'Runs the events run, which reminds registrants the day before and deletes their data after retention',
      schedule: Schedule.rate(remindRate),
      targets: [new LambdaFunction(fn.fn, { retryAttempts: 2, maxEventAge: remindRate })],
    })
    return { fn, schedule }
  }

  /** Claiming outbox items and sending as the configured sender: what deliver() needs. */
  private grantDelivery(fn: NodeFunction, props: EventsStackProps) {
    // The claim and its undo are UpdateItem calls on outbox items, and only on those: the
    // leading-key condition keeps the function out of every other item in the table.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: outboxClaimActions,
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [outboxKeys.pk('*')] } },
      }),
    )

    // SES authorises SendEmail against the identity used: the address if it is verified
    // itself, otherwise its domain. Both ARNs are named, and the condition pins the From
    // address, so the role cannot send as anyone else on the domain. A send naming a
    // configuration set is authorised against the set too: only this one may be named.
    const domain = props.mailFrom.split('@')[1]!
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          ...[props.mailFrom, domain].map((identity) =>
            this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
          ),
          this.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': props.mailFrom } },
      }),
    )
  }
}
