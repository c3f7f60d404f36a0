// How well two profiles fit, and why: a deterministic score over the structured fields, each
// point with the reason it was given, worded for the profile the list is for ("you", "they").
import type { MatchProfile } from '../../../shared/schemas/matching.js'

export type Titles = { challenges: Map<string, string>; themes: Map<string, string> }

/** Tags compare by their words: case, spacing and punctuation do not matter. */
const tagKey = (tag: string) =>
  tag
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()

const WEIGHTS = { challenge: 3, theme: 2, data: 2, skill: 2, pilot: 2 } as const

/** The challenges a profile names, the owner's own challenge among them. */
const challengesOf = (p: MatchProfile) => new Set([...(p.challengeId ? [p.challengeId] : []), ...p.challengeIds])

function shared(mine: string[], theirs: string[]): string[] {
  const offered = new Set(theirs.map(tagKey))
  return mine.filter((tag) => offered.has(tagKey(tag)))
}

/** The score of `other` for `me` and the reasons, strongest first; score 0 means no match. */
export function scoreMatch(
  me: MatchProfile,
  other: MatchProfile,
  titles: Titles,
): { score: number; reasons: string[] } {
  const reasons: { weight: number; text: string }[] = []
  const theirChallenges = challengesOf(other)
  for (const id of challengesOf(me)) {
    const title = titles.challenges.get(id)
    if (title && theirChallenges.has(id))
      reasons.push({ weight: WEIGHTS.challenge, text: `both name the ${title} challenge` })
  }
  for (const id of me.themeIds) {
    const title = titles.themes.get(id)
    if (title && other.themeIds.includes(id))
      reasons.push({ weight: WEIGHTS.theme, text: `both work on the ${title} theme` })
  }
  for (const tag of shared(me.dataSought, other.dataOffered))
    reasons.push({ weight: WEIGHTS.data, text: `you seek ${tag} data they offer` })
  for (const tag of shared(me.dataOffered, other.dataSought))
    reasons.push({ weight: WEIGHTS.data, text: `they seek ${tag} data you offer` })
  for (const tag of shared(me.skillsSought, other.skillsOffered))
    reasons.push({ weight: WEIGHTS.skill, text: `you seek ${tag} skills they offer` })
  for (const tag of shared(me.skillsOffered, other.skillsSought))
    reasons.push({ weight: WEIGHTS.skill, text: `they seek ${tag} skills you offer` })
  if (me.pilotSite === 'seek' && other.pilotSite === 'offer')
    reasons.push({
      weight: WEIGHTS.pilot,
      text: `you seek a pilot site and they offer one${other.pilotSiteNote ? ` (${other.pilotSiteNote})` : ''}`,
    })
  if (me.pilotSite === 'offer' && other.pilotSite === 'seek')
    reasons.push({ weight: WEIGHTS.pilot, text: 'they seek a pilot site and you offer one' })
  // Stable: equal weights keep the order above.
  reasons.sort((a, b) => b.weight - a.weight)
  return { score: reasons.reduce((sum, r) => sum + r.weight, 0), reasons: reasons.map((r) => r.text) }
}

/** Who may be matched with whom: an SME with owners and other SMEs (partners); an owner with SMEs. */
export const mayMatch = (me: MatchProfile, other: MatchProfile) =>
  me.id !== other.id && !(me.side === 'owner' && other.side === 'owner') && !me.withdrawnAt && !other.withdrawnAt
