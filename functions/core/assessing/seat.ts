// Who may see what of an assessment, decided from one batch read: the competition, the
// EOI, and the caller's items in the assessment partition. A panellist sits on a panel only
// once they have accepted under their own account; anyone else gets the same 404 as for
// a competition or application that does not exist.
import type { Application } from '../../../shared/schemas/application.js'
import type {
  Candidate,
  Declaration,
  PanelMember,
  PitchSchedule,
  Rubric,
  ScoreSheet,
  SheetText,
} from '../../../shared/schemas/assessing.js'
import type { Competition } from '../../../shared/schemas/competition.js'
import type { User } from '../../../shared/schemas/user.js'
import { blankRubric, readAssessmentSnapshot } from '../../db/assessing-repo.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated } from '../errors.js'
import { isPartnership, partneredConflict, relationshipConflicts } from '../matching/conflicts.js'

export type AssessmentRead = {
  competition: Competition
  application?: Application
  member?: PanelMember
  candidate?: Candidate
  declaration?: Declaration
  rubric: Rubric
  sheet?: ScoreSheet & { panellistEmail: string }
  text?: SheetText
  schedule?: PitchSchedule
}

/**
 * One consistent batch read of what a decision about `applicationId` needs: for a panellist
 * (`panellist`), their membership, declaration, sheet and its text too. 404 if the
 * competition is missing.
 */
export async function readAssessment(
  ctx: Ctx,
  competitionId: string,
  options: { applicationId?: string; panellist?: { id: string; email: string }; schedule?: boolean } = {},
): Promise<AssessmentRead> {
  const { competition, application, rubric, ...rest } = await readAssessmentSnapshot(ctx.db, competitionId, options)
  if (!competition) throw new NotFound('competition')
  // An organisation partnered with the applicant through matching conflicts its panellist, as a declaration would.
  const { member, candidate } = rest
  if (member?.organisation && candidate) {
    const [conflict] = await relationshipConflicts(ctx, competitionId, [candidate], [member])
    if (conflict && (!rest.declaration || rest.declaration.type === 'none')) rest.declaration = conflict
  }
  // Another competition's EOI is no EOI here (callers decide the 404, after checking the seat).
  return {
    ...rest,
    competition,
    application: application?.competitionId === competitionId ? application : undefined,
    rubric: rubric ?? blankRubric(competitionId),
  }
}

/** A panellist must sit on this panel: accepted, under this account. */
export function assertSeated(read: AssessmentRead, user: User): PanelMember {
  if (read.member?.status !== 'accepted' || read.member.userId !== user.id) throw new NotFound('competition')
  return read.member
}

/**
 * A panellist may open a shortlisted EOI once they have declared no conflict with it.
 * Not shortlisted, or conflicted: the same 404 as an id that does not exist.
 */
export function assertMayAssess(read: AssessmentRead, user: User): Candidate {
  assertSeated(read, user)
  const candidate = read.candidate
  if (candidate?.shortlist?.outcome !== 'shortlisted') throw new NotFound('application')
  if (!read.declaration) {
    throw new RuleViolated(
      `Declare whether you have a conflict of interest with ${candidate.organisationName} before opening its pitch.`,
      [{ field: 'declaration', message: 'is needed before you can see this application' }],
    )
  }
  if (read.declaration.type !== 'none') throw new NotFound('application')
  return candidate
}

/**
 * A panellist may write scores where they may assess; a conflict partner matching made is a 409
 * saying so (the same refusal the sheet's write gives when an introduction is accepted meanwhile).
 */
export function assertMayScore(read: AssessmentRead, user: User): Candidate {
  assertSeated(read, user)
  if (read.candidate?.shortlist?.outcome === 'shortlisted' && isPartnership(read.declaration))
    throw partneredConflict(read.member?.organisation, read.candidate.organisationName)
  return assertMayAssess(read, user)
}

/** Who did it, as recorded beside a decision. */
export const decidedBy = (user: User, at: Date) => ({ by: user.id, byName: user.name, at: at.toISOString() })
