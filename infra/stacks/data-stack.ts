// The stateful stack: the single table and the buckets holding uploads and logs, retained
// when the stack is deleted. The stateless stacks receive them through props.
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib'
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup'
import {
  AttributeType,
  BillingMode,
  StreamViewType,
  Table,
  TableEncryption,
  type Attribute,
  type ITable,
} from 'aws-cdk-lib/aws-dynamodb'
import { Schedule } from 'aws-cdk-lib/aws-events'
import { AnyPrincipal, Effect, ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { Key } from 'aws-cdk-lib/aws-kms'
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  type CfnBucket,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import { surveyTableDefinition, tableDefinition, type KeyAttribute } from '../../functions/db/table.js'

export type DataStackProps = StackProps & {
  /**
   * Origins allowed to PUT/GET files directly with presigned URLs (the site's origin).
   * Patterns may hold one `*`, e.g. https://*.cloudfront.net.
   */
  siteOrigins: string[]
  /** How long the table's backups and the files bucket's noncurrent versions are kept (deploy config). */
  backupRetentionDays: number
  /** A restored table for the app to use instead of this stack's own (deploy config; README: Runbook). */
  restoredTable?: { tableName: string; tableStreamArn: string }
}

/** What nobody, the account's administrators included, may do to the backup vault or what it holds. */
export const vaultDeniedActions = [
  'backup:DeleteRecoveryPoint',
  'backup:UpdateRecoveryPointLifecycle',
  'backup:DeleteBackupVault',
]

/**
 * Object actions on the files bucket: the API presigns URLs with its own role, so it needs what
 * the URLs do. Reads and deletes name a version (downloads serve the pinned one; removal deletes
 * it for good); only HEAD reads the latest.
 */
export const fileObjectActions = ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObjectVersion']

const attributeTypes = { S: AttributeType.STRING, N: AttributeType.NUMBER, B: AttributeType.BINARY } as const
const attribute = (key: KeyAttribute): Attribute => ({ name: key.name, type: attributeTypes[key.type] })

export class DataStack extends Stack {
  /** This stack's table (retained even when the app has switched to a restored one). */
  readonly table: Table
  /** The table the app uses: this stack's own, or the restored one the deploy config names. */
  readonly appTable: ITable
  /** The D&I survey's answers, kept apart from the main table (see functions/db/table.ts). */
  readonly surveyTable: Table
  readonly filesBucket: Bucket
  /** Receives S3 server access logs and CloudFront standard logs. */
  readonly logsBucket: Bucket
  /** Object-level access to the files bucket, for the stateless stacks to attach to a role. */
  readonly filesObjectAccess: ManagedPolicy
  /** The audit chains' daily checkpoints, under Object Lock in compliance mode. */
  readonly auditCheckpoints: Bucket
  /** The key that MACs the audit chains (retained: without it no chain can be verified). */
  readonly auditKey: Secret
  /** Reading the audit checkpoints (the API's verify). */
  readonly auditCheckpointsRead: ManagedPolicy
  /** Reading and adding audit checkpoints (the checkpointer); nothing may change or delete one. */
  readonly auditCheckpointsWrite: ManagedPolicy
  /** Where the table's backups are kept (retained, KMS-encrypted, its recovery points undeletable). */
  readonly backupVault: BackupVault
  readonly backupPlan: BackupPlan

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props)

    // Built from the same definition the local runtime uses against DynamoDB Local, so the
    // keys, indexes, stream and TTL cannot drift between the two.
    this.table = new Table(this, 'Table', {
      partitionKey: attribute(tableDefinition.partitionKey),
      sortKey: attribute(tableDefinition.sortKey),
      // On-demand: competition traffic is spiky (a deadline, a panel day) and idle between.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Both guards: RETAIN keeps the table if the stack goes; deletion protection stops a
      // console or API delete as well.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // NEW_IMAGE is what the outbox consumer reads; old images are not needed.
      stream: StreamViewType[tableDefinition.stream],
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
    })
    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
      })
    }

    // After a point-in-time restore the functions switch to the restored table by deploy config;
    // this stack's own table stays (retained, deletion-protected) as it was.
    this.appTable = props.restoredTable
      ? Table.fromTableAttributes(this, 'RestoredTable', props.restoredTable)
      : this.table

    // The survey's answers, apart from everything that names an applicant. No stream (a stream
    // record would date each answer, and its readers are not the survey's), no indexes. KMS
    // (the AWS managed key) rather than the default owned key, so every use is in CloudTrail.
    this.surveyTable = new Table(this, 'SurveyTable', {
      partitionKey: attribute(surveyTableDefinition.partitionKey),
      sortKey: attribute(surveyTableDefinition.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })

    this.logsBucket = new Bucket(this, 'LogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // SSE-S3, not KMS: CloudFront standard logging cannot write to SSE-KMS buckets.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are delivered through an ACL grant, so ACLs must stay
      // enabled; "bucket owner preferred" still makes the account own every log object.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    })
    Validations.of(this.logsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log destination itself; logging its own access into itself would write a log record for every log record.',
    })

    this.filesBucket = new Bucket(this, 'FilesBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Versioning pins what was submitted: completion records the version it checked and
      // downloads name it, so bytes stored at that key later are never served.
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'files-bucket/',
      lifecycleRules: [
        // Browser uploads that never complete would otherwise be billed forever.
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
        // Noncurrent versions are kept as long as the table's backups (deploy config, seven
        // years by default): a pinned version that anything made noncurrent must still be
        // there to serve, and a restored table still finds the files it names. Keys are
        // written once (If-None-Match) and removal deletes versions outright, so noncurrent
        // versions do not pile up, and an erased file is not kept by this rule.
        { noncurrentVersionExpiration: Duration.days(props.backupRetentionDays) },
      ],
      // The browser talks to S3 directly: the API hands out presigned URLs and the page
      // PUTs uploads / GETs downloads cross-origin (site origin -> bucket origin). Without
      // CORS the browser refuses to send the PUT or read the response. The signature in the
      // URL is the authorisation; CORS only limits which pages may use such a URL.
      cors: [
        {
          allowedOrigins: props.siteOrigins,
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          // Any header: the signature already pins the ones that matter (content type,
          // If-None-Match), and an unlisted header would fail the preflight, not the upload.
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
    })

    // Every object is written once: a PUT without If-None-Match (which would replace what a
    // key holds) is refused for everyone, the API's own role included.
    this.filesBucket.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.filesBucket.arnForObjects('*')],
        conditions: { Null: { 's3:if-none-match': 'true' } },
      }),
    )

    // Defined here, beside the bucket, rather than as an inline grant in the api stack: an
    // object grant needs a "<bucket arn>/*" resource, and only in this stack is that ARN a
    // local reference with a stable name that the acknowledgement below can match exactly.
    // (Object keys are generated per upload, so no narrower ARN exists.)
    this.filesObjectAccess = new ManagedPolicy(this, 'FilesObjectAccess', {
      description: 'Get, put and delete objects in the files bucket (presigned downloads and uploads)',
      statements: [
        new PolicyStatement({ actions: fileObjectActions, resources: [this.filesBucket.arnForObjects('*')] }),
      ],
    })
    const filesBucketId = this.resolve((this.filesBucket.node.defaultChild as CfnBucket).logicalId) as string
    Validations.of(this.filesObjectAccess).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${filesBucketId}.Arn>/*]`,
      reason:
        'Object-level actions need an object ARN; keys are generated per upload, so "<files bucket>/*" is the narrowest resource. Actions are limited to getting, putting and deleting object versions on this one bucket.',
    })

    // The audit trail (functions/db/audit-repo.ts). Checkpoints of each chain's head are kept
    // where nobody, the root account included, can change or delete them for seven years:
    // Object Lock in compliance mode, applied to every object by the bucket's default.
    this.auditCheckpoints = new Bucket(this, 'AuditCheckpointsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(7 * 365)),
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'audit-checkpoints/',
    })
    // Defined here for the same reason as filesObjectAccess: the object ARN is local and stable.
    const checkpointObjects = this.auditCheckpoints.arnForObjects('checkpoints/*')
    const listCheckpoints = new PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [this.auditCheckpoints.bucketArn],
      conditions: { StringLike: { 's3:prefix': ['checkpoints/*'] } },
    })
    this.auditCheckpointsRead = new ManagedPolicy(this, 'AuditCheckpointsRead', {
      description: 'Find and read the audit checkpoints (verify)',
      statements: [new PolicyStatement({ actions: ['s3:GetObject'], resources: [checkpointObjects] }), listCheckpoints],
    })
    this.auditCheckpointsWrite = new ManagedPolicy(this, 'AuditCheckpointsWrite', {
      description: 'Find, read and add audit checkpoints (the daily checkpointer); Object Lock forbids changing one',
      statements: [
        new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [checkpointObjects] }),
        listCheckpoints,
      ],
    })
    const checkpointsBucketId = this.resolve((this.auditCheckpoints.node.defaultChild as CfnBucket).logicalId) as string
    for (const policy of [this.auditCheckpointsRead, this.auditCheckpointsWrite])
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${checkpointsBucketId}.Arn>/checkpoints/*]`,
        reason:
          'One object per competition per day under checkpoints/<competition>/; the prefix is the narrowest resource. Object Lock (compliance) stops any change or deletion whatever the policy.',
      })

    // Retained with the data: entries MACed under it can be verified only with it. Not rotated
    // (a new key could not check the old entries); replacing it means starting new chains.
    this.auditKey = new Secret(this, 'AuditKey', {
      description: 'Key that MACs the audit chains (HMAC-SHA-256)',
      generateSecretString: { excludePunctuation: true, passwordLength: 64 },
      removalPolicy: RemovalPolicy.RETAIN,
    })
    Validations.of(this.auditKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Every audit entry ever written is MACed under this key and verified with it; rotating it would make the existing chains unverifiable. The functions read it by dynamic reference at deploy time.',
    })

    // Long-term backups of the table: point-in-time recovery reaches back only 35 days, and a
    // funder must usually keep grant records for years. The vault and its key are retained
    // with the data; a deny-all access policy stops anyone deleting a recovery point, cutting
    // its retention short or deleting the vault (removing the policy first is a deliberate,
    // CloudTrail-logged act). The table's own backups are DynamoDB's unless the account has
    // AWS Backup's advanced DynamoDB features on (README: Runbook).
    const backupKey = new Key(this, 'BackupKey', {
      description: 'Encrypts the Challenge Fund backup vault',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    this.backupVault = new BackupVault(this, 'BackupVault', {
      encryptionKey: backupKey,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    this.backupVault.addToAccessPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: vaultDeniedActions,
        resources: ['*'],
      }),
    )
    this.backupPlan = new BackupPlan(this, 'BackupPlan', { backupVault: this.backupVault })
    this.backupPlan.addRule(
      new BackupPlanRule({
        ruleName: 'Daily',
        // 03:00 UTC, outside UK working hours and after the daily audit checkpoint has run.
        scheduleExpression: Schedule.cron({ minute: '0', hour: '3' }),
        deleteAfter: Duration.days(props.backupRetentionDays),
      }),
    )
    // The app's table, and this stack's own while the app uses a restored one.
    const backedUp = [...new Set<ITable>([this.appTable, this.table])]
    const selection = this.backupPlan.addSelection('Table', {
      resources: backedUp.map((table) => BackupResource.fromArn(table.tableArn)),
    })
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        'AWS Backup assumes this role to take the backups; AWSBackupServiceRolePolicyForBackup is the service role policy AWS maintains for it, kept in step with what each resource type needs.',
    })

    new CfnOutput(this, 'TableName', { value: this.table.tableName })
    new CfnOutput(this, 'AppTableName', { value: this.appTable.tableName })
    new CfnOutput(this, 'SurveyTableName', { value: this.surveyTable.tableName })
    new CfnOutput(this, 'FilesBucketName', { value: this.filesBucket.bucketName })
    new CfnOutput(this, 'AuditCheckpointsBucketName', { value: this.auditCheckpoints.bucketName })
    new CfnOutput(this, 'BackupVaultName', { value: this.backupVault.backupVaultName })
  }
}
