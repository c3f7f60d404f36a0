// Typed domain errors. Core throws them; the API's one error mapper turns them into
// RFC 9457 problem details. Nothing here knows about HTTP beyond the status it suggests.
import type { FieldError } from '../../shared/schemas/common.js'

export abstract class DomainError extends Error {
  abstract readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429
  /** Stable slug, the last part of the problem type URI. */
  abstract readonly code: string
  abstract readonly title: string
  constructor(
    readonly detail: string,
    readonly fields?: FieldError[],
  ) {
    super(detail)
  }
}

/** The request itself is malformed: wrong types, missing or oversized fields. */
export class ValidationFailed extends DomainError {
  readonly status = 400
  readonly code = 'validation'
  readonly title = 'Some of what was sent is not valid'
  constructor(fields: FieldError[], detail = describeFields(fields)) {
    super(detail, fields)
  }
}

/** Well-formed, but a rule of the domain says no (e.g. publishing an incomplete competition). */
export class RuleViolated extends DomainError {
  readonly status = 422
  readonly code = 'rule-violated'
  readonly title = 'That is not allowed'
  constructor(detail: string, fields?: FieldError[]) {
    super(detail, fields)
  }
}

export class PublishBlocked extends DomainError {
  readonly status = 422
  readonly code = 'publish-blocked'
  readonly title = 'The competition is not ready to publish'
  constructor(missing: FieldError[]) {
    super(
      `Publishing needs ${missing.length} more thing${missing.length === 1 ? '' : 's'}: ${missing.map((m) => m.message).join('; ')}`,
      missing,
    )
  }
}

/** Absent, or not visible to this caller: both look the same from outside. */
export class NotFound extends DomainError {
  readonly status = 404
  readonly code = 'not-found'
  readonly title = 'Not found'
  constructor(what: string, detail = `No ${what} with that id exists, or you cannot see it.`) {
    super(detail)
  }
}

export class Unauthenticated extends DomainError {
  readonly status = 401
  readonly code = 'unauthenticated'
  readonly title = 'Sign in needed'
  constructor(detail = 'Sign in to do this.') {
    super(detail)
  }
}

export class Forbidden extends DomainError {
  readonly status = 403
  readonly code = 'forbidden'
  readonly title = 'Not allowed for your role'
  constructor(detail: string) {
    super(detail)
  }
}

/** Someone else changed it first: re-read and try again. */
export class VersionConflict extends DomainError {
  readonly status = 409
  readonly code = 'version-conflict'
  readonly title = 'Changed by someone else'
  constructor(what: string, currentVersion?: number) {
    super(
      `This ${what} was changed since you opened it${currentVersion === undefined ? '' : ` (it is now at version ${currentVersion})`}. Reload it, check the changes and try again.`,
      [{ field: 'version', message: 'is out of date' }],
    )
  }
}

/** The thing is in a state that does not allow this (e.g. deleting a published competition). */
export class StateConflict extends DomainError {
  readonly status = 409
  readonly code = 'state-conflict'
  readonly title = 'Not possible in its current state'
  constructor(detail: string, fields?: FieldError[]) {
    super(detail, fields)
  }
}

/** Too late: the deadline (shown in Europe/London) has passed. */
export class DeadlinePassed extends DomainError {
  readonly status = 422
  readonly code = 'deadline-passed'
  readonly title = 'The deadline has passed'
  constructor(deadlineInLondon: string) {
    super(`The deadline was ${deadlineInLondon}. Expressions of interest can no longer be changed or submitted.`, [
      { field: 'deadline', message: `passed at ${deadlineInLondon}` },
    ])
  }
}

export class TooLarge extends DomainError {
  readonly status = 413
  readonly code = 'too-large'
  readonly title = 'Too large'
  constructor(detail: string) {
    super(detail)
  }
}

/** How many offending fields a problem lists; a body with 60,000 bad keys must not answer with all of them. */
export const MAX_LISTED_FIELDS = 50
const MAX_DESCRIBED_FIELDS = 10

/** A per-user budget is spent: come back after `retryAfterSeconds` (sent as Retry-After). */
export class TooManyRequests extends DomainError {
  readonly status = 429
  readonly code = 'too-many-requests'
  readonly title = 'Too many requests'
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail)
  }
}

function describeFields(fields: FieldError[]): string {
  const described = fields
    .slice(0, MAX_DESCRIBED_FIELDS)
    .map((f) => (f.field ? `${f.field} ${f.message}` : f.message))
    .join('; ')
  if (fields.length <= MAX_DESCRIBED_FIELDS) return described
  const listed = Math.min(fields.length, MAX_LISTED_FIELDS)
  return `${described}; and ${(fields.length - MAX_DESCRIBED_FIELDS).toLocaleString('en-GB')} more (${fields.length.toLocaleString('en-GB')} in all; errors lists the first ${listed})`
}
