// Every API route, eagerly: for the client's types (`hc<AppType>`), the OpenAPI document and the
// route table (route-table.ts, generated from these modules). The app loads each route module
// only when a request first needs it (app.ts), so nothing here is on a cold start's path.
import { Hono } from 'hono'
import type { Env } from './env.js'
import { buildOpenApiDocument } from './openapi.js'
import { applicationFiles, applications } from './routes/applications.js'
import { assessing } from './routes/assessing.js'
import { audit } from './routes/audit.js'
import { awards } from './routes/awards.js'
import { challenges } from './routes/challenges.js'
import { clarifications } from './routes/clarifications.js'
import { competitions } from './routes/competitions.js'
import { dataPack } from './routes/data-pack.js'
import { dataRights } from './routes/data-rights.js'
import { deliverability } from './routes/deliverability.js'
import { diSurvey } from './routes/di-survey.js'
import { exportsRoutes } from './routes/exports.js'
import { events } from './routes/events.js'
import { feedback } from './routes/feedback.js'
import { form } from './routes/form.js'
import { funnel } from './routes/funnel.js'
import { matching } from './routes/matching.js'
import { grantList } from './routes/grant-list.js'
import { grantProgramme } from './routes/grant-programme.js'
import { grantPayments } from './routes/grant-payments.js'
import { grantReports } from './routes/grant-reports.js'
import { grants } from './routes/grants.js'
import { grantChanges } from './routes/grant-changes.js'
import { health } from './routes/health.js'
import { intake } from './routes/intake.js'
import { openData } from './routes/open-data.js'
import { organisations } from './routes/organisations.js'
import { panel } from './routes/panel.js'
import { tasks } from './routes/tasks.js'

/** Every API route, chained so `hc<AppType>('/api')` infers paths, inputs and outputs. */
export const api = new Hono<Env>()
  .route('/', health)
  .route('/', competitions)
  .route('/', challenges)
  .route('/', dataPack)
  .route('/', form)
  .route('/', organisations)
  .route('/', applications)
  .route('/', applicationFiles)
  .route('/', clarifications)
  .route('/', diSurvey)
  .route('/', assessing)
  .route('/', panel)
  .route('/', awards)
  .route('/', grants)
  .route('/', grantList)
  .route('/', grantProgramme)
  .route('/', grantPayments)
  .route('/', grantChanges)
  .route('/', grantReports)
  .route('/', feedback)
  .route('/', openData)
  .route('/', exportsRoutes)
  .route('/', tasks)
  .route('/', events)
  .route('/', funnel)
  .route('/', matching)
  .route('/', audit)
  .route('/', intake)
  .route('/', dataRights)
  .route('/', deliverability)

export type AppType = typeof api

export function openApiDocument() {
  return buildOpenApiDocument(api, {
    title: 'Challenge Fund API',
    version: '1.0.0',
    description:
      'Challenge-led seed funding competitions. Errors are application/problem+json (RFC 9457) with `errors` naming each offending field. Money is integer pence; times are UTC ISO 8601, shown in Europe/London. Every answer names its request id in `X-Request-Id`: quote it when reporting a problem.',
  })
}
