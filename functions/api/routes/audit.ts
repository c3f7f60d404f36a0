// The audit trail: verify a competition's hash chain (managers), and each award's dossier.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { AuditEntryPage, AuditVerification, AwardDossier } from '../../../shared/schemas/audit.js'
import { AUDIT_PAGE_SIZE, recentAuditEntries, verifyAudit } from '../../core/audit/audit.js'
import { awardDossier } from '../../core/audit/dossier.js'
import type { Env } from '../env.js'
import { requireManagerElse404 } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { AssessmentParams, CompetitionParams } from './params.js'

/** Without a checkpoint store (some tests' apps) there is simply no checkpoint to check against. */
const noCheckpoints = { put: async () => {}, latest: async () => undefined }

const AuditEntriesQuery = z.object({
  /** Entries before this number (the last page's \`before\`); the newest when absent. */
  before: z.optional(z.coerce.number().check(z.int(), z.minimum(2), z.maximum(1e12))),
})

export const audit = new Hono<Env>()
  .get(
    '/competitions/:competitionId/audit/verify',
    doc({
      summary: 'Verify the competition’s audit chain',
      description: `${access.managerElse404} Every state-changing request is recorded, in the same transaction as the change, as an audit intent (who, role, the route, the ids of each item changed and a SHA-256 digest of it before and after); a chainer links intents into the competition's hash chain in order (each entry holds the previous entry's hash and an HMAC-SHA-256 under the deployment's audit key). This first chains whatever is pending, then walks the whole chain: each entry's number, link, hash and MAC; the head item (which names the last entry, under its own MAC); and the last daily checkpoint (kept where it cannot be changed), so an edited entry and deleted newest entries both fail, \`brokenAt\` saying where and why. A competition that does not exist is a 404. Reads every entry: one query page per 1 MB of chain.`,
      signedIn: true,
      responses: {
        200: ok(AuditVerification, 'Whether the chain holds, its length and head'),
        ...problems(401, 404),
      },
    }),
    requireManagerElse404,
    valid('param', CompetitionParams),
    async (c) =>
      c.json(
        AuditVerification.parse(
          await verifyAudit(
            { db: c.var.deps.db, checkpoints: c.var.deps.checkpoints ?? noCheckpoints },
            c.req.valid('param').competitionId,
          ),
        ),
        200,
      ),
  )
  .get(
    '/competitions/:competitionId/audit/entries',
    doc({
      summary: 'The competition’s audit trail, newest first',
      description: `${access.managerElse404} The entries of the competition's audit chain, ${AUDIT_PAGE_SIZE} a page, newest first (pending intents are chained first): when, who (role and user id only, or \`system\`), what (the route or scheduled job), and each item changed (its kind, the ids it holds, SHA-256 digests before and after). Pass the answer's \`before\` for the next, older page; it is null at the first entry. Listing does not check the chain: \`/audit/verify\` does. A competition that does not exist is a 404. One query a page.`,
      signedIn: true,
      responses: { 200: ok(AuditEntryPage, 'A page of entries'), ...problems(400, 401, 404) },
    }),
    requireManagerElse404,
    valid('param', CompetitionParams),
    valid('query', AuditEntriesQuery),
    async (c) =>
      c.json(
        AuditEntryPage.parse(
          await recentAuditEntries(c.var.deps, c.req.valid('param').competitionId, c.req.valid('query').before),
        ),
        200,
      ),
  )
  .get(
    '/competitions/:competitionId/awards/:applicationId/dossier',
    doc({
      summary: 'An award’s dossier',
      description: `${access.managerElse404} Everything about one award in one document: the EOI as submitted, the screening, shortlist and panel decisions, every score sheet with its moderation, the award, its ledger entries, the grant with its tranches and payments, the emails sent about it (with whom they went to) and the audit entries about it (pending ones are chained first). \`?download=1\` answers the same JSON as an attachment (\`dossier-<applicationId>.json\`). No award to that application in that competition (or no such competition) is a 404.`,
      signedIn: true,
      responses: { 200: ok(AwardDossier, 'The dossier'), ...problems(401, 404) },
    }),
    requireManagerElse404,
    valid('param', AssessmentParams),
    async (c) => {
      const { competitionId, applicationId } = c.req.valid('param')
      const dossier = await awardDossier(c.var.deps, c.var.user!, competitionId, applicationId)
      if (c.req.query('download'))
        c.header(
          'Content-Disposition',
          `attachment; filename="dossier-${applicationId.replace(/[^A-Za-z0-9]/g, '')}.json"`,
        )
      return c.json(dossier, 200)
    },
  )
