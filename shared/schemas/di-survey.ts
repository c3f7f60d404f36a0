// The anonymous diversity and inclusion survey. Answers are stored apart from anything that
// names an applicant, with no time or order; they are counted once, after the EOI window and
// every extension have closed, and published with small counts (and any that would give one
// away by subtraction) suppressed.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { diQuestions } from '../di-questions.js'

export { diQuestions }

export type DiQuestionId = (typeof diQuestions)[number]['id']
export const DiQuestionId = z.enum(diQuestions.map((q) => q.id) as [DiQuestionId, ...DiQuestionId[]])

/** Answers by question id; any may be left out. */
export const DiSurveyResponse = meta(
  z.strictObject({ answers: z.record(z.string().check(z.maxLength(40)), z.string().check(z.maxLength(40))) }),
  { id: 'DiSurveyResponse' },
)
export type DiSurveyResponse = z.infer<typeof DiSurveyResponse>

/** A count under this is never published. */
export const SMALL_NUMBER = 5

/**
 * A published count: exact from 5 up, or "suppressed" — under 5, or hidden as well so that no
 * hidden count can be worked out by subtracting the others from the total.
 */
export const ShownCount = z.union([z.number().check(z.int(), z.minimum(SMALL_NUMBER)), z.literal('suppressed')])
export type ShownCount = z.infer<typeof ShownCount>

export const DiSurveyPublished = meta(
  z.object({
    status: z.literal('published'),
    publishedAt: z.iso.datetime(),
    respondents: ShownCount,
    questions: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        options: z.array(z.object({ id: z.string(), label: z.string(), count: ShownCount })),
        /** Respondents who left this question unanswered: part of the row, so suppressed like any count. */
        notAnswered: ShownCount,
      }),
    ),
  }),
  { id: 'DiSurveyPublished' },
)
export type DiSurveyPublished = z.infer<typeof DiSurveyPublished>

/** Before publication nothing is counted: only when the results can be published. */
export const DiSurveyCollecting = meta(
  z.object({
    status: z.literal('collecting'),
    /** The latest close: the EOI deadline or an extension running past it. Absent while the competition has no deadline. */
    availableAfter: z.optional(z.iso.datetime()),
  }),
  { id: 'DiSurveyCollecting' },
)
export type DiSurveyCollecting = z.infer<typeof DiSurveyCollecting>

export const DiSurveyResults = meta(z.discriminatedUnion('status', [DiSurveyCollecting, DiSurveyPublished]), {
  id: 'DiSurveyResults',
})
export type DiSurveyResults = z.infer<typeof DiSurveyResults>
