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

/**
 * What everyone sees: the question as published and its answer; never who asked, and not
 * the id either, as an id made when the question was asked would date it.
 */
export const PublishedClarification = Clarification.pick({ question: true, answer: true, answeredAt: true }).meta({
  id: 'PublishedClarification',
})
export type PublishedClarification = z.infer<typeof PublishedClarification>

/** The asker's own question, as it stands: never who asked. */
export const AskedClarification = Clarification.pick({
  id: true,
  competitionId: true,
  question: true,
  answer: true,
  status: true,
  askedAt: true,
  answeredAt: true,
  version: true,
}).meta({ id: 'AskedClarification' })
export type AskedClarification = z.infer<typeof AskedClarification>

export const ClarificationQuestion = z
  .object({ question: Text(2000).refine((s) => s.length >= 5, 'must be a question of at least 5 characters') })
  .strict()
  .meta({ id: 'ClarificationQuestion' })

export const ClarificationAnswer = z
  .object({
    answer: Text(4000).refine((s) => s.length >= 1, 'must not be empty'),
    /** The question as it should be published, e.g. with a company name taken out. */
    question: Text(2000)
      .refine((s) => s.length >= 5, 'must be a question of at least 5 characters')
      .optional(),
    version: z.number().int().min(1),
  })
  .strict()
  .meta({ id: 'ClarificationAnswer' })
