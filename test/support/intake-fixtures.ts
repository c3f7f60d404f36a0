// Problem intake's test data, made through the API as its users would: a problem as its owner
// proposes it, and a problem published for prioritisation by a manager.
import { expect } from 'vitest'
import type { TestPlatform } from './platform.js'

type Caller = { token: string }

/** A whole proposal, as a problem owner sends it; `overrides` replaces any field. */
export function problemBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Damp homes and childhood asthma',
    statement: 'How might we find the homes where damp is making children ill?',
    description: 'Children in damp, mouldy homes are admitted to hospital with asthma more often.',
    affects: 'Families in private rented homes in Liverpool, and the NHS.',
    evidence: [
      {
        title: 'Asthma admissions by ward',
        description: 'Five years, by ward.',
        url: 'https://data.example.org/asthma',
        accessLevel: 'restricted',
      },
    ],
    commitment: {
      leadName: 'Dr A. Lead',
      time: 'Half a day a week for six months',
      pilotSite: 'Kensington, Liverpool',
    },
    contributionPence: 500_000,
    ...overrides,
  }
}

/** A problem proposed by a newly invited problem owner and published by `manager` with its expected cost. */
export async function publishedProblem(
  p: TestPlatform,
  manager: Caller,
  title: string,
  expectedCostPence: number,
  organisation = 'Liverpool City Council',
): Promise<string> {
  const owner = await p.signIn('problemOwner')
  const invited = await p.call('POST', '/api/problem-owners', {
    as: manager,
    body: { email: owner.email, name: owner.name, organisation },
  })
  expect(invited.status, JSON.stringify(invited.json)).toBe(201)
  const made = await p.call('POST', '/api/problems', { as: owner, body: problemBody({ title }) })
  expect(made.status, JSON.stringify(made.json)).toBe(201)
  const published = await p.call('POST', `/api/problems/${made.json.id}/publish`, {
    as: manager,
    body: { expectedCostPence, version: made.json.version },
  })
  expect(published.status, JSON.stringify(published.json)).toBe(200)
  return made.json.id as string
}
