// What the API document says about a schema (its id, description, examples), kept in zod's
// global registry, from which functions/api/openapi.ts builds the document.
import * as z from 'zod/mini'

/**
 * A copy of `schema` carrying `data`, as classic zod's `.meta()` makes: the original is left as
 * it was (so a shared building block is not renamed everywhere it is used), and the copy has no
 * extra check, so it can still be picked from, extended or omitted from.
 */
export function meta<T extends z.ZodMiniType>(schema: T, data: z.core.GlobalMeta): T {
  const copy = schema.clone()
  z.globalRegistry.add(copy, data)
  return copy
}
