// Non-HTTP consumers: the outbox mailer reads the table's stream and emails each new outbox
// message with SES. Records it cannot deliver after bounded retries are reported to an
// encrypted queue, so a failed email is never silently dropped.
import { Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda'
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'
import { outboxKeys } from '../../functions/db/outbox-repo.js'
import { OUTBOX_ENTITY } from '../../functions/events/outbox/stream-records.js'
import { NodeFunction } from '../constructs/node-function.js'
import { paths } from '../paths.js'

export type EventsStackProps = StackProps & {
  /** The single table; its NEW_IMAGE stream feeds the mailer. */
  table: ITable
  /** The sender address; it, or its domain, must be a verified SES identity in this account and region. */
  mailFrom: string
}

/** What the mailer does to the table: only the pending → sent claim and its undo. */
export const mailerTableActions = ['dynamodb:UpdateItem']

/**
 * The event source filter: only INSERTs of pending outbox items invoke the mailer, so the
 * function is not woken (or billed) for the other writes on the table, nor for its own
 * pending → sent updates (MODIFY).
 */
export const outboxInsertFilter = {
  eventName: FilterRule.isEqual('INSERT'),
  dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(OUTBOX_ENTITY) }, status: { S: FilterRule.isEqual('pending') } } },
}

export class EventsStack extends Stack {
  readonly mailer: NodeFunction
  /** Where Lambda reports stream batches it gave up on (their shard and sequence numbers). */
  readonly mailerFailures: Queue

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props)

    this.mailer = new NodeFunction(this, 'OutboxMailer', {
      entry: paths.outboxMailerEntry,
      description: 'Challenge Fund outbox mailer (DynamoDB stream to SES)',
      environment: { TABLE_NAME: props.table.tableName, MAIL_FROM: props.mailFrom },
      // A batch is at most 10 sequential SES calls; the headroom matters because a timeout
      // between a message's claim and its send would leave it marked sent but unsent.
      timeout: Duration.seconds(60),
      // Sending email is I/O bound; 512 MB is plenty and the stream is not latency-critical.
      memorySize: 512,
    })

    // Failed batches' metadata (not the emails) lands here; the messages themselves stay
    // pending in the outbox, so they can be found and re-sent from the table.
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
        // Only emails written from now on: the outbox is sent by the stream from deployment
        // onwards; anything older is still pending in the table, not lost.
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
    const defaultPolicy = this.mailer.role.node.tryFindChild('DefaultPolicy')
    if (defaultPolicy) {
      Validations.of(defaultPolicy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Besides X-Ray, only dynamodb:ListStreams uses Resource "*": it has no resource-level permissions, and Lambda needs it to read the table stream. The stream reads themselves are scoped to this table\'s stream ARN.',
      })
    }

    // The claim and its undo are UpdateItem calls on outbox items, and only on those: the
    // leading-key condition keeps the mailer out of every other item in the table.
    this.mailer.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: mailerTableActions,
        resources: [props.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [outboxKeys.pk('*')] } },
      }),
    )

    // SES authorises SendEmail against the identity used: the address if it is verified
    // itself, otherwise its domain. Both ARNs are named, and the condition pins the From
    // address, so the role cannot send as anyone else on the domain.
    const domain = props.mailFrom.split('@')[1]!
    this.mailer.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [props.mailFrom, domain].map((identity) =>
          this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
        ),
        conditions: { StringEquals: { 'ses:FromAddress': props.mailFrom } },
      }),
    )
  }
}
