// Assembles the app: eight stacks wired through props, in deployment order. bin/app.ts calls
// this for `cdk synth`/`deploy`; the infra tests call it to synthesise the same app.
import { Fn, Tags, Validations, type App } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { readConfig } from './config.js'
import { builtWebDist } from './paths.js'
import { ApiStack } from './stacks/api-stack.js'
import { NodeFunction } from './constructs/node-function.js'
import { AuditStack, chainRate, checkpointRate } from './stacks/audit-stack.js'
import { AuthStack } from './stacks/auth-stack.js'
import { DataStack } from './stacks/data-stack.js'
import { EdgeStack } from './stacks/edge-stack.js'
import {
  EventsStack,
  checkInOpenRate,
  eoiRetentionRate,
  lapseRate,
  releaseRate,
  remindRate,
  sweepRate,
} from './stacks/events-stack.js'
import { MonitoringStack } from './stacks/monitoring-stack.js'
import { WebStack } from './stacks/web-stack.js'

export type ChallengeFundOptions = {
  /** The built web app to upload; pass undefined to upload nothing. @default web/dist when it exists, otherwise nothing */
  webDistPath?: string
  /** Register cdk-nag AwsSolutions as a synth-time validation plugin. @default true */
  nag?: boolean
}

export function createChallengeFund(app: App, options: ChallengeFundOptions = {}) {
  const config = readConfig(app)
  const name = (part: string) => `challenge-fund-${config.stage}-${part}`
  const common = config.env ? { env: config.env } : {}

  const data = new DataStack(app, name('data'), {
    ...common,
    description: 'Challenge Fund: table, uploaded files and logs (retained)',
    // The site's origin is not known before the distribution exists (it is created later,
    // in the web stack), so CORS admits CloudFront-served pages unless a custom domain is set.
    siteOrigins: config.siteDomain ? [`https://${config.siteDomain.domainName}`] : ['https://*.cloudfront.net'],
    backupRetentionDays: config.backupRetentionDays,
    ...(config.restoredTable ? { restoredTable: config.restoredTable } : {}),
    // The stateful stack: outside dev, CloudFormation refuses to delete it at all.
    terminationProtection: config.stage !== 'dev',
  })

  const auth = new AuthStack(app, name('auth'), {
    ...common,
    description: 'Challenge Fund: Cognito user pool, role groups and hosted sign-in',
    domainPrefix: config.cognitoDomainPrefix,
  })
  const cognitoDomainUrl = auth.domain.baseUrl()

  // CloudFront's WAF must live in us-east-1, whatever region the rest deploys to.
  const edge = new EdgeStack(app, name('edge'), {
    env: { account: config.env?.account, region: 'us-east-1' },
    description: 'Challenge Fund: WAF web ACL for CloudFront (us-east-1)',
  })

  const web = new WebStack(app, name('web'), {
    ...common,
    description: 'Challenge Fund: CloudFront site, HTTP API endpoint and web app client',
    userPool: auth.userPool,
    cognitoDomainUrl,
    filesBucket: data.filesBucket,
    logsBucket: data.logsBucket,
    webDistPath: 'webDistPath' in options ? options.webDistPath : builtWebDist(),
    webAclArn: Fn.getStackOutput(edge.stackName, EdgeStack.webAclArnOutput, 'us-east-1'),
    ...(config.siteDomain ? { siteDomain: config.siteDomain } : {}),
  })

  web.addDependency(edge, 'CloudFront uses the web ACL')

  // Emails link back to the site, so the API and the scheduled functions need its address. It
  // is the web stack's (a custom domain from config, else the distribution's generated
  // domain, known only once deployed): passed as a cross-stack reference rather than kept in
  // deploy config (which cannot know the generated domain) or an SSM parameter (a second
  // place to keep in step). No cycle: the web stack deploys first and refers to neither
  // stack; the distribution's domain never changes while it exists, so the export is stable.
  const api = new ApiStack(app, name('api'), {
    ...common,
    description: 'Challenge Fund: API Lambda and its route',
    table: data.appTable,
    surveyTable: data.surveyTable,
    filesBucket: data.filesBucket,
    filesObjectAccess: data.filesObjectAccess,
    userPool: auth.userPool,
    userPoolClient: web.userPoolClient,
    cognitoDomainUrl,
    httpApi: web.httpApi,
    publicUrl: web.siteUrl,
    originSecret: web.originSecret,
    auditKey: data.auditKey,
    auditCheckpoints: data.auditCheckpoints,
    auditCheckpointsRead: data.auditCheckpointsRead,
  })

  // The data stack's table feeds it, and the web stack's address goes into its emails' links;
  // it deploys (and rolls back) apart from the API.
  const events = new EventsStack(app, name('events'), {
    ...common,
    description:
      'Challenge Fund: outbox mailer (table stream to SES), its failure queue, and the scheduled outbox sweeper',
    table: data.appTable,
    mailFrom: config.mailFrom,
    publicUrl: web.siteUrl,
  })

  // The audit trail's chainer and daily checkpointer (the data stack keeps the key and the bucket).
  const audit = new AuditStack(app, name('audit'), {
    ...common,
    description: 'Challenge Fund: audit chainer and daily checkpoints of the audit chains',
    table: data.appTable,
    auditKey: data.auditKey,
    checkpointBucket: data.auditCheckpoints,
    checkpointsWrite: data.auditCheckpointsWrite,
  })

  // Every function writes its business metrics (Embedded Metric Format) to the stage's namespace.
  const metricsNamespace = `ChallengeFund/${config.stage}`
  const functions = app.node.findAll().filter((c): c is NodeFunction => c instanceof NodeFunction)
  for (const fn of functions) fn.fn.addEnvironment('METRICS_NAMESPACE', metricsNamespace)

  // Alarms and the dashboard, over everything above; deployed last.
  const monitoring = new MonitoringStack(app, name('monitoring'), {
    ...common,
    description: 'Challenge Fund: alarms (to an SNS topic) and the operations dashboard',
    metricsNamespace,
    ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    httpApi: web.httpApi,
    tables: { Table: data.appTable, SurveyTable: data.surveyTable },
    functions,
    scheduledJobs: [
      { fn: events.releaser, rate: releaseRate },
      { fn: events.sweeper, rate: sweepRate },
      { fn: events.lapser, rate: lapseRate },
      { fn: events.checkInOpener, rate: checkInOpenRate },
      { fn: events.reminder, rate: remindRate },
      { fn: events.eventRun, rate: remindRate },
      { fn: events.eoiRetention, rate: eoiRetentionRate },
      { fn: audit.chainer, rate: chainRate },
      { fn: audit.checkpointer, rate: checkpointRate },
    ],
    deadLetterQueues: { OutboxMailerFailures: events.mailerFailures, SesFeedbackFailures: events.sesFeedbackFailures },
  })

  Tags.of(app).add('project', 'challenge-fund')
  Tags.of(app).add('stage', config.stage)

  if (options.nag ?? true) {
    // Synth fails on any unacknowledged AwsSolutions finding (errors and warnings alike).
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
  }

  return { config, data, auth, edge, web, api, events, audit, monitoring }
}
