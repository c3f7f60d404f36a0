// The one Lambda function construct: every function in the app gets the same runtime,
// architecture, bundling, logging, tracing and role shape from here, so no stack repeats them.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib'
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Architecture, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import { paths } from '../paths.js'
import { lambdaCode } from './bundling.js'

export type NodeFunctionProps = {
  /** Absolute path of the TypeScript module exporting `handler`. */
  entry: string
  description: string
  environment?: Record<string, string>
  /** @default 1024 — Lambda CPU scales with memory; 1 GB keeps cold starts short for little cost. */
  memorySize?: number
  /** @default 10 seconds — below the HTTP API's 30 s integration limit, so a stuck call fails fast. */
  timeout?: Duration
}

export class NodeFunction extends Construct {
  readonly fn: LambdaFunction
  readonly role: Role
  readonly logGroup: LogGroup

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id)

    // An explicit log group, so retention is set at deploy time rather than by a
    // log-retention custom resource after the fact. Logs outlive a torn-down stack
    // (RETAIN) for post-incident reading; retention bounds what they cost.
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    })

    // Our own role instead of the default one: the default attaches the AWS managed
    // AWSLambdaBasicExecutionRole (logs:* on every log group). This role may only write
    // to the function's own log group; stacks add their grants to it.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role: ${props.description}`,
    })
    this.logGroup.grantWrite(this.role)

    this.fn = new LambdaFunction(this, 'Function', {
      code: lambdaCode(props.entry, paths.repoRoot),
      handler: 'index.handler',
      description: props.description,
      // Pinned rather than "latest": nodejs22.x is the runtime the code and bundle target.
      runtime: Runtime.NODEJS_22_X,
      // Graviton: cheaper per GB-second than x86 and as fast for this workload.
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      // X-Ray traces show where a slow request spent its time (DynamoDB, S3, cold start).
      tracing: Tracing.ACTIVE,
      environment: {
        // Maps stack traces in the minified bundle back to the TypeScript sources.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    })

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is pinned on purpose: it is the runtime the bundle targets (node22) and the tests run against; moving to a newer runtime is a deliberate upgrade, not a default.',
    })
    // Tracing.ACTIVE adds xray:PutTraceSegments and xray:PutTelemetryRecords to the
    // role's default policy; X-Ray supports no resource-level permissions, so Resource "*"
    // is the only form. The infra tests check which other statements, if any, use "*".
    const defaultPolicy = this.role.node.tryFindChild('DefaultPolicy')
    if (defaultPolicy) {
      Validations.of(defaultPolicy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'The X-Ray write actions (PutTraceSegments, PutTelemetryRecords) use Resource "*": X-Ray has no resource-level permissions. Any other unscoped action is acknowledged where it is granted, and the infra tests list each one.',
      })
    }
  }
}
