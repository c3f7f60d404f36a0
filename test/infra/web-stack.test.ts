// The web stack: CloudFront serves the private site bucket through OAC and /api/* from the
// HTTP API on the same domain, with security headers, an SPA fallback that leaves the API
// alone, access logs, and the Cognito app client registered for this domain.
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront'
import { Match, type Template } from 'aws-cdk-lib/assertions'
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { authRedirectPaths, contentSecurityPolicy } from '../../infra/stacks/web-stack.js'
import { synthApp } from './app-fixture.js'

let web: Template

beforeAll(() => {
  web = synthApp().templates.web
})

const distributionConfig = () => {
  const [distribution] = Object.values(web.findResources('AWS::CloudFront::Distribution'))
  return distribution!.Properties.DistributionConfig as Record<string, any>
}

const apiBehaviour = () => (distributionConfig().CacheBehaviors as any[]).find((b) => b.PathPattern === '/api/*')

/** Flattens an Fn::Join into text, showing references as <LogicalId> or <output name>. */
function joined(value: unknown): string {
  if (typeof value === 'string') return value
  const v = value as Record<string, any>
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(joined).join(v['Fn::Join'][0])
  if (v.Ref) return `<${v.Ref}>`
  if (v['Fn::GetAtt']) return `<${v['Fn::GetAtt'].join('.')}>`
  if (v['Fn::GetStackOutput']) return `<${v['Fn::GetStackOutput'].OutputName}>`
  return JSON.stringify(value)
}

describe('HTTP API endpoint', () => {
  it('is an HTTP API whose $default stage auto-deploys, throttles and writes access logs', () => {
    web.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' })
    web.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    })
  })
})

describe('site bucket', () => {
  it('is private, encrypted, logged and readable only by this distribution (OAC)', () => {
    web.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
      BucketEncryption: Match.anyValue(),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'site-bucket/' }),
    })
    web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    })
    web.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetObject',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    })
  })

  it('is filled from the web build, with a CloudFront invalidation', () => {
    web.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/*'], Prune: true })
  })
})

describe('distribution', () => {
  it('serves the S3 origin through OAC with index.html as the root object', () => {
    const config = distributionConfig()
    expect(config.DefaultRootObject).toBe('index.html')
    const s3Origin = (config.Origins as any[]).find((origin) => origin.S3OriginConfig)
    expect(s3Origin.OriginAccessControlId).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/OriginAccessControl/), 'Id'],
    })
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('')
  })

  it('routes /api/* to the HTTP API, uncached, with every viewer header but Host and all methods', () => {
    const behaviour = apiBehaviour()
    expect(behaviour.CachePolicyId).toBe(CachePolicy.CACHING_DISABLED.cachePolicyId)
    expect(behaviour.OriginRequestPolicyId).toBe(
      OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
    )
    expect([...behaviour.AllowedMethods].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'])
    expect(behaviour.ViewerProtocolPolicy).toBe('https-only')
    const origin = (distributionConfig().Origins as any[]).find((o) => o.Id === behaviour.TargetOriginId)
    expect(joined(origin.DomainName)).toMatch(/^<HttpApi\w+>\.execute-api\.<AWS::Region>\.<AWS::URLSuffix>$/)
    expect(origin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] })
  })

  it('falls back to index.html with a viewer-request function, never with error responses', () => {
    const config = distributionConfig()
    expect(config.CustomErrorResponses).toBeUndefined()
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      {
        EventType: 'viewer-request',
        FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/^SpaFallback/), 'FunctionARN'] },
      },
    ])
    expect(apiBehaviour().FunctionAssociations).toBeUndefined()
    const source = readFileSync(new URL('../../infra/edge/spa-fallback.js', import.meta.url), 'utf8')
    web.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: source,
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    })
  })

  it('redirects plain HTTP on the site and writes access logs to the logs bucket', () => {
    const config = distributionConfig()
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https')
    expect(config.Logging.Prefix).toBe('cloudfront/')
    expect(joined(config.Logging.Bucket)).toMatch(/LogsBucket\w*RegionalDomainName/)
  })

  it('uses TLSv1.2_2021 as the floor when a custom domain is configured', () => {
    const custom = synthApp({
      webDist: false,
      context: {
        siteDomainName: 'fund.example.org',
        siteCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
      },
    }).templates.web
    custom.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['fund.example.org'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
      }),
    })
    custom.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://fund.example.org/signin/callback'],
    })
  })
})

describe('security headers', () => {
  it('apply to the site and the API alike, except that the API’s own CSP wins on the API', () => {
    const policies = web.findResources('AWS::CloudFront::ResponseHeadersPolicy')
    const config = (ref: { Ref: string }) => policies[ref.Ref]!.Properties.ResponseHeadersPolicyConfig
    const site = config(distributionConfig().DefaultCacheBehavior.ResponseHeadersPolicyId)
    const api = config(apiBehaviour().ResponseHeadersPolicyId)
    expect(site.SecurityHeadersConfig.ContentSecurityPolicy.Override).toBe(true)
    // The docs page sets its own CSP; the site's must not replace it.
    expect(api.SecurityHeadersConfig.ContentSecurityPolicy.Override).toBe(false)
    const { ContentSecurityPolicy: _site, ...siteRest } = site.SecurityHeadersConfig
    const { ContentSecurityPolicy: _api, ...apiRest } = api.SecurityHeadersConfig
    expect(apiRest).toEqual(siteRest)
    expect(api.CustomHeadersConfig).toEqual(site.CustomHeadersConfig)
  })

  it('set HSTS, nosniff, DENY framing and a referrer policy', () => {
    web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        }),
      }),
    })
  })

  it('set a strict CSP that may connect only to itself, Cognito and the files bucket', () => {
    const [policy] = Object.values(web.findResources('AWS::CloudFront::ResponseHeadersPolicy'))
    const csp = joined(
      policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy,
    )
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    )
    expect(directives.get('default-src')).toEqual(["'self'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('style-src')).toEqual(["'self'"])
    expect(directives.get('img-src')).toEqual(["'self'", 'data:'])
    expect(directives.get('frame-ancestors')).toEqual(["'none'"])
    const connect = directives.get('connect-src')!
    expect(connect).toHaveLength(3)
    expect(connect[0]).toBe("'self'")
    expect(connect[1]).toMatch(/^https:\/\/<\w*HostedUi\w*>\.auth\.<AWS::Region>\.amazoncognito\.com$/)
    expect(connect[2]).toMatch(/^https:\/\/<\w*FilesBucket\w*RegionalDomainName\w*>$/)
  })

  it('builds the CSP from the two origins it is given', () => {
    expect(
      contentSecurityPolicy({
        cognitoDomainUrl: 'https://fund.auth.eu-west-2.amazoncognito.com',
        filesOrigin: 'https://files.s3.eu-west-2.amazonaws.com',
      }),
    ).toContain(
      "connect-src 'self' https://fund.auth.eu-west-2.amazoncognito.com https://files.s3.eu-west-2.amazonaws.com;",
    )
  })
})

describe('app client', () => {
  it('is a public client using the authorization code flow (PKCE) with openid, email and profile', () => {
    web.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
    })
  })

  it('sends users back to the distribution domain, on the path the web app uses', () => {
    const webAuth = readFileSync(new URL('../../web/src/auth.ts', import.meta.url), 'utf8')
    expect(webAuth).toContain(`CALLBACK_PATH = '${authRedirectPaths.signIn[0]}'`)
    const [client] = Object.values(web.findResources('AWS::Cognito::UserPoolClient'))
    const callbacks = (client!.Properties.CallbackURLs as unknown[]).map(joined)
    expect(callbacks).toEqual([expect.stringMatching(/^https:\/\/<Distribution\w+\.DomainName>\/signin\/callback$/)])
    expect((client!.Properties.LogoutURLs as unknown[]).map(joined)).toEqual([
      expect.stringMatching(/^https:\/\/<Distribution\w+\.DomainName>\/$/),
    ])
  })
})
