// Clarification questions about a competition: asked by applicants, answered by the
// programme manager, and published for everyone without the asker's identity.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Id, IsoInstant, Text } from './common.js'

export const ClarificationStatus = z.enum(['asked', 'answered'])

export const Clarification = meta(
  z.object({
    id: Id,
    competitionId: Id,
    question: z.string(),
    answer: z.optional(z.string()),
    status: ClarificationStatus,
    askedAt: IsoInstant,
    answeredAt: z.optional(IsoInstant),
    version: z.number().check(z.int()),
  }),
  { id: 'Clarification' },
)
export type Clarification = z.infer<typeof Clarification>

/**
 * What everyone sees: the question as published and its answer; never who asked, and not
 * the id either, as an id made when the question was asked would date it.
 */
export const PublishedClarification = meta(z.pick(Clarification, { question: true, answer: true, answeredAt: true }), {
  id: 'PublishedClarification',
})
export type PublishedClarification = z.infer<typeof PublishedClarification>

/** The asker's own question, as it stands: never who asked. */
export const AskedClarification = meta(
  z.pick(Clarification, {
    id: true,
    competitionId: true,
    question: true,
    answer: true,
    status: true,
    askedAt: true,
    answeredAt: true,
    version: true,
  }),
  { id: 'AskedClarification' },
)
export type AskedClarification = z.infer<typeof AskedClarification>

export const ClarificationQuestion = meta(
  z.strictObject({
    question: Text(2000).check(z.refine((s) => s.length >= 5, 'must be a question of at least 5 characters')),
  }),
  { id: 'ClarificationQuestion' },
)

export const ClarificationAnswer = meta(
  z.strictObject({
    answer: Text(4000).check(z.refine((s) => s.length >= 1, 'must not be empty')),
    /** The question as it should be published, e.g. with a company name taken out. */
    question: z.optional(
      Text(2000).check(z.refine((s) => s.length >= 5, 'must be a question of at least 5 characters')),
    ),
    version: z.number().check(z.int(), z.minimum(1)),
  }),
  { id: 'ClarificationAnswer' },
)
