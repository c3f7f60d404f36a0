// SES bounce and complaint notifications, from the configuration set's event destination (an
// SNS topic): each permanent bounce or complaint suppresses the address and marks its outbox
// message undeliverable (functions/adapters/ses-feedback.ts, which the local mailbox runs too).
// A poison message (not JSON, not a bounce or complaint, too large) is logged and skipped: SNS
// invokes Lambda asynchronously, so throwing would only retry it. A storage error is thrown, so
// Lambda retries the invocation; recording is idempotent, so records already done are no-ops.
import type { Context, SNSEvent } from 'aws-lambda'
import { readEnv } from '../core/env.js'
import { log, withLogger } from '../core/log.js'
import { createDb } from '../db/client.js'
import { recordSnsEvent } from '../adapters/ses-feedback.js'

/** Read once at cold start; a misconfigured function fails loudly here. */
export const env = readEnv({ TABLE_NAME: 3 })

const ctx = { db: createDb({ tableName: env.TABLE_NAME }), now: () => new Date() }

export const handler = (event: SNSEvent, context?: Partial<Pick<Context, 'awsRequestId'>>): Promise<void> =>
  withLogger(log.child({ requestId: context?.awsRequestId }), () => recordSnsEvent(ctx, event))
