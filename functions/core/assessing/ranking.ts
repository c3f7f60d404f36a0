// The programme manager's ranking: every shortlisted application's aggregate (raw and
// calibrated, spread, flags) and each panellist's progress, from one paginated key-range
// query of the assessment partition; no per-application reads.
import type { Ranking, SheetProgress } from '../../../shared/schemas/assessing.js'
import { readRankingInputs } from '../../db/assessing-repo.js'
import type { Ctx } from '../context.js'
import { relationshipConflicts, withRelationshipConflicts } from '../matching/conflicts.js'
import { aggregate, weightedScore } from './aggregation.js'
import { readAssessment } from './seat.js'

export async function getRanking(ctx: Ctx, competitionId: string): Promise<Ranking> {
  const { rubric, inputs } = await readRanking(ctx, competitionId)
  return rankingOf(rubric, inputs)
}

type RankingInputs = Awaited<ReturnType<typeof readRankingInputs>>

/**
 * What the ranking is made from, read once (the award planner's confidence reads the sheets
 * once for both): the rubric, the candidates, the panel, the sheets, and the declarations with
 * the conflicts partnerships make folded in, as a declaration would be.
 */
export async function readRanking(
  ctx: Ctx,
  competitionId: string,
): Promise<{ rubric: Ranking['rubric']; inputs: RankingInputs }> {
  const [{ rubric }, inputs] = await Promise.all([
    readAssessment(ctx, competitionId),
    readRankingInputs(ctx.db, competitionId),
  ])
  return { rubric, inputs: await withPartnerships(ctx, competitionId, inputs) }
}

/** The inputs with the conflicts partnerships make folded into the declarations, as a declaration would be. */
export async function withPartnerships<I extends Pick<RankingInputs, 'candidates' | 'members' | 'declarations'>>(
  ctx: Ctx,
  competitionId: string,
  inputs: I,
): Promise<I> {
  const partnered = await relationshipConflicts(ctx, competitionId, shortlistedOf(inputs), seatedOf(inputs))
  return { ...inputs, declarations: withRelationshipConflicts(inputs.declarations, partnered) }
}

const shortlistedOf = (inputs: Pick<RankingInputs, 'candidates'>) =>
  inputs.candidates.filter((c) => c.shortlist?.outcome === 'shortlisted')
const seatedOf = (inputs: Pick<RankingInputs, 'members'>) =>
  inputs.members.filter((m) => m.status === 'accepted' && m.userId)

/** The ranking from what readRanking reads. */
export function rankingOf(rubric: Ranking['rubric'], inputs: RankingInputs): Ranking {
  const shortlisted = shortlistedOf(inputs)
  const panellists = seatedOf(inputs)
  const { sheets, declarations } = inputs

  const declared = new Map(declarations.map((d) => [`${d.applicationId}#${d.panellistId}`, d.type]))
  const sheetOf = new Map(sheets.map((s) => [`${s.applicationId}#${s.panellistId}`, s]))
  const progress = (applicationId: string, panellistId: string): SheetProgress => {
    const declaration = declared.get(`${applicationId}#${panellistId}`)
    if (declaration === undefined) return 'undeclared'
    if (declaration !== 'none') return 'conflicted'
    return sheetOf.get(`${applicationId}#${panellistId}`)?.status ?? 'not-started'
  }

  const rows = aggregate({
    scale: rubric.scale,
    criteria: rubric.criteria,
    applications: shortlisted.map((c) => ({ applicationId: c.applicationId, organisationName: c.organisationName })),
    sheets,
    conflicts: declarations.filter((d) => d.type !== 'none'),
    discussAbove: rubric.discussAbove,
    minScorers: rubric.minScorers,
  })
  // Moderated: a sheet that counts (submitted, unconflicted) had a score changed after discussion.
  const moderated = new Set(
    sheets
      .filter(
        (s) =>
          s.status === 'submitted' &&
          declared.get(`${s.applicationId}#${s.panellistId}`) === 'none' &&
          s.history.some((h) => h.kind === 'moderated'),
      )
      .map((s) => s.applicationId),
  )
  // Each counted sheet's weighted score (submitted, unconflicted, fully scored: as the mean counts them), for the dot plot.
  const sheetScores = new Map<string, number[]>()
  for (const s of sheets) {
    const declaration = declared.get(`${s.applicationId}#${s.panellistId}`)
    if (s.status !== 'submitted' || (declaration !== undefined && declaration !== 'none')) continue
    const weighted = weightedScore(rubric.criteria, s.scores)
    if (weighted === undefined) continue
    sheetScores.set(s.applicationId, [...(sheetScores.get(s.applicationId) ?? []), weighted])
  }
  const candidateOf = new Map(shortlisted.map((c) => [c.applicationId, c]))
  return {
    rubric,
    rows: rows.map((row) => ({
      ...row,
      recommendation: candidateOf.get(row.applicationId)?.recommendation,
      amountRequestedPence: candidateOf.get(row.applicationId)?.amountRequestedPence,
      themeIds: candidateOf.get(row.applicationId)?.themeIds ?? [],
      award: candidateOf.get(row.applicationId)?.award,
      progress: Object.fromEntries(panellists.map((p) => [p.userId!, progress(row.applicationId, p.userId!)])),
      moderated: moderated.has(row.applicationId),
      sheetScores: (sheetScores.get(row.applicationId) ?? []).sort((a, b) => a - b),
    })),
    panellists: panellists.map((p) => {
      const counts = { submitted: 0, draft: 0, notStarted: 0, conflicted: 0, undeclared: 0 }
      for (const c of shortlisted) {
        const state = progress(c.applicationId, p.userId!)
        counts[state === 'not-started' ? 'notStarted' : state]++
      }
      return { id: p.userId!, name: p.name, ...counts }
    }),
  }
}
