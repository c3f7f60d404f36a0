// Building blocks every schema uses: ids, instants, money, pages, problems.
import * as z from 'zod/mini'
import { meta } from './meta.js'

/** ULIDs: 26 Crockford base-32 characters, sortable by creation time. */
export const Id = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an id as issued by this service'))
export type Id = z.infer<typeof Id>

/** A UTC instant as ISO 8601 with a zone ("2021-11-01T12:00:00.000Z"). */
export const IsoInstant = z.pipe(
  z.iso.datetime({ offset: true, message: 'must be a date and time in ISO 8601 with a zone' }),
  // One form in storage ("…T12:00:00.000Z"), so instants sort and compare as strings.
  z.transform((s) => new Date(s).toISOString()),
)
export type IsoInstant = z.infer<typeof IsoInstant>

/** Largest amount the platform handles: £100 million. */
export const MAX_PENCE = 10_000_000_000

export const Pence = z
  .number({ message: 'must be a whole number of pence' })
  .check(
    z.int('must be a whole number of pence'),
    z.minimum(0, 'must not be negative'),
    z.maximum(MAX_PENCE, 'must be at most £100,000,000'),
  )

/** Trimmed single-line text with a length limit. */
export const Line = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(max, `must be at most ${max} characters`),
    z.refine((s) => !/[\r\n]/.test(s), 'must be on one line'),
  )

/** Trimmed multi-line text with a length limit. */
export const Text = (max: number) => z.string().check(z.trim(), z.maxLength(max, `must be at most ${max} characters`))

/** Web addresses people may follow: http(s) only, never javascript: or data:. */
export const WebUrl = z
  .url({ protocol: /^https?$/, message: 'must be a web address starting with https:// or http://' })
  .check(z.maxLength(2000, 'must be at most 2000 characters'))

export const Cursor = z
  .string()
  .check(z.maxLength(2000), z.regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor from a previous page'))

export const PageQuery = z.object({
  cursor: z.optional(Cursor),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
})

export const page = <T extends z.ZodMiniType>(item: T) =>
  z.object({
    items: z.array(item),
    /** Pass as `cursor` to get the next page; absent on the last page. */
    nextCursor: z.optional(z.string()),
  })

export type Page<T> = { items: T[]; nextCursor?: string }

/** One offending field of a request. `field` is a dotted path ("timeline.eoiClosesAt"). */
export const FieldError = z.object({ field: z.string(), message: z.string() })
export type FieldError = z.infer<typeof FieldError>

/** RFC 9457 problem details, the body of every error response. */
export const Problem = meta(
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().check(z.int()),
    detail: z.optional(z.string()),
    errors: z.optional(z.array(FieldError)),
  }),
  { id: 'Problem', description: 'RFC 9457 problem details (application/problem+json).' },
)
export type Problem = z.infer<typeof Problem>

export const Role = z.enum(['manager', 'panellist', 'applicant', 'problemOwner'])
export type Role = z.infer<typeof Role>

// Messages people can act on, the same in the browser and the API: each completes a sentence
// that starts with the field's name ("title must be at most 120 characters"). Every kind of
// issue has one here; zod/mini carries no locale of its own.
const sizes: Record<string, [verb: string, one: string, many: string]> = {
  string: ['be', 'character', 'characters'],
  array: ['have', 'item', 'items'],
  set: ['have', 'item', 'items'],
  file: ['be', 'byte', 'bytes'],
}
const formats: Record<string, string> = {
  email: 'an email address',
  url: 'a web address',
  uuid: 'a UUID',
  datetime: 'a date and time in ISO 8601',
  date: 'a date as YYYY-MM-DD',
}
/** The sender's values, quoted and bounded: the list may be theirs, and long. */
const listed = (values: readonly unknown[]) =>
  values
    .slice(0, 10)
    .map((value) => JSON.stringify(value))
    .join(', ') + (values.length > 10 ? ` and ${values.length - 10} more` : '')

z.config({
  customError: (issue) => {
    switch (issue.code) {
      case 'invalid_type': {
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
      case 'unrecognized_keys': {
        // Named, but bounded: the keys are the sender's, and there may be thousands of them.
        const named = issue.keys.slice(0, 10).map((key) => (key.length > 60 ? `${key.slice(0, 60)}…` : key))
        return `has fields we do not accept: ${named.join(', ')}${issue.keys.length > 10 ? ` and ${issue.keys.length - 10} more` : ''}`
      }
      case 'too_big':
      case 'too_small': {
        const big = issue.code === 'too_big'
        const limit = big ? issue.maximum : issue.minimum
        const bound = issue.exact
          ? 'exactly'
          : issue.inclusive === false
            ? big
              ? 'under'
              : 'over'
            : big
              ? 'at most'
              : 'at least'
        const [verb, one, many] = sizes[issue.origin] ?? ['be', '', '']
        return `must ${verb} ${bound} ${limit}${Number(limit) === 1 ? ` ${one}` : many ? ` ${many}` : ''}`.trimEnd()
      }
      case 'invalid_value':
        return issue.values.length === 1 ? `must be ${listed(issue.values)}` : `must be one of ${listed(issue.values)}`
      case 'invalid_format':
        if (issue.format === 'starts_with') return `must start with "${(issue as { prefix?: string }).prefix}"`
        if (issue.format === 'ends_with') return `must end with "${(issue as { suffix?: string }).suffix}"`
        return formats[issue.format] ? `must be ${formats[issue.format]}` : 'is not in the form expected'
      case 'not_multiple_of':
        return `must be a multiple of ${issue.divisor}`
      case 'invalid_union':
        return 'does not match any of the forms accepted'
      case 'invalid_key':
      case 'invalid_element':
        return `has a ${issue.code === 'invalid_key' ? 'key' : 'value'} that is not valid`
      default:
        return 'is not valid'
    }
  },
})
