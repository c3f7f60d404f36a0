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
import { recordSesNotification } from '../adapters/ses-feedback.js'

/** Read once at cold start; a misconfigured function fails loudly here. */
export const env = readEnv({ TABLE_NAME: 3 })

const ctx = { db: createDb({ tableName: env.TABLE_NAME }), now: () => new Date() }

export const handler = (event: SNSEvent, context?: Partial<Pick<Context, 'awsRequestId'>>): Promise<void> =>
  withLogger(log.child({ requestId: context?.awsRequestId }), async () => {
    for (const record of event.Records ?? []) {
      const result = await recordSesNotification(ctx, record.Sns?.Message)
      // No addresses in the log: the SNS message id finds the notification.
      if (!result.recorded && result.why !== 'not-permanent')
        log.warn('SES notification skipped', { snsMessageId: record.Sns?.MessageId, why: result.why })
      else log.info('SES notification recorded', { snsMessageId: record.Sns?.MessageId, ...result })
    }
  })
