// Who is signed in, as the API sees them.
import * as z from 'zod'
import { Line, Role } from './common.js'

export const User = z
  .object({ id: z.string().min(1).max(128), email: z.email(), name: z.string(), role: Role })
  .meta({ id: 'User' })
export type User = z.infer<typeof User>

/** What people tell us about themselves: the name shown to programme managers beside what they send. */
export const YourDetails = z
  .object({
    name: Line(120).meta({ description: 'Your full name, as you would like the programme team to address you.' }),
  })
  .strict()
  .meta({ id: 'YourDetails' })
export type YourDetails = z.infer<typeof YourDetails>

/** How the web signs people in: the local development issuer, or Cognito's hosted UI. */
export const AuthConfig = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('local') }),
    z.object({ mode: z.literal('cognito'), domain: z.string(), clientId: z.string() }),
  ])
  .meta({ id: 'AuthConfig' })
export type AuthConfig = z.infer<typeof AuthConfig>

export const PublicConfig = z.object({ auth: AuthConfig }).meta({ id: 'PublicConfig' })
export type PublicConfig = z.infer<typeof PublicConfig>
