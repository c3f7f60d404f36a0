// How sure the award plan is, through the API: the manager asks how often each bid is funded
// by panels re-sampled from the real one; a bid everyone scores top is funded in every round,
// the two the panel is split on at the funding line are close calls; the same request gives
// the same figures; bad input is a 400 naming the field; others get the planner's 403 and 404.
import { beforeAll, describe, expect, it } from 'vitest'
import { assessingCompetition, declareNone, scoreAndSubmit, type Assessing } from '../support/assessing-fixtures.js'
import { createTestPlatform, fieldsOf, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let a: Assessing

beforeAll(async () => {
  p = await createTestPlatform()
  // Four bids of £16,700 from a £60,000 pot: three fit.
  a = await assessingCompetition(p, { applications: 4, panellists: 3 })
  const [top, second, left, right] = a.ids
  // Every panellist scores the first top and the second 4; they split on the last two.
  const sheets: Record<string, number[]> = {
    [top!]: [5, 5, 5],
    [second!]: [4, 4, 4],
    [left!]: [4, 2, 3],
    [right!]: [2, 4, 3],
  }
  for (const [j, panellist] of a.panel.entries()) {
    await declareNone(p, panellist, a.competitionId, a.ids)
    for (const id of a.ids) await scoreAndSubmit(p, panellist, a, id, sheets[id]![j]!)
  }
}, 120_000)

const confidence = (body: unknown, as: { token: string } = a.manager, competitionId = a.competitionId) =>
  p.call('POST', `/api/competitions/${competitionId}/award-plans/confidence`, { as, body })

describe('how sure the plan is at the funding line', () => {
  it('gives each bid the share of re-sampled panels that fund it, and flags the close calls', async () => {
    const [top, second, left, right] = a.ids
    const res = await confidence({ method: 'greedy', constraints: {} })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    expect(res.json).toMatchObject({ method: 'greedy', rounds: 2000, panellists: 3 })
    const share = (id: string) => res.json.applications.find((x: { applicationId: string }) => x.applicationId === id)
    expect(share(top!)).toEqual({ applicationId: top, fundedShare: 1, scoredRounds: 2000, closeCall: false })
    expect(share(second!)).toEqual({ applicationId: second, fundedShare: 1, scoredRounds: 2000, closeCall: false })
    // Mirror images of each other, tied in the real ranking: about half each, and the pot's third award between them.
    for (const id of [left!, right!]) {
      expect(share(id).closeCall).toBe(true)
      expect(share(id).fundedShare).toBeGreaterThan(0.4)
      expect(share(id).fundedShare).toBeLessThan(0.6)
    }
    expect(share(left!).fundedShare + share(right!).fundedShare).toBeCloseTo(1, 9)

    // The same request gives the same figures; another seed, other draws; the optimal plan too.
    expect((await confidence({ method: 'greedy', constraints: {} })).json).toEqual(res.json)
    const seeded = await confidence({ method: 'greedy', rounds: 500, seed: 12345 })
    expect(seeded.json).toMatchObject({ rounds: 500, seed: 12345 })
    const optimal = await confidence({ method: 'optimal', constraints: { maxAwards: 2 } })
    expect(optimal.status).toBe(200)
    const shares: number[] = optimal.json.applications.map((x: { fundedShare: number }) => x.fundedShare)
    // Two awards a round: the top one always; the second's only when a panel that drew one side twice or more ties it.
    expect(shares[0]).toBe(1)
    expect(shares[1]).toBeGreaterThan(0.9)
    expect(shares.reduce((sum, x) => sum + x, 0)).toBeCloseTo(2, 9)
  })

  it('refuses bad input with a 400 naming each field, and bounds the rounds', async () => {
    const bad = await confidence({ method: 'best', rounds: 50_000, seed: -1, constraints: { maxAwards: 0 } })
    expect(bad.status).toBe(400)
    expect(fieldsOf(bad.json).sort()).toEqual(['constraints.maxAwards', 'method', 'rounds', 'seed'])
    const unknown = await confidence({ method: 'greedy', runs: 3 })
    expect(unknown.status).toBe(400)
  })

  it('is the manager’s alone: a panellist gets the planner’s 403, a missing competition its 404', async () => {
    const asPanellist = await confidence({ method: 'greedy' }, a.panel[0]!)
    const planAsPanellist = await p.call('POST', `/api/competitions/${a.competitionId}/award-plans`, {
      as: a.panel[0]!,
      body: {},
    })
    expect(asPanellist.status).toBe(planAsPanellist.status)
    expect(asPanellist.status).toBe(403)
    const missing = await confidence({ method: 'greedy' }, a.manager, '01HZZZZZZZZZZZZZZZZZZZZZZZ')
    const planMissing = await p.call('POST', '/api/competitions/01HZZZZZZZZZZZZZZZZZZZZZZZ/award-plans', {
      as: a.manager,
      body: {},
    })
    expect(missing.status).toBe(404)
    expect(missing.json).toEqual(planMissing.json)
  })
})
