// The one error mapper: domain errors, validation failures and anything unexpected
// become RFC 9457 problem details. A 500 says nothing about internals.
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Problem } from '../../shared/schemas/common.js'
import { DomainError, MAX_LISTED_FIELDS, TooManyRequests, ValidationFailed } from '../core/errors.js'
import { log } from '../core/log.js'
import { Contended } from '../db/contended.js'

export const PROBLEM_TYPE_BASE = '/api/docs#problem-'

export function problemResponse(c: Context, problem: Problem): Response {
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    'Content-Type': 'application/problem+json',
  })
}

export function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) {
    return {
      type: PROBLEM_TYPE_BASE + error.code,
      title: error.title,
      status: error.status,
      detail: error.detail,
      ...(error.fields ? { errors: error.fields.slice(0, MAX_LISTED_FIELDS) } : {}),
    }
  }
  if (error instanceof Contended) {
    // DynamoDB kept cancelling the transaction for concurrent ones: a moment later it will go through.
    return {
      type: `${PROBLEM_TYPE_BASE}busy`,
      title: 'Busy: please try again',
      status: 503,
      detail:
        'Many changes arrived at once and this one could not be saved. Nothing was changed; try again in a moment.',
    }
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono raises these for malformed JSON, oversized bodies and the like.
    const status = error.status
    const detail = status === 413 ? 'The request body is too large.' : error.message || 'The request could not be read.'
    return {
      type: `${PROBLEM_TYPE_BASE}bad-request`,
      title: 'The request could not be read',
      status,
      detail,
      ...(status === 400
        ? { errors: [{ field: 'body', message: 'must be valid JSON sent with Content-Type: application/json' }] }
        : {}),
    }
  }
  return {
    type: `${PROBLEM_TYPE_BASE}internal`,
    title: 'Something went wrong on our side',
    status: 500,
    detail: 'The error has been logged. Please try again; if it keeps happening, contact the programme team.',
  }
}

export function onError(error: unknown, c: Context): Response {
  const problem = toProblem(error)
  if (error instanceof TooManyRequests) c.header('Retry-After', String(error.retryAfterSeconds))
  else if (problem.status === 503) c.header('Retry-After', '1')
  else if (problem.status >= 500)
    log.error('Request failed', {
      method: c.req.method,
      path: c.req.path,
      error,
      stack: error instanceof Error ? error.stack : undefined,
    })
  return problemResponse(c, problem)
}

/** Zod issues from any request part, named by their path ("timeline.eoiClosesAt"). */
export function validationHook(result: {
  success: boolean
  target: string
  error?: { issues: { path: PropertyKey[]; message: string }[] }
}) {
  if (result.success || !result.error) return
  throw new ValidationFailed(
    result.error.issues.map((issue) => ({
      field: issue.path.length ? issue.path.map(String).join('.') : result.target,
      message: issue.message,
    })),
  )
}
