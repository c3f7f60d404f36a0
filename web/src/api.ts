// The API client: `hc` typed by the server's routes (types only; no server code is
// bundled), the signed-in user's token on every request, and one way to read answers:
// the body of a success, or an ApiError carrying the problem+json details.
import { hc, type ClientResponse } from 'hono/client'
import type { AppType } from '../../functions/api/api.js'
import type { FieldError, Problem } from '../../shared/schemas/common.js'
import type { PublicConfig } from '../../shared/schemas/user.js'
import { currentSession, endSession } from './session.js'

export const api = hc<AppType>('/api', {
  headers: (): Record<string, string> => {
    const current = currentSession()
    return current ? { Authorization: `Bearer ${current.token}` } : {}
  },
})

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title)
  }
  get status() {
    return this.problem.status
  }
  get errors(): FieldError[] {
    return this.problem.errors ?? []
  }
  /** The slug of the problem type: "version-conflict", "publish-blocked", … */
  get code() {
    return this.problem.type.split('#problem-')[1] ?? ''
  }
}

type AnyResponse = ClientResponse<unknown, number, string>

/** What a successful answer carries: 200/201 bodies; nothing for 204. */
export type Ok<R> =
  R extends ClientResponse<infer T, infer S, string>
    ? S extends 200 | 201
      ? T
      : S extends 204
        ? undefined
        : never
    : never

/** Awaits an `api` call; returns its success body or throws an ApiError. */
export async function call<R extends AnyResponse>(request: Promise<R>): Promise<Ok<R>> {
  const response = await request.catch((error: unknown) => {
    throw unreachable(error)
  })
  if (response.ok) return (response.status === 204 ? undefined : await response.json()) as Ok<R>
  throw await problemOf(response)
}

/** Reads a failed response as a problem, whatever the server sent. */
export async function problemOf(response: Pick<Response, 'status' | 'headers' | 'text'>): Promise<ApiError> {
  const text = await response.text().catch(() => '')
  let problem: Problem | undefined
  if (/json/.test(response.headers.get('content-type') ?? '')) {
    try {
      problem = JSON.parse(text) as Problem
    } catch {
      problem = undefined
    }
  }
  problem ??= {
    type: 'about:blank',
    title: response.status >= 500 ? 'Something went wrong on our side' : 'The request was refused',
    status: response.status,
    detail: text.slice(0, 300) || `The server answered ${response.status}.`,
  }
  // A token the API no longer accepts: sign out here too, so the header tells the truth.
  if (problem.status === 401 && currentSession()) endSession('Your sign-in has expired. Sign in again to carry on.')
  return new ApiError(problem)
}

export function unreachable(error: unknown): ApiError {
  return new ApiError({
    type: 'about:blank',
    title: 'The service could not be reached',
    status: 0,
    detail: `Check your connection and try again.${error instanceof Error ? ` (${error.message})` : ''}`,
  })
}

let config: Promise<PublicConfig> | undefined

/** How this deployment signs people in; read once. */
export function getConfig(): Promise<PublicConfig> {
  config ??= call(api.config.$get()).catch((error: unknown) => {
    config = undefined
    throw error
  })
  return config
}

/** A problem as one readable sentence, for places with no form to point at. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail ?? error.problem.title
  return error instanceof Error ? error.message : String(error)
}
