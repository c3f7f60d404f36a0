// Builds open competitions with a form, organisations and EOIs through the API.
import { expect } from 'vitest'
import { createPublished } from './fixtures.js'
import type { TestPlatform } from './platform.js'

const DAY = 86_400_000

export type OpenCompetition = Awaited<ReturnType<typeof openCompetition>>

/** A published competition with a three-question form; leaves the clock inside the EOI window. */
export async function openCompetition(
  p: TestPlatform,
  manager: { token: string },
  options: { challenges?: number } = {},
) {
  p.clock.now = new Date(Date.now())
  const made = await createPublished(p, manager, options)
  const c = made.competition.id
  const ask = async (body: object) =>
    (await p.call('POST', `/api/competitions/${c}/questions`, { as: manager, body })).json
  const idea = await ask({
    kind: 'longText',
    label: 'Describe your idea',
    required: true,
    softWordLimit: 5,
    hardWordLimit: 10,
  })
  const stage = await ask({
    kind: 'singleChoice',
    label: 'Stage',
    required: true,
    options: [
      { id: 'idea', label: 'Idea' },
      { id: 'pilot', label: 'Pilot' },
    ],
  })
  const pitch = await ask({ kind: 'textOrVideo', label: 'Your pitch', required: false })
  const page = (await p.call('GET', `/api/competitions/${c}`)).json
  p.clock.now = new Date(Date.now() + 2 * DAY) // the form opens a day after publishing
  return {
    ...made,
    idea,
    stage,
    pitch,
    statementIds: page.competition.eligibility.map((s: { id: string }) => s.id) as string[],
  }
}

export async function applicantWithOrganisation(p: TestPlatform, name = 'Breathe Easy Ltd') {
  const applicant = await p.signIn('applicant')
  const org = await p.call('POST', '/api/organisations', {
    as: applicant,
    body: { name, type: 'sme', postcode: 'L1 8JQ', sizeBand: '2-9' },
  })
  expect(org.status).toBe(201)
  return applicant
}

export async function startedDraft(p: TestPlatform, comp: OpenCompetition, name?: string) {
  const applicant = await applicantWithOrganisation(p, name)
  const res = await p.call('POST', `/api/competitions/${comp.competition.id}/applications`, { as: applicant })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
  return { applicant, application: res.json as { id: string; version: number } }
}

export const completeAnswers = (comp: OpenCompetition) => ({
  answers: { [comp.idea.id]: 'Sensors in homes warn families early.', [comp.stage.id]: 'pilot' },
  amountRequestedPence: 1_670_000,
  themeIds: [comp.theme.id],
  eligibilityConfirmed: comp.statementIds,
})

/** A submitted EOI from a new organisation. */
export async function submittedApplication(p: TestPlatform, comp: OpenCompetition, name?: string) {
  const draft = await startedDraft(p, comp, name)
  await p.call('PATCH', `/api/applications/${draft.application.id}`, {
    as: draft.applicant,
    body: { version: 1, ...completeAnswers(comp) },
  })
  const submitted = await p.call('POST', `/api/applications/${draft.application.id}/submit`, { as: draft.applicant })
  expect(submitted.status).toBe(200)
  return draft
}
