// Awards: the programme manager's decisions, budget, ledger, planner and results; the
// applicant's offer; the public results page.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { meta } from '../../../shared/schemas/meta.js'
import {
  ApplyPlanInput,
  Award,
  AwardInput,
  Budget,
  LedgerEntry,
  Offer,
  OfferResponseInput,
  PlanAdvice,
  PlanConfidence,
  PlanConfidenceInput,
  PlanConstraintsInput,
  PublishedResults,
  WithdrawAwardInput,
} from '../../../shared/schemas/awards.js'
import {
  awardApplication,
  getBudget,
  getLedger,
  getOffer,
  getResults,
  publishResults,
  respondToOffer,
  withdrawAward,
} from '../../core/awards/awards.js'
import { applyPlan, planAwards, planConfidence } from '../../core/awards/plans.js'
import { ValidationFailed } from '../../core/errors.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { ApplicationParams, AssessmentParams, CompetitionParams } from './params.js'
import { putMetric } from '../../adapters/metrics.js'

/** An optional Idempotency-Key header: a retry with the same key does not award twice. */
const IdempotencyKey = meta(z.optional(z.string().check(z.regex(/^[A-Za-z0-9_.:-]{8,128}$/))), {
  description:
    'Optional. 8 to 128 letters, digits or - _ . : (a UUID will do), new for each decision. A retry with the same key returns the award that key made instead of awarding twice; without one, a retry after a lost response may be refused as already awarded.',
})

function idempotencyKey(header: string | undefined): string | undefined {
  if (!IdempotencyKey.safeParse(header).success)
    throw new ValidationFailed([{ field: 'Idempotency-Key', message: 'must be 8 to 128 letters, digits or - _ . :' }])
  return header
}

export const awards = new Hono<Env>()
  .post(
    '/competitions/:competitionId/awards',
    doc({
      summary: 'Award a shortlisted application',
      description: `${access.manager} At most the amount requested and the maximum award; less than requested needs a reason. The award, the committed total (kept ≤ the pot by the database), the ledger and the offer email are one transaction: a decision the pot can no longer fit is a 409 saying what remains. Send an Idempotency-Key header so a retry returns the same award. An application whose offer was declined, withdrawn or lapsed may be awarded again.`,
      signedIn: true,
      headers: { 'Idempotency-Key': IdempotencyKey },
      responses: { 201: ok(Award, 'The award, offered to the applicant'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', AwardInput),
    async (c) => {
      const key = idempotencyKey(c.req.header('idempotency-key'))
      return c.json(
        await awardApplication(
          c.var.deps,
          c.var.user!,
          c.req.valid('param').competitionId,
          c.req.valid('json'),
          key,
          () => putMetric('AwardMade'),
        ),
        201,
      )
    },
  )
  .post(
    '/competitions/:competitionId/awards/:applicationId/withdraw',
    doc({
      summary: 'Withdraw an award',
      description: `${access.manager} With a reason; its amount returns to the pot in the same transaction, and the ledger records it. An accepted award whose grant agreement has been sent (sent, active, completed or terminated) is not withdrawn: a 409 says to terminate the grant instead (checked on the grant in the same transaction).`,
      signedIn: true,
      responses: { 200: ok(Award, 'The withdrawn award'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', AssessmentParams),
    valid('json', WithdrawAwardInput),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      return c.json(
        await withdrawAward(c.var.deps, c.var.user!, competitionId, applicationId, c.req.valid('json')),
        200,
      )
    },
  )
  .get(
    '/competitions/:competitionId/budget',
    doc({
      summary:
        'The budget: pot, committed, paid, outstanding, remaining, by challenge, theme and grant, and the awards',
      description: `${access.manager} By challenge and by theme, each award’s amount (and what its grant has paid) is divided equally across those it addresses (in integer pence, the odd pence to the first in the competition’s order), so each list adds up to exactly \`committedPence\` (and \`paidPence\`). \`paidPence\` is what grants have been paid less repayments; \`outstandingPence\` = \`committedPence\` − \`paidPence\`; \`remainingPence\` = \`potPence\` − \`committedPence\`. \`byGrant\`: every grant agreement’s award, paid, outstanding (its tranches neither paid nor cancelled) and status. \`dueByMonth\`: unpaid tranches of active grants by the month (YYYY-MM, Europe/London) they fall due (a dated tranche’s date, its milestone’s current due date, or the acceptance for one due on signing). \`overTime\`: committed and paid after each ledger entry, in commit order. Read in three queries (the competition, its awards and ledger, its grants), none per grant.`,
      signedIn: true,
      responses: { 200: ok(Budget, 'The budget'), ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    async (c) => c.json(await getBudget(c.var.deps, c.req.valid('param').competitionId), 200),
  )
  .get(
    '/competitions/:competitionId/ledger',
    doc({
      summary: 'The ledger: every change to what is committed, newest first',
      description: `${access.manager} Who, when, the amount, the committed total before and after. Entries are written with the change and never edited.`,
      signedIn: true,
      responses: { 200: ok(z.object({ entries: z.array(LedgerEntry) }), 'The ledger'), ...problems(401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    async (c) => c.json({ entries: await getLedger(c.var.deps, c.req.valid('param').competitionId) }, 200),
  )
  .post(
    '/competitions/:competitionId/award-plans',
    doc({
      summary: 'Propose award plans',
      description: `${access.manager} Greedy by rank with skip-over, and the exact optimum, side by side, from the moderated ranking and what remains in the pot, under the constraints given. Advice only: nothing is awarded.`,
      signedIn: true,
      responses: { 200: ok(PlanAdvice, 'The plans'), ...problems(400, 401, 403, 404) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', PlanConstraintsInput),
    async (c) => c.json(await planAwards(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 200),
  )
  .post(
    '/competitions/:competitionId/award-plans/confidence',
    doc({
      summary: 'How sure a plan is at the funding line',
      description: `${access.manager} The plan (\`method\`, \`constraints\` as for the plans) made again for panels re-sampled from the real one, and for each bid the share of them that funded it. Each round draws as many panellists as there are (those with a counted sheet on a bid), with replacement; a bid keeps the counted sheets (submitted, unconflicted) of the drawn panellists who scored it and is ranked by their weighted mean, as the ranking would rank it with that panel; a bid none of them scored sits that round out, which counts neither way (\`scoredRounds\`). Equal scores whose outcomes differ share their group's awards. \`closeCall\`: funded in 25% to 75% of rounds. \`rounds\` 100–10,000 (default 2,000), clipped so rounds × bids ≤ 400,000; \`seed\` defaults to one derived from the competition id, so the same inputs give the same figures. Advice only: nothing is awarded.`,
      signedIn: true,
      responses: {
        200: ok(PlanConfidence, 'The share of re-sampled panels funding each bid'),
        ...problems(400, 401, 403, 404),
      },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', PlanConfidenceInput),
    async (c) => c.json(await planConfidence(c.var.deps, c.req.valid('param').competitionId, c.req.valid('json')), 200),
  )
  .post(
    '/competitions/:competitionId/award-plans/apply',
    doc({
      summary: 'Apply a plan',
      description: `${access.manager} Recomputes the chosen plan on the current ranking and budget and makes every award in it in one transaction through the ledger (all or none; at most 24).`,
      signedIn: true,
      responses: {
        201: ok(z.object({ awards: z.array(Award) }), 'The awards made'),
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    valid('json', ApplyPlanInput),
    async (c) => {
      const made = await applyPlan(c.var.deps, c.var.user!, c.req.valid('param').competitionId, c.req.valid('json'))
      putMetric('AwardMade', made.length)
      return c.json({ awards: made }, 201)
    },
  )
  .post(
    '/competitions/:competitionId/results',
    doc({
      summary: 'Publish the results',
      description: `${access.manager} Once every offer is answered and at least one accepted; once only (409 the second time). Awards are final from then.`,
      signedIn: true,
      responses: { 200: ok(PublishedResults, 'The published results'), ...problems(401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', CompetitionParams),
    async (c) => c.json(await publishResults(c.var.deps, c.req.valid('param').competitionId), 200),
  )
  .get(
    '/competitions/:competitionId/results',
    doc({
      summary: 'The published results',
      description: `${access.anyone} The winners (organisation, challenge, amount), the total awarded and the pot. 404 until published.`,
      responses: { 200: ok(PublishedResults, 'The results'), ...problems(404) },
    }),
    valid('param', CompetitionParams),
    async (c) => c.json(PublishedResults.parse(await getResults(c.var.deps, c.req.valid('param').competitionId)), 200),
  )
  .get(
    '/applications/:applicationId/offer',
    doc({
      summary: 'Your award offer',
      description: `${access.applicant} Your own organisation’s; anyone else’s, and an EOI with no award, get the same 404.`,
      signedIn: true,
      responses: { 200: ok(Offer, 'The offer'), ...problems(401, 403, 404) },
    }),
    requireRole('applicant'),
    valid('param', ApplicationParams),
    async (c) => c.json(Offer.parse(await getOffer(c.var.deps, c.var.user!, c.req.valid('param').applicationId)), 200),
  )
  .post(
    '/applications/:applicationId/offer/response',
    doc({
      summary: 'Accept or decline your award offer',
      description: `${access.applicant} Before the deadline on the offer. Declining returns the amount to the pot. Repeating the same answer is harmless. An offer not accepted by its date lapses (a scheduled sweep releases the amount through the ledger and emails the applicant and the manager): answering a lapsed offer, or accepting as it lapses, is a 409 saying it lapsed.`,
      signedIn: true,
      responses: { 200: ok(Offer, 'The offer as answered'), ...problems(400, 401, 403, 404, 409, 422) },
    }),
    requireRole('applicant'),
    valid('param', ApplicationParams),
    valid('json', OfferResponseInput),
    async (c) =>
      c.json(
        Offer.parse(
          await respondToOffer(
            c.var.deps,
            c.var.user!,
            c.req.valid('param').applicationId,
            c.req.valid('json'),
            (answer) => {
              if (answer === 'declined') putMetric('AwardDeclined')
            },
          ),
        ),
        200,
      ),
  )
