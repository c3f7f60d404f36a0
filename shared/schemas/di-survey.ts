// The anonymous diversity and inclusion survey. Answers are only ever added to counters:
// nothing stored links them to a person, an organisation or an application, not even the
// time or order they arrived. Managers see counts, with any below 5 shown as "fewer than 5".
import * as z from 'zod'
import { diQuestions } from '../di-questions.js'

export { diQuestions }

export type DiQuestionId = (typeof diQuestions)[number]['id']
export const DiQuestionId = z.enum(diQuestions.map((q) => q.id) as [DiQuestionId, ...DiQuestionId[]])

/** Answers by question id; any may be left out. */
export const DiSurveyResponse = z
  .object({ answers: z.record(z.string().max(40), z.string().max(40)) })
  .strict()
  .meta({ id: 'DiSurveyResponse' })
export type DiSurveyResponse = z.infer<typeof DiSurveyResponse>

/** Fewer than this many is shown as "fewer than 5", never as a number. */
export const SMALL_NUMBER = 5

/** A count as a manager may see it: exact from 5 up, otherwise "fewer than 5" (including none). */
export const ShownCount = z.union([z.number().int().min(SMALL_NUMBER), z.literal('fewer than 5')])
export type ShownCount = z.infer<typeof ShownCount>

export const showCount = (count: number): ShownCount => (count >= SMALL_NUMBER ? count : 'fewer than 5')

export const DiSurveyAggregate = z
  .object({
    respondents: ShownCount,
    questions: z.array(
      z.object({ id: z.string(), label: z.string(), options: z.array(z.object({ id: z.string(), label: z.string(), count: ShownCount })) }),
    ),
  })
  .meta({ id: 'DiSurveyAggregate' })
export type DiSurveyAggregate = z.infer<typeof DiSurveyAggregate>
