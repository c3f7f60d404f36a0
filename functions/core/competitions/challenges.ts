// Challenges and themes of a competition. Themes point at challenges, so a challenge a
// theme still links cannot be removed, and a theme can only link challenges that exist.
import type { FieldError } from '../../../shared/schemas/common.js'
import type {
  Challenge,
  ChallengeInput,
  ChallengePatch,
  Theme,
  ThemeInput,
  ThemePatch,
} from '../../../shared/schemas/competition.js'
import type { CompetitionAggregate } from '../../db/competitions-repo.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated, StateConflict, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'
import { documentObjects } from '../files/file-store.js'
import { changeCompetition } from './aggregate.js'

export async function addChallenge(ctx: Ctx, competitionId: string, input: ChallengeInput): Promise<Challenge> {
  return changeCompetition(ctx, competitionId, () => {
    const challenge: Challenge = { context: '', evidenceExpected: '', ...input, id: newId(), version: 1 }
    return { changes: { puts: [{ entity: 'challenge', value: challenge }] }, result: challenge }
  })
}

export async function editChallenge(
  ctx: Ctx,
  competitionId: string,
  challengeId: string,
  patch: ChallengePatch,
): Promise<Challenge> {
  return changeCompetition(ctx, competitionId, ({ challenges }) => {
    const current = findOr404(challenges, challengeId, 'challenge')
    if (current.version !== patch.version) throw new VersionConflict('challenge', current.version)
    const next: Challenge = { ...current, ...patch, version: current.version + 1 }
    return { changes: { puts: [{ entity: 'challenge', value: next }] }, result: next }
  })
}

/** Removes a draft's challenge with its data pack. */
export async function removeChallenge(
  ctx: Ctx,
  competitionId: string,
  challengeId: string,
  version: number,
): Promise<void> {
  return changeCompetition(ctx, competitionId, ({ competition, challenges, themes, items }) => {
    const current = findOr404(challenges, challengeId, 'challenge')
    if (competition.status !== 'draft')
      throw new StateConflict('Challenges of a published competition cannot be removed; edit them instead.')
    if (current.version !== version) throw new VersionConflict('challenge', current.version)
    const linked = themes.filter((t) => t.challengeIds.includes(challengeId))
    if (linked.length) {
      throw new StateConflict(
        `Unlink it from ${linked.map((t) => `“${t.title}”`).join(', ')} first.`,
        linked.map((t) => ({ field: `themes.${t.id}.challengeIds`, message: 'still links this challenge' })),
      )
    }
    const pack = items.filter((i) => i.challengeId === challengeId)
    return {
      changes: {
        deletes: [
          { entity: 'challenge', id: challengeId },
          ...pack.map((i) => ({ entity: 'dataPackItem' as const, id: i.id })),
        ],
      },
      result: undefined,
      after: () => ctx.files.remove(documentObjects(competitionId, pack)),
    }
  })
}

export async function addTheme(ctx: Ctx, competitionId: string, input: ThemeInput): Promise<Theme> {
  return changeCompetition(ctx, competitionId, (aggregate) => {
    checkLinks(aggregate, input.challengeIds)
    const theme: Theme = { description: '', ...input, id: newId(), version: 1 }
    return { changes: { puts: [{ entity: 'theme', value: theme }] }, result: theme }
  })
}

export async function editTheme(ctx: Ctx, competitionId: string, themeId: string, patch: ThemePatch): Promise<Theme> {
  return changeCompetition(ctx, competitionId, (aggregate) => {
    const current = findOr404(aggregate.themes, themeId, 'theme')
    if (current.version !== patch.version) throw new VersionConflict('theme', current.version)
    if (patch.challengeIds) checkLinks(aggregate, patch.challengeIds)
    const next: Theme = { ...current, ...patch, version: current.version + 1 }
    return { changes: { puts: [{ entity: 'theme', value: next }] }, result: next }
  })
}

export async function removeTheme(ctx: Ctx, competitionId: string, themeId: string, version: number): Promise<void> {
  return changeCompetition(ctx, competitionId, ({ competition, themes }) => {
    const current = findOr404(themes, themeId, 'theme')
    if (competition.status !== 'draft')
      throw new StateConflict('Themes of a published competition cannot be removed; edit them instead.')
    if (current.version !== version) throw new VersionConflict('theme', current.version)
    return { changes: { deletes: [{ entity: 'theme', id: themeId }] }, result: undefined }
  })
}

function checkLinks({ challenges }: CompetitionAggregate, challengeIds: string[]) {
  const known = new Set(challenges.map((c) => c.id))
  const unknown: FieldError[] = challengeIds
    .map((id, index) => ({ id, index }))
    .filter(({ id }) => !known.has(id))
    .map(({ index }) => ({ field: `challengeIds.${index}`, message: 'is not a challenge of this competition' }))
  if (unknown.length) throw new RuleViolated('A theme can only link challenges of its own competition.', unknown)
}

export function findOr404<T extends { id: string }>(list: T[], id: string, what: string): T {
  const found = list.find((x) => x.id === id)
  if (!found) throw new NotFound(what)
  return found
}
