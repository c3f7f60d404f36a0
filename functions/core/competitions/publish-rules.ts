// What a competition needs before it can be published. Pure: the same aggregate and
// clock always give the same list, in the order a manager would fix them.
import type { FieldError } from '../../../shared/schemas/common.js'
import { midSentence, timelineNames, timelineOrder } from '../../../shared/labels.js'
import type { CompetitionAggregate } from '../../db/competitions-repo.js'

/**
 * What is missing for the competition to be published (`publishing`), or, once it is, to
 * stay complete after an edit. Only publishing needs the deadline ahead and every upload
 * finished: a published competition may close, and a new document is hidden until uploaded.
 */
export function missingForPublish(
  aggregate: Omit<CompetitionAggregate, 'revision'>,
  now: Date,
  { publishing = true } = {},
): FieldError[] {
  const { competition, challenges, themes, items } = aggregate
  const missing: FieldError[] = []
  const need = (field: string, message: string) => missing.push({ field, message })

  if (!competition.summary.trim()) need('summary', 'Add a summary of the competition')
  if (!competition.ownerOrganisation.trim())
    need('ownerOrganisation', 'Name the organisation that owns the competition')
  if (competition.potPence <= 0) need('potPence', 'Set the pot')
  if (competition.maxAwardPence <= 0) need('maxAwardPence', 'Set the maximum single award')
  else if (competition.maxAwardPence > competition.potPence)
    need('maxAwardPence', 'The maximum single award must not be more than the pot')

  for (const field of timelineOrder) {
    if (!competition.timeline[field]) need(`timeline.${field}`, `Set the ${midSentence(timelineNames[field])}`)
  }
  const closes = competition.timeline.eoiClosesAt
  if (publishing && closes && new Date(closes) <= now)
    need('timeline.eoiClosesAt', 'The EOI deadline must be in the future')

  if (competition.eligibility.length === 0) need('eligibility', 'Add at least one eligibility statement')

  if (challenges.length === 0) need('challenges', 'Add at least one challenge')
  for (const challenge of challenges) {
    if (!items.some((item) => item.challengeId === challenge.id)) {
      need(`challenges.${challenge.id}.dataPack`, `Add at least one data-pack item to “${challenge.title}”`)
    }
  }
  for (const item of publishing ? items : []) {
    if (item.kind === 'document' && !item.file.uploaded) need(`dataPack.${item.id}`, `Finish uploading “${item.title}”`)
  }

  if (themes.length === 0) need('themes', 'Add at least one theme')
  const challengeIds = new Set(challenges.map((c) => c.id))
  for (const theme of themes) {
    if (!theme.challengeIds.some((id) => challengeIds.has(id))) {
      need(`themes.${theme.id}.challengeIds`, `Link the theme “${theme.title}” to a challenge`)
    }
  }
  return missing
}
