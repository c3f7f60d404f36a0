// The audit trail's scheduled functions: the chainer (every minute) links each competition's
// pending audit intents into its hash chain; the checkpointer (daily) writes each chain's
// head to the Object Lock bucket. Both MAC with the audit key from the data stack.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { Rule, Schedule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import { PolicyStatement, type IManagedPolicy } from 'aws-cdk-lib/aws-iam'
import type { IBucket } from 'aws-cdk-lib/aws-s3'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import { auditKeys } from '../../functions/db/audit-capture.js'
import { indexes } from '../../functions/db/table.js'
import { NodeFunction } from '../constructs/node-function.js'
import { paths } from '../paths.js'

export type AuditStackProps = StackProps & {
  table: ITable
  auditKey: ISecret
  checkpointBucket: IBucket
  /** Reading and adding checkpoints (data stack); Object Lock forbids changing one. */
  checkpointsWrite: IManagedPolicy
}

/** How often pending intents are chained: the longest an entry waits to be on its chain (verify chains first anyway). */
export const chainRate = Duration.minutes(1)
/** How often each chain's head is checkpointed. */
export const checkpointRate = Duration.days(1)

/** What chaining does to the table: read the pending list and the head, put entries and the head, delete intents. */
export const chainTableActions = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem']

export class AuditStack extends Stack {
  readonly chainer: NodeFunction
  readonly chainSchedule: Rule
  readonly checkpointer: NodeFunction
  readonly checkpointSchedule: Rule

  constructor(scope: Construct, id: string, props: AuditStackProps) {
    super(scope, id, props)
    const environment = {
      TABLE_NAME: props.table.tableName,
      AUDIT_KEY: props.auditKey.secretValue.unsafeUnwrap(),
    }
    // Only the audit partitions: neither function reads or writes anything else in the table.
    const auditPartitions = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [auditKeys.pk('*')] } }
    const grantChaining = (fn: NodeFunction) => {
      fn.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: chainTableActions,
          resources: [props.table.tableArn],
          conditions: auditPartitions,
        }),
      )
      // The pending list and the heads: Queries of GSI1.
      fn.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: [`${props.table.tableArn}/index/${indexes.byKind.name}`],
        }),
      )
    }

    this.chainer = new NodeFunction(this, 'AuditChainer', {
      entry: paths.auditChainerEntry,
      description:
        'Challenge Fund audit chainer (links pending audit intents into each competition chain, every minute)',
      environment,
      timeout: Duration.seconds(55),
      memorySize: 512,
    })
    grantChaining(this.chainer)
    this.chainer.fn.configureAsyncInvoke({ retryAttempts: 0 })
    this.chainSchedule = new Rule(this, 'AuditChainSchedule', {
      description: 'Runs the audit chainer, which links pending audit intents into their competition chains',
      schedule: Schedule.rate(chainRate),
      targets: [new LambdaFunction(this.chainer.fn, { retryAttempts: 2, maxEventAge: chainRate })],
    })

    this.checkpointer = new NodeFunction(this, 'AuditCheckpointer', {
      entry: paths.auditCheckpointerEntry,
      description: 'Challenge Fund audit checkpointer (writes each chain head to the Object Lock bucket, daily)',
      environment: { ...environment, AUDIT_CHECKPOINT_BUCKET: props.checkpointBucket.bucketName },
      timeout: Duration.minutes(5),
      memorySize: 512,
    })
    grantChaining(this.checkpointer)
    this.checkpointer.role.addManagedPolicy(props.checkpointsWrite)
    this.checkpointer.fn.configureAsyncInvoke({ retryAttempts: 0 })
    this.checkpointSchedule = new Rule(this, 'AuditCheckpointSchedule', {
      description: 'Runs the audit checkpointer, which writes each audit chain head where it cannot be changed',
      schedule: Schedule.rate(checkpointRate),
      targets: [new LambdaFunction(this.checkpointer.fn, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
    })
  }
}
