// The Hono app: registers every route under /api from the route table (loading a route
// module on its first request), authenticates, maps every error to problem+json, and serves
// the OpenAPI document and readable docs. The Lambda handler and the local server both build
// it with createApp; only their deps differ.
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { secureHeaders } from 'hono/secure-headers'
import { NotFound, TooLarge } from '../core/errors.js'
import type { Deps, Env } from './env.js'
import { auditScope } from './middleware/audit-scope.js'
import { authenticate } from './middleware/auth.js'
import { requireOriginHeader } from './middleware/origin-verify.js'
import { limitWrites } from './middleware/rate-limit.js'
import { requestLog } from './middleware/request-log.js'
import { onError, problemResponse, toProblem } from './problem.js'
import { routeModules, routeTable, type RouteModule } from './route-table.js'
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
  const serve = lazyRouteModules()
  for (const [method, path, module] of routeTable) app.on(method, `/api${path}`, serve(module))

  // The document describes every route, so it loads them all: on its first request, not at start.
  let document: Promise<OpenApiDocument> | undefined
  const getDocument = () => (document ??= import('./api.js').then((m) => m.openApiDocument()))
  app.get('/api/openapi.json', async (c) => c.json(await getDocument(), 200))
  app.get('/api/docs', async (c) => {
    const [{ renderDocs }, document] = await Promise.all([import('./docs.js'), getDocument()])
    return c.html(renderDocs(document as Parameters<typeof renderDocs>[0]), 200, {
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    })
  })

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

type OpenApiDocument = ReturnType<typeof import('./api.js').openApiDocument>

/**
 * A handler per route module that loads the module on its first request (each is its own chunk in
 * the Lambda bundle) and hands the request to it, inside this app's middleware: the module's app
 * sees the same deps and user, and its errors reach this app's onError.
 */
function lazyRouteModules() {
  const apps = new Map<RouteModule, Promise<Hono<Env>>>()
  const load = (module: RouteModule) => {
    let loaded = apps.get(module)
    if (!loaded) {
      loaded = routeModules[module]().then((exports) => {
        const inner = new Hono<Env & { Bindings: { outer: Context<Env> } }>()
        inner.use(async (c, next) => {
          c.set('deps', c.env.outer.var.deps)
          c.set('user', c.env.outer.var.user)
          await next()
        })
        for (const routes of Object.values(exports)) if (routes instanceof Hono) inner.route('/api', routes)
        inner.onError((error) => {
          throw error
        })
        return inner as unknown as Hono<Env>
      })
      // A failed load (a deploy mid-flight) is tried again on the next request, not remembered.
      loaded.catch(() => apps.delete(module))
      apps.set(module, loaded)
    }
    return loaded
  }
  return (module: RouteModule) => async (c: Context<Env>) => {
    const inner = await load(module)
    return inner.fetch(c.req.raw, { outer: c })
  }
}
