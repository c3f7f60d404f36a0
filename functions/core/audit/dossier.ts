// An award's dossier: the EOI, the decisions, the score sheets with moderation, the award,
// its ledger entries, the grant and its payments, the emails sent about it and the audit
// entries about it. The emails are found through the audit: each change that wrote an email
// about the application is an entry holding its id, and the email's own id.
import type { AwardDossier } from '../../../shared/schemas/audit.js'
import type { Candidate } from '../../../shared/schemas/assessing.js'
import type { User } from '../../../shared/schemas/user.js'
import { chainPendingIntents, emailIdsAbout, listAuditEntriesAbout } from '../../db/audit-repo.js'
import { getApplication } from '../../db/applications-repo.js'
import { getCandidate } from '../../db/assessing-repo.js'
import { getAward, getAwardsAndLedger } from '../../db/awards-repo.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import { getGrant } from '../../db/grants-repo.js'
import { getOutboxMessages } from '../../db/outbox-repo.js'
import { managerView } from '../applications/applications.js'
import { listSheets } from '../assessing/scoring.js'
import type { Ctx } from '../context.js'
import { NotFound } from '../errors.js'

/** The dossier of the award to `applicationId` in `competitionId`; 404 for no such award (or competition). */
export async function awardDossier(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
): Promise<AwardDossier> {
  const [aggregate, award] = await Promise.all([
    getCompetitionAggregate(ctx.db, competitionId),
    getAward(ctx.db, competitionId, applicationId),
  ])
  if (!aggregate || !award) throw new NotFound('award')
  await chainPendingIntents(ctx.db, competitionId)
  const [application, candidate, sheets, { ledger }, grant, audit] = await Promise.all([
    getApplication(ctx.db, applicationId),
    getCandidate(ctx.db, competitionId, applicationId),
    listSheets(ctx, manager, competitionId, applicationId).catch((error: unknown) => {
      if (error instanceof NotFound) return undefined
      throw error
    }),
    getAwardsAndLedger(ctx.db, competitionId),
    getGrant(ctx.db, competitionId, applicationId),
    listAuditEntriesAbout(ctx.db, competitionId, [applicationId]),
  ])
  if (!application) throw new NotFound('award')
  const emails = await getOutboxMessages(ctx.db, emailIdsAbout(audit, applicationId))
  return {
    competition: { id: competitionId, title: aggregate.competition.title },
    application: managerView(application),
    decision: candidate ? withoutContact(candidate) : null,
    sheets: sheets ?? null,
    award,
    ledger: ledger.filter((entry) => entry.applicationId === applicationId),
    grant: grant ?? null,
    emails: emails.map(({ leaseUntil: _lease, ...email }) => email),
    audit,
    generatedAt: ctx.now().toISOString(),
  }
}

/** The decisions without the contact's address (the EOI holds who applied). */
const withoutContact = ({ contactEmail: _contact, ...rest }: Candidate) => rest
