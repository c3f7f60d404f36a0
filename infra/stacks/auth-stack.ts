// Identity: the Cognito user pool, its role groups and the hosted sign-in domain. The app
// client is not here: it lives in the web stack, beside the distribution whose URL it needs
// (see web-stack.ts for why).
import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib'
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito'
import type { Construct } from 'constructs'

/** The roles the API reads from the `cognito:groups` claim; a user in no group is an applicant. */
export const roleGroups = [
  { name: 'manager', description: 'Programme managers: run competitions, shortlist, award, release feedback.' },
  { name: 'panellist', description: 'Panel members: declare conflicts and score assigned pitches.' },
  { name: 'applicant', description: 'Applicants (SMEs, VCSEs, individuals): draft and submit EOIs.' },
  {
    name: 'problemOwner',
    description: 'Public bodies invited by a programme manager: propose problems and answer questions on them.',
  },
] as const

export type AuthStackProps = StackProps & {
  /** Hosted UI prefix: https://<prefix>.auth.<region>.amazoncognito.com (unique per region). */
  domainPrefix: string
}

export class AuthStack extends Stack {
  readonly userPool: UserPool
  readonly domain: UserPoolDomain

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props)

    this.userPool = new UserPool(this, 'UserPool', {
      // Applicants register themselves; managers and panellists are added to their group
      // by an administrator after they sign up.
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      // Keep the old, verified address in force until a new one is verified.
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Optional TOTP per account, and required of managers: Cognito ID tokens carry no `amr`,
      // so the API checks the account instead (AdminGetUser, cached 60 s) and refuses a manager
      // without TOTP active. Cognito challenges every sign-in of an account with TOTP active
      // because devices are never remembered (no deviceTracking), so a manager's token always
      // comes from a sign-in that passed the second factor. Applicants may enrol.
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus tier for threat protection: compromised-credential checks and adaptive
      // authentication on every sign-in, in enforcement mode. At this programme's scale
      // (tens of users) the per-user price is negligible.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      // The pool holds every account: it is state, like the table, so it outlives the stack.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional at pool level, not required: managers must have TOTP active (the API refuses a manager account without it), but applicants are members of the public signing up to a "sensible, easy and forgiving" form, and mandatory MFA would turn many away. TOTP is available to everyone and threat protection (full function) challenges risky sign-ins.',
    })

    // Group names are the contract with the API (the cognito:groups claim), not physical
    // resource names: they are scoped to this pool and must be stable.
    roleGroups.forEach((group, precedence) =>
      this.userPool.addGroup(`${group.name}-group`, {
        groupName: group.name,
        description: group.description,
        // Lower wins when a user is in several groups: manager > panellist > applicant.
        precedence,
      }),
    )

    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
    })

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId })
    new CfnOutput(this, 'HostedUiUrl', { value: this.domain.baseUrl() })
  }
}
