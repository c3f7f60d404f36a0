// An accepted introduction is a relationship: a panellist from the partnered organisation is
// conflicted for that applicant's application, and the ranking leaves their sheet out as it
// does for a declared conflict; an introduction only asked for, or another applicant, is not.
import { holdCommits } from '../../functions/db/race-hook.js'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  assessingCompetition,
  declareNone,
  scoreAndSubmit,
  submitSheetWith,
  type Assessing,
} from '../support/assessing-fixtures.js'
import { createTestPlatform, fieldsOf, type TestPlatform } from '../support/platform.js'

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

// — The relationship conflict holds in the database: a partnered panellist's scores are refused —

/**
 * A fresh competition: two shortlisted applications, a panellist who works for the challenge
 * owner ("ALDER HEY") and one who does not, both declared no conflict; the owner and the first
 * applicant's organisation opted in to matching, the applicant asking to be introduced.
 */
async function partnering() {
  const c = await assessingCompetition(p, { applications: 2, shortlisted: 2, panellists: 1 })
  const partner = await p.signIn('panellist', 'Dr Nia Partner')
  const invited = await p.call('POST', `/api/competitions/${c.competitionId}/panel`, {
    as: c.manager,
    body: { email: partner.email, name: 'Dr Nia Partner', organisation: 'ALDER HEY' },
  })
  expect(invited.status, JSON.stringify(invited.json)).toBe(201)
  await p.call('POST', `/api/competitions/${c.competitionId}/panel/response`, { as: partner, body: { accept: true } })
  for (const panellist of [...c.panel, partner]) await declareNone(p, panellist, c.competitionId, c.ids)
  const profiles = `/api/competitions/${c.competitionId}/matching/profiles`
  const owner = await p.call('POST', profiles, {
    as: c.manager,
    body: {
      side: 'owner',
      challengeId: c.comp.challenge.id,
      organisationName: 'Alder Hey Ltd',
      contactName: 'Ada Owner',
      contactEmail: 'ada@alderhey.example',
    },
  })
  expect(owner.status, JSON.stringify(owner.json)).toBe(201)
  const applicant = c.applications[0]!.applicant
  const sme = await p.call('POST', profiles, { as: applicant, body: { side: 'sme' } })
  expect(sme.status, JSON.stringify(sme.json)).toBe(201)
  const asked = await p.call('POST', `${profiles}/${sme.json.id}/introductions`, {
    as: applicant,
    body: { toProfileId: owner.json.id },
  })
  expect(asked.status, JSON.stringify(asked.json)).toBe(201)
  const accept = () =>
    p.call('POST', `${profiles}/${owner.json.id}/introductions/${asked.json.id}/answer`, {
      as: c.manager,
      body: { action: 'accept' },
    })
  const base = (id: string) => `/api/competitions/${c.competitionId}/assessments/${id}`
  const scores = (n: number) => Object.fromEntries(c.criteria.map((k) => [k.id, n]))
  const saveDraft = (id: string, version: number, n: number, feedback = '') =>
    p.call('PUT', `${base(id)}/sheet`, {
      as: partner,
      body: { version, scores: scores(n), comments: {}, panelNote: '', applicantFeedback: feedback },
    })
  const ranking = async () =>
    (await p.call('GET', `/api/competitions/${c.competitionId}/ranking`, { as: c.manager })).json.rows as (Row & {
      scorers: number
    })[]
  return { c, partner, introductionId: asked.json.id as string, accept, base, saveDraft, ranking }
}

describe('a relationship conflict is a write condition', () => {
  it('refuses a partnered panellist’s scores (409 saying why), and leaves their sheet out of the sheets, the aggregate and the feedback draft', {
    timeout: 120_000,
  }, async () => {
    const { c, partner, accept, base, saveDraft, ranking } = await partnering()
    const [first, second] = c.ids as [string, string]
    await scoreAndSubmit(p, c.panel[0]!, c, first, 5)
    await submitSheetWith(p, partner, c, first, { scores: [1, 1, 1], applicantFeedback: 'PARTNER WROTE THIS' })
    const draft = await saveDraft(second, 0, 2)
    expect(draft.status).toBe(200)
    expect((await accept()).status).toBe(200)

    // Their other application: still theirs to score. The partner's: refused, with the reason.
    expect((await saveDraft(second, draft.json.version, 3)).status).toBe(200)
    const third = await scoreAndSubmit(p, c.panel[0]!, c, second, 4)
    expect(third.status).toBe('submitted')
    const refused = await p.call('PUT', `${base(first)}/sheet`, {
      as: partner,
      body: { version: 2, scores: {}, comments: {}, panelNote: '', applicantFeedback: '' },
    })
    expect(refused.status, JSON.stringify(refused.json)).toBe(409)
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/)
    expect(refused.json.detail).toMatch(/ALDER HEY.*introduced to Breathe Easy Ltd through partner matching/)
    expect(fieldsOf(refused.json)).toEqual(['declaration'])

    // The other panellist, having submitted, sees only sheets that count; so does the aggregate.
    const seen = await p.call('GET', `${base(first)}/sheets`, { as: c.panel[0]! })
    expect(seen.status, JSON.stringify(seen.json)).toBe(200)
    expect(seen.json.sheets.map((s: { panellistId: string }) => s.panellistId)).toEqual([c.panel[0]!.id])
    expect(seen.json.aggregate).toMatchObject({ scorers: 1, weightedMean: 5 })
    const managed = await p.call('GET', `${base(first)}/sheets`, { as: c.manager })
    expect(managed.json.aggregate).toMatchObject({ scorers: 1, weightedMean: 5 })
    const row = (await ranking()).find((r) => r.applicationId === first)!
    expect(row.sheetScores).toEqual([5])
    expect(row.progress[partner.id]).toBe('conflicted')

    // Nor is their sheet moderated, nor their words offered to the applicant in the draft feedback.
    const partnerSheet = managed.json.sheets.find((s: { panellistId: string }) => s.panellistId === partner.id)
    const moderate = await p.call('POST', `${base(first)}/sheets/${partner.id}/moderate`, {
      as: c.manager,
      body: { version: partnerSheet.version, criterionId: c.criteria[0]!.id, score: 3, reason: 'After discussion' },
    })
    expect(moderate.status, JSON.stringify(moderate.json)).toBe(422)
    expect(fieldsOf(moderate.json)).toEqual(['panellistId'])
    const workspace = await p.call('GET', `/api/competitions/${c.competitionId}/feedback/${first}`, { as: c.manager })
    expect(workspace.status, JSON.stringify(workspace.json)).toBe(200)
    expect(JSON.stringify(workspace.json.draft)).not.toContain('PARTNER WROTE THIS')
  })

  it('an introduction accepted while the panellist submits: the submit, deciding on what it read, is refused', {
    timeout: 120_000,
  }, async () => {
    const { c, partner, accept, base, saveDraft, ranking } = await partnering()
    const first = c.ids[0]!
    const saved = await saveDraft(first, 0, 1)
    expect(saved.status).toBe(200)
    const hold = holdCommits(p.db, `SCORE#${first}#${partner.id}`)
    const submitting = p.call('POST', `${base(first)}/sheet/submit`, {
      as: partner,
      body: { version: saved.json.version },
    })
    await hold.held
    const accepted = await accept()
    hold.release()
    const submitted = await submitting
    expect(accepted.status).toBe(200)
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(409)
    expect(submitted.json.detail).toMatch(/partner matching/)
    // Nothing of the refused submit landed: the sheet is the draft it was.
    const sheets = await p.call('GET', `${base(first)}/sheets`, { as: c.manager })
    const sheet = sheets.json.sheets.find((s: { panellistId: string }) => s.panellistId === partner.id)
    expect(sheet).toMatchObject({ status: 'draft', version: saved.json.version })
    expect((await ranking()).find((r) => r.applicationId === first)!.progress[partner.id]).toBe('conflicted')
  })

  it('a submit landing before the acceptance commits: the acceptance stands and the sheet stops counting', {
    timeout: 120_000,
  }, async () => {
    const { c, partner, introductionId, accept, base, saveDraft, ranking } = await partnering()
    const first = c.ids[0]!
    await scoreAndSubmit(p, c.panel[0]!, c, first, 5)
    const saved = await saveDraft(first, 0, 1)
    const hold = holdCommits(p.db, `REL#${introductionId}`)
    const accepting = accept()
    await hold.held
    const submitted = await p.call('POST', `${base(first)}/sheet/submit`, {
      as: partner,
      body: { version: saved.json.version },
    })
    hold.release()
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200)
    expect((await accepting).status).toBe(200)
    const row = (await ranking()).find((r) => r.applicationId === first)!
    expect(row).toMatchObject({ sheetScores: [5], scorers: 1 })
    expect(row.progress[partner.id]).toBe('conflicted')
    const seen = await p.call('GET', `${base(first)}/sheets`, { as: c.panel[0]! })
    expect(seen.json.sheets.map((s: { panellistId: string }) => s.panellistId)).toEqual([c.panel[0]!.id])
  })

  it('racing freely, an acceptance and a submit end the same way: never a counted score from the partner', {
    timeout: 180_000,
  }, async () => {
    for (let round = 0; round < 2; round++) {
      const { c, partner, accept, base, saveDraft, ranking } = await partnering()
      const first = c.ids[0]!
      await scoreAndSubmit(p, c.panel[0]!, c, first, 5)
      const saved = await saveDraft(first, 0, 1)
      const [accepted, submitted] = await Promise.all([
        accept(),
        p.call('POST', `${base(first)}/sheet/submit`, { as: partner, body: { version: saved.json.version } }),
      ])
      expect(accepted.status).toBe(200)
      expect([200, 409]).toContain(submitted.status)
      const row = (await ranking()).find((r) => r.applicationId === first)!
      expect(row).toMatchObject({ sheetScores: [5], scorers: 1 })
      expect(row.progress[partner.id]).toBe('conflicted')
    }
  })

  it('releasing decisions does not wait for a sheet the partner may no longer write', {
    timeout: 120_000,
  }, async () => {
    const { c, partner, accept, ranking } = await partnering()
    for (const id of c.ids) await scoreAndSubmit(p, c.panel[0]!, c, id, 4)
    await scoreAndSubmit(p, partner, c, c.ids[1]!, 3)
    expect((await accept()).status).toBe(200)
    expect((await ranking()).find((r) => r.applicationId === c.ids[0])!.progress[partner.id]).toBe('conflicted')
    const overview = await p.call('GET', `/api/competitions/${c.competitionId}/feedback`, { as: c.manager })
    const released = await p.call('POST', `/api/competitions/${c.competitionId}/feedback-release`, {
      as: c.manager,
      body: { version: overview.json.release.version, confirmMissing: true },
    })
    expect(released.status, JSON.stringify(released.json)).toBe(200)
  })
})
