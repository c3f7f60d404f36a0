// The audit trail as the API shows it: a chain's verification, and its entries (ids and
// digests only: no item keys, no personal data).
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Application } from './application.js'
import { Candidate, PanelSheets } from './assessing.js'
import { Award, LedgerEntry } from './awards.js'
import { Grant } from './grants.js'

const Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/))

export const AuditVerification = meta(
  z.object({
    ok: z.boolean(),
    /** Entries that held, in order, up to where the chain broke (all of them when ok). */
    entries: z.number().check(z.int(), z.nonnegative()),
    /** The last entry that held: its number and hash (null for an empty chain). */
    head: z.nullable(z.object({ seq: z.number().check(z.int(), z.positive()), hash: Hex })),
    /** Where the chain first fails to hold and why; absent when ok. */
    brokenAt: z.optional(z.object({ seq: z.number().check(z.int(), z.positive()), reason: z.string() })),
    /** The last daily checkpoint the chain was checked against, if one was taken yet. */
    checkpoint: z.nullable(z.object({ seq: z.number().check(z.int(), z.positive()), at: z.iso.datetime() })),
  }),
  { id: 'AuditVerification' },
)
export type AuditVerification = z.infer<typeof AuditVerification>

export const AuditEntry = meta(
  z.object({
    seq: z.number().check(z.int(), z.positive()),
    at: z.iso.datetime(),
    /** The user's id, or `system` / `public`. */
    actorId: z.string(),
    role: z.string(),
    /** The route (`POST /competitions/:competitionId/awards`) or scheduled job. */
    action: z.string(),
    /** Each item changed: its kind, the ids it holds, SHA-256 of it before and after (null: absent). */
    changes: z.array(
      z.object({ entity: z.string(), ids: z.array(z.string()), before: z.nullable(Hex), after: z.nullable(Hex) }),
    ),
    prevHash: Hex,
    hash: Hex,
  }),
  { id: 'AuditEntry' },
)
export type AuditEntry = z.infer<typeof AuditEntry>

/** A page of a competition's audit trail, newest first. */
export const AuditEntryPage = meta(
  z.object({
    entries: z.array(AuditEntry),
    /** Pass as `before` for the next (older) page; null at the first entry. */
    before: z.nullable(z.number().check(z.int(), z.positive())),
  }),
  { id: 'AuditEntryPage' },
)
export type AuditEntryPage = z.infer<typeof AuditEntryPage>

/** An email the platform wrote about the award (found through the audit entries of the changes that wrote it). */
export const DossierEmail = meta(
  z.object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    kind: z.string(),
    createdAt: z.iso.datetime(),
    status: z.enum(['pending', 'sending', 'sent', 'undeliverable']),
    sentAt: z.optional(z.iso.datetime()),
    /** Why it was not delivered (a permanent bounce, a complaint, or its address suppressed), when it was not. */
    undeliverableReason: z.optional(z.enum(['bounced', 'complained', 'suppressed'])),
  }),
  { id: 'DossierEmail' },
)

/** Everything about one award, in one place: for the file, a review or an audit. */
export const AwardDossier = meta(
  z.object({
    competition: z.object({ id: z.string(), title: z.string() }),
    /** The EOI as submitted (the manager's view). */
    application: Application,
    /** Screening, shortlist and panel recommendation, as decided. */
    decision: z.nullable(z.omit(Candidate, { contactEmail: true })),
    /** Every score sheet, with moderation (changed scores keep what they were) and the aggregate. */
    sheets: z.nullable(PanelSheets),
    award: Award,
    /** The ledger entries for this application, oldest first. */
    ledger: z.array(LedgerEntry),
    /** The grant agreement with its tranches and payments, once there is one. */
    grant: z.nullable(Grant),
    emails: z.array(DossierEmail),
    /** The audit entries about it (any change to an item holding its id), oldest first. */
    audit: z.array(AuditEntry),
    generatedAt: z.iso.datetime(),
  }),
  { id: 'AwardDossier' },
)
export type AwardDossier = z.infer<typeof AwardDossier>
