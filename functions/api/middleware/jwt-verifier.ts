// Verifies an ID token's signature and claims (jose) and reads the user from it. Its own module:
// the Lambda loads it (and jose, and zod) on the first signed-in request, not at cold start.
import { jwtVerify, type JWTVerifyGetKey } from 'jose'
import type { Role } from '../../../shared/schemas/common.js'
import { User } from '../../../shared/schemas/user.js'
import type { TokenVerifier } from '../env.js'

/** Reads Cognito-style ID tokens: `cognito:groups` carries the role. */
export function jwtVerifier({
  issuer,
  audience,
  keys,
}: {
  issuer: string
  audience: string
  keys: JWTVerifyGetKey
}): TokenVerifier {
  return async (token) => {
    // Without `exp` a token would never expire; without `iat` its age is unknown.
    const { payload } = await jwtVerify(token, keys, {
      issuer,
      audience,
      algorithms: ['RS256', 'ES256'],
      requiredClaims: ['exp', 'iat'],
    })
    if (payload.token_use !== 'id') throw new Error('not an ID token')
    const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as string[]) : []
    const role: Role = groups.includes('manager') ? 'manager' : groups.includes('panellist') ? 'panellist' : 'applicant'
    const email = String(payload.email ?? '')
    return User.parse({ id: payload.sub, email, name: String(payload.name ?? email.split('@')[0] ?? ''), role })
  }
}
