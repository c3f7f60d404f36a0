// The EOI form: questions a programme manager sets per competition. Every form also asks,
// without a question for it, the amount requested, the themes addressed and the
// eligibility statements (see application.ts).
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { documentTypeList, MAX_DOCUMENT_BYTES } from '../files.js'
import { WORD_COUNT_RULE } from '../words.js'
import { Id, Line, Text } from './common.js'

export const QuestionKind = z.enum([
  'longText',
  'shortText',
  'singleChoice',
  'multipleChoice',
  'number',
  'url',
  'textOrVideo',
  'file',
])
export type QuestionKind = z.infer<typeof QuestionKind>

export const ChoiceOption = z.object({
  id: Line(40).check(z.regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and hyphens')),
  label: Line(200),
})
export type ChoiceOption = z.infer<typeof ChoiceOption>

const WordLimit = meta(z.number().check(z.int(), z.minimum(1), z.maximum(5000)), {
  description: `In words. ${WORD_COUNT_RULE}`,
})

const questionFields = {
  kind: QuestionKind,
  label: Line(300),
  help: Text(1000),
  required: z.boolean(),
  /** Where it comes on the form; ties keep the order questions were added. */
  position: z.number().check(z.int(), z.minimum(0), z.maximum(1000)),
  /** Long text and text-or-video: a soft limit warns, a hard limit blocks submission. */
  softWordLimit: z.optional(WordLimit),
  hardWordLimit: z.optional(WordLimit),
  /** Short text: characters. */
  maxLength: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1000))),
  /** Single and multiple choice. */
  options: z.optional(z.array(ChoiceOption).check(z.minLength(2), z.maxLength(30))),
  /** Number. */
  min: z.optional(z.number().check(z.minimum(-1e12), z.maximum(1e12))),
  max: z.optional(z.number().check(z.minimum(-1e12), z.maximum(1e12))),
  /** File: allowed types and size. */
  fileTypes: z.optional(z.array(z.enum(documentTypeList)).check(z.minLength(1))),
  maxFileBytes: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(MAX_DOCUMENT_BYTES))),
}

type QuestionShape = Partial<{ [K in keyof typeof questionFields]: z.infer<(typeof questionFields)[K]> }>

/** Which settings each kind takes; any other is a mistake worth naming. */
const settingsFor: Record<QuestionKind, (keyof QuestionShape)[]> = {
  longText: ['softWordLimit', 'hardWordLimit'],
  textOrVideo: ['softWordLimit', 'hardWordLimit'],
  shortText: ['maxLength'],
  singleChoice: ['options'],
  multipleChoice: ['options'],
  number: ['min', 'max'],
  url: [],
  file: ['fileTypes', 'maxFileBytes'],
}
const allSettings = [
  'softWordLimit',
  'hardWordLimit',
  'maxLength',
  'options',
  'min',
  'max',
  'fileTypes',
  'maxFileBytes',
] as const

/** Checks a question as a whole: settings that fit its kind, limits that make sense. */
export function questionProblems(q: QuestionShape): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = []
  if (!q.kind) return problems
  for (const setting of allSettings) {
    if (q[setting] !== undefined && !settingsFor[q.kind].includes(setting))
      problems.push({ path: setting, message: `does not apply to a ${q.kind} question` })
  }
  if (q.softWordLimit !== undefined && q.hardWordLimit !== undefined && q.softWordLimit > q.hardWordLimit) {
    problems.push({ path: 'softWordLimit', message: 'must not be more than the hard word limit' })
  }
  if ((q.kind === 'singleChoice' || q.kind === 'multipleChoice') && !q.options)
    problems.push({ path: 'options', message: 'is required for a choice question' })
  if (q.options && new Set(q.options.map((o) => o.id)).size !== q.options.length)
    problems.push({ path: 'options', message: 'must not repeat an option id' })
  if (q.min !== undefined && q.max !== undefined && q.min > q.max)
    problems.push({ path: 'min', message: 'must not be more than the maximum' })
  return problems
}

const checked = <T extends QuestionShape>(value: T, ctx: z.core.$RefinementCtx) => {
  for (const problem of questionProblems(value))
    ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message })
}

export const Question = meta(z.object({ id: Id, ...questionFields, version: z.number().check(z.int()) }), {
  id: 'Question',
})
export type Question = z.infer<typeof Question>

export const QuestionInput = meta(
  z
    .strictObject(z.partial(z.object(questionFields), { help: true, required: true, position: true }).shape)
    .check(z.superRefine(checked)),
  { id: 'QuestionInput' },
)
export type QuestionInput = z.infer<typeof QuestionInput>

/** Send the whole question as it should be (settings left out are removed), with its version. */
export const QuestionUpdate = meta(
  z
    .strictObject(
      z.partial(z.object({ ...questionFields, version: z.number().check(z.int(), z.minimum(1)) }), {
        help: true,
        required: true,
        position: true,
      }).shape,
    )
    .check(z.superRefine(checked)),
  { id: 'QuestionUpdate' },
)
export type QuestionUpdate = z.infer<typeof QuestionUpdate>

/**
 * Once the form is open, a change may only make it easier to answer: no question removed,
 * none made required, no limit tightened, no option taken away, no file type dropped.
 * Returns what the change would tighten.
 */
export function tightenings(
  before: Question,
  after: Omit<Question, 'id' | 'version'>,
): { path: string; message: string }[] {
  const found: { path: string; message: string }[] = []
  const tighter = (path: keyof QuestionShape, was: number | undefined, now: number | undefined, message: string) => {
    if (now !== undefined && (was === undefined || now < was)) found.push({ path, message })
  }
  if (after.kind !== before.kind) found.push({ path: 'kind', message: 'cannot change once the form is open' })
  if (after.required && !before.required)
    found.push({ path: 'required', message: 'cannot become required once the form is open' })
  tighter('softWordLimit', before.softWordLimit, after.softWordLimit, 'cannot be lowered once the form is open')
  tighter('hardWordLimit', before.hardWordLimit, after.hardWordLimit, 'cannot be lowered once the form is open')
  tighter('maxLength', before.maxLength, after.maxLength, 'cannot be lowered once the form is open')
  tighter('maxFileBytes', before.maxFileBytes, after.maxFileBytes, 'cannot be lowered once the form is open')
  if (after.min !== undefined && (before.min === undefined || after.min > before.min))
    found.push({ path: 'min', message: 'cannot be raised once the form is open' })
  if (after.max !== undefined && (before.max === undefined || after.max < before.max))
    found.push({ path: 'max', message: 'cannot be lowered once the form is open' })
  const keptOptions = new Set((after.options ?? []).map((o) => o.id))
  if (before.options?.some((o) => !keptOptions.has(o.id)))
    found.push({ path: 'options', message: 'cannot lose an option once the form is open' })
  // No list means every document type is allowed.
  if (after.fileTypes && (!before.fileTypes || before.fileTypes.some((t) => !after.fileTypes!.includes(t)))) {
    found.push({ path: 'fileTypes', message: 'cannot lose a file type once the form is open' })
  }
  return found
}
