// What the funnel counts an application under besides the total: its themes, the challenges
// they address, and how its organisation answered each leadership question when it applied.
// Fixed at submission (`Candidate.funnelScopes`, copied onto its award), so every later move
// counts under the same scopes. Pure.
import { type LeadershipCell, leadershipQuestions } from '../../../shared/leadership-questions.js'
import type { Theme } from '../../../shared/schemas/competition.js'
import type { FunnelStage } from '../../../shared/schemas/funnel.js'

export const themeScope = (id: string) => `theme:${id}`
export const challengeScope = (id: string) => `challenge:${id}`
export const leadershipScope = (questionId: string, cell: LeadershipCell) => `lead:${questionId}:${cell}`

export function scopesFor(
  themeIds: readonly string[],
  themes: readonly Pick<Theme, 'id' | 'challengeIds'>[],
  leadership: Readonly<Record<string, LeadershipCell>>,
): string[] {
  const challengeIds = new Set(themeIds.flatMap((id) => themes.find((t) => t.id === id)?.challengeIds ?? []))
  return [
    ...themeIds.map(themeScope),
    ...[...challengeIds].map(challengeScope),
    ...leadershipQuestions.map((q) => leadershipScope(q.id, leadership[q.id] ?? 'not-asked')),
  ]
}

/** Scopes for records written before scopes were kept: themes and challenges only. */
export const fallbackScopes = (themeIds: readonly string[], challengeIds: readonly string[] = []) => [
  ...themeIds.map(themeScope),
  ...challengeIds.map(challengeScope),
]

/** How many of each stage one application moves by (+1 in, −1 out). */
export type StageDeltas = Partial<Record<FunnelStage, number>>

/** One application's move, with the scopes it counts under. */
export type FunnelMove = { applicationId: string; deltas: StageDeltas; scopes: readonly string[] }

type AwardStatus = 'offered' | 'accepted' | 'declined' | 'withdrawn' | 'lapsed'

/**
 * Awarded counts every offer made and not withdrawn (a declined or lapsed offer was still
 * made); accepted counts the offers accepted and not withdrawn since.
 */
export function awardDeltas(from: AwardStatus | undefined, to: AwardStatus): StageDeltas {
  const awarded = (s?: AwardStatus) => (s && s !== 'withdrawn' ? 1 : 0)
  const accepted = (s?: AwardStatus) => (s === 'accepted' ? 1 : 0)
  return { awarded: awarded(to) - awarded(from), accepted: accepted(to) - accepted(from) }
}
