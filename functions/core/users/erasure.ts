// Erasure (UK GDPR art. 17): a person's name, email and the free text that identifies them are
// replaced with "[erased]" (or the item that only holds them deleted) wherever they are kept
// under their account: the account, a sole trader's or individual's organisation, their EOIs'
// contact and answers and their feedback calls' text, the candidate's, award's, grant's and
// feedback's name where it is a person's, their name on the grant's items (acceptance, reports,
// check-ins, change requests) and the names of the evidence files, the files in their EOIs' answers
// (deleted from storage), the questions they asked, their event registrations, the problems they
// proposed (owner's name and email, named lead) and their problem-owner invitation, their
// prioritisation-round invitations and their own list of those rounds (ballots stay,
// pseudonymous), the matching profiles they are the contact for and the messages those sent,
// their panel records, and emails not yet sent.
// Ids, amounts, scores, ballots, statuses, decisions, the ledger and the audit chain are not
// touched (report evidence files stay: approvals and payments rest on them); every write is a commit(), so each competition's
// chain records that an erasure happened (its action names the erasure route) and still verifies.
// Erasing twice finds nothing left to erase and says the same.
import type { Answer, Application } from '../../../shared/schemas/application.js'
import type { ErasureReceipt } from '../../../shared/schemas/my-data.js'
import type { Organisation } from '../../../shared/schemas/organisation.js'
import type { User } from '../../../shared/schemas/user.js'
import { getApplication, listApplicationsByOrganisation } from '../../db/applications-repo.js'
import { listClarificationsAskedBy } from '../../db/clarifications-repo.js'
import {
  cancelPendingEmailsTo,
  deleteProblemOwnerItem,
  deleteRoundInvitee,
  deleteRoundVoter,
  ERASED,
  eraseApplicationItem,
  eraseClarificationAsker,
  eraseFeedbackCall,
  eraseFeedbackNames,
  eraseGrantNames,
  eraseIntroductionMessage,
  eraseMatchProfile,
  erasedEmail,
  eraseOrganisationItem,
  eraseOrganisationNameCopies,
  erasePanelMember,
  eraseProblemOwner,
  eraseRegistration,
  eraseUserItem,
} from '../../db/erasure-repo.js'
import { listRegistrationsOfEmail } from '../../db/events-repo.js'
import { listAllIntroductionsOfProfile } from '../../db/matching-repo.js'
import { inviteePseudonym } from '../../db/intake-repo.js'
import { getMembership, getOrganisation } from '../../db/organisations-repo.js'
import { getUser } from '../../db/users-repo.js'
import { ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, StateConflict } from '../errors.js'
import { answerFileKey } from '../applications/file-answers.js'
import { isFileAnswer } from '../applications/answer-rules.js'
import { ensureAskedIndex } from '../clarifications/asked-index.js'
import { objectOf, type ObjectRef } from '../files/file-store.js'
import { log } from '../log.js'
import { invitedRoundsOf, matchingProfilesOf, panelItemsOf, problemsOf, roundInvitationsOf } from './person-data.js'

/** Organisations whose name is a person's: a sole trader trades under their own name; an individual is one. */
export const namesAPerson = (organisation: Pick<Organisation, 'type'>) =>
  organisation.type === 'sole-trader' || organisation.type === 'individual'

/**
 * Where sign-in accounts live, to disable one: Cognito in the cloud (functions/adapters). Locally
 * the user item is the directory, and its `erasedAt` already makes the account gone.
 */
export type SignInAccounts = { disable(userId: string): Promise<void> }

type ErasureCtx = Ctx & { accounts?: SignInAccounts }

/** How many times an EOI is read again after an autosave beat the erasure to it. */
const ATTEMPTS = 8

/** The signed-in person erases their own data. */
export async function eraseMyData(ctx: ErasureCtx, user: User): Promise<ErasureReceipt> {
  return erase(ctx, user.id)
}

/** A programme manager erases a person's data on their request; someone who does not exist is a 404. */
export async function erasePerson(
  ctx: ErasureCtx,
  manager: User,
  userId: string,
  reason: string,
): Promise<ErasureReceipt> {
  const receipt = await erase(ctx, userId)
  log.info('erasure on request', { userId, by: manager.id, reason })
  return receipt
}

async function erase(ctx: ErasureCtx, userId: string): Promise<ErasureReceipt> {
  const user = await getUser(ctx.db, userId)
  if (!user) throw new NotFound('person')
  const at = ctx.now().toISOString()
  const email = user.email
  await ensureAskedIndex(ctx)
  const [organisationId, questions, registrations, intake, rounds, invitedRounds, profiles, panel] = await Promise.all([
    getMembership(ctx.db, user.id),
    listClarificationsAskedBy(ctx.db, user.id),
    listRegistrationsOfEmail(ctx.db, email),
    problemsOf(ctx, user),
    roundInvitationsOf(ctx, email),
    invitedRoundsOf(ctx, email),
    matchingProfilesOf(ctx, user),
    panelItemsOf(ctx, email),
  ])
  // The account first: its tokens stop working, so nothing new arrives from it while the rest is erased.
  await eraseUserItem(ctx.db, user, at)
  await ctx.accounts?.disable(user.id)
  const organisation = organisationId ? await getOrganisation(ctx.db, organisationId) : undefined
  const personal = organisation ? namesAPerson(organisation) : false
  let applications = 0
  const files: ObjectRef[] = []
  if (organisation) {
    let cursor: string | undefined
    do {
      const page = await listApplicationsByOrganisation(ctx.db, organisation.id, { limit: 100, cursor })
      for (const application of page.items) {
        files.push(...(await eraseApplication(ctx, application.id, personal)))
        await eraseFeedbackCall(ctx.db, application.competitionId, application.id, personal)
        if (personal) {
          await eraseOrganisationNameCopies(ctx.db, application.competitionId, application.id)
          await eraseFeedbackNames(ctx.db, application.competitionId, application.id)
        }
        await eraseNamesOnGrant(ctx, application.competitionId, application.id, user.id)
        applications++
      }
      cursor = page.nextCursor
    } while (cursor)
    if (personal && organisation.name !== ERASED) await eraseOrganisationItem(ctx.db, organisation)
  }
  // The EOIs no longer point at their files: delete them from storage (a failure only leaves bytes nobody can reach).
  if (files.length)
    await ctx.files.remove(files).catch((error) => log.warn('Could not remove erased answer files', { error }))
  for (const question of questions) await eraseClarificationAsker(ctx.db, question)
  for (const { registration } of registrations) await eraseRegistration(ctx.db, registration)
  if (intake.owner) await deleteProblemOwnerItem(ctx.db, intake.owner.email)
  for (const problem of intake.problems) await eraseProblemOwner(ctx.db, problem.id, user.id)
  for (const { round, voter } of rounds) await deleteRoundVoter(ctx.db, round.id, voter.voter)
  const invitee = inviteePseudonym(ctx.db, email)
  for (const round of invitedRounds) await deleteRoundInvitee(ctx.db, invitee, round)
  for (const profile of profiles) {
    await eraseMatchProfile(ctx.db, profile, personal && profile.organisationId === organisation?.id)
    for (const intro of await listAllIntroductionsOfProfile(ctx.db, profile.competitionId, profile.id))
      if (intro.fromProfileId === profile.id && intro.message && intro.message !== ERASED)
        await eraseIntroductionMessage(ctx.db, intro)
  }
  const address = erasedEmail(user.id)
  for (const member of panel.members)
    await erasePanelMember(
      ctx.db,
      member,
      {
        declarations: panel.declarations.filter((d) => d.competitionId === member.competitionId),
        sheets: panel.sheets.filter((s) => s.competitionId === member.competitionId),
      },
      address,
    )
  const emailsCancelled = email === address ? 0 : await cancelPendingEmailsTo(ctx.db, email)
  return {
    userId: user.id,
    erasedAt: at,
    applications,
    organisationNameErased: personal,
    questions: questions.length,
    eventRegistrations: registrations.length,
    emailsCancelled,
    problems: intake.problems.length,
    roundInvitations: rounds.length,
    matchingProfiles: profiles.length,
    panelMemberships: panel.members.length,
    filesDeleted: files.length,
  }
}

/** The person's name on their grant's items, read again if one of them changed meanwhile. */
async function eraseNamesOnGrant(ctx: ErasureCtx, competitionId: string, applicationId: string, userId: string) {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++)
    if (await eraseGrantNames(ctx.db, competitionId, applicationId, userId)) return
  throw new StateConflict('A grant kept changing while it was being erased: try again.')
}

/**
 * The EOI's contact and answers (and a personal organisation name) erased, at the version read;
 * read again if an autosave won. Returns where the files its answers held are stored.
 */
export async function eraseApplication(
  ctx: Pick<Ctx, 'db'>,
  applicationId: string,
  personal: boolean,
): Promise<ObjectRef[]> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const read = await getApplication(ctx.db, applicationId)
    if (!read) return []
    try {
      await eraseApplicationItem(ctx.db, erasedApplication(read, personal), read)
      return Object.entries(read.answers).flatMap(([questionId, answer]) =>
        isFileAnswer(answer) ? [objectOf(answerFileKey(applicationId, questionId, answer.file), answer.file)] : [],
      )
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error
    }
  }
  throw new StateConflict('An expression of interest kept changing while it was being erased: try again.')
}

/** The EOI with nothing that identifies its person, at the next version. */
export function erasedApplication(application: Application, personal: boolean): Application {
  const answers = Object.fromEntries(Object.entries(application.answers).map(([id, a]) => [id, erasedAnswer(a)]))
  const next: Application = {
    ...application,
    answers,
    ...(application.contact ? { contact: { name: ERASED, email: erasedEmail(application.id) } } : {}),
    ...(personal ? { organisationName: ERASED } : {}),
  }
  // Always a new version, even with nothing left to erase: an autosave read before the erasure then cannot land after it.
  return { ...next, version: application.version + 1 }
}

/** Text goes; numbers and choices (ids of the form's options) say nothing about who wrote them. */
function erasedAnswer(answer: Answer): Answer {
  if (typeof answer === 'string') return ERASED
  if (typeof answer === 'number' || Array.isArray(answer)) return answer
  if ('file' in answer) return ERASED
  return { mode: 'text', text: ERASED }
}
