// The audit trail in the cloud: checkpoints in a bucket under Object Lock in compliance mode
// (seven years, every object by default), the MAC key a retained secret, the chainer every
// minute and the checkpointer daily, each able to touch only the audit partitions, and the
// API given the key and a read of the checkpoints.
import { Match } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { synthApp, type SynthesisedApp } from './app-fixture.js'

let s: SynthesisedApp

beforeAll(() => {
  s = synthApp({ webDist: false })
})

const resourcesOf = (template: SynthesisedApp['templates']['data'], type: string) =>
  Object.values(template.findResources(type)) as { Properties: Record<string, any>; DeletionPolicy?: string }[]

describe('the audit checkpoints bucket', () => {
  it('locks every object in compliance mode for seven years, private, TLS only, retained', () => {
    const locked = resourcesOf(s.templates.data, 'AWS::S3::Bucket').filter((b) => b.Properties.ObjectLockEnabled)
    expect(locked).toHaveLength(1)
    const bucket = locked[0]!
    expect(bucket.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 7 * 365 } },
    })
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' })
    expect(bucket.Properties.PublicAccessBlockConfiguration).toMatchObject({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    })
    expect(bucket.DeletionPolicy).toBe('Retain')
  })

  it('keeps the MAC key as a retained secret', () => {
    const secrets = Object.values(s.templates.data.findResources('AWS::SecretsManager::Secret')) as {
      Properties: { Description: string }
      DeletionPolicy?: string
    }[]
    const key = secrets.find((secret) => secret.Properties.Description.includes('audit'))
    expect(key?.DeletionPolicy).toBe('Retain')
  })
})

describe('the audit functions', () => {
  it('chain every minute and checkpoint daily', () => {
    const rates = resourcesOf(s.templates.audit, 'AWS::Events::Rule').map((r) => r.Properties.ScheduleExpression)
    expect(rates.sort()).toEqual(['rate(1 day)', 'rate(1 minute)'])
    s.templates.audit.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ AUDIT_KEY: Match.anyValue(), AUDIT_CHECKPOINT_BUCKET: Match.anyValue() }),
      },
    })
  })

  it('touch only the audit partitions of the table, and write checkpoints under checkpoints/', () => {
    const statements = resourcesOf(s.templates.audit, 'AWS::IAM::Policy').flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Condition?: any; Resource: any }[],
    )
    const onTable = statements.filter((st) => [st.Action].flat().some((a) => a === 'dynamodb:PutItem'))
    expect(onTable.length).toBe(2)
    for (const st of onTable)
      expect(st.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } })
    const policies = resourcesOf(s.templates.data, 'AWS::IAM::ManagedPolicy').filter((p) =>
      p.Properties.Description.includes('audit checkpoints'),
    )
    expect(policies).toHaveLength(2)
    const checkpointActions = policies.flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((st) => [st.Action].flat()),
    )
    expect([...new Set(checkpointActions)].sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject'])
    expect(
      statements
        .flatMap((st) => [st.Action].flat())
        .filter((a) => /Delete(Object|Bucket)|Scan|PutObjectRetention|BypassGovernance/.test(a)),
    ).toEqual([])
  })

  it('give the API the key and a read of the checkpoints, never a write', () => {
    s.templates.api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ AUDIT_KEY: Match.anyValue(), AUDIT_CHECKPOINT_BUCKET: Match.anyValue() }),
      },
    })
    const actions = resourcesOf(s.templates.api, 'AWS::IAM::Policy').flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((st) => [st.Action].flat()),
    )
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([])
    const attached = JSON.stringify(
      resourcesOf(s.templates.api, 'AWS::IAM::Role').map((r) => r.Properties.ManagedPolicyArns),
    )
    expect(attached).toContain('AuditCheckpointsRead')
    expect(attached).not.toContain('AuditCheckpointsWrite')
  })
})
