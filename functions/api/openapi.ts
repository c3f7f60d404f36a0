// Helpers that keep route declarations short: a router with our validation hook,
// response shapes, and the "who may call" line every route states.
import { OpenAPIHono } from '@hono/zod-openapi'
import type { z } from 'zod'
import { Problem } from '../../shared/schemas/common.js'
import type { Env } from './env.js'
import { validationHook } from './problem.js'

export const router = () => new OpenAPIHono<Env>({ defaultHook: validationHook })

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

const problemDescriptions = {
  400: 'The request is malformed; `errors` names each field',
  401: 'Not signed in, or the token is not valid',
  403: 'Signed in, but the role may not do this',
  404: 'Does not exist, or is not visible to the caller (the two are indistinguishable)',
  409: 'Changed by someone else, or not possible in the current state',
  413: 'Too large',
  422: 'Well-formed, but a rule says no; `errors` names each field',
} as const

type ProblemStatus = keyof typeof problemDescriptions

export const problems = <S extends ProblemStatus>(...statuses: S[]) =>
  Object.fromEntries(
    statuses.map((status) => [status, { content: { 'application/problem+json': { schema: Problem } }, description: problemDescriptions[status] }]),
  ) as unknown as Record<S, { content: { 'application/problem+json': { schema: typeof Problem } }; description: string }>

/** The first line of every route's description: who may call it. */
export const access = {
  anyone: 'Who may call: anyone, signed in or not.',
  anyoneDraftsManagers: 'Who may call: anyone; drafts are visible to programme managers only (others get 404).',
  signedIn: 'Who may call: any signed-in user.',
  manager: 'Who may call: programme managers.',
} as const

export const bearer = [{ bearer: [] }]
