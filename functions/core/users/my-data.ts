// Subject access (UK GDPR art. 15): everything held about the signed-in person, gathered from
// the same reads that serve them each item, so each part is exactly what they may already see:
// their own EOIs and what followed, the questions they asked, their event registrations.
// Nothing another person wrote about them privately (panel notes, scores' authors) is in it.
import type { Application } from '../../../shared/schemas/application.js'
import type { MyApplicationData, MyData } from '../../../shared/schemas/my-data.js'
import type { User } from '../../../shared/schemas/user.js'
import { listClarificationsAskedBy } from '../../db/clarifications-repo.js'
import { listRegistrationsOfEmail } from '../../db/events-repo.js'
import { getCheckIns } from '../../db/grant-programme-repo.js'
import { getReport } from '../../db/grant-reports-repo.js'
import { getMembership, getOrganisation } from '../../db/organisations-repo.js'
import { listMyApplications } from '../applications/applications.js'
import type { Ctx } from '../context.js'
import { NotFound } from '../errors.js'
import { getDecision } from '../feedback/decision.js'
import { getOwnGrant } from '../grants/grants.js'
import { whoAmI } from './users.js'

/** What the export says is kept without anyone's name, so it cannot be part of anyone's export. */
export const NOT_HELD = [
  'Your answers to the diversity and inclusion survey: they are stored apart from your expression of interest, with no link to you or your organisation, and are reported only as counts, so they cannot be found or given back to you.',
  'Event page views: only a count per day is kept, never who viewed.',
]

/** An organisation has one EOI per competition: this many pages of 100 is far beyond any real count. */
const MAX_APPLICATION_PAGES = 20

/** Everything held about `user`, as they may read it. */
export async function gatherMyData(ctx: Ctx, user: User): Promise<MyData> {
  const [you, organisationId, questions, registrations] = await Promise.all([
    whoAmI(ctx, user),
    getMembership(ctx.db, user.id),
    listClarificationsAskedBy(ctx.db, user.id),
    listRegistrationsOfEmail(ctx.db, user.email),
  ])
  const organisation = organisationId ? await getOrganisation(ctx.db, organisationId) : undefined
  const applications: Application[] = []
  if (organisation) {
    let cursor: string | undefined
    for (let page = 0; page < MAX_APPLICATION_PAGES; page++) {
      const listed = await listMyApplications(ctx, user, { limit: 100, cursor })
      applications.push(...listed.items)
      cursor = listed.nextCursor
      if (!cursor) break
    }
  }
  return {
    generatedAt: ctx.now().toISOString(),
    you,
    organisation,
    applications: await Promise.all(applications.map((application) => whatFollowed(ctx, user, application))),
    questions,
    eventRegistrations: registrations.map(({ registration, event }) => ({
      registration,
      eventTitle: event.title,
      eventStartsAt: event.startsAt,
    })),
    notHeld: NOT_HELD,
  }
}

/** An EOI with its decision (once released), its grant (once sent), the reports saved and the check-ins submitted. */
async function whatFollowed(ctx: Ctx, user: User, application: Application): Promise<MyApplicationData> {
  const decision = application.status === 'submitted' ? await getDecision(ctx, user, application.id) : undefined
  const grant =
    decision?.released && decision.outcome === 'funded' ? await ownGrant(ctx, user, application.id) : undefined
  if (!grant) return { application, decision, reports: [], checkIns: [] }
  const [reports, checkIns] = await Promise.all([
    Promise.all(grant.milestones.map((m) => getReport(ctx.db, grant.competitionId, application.id, m.id))),
    getCheckIns(ctx.db, grant.competitionId, application.id),
  ])
  return {
    application,
    decision,
    grant,
    reports: reports.filter((r) => r !== undefined),
    checkIns,
  }
}

async function ownGrant(ctx: Ctx, user: User, applicationId: string) {
  try {
    return await getOwnGrant(ctx, user, applicationId)
  } catch (error) {
    if (error instanceof NotFound) return undefined
    throw error
  }
}
