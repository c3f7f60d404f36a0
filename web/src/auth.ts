// Signing in and out. Locally: the development issuer's token endpoint. In the cloud:
// Cognito's hosted UI with the authorization-code flow and PKCE, so no token ever
// travels in a URL and the browser keeps no client secret.
import type { AuthConfig, User } from '../../shared/schemas/user.js'
import { api, call, getConfig, problemOf, unreachable } from './api.js'
import { navigate } from './router.js'
import { endSession, startSession, userFromIdToken } from './session.js'

/** Where Cognito sends people back to; must be one of the app client's callback URLs. */
export const CALLBACK_PATH = '/signin/callback'

type Cognito = Extract<AuthConfig, { mode: 'cognito' }>

// — Local development issuer —

export async function listLocalUsers(): Promise<User[]> {
  const response = await fetch('/api/dev-auth/users').catch((error: unknown) => {
    throw unreachable(error)
  })
  if (!response.ok) throw await problemOf(response)
  return ((await response.json()) as { users: User[] }).users
}

/** Signs in as a seeded user, or as whoever owns an email (a new applicant if unknown). */
export async function signInLocally(who: { userId: string } | { email: string }): Promise<User> {
  const response = await fetch('/api/dev-auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(who),
  }).catch((error: unknown) => {
    throw unreachable(error)
  })
  if (!response.ok) throw await problemOf(response)
  const { token, user } = (await response.json()) as { token: string; user: User }
  startSession(token, user)
  return user
}

// — Cognito hosted UI —

const PKCE_KEY = 'challenge-fund.pkce'

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)))
const redirectUri = () => `${window.location.origin}${CALLBACK_PATH}`

export async function startCognitoSignIn(auth: Cognito, next: string | undefined) {
  const verifier = randomString()
  const state = randomString()
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, next }))
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))))
  const url = new URL('/oauth2/authorize', auth.domain)
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid email profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString()
  window.location.assign(url.href)
}

/** Exchanges the code Cognito sent back for an ID token; returns where to go next. */
export async function finishCognitoSignIn(auth: Cognito, query: URLSearchParams): Promise<string | undefined> {
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as {
    verifier: string
    state: string
    next?: string
  } | null
  sessionStorage.removeItem(PKCE_KEY)
  if (query.get('error')) throw new Error(query.get('error_description') ?? 'Signing in was cancelled.')
  const code = query.get('code')
  if (!saved || !code || query.get('state') !== saved.state)
    throw new Error('This sign-in did not start in this browser tab, or has already been used. Start again.')
  const response = await fetch(new URL('/oauth2/token', auth.domain), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: saved.verifier,
    }),
  })
  if (!response.ok) throw new Error('Cognito did not accept the sign-in. Start again.')
  const { id_token: idToken } = (await response.json()) as { id_token: string }
  startSession(idToken, userFromIdToken(idToken))
  // The name people gave us (PUT /me/details) replaces the one their sign-in made up.
  await call(api.me.$get()).then(
    (me) => startSession(idToken, me),
    () => undefined,
  )
  return saved.next
}

export async function signOut() {
  endSession()
  const config = await getConfig().catch(() => undefined)
  if (config?.auth.mode === 'cognito') {
    const url = new URL('/logout', config.auth.domain)
    url.search = new URLSearchParams({
      client_id: config.auth.clientId,
      logout_uri: `${window.location.origin}/`,
    }).toString()
    window.location.assign(url.href)
    return
  }
  navigate('/')
}
