// Links from emails back to the service: the web page each email is about, as an absolute
// address built from the configured public URL (the CloudFront domain in the cloud,
// localhost locally). The paths are routes of the web app (web/src/main.tsx); a test checks
// every email kind links to one that exists.
import type { Ctx } from '../context.js'

export const pagePaths = {
  /** The applicant's EOI: its status, receipt and, once released, the offer and its answer. */
  application: (applicationId: string) => `/applications/${encodeURIComponent(applicationId)}`,
  /** The applicant's decision, feedback, signposts and feedback call. */
  decision: (applicationId: string) => `/applications/${encodeURIComponent(applicationId)}/decision`,
  /** The grantee's grant agreement: read and accept it; milestones, payments and what is paid. */
  grant: (applicationId: string) => `/applications/${encodeURIComponent(applicationId)}/grant`,
  /** The grantee's change requests to their grant, and the answers. */
  grantChanges: (applicationId: string) => `/applications/${encodeURIComponent(applicationId)}/grant/changes`,
  /** A panellist's panels: invitations to answer, declarations and scoring. */
  panel: () => '/panel',
  /** The programme manager's awards and budget for a competition. */
  awards: (competitionId: string) => `/manage/competitions/${encodeURIComponent(competitionId)}/awards`,
  /** The grantee's check-in 6 or 12 months after their grant ends. */
  checkIn: (applicationId: string, round: '6' | '12') =>
    `/applications/${encodeURIComponent(applicationId)}/grant/check-ins/${round}`,
  /** The grantee's progress report on one milestone of their grant: write, send, answer a query. */
  grantReport: (applicationId: string, milestoneId: string) =>
    `/applications/${encodeURIComponent(applicationId)}/grant/reports/${encodeURIComponent(milestoneId)}`,
  /** An event's public page: what, when, where, register, the calendar file. */
  event: (eventId: string) => `/events/${encodeURIComponent(eventId)}`,
  /** A registrant's own registration, reached with the secret from their email: confirm, cancel, join. */
  eventRegistration: (eventId: string, registrationId: string, token: string) =>
    `/events/${encodeURIComponent(eventId)}/registrations/${encodeURIComponent(registrationId)}?token=${encodeURIComponent(token)}`,
  /** A partner-matching profile: its matches and introductions (a challenge owner's link carries its secret). */
  matchProfile: (competitionId: string, profileId: string, token?: string) =>
    `/competitions/${encodeURIComponent(competitionId)}/matching/${encodeURIComponent(profileId)}${token ? `?token=${encodeURIComponent(token)}` : ''}`,
  /** One introduction as a side of it sees it: accept, decline or withdraw; the other's contact once both accept. */
  introduction: (competitionId: string, profileId: string, introductionId: string, token?: string) =>
    `/competitions/${encodeURIComponent(competitionId)}/matching/${encodeURIComponent(profileId)}/introductions/${encodeURIComponent(introductionId)}${token ? `?token=${encodeURIComponent(token)}` : ''}`,
  /** A problem owner's problems: propose one, see each one's status. */
  ownerProblems: () => '/problems',
  /** A problem owner's problem: edit it, answer the programme manager's request for more. */
  ownerProblem: (problemId: string) => `/problems/${encodeURIComponent(problemId)}`,
  /** A stakeholder's ballot in a prioritisation round, reached with the token from their email. */
  vote: (roundId: string, voter: string, token: string) =>
    `/vote/${encodeURIComponent(roundId)}/${encodeURIComponent(voter)}?token=${encodeURIComponent(token)}`,
  /** The programme manager's review of a progress report: approve, reject or query it. */
  grantReview: (competitionId: string, applicationId: string, milestoneId: string) =>
    `/manage/competitions/${encodeURIComponent(competitionId)}/grants/${encodeURIComponent(applicationId)}/reports/${encodeURIComponent(milestoneId)}`,
}

/** The absolute address of a page of the site. */
export const pageUrl = (ctx: Pick<Ctx, 'publicUrl'>, path: string): string => new URL(path, ctx.publicUrl).href
