// Deployment settings, read once from CDK context (cdk.json or `-c key=value`) and checked.
// Nothing here needs AWS credentials or lookups, so `cdk synth` works offline.
import { Aws, type App, type Environment } from 'aws-cdk-lib'
import type { SiteDomain } from './stacks/web-stack.js'

export type AppConfig = {
  /** Names this copy of the app (dev, staging, prod): stacks are <stage>-prefixed. */
  stage: string
  /** Hosted UI prefix; must be unique in the region across all AWS accounts. */
  cognitoDomainPrefix: string
  siteDomain?: SiteDomain
  /** The address outbox emails are sent from; its address or domain must be a verified SES identity. */
  mailFrom: string
  /** Who is emailed when an alarm fires or clears; unset: the alarm topic has no subscriber. */
  alarmEmail?: string
  /** How long the table's backups and the files bucket's noncurrent versions are kept, in days. */
  backupRetentionDays: number
  /** A table restored from a backup that the app uses instead of the data stack's own (README: Runbook). */
  restoredTable?: { tableName: string; tableStreamArn: string }
  /** Omitted: environment-agnostic stacks, deployable to whatever account/region the CLI uses. */
  env?: Environment
}

const slug = /^[a-z0-9-]+$/
/** One plain address (no display name): it names the SES identity the mailer may send as. */
const mailAddress = /^[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}$/
/** Seven years (7 × 365 + 2 leap days): what funders commonly require grant records be kept for. */
export const defaultBackupRetentionDays = 2557

export function readConfig(app: App): AppConfig {
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key)
    if (value === undefined || value === null || value === '') return undefined
    if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string, got ${JSON.stringify(value)}`)
    return value
  }

  const stage = context('stage') ?? 'dev'
  if (!slug.test(stage)) throw new Error(`Context "stage" must be lowercase letters, digits and hyphens: "${stage}"`)

  // Default: stage plus the account id, unique without anyone having to pick a name.
  const cognitoDomainPrefix = context('cognitoDomainPrefix') ?? `challenge-fund-${stage}-${Aws.ACCOUNT_ID}`
  if (context('cognitoDomainPrefix') && !slug.test(cognitoDomainPrefix)) {
    throw new Error(
      `Context "cognitoDomainPrefix" must be lowercase letters, digits and hyphens: "${cognitoDomainPrefix}"`,
    )
  }

  const domainName = context('siteDomainName')
  const certificateArn = context('siteCertificateArn')
  if (Boolean(domainName) !== Boolean(certificateArn)) {
    throw new Error('Context "siteDomainName" and "siteCertificateArn" go together: set both or neither')
  }

  // Default: no-reply at the site's domain if there is one, else a reserved .example address
  // that synthesises but cannot be verified, so a real deployment has to choose a sender.
  const mailFrom = context('mailFrom') ?? `no-reply@${domainName ?? 'challenge-fund.example'}`
  if (!mailAddress.test(mailFrom))
    throw new Error(`Context "mailFrom" must be one email address, e.g. no-reply@fund.example.org: "${mailFrom}"`)

  const alarmEmail = context('alarmEmail')
  if (alarmEmail !== undefined && !mailAddress.test(alarmEmail))
    throw new Error(`Context "alarmEmail" must be one email address, e.g. ops@fund.example.org: "${alarmEmail}"`)

  // A number in cdk.json, a string from `-c backupRetentionDays=3650`: either must be whole days.
  const retention: unknown = app.node.tryGetContext('backupRetentionDays') ?? defaultBackupRetentionDays
  const backupRetentionDays = typeof retention === 'string' && /^\d+$/.test(retention) ? Number(retention) : retention
  // AWS Backup keeps a recovery point for at least a day; a century is far past any funder's rule.
  if (typeof backupRetentionDays !== 'number' || !Number.isInteger(backupRetentionDays))
    throw new Error(`Context "backupRetentionDays" must be a whole number of days: ${JSON.stringify(retention)}`)
  if (backupRetentionDays < 1 || backupRetentionDays > 36500)
    throw new Error(`Context "backupRetentionDays" must be between 1 and 36500 days: ${backupRetentionDays}`)

  // After a point-in-time restore: the restored table (with its NEW_IMAGE stream turned on) that
  // every function switches to on the next deploy. The data stack keeps its own table (retained).
  const restoredTableName = context('tableName')
  const restoredStreamArn = context('tableStreamArn')
  if (Boolean(restoredTableName) !== Boolean(restoredStreamArn))
    throw new Error('Context "tableName" and "tableStreamArn" go together: set both or neither')
  if (restoredTableName && !/^[A-Za-z0-9_.-]{3,255}$/.test(restoredTableName))
    throw new Error(`Context "tableName" must be a DynamoDB table name: "${restoredTableName}"`)
  if (
    restoredTableName &&
    restoredStreamArn &&
    !restoredStreamArn.match(/^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/([^/]+)\/stream\/[^/]+$/)
  )
    throw new Error(
      `Context "tableStreamArn" must be the stream ARN of table "${restoredTableName}": "${restoredStreamArn}"`,
    )
  if (restoredStreamArn && restoredStreamArn.split('/')[1] !== restoredTableName)
    throw new Error(
      `Context "tableStreamArn" must be the stream ARN of table "${restoredTableName}": "${restoredStreamArn}"`,
    )

  const account = context('account')
  const region = context('region')
  return {
    stage,
    cognitoDomainPrefix,
    mailFrom,
    ...(alarmEmail ? { alarmEmail } : {}),
    backupRetentionDays,
    ...(restoredTableName && restoredStreamArn
      ? { restoredTable: { tableName: restoredTableName, tableStreamArn: restoredStreamArn } }
      : {}),
    ...(domainName && certificateArn ? { siteDomain: { domainName, certificateArn } } : {}),
    ...(account || region ? { env: { account, region } } : {}),
  }
}
