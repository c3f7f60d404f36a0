// Paying a grant: a programme manager records the payment of one due tranche (four eyes: not
// the manager who authorised it).
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { PaymentInput } from '../../../shared/schemas/grant-payments.js'
import { Grant } from '../../../shared/schemas/grants.js'
import { recordPayment } from '../../core/grants/payments.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { AssessmentParams } from './params.js'
import { putMetric } from '../../adapters/metrics.js'

const TrancheParams = z.extend(AssessmentParams, { trancheId: z.string().check(z.minLength(1), z.maxLength(64)) })

export const grantPayments = new Hono<Env>().post(
  '/competitions/:competitionId/grants/:applicationId/tranches/:trancheId/payment',
  doc({
    summary: 'Record the payment of a tranche',
    description: `${access.manager} Only for a grant the grantee has accepted (409 otherwise), and a tranche that is due: due on signing, its milestone approved, or its date reached (today or earlier in Europe/London; a share held back until the completion report only once that report is approved). A tranche not yet due is a 409 saying when it falls due. **Four eyes**: the manager recording it must not be the one who authorised the tranche (who approved its milestone, or, for a tranche due on signing or on a date, who sent the agreement): a 403 saying so. \`amountPence\` must equal the tranche’s current amount (422 naming \`amountPence\`); \`paidOn\` not in the future nor before the grant was accepted (422 naming \`paidOn\`). A tranche is paid at most once: paying it again (a double click, another manager) is a 409 saying when it was paid. One transaction records the payment on the grant (at its version), adds it to the competition’s paid total (committed unchanged) writes a ledger entry (cause \`paid\`) and emails the grantee’s contact the amount, date and reference, linking to their grant’s page; the payment that pays the last tranche of a grant whose milestones are all approved completes the grant in the same transaction. \`version\`, if sent, must be the grant’s current version (409 if stale).`,
    signedIn: true,
    responses: { 200: ok(Grant, 'The grant, with the tranche paid'), ...problems(400, 401, 403, 404, 409, 422) },
  }),
  requireRole('manager'),
  valid('param', TrancheParams),
  valid('json', PaymentInput),
  async (c) => {
    const { competitionId, applicationId, trancheId } = c.req.valid('param')
    const grant = await recordPayment(
      c.var.deps,
      c.var.user!,
      competitionId,
      applicationId,
      trancheId,
      c.req.valid('json'),
    )
    putMetric('PaymentRecorded')
    return c.json(grant, 200)
  },
)
