// Where a competition is in its life, from its status, timeline and the clock.
import type { Competition, Phase } from './schemas/competition.js'

export function phaseOf(competition: Pick<Competition, 'status' | 'timeline'>, now: Date): Phase {
  if (competition.status === 'draft') return 'draft'
  const { eoiOpensAt, eoiClosesAt } = competition.timeline
  if (eoiOpensAt && now < new Date(eoiOpensAt)) return 'upcoming'
  if (eoiClosesAt && now >= new Date(eoiClosesAt)) return 'closed'
  return 'open'
}

export const phaseLabels: Record<Phase, string> = {
  draft: 'Draft',
  upcoming: 'Opening soon',
  open: 'Open for expressions of interest',
  closed: 'Closed',
}
