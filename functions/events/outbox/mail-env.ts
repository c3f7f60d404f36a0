// The environment both outbox deliverers (the stream mailer and the scheduled sweeper) need:
// one set of rules, so the stack cannot configure one of them differently from the other.
import type { EnvRule } from '../../core/env.js'

export const outboxMailEnv = {
  TABLE_NAME: 3,
  /** The verified SES identity (or an address of a verified domain) emails come from. */
  MAIL_FROM: 'email',
  /** Set by the Lambda runtime. */
  AWS_REGION: 1,
} satisfies Record<string, EnvRule>
