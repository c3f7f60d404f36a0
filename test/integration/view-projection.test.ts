// The hot public reads (the competition page and list) build their answer with `project`,
// which copies what the view lists without validating a second time. It must give exactly
// what parsing with the view gives, dropping whatever the view does not list at every depth.
import { beforeAll, describe, expect, it } from 'vitest'
import { CompetitionPage, CompetitionSummary } from '../../shared/schemas/competition.js'
import { project } from '../../shared/schemas/view.js'
import { createPublished } from '../support/fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

/** The value with an unlisted key added to every object in it, at every depth. */
function polluted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(polluted)
  if (value && typeof value === 'object') {
    return { ...Object.fromEntries(Object.entries(value).map(([k, v]) => [k, polluted(v)])), storedOnly: 'private' }
  }
  return value
}

let p: TestPlatform
let page: CompetitionPage
let summary: CompetitionSummary

beforeAll(async () => {
  p = await createTestPlatform()
  const manager = await p.signIn('manager')
  const { competition } = await createPublished(p, manager, { challenges: 2 })
  page = (await p.call('GET', `/api/competitions/${competition.id}`)).json as CompetitionPage
  summary = ((await p.call('GET', '/api/competitions')).json as { items: CompetitionSummary[] }).items[0]!
})

describe('project', () => {
  it('gives what parsing with the view gives, for a real competition page and list entry', () => {
    expect(page.challenges.length).toBe(2)
    expect(project(CompetitionPage, page)).toEqual(CompetitionPage.parse(page))
    expect(project(CompetitionSummary, summary)).toEqual(CompetitionSummary.parse(summary))
  })

  it('drops a field the view does not list, at every depth, as parsing does', () => {
    const dirty = polluted(page)
    expect(JSON.stringify(dirty)).toContain('storedOnly')
    expect(project(CompetitionPage, dirty)).toEqual(page)
    expect(CompetitionPage.parse(dirty)).toEqual(page)
    expect(JSON.stringify(project(CompetitionSummary, polluted(summary)))).not.toContain('storedOnly')
  })
})
