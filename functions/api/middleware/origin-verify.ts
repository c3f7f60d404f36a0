// In the cloud, only CloudFront may call the API: it adds a secret header to every /api/*
// request on its way to the HTTP API, and a request without it (someone calling the
// execute-api endpoint directly, around the WAF) is refused before any other work.
// Locally there is no CloudFront, so the check is only mounted when a secret is configured.
import { timingSafeEqual } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import { Forbidden } from '../../core/errors.js'

/** The header CloudFront's /api/* origin adds (infra/stacks/web-stack.ts). */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify'

export function requireOriginHeader(secret: string) {
  const expected = Buffer.from(secret)
  return createMiddleware(async (c, next) => {
    const sent = Buffer.from(c.req.header(ORIGIN_VERIFY_HEADER) ?? '')
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      throw new Forbidden('Call the API through the site’s own address, not the API Gateway endpoint.')
    }
    return next()
  })
}
