// The engagement funnel: counts the database keeps with each state change (exact under races),
// by challenge, theme and organisations' leadership (suppressed), the follow-up list; programmes
// across rounds with the D&I survey's guarantees; bad input and access.
import { beforeAll, describe, expect, it } from 'vitest'
import { acceptedAwards, assessingCompetition } from '../support/assessing-fixtures.js'
import {
  applicantWithOrganisation,
  completeAnswers,
  openCompetition,
  startedDraft,
  submittedApplication,
  type OpenCompetition,
} from '../support/eoi-fixtures.js'
import { createTestPlatform, fieldsOf, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let manager: { token: string }
beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager')
})

type Step = { stage: string; count: number; conversionPercent: number | null }
const funnelOf = async (competitionId: string, query = '') => {
  const res = await p.call('GET', `/api/competitions/${competitionId}/funnel${query}`, { as: manager })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
  return res.json
}
/** The EOI deadline the fixture set (createPublished returns the whole competition). */
const closesAt = (comp: OpenCompetition) =>
  (comp.competition as unknown as { timeline: { eoiClosesAt: string } }).timeline.eoiClosesAt
const counts = (steps: Step[]) => Object.fromEntries(steps.map((s) => [s.stage, s.count]))

async function ask(comp: OpenCompetition, applicant: { token: string }) {
  const res = await p.call('POST', `/api/competitions/${comp.competition.id}/clarifications`, {
    as: applicant,
    body: { question: 'Can a charity apply with a university partner?' },
  })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
}

/** A draft filled in and ready to submit. */
async function readyDraft(comp: OpenCompetition, name: string) {
  const draft = await startedDraft(p, comp, name)
  const saved = await p.call('PATCH', `/api/applications/${draft.application.id}`, {
    as: draft.applicant,
    body: { version: 1, ...completeAnswers(comp) },
  })
  expect(saved.status).toBe(200)
  return draft
}

describe('GET /api/competitions/{id}/funnel', () => {
  it('counts each stage once, with conversion, by theme and challenge, and lists who engaged but did not apply', async () => {
    const a = await assessingCompetition(p, { applications: 4, shortlisted: 2, panellists: 1 })
    const asker = await applicantWithOrganisation(p, 'Question Askers CIC')
    // Asked before the deadline: the fixture left the clock after it, so step back.
    const after = p.clock.now
    p.clock.now = new Date(Date.parse(closesAt(a.comp)) - 3_600_000)
    await ask(a.comp, asker)
    // The same organisation spelt another way, by another person: engaged once.
    await ask(a.comp, await applicantWithOrganisation(p, 'QUESTION ASKERS'))
    await startedDraft(p, a.comp, 'Never Submitted Ltd')
    p.clock.now = after
    const rest = await p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
      as: a.manager,
      body: {
        decisions: a.ids
          .slice(2)
          .map((applicationId) => ({ applicationId, outcome: 'not-shortlisted', reason: 'Weaker fit' })),
      },
    })
    expect(rest.status, JSON.stringify(rest.json)).toBe(200)
    await acceptedAwards(p, a, 1, { amountPence: 1_670_000, conditions: 'Report monthly.' })

    const funnel = await funnelOf(a.competitionId)
    expect(counts(funnel.steps)).toEqual({
      engaged: 6,
      submitted: 4,
      eligible: 4,
      shortlisted: 2,
      awarded: 1,
      accepted: 1,
      completed: 0,
    })
    const conversion = Object.fromEntries(funnel.steps.map((s: Step) => [s.stage, s.conversionPercent]))
    expect(conversion).toMatchObject({ engaged: null, submitted: 66.7, shortlisted: 50, completed: 0 })
    const theme = funnel.byTheme.find((t: { id: string }) => t.id === a.comp.theme.id)
    expect(counts(theme.steps)).toMatchObject({ submitted: 4, shortlisted: 2, awarded: 1 })
    expect(funnel.byChallenge.length).toBeGreaterThan(0)
    expect(counts(funnel.byChallenge[0].steps)).toMatchObject({ submitted: 4, accepted: 1 })
    expect(funnel.followUp.items.map((o: { name: string }) => o.name).sort()).toEqual([
      'Never Submitted Ltd',
      'Question Askers CIC',
    ])
    expect(funnel.followUp.items.find((o: { name: string }) => o.name === 'Question Askers CIC').via).toEqual([
      'question',
    ])
    // Nothing about any one organisation's leadership is shown at this size.
    for (const q of funnel.leadership)
      for (const s of q.stages)
        for (const cell of [s.yes, s.no, s.declined, s.notAsked]) expect(cell).toBe('suppressed')
  })

  it('takes a withdrawal, an unshortlisting and a withdrawn award back out', async () => {
    const comp = await openCompetition(p, manager)
    const leaving = await readyDraft(comp, 'Changed Mind Ltd')
    await p.call('POST', `/api/applications/${leaving.application.id}/submit`, { as: leaving.applicant })
    expect(counts((await funnelOf(comp.competition.id)).steps).submitted).toBe(1)
    const withdrawn = await p.call('POST', `/api/applications/${leaving.application.id}/withdraw`, {
      as: leaving.applicant,
      body: { version: 3 },
    })
    expect(withdrawn.status, JSON.stringify(withdrawn.json)).toBe(200)
    const funnel = await funnelOf(comp.competition.id)
    expect(counts(funnel.steps)).toMatchObject({ engaged: 1, submitted: 0 })
    // It applied once: not on the follow-up list.
    expect(funnel.followUp.items).toEqual([])

    const a = await assessingCompetition(p, { applications: 2, shortlisted: 2, panellists: 1 })
    const off = await p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
      as: a.manager,
      body: { decisions: [{ applicationId: a.ids[1], outcome: 'not-shortlisted', reason: 'Out of scope' }] },
    })
    expect(off.status, JSON.stringify(off.json)).toBe(200)
    // The same decision again moves nothing.
    await p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
      as: a.manager,
      body: { decisions: [{ applicationId: a.ids[1], outcome: 'not-shortlisted', reason: 'Out of scope' }] },
    })
    const respondBy = new Date(p.clock.now.getTime() + 14 * 86_400_000).toISOString()
    const made = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
      as: a.manager,
      body: { applicationId: a.ids[0], amountPence: 1_670_000, respondBy, conditions: 'None.' },
    })
    expect(made.status, JSON.stringify(made.json)).toBe(201)
    expect(counts((await funnelOf(a.competitionId)).steps)).toMatchObject({ shortlisted: 1, awarded: 1 })
    const gone = await p.call('POST', `/api/competitions/${a.competitionId}/awards/${a.ids[0]}/withdraw`, {
      as: a.manager,
      body: { version: 1, reason: 'Duplicate funding found' },
    })
    expect(gone.status, JSON.stringify(gone.json)).toBe(200)
    expect(counts((await funnelOf(a.competitionId)).steps)).toMatchObject({ shortlisted: 1, awarded: 0 })
  })

  it('stays exact when submissions, decisions and engagements race', async () => {
    const comp = await openCompetition(p, manager)
    const drafts = []
    for (let i = 0; i < 10; i++) drafts.push(await readyDraft(comp, `Racer ${i} Ltd`))
    const submits = await Promise.all(
      drafts.flatMap((d) => [
        p.call('POST', `/api/applications/${d.application.id}/submit`, { as: d.applicant }),
        p.call('POST', `/api/applications/${d.application.id}/submit`, { as: d.applicant }),
      ]),
    )
    expect(submits.every((r) => r.status === 200 || r.status === 409)).toBe(true)
    // Five people from one organisation, spelt five ways, ask at once.
    const spellings = ['Same Org Ltd', 'SAME ORG LIMITED', 'same org', 'Same-Org', 'The Same Org CIC']
    const askers = await Promise.all(spellings.map((name) => applicantWithOrganisation(p, name)))
    await Promise.all(askers.map((asker) => ask(comp, asker)))
    expect(counts((await funnelOf(comp.competition.id)).steps)).toMatchObject({ engaged: 11, submitted: 10 })

    const ids = drafts.map((d) => d.application.id)
    p.clock.now = new Date(Date.parse(closesAt(comp)) + 60_000)
    const other = await p.signIn('manager')
    const screen = (as: { token: string }, outcome: string) =>
      p.call('POST', `/api/competitions/${comp.competition.id}/screening`, {
        as,
        body: { decisions: ids.map((applicationId) => ({ applicationId, outcome, reason: 'Checked' })) },
      })
    // Two managers screen the same ten at once, twice over, one changing their mind.
    const raced = await Promise.all([
      screen(manager, 'eligible'),
      screen(other, 'eligible'),
      screen(manager, 'ineligible'),
      screen(other, 'eligible'),
    ])
    expect(
      raced.every((r) => r.status === 200 || r.status === 422),
      JSON.stringify(raced.map((r) => r.json)),
    ).toBe(true)
    const list = await p.call('GET', `/api/competitions/${comp.competition.id}/candidates?limit=100`, { as: manager })
    const eligible = list.json.items.filter(
      (c: { screening?: { outcome: string } }) => c.screening?.outcome === 'eligible',
    )
    expect(counts((await funnelOf(comp.competition.id)).steps).eligible).toBe(eligible.length)
  })

  it('shows leadership by stage only where no one organisation can be picked out', async () => {
    const comp = await openCompetition(p, manager)
    for (let i = 0; i < 12; i++) {
      const draft = await readyDraft(comp, `Led ${i} Ltd`)
      if (i < 6) {
        const saved = await p.call('PUT', '/api/me/organisation/leadership', {
          as: draft.applicant,
          body: { consent: true, answers: { 'women-led': 'yes', 'disabled-led': 'no' }, version: 0 },
        })
        expect(saved.status, JSON.stringify(saved.json)).toBe(200)
        expect(saved.json.answers).toMatchObject({ 'women-led': 'yes', 'disabled-led': 'no', 'lgbtq-led': 'declined' })
      }
      await p.call('POST', `/api/applications/${draft.application.id}/submit`, { as: draft.applicant })
    }
    const funnel = await funnelOf(comp.competition.id)
    const women = funnel.leadership.find((q: { questionId: string }) => q.questionId === 'women-led')
    const submitted = women.stages.find((s: { stage: string }) => s.stage === 'submitted')
    // 6 yes, 0 no, 0 declined, 6 not asked: the zeros hidden, and one 6 with them so neither zero can be worked out.
    expect(submitted).toEqual({
      stage: 'submitted',
      yes: 'suppressed',
      no: 'suppressed',
      declined: 'suppressed',
      notAsked: 6,
    })
    const declined = funnel.leadership.find((q: { questionId: string }) => q.questionId === 'lgbtq-led')
    expect(declined.stages.find((s: { stage: string }) => s.stage === 'submitted')).toMatchObject({ notAsked: 6 })
    for (const q of funnel.leadership)
      for (const s of q.stages)
        for (const cell of [s.yes, s.no, s.declined, s.notAsked]) expect(cell === 'suppressed' || cell >= 5).toBe(true)
  })

  it('refuses bad input; another role gets the same 404 as a missing competition', async () => {
    const comp = await openCompetition(p, manager)
    const path = `/api/competitions/${comp.competition.id}/funnel`
    expect((await p.call('GET', path)).status).toBe(401)
    const missing = await p.call('GET', '/api/competitions/01ARZ3NDEKTSV4RRFFQ69G5FAV/funnel', { as: manager })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/)
    for (const role of ['applicant', 'panellist'] as const) {
      const other = await p.call('GET', path, { as: await p.signIn(role) })
      expect(other.status).toBe(404)
      expect(other.json).toEqual(missing.json)
    }
    for (const query of ['?limit=0', '?limit=101', '?cursor=not*a*cursor']) {
      const bad = await p.call('GET', `${path}${query}`, { as: manager })
      expect(bad.status, query).toBe(400)
      expect(fieldsOf(bad.json)[0]).toMatch(/limit|cursor/)
    }
    const forged = await p.call('GET', `${path}?cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, { as: manager })
    expect(forged.status).toBe(400)
  })
})

describe('the API document', () => {
  it('documents the funnel, the leadership answers and programmes with who may call and their preconditions', async () => {
    const doc = await p.call('GET', '/api/openapi.json')
    expect(doc.status).toBe(200)
    const op = (path: string, method: string) => JSON.stringify(doc.json.paths[path][method])
    expect(op('/competitions/{competitionId}/funnel', 'get')).toMatch(/programme managers.*organisationKey/)
    expect(op('/me/organisation/leadership', 'put')).toMatch(/consent/)
    expect(op('/programmes', 'post')).toMatch(/one programme only/)
    expect(op('/programmes/{programmeId}/report', 'get')).toMatch(/published, never to change/)
  })
})

describe('the leadership questions', () => {
  it('record answers only with consent, refuse a stale version, and are 404 without an organisation', async () => {
    const applicant = await applicantWithOrganisation(p, 'Consent Checkers Ltd')
    const none = await p.call('GET', '/api/me/organisation/leadership', { as: applicant })
    expect(none.json).toMatchObject({ consentGiven: false, version: 0, answers: { 'women-led': 'not-asked' } })
    const noConsent = await p.call('PUT', '/api/me/organisation/leadership', {
      as: applicant,
      body: { consent: false, answers: { 'women-led': 'yes' }, version: 0 },
    })
    expect(noConsent.status).toBe(422)
    expect(fieldsOf(noConsent.json)).toEqual(['consent'])
    const declined = await p.call('PUT', '/api/me/organisation/leadership', {
      as: applicant,
      body: { consent: false, version: 0 },
    })
    expect(declined.json.answers['women-led']).toBe('declined')
    const stale = await p.call('PUT', '/api/me/organisation/leadership', {
      as: applicant,
      body: { consent: true, answers: { 'women-led': 'yes' }, version: 0 },
    })
    expect(stale.status).toBe(409)
    const bad = await p.call('PUT', '/api/me/organisation/leadership', {
      as: applicant,
      body: { consent: true, answers: { 'women-led': 'maybe', nonsense: 'yes' }, version: 1 },
    })
    expect(bad.status).toBe(400)
    expect(fieldsOf(bad.json).join(' ')).toMatch(/answers/)
    const orphan = await p.signIn('applicant')
    expect((await p.call('GET', '/api/me/organisation/leadership', { as: orphan })).status).toBe(404)
    expect((await p.call('GET', '/api/me/organisation/leadership', { as: manager })).status).toBe(403)
  })
})

describe('programmes', () => {
  it('add up the funnel across rounds, keep a round to one programme, and publish the survey once', async () => {
    const first = await openCompetition(p, manager)
    await submittedApplication(p, first, 'Round One Ltd')
    const second = await openCompetition(p, manager)
    await submittedApplication(p, second, 'Round Two Ltd')
    await submittedApplication(p, second, 'Round Two Again Ltd')
    const ids = [first.competition.id, second.competition.id]
    const made = await p.call('POST', '/api/programmes', {
      as: manager,
      body: { title: 'What’s your problem?', competitionIds: ids },
    })
    expect(made.status, JSON.stringify(made.json)).toBe(201)
    const taken = await p.call('POST', '/api/programmes', {
      as: manager,
      body: { title: 'Another', competitionIds: [second.competition.id] },
    })
    expect(taken.status).toBe(409)
    expect(fieldsOf(taken.json)).toEqual(['competitionIds.0'])
    const unknown = await p.call('POST', '/api/programmes', {
      as: manager,
      body: { title: 'Ghost', competitionIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'] },
    })
    expect(unknown.status).toBe(422)
    expect(fieldsOf(unknown.json)).toEqual(['competitionIds.0'])
    const twice = await p.call('POST', '/api/programmes', {
      as: manager,
      body: { title: 'Twice', competitionIds: [ids[0], ids[0]] },
    })
    expect(twice.status).toBe(400)

    const report = await p.call('GET', `/api/programmes/${made.json.id}/report`, { as: manager })
    expect(report.status, JSON.stringify(report.json)).toBe(200)
    expect(counts(report.json.steps)).toMatchObject({ engaged: 3, submitted: 3 })
    expect(report.json.rounds.map((r: { steps: Step[] }) => counts(r.steps).submitted)).toEqual([1, 2])
    expect(report.json.survey.status).toBe('collecting')
    expect(report.json.survey.waitingFor).toHaveLength(2)

    // After both rounds close the survey is counted once and the rounds are fixed.
    p.clock.now = new Date(Math.max(Date.parse(closesAt(first)), Date.parse(closesAt(second))) + 60_000)
    const published = await p.call('GET', `/api/programmes/${made.json.id}/report`, { as: manager })
    expect(published.json.survey).toMatchObject({ status: 'published', rounds: 2, respondents: 'suppressed' })
    const again = await p.call('GET', `/api/programmes/${made.json.id}/report`, { as: manager })
    expect(again.json.survey).toEqual(published.json.survey)
    const change = await p.call('PUT', `/api/programmes/${made.json.id}`, {
      as: manager,
      body: { title: 'Renamed', competitionIds: [ids[0]], version: 1 },
    })
    expect(change.status).toBe(409)

    expect((await p.call('GET', '/api/programmes', { as: await p.signIn('applicant') })).status).toBe(403)
    expect((await p.call('GET', '/api/programmes/01ARZ3NDEKTSV4RRFFQ69G5FAV/report', { as: manager })).status).toBe(404)
    const listed = await p.call('GET', '/api/programmes', { as: manager })
    expect(listed.json.items.map((x: { id: string }) => x.id)).toContain(made.json.id)
  })
})
