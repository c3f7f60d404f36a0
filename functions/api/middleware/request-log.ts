// Every API request runs with a logger carrying its id, so each line written while it is
// handled (the route, core, an adapter, the 500 mapper) can be joined to it. In the cloud the
// id is API Gateway's (the `requestId` of its access log); locally a fresh UUID. The answer
// names it in X-Request-Id, so a person reporting a problem can quote it.
import { randomUUID } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import { log, withLogger, type Logger } from '../../core/log.js'

export const REQUEST_ID_HEADER = 'X-Request-Id'

/** hono/aws-lambda passes the event's request context as the env; the local server passes none. */
type LambdaBindings = { requestContext?: { requestId?: unknown } } | undefined

export function requestLog(logger: Logger = log) {
  return createMiddleware(async (c, next) => {
    const fromGateway = (c.env as LambdaBindings)?.requestContext?.requestId
    const requestId = typeof fromGateway === 'string' && fromGateway ? fromGateway : randomUUID()
    await withLogger(logger.child({ requestId }), next)
    c.header(REQUEST_ID_HEADER, requestId)
  })
}
