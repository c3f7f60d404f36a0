// The audit trail as the API shows it: a chain's verification, and its entries (ids and
// digests only: no item keys, no personal data).
import * as z from 'zod'

const Hex = z.string().regex(/^[0-9a-f]{64}$/)

export const AuditVerification = z
  .object({
    ok: z.boolean(),
    /** Entries that held, in order, up to where the chain broke (all of them when ok). */
    entries: z.number().int().nonnegative(),
    /** The last entry that held: its number and hash (null for an empty chain). */
    head: z.object({ seq: z.number().int().positive(), hash: Hex }).nullable(),
    /** Where the chain first fails to hold and why; absent when ok. */
    brokenAt: z.object({ seq: z.number().int().positive(), reason: z.string() }).optional(),
    /** The last daily checkpoint the chain was checked against, if one was taken yet. */
    checkpoint: z.object({ seq: z.number().int().positive(), at: z.iso.datetime() }).nullable(),
  })
  .meta({ id: 'AuditVerification' })
export type AuditVerification = z.infer<typeof AuditVerification>

export const AuditEntry = z
  .object({
    seq: z.number().int().positive(),
    at: z.iso.datetime(),
    /** The user's id, or `system` / `public`. */
    actorId: z.string(),
    role: z.string(),
    /** The route (`POST /competitions/:competitionId/awards`) or scheduled job. */
    action: z.string(),
    /** Each item changed: its kind, the ids it holds, SHA-256 of it before and after (null: absent). */
    changes: z.array(
      z.object({ entity: z.string(), ids: z.array(z.string()), before: Hex.nullable(), after: Hex.nullable() }),
    ),
    prevHash: Hex,
    hash: Hex,
  })
  .meta({ id: 'AuditEntry' })
export type AuditEntry = z.infer<typeof AuditEntry>
