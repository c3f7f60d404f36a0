// Building blocks every schema uses: ids, instants, money, pages, problems.
import * as z from 'zod'

/** ULIDs: 26 Crockford base-32 characters, sortable by creation time. */
export const Id = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an id as issued by this service')
export type Id = z.infer<typeof Id>

/** A UTC instant as ISO 8601 with a zone ("2021-11-01T12:00:00.000Z"). */
export const IsoInstant = z.iso
  .datetime({ offset: true, message: 'must be a date and time in ISO 8601 with a zone' })
  // One form in storage ("…T12:00:00.000Z"), so instants sort and compare as strings.
  .transform((s) => new Date(s).toISOString())
export type IsoInstant = z.infer<typeof IsoInstant>

/** Largest amount the platform handles: £100 million. */
export const MAX_PENCE = 10_000_000_000

export const Pence = z
  .number({ message: 'must be a whole number of pence' })
  .int('must be a whole number of pence')
  .min(0, 'must not be negative')
  .max(MAX_PENCE, 'must be at most £100,000,000')

/** Trimmed single-line text with a length limit. */
export const Line = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !/[\r\n]/.test(s), 'must be on one line')

/** Trimmed multi-line text with a length limit. */
export const Text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`)

/** Web addresses people may follow: http(s) only, never javascript: or data:. */
export const WebUrl = z
  .url({ protocol: /^https?$/, message: 'must be a web address starting with https:// or http://' })
  .max(2000, 'must be at most 2000 characters')

export const Cursor = z
  .string()
  .max(2000)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor from a previous page')

export const PageQuery = z.object({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    /** Pass as `cursor` to get the next page; absent on the last page. */
    nextCursor: z.string().optional(),
  })

export type Page<T> = { items: T[]; nextCursor?: string }

/** One offending field of a request. `field` is a dotted path ("timeline.eoiClosesAt"). */
export const FieldError = z.object({ field: z.string(), message: z.string() })
export type FieldError = z.infer<typeof FieldError>

/** RFC 9457 problem details, the body of every error response. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(FieldError).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json).' })
export type Problem = z.infer<typeof Problem>

export const Role = z.enum(['manager', 'panellist', 'applicant'])
export type Role = z.infer<typeof Role>

// Messages people can act on, the same in the browser and the API.
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type') {
      if (issue.input === undefined) return 'is required'
      const expected: Record<string, string> = {
        string: 'text',
        number: 'a number',
        int: 'a whole number',
        boolean: 'true or false',
        array: 'a list',
        object: 'an object',
      }
      return `must be ${expected[issue.expected] ?? issue.expected}`
    }
    if (issue.code === 'unrecognized_keys') {
      // Named, but bounded: the keys are the sender's, and there may be thousands of them.
      const named = issue.keys.slice(0, 10).map((key) => (key.length > 60 ? `${key.slice(0, 60)}…` : key))
      return `has fields we do not accept: ${named.join(', ')}${issue.keys.length > 10 ? ` and ${issue.keys.length - 10} more` : ''}`
    }
    return undefined
  },
})
