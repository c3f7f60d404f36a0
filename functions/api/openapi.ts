// Routes are plain Hono chains (so `hc<AppType>` infers them) carrying two tagged
// middlewares: `doc()` says what the route is and who may call it, `valid()` validates a
// request part with a shared zod schema. The OpenAPI document is read back off the
// routes themselves, so it cannot drift from what they validate.
import { zValidator } from '@hono/zod-validator'
import type { Hono, MiddlewareHandler } from 'hono'
import * as z from 'zod/mini'
import { Problem } from '../../shared/schemas/common.js'
import type { Budget } from '../db/rate-limits-repo.js'
import type { Env } from './env.js'
import { defaultWriteLimits, describeBudget, writeFlow } from './middleware/rate-limit.js'
import { validationHook } from './problem.js'

type ResponseDoc = { description: string; schema?: z.ZodMiniType; problem?: boolean; csv?: boolean }

export type RouteDoc = {
  summary: string
  /** Starts with the "Who may call" line from `access`. */
  description: string
  /** Needs a bearer token. */
  signedIn?: boolean
  /** Request headers the route reads, by name; optional unless the schema refuses `undefined`. */
  headers?: Record<string, z.ZodMiniType>
  responses: Record<number, ResponseDoc>
}

type Target = 'json' | 'query' | 'param'
const DOC = Symbol('route doc')
const INPUT = Symbol('route input')

/** Documents a route; does nothing at request time. */
export function doc(meta: RouteDoc): MiddlewareHandler<Env> {
  return Object.assign(async (_c: unknown, next: () => Promise<void>) => next(), { [DOC]: meta })
}

/** Validates one part of the request; failures become a 400 problem naming each field. */
export function valid<T extends Target, S extends z.ZodMiniType>(target: T, schema: S) {
  return Object.assign(zValidator(target, schema, validationHook), { [INPUT]: { target, schema } })
}

export const ok = (schema: z.ZodMiniType, description: string): ResponseDoc => ({ schema, description })

/** A `text/csv` download (UTF-8 with a byte-order mark). */
export const csvFile = (description: string): ResponseDoc => ({ csv: true, description })

const problemDescriptions = {
  400: 'The request is malformed; `errors` names each field',
  401: 'Not signed in, or the token is not valid',
  403: 'Signed in, but the role may not do this',
  404: 'Does not exist, or is not visible to the caller (the two are indistinguishable)',
  409: 'Changed by someone else, or not possible in the current state',
  413: 'Too large',
  422: 'Well-formed, but a rule says no; `errors` names each field',
} as const

export const problems = (...statuses: (keyof typeof problemDescriptions)[]): Record<number, ResponseDoc> =>
  Object.fromEntries(statuses.map((status) => [status, { description: problemDescriptions[status], problem: true }]))

/** The first line of every route's description: who may call it. */
export const access = {
  anyone: 'Who may call: anyone, signed in or not.',
  anyoneDraftsManagers: 'Who may call: anyone; drafts are visible to programme managers only (others get 404).',
  signedIn: 'Who may call: any signed-in user.',
  manager: 'Who may call: programme managers.',
  managerElse404:
    'Who may call: programme managers (anyone else signed in gets the same 404 as a competition that does not exist).',
  applicant: 'Who may call: applicants.',
  panellist: 'Who may call: panellists.',
  seated: 'Who may call: panellists who have accepted a place on this competition’s panel (anyone else gets 404).',
  problemOwner: 'Who may call: problem owners a programme manager has invited.',
  ownerOrManager:
    'Who may call: the problem owner who proposed it, and programme managers (anyone else gets the same 404 as a problem that does not exist).',
  stakeholder:
    'Who may call: anyone holding the link from a round’s invitation email (the pseudonym and token in it); any other gets the same 404 as a round that does not exist.',
  managerOrSeated:
    'Who may call: programme managers, and panellists who have accepted a place on this competition’s panel (other panellists get 404).',
} as const

/** For every write that shapes a decision (scores, moderation, conflicts, the rubric, pitch slots, the decisions themselves). */
export const lockedOnceReleased =
  '409 once a release of decisions is scheduled or made (until a scheduled one is cancelled): what the panel decided is what applicants are told.'
/** Every signed-in write counts against the caller's budget for its flow (middleware/rate-limit.ts). */
const tooManyRequests = (budget: Budget) => ({
  description: `Your budget for this kind of change is spent (${describeBudget(budget)} per person); nothing was changed. Retry-After says when to try again.`,
  headers: {
    'Retry-After': { description: 'Seconds until the budget renews', schema: { type: 'integer', minimum: 1 } },
  },
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
})

type Operation = { method: string; path: string; doc?: RouteDoc; inputs: { target: Target; schema: z.ZodMiniType }[] }

/** Builds the OpenAPI 3.1 document from the routes of `app` (mounted at `/api`). */
export function buildOpenApiDocument(app: Hono<Env>, info: { title: string; version: string; description: string }) {
  const operations = new Map<string, Operation>()
  for (const route of app.routes) {
    const key = `${route.method} ${route.path}`
    const op = operations.get(key) ?? { method: route.method.toLowerCase(), path: route.path, inputs: [] }
    const tagged = route.handler as unknown as { [DOC]?: RouteDoc; [INPUT]?: Operation['inputs'][number] }
    if (tagged[DOC]) op.doc = tagged[DOC]
    if (tagged[INPUT]) op.inputs.push(tagged[INPUT])
    operations.set(key, op)
  }

  // Every schema with an id (`meta(schema, { id })`, shared/schemas/meta.ts) is a component; unnamed request and response
  // bodies are named after their operation and join them.
  const ref = (schema: z.ZodMiniType, fallbackId: string) => {
    let id = z.globalRegistry.get(schema)?.id
    if (!id) {
      id = fallbackId
      z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), id })
    }
    return { $ref: `#/components/schemas/${id}` }
  }
  const inline = (schema: z.ZodMiniType) => strip(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }))

  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of operations.values()) {
    if (!op.doc) continue
    const name = operationName(op.method, op.path)
    const parameters = op.inputs
      .filter((input) => input.target !== 'json')
      .flatMap(({ target, schema }) =>
        Object.entries((schema as unknown as z.ZodMiniObject).shape).map(([param, field]) => {
          const { description, ...fieldSchema } = inline(field as z.ZodMiniType) as { description?: string }
          return {
            name: param,
            in: target === 'param' ? 'path' : 'query',
            required: target === 'param' || !(field as z.ZodMiniType).safeParse(undefined).success,
            schema: fieldSchema,
            ...(description ? { description } : {}),
          }
        }),
      )
    for (const [header, schema] of Object.entries(op.doc.headers ?? {})) {
      const { description, ...headerSchema } = inline(schema) as { description?: string }
      parameters.push({
        name: header,
        in: 'header',
        required: !schema.safeParse(undefined).success,
        schema: headerSchema,
        ...(description ? { description } : {}),
      })
    }
    const body = op.inputs.find((input) => input.target === 'json')
    const responses = Object.fromEntries(
      Object.entries(op.doc.responses).map(([status, response]) => [
        status,
        {
          description: response.description,
          ...(response.problem
            ? { content: { 'application/problem+json': { schema: ref(Problem, 'Problem') } } }
            : response.csv
              ? { content: { 'text/csv': { schema: { type: 'string' } } } }
              : response.schema
                ? { content: { 'application/json': { schema: ref(response.schema, `${name}Response`) } } }
                : {}),
        },
      ]),
    )
    const flow = op.doc.signedIn ? writeFlow(op.method, `/api${op.path}`) : undefined
    if (flow) responses[429] = tooManyRequests(defaultWriteLimits[flow])
    const openApiPath = op.path.replace(/:(\w+)/g, '{$1}')
    paths[openApiPath] ??= {}
    paths[openApiPath][op.method] = {
      operationId: name,
      summary: op.doc.summary,
      description: op.doc.description,
      ...(op.doc.signedIn ? { security: [{ bearer: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: ref(body.schema, `${name}Request`) } },
            },
          }
        : {}),
      responses,
    }
  }

  // Requests are what clients send, so the document shows the input side of each schema.
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Record<string, unknown>> }
  for (const schema of Object.values(schemas)) strip(schema)

  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/api' }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito ID token in the cloud; locally, one from POST /api/dev-auth/token.',
        },
      },
    },
  }
}

/** Drops JSON Schema document keywords that mean nothing inside an OpenAPI document. */
function strip<T extends Record<string, unknown>>(schema: T): T {
  delete schema.$schema
  delete schema.$id
  return schema
}

/** "get /competitions/:competitionId/items" → "getCompetitionsCompetitionIdItems" */
function operationName(method: string, path: string) {
  const words = path.split(/[/:{}-]+/).filter(Boolean)
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')
}
