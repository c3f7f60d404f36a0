// Where the CDK app finds the rest of the repository. Resolved from this file, not the
// working directory, so `cdk synth`, vitest and the bench agree wherever they run from.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const fromRoot = (relative: string) => fileURLToPath(new URL(`../${relative}`, import.meta.url))

export const paths = {
  repoRoot: fromRoot(''),
  /** The Hono app's Lambda entry (exports `handler`). */
  apiEntry: fromRoot('functions/api/lambda.ts'),
  /** The outbox mailer's Lambda entry: a DynamoDB Streams consumer (exports `handler`). */
  outboxMailerEntry: fromRoot('functions/events/outbox-mailer.ts'),
  /** The outbox sweeper's Lambda entry: run on a schedule, sends what is still pending (exports `handler`). */
  outboxSweeperEntry: fromRoot('functions/events/outbox-sweeper.ts'),
  /** The release scheduler's Lambda entry: run every minute, releases scheduled decisions and feedback (exports `handler`). */
  releaseSchedulerEntry: fromRoot('functions/events/release-scheduler.ts'),
  /** The offer lapser's Lambda entry: run on a schedule, lapses offers not accepted by their date (exports `handler`). */
  offerLapserEntry: fromRoot('functions/events/offer-lapser.ts'),
  /** The check-in opener's Lambda entry: run on a schedule, emails grantees when a check-in opens (exports `handler`). */
  checkInOpenerEntry: fromRoot('functions/events/check-in-opener.ts'),
  /** The grant reminders' Lambda entry: run on a schedule, emails grantees whose milestone report is due or overdue (exports `handler`). */
  grantRemindersEntry: fromRoot('functions/events/grant-reminders.ts'),
  /** The events run's Lambda entry: hourly, reminds registrants the day before and deletes personal data past retention (exports `handler`). */
  eventRemindersEntry: fromRoot('functions/events/event-reminders.ts'),
  /** The EOI retention sweep's Lambda entry: daily, erases unsuccessful applicants' EOIs past their retention period (exports `handler`). */
  eoiRetentionEntry: fromRoot('functions/events/eoi-retention.ts'),
  /** The SES feedback handler's Lambda entry: bounce and complaint notifications from SNS mark the address (exports `handler`). */
  sesFeedbackEntry: fromRoot('functions/events/ses-feedback.ts'),
  /** The audit chainer's Lambda entry: run every minute, chains pending audit intents (exports `handler`). */
  auditChainerEntry: fromRoot('functions/events/audit-chainer.ts'),
  /** The audit checkpointer's Lambda entry: run daily, checkpoints each chain's head to S3 (exports `handler`). */
  auditCheckpointerEntry: fromRoot('functions/events/audit-checkpointer.ts'),
  /** Output of `npm run build:web`; absent on a fresh clone. */
  webDist: fromRoot('web/dist'),
}

/** web/dist if it has been built, otherwise undefined (the web stack then deploys no files). */
export const builtWebDist = (): string | undefined => (existsSync(paths.webDist) ? paths.webDist : undefined)
