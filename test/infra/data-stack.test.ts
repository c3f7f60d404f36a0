// The data stack: the table matches functions/db/table.ts and both stateful stores are
// protected against loss; the buckets are private, encrypted and TLS-only.
import { Match, type Template } from 'aws-cdk-lib/assertions'
import { defaultBackupRetentionDays } from '../../infra/config.js'
import { vaultDeniedActions } from '../../infra/stacks/data-stack.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { surveyTableDefinition, tableDefinition } from '../../functions/db/table.js'
import { synthApp } from './app-fixture.js'

let data: Template

beforeAll(() => {
  data = synthApp({ webDist: false }).templates.data
})

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string }

const s3Bucket = (logicalIdPrefix: string): Resource => {
  const entry = Object.entries(data.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith(logicalIdPrefix))
  expect(entry, logicalIdPrefix).toBeDefined()
  return entry![1] as Resource
}

/** The main table, by logical id (the survey table sits beside it). */
function tableResource(prefix = 'Table'): Resource {
  const entries = Object.entries(data.findResources('AWS::DynamoDB::Table')).filter(([id]) => id.startsWith(prefix))
  expect(entries, prefix).toHaveLength(1)
  return entries[0]![1] as Resource
}

describe('table', () => {
  it('has the keys of tableDefinition', () => {
    const table = tableResource()
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey.name, KeyType: 'RANGE' },
    ])
  })

  it('has exactly the global secondary indexes of tableDefinition', () => {
    const table = tableResource()
    const indexes = (table.Properties.GlobalSecondaryIndexes as any[]).map((index) => ({
      indexName: index.IndexName,
      keys: index.KeySchema,
      projection: index.Projection.ProjectionType,
    }))
    expect(indexes).toEqual(
      tableDefinition.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        keys: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        projection: 'ALL',
      })),
    )
  })

  it('declares every key attribute with its type from tableDefinition', () => {
    const table = tableResource()
    const keyAttributes = [
      tableDefinition.partitionKey,
      tableDefinition.sortKey,
      ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ]
    expect(table.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining(keyAttributes.map((key) => ({ AttributeName: key.name, AttributeType: key.type }))),
    )
    expect(table.Properties.AttributeDefinitions).toHaveLength(new Set(keyAttributes.map((k) => k.name)).size)
  })

  it('is on-demand, with the stream and TTL of tableDefinition', () => {
    expect(tableResource().Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: tableDefinition.stream },
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    })
  })

  it('is protected: point-in-time recovery, deletion protection, retained', () => {
    data.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    })
  })

  it('has no physical name', () => {
    expect(tableResource().Properties.TableName).toBeUndefined()
  })
})

describe('survey table', () => {
  it('has the keys of surveyTableDefinition, and no stream, index or TTL', () => {
    const survey = tableResource('SurveyTable')
    expect(survey.Properties.KeySchema).toEqual([
      { AttributeName: surveyTableDefinition.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: surveyTableDefinition.sortKey.name, KeyType: 'RANGE' },
    ])
    // A stream record would date each answer set; nothing else should index or expire them.
    expect(survey.Properties.StreamSpecification).toBeUndefined()
    expect(survey.Properties.GlobalSecondaryIndexes).toBeUndefined()
    expect(survey.Properties.TimeToLiveSpecification).toBeUndefined()
    expect(survey.Properties.TableName).toBeUndefined()
  })

  it('is encrypted with KMS, on-demand, and protected like the main table', () => {
    const survey = tableResource('SurveyTable')
    expect(survey.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    })
    expect(survey.DeletionPolicy).toBe('Retain')
  })
})

describe('buckets', () => {
  it('are all private, encrypted, retained and unnamed', () => {
    const buckets = Object.values(data.findResources('AWS::S3::Bucket')) as Resource[]
    expect(buckets).toHaveLength(3)
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      })
      expect(
        bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
      ).toEqual({ SSEAlgorithm: 'AES256' })
      expect(bucket.DeletionPolicy).toBe('Retain')
      expect(bucket.Properties.BucketName).toBeUndefined()
    }
  })

  it('refuse requests without TLS', () => {
    const policies = Object.values(data.findResources('AWS::S3::BucketPolicy')) as Resource[]
    expect(policies).toHaveLength(3)
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      )
    }
  })

  it('files bucket is versioned, logged and lets the site PUT/GET with presigned URLs', () => {
    const files = s3Bucket('FilesBucket')
    expect(files.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' })
    // A submitted file is a pinned version: no rule expires a current one, and one that something
    // else made noncurrent is kept as long as the backups (test/infra/backups.test.ts).
    for (const rule of files.Properties.LifecycleConfiguration.Rules) {
      expect(rule).not.toHaveProperty('NoncurrentVersionExpirationInDays')
      expect(rule).not.toHaveProperty('ExpirationInDays')
      if (rule.NoncurrentVersionExpiration)
        expect(rule.NoncurrentVersionExpiration).toEqual({ NoncurrentDays: defaultBackupRetentionDays })
    }
    expect(files.Properties.LoggingConfiguration).toMatchObject({ LogFilePrefix: 'files-bucket/' })
    const [rule] = files.Properties.CorsConfiguration.CorsRules
    expect(rule.AllowedMethods).toEqual(expect.arrayContaining(['PUT', 'GET']))
    expect(rule.AllowedOrigins).toEqual(['https://*.cloudfront.net'])
  })

  it('files bucket CORS admits only the custom domain when one is configured', () => {
    const custom = synthApp({
      webDist: false,
      context: {
        siteDomainName: 'fund.example.org',
        siteCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
      },
    }).templates.data
    custom.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ['https://fund.example.org'] })] },
    })
  })

  it('files bucket refuses any PUT that could replace an object (no If-None-Match)', () => {
    const policies = Object.values(data.findResources('AWS::S3::BucketPolicy')) as Resource[]
    const files = policies.find((policy) => JSON.stringify(policy.Properties.Bucket).includes('FilesBucket'))!
    expect(files.Properties.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:PutObject',
          Principal: { AWS: '*' },
          Condition: { Null: { 's3:if-none-match': 'true' } },
        }),
      ]),
    )
  })

  it('logs bucket keeps ACLs for CloudFront log delivery, owned by the account', () => {
    const logs = s3Bucket('LogsBucket')
    expect(logs.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] })
  })
})

describe('files access policy', () => {
  it('grants object get/put and version get/delete on the files bucket only', () => {
    const policy = Object.values(data.findResources('AWS::IAM::ManagedPolicy')).find((p) =>
      String(p.Properties.Description).includes('files bucket'),
    )!
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:DeleteObjectVersion', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^FilesBucket/), 'Arn'] }, '/*']] },
      },
    ])
  })
})

describe('backups', () => {
  const only = (template: Template, type: string): [string, Resource] => {
    const entries = Object.entries(template.findResources(type))
    expect(entries, type).toHaveLength(1)
    return entries[0] as [string, Resource]
  }

  it('keeps the vault, encrypted with a retained, rotated key, and nobody may delete it or a recovery point', () => {
    const [, vault] = only(data, 'AWS::Backup::BackupVault')
    expect(vault.DeletionPolicy).toBe('Retain')
    expect(vault.UpdateReplacePolicy).toBe('Retain')
    const [keyId, key] = only(data, 'AWS::KMS::Key')
    expect(vault.Properties.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] })
    expect(key.Properties.EnableKeyRotation).toBe(true)
    expect(key.DeletionPolicy).toBe('Retain')
    expect(vault.Properties.AccessPolicy.Statement).toContainEqual({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: vaultDeniedActions,
      Resource: '*',
    })
    expect(vaultDeniedActions).toEqual(
      expect.arrayContaining([
        'backup:DeleteRecoveryPoint',
        'backup:DeleteBackupVault',
        'backup:UpdateRecoveryPointLifecycle',
      ]),
    )
  })

  it('backs the table up daily into the vault and keeps each backup seven years by default', () => {
    expect(defaultBackupRetentionDays).toBe(7 * 365 + 2)
    const [, plan] = only(data, 'AWS::Backup::BackupPlan')
    const [vaultId] = only(data, 'AWS::Backup::BackupVault')
    expect(plan.Properties.BackupPlan.BackupPlanRule).toEqual([
      expect.objectContaining({
        RuleName: 'Daily',
        ScheduleExpression: 'cron(0 3 * * ? *)',
        TargetBackupVault: { 'Fn::GetAtt': [vaultId, 'BackupVaultName'] },
        Lifecycle: { DeleteAfterDays: defaultBackupRetentionDays },
      }),
    ])
    const [, selection] = only(data, 'AWS::Backup::BackupSelection')
    const [tableId] = Object.entries(data.findResources('AWS::DynamoDB::Table')).find(
      ([, t]) => t.Properties.StreamSpecification,
    )!
    expect(selection.Properties.BackupSelection.Resources).toEqual([{ 'Fn::GetAtt': [tableId, 'Arn'] }])
  })

  it('keeps the files bucket’s noncurrent versions as long as the backups', () => {
    const rules = s3Bucket('FilesBucket').Properties.LifecycleConfiguration.Rules as Record<string, any>[]
    expect(rules).toContainEqual({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 2557 } })
    expect(s3Bucket('FilesBucket').Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' })
  })

  it('takes the retention from the deploy config, for the backups and the files’ versions alike', () => {
    const ten = synthApp({ webDist: false, context: { backupRetentionDays: '3650' } }).templates.data
    const [, plan] = only(ten, 'AWS::Backup::BackupPlan')
    expect(plan.Properties.BackupPlan.BackupPlanRule[0].Lifecycle).toEqual({ DeleteAfterDays: 3650 })
    const files = Object.entries(ten.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith('FilesBucket'))!
    expect(files[1].Properties.LifecycleConfiguration.Rules).toContainEqual({
      Status: 'Enabled',
      NoncurrentVersionExpiration: { NoncurrentDays: 3650 },
    })
  })
})

describe('switching to a restored table', () => {
  const restored = 'challenge-fund-dev-restored-20261207'
  const streamArn = `arn:aws:dynamodb:eu-west-2:111111111111:table/${restored}/stream/2026-12-07T10:00:00.000`

  it('points every function, the mailer’s stream and the backups at the restored table, and keeps the old one', () => {
    const app = synthApp({ webDist: false, context: { tableName: restored, tableStreamArn: streamArn } })
    const { api, events, audit, data: switched, monitoring } = app.templates
    for (const template of [api, events, audit]) {
      for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function')))
        expect(fn.Properties.Environment.Variables.TABLE_NAME, id).toBe(restored)
    }
    events.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: streamArn })
    // The old table is still there, retained and protected; both are backed up.
    const [tableId, table] = Object.entries(switched.findResources('AWS::DynamoDB::Table')).find(
      ([, t]) => t.Properties.StreamSpecification,
    ) as [string, Resource]
    expect(table.DeletionPolicy).toBe('Retain')
    const [selection] = Object.values(switched.findResources('AWS::Backup::BackupSelection')) as Resource[]
    const resources = JSON.stringify(selection!.Properties.BackupSelection.Resources)
    expect(resources).toMatch(new RegExp(`:table/(",")?${restored}`))
    expect(resources).toContain(tableId)
    // The alarms watch the table the app uses.
    expect(JSON.stringify(monitoring.toJSON())).toContain(`"Name":"TableName","Value":"${restored}"`)
  })
})
