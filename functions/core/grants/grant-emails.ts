// The emails a grant's review and payments send, each linking to the page it is about: to the
// grantee when their report is queried (the section and the question) or rejected (the reason),
// when a milestone is approved (and which payment now falls due), and when a payment is
// recorded (amount, date, reference); to the manager who sent the agreement when a report comes
// in for review. Each is an outbox write in the same transaction as the decision or payment, so
// a decision repeated or lost in a race sends nothing.
import type { Report, ReportSection } from '../../../shared/schemas/grant-reports.js'
import type { Grant, Tranche } from '../../../shared/schemas/grants.js'
import { formatPence } from '../../../shared/money.js'
import { getCandidate } from '../../db/assessing-repo.js'
import { getCompetition } from '../../db/competitions-repo.js'
import { outboxPut } from '../../db/outbox-repo.js'
import { getUser } from '../../db/users-repo.js'
import type { Write } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { newId } from '../ids.js'
import { log } from '../log.js'
import { pagePaths, pageUrl } from '../notifications/links.js'

type EmailCtx = Pick<Ctx, 'db' | 'publicUrl'>

const sectionNames: Record<ReportSection, string> = {
  progress: 'what was done',
  evidence: 'evidence',
  indicators: 'indicators',
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
const formatDate = (date: string) => dateFormat.format(new Date(`${date}T00:00:00Z`))

/** The grantee's contact address and the competition's title (none: no email, logged). */
async function granteeOf(ctx: EmailCtx, grant: Grant) {
  const [candidate, competition] = await Promise.all([
    getCandidate(ctx.db, grant.competitionId, grant.applicationId),
    getCompetition(ctx.db, grant.competitionId),
  ])
  const to = candidate?.contactEmail
  if (!to) log.warn('A grantee has no contact email: not emailed', { applicationId: grant.applicationId })
  return { to, title: competition?.title ?? 'the competition' }
}

/**
 * The email of a decision on a report (`report` and `grant` as decided): queried, rejected, or
 * approved with the tranches that fell due with it (`due`); none when the grantee has no contact address.
 */
export async function reportDecisionEmail(
  ctx: EmailCtx,
  grant: Grant,
  report: Report,
  due: Tranche[],
  at: string,
): Promise<Write[]> {
  const { to, title } = await granteeOf(ctx, grant)
  if (!to) return []
  const milestone = grant.milestones.find((m) => m.id === report.milestoneId)!
  const reportLink = pageUrl(ctx, pagePaths.grantReport(grant.applicationId, report.milestoneId))
  const named = `“${milestone.title}”`
  let email: { kind: string; subject: string; text: string }
  if (report.status === 'queried') {
    const query = report.query!
    email = {
      kind: 'grant-report-queried',
      subject: `A question about your progress report on ${named}`,
      text: [
        `The programme team has a question about the ${sectionNames[query.section]} section of ${grant.organisationName}’s progress report on the milestone ${named} of your grant from “${title}”:`,
        '',
        query.question,
        '',
        `Change that section (the rest stays as you sent it), answer the question and send the report again: ${reportLink}`,
      ].join('\n'),
    }
  } else if (report.status === 'rejected') {
    email = {
      kind: 'grant-report-rejected',
      subject: `Your progress report on ${named} was not approved`,
      text: [
        `The programme team did not approve ${grant.organisationName}’s progress report on the milestone ${named} of your grant from “${title}”. They said:`,
        '',
        report.rejection!.reason,
        '',
        `Change your report and send it again: ${reportLink}`,
      ].join('\n'),
    }
  } else {
    email = {
      kind: 'grant-milestone-approved',
      subject: `Your milestone ${named} is approved`,
      text: [
        `The programme team approved ${grant.organisationName}’s progress report on the milestone ${named} of your grant from “${title}”.`,
        '',
        ...(due.length
          ? [
              `Now due to be paid: ${due
                .map((t) => `“${t.label}”, ${formatPence(grant.progress!.tranches[t.id]!.amountPence)}`)
                .join('; ')}. We will email you when it is paid.`,
            ]
          : ['No payment falls due on this milestone.']),
        '',
        `Your report: ${reportLink}`,
        `Your grant, its milestones and payments: ${pageUrl(ctx, pagePaths.grant(grant.applicationId))}`,
      ].join('\n'),
    }
  }
  return [outboxPut(ctx.db, { id: newId(), to, createdAt: at, status: 'pending', ...email })]
}

/** The email telling the grantee a tranche was paid (`grant` as paid): amount, date and reference. */
export async function paymentEmail(ctx: EmailCtx, grant: Grant, trancheId: string, at: string): Promise<Write[]> {
  const { to, title } = await granteeOf(ctx, grant)
  const tranche = grant.tranches.find((t) => t.id === trancheId)
  const payment = grant.progress?.tranches[trancheId]?.payment
  if (!to || !tranche || !payment) return []
  return [
    outboxPut(ctx.db, {
      id: newId(),
      to,
      kind: 'grant-payment-recorded',
      createdAt: at,
      status: 'pending',
      subject: `Payment of ${formatPence(payment.amountPence)} from “${title}”`,
      text: [
        `The programme team paid ${grant.organisationName} ${formatPence(payment.amountPence)}, the tranche “${tranche.label}” of your grant from “${title}”, on ${formatDate(payment.paidOn)}.`,
        `Payment reference: ${payment.reference}`,
        '',
        `So far ${formatPence(grant.paidPence)} of your ${formatPence(grant.awardPence)} grant has been paid.${grant.status === 'completed' ? ' That was the last payment: your grant is completed.' : ''}`,
        '',
        `Your grant and its payments: ${pageUrl(ctx, pagePaths.grant(grant.applicationId))}`,
      ].join('\n'),
    }),
  ]
}

/** The email telling the manager who sent the agreement that a report is in for review (none without them). */
export async function reportSubmittedEmail(ctx: EmailCtx, grant: Grant, report: Report, at: string): Promise<Write[]> {
  const [manager, competition] = await Promise.all([
    grant.sentBy ? getUser(ctx.db, grant.sentBy) : undefined,
    getCompetition(ctx.db, grant.competitionId),
  ])
  if (!manager) return []
  const milestone = grant.milestones.find((m) => m.id === report.milestoneId)!
  const answered = !!report.query?.answeredAt && report.query.answeredAt === report.submittedAt
  return [
    outboxPut(ctx.db, {
      id: newId(),
      to: manager.email,
      kind: 'grant-report-submitted',
      createdAt: at,
      status: 'pending',
      subject: `${grant.organisationName}’s progress report on “${milestone.title}” is ready to review`,
      text: [
        answered
          ? `${grant.organisationName} answered your query and sent their progress report on the milestone “${milestone.title}” (“${competition?.title ?? 'the competition'}”) again.`
          : `${grant.organisationName} sent their progress report on the milestone “${milestone.title}” (“${competition?.title ?? 'the competition'}”) for review.`,
        '',
        `Review it: ${pageUrl(ctx, pagePaths.grantReview(grant.competitionId, grant.applicationId, report.milestoneId))}`,
      ].join('\n'),
    }),
  ]
}
