// People's data rights (UK GDPR): a person's own data to download, and erasure of it (by the
// person, or by a programme manager on their request).
import { Hono } from 'hono'
import { ErasureReceipt, ErasureRequest, MyData, MyErasureInput } from '../../../shared/schemas/my-data.js'
import { project } from '../../../shared/schemas/view.js'
import { eraseMyData, erasePerson } from '../../core/users/erasure.js'
import { gatherMyData } from '../../core/users/my-data.js'
import type { Env } from '../env.js'
import { requireRole, requireSignIn } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { UserParams } from './params.js'

const erasure =
  'Names, emails and the free text that identifies the person are replaced with “[erased]” (the account, their EOIs’ contact and answers, a sole trader’s or individual’s organisation name and postcode and their candidate’s, award’s, grant’s and feedback’s name, their name on their grant’s acceptance, reports, check-ins and change requests, their unpublished questions, their event registrations, the owner’s name and email and the named lead on problems they proposed, the contact, summary and pilot-site note of matching profiles they are the contact for and the messages those sent, their panel record’s name, email, role and organisation), and the links to them removed (an email claim, event email locks, a problem-owner invitation, prioritisation-round invitations and the person’s list of those rounds that a sign-in with their email finds, a challenge owner’s matching link, emails not yet sent). Files: those in their EOIs’ answers are deleted from storage; evidence files on their grant’s reports are kept (approvals and payments rest on them) with their names replaced. Ids, amounts, scores, ballots (kept under their keyed pseudonym, counted in the results), decisions, the ledger and the audit chain stay as they are; each competition’s chain records the erasure under this route. The account is disabled: its tokens get 401 from then on. Published results and open data show “[erased]” from their next build. Erasing again is harmless and answers the same counts of what it found.'

export const dataRights = new Hono<Env>()
  .get(
    '/me/data',
    doc({
      summary: 'Everything held about you',
      description: `${access.signedIn} Subject access: only your own data, as you may already read each part: your account, your organisation, your expressions of interest with their answers, their decisions and feedback once released (with any feedback call), your grant agreement, the reports and check-ins you saved, the clarification questions you asked (including those from before they were indexed by asker), your event registrations (by your sign-in email), your problem-owner invitation and the problems you proposed, the prioritisation rounds you were invited to (found by the keyed pseudonym of your sign-in email) with your ballot, the partner-matching profiles you are the contact for with your side of each introduction (the message only if your side sent it; the other side’s organisation and contact only once both accepted), your panel records (name, email, role, organisation) and every file you uploaded by name and kind. Never another applicant’s data, panellists’ names, private notes, scores’ authors or anything about another person. \`notHeld\` says what is kept without your name (the D&I survey) and so cannot be in it.`,
      signedIn: true,
      responses: { 200: ok(MyData, 'Your data'), ...problems(401) },
    }),
    requireSignIn,
    async (c) => c.json(project(MyData, await gatherMyData(c.var.deps, c.var.user!)), 200),
  )
  .post(
    '/me/erasure',
    doc({
      summary: 'Erase your data',
      description: `${access.signedIn} With \`confirm\` set to “erase my data” (else 400 naming \`confirm\`); it cannot be undone. ${erasure}`,
      signedIn: true,
      responses: { 200: ok(ErasureReceipt, 'What was erased'), ...problems(400, 401, 409) },
    }),
    requireSignIn,
    valid('json', MyErasureInput),
    async (c) => c.json(await eraseMyData(c.var.deps, c.var.user!), 200),
  )
  .post(
    '/users/:userId/erasure',
    doc({
      summary: 'Erase a person’s data on their request',
      description: `${access.manager} With the \`reason\` (the person’s request), which is logged with who erased. A user id that does not exist is a 404. ${erasure}`,
      signedIn: true,
      responses: { 200: ok(ErasureReceipt, 'What was erased'), ...problems(400, 401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', UserParams),
    valid('json', ErasureRequest),
    async (c) =>
      c.json(await erasePerson(c.var.deps, c.var.user!, c.req.valid('param').userId, c.req.valid('json').reason), 200),
  )
