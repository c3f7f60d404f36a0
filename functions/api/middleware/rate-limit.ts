// Per-user budgets on every signed-in write (POST, PUT, PATCH, DELETE), by flow, counted in
// the table so they hold across Lambda instances. A spent budget is a 429 problem+json with
// Retry-After. Reads and the public are not counted here (CloudFront's WAF rate rule is).
import { createMiddleware } from 'hono/factory'
import { TooManyRequests } from '../../core/errors.js'
import type { Budget } from '../../db/rate-limits-repo.js'
import type { Env } from '../env.js'

export type WriteFlow = 'clarification-question' | 'draft-save' | 'write'
export type WriteLimits = Record<WriteFlow, Budget>

/** Generous for real use (autosave every few seconds, a manager working quickly), not for a script. */
export const defaultWriteLimits: WriteLimits = {
  'clarification-question': { requests: 10, windowSeconds: 3600 },
  'draft-save': { requests: 120, windowSeconds: 60 },
  write: { requests: 120, windowSeconds: 60 },
}

const flows: { flow: WriteFlow; method: string; path: RegExp }[] = [
  { flow: 'clarification-question', method: 'POST', path: /^\/api\/competitions\/[^/]+\/clarifications$/ },
  { flow: 'draft-save', method: 'PATCH', path: /^\/api\/applications\/[^/]+$/ },
]

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The flow a write belongs to (its budget); undefined for reads. */
export function writeFlow(method: string, path: string): WriteFlow | undefined {
  const m = method.toUpperCase()
  if (!WRITES.has(m)) return undefined
  return flows.find((f) => f.method === m && f.path.test(path))?.flow ?? 'write'
}

const windowNames: Record<number, string> = { 60: 'minute', 3600: 'hour', 86400: 'day' }

/** "10 every hour", for the docs and the 429's detail. */
export const describeBudget = ({ requests, windowSeconds }: Budget) =>
  `${requests} every ${windowNames[windowSeconds] ?? `${windowSeconds} seconds`}`

export const limitWrites = createMiddleware<Env>(async (c, next) => {
  const user = c.var.user
  const flow = user && writeFlow(c.req.method, c.req.path)
  if (!user || !flow) return next()
  const budget = (c.var.deps.writeLimits ?? defaultWriteLimits)[flow]
  // Loaded by the first write (with the write layer): reads, most cold requests, never need it.
  const { takeFromBudget } = await import('../../db/rate-limits-repo.js')
  const taken = await takeFromBudget(c.var.deps.db, user.id, flow, budget, c.var.deps.now())
  if (!taken.ok) {
    throw new TooManyRequests(
      `You have made the most changes of this kind allowed (${describeBudget(budget)}). Nothing was changed; try again in ${taken.retryAfterSeconds} seconds.`,
      taken.retryAfterSeconds,
    )
  }
  return next()
})
