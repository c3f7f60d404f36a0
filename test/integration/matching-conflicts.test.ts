// An accepted introduction is a relationship: a panellist from the partnered organisation is
// conflicted for that applicant's application, and the ranking leaves their sheet out as it
// does for a declared conflict; an introduction only asked for, or another applicant, is not.
import { beforeAll, expect, it } from 'vitest'
import { assessingCompetition, declareNone, scoreAndSubmit, type Assessing } from '../support/assessing-fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let a: Assessing
let fromPartner: { token: string; id: string; email: string }

beforeAll(async () => {
  p = await createTestPlatform()
  a = await assessingCompetition(p, { applications: 2, shortlisted: 2, panellists: 1 })
  // A second panellist, who works for the challenge owner (spelt a little differently).
  fromPartner = await p.signIn('panellist', 'Dr Nia Partner')
  const invited = await p.call('POST', `/api/competitions/${a.competitionId}/panel`, {
    as: a.manager,
    body: { email: fromPartner.email, name: 'Dr Nia Partner', organisation: 'ALDER HEY' },
  })
  expect(invited.status, JSON.stringify(invited.json)).toBe(201)
  expect(invited.json.organisation).toBe('ALDER HEY')
  const accepted = await p.call('POST', `/api/competitions/${a.competitionId}/panel/response`, {
    as: fromPartner,
    body: { accept: true },
  })
  expect(accepted.status).toBe(200)
  for (const panellist of [...a.panel, fromPartner]) await declareNone(p, panellist, a.competitionId, a.ids)
  for (const id of a.ids) {
    await scoreAndSubmit(p, a.panel[0]!, a, id, 5)
    await scoreAndSubmit(p, fromPartner, a, id, 1)
  }
}, 180_000)

type Row = { applicationId: string; sheetScores: number[]; progress: Record<string, string> }
const rows = async () => {
  const res = await p.call('GET', `/api/competitions/${a.competitionId}/ranking`, { as: a.manager })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
  return res.json.rows as Row[]
}

it('leaves out the sheet of a panellist whose organisation partnered with the applicant, once both accepted', async () => {
  const [first, second] = a.ids as [string, string]
  const before = await rows()
  expect(before.find((r) => r.applicationId === first)!.sheetScores).toEqual([1, 5])

  const profiles = `/api/competitions/${a.competitionId}/matching/profiles`
  const owner = await p.call('POST', profiles, {
    as: a.manager,
    body: {
      side: 'owner',
      challengeId: a.comp.challenge.id,
      organisationName: 'Alder Hey Ltd',
      contactName: 'Ada Owner',
      contactEmail: 'ada@alderhey.example',
    },
  })
  expect(owner.status, JSON.stringify(owner.json)).toBe(201)
  const applicant = a.applications[0]!.applicant
  const sme = await p.call('POST', profiles, { as: applicant, body: { side: 'sme' } })
  expect(sme.status, JSON.stringify(sme.json)).toBe(201)
  const asked = await p.call('POST', `${profiles}/${sme.json.id}/introductions`, {
    as: applicant,
    body: { toProfileId: owner.json.id },
  })
  expect(asked.status).toBe(201)
  // Asked for, not yet accepted: no relationship, nothing changes.
  expect((await rows()).find((r) => r.applicationId === first)!.sheetScores).toEqual([1, 5])

  const answered = await p.call('POST', `${profiles}/${owner.json.id}/introductions/${asked.json.id}/answer`, {
    as: a.manager,
    body: { action: 'accept' },
  })
  expect(answered.status).toBe(200)
  const after = await rows()
  const row = after.find((r) => r.applicationId === first)!
  expect(row.sheetScores).toEqual([5])
  expect(row.progress[fromPartner.id]).toBe('conflicted')
  // The other applicant was not introduced: the partner panellist's sheet still counts there.
  const other = after.find((r) => r.applicationId === second)!
  expect(other.sheetScores).toEqual([1, 5])
  expect(other.progress[fromPartner.id]).toBe('submitted')
  // Nor may they open the partner's application any more (the same 404 as a declared conflict); the other, yes.
  const assessment = (id: string) =>
    p.call('GET', `/api/competitions/${a.competitionId}/assessments/${id}`, { as: fromPartner })
  expect((await assessment(first)).status).toBe(404)
  expect((await assessment(second)).status).toBe(200)
  expect(
    (await p.call('GET', `/api/competitions/${a.competitionId}/assessments/${first}`, { as: a.panel[0]! })).status,
  ).toBe(200)
})
