// PLACEHOLDER for merge: the real handler (marking bounced and complained-about addresses) is
// written on the wt-opsapp branch and replaces this file. It exists only so the infra stacks
// can bundle the entry point `functions/events/ses-feedback.ts` on this branch.
import type { SNSEvent } from 'aws-lambda'
import { readEnv } from '../core/env.js'
import { log } from '../core/log.js'

export const env = readEnv({ TABLE_NAME: 3 })

export const handler = async (event: SNSEvent): Promise<void> => {
  log.info('SES feedback received (placeholder)', { records: event.Records.length, table: env.TABLE_NAME })
}
