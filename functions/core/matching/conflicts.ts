// An accepted introduction is a relationship: a panellist who works for one of the two
// organisations is conflicted for the other's applications, as if they had declared it.
import type { Candidate, Declaration, PanelMember } from '../../../shared/schemas/assessing.js'
import { listRelationships, notPartnered } from '../../db/matching-repo.js'
import type { Write } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { StateConflict } from '../errors.js'
import { organisationKey } from '../funnel/organisation-key.js'

/** What a relationship conflict is recorded as, beside the panellists' own declarations. */
export const PARTNERED_NOTE = 'Their organisation is partnered with this applicant through partner matching.'
const PARTNER_MATCHING = 'partner matching'

/** Whether a declaration is the conflict a relationship makes (not one the panel declared). */
export const isPartnership = (d: Declaration | undefined) => d?.recordedBy === PARTNER_MATCHING

/**
 * The conditions a score sheet's write carries so that a panellist whose organisation is
 * partnered with the applicant (the same match as `relationshipConflicts`) cannot save or submit
 * scores for it, however the acceptance and the sheet interleave (guard `'not-partnered'`).
 */
export function notPartneredWith(
  ctx: Ctx,
  competitionId: string,
  member: Pick<PanelMember, 'organisation'> | undefined,
  candidate: Pick<Candidate, 'organisationId' | 'organisationName'> | undefined,
): Write<'not-partnered'>[] {
  if (!member?.organisation || !candidate) return []
  return notPartnered(ctx.db, competitionId, organisationKey(member.organisation), {
    organisationKey: organisationKey(candidate.organisationName),
    organisationId: candidate.organisationId,
  })
}

/** The 409 for scores refused because the panellist's organisation is partnered with the applicant. */
export const partneredConflict = (organisation: string | undefined, applicant: string) =>
  new StateConflict(
    `${organisation ? `Your organisation (${organisation})` : 'Your organisation'} has been introduced to ${applicant} through partner matching, so you have a conflict of interest with this application: your scores for it cannot be saved, and any already saved do not count.`,
    [
      {
        field: 'declaration',
        message: 'is a conflict of interest: your organisation is partnered with this applicant',
      },
    ],
  )

/**
 * The conflicts the competition's relationships make: one per application and panellist whose
 * organisation (matched by `organisationKey`) was introduced to the application's organisation.
 */
export async function relationshipConflicts(
  ctx: Ctx,
  competitionId: string,
  candidates: Pick<Candidate, 'applicationId' | 'organisationId' | 'organisationName'>[],
  members: Pick<PanelMember, 'userId' | 'organisation' | 'status'>[],
): Promise<Declaration[]> {
  const seated = members.filter((m) => m.status === 'accepted' && m.userId && m.organisation)
  if (!seated.length || !candidates.length) return []
  const relationships = await listRelationships(ctx.db, competitionId)
  const conflicts = new Map<string, Declaration>()
  for (const r of relationships) {
    for (const [mine, theirs] of [
      [r.parties[0], r.parties[1]],
      [r.parties[1], r.parties[0]],
    ]) {
      if (!mine || !theirs) continue
      const applications = candidates.filter(
        (c) =>
          (theirs.organisationId && c.organisationId === theirs.organisationId) ||
          organisationKey(c.organisationName) === theirs.organisationKey,
      )
      for (const member of seated.filter((m) => organisationKey(m.organisation!) === mine.organisationKey))
        for (const c of applications)
          conflicts.set(`${c.applicationId}#${member.userId}`, {
            competitionId,
            applicationId: c.applicationId,
            panellistId: member.userId!,
            type: 'other',
            note: PARTNERED_NOTE,
            recordedBy: PARTNER_MATCHING,
            recordedByManager: false,
            at: r.at,
          })
    }
  }
  return [...conflicts.values()]
}

/** The panel's declarations with the relationship conflicts over them (a conflict outweighs a "none"). */
export function withRelationshipConflicts(declarations: Declaration[], conflicts: Declaration[]): Declaration[] {
  const key = (d: Declaration) => `${d.applicationId}#${d.panellistId}`
  const overridden = new Set(conflicts.map(key))
  const declaredConflict = new Set(declarations.filter((d) => d.type !== 'none').map(key))
  return [
    ...declarations.filter((d) => !overridden.has(key(d)) || declaredConflict.has(key(d))),
    ...conflicts.filter((c) => !declaredConflict.has(key(c))),
  ]
}
