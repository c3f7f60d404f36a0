// Erasure (UK GDPR art. 17): a person's name, email and the free text that identifies them are
// replaced with "[erased]" (or the item that only holds them deleted) wherever they are kept
// under their account: the account, a sole trader's or individual's organisation, their EOIs'
// contact and answers and their feedback calls' text, the candidate's, award's and grant's name where it is a person's, the questions they asked, their
// event registrations and emails not yet sent. Ids, amounts, scores, statuses, decisions, the
// ledger and the audit chain are not touched: every write is a commit(), so each competition's
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
  ERASED,
  eraseApplicationItem,
  eraseClarificationAsker,
  eraseFeedbackCall,
  erasedEmail,
  eraseOrganisationItem,
  eraseOrganisationNameCopies,
  eraseRegistration,
  eraseUserItem,
} from '../../db/erasure-repo.js'
import { listRegistrationsOfEmail } from '../../db/events-repo.js'
import { getMembership, getOrganisation } from '../../db/organisations-repo.js'
import { getUser } from '../../db/users-repo.js'
import { ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, StateConflict } from '../errors.js'
import { log } from '../log.js'

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
  const [organisationId, questions, registrations] = await Promise.all([
    getMembership(ctx.db, user.id),
    listClarificationsAskedBy(ctx.db, user.id),
    listRegistrationsOfEmail(ctx.db, email),
  ])
  // The account first: its tokens stop working, so nothing new arrives from it while the rest is erased.
  await eraseUserItem(ctx.db, user, at)
  await ctx.accounts?.disable(user.id)
  const organisation = organisationId ? await getOrganisation(ctx.db, organisationId) : undefined
  const personal = organisation ? namesAPerson(organisation) : false
  let applications = 0
  if (organisation) {
    let cursor: string | undefined
    do {
      const page = await listApplicationsByOrganisation(ctx.db, organisation.id, { limit: 100, cursor })
      for (const application of page.items) {
        await eraseApplication(ctx, application.id, personal)
        await eraseFeedbackCall(ctx.db, application.competitionId, application.id, personal)
        if (personal) await eraseOrganisationNameCopies(ctx.db, application.competitionId, application.id)
        applications++
      }
      cursor = page.nextCursor
    } while (cursor)
    if (personal && organisation.name !== ERASED) await eraseOrganisationItem(ctx.db, organisation)
  }
  for (const question of questions) await eraseClarificationAsker(ctx.db, question)
  for (const { registration } of registrations) await eraseRegistration(ctx.db, registration)
  const emailsCancelled = email === erasedEmail(user.id) ? 0 : await cancelPendingEmailsTo(ctx.db, email)
  return {
    userId: user.id,
    erasedAt: at,
    applications,
    organisationNameErased: personal,
    questions: questions.length,
    eventRegistrations: registrations.length,
    emailsCancelled,
  }
}

/** The EOI's contact and answers (and a personal organisation name) erased, at the version read; read again if an autosave won. */
export async function eraseApplication(ctx: Pick<Ctx, 'db'>, applicationId: string, personal: boolean): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const read = await getApplication(ctx.db, applicationId)
    if (!read) return
    try {
      await eraseApplicationItem(ctx.db, erasedApplication(read, personal), read)
      return
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
