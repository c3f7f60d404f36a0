// The programme manager's list of a competition's grants: its accepted awards (each either
// waiting for its grant to be set up, or with the grant's status) from two Queries, one of the
// awards and one of the grants, never one read per award.
import type { GrantList } from '../../../shared/schemas/grant-list.js'
import { listAwards } from '../../db/awards-repo.js'
import { getCompetition } from '../../db/competitions-repo.js'
import { listGrantsOfCompetition } from '../../db/grants-repo.js'
import type { Ctx } from '../context.js'
import { NotFound } from '../errors.js'

/** Every accepted award with its grant (if set up), and any other award that has a grant; by organisation. */
export async function listGrants(ctx: Ctx, competitionId: string): Promise<GrantList> {
  const [competition, awards, grants] = await Promise.all([
    getCompetition(ctx.db, competitionId),
    listAwards(ctx.db, competitionId),
    listGrantsOfCompetition(ctx.db, competitionId),
  ])
  if (!competition) throw new NotFound('competition')
  const byApplication = new Map(grants.map((grant) => [grant.applicationId, grant]))
  const rows = awards
    .filter((award) => award.status === 'accepted' || byApplication.has(award.applicationId))
    .map((award) => {
      const grant = byApplication.get(award.applicationId)
      return {
        applicationId: award.applicationId,
        organisationName: award.organisationName,
        award: {
          status: award.status,
          amountPence: award.amountPence,
          conditions: award.conditions,
          respondedAt: award.respondedAt,
        },
        ...(grant && {
          grant: {
            status: grant.status,
            version: grant.version,
            startsOn: grant.startsOn,
            endsOn: grant.endsOn,
            awardPence: grant.awardPence,
            paidPence: grant.paidPence,
            updatedAt: grant.updatedAt,
            updatedByName: grant.updatedByName,
            sentAt: grant.sentAt,
            acceptedAt: grant.acceptedAt,
          },
        }),
      }
    })
    .sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'en-GB'))
  return { rows }
}
