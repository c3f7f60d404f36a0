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
      body: { version: 1, ...completeAnswers(comp), answers: { ...completeAnswers(comp).answers, [website.id]: '  example.org/about ' } },
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
    const first = await p.call('PATCH', `/api/applications/${application.id}`, { as: applicant, body: { version: 1, answers: { [website.id]: 'https://example.org' } } })
    expect(first.status).toBe(200)
    for (const typed of ['not a web address', 'javascript:alert(1)', 'localhost', 'mailto:me@example.org']) {
      const res = await p.call('PATCH', `/api/applications/${application.id}`, { as: applicant, body: { version: first.json.version, answers: { [website.id]: typed } } })
      expect(res.status, typed).toBe(422)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(res.json.errors, typed).toEqual([{ field: `answers.${website.id}`, message: expect.stringMatching(/web address/) }])
    }
    const video = await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: { version: first.json.version, answers: { [comp.pitch.id]: { mode: 'video', url: 'javascript:alert(1)' } } },
    })
    expect(video.status).toBe(400)
    expect(video.json.errors).toEqual([expect.objectContaining({ field: expect.stringMatching(/^answers\./), message: expect.stringMatching(/web address/) })])
    const read = await p.call('GET', `/api/applications/${application.id}`, { as: applicant })
    expect(read.json.answers[website.id]).toBe('https://example.org')
    expect(read.json.version).toBe(first.json.version)
  })
})
