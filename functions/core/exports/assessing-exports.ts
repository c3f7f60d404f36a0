// The panel's exports: every score sheet as the panellist left it (with who wrote it, which only
// programme managers ever see), and the ranking as the ranking page shows it.
import { conflictTypeNames, recommendationNames } from '../../../shared/labels.js'
import type { Ranking, ScoreSheet } from '../../../shared/schemas/assessing.js'
import { sheetPagesOfCompetition, type SheetRow } from '../../db/export-pages.js'
import { weightedScore } from '../assessing/aggregation.js'
import { getRanking } from '../assessing/ranking.js'
import { readAssessment } from '../assessing/seat.js'
import type { Column } from './csv.js'
import { flatten, heading, londonTime, pounds } from './format.js'
import type { ShapedExport } from './registry.js'

const twoPlaces = (n: number | undefined) => (n === undefined ? undefined : Number(n.toFixed(2)))
const yesNo = (b: boolean) => (b ? 'Yes' : 'No')

/** "Feasibility 3 → 4 by Priya Shah, 2026-12-07 14:30: agreed after discussion" for each change after submission. */
function changesAfterSubmission(sheet: ScoreSheet, criterionTitle: (id: string) => string): string {
  return sheet.history
    .map((change) =>
      change.kind === 'moderated'
        ? `${criterionTitle(change.criterionId)} ${change.from} → ${change.to} by ${change.byName}, ${londonTime(change.at)}: ${change.reason}`
        : `Reopened by ${change.byName}, ${londonTime(change.at)}: ${change.reason}`,
    )
    .join('\n')
}

export const scoreSheetsExport: ShapedExport<SheetRow> = {
  title: 'Score sheets',
  holds:
    'One row per panellist’s sheet, drafts included: who scored (name and email), their conflict declaration, each criterion’s score and comment, the weighted score, the note to the panel, the feedback meant for the applicant, and every change after submission.',
  async shape(ctx, competitionId) {
    const { rubric } = await readAssessment(ctx, competitionId)
    const titleOf = new Map(rubric.criteria.map((c) => [c.id, c.title]))
    const columns: Column<SheetRow>[] = [
      { header: 'Application id', value: (r) => r.sheet.applicationId },
      { header: 'Receipt number', value: (r) => r.candidate?.receiptNumber },
      { header: 'Organisation', value: (r) => r.candidate?.organisationName },
      { header: 'Panellist', value: (r) => r.sheet.panellistName },
      { header: 'Panellist email', value: (r) => r.sheet.panellistEmail },
      {
        header: 'Conflict of interest',
        value: (r) => (r.declaration ? conflictTypeNames[r.declaration.type] : 'Not declared'),
      },
      { header: 'Sheet', value: (r) => (r.sheet.status === 'submitted' ? 'Submitted' : 'Draft') },
      {
        header: 'Counts in the ranking',
        value: (r) => yesNo(r.sheet.status === 'submitted' && r.declaration?.type === 'none'),
      },
      { header: 'Submitted (UK time)', value: (r) => londonTime(r.sheet.submittedAt) },
      { header: 'Last saved (UK time)', value: (r) => londonTime(r.sheet.updatedAt) },
      ...rubric.criteria.flatMap((criterion): Column<SheetRow>[] => [
        { header: heading(`${criterion.title} (score)`), value: (r) => r.sheet.scores[criterion.id] },
        { header: heading(`${criterion.title} (comment)`), value: (r) => r.text?.comments[criterion.id] },
      ]),
      {
        header: `Weighted score (${rubric.scale.min} to ${rubric.scale.max})`,
        value: (r) => twoPlaces(weightedScore(rubric.criteria, r.sheet.scores)),
      },
      { header: 'Note to the panel', value: (r) => r.text?.panelNote },
      { header: 'Feedback for the applicant', value: (r) => r.text?.applicantFeedback },
      {
        header: 'Changes after submission',
        value: (r) => changesAfterSubmission(r.sheet, (id) => titleOf.get(id) ?? id),
      },
    ]
    return { columns, rows: flatten(sheetPagesOfCompetition(ctx.db, competitionId)) }
  },
}

type RankingExportRow = Ranking['rows'][number]

export const rankingExport: ShapedExport<RankingExportRow> = {
  title: 'Ranking',
  holds:
    'One row per shortlisted application, best first, as the ranking page shows it: rank, weighted mean and calibrated score, spread, scorers, flags, the mean on each criterion, the panel’s recommendation and the award. No panellist is named.',
  async shape(ctx, competitionId) {
    const ranking = await getRanking(ctx, competitionId)
    const { rubric } = ranking
    const columns: Column<RankingExportRow>[] = [
      { header: 'Rank', value: (r) => r.rank },
      { header: 'Tied', value: (r) => (r.rank === undefined ? undefined : yesNo(r.tied)) },
      { header: 'Application id', value: (r) => r.applicationId },
      { header: 'Organisation', value: (r) => r.organisationName },
      { header: 'Weighted mean', value: (r) => twoPlaces(r.weightedMean) },
      { header: 'Calibrated', value: (r) => twoPlaces(r.calibrated) },
      { header: 'Standard deviation', value: (r) => twoPlaces(r.standardDeviation) },
      { header: 'Range', value: (r) => twoPlaces(r.range) },
      { header: 'Scorers', value: (r) => r.scorers },
      { header: 'Too few scorers', value: (r) => yesNo(r.tooFewScorers) },
      { header: 'To discuss', value: (r) => yesNo(r.discuss) },
      { header: 'Scores changed after discussion', value: (r) => yesNo(r.moderated) },
      ...rubric.criteria.map(
        (criterion): Column<RankingExportRow> => ({
          header: heading(`${criterion.title} (mean)`),
          value: (r) => twoPlaces(r.criterionMeans[criterion.id]),
        }),
      ),
      { header: 'Recommendation', value: (r) => r.recommendation && recommendationNames[r.recommendation.outcome] },
      { header: 'Why', value: (r) => r.recommendation?.reason },
      { header: 'Amount requested (£)', value: (r) => pounds(r.amountRequestedPence) },
      { header: 'Award', value: (r) => r.award && `${r.award.status[0]!.toUpperCase()}${r.award.status.slice(1)}` },
      { header: 'Amount awarded (£)', value: (r) => pounds(r.award?.amountPence) },
    ]
    return { columns, rows: ranking.rows }
  },
}
