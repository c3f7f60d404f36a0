// The user directory in the cloud (the API's UserDirectory): Cognito holds the accounts, their
// role groups and their second factors, so the API asks it (through a short per-instance cache)
// whether a token's account still exists, is enabled, which group it is in now, and whether TOTP is active.
import {
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
  type AdminGetUserCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider'
import type { Role } from '../../shared/schemas/common.js'
import type { DirectoryEntry, UserDirectory } from '../api/middleware/auth.js'
import type { SignInAccounts } from '../core/users/erasure.js'

/** The directory entry from what Cognito says; undefined for a disabled account. Groups rank as the pool's precedence does. */
export function entryFromCognito(
  user: Pick<AdminGetUserCommandOutput, 'Enabled' | 'UserMFASettingList'>,
  groups: string[],
): DirectoryEntry | undefined {
  if (user.Enabled === false) return undefined
  const role: Role = groups.includes('manager')
    ? 'manager'
    : groups.includes('panellist')
      ? 'panellist'
      : groups.includes('problemOwner')
        ? 'problemOwner'
        : 'applicant'
  return { role, mfa: (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA') }
}

/**
 * Looks an account up by its `sub` (Cognito takes it as the username in a pool that signs in
 * by email). Two reads at once; the caller caches them. A deleted account is undefined.
 */
export function cognitoDirectory({ userPoolId, region }: { userPoolId: string; region: string }): UserDirectory {
  let client: CognitoIdentityProviderClient | undefined
  return async (userId) => {
    client ??= new CognitoIdentityProviderClient({ region })
    try {
      const [user, groups] = await Promise.all([
        client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: userId })),
        // A user is in at most the four role groups: one page holds them.
        client.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: userId, Limit: 10 })),
      ])
      return entryFromCognito(
        user,
        (groups.Groups ?? []).map((g) => g.GroupName ?? ''),
      )
    } catch (error) {
      if (error instanceof UserNotFoundException) return undefined
      throw error
    }
  }
}

/**
 * Disables an erased person's Cognito account and signs it out everywhere (its refresh tokens
 * stop working; the API's directory check refuses its ID tokens within its 60 s cache). An
 * account already gone is fine: erasing twice is harmless.
 */
export function cognitoAccounts({ userPoolId, region }: { userPoolId: string; region: string }): SignInAccounts {
  let client: CognitoIdentityProviderClient | undefined
  return {
    async disable(userId) {
      client ??= new CognitoIdentityProviderClient({ region })
      try {
        await client.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: userId }))
        await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: userId }))
      } catch (error) {
        if (!(error instanceof UserNotFoundException)) throw error
      }
    },
  }
}
