// Path and query parameters: every route module takes its path parameters from here.
import * as z from 'zod/mini'
import { PanellistId } from '../../../shared/schemas/assessing.js'
import { Cursor } from '../../../shared/schemas/common.js'

/**
 * Ids in paths are checked only for length: a malformed id is simply one that does not
 * exist, and gets the same 404 as any other.
 */
const PathId = z.string().check(z.minLength(1), z.maxLength(64))

export const CompetitionParams = z.object({ competitionId: PathId })
export const ChallengeParams = z.extend(CompetitionParams, { challengeId: PathId })
export const ThemeParams = z.extend(CompetitionParams, { themeId: PathId })
export const ItemParams = z.extend(CompetitionParams, { itemId: PathId })
export const QuestionParams = z.extend(CompetitionParams, { questionId: PathId })
export const ClarificationParams = z.extend(CompetitionParams, { clarificationId: PathId })
export const SignpostParams = z.extend(CompetitionParams, { signpostId: PathId })
export const AssessmentParams = z.extend(CompetitionParams, { applicationId: PathId })
export const SheetParams = z.extend(AssessmentParams, { panellistId: PanellistId })
export const AssessmentFileParams = z.extend(AssessmentParams, { questionId: PathId })
export const ApplicationParams = z.object({ applicationId: PathId })
export const FileParams = z.extend(ApplicationParams, { questionId: PathId })
export const OrganisationParams = z.object({ organisationId: PathId })
export const UserParams = z.object({ userId: PathId })

export const VersionQuery = z.object({ version: z.coerce.number().check(z.int(), z.minimum(1)) })
export const VersionBody = z.strictObject({ version: z.number().check(z.int(), z.minimum(1)) })

export const ListQuery = z.object({
  cursor: z.optional(Cursor),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
})
