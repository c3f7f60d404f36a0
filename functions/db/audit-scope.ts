// Who is changing what, for the audit trail: a scope opened around a mutating request (or a
// scheduled run) that the write layer reads when it commits, so no route says it is audited.
import { AsyncLocalStorage } from 'node:async_hooks'

export type AuditScope = {
  /** The signed-in user's id, or `system` for a schedule or the public (e.g. an email confirmation). */
  actorId: string
  /** `manager`, `panellist`, `applicant`, `public` or `system`. */
  role: string
  /** What was done: the route (`POST /competitions/:id/awards`) or the scheduled job's name. */
  action: string
  /** The competition the route names, when it names one; otherwise the items written say. */
  competitionId?: string
  /** The app's clock (tests move it), for the entry's `at`. */
  now?: () => Date
}

const store = new AsyncLocalStorage<AuditScope>()

/** Runs `work` with `scope` as the one every write inside it is recorded under. */
export function withAuditScope<T>(scope: AuditScope, work: () => T): T {
  return store.run(scope, work)
}

/** The scope open now; outside one (a seed, a script) a write is recorded as the system's. */
export const currentAuditScope = (): AuditScope =>
  store.getStore() ?? { actorId: 'system', role: 'system', action: 'unscoped write' }
