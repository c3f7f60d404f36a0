// The anonymous diversity and inclusion survey. Answers are only ever added to counters:
// nothing stored links them to a person, an organisation or an application, not even the
// time or order they arrived. Managers see counts, with any below 5 shown as "fewer than 5".
import * as z from 'zod'

const PREFER_NOT = { id: 'prefer-not-to-say', label: 'Prefer not to say' }

export const diQuestions = [
  {
    id: 'ageBand',
    label: 'Your age',
    options: [
      { id: 'under-25', label: 'Under 25' },
      { id: '25-34', label: '25 to 34' },
      { id: '35-44', label: '35 to 44' },
      { id: '45-54', label: '45 to 54' },
      { id: '55-64', label: '55 to 64' },
      { id: '65-plus', label: '65 or over' },
      PREFER_NOT,
    ],
  },
  {
    id: 'gender',
    label: 'Your gender',
    options: [
      { id: 'woman', label: 'Woman' },
      { id: 'man', label: 'Man' },
      { id: 'non-binary', label: 'Non-binary' },
      { id: 'another', label: 'In another way' },
      PREFER_NOT,
    ],
  },
  {
    id: 'ethnicity',
    label: 'Your ethnic group',
    options: [
      { id: 'asian', label: 'Asian or Asian British' },
      { id: 'black', label: 'Black, Black British, Caribbean or African' },
      { id: 'mixed', label: 'Mixed or multiple ethnic groups' },
      { id: 'white', label: 'White' },
      { id: 'other', label: 'Another ethnic group' },
      PREFER_NOT,
    ],
  },
  {
    id: 'disability',
    label: 'Do you consider yourself to have a disability or long-term health condition?',
    options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }, PREFER_NOT],
  },
  {
    id: 'caring',
    label: 'Do you look after or support someone because of their health, disability or age?',
    options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }, PREFER_NOT],
  },
  {
    id: 'sexualOrientation',
    label: 'Your sexual orientation',
    options: [
      { id: 'heterosexual', label: 'Heterosexual or straight' },
      { id: 'gay-lesbian', label: 'Gay or lesbian' },
      { id: 'bisexual', label: 'Bisexual' },
      { id: 'another', label: 'Another sexual orientation' },
      PREFER_NOT,
    ],
  },
] as const

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
