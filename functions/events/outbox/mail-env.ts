// The environment both outbox deliverers (the stream mailer and the scheduled sweeper) need:
// one schema, so the stack cannot configure one of them differently from the other.
import * as z from 'zod'

export const OutboxMailEnv = z.object({
  TABLE_NAME: z.string().min(3),
  /** The verified SES identity (or an address of a verified domain) emails come from. */
  MAIL_FROM: z.email(),
  /** Set by the Lambda runtime. */
  AWS_REGION: z.string().min(1),
})
export type OutboxMailEnv = z.infer<typeof OutboxMailEnv>
