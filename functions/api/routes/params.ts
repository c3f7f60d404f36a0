// Path and query parameters shared by the route modules.
import * as z from 'zod'
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

export const VersionQuery = z.object({ version: z.coerce.number().int().min(1) })
export const VersionBody = z.object({ version: z.number().int().min(1) }).strict()

export const ListQuery = z.object({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})
