// A person's own data (UK GDPR subject access): everything held about the signed-in person,
// each part through the view they already read it by, so nothing about anyone else is in it.
import * as z from 'zod/mini'
import { ApplicantApplication } from './application.js'
import { PanelMember } from './assessing.js'
import { AskedClarification } from './clarification.js'
import { IsoInstant, Line } from './common.js'
import { Registration } from './events.js'
import { ApplicantDecision } from './feedback.js'
import { GranteeCheckIn } from './grant-programme.js'
import { GranteeReport } from './grant-reports.js'
import { GranteeGrant } from './grants.js'
import { Problem, StakeholderGroup } from './intake.js'
import { IntroductionStatus, MatchProfile } from './matching.js'
import { meta } from './meta.js'
import { YourOrganisation } from './organisation.js'
import { User } from './user.js'

/** One of your expressions of interest, with what followed it: the decision (once released), the grant, its reports and check-ins. */
export const MyApplicationData = meta(
  z.object({
    application: ApplicantApplication,
    decision: z.optional(ApplicantDecision),
    grant: z.optional(GranteeGrant),
    reports: z.array(GranteeReport),
    checkIns: z.array(GranteeCheckIn),
  }),
  { id: 'MyApplicationData' },
)
export type MyApplicationData = z.infer<typeof MyApplicationData>

/** Your registration for an event, with the event's title and start. */
export const MyEventRegistration = meta(
  z.object({
    registration: Registration,
    eventTitle: z.string(),
    eventStartsAt: IsoInstant,
  }),
  { id: 'MyEventRegistration' },
)
export type MyEventRegistration = z.infer<typeof MyEventRegistration>

/** A problem owner's invitation (as the manager entered it) and the problems they proposed, as they read them. */
export const MyProblemOwnerData = meta(
  z.object({
    invitation: z.optional(
      z.object({ name: z.string(), email: z.string(), organisation: z.string(), invitedAt: IsoInstant }),
    ),
    problems: z.array(Problem),
  }),
  { id: 'MyProblemOwnerData' },
)
export type MyProblemOwnerData = z.infer<typeof MyProblemOwnerData>

/**
 * A prioritisation round you were invited to (by your sign-in email). The round holds no email:
 * your invitation (group, link) and ballot are kept under a keyed pseudonym of your email, which
 * is how they are found here; the ballot counts in the results by group, never with your name.
 */
export const MyRoundInvitation = meta(
  z.object({
    roundId: z.string(),
    roundTitle: z.string(),
    group: StakeholderGroup,
    voted: z.boolean(),
    ballot: z.optional(
      z.object({
        castAt: IsoInstant,
        support: z.array(z.object({ problemId: z.string(), problemTitle: z.string(), points: z.number() })),
      }),
    ),
  }),
  { id: 'MyRoundInvitation' },
)
export type MyRoundInvitation = z.infer<typeof MyRoundInvitation>

/**
 * An introduction from your side: the message only if your side sent it, and who you were
 * introduced to (their organisation and contact) only once both sides accepted.
 */
export const MyIntroduction = meta(
  z.object({
    id: z.string(),
    status: IntroductionStatus,
    sentByMe: z.boolean(),
    message: z.optional(z.string()),
    requestedAt: IsoInstant,
    answeredAt: z.optional(IsoInstant),
    introducedTo: z.optional(
      z.object({ organisationName: z.string(), contactName: z.string(), contactEmail: z.string() }),
    ),
  }),
  { id: 'MyIntroduction' },
)
export type MyIntroduction = z.infer<typeof MyIntroduction>

/** A partner-matching profile you are the contact for (your organisation's, or a challenge's you were named for), and its introductions. */
export const MyMatchingProfile = meta(z.object({ profile: MatchProfile, introductions: z.array(MyIntroduction) }), {
  id: 'MyMatchingProfile',
})
export type MyMatchingProfile = z.infer<typeof MyMatchingProfile>

/** A panel you were invited to: the record kept of you (name, email, role, organisation) and your answer. */
export const MyPanelMembership = meta(
  z.pick(PanelMember, {
    competitionId: true,
    competitionTitle: true,
    email: true,
    name: true,
    role: true,
    organisation: true,
    status: true,
    invitedAt: true,
    respondedAt: true,
  }),
  { id: 'MyPanelMembership' },
)
export type MyPanelMembership = z.infer<typeof MyPanelMembership>

/** A file you uploaded: to an EOI's answer, or as evidence on a grant's report. */
export const MyFile = meta(
  z.object({
    kind: z.enum(['eoi-answer', 'report-evidence']),
    applicationId: z.string(),
    questionId: z.optional(z.string()),
    milestoneId: z.optional(z.string()),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number(),
    uploaded: z.boolean(),
  }),
  { id: 'MyFile' },
)
export type MyFile = z.infer<typeof MyFile>

/** What is held about you; `notHeld` says what is kept without your name (so cannot be given). */
export const MyData = meta(
  z.object({
    generatedAt: IsoInstant,
    you: User,
    organisation: z.optional(YourOrganisation),
    applications: z.array(MyApplicationData),
    questions: z.array(AskedClarification),
    eventRegistrations: z.array(MyEventRegistration),
    /** Present for a problem owner (invited, or with problems). */
    problemOwner: z.optional(MyProblemOwnerData),
    roundInvitations: z.array(MyRoundInvitation),
    matchingProfiles: z.array(MyMatchingProfile),
    panelMemberships: z.array(MyPanelMembership),
    /** Every file you uploaded, by name and kind (they are in `applications` too; download them from their pages). */
    files: z.array(MyFile),
    notHeld: z.array(z.string()),
  }),
  { id: 'MyData' },
)
export type MyData = z.infer<typeof MyData>

/** The words a person types to confirm they want their data erased. */
export const ERASE_CONFIRMATION = 'erase my data'

export const MyErasureInput = meta(
  z.strictObject({
    confirm: meta(z.literal(ERASE_CONFIRMATION, { message: `must be “${ERASE_CONFIRMATION}”` }), {
      description: `Type “${ERASE_CONFIRMATION}” to confirm: it cannot be undone.`,
    }),
  }),
  { id: 'MyErasureInput' },
)
export type MyErasureInput = z.infer<typeof MyErasureInput>

export const ErasureRequest = meta(
  z.strictObject({
    reason: meta(Line(500), { description: 'Why: the person’s request (when and how it came), for the record.' }),
  }),
  { id: 'ErasureRequest' },
)
export type ErasureRequest = z.infer<typeof ErasureRequest>

/** What an erasure did: counts only, so it says nothing more about the person. */
export const ErasureReceipt = meta(
  z.object({
    userId: z.string(),
    erasedAt: IsoInstant,
    applications: z.number().check(z.int()),
    /** A sole trader's or individual's organisation name (a person's name) was erased too. */
    organisationNameErased: z.boolean(),
    questions: z.number().check(z.int()),
    eventRegistrations: z.number().check(z.int()),
    emailsCancelled: z.number().check(z.int()),
    /** Problems whose owner's name and email (and named lead) were erased. */
    problems: z.number().check(z.int()),
    /** Prioritisation-round invitations deleted (ballots stay, under their pseudonym). */
    roundInvitations: z.number().check(z.int()),
    matchingProfiles: z.number().check(z.int()),
    panelMemberships: z.number().check(z.int()),
    /** EOI answer files deleted from storage. */
    filesDeleted: z.number().check(z.int()),
  }),
  { id: 'ErasureReceipt' },
)
export type ErasureReceipt = z.infer<typeof ErasureReceipt>
