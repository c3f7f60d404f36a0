// The Hono environment: what each request carries (dependencies and the caller).
import type { PublicConfig, User } from '../../shared/schemas/user.js'
import type { CheckpointStore } from '../core/audit/checkpoint-store.js'
import type { Ctx } from '../core/context.js'
import type { OpenDataConfig } from '../core/open-data/config.js'
import type { Logger } from '../core/log.js'
import type { SignInAccounts } from '../core/users/erasure.js'
import type { UserDirectory } from './middleware/auth.js'
import type { WriteLimits } from './middleware/rate-limit.js'

/** Verifies a bearer token and says who it belongs to; throws if it is not valid. */
export type TokenVerifier = (token: string) => Promise<User>

export type Deps = Ctx & {
  verifier: TokenVerifier
  /** The account behind a token as it is now (cached briefly): a token outlives a deletion or demotion. */
  users: UserDirectory
  /** Refuse a manager account with no active second factor (the cloud). */
  managersNeedMfa?: boolean
  /** What the web needs to know about this deployment (how to sign in). */
  config: PublicConfig
  /** Per-user write budgets; omitted, the defaults in middleware/rate-limit.ts. */
  writeLimits?: WriteLimits
  /** In the cloud, the secret CloudFront sends in x-origin-verify; requests without it are refused. */
  originSecret?: string
  /** Who publishes the 360Giving open data, under which prefix; omitted, read from OPEN_DATA_* (core/open-data/config.ts). */
  openData?: OpenDataConfig
  /** Where the audit chains' daily checkpoints are kept (S3 with Object Lock; a folder locally): verify reads the last. */
  checkpoints?: CheckpointStore
  /** Disables an erased person's sign-in (Cognito in the cloud); locally the user item's `erasedAt` does it. */
  accounts?: SignInAccounts
  /** Where the app's log lines go (each request's carries its id); omitted, the process's logger. */
  log?: Logger
}

export type Env = { Variables: { deps: Deps; user: User | undefined } }
