// Subject access (UK GDPR art. 15): everything held about the signed-in person, gathered from
// the same reads that serve them each item, so each part is exactly what they may already see:
// their own EOIs and what followed, the questions they asked, their event registrations, the
// problems they proposed, the rounds they were invited to, the matching profiles they are the
// contact for (with their side of each introduction), their panel memberships and the files they
// uploaded. Nothing another person wrote about them privately (panel notes, scores' authors) is
// in it, nor anything about anyone else (another side's contact only once both accepted).
import type { Application } from '../../../shared/schemas/application.js'
import type {
  MyApplicationData,
  MyData,
  MyFile,
  MyIntroduction,
  MyMatchingProfile,
  MyProblemOwnerData,
  MyRoundInvitation,
} from '../../../shared/schemas/my-data.js'
import type { MatchProfile } from '../../../shared/schemas/matching.js'
import type { User } from '../../../shared/schemas/user.js'
import { listClarificationsAskedBy } from '../../db/clarifications-repo.js'
import { listRegistrationsOfEmail } from '../../db/events-repo.js'
import { getCheckIns } from '../../db/grant-programme-repo.js'
import { getReport } from '../../db/grant-reports-repo.js'
import { getBallot } from '../../db/intake-repo.js'
import { getProfiles, listAllIntroductionsOfProfile } from '../../db/matching-repo.js'
import { getMembership, getOrganisation } from '../../db/organisations-repo.js'
import { isFileAnswer } from '../applications/answer-rules.js'
import { ensureAskedIndex } from '../clarifications/asked-index.js'
import { listMyApplications } from '../applications/applications.js'
import type { Ctx } from '../context.js'
import { NotFound } from '../errors.js'
import { getDecision } from '../feedback/decision.js'
import { getOwnGrant } from '../grants/grants.js'
import { matchingProfilesOf, panelItemsOf, problemsOf, roundInvitationsOf } from './person-data.js'
import { whoAmI } from './users.js'

/** What the export says is kept without anyone's name, so it cannot be part of anyone's export. */
export const NOT_HELD = [
  'Your answers to the diversity and inclusion survey: they are stored apart from your expression of interest, with no link to you or your organisation, and are reported only as counts, so they cannot be found or given back to you.',
  'Event page views: only a count per day is kept, never who viewed.',
  'Your email in prioritisation rounds: a round keeps only a keyed pseudonym of it, with your group, your link and your ballot (listed under roundInvitations), and, under a keyed pseudonym of your email alone, the title and dates of each of those rounds for your list of rounds when you sign in (the same rounds); the invitation email itself is deleted a week after the round closes.',
]

/** An organisation has one EOI per competition: this many pages of 100 is far beyond any real count. */
const MAX_APPLICATION_PAGES = 20

/** Everything held about `user`, as they may read it. */
export async function gatherMyData(ctx: Ctx, user: User): Promise<MyData> {
  await ensureAskedIndex(ctx)
  const [you, organisationId, questions, registrations, problemOwner, roundInvitations, matchingProfiles, panel] =
    await Promise.all([
      whoAmI(ctx, user),
      getMembership(ctx.db, user.id),
      listClarificationsAskedBy(ctx.db, user.id),
      listRegistrationsOfEmail(ctx.db, user.email),
      problemOwnerData(ctx, user),
      myRoundInvitations(ctx, user.email),
      myMatchingProfiles(ctx, user),
      panelItemsOf(ctx, user.email),
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
  const followed = await Promise.all(applications.map((application) => whatFollowed(ctx, user, application)))
  return {
    generatedAt: ctx.now().toISOString(),
    you,
    organisation,
    applications: followed,
    questions,
    eventRegistrations: registrations.map(({ registration, event }) => ({
      registration,
      eventTitle: event.title,
      eventStartsAt: event.startsAt,
    })),
    ...(problemOwner ? { problemOwner } : {}),
    roundInvitations,
    matchingProfiles,
    panelMemberships: panel.members,
    files: filesOf(followed),
    notHeld: NOT_HELD,
  }
}

async function problemOwnerData(ctx: Ctx, user: User): Promise<MyProblemOwnerData | undefined> {
  const { owner, problems } = await problemsOf(ctx, user)
  if (!owner && problems.length === 0) return undefined
  return {
    ...(owner
      ? {
          invitation: {
            name: owner.name,
            email: owner.email,
            organisation: owner.organisation,
            invitedAt: owner.invitedAt,
          },
        }
      : {}),
    problems,
  }
}

/** Each round invitation with the ballot cast under it, the problems named by their titles. */
async function myRoundInvitations(ctx: Ctx, email: string): Promise<MyRoundInvitation[]> {
  const invitations = await roundInvitationsOf(ctx, email)
  return Promise.all(
    invitations.map(async ({ round, voter }) => {
      const ballot = await getBallot(ctx.db, round.id, voter.voter)
      const titles = new Map(round.problems.map((p) => [p.id, p.title]))
      return {
        roundId: round.id,
        roundTitle: round.title,
        group: voter.group,
        voted: ballot !== undefined,
        ...(ballot
          ? {
              ballot: {
                castAt: ballot.castAt,
                support: ballot.support.map((s) => ({
                  problemId: s.problemId,
                  problemTitle: titles.get(s.problemId) ?? '',
                  points: s.points,
                })),
              },
            }
          : {}),
      }
    }),
  )
}

/**
 * Each profile the person is the contact for, and its side of each introduction: the message
 * only if this side sent it, the other side's organisation and contact only once both accepted.
 */
async function myMatchingProfiles(ctx: Ctx, user: User): Promise<MyMatchingProfile[]> {
  const profiles = await matchingProfilesOf(ctx, user)
  return Promise.all(
    profiles.map(async (profile) => {
      const introductions = await listAllIntroductionsOfProfile(ctx.db, profile.competitionId, profile.id)
      const otherOf = (i: { fromProfileId: string; toProfileId: string }) =>
        i.fromProfileId === profile.id ? i.toProfileId : i.fromProfileId
      const accepted = introductions.filter((i) => i.status === 'accepted')
      const others = new Map<string, MatchProfile>(
        (await getProfiles(ctx.db, profile.competitionId, accepted.map(otherOf))).map((p) => [p.id, p]),
      )
      return {
        profile,
        introductions: introductions.map((i): MyIntroduction => {
          const sentByMe = i.fromProfileId === profile.id
          const other = i.status === 'accepted' ? others.get(otherOf(i)) : undefined
          return {
            id: i.id,
            status: i.status,
            sentByMe,
            ...(sentByMe ? { message: i.message } : {}),
            requestedAt: i.requestedAt,
            ...(i.answeredAt ? { answeredAt: i.answeredAt } : {}),
            ...(other
              ? {
                  introducedTo: {
                    organisationName: other.organisationName,
                    contactName: other.contactName,
                    contactEmail: other.contactEmail,
                  },
                }
              : {}),
          }
        }),
      }
    }),
  )
}

/** The files in the person's EOIs' answers and on their grants' reports, by name and kind. */
function filesOf(applications: MyApplicationData[]): MyFile[] {
  return applications.flatMap(({ application, reports }) => [
    ...Object.entries(application.answers).flatMap(([questionId, answer]) =>
      isFileAnswer(answer)
        ? [{ kind: 'eoi-answer' as const, applicationId: application.id, questionId, ...fileFields(answer.file) }]
        : [],
    ),
    ...reports.flatMap((report) =>
      report.files.map((file) => ({
        kind: 'report-evidence' as const,
        applicationId: application.id,
        milestoneId: report.milestoneId,
        ...fileFields(file),
      })),
    ),
  ])
}

const fileFields = (file: { filename: string; contentType: string; sizeBytes: number; uploaded: boolean }) => ({
  filename: file.filename,
  contentType: file.contentType,
  sizeBytes: file.sizeBytes,
  uploaded: file.uploaded,
})

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
