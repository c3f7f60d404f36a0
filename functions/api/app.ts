// The Hono app: mounts the route modules under /api, authenticates, maps every error
// to problem+json, and serves the OpenAPI document and readable docs. The Lambda
// handler and the local server both build it with createApp; only their deps differ.
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { secureHeaders } from 'hono/secure-headers'
import { NotFound, TooLarge } from '../core/errors.js'
import { renderDocs } from './docs.js'
import type { Deps, Env } from './env.js'
import { auditScope } from './middleware/audit-scope.js'
import { authenticate } from './middleware/auth.js'
import { requireOriginHeader } from './middleware/origin-verify.js'
import { limitWrites } from './middleware/rate-limit.js'
import { requestLog } from './middleware/request-log.js'
import { buildOpenApiDocument } from './openapi.js'
import { onError, problemResponse, toProblem } from './problem.js'
import { applicationFiles, applications } from './routes/applications.js'
import { assessing } from './routes/assessing.js'
import { audit } from './routes/audit.js'
import { awards } from './routes/awards.js'
import { challenges } from './routes/challenges.js'
import { clarifications } from './routes/clarifications.js'
import { competitions } from './routes/competitions.js'
import { dataPack } from './routes/data-pack.js'
import { diSurvey } from './routes/di-survey.js'
import { exportsRoutes } from './routes/exports.js'
import { events } from './routes/events.js'
import { feedback } from './routes/feedback.js'
import { form } from './routes/form.js'
import { funnel } from './routes/funnel.js'
import { grantList } from './routes/grant-list.js'
import { grantProgramme } from './routes/grant-programme.js'
import { grantPayments } from './routes/grant-payments.js'
import { grantReports } from './routes/grant-reports.js'
import { grants } from './routes/grants.js'
import { grantChanges } from './routes/grant-changes.js'
import { health } from './routes/health.js'
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
  .route('/', audit)

export type AppType = typeof api

export function openApiDocument() {
  return buildOpenApiDocument(api, {
    title: 'Challenge Fund API',
    version: '1.0.0',
    description:
      'Challenge-led seed funding competitions. Errors are application/problem+json (RFC 9457) with `errors` naming each offending field. Money is integer pence; times are UTC ISO 8601, shown in Europe/London. Every answer names its request id in `X-Request-Id`: quote it when reporting a problem.',
  })
}

const MAX_BODY_BYTES = 1024 * 1024

export function createApp(deps: Deps) {
  const app = new Hono<Env>()
  app.use('/api/*', requestLog(deps.log))
  if (deps.originSecret) app.use('/api/*', requireOriginHeader(deps.originSecret))
  app.use('/api/*', secureHeaders({ crossOriginResourcePolicy: 'same-origin' }))
  app.use('/api/*', async (c, next) => {
    await next()
    // API answers are per-user and live: never cache them in a browser or CDN.
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store')
  })
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new TooLarge(
          'The request body is larger than 1 MB. Files go straight to storage through an upload address.',
        )
      },
    }),
  )
  app.use(
    '/api/*',
    createMiddleware<Env>(async (c, next) => {
      c.set('deps', deps)
      await next()
    }),
  )
  app.use('/api/*', authenticate)
  app.use('/api/*', limitWrites)
  app.use('/api/*', auditScope)
  app.route('/api', api)

  let document: ReturnType<typeof openApiDocument> | undefined
  const getDocument = () => (document ??= openApiDocument())
  app.get('/api/openapi.json', (c) => c.json(getDocument(), 200))
  app.get('/api/docs', (c) =>
    c.html(renderDocs(getDocument() as Parameters<typeof renderDocs>[0]), 200, {
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    }),
  )

  app.notFound((c) =>
    problemResponse(
      c,
      toProblem(new NotFound('route', `There is no ${c.req.method} ${c.req.path} in this API. See /api/docs.`)),
    ),
  )
  app.onError(onError)
  return app
}

export type App = ReturnType<typeof createApp>
