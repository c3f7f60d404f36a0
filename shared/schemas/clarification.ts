// Clarification questions about a competition: asked by applicants, answered by the
// programme manager, and published for everyone without the asker's identity.
import * as z from 'zod'
import { Id, IsoInstant, Text } from './common.js'

export const ClarificationStatus = z.enum(['asked', 'answered'])

export const Clarification = z
  .object({
    id: Id,
    competitionId: Id,
    question: z.string(),
    answer: z.string().optional(),
    status: ClarificationStatus,
    askedAt: IsoInstant,
    answeredAt: IsoInstant.optional(),
    version: z.number().int(),
  })
  .meta({ id: 'Clarification' })
export type Clarification = z.infer<typeof Clarification>

/** What everyone sees: the question and its answer, never who asked. */
export const PublishedClarification = Clarification.pick({ id: true, question: true, answer: true, answeredAt: true }).meta({ id: 'PublishedClarification' })
export type PublishedClarification = z.infer<typeof PublishedClarification>

export const ClarificationQuestion = z
  .object({ question: Text(2000).refine((s) => s.length >= 5, 'must be a question of at least 5 characters') })
  .strict()
  .meta({ id: 'ClarificationQuestion' })

export const ClarificationAnswer = z
  .object({ answer: Text(4000).refine((s) => s.length >= 1, 'must not be empty'), version: z.number().int().min(1) })
  .strict()
  .meta({ id: 'ClarificationAnswer' })
