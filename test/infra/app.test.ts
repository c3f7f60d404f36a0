// The whole app as `cdk synth` builds it on a fresh clone (no web/dist): CloudFormation's
// default rules and cdk-nag both pass, stacks deploy in the right order, nothing carries a
// hard-coded physical name, and bad context is refused.
import { App } from 'aws-cdk-lib'
import type { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { createChallengeFund } from '../../infra/challenge-fund.js'
import { synthApp, type SynthesisedApp } from './app-fixture.js'

let synthesised: SynthesisedApp

beforeAll(() => {
  // Exactly what bin/app.ts registers, with CDK's built-in template validation on.
  synthesised = synthApp({ webDist: false, cfnValidation: true, nag: true })
})

describe('app', () => {
  it('synthesises eight stacks with template validation and cdk-nag passing', () => {
    const names = synthesised.assembly.stacks.map((stack) => stack.stackName).sort()
    expect(names).toEqual([
      'challenge-fund-dev-api',
      'challenge-fund-dev-audit',
      'challenge-fund-dev-auth',
      'challenge-fund-dev-data',
      'challenge-fund-dev-edge',
      'challenge-fund-dev-events',
      'challenge-fund-dev-monitoring',
      'challenge-fund-dev-web',
    ])
  })

  it('orders deployment data -> auth -> edge -> web -> api, data, web -> events (the site address its emails link to), and monitoring last', () => {
    const dependencies = (name: string) =>
      synthesised.assembly
        .getStackByName(name)
        .dependencies.map((artifact) => artifact.id)
        .filter((id) => !id.endsWith('.assets'))
        .sort()
    expect(dependencies('challenge-fund-dev-data')).toEqual([])
    expect(dependencies('challenge-fund-dev-auth')).toEqual([])
    expect(dependencies('challenge-fund-dev-edge')).toEqual([])
    expect(dependencies('challenge-fund-dev-web')).toEqual([
      'challenge-fund-dev-auth',
      'challenge-fund-dev-data',
      'challenge-fund-dev-edge',
    ])
    expect(dependencies('challenge-fund-dev-api')).toEqual([
      'challenge-fund-dev-auth',
      'challenge-fund-dev-data',
      'challenge-fund-dev-web',
    ])
    expect(dependencies('challenge-fund-dev-events')).toEqual(['challenge-fund-dev-data', 'challenge-fund-dev-web'])
    // The alarms and the dashboard watch everything the app runs, so they deploy last.
    expect(dependencies('challenge-fund-dev-monitoring')).toEqual([
      'challenge-fund-dev-api',
      'challenge-fund-dev-audit',
      'challenge-fund-dev-data',
      'challenge-fund-dev-events',
      'challenge-fund-dev-web',
    ])
  })

  it('gives the API and the release scheduler the custom domain as the address emails link to, when there is one', () => {
    const site = synthApp({
      webDist: false,
      context: {
        siteDomainName: 'fund.example.org',
        siteCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
      },
    })
    const publicUrls = (template: Template) =>
      Object.values(template.findResources('AWS::Lambda::Function')).flatMap(
        (fn) => fn.Properties.Environment?.Variables?.PUBLIC_URL ?? [],
      )
    expect(publicUrls(site.templates.api)).toEqual(['https://fund.example.org'])
    expect(publicUrls(site.templates.events)).toContain('https://fund.example.org')
  })

  it('deploys no site files when web/dist has not been built', () => {
    synthesised.templates.web.resourceCountIs('Custom::CDKBucketDeployment', 0)
  })

  it('hard-codes no physical resource names', () => {
    const nameProperties = [
      'TableName',
      'BucketName',
      'FunctionName',
      'RoleName',
      'LogGroupName',
      'UserPoolName',
      'ManagedPolicyName',
      'ClientName',
      'GroupName',
    ]
    for (const template of Object.values(synthesised.templates)) {
      for (const [id, resource] of Object.entries(template.toJSON().Resources as Record<string, any>)) {
        for (const property of nameProperties) {
          // Group names are the role contract with the API (cognito:groups), scoped to the pool.
          if (property === 'GroupName' && resource.Type === 'AWS::Cognito::UserPoolGroup') continue
          // A reference (Ref/GetAtt) names an existing resource; only literals hard-code one.
          expect(typeof resource.Properties?.[property], `${id}.${property}`).not.toBe('string')
        }
      }
    }
  })

  it('protects the data stack from deletion outside dev', () => {
    const prod = synthApp({ webDist: false, context: { stage: 'prod' } })
    expect(prod.assembly.getStackByName('challenge-fund-prod-data').terminationProtection).toBe(true)
    expect(synthesised.assembly.getStackByName('challenge-fund-dev-data').terminationProtection).toBe(false)
  })
})

describe('context', () => {
  const build = (context: Record<string, unknown>) => () =>
    createChallengeFund(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }), { nag: false })

  it('refuses a stage that cannot name stacks and domains', () => {
    expect(build({ stage: 'Prod Stack' })).toThrow(/stage/)
  })

  it('refuses a custom domain without its certificate', () => {
    expect(build({ siteDomainName: 'fund.example.org' })).toThrow(/siteCertificateArn/)
  })

  it('refuses a hosted UI prefix Cognito would reject', () => {
    expect(build({ cognitoDomainPrefix: 'Challenge_Fund' })).toThrow(/cognitoDomainPrefix/)
  })

  it('refuses an alarm address that is not one plain email address', () => {
    expect(build({ alarmEmail: 'Ops <ops@fund.example.org>' })).toThrow(/alarmEmail/)
    expect(build({ alarmEmail: 'ops' })).toThrow(/alarmEmail/)
  })

  it('refuses a backup retention that is not a whole number of days from 1 to 36500', () => {
    for (const bad of ['seven years', '7.5', 0, -1, 36501, 2557.5, true])
      expect(build({ backupRetentionDays: bad }), String(bad)).toThrow(/backupRetentionDays/)
  })

  it('refuses a restored table without its stream, or with another table’s stream', () => {
    const stream = 'arn:aws:dynamodb:eu-west-2:111111111111:table/restored/stream/2026-12-07T10:00:00.000'
    expect(build({ tableName: 'restored' })).toThrow(/tableStreamArn/)
    expect(build({ tableStreamArn: stream })).toThrow(/tableName/)
    expect(build({ tableName: 'other', tableStreamArn: stream })).toThrow(/tableStreamArn/)
    expect(build({ tableName: 'restored', tableStreamArn: 'restored' })).toThrow(/tableStreamArn/)
    expect(build({ tableName: 'restored', tableStreamArn: stream })).not.toThrow()
  })

  it('refuses a sender that is not one plain email address', () => {
    expect(build({ mailFrom: 'Challenge Fund <no-reply@fund.example.org>' })).toThrow(/mailFrom/)
    expect(build({ mailFrom: 'no-reply' })).toThrow(/mailFrom/)
  })
})
