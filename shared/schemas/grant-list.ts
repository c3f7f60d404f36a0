// The programme manager's list of a competition's grants: every accepted award, with its grant
// agreement where one has been set up, so an award still without one shows as waiting for it.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Award } from './awards.js'
import { Grant } from './grants.js'

/** Where a grant is, as the list shows it (no milestones, tranches or notes). */
export const GrantSummary = meta(
  z.pick(Grant, {
    status: true,
    version: true,
    startsOn: true,
    endsOn: true,
    awardPence: true,
    paidPence: true,
    updatedAt: true,
    updatedByName: true,
    sentAt: true,
    acceptedAt: true,
  }),
  { id: 'GrantSummary' },
)
export type GrantSummary = z.infer<typeof GrantSummary>

export const GrantListRow = meta(
  z.object({
    applicationId: Award.shape.applicationId,
    organisationName: z.string(),
    /** The award behind it: accepted, unless it changed after a grant was set up (a draft's award withdrawn). */
    award: z.pick(Award, { status: true, amountPence: true, conditions: true, respondedAt: true }),
    /** Absent until the manager sets up the grant. */
    grant: z.optional(GrantSummary),
  }),
  { id: 'GrantListRow' },
)
export type GrantListRow = z.infer<typeof GrantListRow>

export const GrantList = meta(z.object({ rows: z.array(GrantListRow) }), {
  id: 'GrantList',
  description: 'Every accepted award of the competition, and every award with a grant agreement, by organisation name.',
})
export type GrantList = z.infer<typeof GrantList>
