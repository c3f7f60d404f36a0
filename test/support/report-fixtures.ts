// An active grant for progress reports, set up through the API as people would: awards made
// and accepted, the agreement set up and sent by the manager, accepted by the grantee.
import { expect } from 'vitest'
import { acceptedAwards, assessingCompetition, type Assessing } from './assessing-fixtures.js'
import type { TestPlatform } from './platform.js'

export const AWARD_PENCE = 1_000_000

/** Two milestones (the pilot triggers 60%), a final one held back; one indicator each way. */
export const reportedGrant = {
  startsOn: '2027-01-04',
  endsOn: '2027-12-17',
  milestones: [
    { id: 'm1', title: 'Discovery with two GP practices', dueOn: '2027-03-31', evidence: 'A discovery report' },
    { id: 'm2', title: 'Pilot in 50 homes', dueOn: '2027-09-30', evidence: 'The pilot’s data and a summary' },
  ],
  tranches: [
    { id: 't1', label: 'On signing', percent: 20, trigger: { kind: 'signing' } },
    { id: 't2', label: 'After discovery', percent: 30, trigger: { kind: 'milestone', milestoneId: 'm1' } },
    { id: 't3', label: 'After the pilot', percent: 50, trigger: { kind: 'milestone', milestoneId: 'm2' } },
  ],
  indicators: [
    {
      id: 'admissions',
      measure: 'Emergency asthma admissions',
      unit: 'admissions a quarter',
      better: 'lower',
      baseline: { value: 42, on: '2026-09-30' },
      targets: [
        { on: '2027-03-01', value: 40 },
        { on: '2027-09-01', value: 35 },
      ],
    },
    {
      id: 'homes',
      measure: 'Homes with a sensor',
      unit: 'homes',
      better: 'higher',
      baseline: { value: 0, on: '2026-12-01' },
      targets: [{ on: '2027-09-01', value: 50 }],
    },
  ],
  notes: '',
}

/**
 * A competition whose first `grants` shortlisted applicants accepted awards of £10,000 and
 * accepted their grant agreements (`reportedGrant`), so their grants are active.
 */
export async function activeGrants(p: TestPlatform, grants = 1): Promise<Assessing> {
  const a = await assessingCompetition(p, { applications: grants + 1, panellists: 0 })
  await acceptedAwards(p, a, grants, {
    amountPence: AWARD_PENCE,
    conditions: 'Quarterly progress reports',
    reason: 'Part funded: the pot is shared five ways.',
  })
  for (let i = 0; i < grants; i++) {
    const id = a.ids[i]!
    const applicant = a.applications[i]!.applicant
    const path = `/api/competitions/${a.competitionId}/grants/${id}`
    const saved = await p.call('PUT', path, { as: a.manager, body: { version: 0, ...reportedGrant } })
    expect(saved.status, JSON.stringify(saved.json)).toBe(201)
    expect((await p.call('POST', `${path}/send`, { as: a.manager, body: { version: 1 } })).status).toBe(200)
    const accepted = await p.call('POST', `/api/applications/${id}/grant/accept`, {
      as: applicant,
      body: { version: 2 },
    })
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200)
  }
  return a
}
