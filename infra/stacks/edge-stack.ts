// The WAF web ACL in front of CloudFront. A CLOUDFRONT-scoped ACL can only be created in
// us-east-1, so it has a stack of its own pinned there; the web stack (in any region) reads
// its ARN with Fn::GetStackOutput, which needs no region known at synth time.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2'
import type { Construct } from 'constructs'

/** Requests one IP may make in any 5 minutes before the WAF blocks it (a few per second, sustained). */
export const RATE_LIMIT_PER_5_MINUTES = 1000

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
})

const managed = (name: string, priority: number, countOnly: string[] = []): CfnWebACL.RuleProperty => ({
  name,
  priority,
  statement: {
    managedRuleGroupStatement: {
      vendorName: 'AWS',
      name,
      ...(countOnly.length
        ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
        : {}),
    },
  },
  overrideAction: { none: {} },
  visibilityConfig: visibility(name),
})

export class EdgeStack extends Stack {
  readonly webAcl: CfnWebACL
  /** The output the web stack reads the ACL's ARN from. */
  static readonly webAclArnOutput = 'WebAclArn'

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props)
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: 'Challenge Fund: AWS managed protections and a per-IP rate limit in front of the site and /api',
      visibilityConfig: visibility('challenge-fund-web-acl'),
      rules: [
        // Its 8 KB body limit would block an EOI autosave; the API bounds bodies itself (1 MB).
        managed('AWSManagedRulesCommonRuleSet', 1, ['SizeRestrictions_BODY']),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 2),
        {
          name: 'RateLimitPerIp',
          priority: 3,
          statement: {
            rateBasedStatement: { limit: RATE_LIMIT_PER_5_MINUTES, aggregateKeyType: 'IP', evaluationWindowSec: 300 },
          },
          action: { block: { customResponse: { responseCode: 429 } } },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
      ],
    })
    const output = new CfnOutput(this, EdgeStack.webAclArnOutput, { value: this.webAcl.attrArn })
    output.overrideLogicalId(EdgeStack.webAclArnOutput)
  }
}
