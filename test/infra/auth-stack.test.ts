// The auth stack: the user pool signs people in by email with a strong password policy and
// threat protection, holds the three role groups, and offers a hosted sign-in domain.
import { Match, type Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { roleGroups } from '../../infra/stacks/auth-stack.js'
import { synthApp } from './app-fixture.js'

let auth: Template

beforeAll(() => {
  auth = synthApp({ webDist: false }).templates.auth
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

  it('is retained and protected from deletion, like the table', () => {
    auth.hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
      DeletionPolicy: 'Retain',
    })
  })

  it('has no physical name', () => {
    const [pool] = Object.values(auth.findResources('AWS::Cognito::UserPool')) as { Properties: Record<string, unknown> }[]
    expect(pool!.Properties.UserPoolName).toBeUndefined()
  })
})

describe('groups', () => {
  it('are exactly manager, panellist and applicant, in that precedence', () => {
    const groups = Object.values(auth.findResources('AWS::Cognito::UserPoolGroup')).map(
      (group) => [group.Properties.GroupName, group.Properties.Precedence] as const,
    )
    expect(groups).toEqual([
      ['manager', 0],
      ['panellist', 1],
      ['applicant', 2],
    ])
    expect(roleGroups.map((group) => group.name)).toEqual(['manager', 'panellist', 'applicant'])
  })
})

describe('hosted UI domain', () => {
  it('defaults its prefix to the stage and the account id', () => {
    auth.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['challenge-fund-dev-', { Ref: 'AWS::AccountId' }]] },
    })
  })

  it('takes its prefix from context when given', () => {
    const custom = synthApp({ webDist: false, context: { cognitoDomainPrefix: 'lcr-whats-your-problem' } }).templates.auth
    custom.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'lcr-whats-your-problem' })
  })
})
