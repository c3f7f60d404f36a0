// Forms people can trust: web addresses typed without https://, applicants' names, and a
// Companies House number registered by more than one account.
import { beforeAll, describe, expect, it } from 'vitest'
import { openCompetition, startedDraft, completeAnswers, type OpenCompetition } from '../support/eoi-fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let manager: Awaited<ReturnType<TestPlatform['signIn']>>
let comp: OpenCompetition
let website: { id: string }

beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager')
  comp = await openCompetition(p, manager)
  const res = await p.call('POST', `/api/competitions/${comp.competition.id}/questions`, {
    as: manager,
    body: { kind: 'url', label: 'Your website, if you have one', required: false },
  })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
  website = res.json
})

describe('web addresses', () => {
  it('saves "example.org" as "https://example.org", by autosave and at submission alike', async () => {
    const { applicant, application } = await startedDraft(p, comp, 'Addresses Ltd')
    const saved = await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: {
        version: 1,
        ...completeAnswers(comp),
        answers: { ...completeAnswers(comp).answers, [website.id]: '  example.org/about ' },
      },
    })
    expect(saved.status, JSON.stringify(saved.json)).toBe(200)
    expect(saved.json.answers[website.id]).toBe('https://example.org/about')
    const pitch = await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: { version: saved.json.version, answers: { [comp.pitch.id]: { mode: 'video', url: 'youtu.be/abc123' } } },
    })
    expect(pitch.status, JSON.stringify(pitch.json)).toBe(200)
    expect(pitch.json.answers[comp.pitch.id]).toEqual({ mode: 'video', url: 'https://youtu.be/abc123' })

    const submitted = await p.call('POST', `/api/applications/${application.id}/submit`, { as: applicant })
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200)
    expect(submitted.json.answers[website.id]).toBe('https://example.org/about')
    const read = await p.call('GET', `/api/applications/${application.id}`, { as: manager })
    expect(read.json.answers[website.id]).toBe('https://example.org/about')
  })

  it('refuses what is not a web address when it is saved, naming the answer, and keeps what was saved', async () => {
    const { applicant, application } = await startedDraft(p, comp, 'Not An Address Ltd')
    const first = await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: { version: 1, answers: { [website.id]: 'https://example.org' } },
    })
    expect(first.status).toBe(200)
    for (const typed of ['not a web address', 'javascript:alert(1)', 'localhost', 'mailto:me@example.org']) {
      const res = await p.call('PATCH', `/api/applications/${application.id}`, {
        as: applicant,
        body: { version: first.json.version, answers: { [website.id]: typed } },
      })
      expect(res.status, typed).toBe(422)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(res.json.errors, typed).toEqual([
        { field: `answers.${website.id}`, message: expect.stringMatching(/web address/) },
      ])
    }
    const video = await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: {
        version: first.json.version,
        answers: { [comp.pitch.id]: { mode: 'video', url: 'javascript:alert(1)' } },
      },
    })
    expect(video.status).toBe(400)
    expect(video.json.errors).toEqual([
      expect.objectContaining({
        field: expect.stringMatching(/^answers\./),
        message: expect.stringMatching(/web address/),
      }),
    ])
    const read = await p.call('GET', `/api/applications/${application.id}`, { as: applicant })
    expect(read.json.answers[website.id]).toBe('https://example.org')
    expect(read.json.version).toBe(first.json.version)
  })
})

describe('applicants’ names', () => {
  it('keeps the name an applicant gives and shows it to programme managers with what they submit', async () => {
    const { applicant, application } = await startedDraft(p, comp, 'Named Ltd')
    const blank = await p.call('PUT', '/api/me/details', { as: applicant, body: { name: '   ' } })
    expect(blank.status).toBe(400)
    expect(blank.json.errors).toEqual([expect.objectContaining({ field: 'name' })])

    const saved = await p.call('PUT', '/api/me/details', { as: applicant, body: { name: 'Chloe Evans' } })
    expect(saved.status, JSON.stringify(saved.json)).toBe(200)
    expect(saved.json).toMatchObject({ id: applicant.id, name: 'Chloe Evans', role: 'applicant' })
    // The token still carries the old name; the API answers with the one given.
    expect((await p.call('GET', '/api/me', { as: applicant })).json.name).toBe('Chloe Evans')

    await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: { version: 1, ...completeAnswers(comp) },
    })
    const submitted = await p.call('POST', `/api/applications/${application.id}/submit`, { as: applicant })
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200)

    const list = await p.call('GET', `/api/competitions/${comp.competition.id}/applications?status=submitted`, {
      as: manager,
    })
    const row = list.json.items.find((a: { id: string }) => a.id === application.id)
    expect(row.contact).toEqual({ name: 'Chloe Evans', email: applicant.email })
    const detail = await p.call('GET', `/api/applications/${application.id}`, { as: manager })
    expect(detail.json.contact).toEqual({ name: 'Chloe Evans', email: applicant.email })
  })

  it('gives a new sign-in the name it sent next time it signs in', async () => {
    const email = `founder${Date.now() % 10_000}@new.example`
    const first = await p.call('POST', '/api/dev-auth/token', { body: { email } })
    expect(first.json.user.name).toMatch(/^founder\d+$/)
    await p.call('PUT', '/api/me/details', { as: first.json, body: { name: 'Sam Okafor' } })
    const again = await p.call('POST', '/api/dev-auth/token', { body: { email } })
    expect(again.json.user.name).toBe('Sam Okafor')
  })
})

describe('a Companies House number registered by more than one account', () => {
  const register = (as: { token: string }, name: string, companiesHouseNumber?: string) =>
    p.call('POST', '/api/organisations', {
      as,
      body: {
        name,
        type: 'sme',
        postcode: 'L1 8JQ',
        sizeBand: '2-9',
        ...(companiesHouseNumber ? { companiesHouseNumber } : {}),
      },
    })

  it('is saved with a warning, never refused, and the programme manager sees it on each EOI', async () => {
    const first = await p.signIn('applicant')
    const firstOrg = await register(first, 'Original Ltd', 'SC123456')
    expect(firstOrg.status).toBe(201)
    expect(firstOrg.json.warnings).toBeUndefined()

    const second = await p.signIn('applicant')
    const secondOrg = await register(second, 'Lookalike Ltd', 'sc 123 456')
    expect(secondOrg.status).toBe(201)
    expect(secondOrg.json.companiesHouseNumber).toBe('SC123456')
    expect(secondOrg.json.warnings).toEqual([
      { field: 'companiesHouseNumber', message: expect.stringMatching(/already registered by another account/) },
    ])
    // The applicant is not told whose it is.
    expect(JSON.stringify(secondOrg.json)).not.toContain('Original Ltd')

    // Both apply; the manager sees each flagged with the other.
    const ids: Record<string, string> = {}
    for (const [who, name] of [
      [first, 'Original Ltd'],
      [second, 'Lookalike Ltd'],
    ] as const) {
      const started = await p.call('POST', `/api/competitions/${comp.competition.id}/applications`, { as: who })
      await p.call('PATCH', `/api/applications/${started.json.id}`, {
        as: who,
        body: { version: 1, ...completeAnswers(comp) },
      })
      expect((await p.call('POST', `/api/applications/${started.json.id}/submit`, { as: who })).status).toBe(200)
      ids[name] = started.json.id
    }
    const list = await p.call(
      'GET',
      `/api/competitions/${comp.competition.id}/applications?status=submitted&limit=100`,
      { as: manager },
    )
    const byId = new Map(list.json.items.map((a: { id: string }) => [a.id, a]))
    expect(byId.get(ids['Original Ltd']!)).toMatchObject({
      sharedCompaniesHouseNumber: { number: 'SC123456', otherOrganisations: ['Lookalike Ltd'] },
    })
    expect(byId.get(ids['Lookalike Ltd']!)).toMatchObject({
      sharedCompaniesHouseNumber: { number: 'SC123456', otherOrganisations: ['Original Ltd'] },
    })
    const detail = await p.call('GET', `/api/applications/${ids['Original Ltd']}`, { as: manager })
    expect(detail.json.sharedCompaniesHouseNumber).toEqual({
      number: 'SC123456',
      otherOrganisations: ['Lookalike Ltd'],
    })
    // The applicant's own view never carries it.
    expect(
      (await p.call('GET', `/api/applications/${ids['Original Ltd']}`, { as: first })).json.sharedCompaniesHouseNumber,
    ).toBeUndefined()

    // Changing the number clears the flag on both; an EOI with no shared number has none.
    const edited = await p.call('PATCH', `/api/organisations/${secondOrg.json.id}`, {
      as: second,
      body: { version: secondOrg.json.version, companiesHouseNumber: '01234567' },
    })
    expect(edited.status).toBe(200)
    expect(edited.json.warnings).toBeUndefined()
    const after = await p.call(
      'GET',
      `/api/competitions/${comp.competition.id}/applications?status=submitted&limit=100`,
      { as: manager },
    )
    for (const item of after.json.items) expect(item.sharedCompaniesHouseNumber, item.organisationName).toBeUndefined()
  })

  it('warns at least one of two accounts registering the same number at the same moment', async () => {
    const [a, b] = await Promise.all([p.signIn('applicant'), p.signIn('applicant')])
    const [ra, rb] = await Promise.all([register(a, 'Twin A Ltd', '09876543'), register(b, 'Twin B Ltd', '09876543')])
    expect([ra.status, rb.status]).toEqual([201, 201])
    expect([ra.json.warnings, rb.json.warnings].filter(Boolean).length).toBeGreaterThanOrEqual(1)
  })
})
