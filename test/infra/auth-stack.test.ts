// The auth stack: the user pool signs people in by email with a strong password policy and
// threat protection, holds the three role groups, and offers a hosted sign-in domain.
import { Match, type Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { accountErasureActions, userDirectoryActions } from '../../infra/stacks/api-stack.js'
import { roleGroups } from '../../infra/stacks/auth-stack.js'
import { synthApp } from './app-fixture.js'

let auth: Template
let web: Template
let api: Template

beforeAll(() => {
  ;({ auth, web, api } = synthApp({ webDist: false }).templates)
})

describe('user pool', () => {
  it('signs in by email and lets applicants sign themselves up', () => {
    auth.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
    })
  })

  it('requires strong passwords', () => {
    auth.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    })
  })

  it('runs threat protection in enforcement mode (Plus tier)', () => {
    auth.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    })
  })

  it('offers TOTP multi-factor authentication', () => {
    auth.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    })
  })

  it('challenges every sign-in of an account with TOTP: devices are never remembered', () => {
    const [pool] = Object.values(auth.findResources('AWS::Cognito::UserPool')) as {
      Properties: Record<string, unknown>
    }[]
    expect(pool!.Properties.DeviceConfiguration).toBeUndefined()
  })

  it('is retained and protected from deletion, like the table', () => {
    auth.hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
      DeletionPolicy: 'Retain',
    })
  })

  it('has no physical name', () => {
    const [pool] = Object.values(auth.findResources('AWS::Cognito::UserPool')) as {
      Properties: Record<string, unknown>
    }[]
    expect(pool!.Properties.UserPoolName).toBeUndefined()
  })
})

describe('tokens and the account check', () => {
  it('issue ID and access tokens for an hour', () => {
    web.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      TokenValidityUnits: Match.objectLike({ IdToken: 'minutes', AccessToken: 'minutes' }),
    })
  })

  it('let the API read the pool it checks each signed-in request against, and only disable and sign out an erased account there', () => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ USER_POOL_ID: Match.anyValue() }) },
    })
    api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: [...userDirectoryActions, ...accountErasureActions].sort(),
            Effect: 'Allow',
            Resource: Match.objectLike({
              'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('UserPool') }),
            }),
          }),
        ]),
      },
    })
    expect(userDirectoryActions).toEqual(['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'])
    expect(accountErasureActions).toEqual(['cognito-idp:AdminDisableUser', 'cognito-idp:AdminUserGlobalSignOut'])
  })
})

describe('groups', () => {
  it('are exactly manager, panellist, applicant and problem owner, in that precedence', () => {
    const groups = Object.values(auth.findResources('AWS::Cognito::UserPoolGroup')).map(
      (group) => [group.Properties.GroupName, group.Properties.Precedence] as const,
    )
    expect(groups).toEqual([
      ['manager', 0],
      ['panellist', 1],
      ['applicant', 2],
      ['problemOwner', 3],
    ])
    expect(roleGroups.map((group) => group.name)).toEqual(['manager', 'panellist', 'applicant', 'problemOwner'])
  })
})

describe('hosted UI domain', () => {
  it('defaults its prefix to the stage and the account id', () => {
    auth.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['challenge-fund-dev-', { Ref: 'AWS::AccountId' }]] },
    })
  })

  it('takes its prefix from context when given', () => {
    const custom = synthApp({ webDist: false, context: { cognitoDomainPrefix: 'lcr-whats-your-problem' } }).templates
      .auth
    custom.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'lcr-whats-your-problem' })
  })
})
