// People's data rights (UK GDPR): a person's own data to download.
import { Hono } from 'hono'
import { MyData } from '../../../shared/schemas/my-data.js'
import { project } from '../../../shared/schemas/view.js'
import { gatherMyData } from '../../core/users/my-data.js'
import type { Env } from '../env.js'
import { requireSignIn } from '../middleware/auth.js'
import { access, doc, ok, problems } from '../openapi.js'

export const dataRights = new Hono<Env>().get(
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
