// Who is signed in, as the API sees them.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Line, Role } from './common.js'

export const User = meta(
  z.object({ id: z.string().check(z.minLength(1), z.maxLength(128)), email: z.email(), name: z.string(), role: Role }),
  { id: 'User' },
)
export type User = z.infer<typeof User>

/** What people tell us about themselves: the name shown to programme managers beside what they send. */
export const YourDetails = meta(
  z.strictObject({
    name: meta(Line(120), { description: 'Your full name, as you would like the programme team to address you.' }),
  }),
  { id: 'YourDetails' },
)
export type YourDetails = z.infer<typeof YourDetails>

/** How the web signs people in: the local development issuer, or Cognito's hosted UI. */
export const AuthConfig = meta(
  z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('local') }),
    z.object({ mode: z.literal('cognito'), domain: z.string(), clientId: z.string() }),
  ]),
  { id: 'AuthConfig' },
)
export type AuthConfig = z.infer<typeof AuthConfig>

export const PublicConfig = meta(z.object({ auth: AuthConfig }), { id: 'PublicConfig' })
export type PublicConfig = z.infer<typeof PublicConfig>
