// Who may see what of an assessment, decided from one batch read: the competition, the
// EOI, and the caller's items in the assessment partition. A panellist sits on a panel only
// once they have accepted under their own account; anyone else gets the same 404 as for
// a competition or application that does not exist.
import type { Application } from '../../../shared/schemas/application.js'
import type { Candidate, Declaration, PanelMember, PitchSchedule, Rubric, ScoreSheet, SheetText } from '../../../shared/schemas/assessing.js'
import type { Competition } from '../../../shared/schemas/competition.js'
import type { User } from '../../../shared/schemas/user.js'
import { Application as ApplicationSchema } from '../../../shared/schemas/application.js'
import { applicationItemKey } from '../../db/applications-repo.js'
import { assessKeys, blankRubric, getItems, parseAssessItem, type AssessItem } from '../../db/assessing-repo.js'
import { competitionItemKey, parseCompetitionItem } from '../../db/competitions-repo.js'
import { keys } from '../../db/table.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated } from '../errors.js'

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
  { applicationId, panellist, schedule = false }: { applicationId?: string; panellist?: { id: string; email: string }; schedule?: boolean } = {},
): Promise<AssessmentRead> {
  const sks = [assessKeys.rubric]
  if (applicationId) sks.push(assessKeys.candidate(applicationId))
  if (panellist) sks.push(assessKeys.member(panellist.email))
  if (panellist && applicationId) sks.push(assessKeys.declaration(applicationId, panellist.id), assessKeys.sheet(applicationId, panellist.id), assessKeys.text(applicationId, panellist.id))
  if (schedule) sks.push(assessKeys.slots)
  const items = await getItems(
    ctx.db,
    [
      competitionItemKey(competitionId),
      ...(applicationId ? [applicationItemKey(applicationId)] : []),
      ...sks.map((sk) => ({ [keys.partition]: assessKeys.pk(competitionId), [keys.sort]: sk })),
    ] as { pk: string; sk: string }[],
    true,
  )
  const competitionItem = items.find((item) => item.entity === 'competition')
  if (!competitionItem) throw new NotFound('competition')
  const applicationItem = items.find((item) => item.entity === 'application')
  const parsedApplication = applicationItem ? ApplicationSchema.parse(applicationItem) : undefined
  // Another competition's EOI is no EOI here (callers decide the 404, after checking the seat).
  const application = parsedApplication?.competitionId === competitionId ? parsedApplication : undefined
  const parsed = items.map(parseAssessItem).filter((item): item is AssessItem => item !== undefined)
  const one = <K extends AssessItem['kind']>(kind: K) => parsed.find((item) => item.kind === kind)?.value as Extract<AssessItem, { kind: K }>['value'] | undefined
  return {
    competition: parseCompetitionItem(competitionItem),
    application,
    member: one('member'),
    candidate: one('candidate'),
    declaration: one('declaration'),
    rubric: one('rubric') ?? blankRubric(competitionId),
    sheet: one('sheet'),
    text: one('text'),
    schedule: one('slots'),
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
    throw new RuleViolated(`Declare whether you have a conflict of interest with ${candidate.organisationName} before opening its pitch.`, [
      { field: 'declaration', message: 'is needed before you can see this application' },
    ])
  }
  if (read.declaration.type !== 'none') throw new NotFound('application')
  return candidate
}

/** Who did it, as recorded beside a decision. */
export const decidedBy = (user: User, at: Date) => ({ by: user.id, byName: user.name, at: at.toISOString() })
