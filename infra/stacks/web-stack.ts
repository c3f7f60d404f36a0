// The front door: one CloudFront domain serving the static web build from S3 and /api/* from
// the HTTP API, plus the Cognito app client that signs users in to that domain.
//
// Why the HTTP API endpoint and the app client live here rather than in the api and auth
// stacks - the ordering problem:
//   the distribution needs the HTTP API's domain (its /api/* origin),
//   the app client needs the distribution's domain (its callback URL),
//   the Lambda needs the app client's id (AUTH_AUDIENCE, the ID-token audience).
// With the HTTP API and the Lambda in one stack that is a cycle between stacks. There is no
// cycle between the resources, though, so the stacks follow the resources:
//   data -> auth (pool, groups, domain) -> web (HTTP API endpoint, distribution, app client)
//        -> api (Lambda, catch-all route on that HTTP API)
// One `cdk deploy --all` then produces a working sign-in on the generated *.cloudfront.net
// domain, with no second pass and no site URL to look up and feed back in.
import {
  CfnOutput,
  DefaultStackSynthesizer,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  type StackProps,
} from 'aws-cdk-lib'
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway'
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2'
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager'
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront'
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins'
import { OAuthScope, UserPoolClient, UserPoolClientIdentityProvider, type IUserPool } from 'aws-cdk-lib/aws-cognito'
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, type IBucket } from 'aws-cdk-lib/aws-s3'
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import { ORIGIN_VERIFY_HEADER } from '../../functions/api/middleware/origin-verify.js'
import { fileURLToPath } from 'node:url'

/**
 * Where Cognito may send the browser back to (paths on the site). They must match what the
 * web app sends: CALLBACK_PATH and the sign-out logout_uri in web/src/auth.ts.
 */
export const authRedirectPaths = { signIn: ['/signin/callback'], signOut: ['/'] } as const

export type SiteDomain = {
  /** e.g. fund.example.org */
  domainName: string
  /** ACM certificate in us-east-1 covering domainName (CloudFront only reads that region). */
  certificateArn: string
}

export type WebStackProps = StackProps & {
  userPool: IUserPool
  /** Hosted UI base URL, https://<prefix>.auth.<region>.amazoncognito.com */
  cognitoDomainUrl: string
  /** Presigned uploads go straight from the browser to this bucket. */
  filesBucket: IBucket
  logsBucket: IBucket
  /** The built web app (web/dist); when absent no files are deployed. */
  webDistPath?: string
  /** A custom domain; without one the site is served on its *.cloudfront.net name. */
  siteDomain?: SiteDomain
  /** The WAF web ACL (CLOUDFRONT scope, from the edge stack in us-east-1). */
  webAclArn: string
}

export class WebStack extends Stack {
  readonly httpApi: HttpApi
  readonly distribution: Distribution
  readonly userPoolClient: UserPoolClient
  /** https://<site domain>, no trailing slash. */
  readonly siteUrl: string
  /** What CloudFront sends in x-origin-verify to the API, which refuses requests without it. */
  readonly originSecret: Secret

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props)

    // --- HTTP API endpoint (routes are added by the api stack) ---------------------------
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Challenge Fund API (reached through CloudFront at /api/*)',
      // The stage is created below, so it can carry access logs and throttling.
      createDefaultStage: false,
    })
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.THREE_MONTHS })
    new HttpStage(this, 'ApiDefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      // Routes are added by another stack; auto-deploy publishes them without a Deployment.
      autoDeploy: true,
      // A ceiling on cost and abuse, far above what a funding round generates.
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    })

    // --- Static site bucket ---------------------------------------------------------------
    // Stateless: its contents are rebuilt from web/dist on every deploy, so it goes with
    // the stack (objects emptied first) instead of being retained.
    const siteBucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
      serverAccessLogsBucket: props.logsBucket,
      serverAccessLogsPrefix: 'site-bucket/',
    })

    // --- Edge behaviour ----------------------------------------------------------------------
    const spaFallback = new CloudFrontFunction(this, 'SpaFallback', {
      comment: 'Serve index.html for client-side routes (extensionless, non-/api paths)',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromFile({
        filePath: fileURLToPath(new URL('../edge/spa-fallback.js', import.meta.url)),
      }),
    })

    const csp = contentSecurityPolicy({
      cognitoDomainUrl: props.cognitoDomainUrl,
      // Presigned URLs are virtual-hosted style on the regional endpoint.
      filesOrigin: `https://${props.filesBucket.bucketRegionalDomainName}`,
    })
    /**
     * The same security headers for the site and the API, except that on the API the
     * app's own Content-Security-Policy wins (the docs page sets a stricter one of its
     * own with inline styles); JSON answers without one still get the site's.
     */
    const headersPolicy = (id: string, comment: string, { appSetsCsp }: { appSetsCsp: boolean }) =>
      new ResponseHeadersPolicy(this, id, {
        comment,
        securityHeadersBehavior: {
          strictTransportSecurity: {
            accessControlMaxAge: Duration.days(365),
            includeSubdomains: true,
            override: true,
          },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
          contentSecurityPolicy: { contentSecurityPolicy: csp, override: !appSetsCsp },
        },
        customHeadersBehavior: {
          customHeaders: [
            {
              header: 'Permissions-Policy',
              value: 'camera=(), microphone=(), geolocation=(), payment=()',
              override: true,
            },
          ],
        },
      })
    const securityHeaders = headersPolicy('SecurityHeaders', 'Security headers for the site', { appSetsCsp: false })
    const apiSecurityHeaders = headersPolicy('ApiSecurityHeaders', 'Security headers for the API; its own CSP wins', {
      appSetsCsp: true,
    })

    // The execute-api endpoint cannot be disabled while it is CloudFront's origin, so CloudFront
    // proves itself with a generated secret header, and the API refuses requests without it
    // (functions/api/middleware/origin-verify.ts): nobody can go around the WAF.
    this.originSecret = new Secret(this, 'OriginVerifySecret', {
      description: 'Header CloudFront adds to /api/* requests; the API refuses requests without it',
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    })
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating it means updating the CloudFront origin and the API Lambda together (both read it by dynamic reference at deploy time); it is rotated by redeploying after replacing the secret, not by a rotation Lambda.',
    })

    // The API's own hostname; API Gateway routes on it, which is why Host is not forwarded.
    const apiOrigin = new HttpOrigin(`${this.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      // A dynamic reference: the value is resolved at deploy time, never written into the template.
      customHeaders: { [ORIGIN_VERIFY_HEADER]: this.originSecret.secretValue.unsafeUnwrap() },
    })

    const certificate = props.siteDomain
      ? Certificate.fromCertificateArn(this, 'SiteCertificate', props.siteDomain.certificateArn)
      : undefined

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Challenge Fund: web app and /api',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        // Origin Access Control: the bucket stays private and accepts only this distribution.
        origin: S3BucketOrigin.withOriginAccessControl(siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        // SPA fallback as a viewer-request rewrite rather than 403/404 error responses:
        // distribution-wide error responses would also rewrite the API's 403/404
        // problem+json bodies into index.html.
        functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        // Same origin as the page: no CORS for the API, and cookies/CSP stay simple.
        '/api/*': {
          origin: apiOrigin,
          // Requests carry bearer tokens: refuse plain HTTP rather than redirect it.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Responses are per user and change on every write; never cache them. With
          // caching disabled, the all-viewer policy also forwards Authorization.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiSecurityHeaders,
        },
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Edges in Europe and North America: the audience is in the UK.
      priceClass: PriceClass.PRICE_CLASS_100,
      // A TLS floor only exists with a custom certificate; the default *.cloudfront.net
      // certificate's policy is fixed by AWS (see the CFR4 acknowledgement below).
      ...(props.siteDomain && certificate
        ? {
            domainNames: [props.siteDomain.domainName],
            certificate,
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: props.logsBucket,
      logFilePrefix: 'cloudfront/',
    })

    this.siteUrl = `https://${props.siteDomain?.domainName ?? this.distribution.distributionDomainName}`

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: the competition is open to UK organisations, whose staff may travel or use VPNs, and the public pages are meant to be read anywhere.',
    })
    if (!props.siteDomain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'No custom domain is configured, so the distribution uses the default *.cloudfront.net certificate, whose TLS policy AWS fixes. Setting the siteDomainName and siteCertificateArn context (a us-east-1 ACM certificate) switches to a custom domain with TLSv1.2_2021 as the minimum.',
      })
    }

    // --- App client ------------------------------------------------------------------------
    // Here because its callback URLs are this distribution's (see the header comment).
    this.userPoolClient = new UserPoolClient(this, 'WebClient', {
      userPool: props.userPool,
      // A browser app cannot keep a secret; PKCE protects the code exchange instead.
      generateSecret: false,
      oAuth: {
        // Authorization code + PKCE only; the implicit grant would put tokens in the URL.
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: authRedirectPaths.signIn.map((path) => `${this.siteUrl}${path}`),
        logoutUrls: authRedirectPaths.signOut.map((path) => `${this.siteUrl}${path}`),
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      // Sign-in happens on the hosted UI; SRP is the only direct flow left enabled.
      authFlows: { userSrp: true },
      // "Incorrect username or password" whether or not the account exists.
      preventUserExistenceErrors: true,
      // An hour, not Cognito's default of a day: a token is the API's first check, and the
      // per-request directory check covers accounts deleted or demoted within the hour.
      idTokenValidity: Duration.minutes(60),
      accessTokenValidity: Duration.minutes(60),
    })

    // --- Site content ------------------------------------------------------------------------
    if (props.webDistPath) this.deploySite(props.webDistPath, siteBucket)

    new CfnOutput(this, 'SiteUrl', { value: this.siteUrl })
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId })
  }

  /** Uploads the web build to the site bucket and invalidates CloudFront's cache. */
  private deploySite(webDistPath: string, siteBucket: Bucket) {
    // Our own role and log group for the deployment function, instead of CDK's default
    // role with the AWS managed AWSLambdaBasicExecutionRole (logs:* everywhere).
    const logs = new LogGroup(this, 'DeploySiteLogs', { retention: RetentionDays.ONE_MONTH })
    const role = new Role(this, 'DeploySiteRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the web build into the site bucket and invalidates CloudFront',
    })
    logs.grantWrite(role)

    new BucketDeployment(this, 'DeploySite', {
      sources: [Source.asset(webDistPath)],
      destinationBucket: siteBucket,
      // Browsers revalidate every file (cheap with ETags), so a deploy is visible at once
      // and index.html never points at assets from an older build. The invalidation
      // clears CloudFront's copies.
      cacheControl: [CacheControl.fromString('public, max-age=0, must-revalidate')],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
      role,
      logGroup: logs,
    })

    // The grants and the function below are BucketDeployment's own (a CDK-maintained
    // singleton); we cannot narrow them without forking it. They run only at deploy time.
    const bootstrapQualifier =
      (this.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ??
      DefaultStackSynthesizer.DEFAULT_QUALIFIER
    // cdk-nag spells ${X} as <X> in finding ids.
    const assetsBucket = DefaultStackSynthesizer.DEFAULT_FILE_ASSETS_BUCKET_NAME.replace(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the CDK synthesizer's placeholder, filled in at deploy time
      '${Qualifier}',
      bootstrapQualifier,
    )
      .replaceAll('${', '<')
      .replaceAll('}', '>')
    const siteBucketId = this.resolve((siteBucket.node.defaultChild as CfnBucket).logicalId) as string
    const deploymentGrant = (finding: string, reason: string) =>
      Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason })
    deploymentGrant(
      'Action::s3:GetObject*',
      'BucketDeployment reads the web build zip from the CDK assets bucket with s3:GetObject* (CDK grantRead); fixed by the construct.',
    )
    deploymentGrant(
      'Action::s3:GetBucket*',
      'BucketDeployment grantRead/grantReadWrite include s3:GetBucket* on the assets and site buckets; fixed by the construct.',
    )
    deploymentGrant(
      'Action::s3:List*',
      'BucketDeployment lists the site bucket to prune files removed from the build (s3 sync --delete); fixed by the construct.',
    )
    deploymentGrant(
      'Action::s3:DeleteObject*',
      'BucketDeployment deletes files removed from the build from the site bucket (prune); scoped to the site bucket only.',
    )
    deploymentGrant(
      'Action::s3:Abort*',
      'BucketDeployment may abort its own multipart uploads of large files into the site bucket; scoped to the site bucket only.',
    )
    deploymentGrant(
      `Resource::arn:<AWS::Partition>:s3:::${assetsBucket}/*`,
      'The web build is staged as a zip in the CDK bootstrap assets bucket under a content-hash key chosen at synth time; read access to its objects is what the deployment needs.',
    )
    deploymentGrant(
      `Resource::<${siteBucketId}.Arn>/*`,
      'The deployment writes every file of the web build into the site bucket; object keys are the build\'s file paths, so "<site bucket>/*" is the narrowest resource.',
    )
    deploymentGrant(
      'Resource::*',
      'cloudfront:CreateInvalidation and GetInvalidation on "*" are hard-coded by BucketDeployment; invalidation only ever targets this distribution (its id is passed to the handler).',
    )
    const deployFunction = this.node
      .findAll()
      .find((c): c is LambdaFunction => c instanceof LambdaFunction && c.role === role)
    if (deployFunction) {
      Validations.of(deployFunction).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          'The BucketDeployment handler runtime is chosen by aws-cdk-lib (it ships the AWS CLI layer it needs); it runs only during deployments and is updated with aws-cdk-lib.',
      })
    }
  }
}

/** The Content-Security-Policy for the site: only its own code and the two origins it calls. */
export function contentSecurityPolicy(origins: { cognitoDomainUrl: string; filesOrigin: string }): string {
  return [
    "default-src 'self'",
    // The token exchange (PKCE) goes to Cognito; uploads/downloads go to the files bucket.
    `connect-src 'self' ${origins.cognitoDomainUrl} ${origins.filesOrigin}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}
