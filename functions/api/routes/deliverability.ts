// Emails that did not reach applicants: a competition's manager sees whose receipt, offer or
// decision bounced, was complained about, or was never sent because the address is suppressed.
import { Hono } from 'hono'
import { UndeliveredEmailList } from '../../../shared/schemas/outbox.js'
import { undeliveredEmails } from '../../core/notifications/undelivered.js'
import type { Env } from '../env.js'
import { requireManagerElse404 } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { CompetitionParams, ListQuery } from './params.js'

export const deliverability = new Hono<Env>().get(
  '/competitions/:competitionId/undelivered-emails',
  doc({
    summary: 'Emails to applicants that were not delivered',
    description: `${access.managerElse404} The competition's emails about applications (receipts, offers, decisions) that did not reach the applicant, newest first: to whom, which email, and why — \`bounced\` (SES reported a permanent bounce), \`complained\` (the recipient marked it as spam) or \`suppressed\` (not sent, because an earlier email to that address bounced or was complained about; the outbox no longer sends to it). Transient bounces are not listed: SES retried them. \`limit\` 1–100 (default 20); pass \`nextCursor\` as \`cursor\` for the next page (400 naming \`cursor\` for one not from this list). A competition that does not exist is a 404. One query a page.`,
    signedIn: true,
    responses: { 200: ok(UndeliveredEmailList, 'A page of undelivered emails'), ...problems(400, 401, 404) },
  }),
  requireManagerElse404,
  valid('param', CompetitionParams),
  valid('query', ListQuery),
  async (c) =>
    c.json(
      UndeliveredEmailList.parse(
        await undeliveredEmails(c.var.deps, c.req.valid('param').competitionId, c.req.valid('query')),
      ),
      200,
    ),
)
