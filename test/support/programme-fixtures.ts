// Grants made through the API for the programme's tests: awards accepted, agreements set up,
// sent and (as asked) accepted by the grantee. Later states (a report queried, actuals in) are
// written through the grants repo, the way the reports and payments code writes them.
import { expect } from 'vitest'
import { getGrant, grantPut } from '../../functions/db/grants-repo.js'
import { commit } from '../../functions/db/write.js'
import type { Grant } from '../../shared/schemas/grants.js'
import { acceptedAwards, assessingCompetition, type Assessing } from './assessing-fixtures.js'
import type { TestPlatform } from './platform.js'

export const AWARD = 1_670_000 // every fixture EOI asks for £16,700

/** An agreement from 4 January to 17 December 2027: three milestones, 40/33/27 tranches, one indicator (lower is better). */
export const grantSetup = (version: number, extra: Record<string, unknown> = {}) => ({
  version,
  startsOn: '2027-01-04',
  endsOn: '2027-12-17',
  milestones: [
    { id: 'm1', title: 'Discovery with two GP practices', dueOn: '2027-03-31', evidence: 'A discovery report' },
    { id: 'm2', title: 'Pilot in 50 homes', dueOn: '2027-09-30', evidence: 'The pilot’s data and a summary' },
    { id: 'final', title: 'Completion report', dueOn: '2027-12-10', evidence: 'The completion report' },
  ],
  tranches: [
    { id: 't1', label: 'On signing', percent: 40, trigger: { kind: 'signing' } },
    { id: 't2', label: 'After the pilot', percent: 33, trigger: { kind: 'milestone', milestoneId: 'm2' } },
    { id: 't3', label: 'Completion', percent: 27, trigger: { kind: 'milestone', milestoneId: 'final' } },
  ],
  indicators: [
    {
      id: 'admissions',
      measure: 'Emergency asthma admissions of children in the pilot area',
      unit: 'admissions a quarter',
      better: 'lower',
      baseline: { value: 42, on: '2026-09-30' },
      targets: [
        { on: '2027-06-30', value: 38 },
        { on: '2027-12-31', value: 33 },
      ],
    },
  ],
  notes: 'Finance to check VAT status before the first payment.',
  ...extra,
})

/**
 * A competition whose `applications` winners all accepted their offers; the first `accepted`
 * grants are accepted by the grantee, the next `sent` only sent, the rest drafts. Each grant is
 * set up with `setup` (grantSetup's agreement unless given).
 */
export async function grantsInDelivery(
  p: TestPlatform,
  {
    applications = 3,
    accepted = applications,
    sent = 0,
    setup = grantSetup,
  }: { applications?: number; accepted?: number; sent?: number; setup?: typeof grantSetup },
): Promise<Assessing> {
  const a = await assessingCompetition(p, { applications, panellists: 0 })
  const at = (rest: string) => `/api/competitions/${a.competitionId}${rest}`
  await acceptedAwards(p, a, applications, { amountPence: AWARD, conditions: 'Quarterly progress reports' })
  for (const [i, applicationId] of a.ids.entries()) {
    const created = await p.call('PUT', at(`/grants/${applicationId}`), { as: a.manager, body: setup(0) })
    expect(created.status, JSON.stringify(created.json)).toBe(201)
    if (i >= accepted + sent) continue
    const sentNow = await p.call('POST', at(`/grants/${applicationId}/send`), { as: a.manager, body: { version: 1 } })
    expect(sentNow.status, JSON.stringify(sentNow.json)).toBe(200)
    if (i >= accepted) continue
    const acceptedNow = await p.call('POST', `/api/applications/${applicationId}/grant/accept`, {
      as: a.applications[i]!.applicant,
      body: { version: 2 },
    })
    expect(acceptedNow.json?.status, JSON.stringify(acceptedNow.json)).toBe('active')
  }
  return a
}

/** Changes a grant as the reports and payments code would: read, change, write under its version guard. */
export async function changeGrant(
  p: TestPlatform,
  competitionId: string,
  applicationId: string,
  change: (grant: Grant) => Grant,
): Promise<Grant> {
  const grant = (await getGrant(p.db, competitionId, applicationId))!
  const next = { ...change(grant), version: grant.version + 1 }
  await commit(p.db, [grantPut(p.db, next, { version: grant.version, status: grant.status })])
  return next
}
