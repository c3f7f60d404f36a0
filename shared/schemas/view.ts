// Views: what leaves the API is built from a schema that lists what it shows, so a field
// stored later stays private until a view lists it. `project` copies exactly the fields a
// view lists from a value core has already parsed from storage, without validating it a
// second time; anything it cannot walk field by field (a union, a transform) it parses.
import * as z from 'zod/mini'

export function project<S extends z.ZodMiniType>(view: S, value: unknown): z.output<S> {
  return walk(view, value) as z.output<S>
}

function walk(schema: z.ZodMiniType, value: unknown): unknown {
  if (schema instanceof z.ZodMiniObject && isRecord(value)) {
    const out: Record<string, unknown> = {}
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodMiniType>)) {
      const inner = value[key]
      if (inner !== undefined) out[key] = walk(field, inner)
    }
    return out
  }
  if (schema instanceof z.ZodMiniArray && Array.isArray(value))
    return value.map((item) => walk(schema.def.element as z.ZodMiniType, item))
  if (schema instanceof z.ZodMiniOptional || schema instanceof z.ZodMiniNullable) {
    return value === null ? null : walk(schema.def.innerType as z.ZodMiniType, value)
  }
  // A plain value, already parsed from storage by core, goes out as it is.
  if (isLeaf(schema) && typeof value !== 'object') return value
  // Unions, records, pipes and anything else: parsed whole (which also strips unlisted keys).
  return schema.parse(value)
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const isLeaf = (schema: z.ZodMiniType) =>
  schema instanceof z.ZodMiniString ||
  schema instanceof z.ZodMiniNumber ||
  schema instanceof z.ZodMiniBoolean ||
  schema instanceof z.ZodMiniEnum ||
  schema instanceof z.ZodMiniLiteral
