// Path and query parameters: every route module takes its path parameters from here.
import * as z from 'zod'
import { PanellistId } from '../../../shared/schemas/assessing.js'
import { Cursor } from '../../../shared/schemas/common.js'

/**
 * Ids in paths are checked only for length: a malformed id is simply one that does not
 * exist, and gets the same 404 as any other.
 */
const PathId = z.string().min(1).max(64)

export const CompetitionParams = z.object({ competitionId: PathId })
export const ChallengeParams = CompetitionParams.extend({ challengeId: PathId })
export const ThemeParams = CompetitionParams.extend({ themeId: PathId })
export const ItemParams = CompetitionParams.extend({ itemId: PathId })
export const QuestionParams = CompetitionParams.extend({ questionId: PathId })
export const ClarificationParams = CompetitionParams.extend({ clarificationId: PathId })
export const SignpostParams = CompetitionParams.extend({ signpostId: PathId })
export const AssessmentParams = CompetitionParams.extend({ applicationId: PathId })
export const SheetParams = AssessmentParams.extend({ panellistId: PanellistId })
export const AssessmentFileParams = AssessmentParams.extend({ questionId: PathId })
export const ApplicationParams = z.object({ applicationId: PathId })
export const FileParams = ApplicationParams.extend({ questionId: PathId })
export const OrganisationParams = z.object({ organisationId: PathId })

export const VersionQuery = z.object({ version: z.coerce.number().int().min(1) })
export const VersionBody = z.object({ version: z.number().int().min(1) }).strict()

export const ListQuery = z.object({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
