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
  'Names, emails and the free text that identifies the person are replaced with “[erased]” (the account, their EOIs’ contact and answers, a sole trader’s or individual’s organisation name and postcode and their awards’ name, their unpublished questions, their event registrations), and the links to them removed (an email claim, event email locks, emails not yet sent). Ids, amounts, scores, decisions, the ledger and the audit chain stay as they are; each competition’s chain records the erasure under this route. The account is disabled: its tokens get 401 from then on. Published results and open data show “[erased]” from their next build. Erasing again is harmless and answers the same counts of what it found.'

export const dataRights = new Hono<Env>()
  .get(
    '/me/data',
    doc({
      summary: 'Everything held about you',
      description: `${access.signedIn} Subject access: only your own data, as you may already read each part: your account, your organisation, your expressions of interest with their answers, their decisions and feedback once released (with any feedback call), your grant agreement, the reports and check-ins you saved, the clarification questions you asked and your event registrations (by your sign-in email). Never another applicant’s data, panellists’ names, private notes or scores’ authors. \`notHeld\` says what is kept without your name (the D&I survey) and so cannot be in it.`,
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
