// Who is signed in: the ID token and the user it names, kept in sessionStorage so a
// sign-in lasts for this tab only. Locally the token comes from the development issuer;
// in the cloud from Cognito's hosted UI (see pages/sign-in.tsx).
import type { Role } from '../../shared/schemas/common.js'
import type { User } from '../../shared/schemas/user.js'
import { createStore } from './store.js'

export type Session = { token: string; user: User; expiresAt: number }

const KEY = 'challenge-fund.session'

/** Why the last session ended, when it was not the person's choice ("your sign-in has expired"). */
export const signOutReason = createStore<string | undefined>(undefined)

export const session = createStore<Session | undefined>(read())

function read(): Session | undefined {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null
    return stored && stored.expiresAt > Date.now() ? stored : undefined
  } catch {
    return undefined
  }
}

/** The session, if it has not expired since it was read. */
export function currentSession(): Session | undefined {
  const current = session.get()
  if (current && current.expiresAt <= Date.now()) {
    endSession('Your sign-in has expired. Sign in again to carry on.')
    return undefined
  }
  return current
}

export function startSession(token: string, user: User) {
  const claims = decodeJwt(token)
  const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + 60 * 60 * 1000
  const value: Session = { token, user, expiresAt }
  sessionStorage.setItem(KEY, JSON.stringify(value))
  signOutReason.set(undefined)
  session.set(value)
}

export function endSession(reason?: string) {
  sessionStorage.removeItem(KEY)
  signOutReason.set(reason)
  session.set(undefined)
}

export const hasRole = (role: Role) => currentSession()?.user.role === role

/** The claims of a JWT, unverified: the API verifies; the browser only reads names and expiry. */
export function decodeJwt(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? ''
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/')
  const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) => c.charCodeAt(0))
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>
}

/** The user a Cognito ID token names, read the way the API reads it. */
export function userFromIdToken(token: string): User {
  const claims = decodeJwt(token)
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : []
  const role: Role = groups.includes('manager') ? 'manager' : groups.includes('panellist') ? 'panellist' : 'applicant'
  const email = String(claims.email ?? '')
  return { id: String(claims.sub ?? ''), email, name: String(claims.name ?? email.split('@')[0] ?? ''), role }
}
