// The ranking's dot plot figures through the API: each shortlisted application carries the
// weighted score of every sheet its mean counts (submitted, unconflicted), lowest first, with
// nothing to say which panellist gave which; their mean is the weighted mean beside them.
import { beforeAll, expect, it } from 'vitest'
import { assessingCompetition, declareNone, scoreAndSubmit, type Assessing } from '../support/assessing-fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let a: Assessing

beforeAll(async () => {
  p = await createTestPlatform()
  a = await assessingCompetition(p, { applications: 2, shortlisted: 2, panellists: 3 })
  for (const panellist of a.panel) await declareNone(p, panellist, a.competitionId, a.ids)
}, 120_000)

type Row = { applicationId: string; weightedMean?: number; scorers: number; sheetScores: number[] }
const rows = async () =>
  (await p.call('GET', `/api/competitions/${a.competitionId}/ranking`, { as: a.manager })).json.rows as Row[]

it('lists each counted sheet’s weighted score, lowest first, whose mean is the weighted mean', async () => {
  const [first, second] = a.ids as [string, string]
  // Weights 2, 1, 1: [4, 3, 3] weighs in at 3.5.
  await scoreAndSubmit(p, a.panel[0]!, a, first, 5)
  await scoreAndSubmit(p, a.panel[1]!, a, first, 1)
  await scoreAndSubmit(p, a.panel[2]!, a, first, [4, 3, 3])
  await scoreAndSubmit(p, a.panel[0]!, a, second, 2)
  const row = (await rows()).find((r) => r.applicationId === first)!
  expect(row.sheetScores).toEqual([1, 3.5, 5])
  expect(row.weightedMean).toBeCloseTo((1 + 3.5 + 5) / 3, 9)
  expect((await rows()).find((r) => r.applicationId === second)!.sheetScores).toEqual([2])
  // Numbers only: no ids or names of the panellists who gave them.
  const text = JSON.stringify(row.sheetScores)
  for (const panellist of a.panel) expect(text).not.toContain(panellist.id)
})

it('leaves out a sheet once its panellist’s conflict is recorded, as the mean does', async () => {
  const first = a.ids[0]!
  const recorded = await p.call('POST', `/api/competitions/${a.competitionId}/panel/conflicts`, {
    as: a.manager,
    body: { panellistId: a.panel[1]!.id, applicationId: first, type: 'personal', note: 'Former colleague' },
  })
  expect(recorded.status, JSON.stringify(recorded.json)).toBe(200)
  const row = (await rows()).find((r) => r.applicationId === first)!
  expect(row.sheetScores).toEqual([3.5, 5])
  expect(row.scorers).toBe(2)
  expect(row.weightedMean).toBeCloseTo(4.25, 9)
})
