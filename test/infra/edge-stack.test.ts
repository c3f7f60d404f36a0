// The WAF in front of CloudFront: a CLOUDFRONT-scoped web ACL in us-east-1 with AWS's common
// and known-bad-inputs rule groups and a per-IP rate rule, attached to the distribution; and
// CloudFront's secret origin header, which the API requires, from a generated secret.
import type { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { ORIGIN_VERIFY_HEADER } from '../../functions/api/middleware/origin-verify.js'
import { RATE_LIMIT_PER_5_MINUTES } from '../../infra/stacks/edge-stack.js'
import { synthApp, type SynthesisedApp } from './app-fixture.js'

let synthesised: SynthesisedApp
let edge: Template
let web: Template

beforeAll(() => {
  synthesised = synthApp({ webDist: false })
  edge = synthesised.templates.edge
  web = synthesised.templates.web
})

const only = (template: Template, type: string) => {
  const found = Object.entries(template.findResources(type))
  expect(found).toHaveLength(1)
  return { id: found[0]![0], properties: found[0]![1].Properties as Record<string, any> }
}

describe('WAF', () => {
  it('is a CLOUDFRONT web ACL in its own us-east-1 stack', () => {
    expect(synthesised.stacks.edge.region).toBe('us-east-1')
    const acl = only(edge, 'AWS::WAFv2::WebACL').properties
    expect(acl.Scope).toBe('CLOUDFRONT')
    expect(acl.DefaultAction).toEqual({ Allow: {} })
  })

  it('runs the common and known-bad-inputs rule groups and blocks an IP past its rate with 429', () => {
    const rules = only(edge, 'AWS::WAFv2::WebACL').properties.Rules as any[]
    const groups = rules.flatMap((r) =>
      r.Statement.ManagedRuleGroupStatement ? [r.Statement.ManagedRuleGroupStatement.Name] : [],
    )
    expect(groups).toEqual(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'])
    const common = rules.find((r) => r.Name === 'AWSManagedRulesCommonRuleSet')
    // Only the body-size rule is counted, not blocked: the API bounds bodies itself.
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ])
    const rate = rules.find((r) => r.Statement.RateBasedStatement)
    expect(rate.Statement.RateBasedStatement).toMatchObject({ Limit: RATE_LIMIT_PER_5_MINUTES, AggregateKeyType: 'IP' })
    expect(rate.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } })
  })

  it('is attached to the distribution through the edge stack’s output', () => {
    const distribution = only(web, 'AWS::CloudFront::Distribution').properties.DistributionConfig
    expect(distribution.WebACLId).toEqual({
      'Fn::GetStackOutput': expect.objectContaining({
        StackName: 'challenge-fund-dev-edge',
        OutputName: 'WebAclArn',
        Region: 'us-east-1',
      }),
    })
    expect(edge.toJSON().Outputs.WebAclArn.Value).toEqual({
      'Fn::GetAtt': [only(edge, 'AWS::WAFv2::WebACL').id, 'Arn'],
    })
  })
})

describe('origin header', () => {
  it('CloudFront sends a generated secret to the API origin only, by dynamic reference', () => {
    const secret = only(web, 'AWS::SecretsManager::Secret')
    expect(secret.properties.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true })
    const origins = only(web, 'AWS::CloudFront::Distribution').properties.DistributionConfig.Origins as any[]
    const withHeader = origins.filter((o) => o.OriginCustomHeaders)
    expect(withHeader).toHaveLength(1)
    expect(withHeader[0].CustomOriginConfig).toBeDefined()
    const [header] = withHeader[0].OriginCustomHeaders
    expect(header.HeaderName).toBe(ORIGIN_VERIFY_HEADER)
    expect(JSON.stringify(header.HeaderValue)).toContain('{{resolve:secretsmanager:')
    expect(JSON.stringify(header.HeaderValue)).toContain(secret.id)
  })
})
