// The email telling the grantee a change request was approved or refused, linking to their
// change requests' page; written in the decision's transaction.
import { formatPence } from '../../../shared/money.js'
import type { ChangeRequest, ChangeRequestInput } from '../../../shared/schemas/grant-changes.js'
import type { Grant } from '../../../shared/schemas/grants.js'
import { outboxPut } from '../../db/outbox-repo.js'
import type { Ctx } from '../context.js'
import { newId } from '../ids.js'
import { pagePaths, pageUrl } from '../notifications/links.js'

/** The outbox write of the decision's email to the applicant's contact. */
export function changeDecidedEmail(
  ctx: Ctx,
  to: string,
  {
    competitionTitle,
    grant,
    change,
    at,
  }: { competitionTitle: string; grant: Grant; change: ChangeRequest; at: string },
) {
  return outboxPut(ctx.db, {
    id: newId(),
    to,
    kind: 'grant-change-decided',
    createdAt: at,
    status: 'pending',
    ...decisionEmail(competitionTitle, grant, change, pageUrl(ctx, pagePaths.grantChanges(grant.applicationId))),
  })
}

/** What a change request asks for, in a phrase for an email. */
function asked(grant: Grant, request: ChangeRequestInput): string {
  switch (request.kind) {
    case 'extend': {
      const title = grant.milestones.find((m) => m.id === request.milestoneId)?.title ?? request.milestoneId
      return `more time for “${title}”, to ${longDate(request.newDueOn)}`
    }
    case 'scope':
      return 'a change to the scope of the work'
    case 'indicators':
      return 'a change to the indicators'
    case 'reduce':
      return `a smaller award of ${formatPence(request.amountPence)}`
  }
}

/** The email telling the grantee their change request was approved or refused, linking to their requests. */
function decisionEmail(competitionTitle: string, grant: Grant, change: ChangeRequest, link: string) {
  const answer = change.status === 'approved' ? 'approved' : 'refused'
  return {
    subject: `Your change request for “${competitionTitle}” was ${answer}`,
    text: [
      `The programme team ${answer} ${grant.organisationName}’s request for ${asked(grant, change.request)}.`,
      ...(change.decisionReason ? ['', `They said: ${change.decisionReason}`] : []),
      '',
      `See your change requests: ${link}`,
    ].join('\n'),
  }
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
const longDate = (date: string) => dateFormat.format(new Date(`${date}T00:00:00Z`))
