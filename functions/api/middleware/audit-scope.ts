// Every mutating request runs inside an audit scope naming who (user id, role) and what (the
// route), so each write it commits is recorded on the competition's chain by the write layer,
// whichever route module made it: no route says it is audited.
import { createMiddleware } from 'hono/factory'
import { matchedRoutes } from 'hono/route'
import { withAuditScope } from '../../core/audit/scope.js'
import type { Env } from '../env.js'

const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

export const auditScope = createMiddleware<Env>(async (c, next) => {
  if (READS.has(c.req.method)) return next()
  const user = c.var.user
  // The matched route's pattern (ids stay out of the action): the last handler registered for
  // this method, not a middleware (`use`, method ALL) such as the local server's catch-all.
  const route =
    matchedRoutes(c)
      .filter((r) => r.method !== 'ALL')
      .at(-1)?.path ?? 'unmatched'
  const action = `${c.req.method} ${route.replace(/^\/api/, '')}`
  const competitionId = /^\/api\/competitions\/([^/]{1,64})(\/|$)/.exec(c.req.path)?.[1]
  await withAuditScope(
    {
      actorId: user?.id ?? 'public',
      role: user?.role ?? 'public',
      action,
      competitionId: competitionId && decodeURIComponent(competitionId),
      now: c.var.deps.now,
    },
    next,
  )
})
