// The API: the Hono app as one Lambda, plugged into the HTTP API endpoint (created in the
// web stack, see there for why) with a catch-all route, and least-privilege grants on the
// table and the files bucket.
import { Stack, Validations, type StackProps } from 'aws-cdk-lib'
import { HttpRoute, HttpRouteKey, type IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type { IUserPoolClient, UserPool } from 'aws-cdk-lib/aws-cognito'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { PolicyStatement, type IManagedPolicy } from 'aws-cdk-lib/aws-iam'
import type { IBucket } from 'aws-cdk-lib/aws-s3'
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import { openDataConfig } from '../../functions/core/open-data/config.js'
import { tableDefinition } from '../../functions/db/table.js'
import { NodeFunction } from '../constructs/node-function.js'
import { paths } from '../paths.js'

/** The API's OPEN_DATA_* variables and the CDK context keys that set them (README: Open data). */
const openDataContext = {
  OPEN_DATA_PREFIX: 'openDataPrefix',
  OPEN_DATA_FUNDER_ID: 'openDataFunderId',
  OPEN_DATA_FUNDER_NAME: 'openDataFunderName',
  OPEN_DATA_REGION_NAME: 'openDataRegionName',
  OPEN_DATA_REGION_COUNTRY: 'openDataRegionCountry',
  OPEN_DATA_REGION_GEOCODE: 'openDataRegionGeoCode',
  OPEN_DATA_REGION_GEOCODE_TYPE: 'openDataRegionGeoCodeType',
  OPEN_DATA_LICENCE: 'openDataLicence',
}

export type ApiStackProps = StackProps & {
  table: ITable
  /** The D&I survey's answers: the API adds answer sets and reads them once, to publish the counts. */
  surveyTable: ITable
  filesBucket: IBucket
  /** Object access to the files bucket, defined in the data stack (see there for why). */
  filesObjectAccess: IManagedPolicy
  /** The concrete pool: its provider URL is the token issuer. */
  userPool: UserPool
  userPoolClient: IUserPoolClient
  /** Hosted UI base URL, https://<prefix>.auth.<region>.amazoncognito.com */
  cognitoDomainUrl: string
  httpApi: IHttpApi
  /** The site's address (https://…): emails link back to its pages. */
  publicUrl: string
  /** CloudFront's x-origin-verify value (web stack): the API refuses requests without it. */
  originSecret: ISecret
  /** MACs the audit chains (data stack): verify chains what is pending and checks every MAC. */
  auditKey: ISecret
  /** The audit checkpoints (Object Lock): verify reads each competition's last. */
  auditCheckpoints: IBucket
  /** Reading them (data stack). */
  auditCheckpointsRead: IManagedPolicy
}

/**
 * What the API does to the table. No Scan: every access pattern is a key or index Query.
 * Transactions need no action of their own: IAM authorises each Put/Update/Delete inside
 * a TransactWriteItems call against the actions below. Add an action when code first uses it.
 */
export const tableItemActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  // A ConditionCheck inside a transaction is authorised as its own action.
  'dynamodb:ConditionCheckItem',
]

/** What the API asks Cognito on a signed-in request (cached for 60 s per account and instance). */
export const userDirectoryActions = ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser']
/** An erasure (UK GDPR) disables the person's account and signs it out everywhere: nothing else is written to the pool. */
export const accountErasureActions = ['cognito-idp:AdminDisableUser', 'cognito-idp:AdminUserGlobalSignOut']

/** What the API does to the survey table: add an answer set (Put, with a ConditionCheck that counting has not begun), close it (Put), and read it once (Query). */
export const surveyTableActions = ['dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:Query']

export class ApiStack extends Stack {
  readonly api: NodeFunction

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props)

    // Seals page cursors so they cannot be read or forged; one value for every instance.
    const cursorSecret = new Secret(this, 'CursorSecret', {
      description: 'Key that seals the API page cursors',
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    })
    Validations.of(cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The Lambda reads it by dynamic reference at deploy time; rotating it only invalidates page cursors in flight (a 400 asking for the first page), so it is rotated by replacing the secret and redeploying.',
    })

    const issuer = props.userPool.userPoolProviderUrl
    // 360Giving open data: the publisher's prefix, funder and region from context (`-c openDataPrefix=…`),
    // checked here so a bad value fails the synth, not the Lambda's cold start. Unset: the local defaults.
    const openDataEnv: Record<string, string> = {}
    for (const [name, key] of Object.entries(openDataContext)) {
      const value: unknown = this.node.tryGetContext(key)
      if (typeof value === 'string' && value) openDataEnv[name] = value
    }
    openDataConfig(openDataEnv)
    this.api = new NodeFunction(this, 'Api', {
      entry: paths.apiEntry,
      description: 'Challenge Fund HTTP API (Hono)',
      environment: {
        TABLE_NAME: props.table.tableName,
        DI_SURVEY_TABLE_NAME: props.surveyTable.tableName,
        FILES_BUCKET: props.filesBucket.bucketName,
        AUTH_ISSUER: issuer,
        // The API verifies Cognito ID tokens, whose `aud` is the app client id.
        AUTH_AUDIENCE: props.userPoolClient.userPoolClientId,
        AUTH_JWKS_URL: `${issuer}/.well-known/jwks.json`,
        COGNITO_DOMAIN: props.cognitoDomainUrl,
        // The directory each signed-in request is checked against (account, group, MFA).
        USER_POOL_ID: props.userPool.userPoolId,
        PUBLIC_URL: props.publicUrl,
        // Dynamic references ({{resolve:secretsmanager:…}}): resolved at deploy, not in the template.
        ORIGIN_VERIFY_SECRET: props.originSecret.secretValue.unsafeUnwrap(),
        CURSOR_SECRET: cursorSecret.secretValue.unsafeUnwrap(),
        ...openDataEnv,
        AUDIT_KEY: props.auditKey.secretValue.unsafeUnwrap(),
        AUDIT_CHECKPOINT_BUCKET: props.auditCheckpoints.bucketName,
      },
    })

    // Explicit statements instead of table.grantReadWriteData(): that grant includes Scan
    // and index/* wildcards. Indexes are listed one by one from the table definition, and
    // only Query applies to them.
    this.api.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: tableItemActions, resources: [props.table.tableArn] }),
    )
    this.api.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: tableDefinition.globalSecondaryIndexes.map(
          (index) => `${props.table.tableArn}/index/${index.indexName}`,
        ),
      }),
    )
    this.api.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: surveyTableActions, resources: [props.surveyTable.tableArn] }),
    )
    // Of this one pool, reads (does the account still exist, which group, is TOTP active) and one
    // write: an erased person's account is disabled and signed out.
    this.api.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...userDirectoryActions, ...accountErasureActions],
        resources: [props.userPool.userPoolArn],
      }),
    )
    // Audit verify reads each competition's last checkpoint (a list of its prefix, then the object).
    this.api.role.addManagedPolicy(props.auditCheckpointsRead)
    // Presigned URLs are signed with this role's credentials, so it needs what the URLs do.
    this.api.role.addManagedPolicy(props.filesObjectAccess)

    // `$default` catches every method and path (CloudFront sends only /api/* here); the Hono
    // app does the routing, so one route and one integration serve the whole API.
    const route = new HttpRoute(this, 'CatchAllRoute', {
      httpApi: props.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('ApiIntegration', this.api.fn),
    })
    Validations.of(route).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorisation is done in the Hono app, not by API Gateway: one catch-all route serves both public endpoints (published challenges, data packs, results) and signed-in ones, and the app verifies the Cognito ID token (issuer, audience, signature) and checks the role group per route.',
    })
  }
}
