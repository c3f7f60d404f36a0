// People's data rights (UK GDPR): a person downloads everything held about them, and
// nothing about anyone else (other applicants, panellists, private notes, managers).
import { beforeAll, describe, expect, it } from 'vitest'
import {
  acceptedAwards,
  awardingCompetition,
  declareNone,
  seatedPanellist,
  submitSheetWith,
  type Assessing,
} from '../support/assessing-fixtures.js'
import { createPublished, publishedWebinar } from '../support/fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let a: Assessing
let other: { competitionId: string; eventId: string }

beforeAll(async () => {
  p = await createTestPlatform()
  a = await awardingCompetition(p, [
    { name: 'Alpha Sensors Ltd', requestedPence: 1_670_000, score: 5 },
    { name: 'Beta Care CIC', requestedPence: 1_500_000, score: 2 },
  ])
  // A second panellist's sheet on both, with a private note and feedback.
  const panellist = await seatedPanellist(p, a.manager, a.competitionId, 'Oona Panelwright')
  a.panel.push(panellist)
  await declareNone(p, panellist, a.competitionId, a.ids)
  for (const applicationId of a.ids)
    await submitSheetWith(p, panellist!, a, applicationId, {
      scores: [4, 4, 4],
      panelNote: 'PRIVATE panel note: the founder seemed unsure',
      applicantFeedback: 'Clear plan; show more evidence.',
    })
  await acceptedAwards(p, a, 1, { amountPence: 1_670_000 })

  // Both applicants ask a question and register for an event of another, open competition.
  const { competition } = await createPublished(p, a.manager)
  other = { competitionId: competition.id, eventId: await publishedWebinar(p, a.manager, competition.id) }
  for (const [i, { applicant }] of a.applications.entries()) {
    const who = i === 0 ? 'Alpha' : 'Beta'
    const asked = await p.call('POST', `/api/competitions/${competition.id}/clarifications`, {
      as: applicant,
      body: { question: `${who} asks: can we apply with a partner?` },
    })
    expect(asked.status, JSON.stringify(asked.json)).toBe(201)
    const registered = await p.call('POST', `/api/events/${other.eventId}/registrations`, {
      body: { name: `${who} Person`, email: applicant.email, organisation: `${who} org`, accessibilityNeeds: '' },
    })
    expect(registered.status, JSON.stringify(registered.json)).toBe(200)
  }
})

describe('subject access: GET /api/me/data', () => {
  it('gives an applicant their account, organisation, EOI with answers, decision, questions and registrations', async () => {
    const alpha = a.applications[0]!.applicant
    const res = await p.call('GET', '/api/me/data', { as: alpha })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    const data = res.json
    expect(data.you).toMatchObject({ id: alpha.id, email: alpha.email })
    expect(data.organisation.name).toBe('Alpha Sensors Ltd')
    expect(data.applications).toHaveLength(1)
    const [own] = data.applications
    expect(own.application.id).toBe(a.ids[0])
    expect(Object.values(own.application.answers)).toContain('Sensors in homes warn families early.')
    expect(own.decision).toMatchObject({ released: true, outcome: 'funded' })
    expect(own.decision.offer.status).toBe('accepted')
    expect(data.questions.map((q: { question: string }) => q.question)).toEqual([
      'Alpha asks: can we apply with a partner?',
    ])
    expect(data.eventRegistrations).toHaveLength(1)
    expect(data.eventRegistrations[0]).toMatchObject({
      eventTitle: 'Webinar: data linkage',
      registration: { name: 'Alpha Person', email: alpha.email, eventId: other.eventId },
    })
    expect(data.notHeld.join(' ')).toMatch(/diversity and inclusion survey/)
  })

  it('holds nothing about anyone else: other applicants, panellists, private notes, managers', async () => {
    const [alphaSide, betaSide] = a.applications
    const text = (await p.call('GET', '/api/me/data', { as: alphaSide!.applicant })).text
    for (const panellist of a.panel as unknown as { email: string; name: string; id: string }[])
      for (const foreign of [panellist.email, panellist.name, panellist.id])
        expect(text, foreign).not.toContain(foreign)
    for (const foreign of [
      betaSide!.applicant.email,
      betaSide!.applicant.id,
      betaSide!.application.id,
      'Beta Care CIC',
      'Beta asks',
      'Beta Person',
      'PRIVATE panel note',
      'Note to the panel',
      (a.manager as { email: string }).email,
      'Priya Shah',
    ])
      expect(text, foreign).not.toContain(foreign)

    const beta = (await p.call('GET', '/api/me/data', { as: betaSide!.applicant })).json
    expect(beta.organisation.name).toBe('Beta Care CIC')
    expect(beta.applications.map((x: { application: { id: string } }) => x.application.id)).toEqual([a.ids[1]])
    expect(beta.applications[0].decision).toMatchObject({ released: true, outcome: 'not-funded' })
    expect(beta.questions).toHaveLength(1)
    expect(beta.eventRegistrations[0].registration.name).toBe('Beta Person')
  })

  it('gives a panellist their account and nothing of the applicants they scored', async () => {
    const panellist = a.panel[1]!
    const res = await p.call('GET', '/api/me/data', { as: panellist })
    expect(res.status).toBe(200)
    expect(res.json.applications).toEqual([])
    expect(res.json.organisation).toBeUndefined()
    expect(res.text).not.toContain('Alpha Sensors Ltd')
    expect(res.text).not.toContain(a.applications[0]!.applicant.email)
  })

  it('asks who you are: 401 without a token', async () => {
    const res = await p.call('GET', '/api/me/data')
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toMatch(/problem\+json/)
  })
})
