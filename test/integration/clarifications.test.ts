// Clarification Q&A: asked by applicants, answered by the manager, published to everyone
// without the asker's identity.
import { beforeAll, describe, expect, it } from 'vitest'
import { cutIn } from '../../functions/db/race-hook.js'
import { createDraft, createPublished } from '../support/fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let manager: { token: string }
beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager')
})

describe('clarification questions', () => {
  it('publishes the answer to everyone and never says who asked', async () => {
    const { competition } = await createPublished(p, manager)
    const applicant = await p.signIn('applicant', 'Chloe Evans')
    const path = `/api/competitions/${competition.id}/clarifications`
    const asked = await p.call('POST', path, { as: applicant, body: { question: 'Can a sole trader apply?' } })
    expect(asked.status).toBe(201)

    expect((await p.call('GET', path)).json.items).toEqual([])
    const queue = await p.call('GET', `${path}?all=true`, { as: manager })
    expect(queue.json.items.map((q: { status: string }) => q.status)).toEqual(['asked'])

    const answered = await p.call('PUT', `${path}/${asked.json.id}/answer`, {
      as: manager,
      body: { answer: 'Yes: sole traders and individuals can apply.', version: 1 },
    })
    expect(answered.json).toMatchObject({ status: 'answered', version: 2 })
    expect(
      (await p.call('PUT', `${path}/${asked.json.id}/answer`, { as: manager, body: { answer: 'Stale', version: 1 } }))
        .status,
    ).toBe(409)

    const published = await p.call('GET', path)
    expect(published.json.items).toEqual([
      {
        question: 'Can a sole trader apply?',
        answer: 'Yes: sole traders and individuals can apply.',
        answeredAt: expect.any(String),
      },
    ])
    expect(published.text).not.toContain(asked.json.id)
    for (const raw of [published.text, queue.text, answered.text]) {
      expect(raw).not.toContain(applicant.id)
      expect(raw).not.toContain(applicant.email)
      expect(raw).not.toContain('Chloe')
      expect(raw).not.toContain('askedBy')
    }
  })

  it('lets the manager take identifying details out of the question before publishing it', async () => {
    const { competition } = await createPublished(p, manager)
    const applicant = await p.signIn('applicant')
    const path = `/api/competitions/${competition.id}/clarifications`
    const asked = await p.call('POST', path, {
      as: applicant,
      body: { question: 'We at Breathe Easy Ltd wonder: can a company of 60 apply?' },
    })
    await p.call('PUT', `${path}/${asked.json.id}/answer`, {
      as: manager,
      body: { question: 'Can a company of 60 people apply?', answer: 'Yes, up to 249 people.', version: 1 },
    })
    const published = await p.call('GET', path)
    expect(published.json.items[0].question).toBe('Can a company of 60 people apply?')
    expect(published.text).not.toContain('Breathe Easy')
  })

  it('refuses bad questions, late questions, the wrong roles and drafts', async () => {
    const { competition } = await createPublished(p, manager)
    const applicant = await p.signIn('applicant')
    const path = `/api/competitions/${competition.id}/clarifications`
    const empty = await p.call('POST', path, { as: applicant, body: { question: '?' } })
    expect(empty.status).toBe(400)
    expect(empty.json.errors[0].field).toBe('question')
    expect((await p.call('POST', path, { body: { question: 'Who can apply?' } })).status).toBe(401)
    expect(
      (await p.call('POST', path, { as: await p.signIn('panellist'), body: { question: 'Who can apply?' } })).status,
    ).toBe(403)
    expect((await p.call('GET', `${path}?all=true`, { as: applicant })).status).toBe(403)
    expect(
      (await p.call('PUT', `${path}/x/answer`, { as: applicant, body: { answer: 'No', version: 1 } })).status,
    ).toBe(403)
    expect(
      (
        await p.call('PUT', `${path}/01ARZ3NDEKTSV4RRFFQ69G5FAV/answer`, {
          as: manager,
          body: { answer: 'No', version: 1 },
        })
      ).status,
    ).toBe(404)

    const saved = p.clock.now
    p.clock.now = new Date(saved.getTime() + 31 * 86_400_000)
    try {
      const late = await p.call('POST', path, { as: applicant, body: { question: 'Is it too late?' } })
      expect(late.json.type).toMatch(/deadline-passed$/)
    } finally {
      p.clock.now = saved
    }
    const draft = await createDraft(p, manager)
    expect(
      (
        await p.call('POST', `/api/competitions/${draft.id}/clarifications`, {
          as: applicant,
          body: { question: 'Is this open?' },
        })
      ).status,
    ).toBe(404)
    expect((await p.call('GET', `/api/competitions/${draft.id}/clarifications`)).status).toBe(404)
  })
})

describe('forced: a write lands between a request’s read and its commit', () => {
  it('refuses an answer from the version another answer just replaced (409), publishing that one', async () => {
    const { competition } = await createPublished(p, manager)
    const applicant = await p.signIn('applicant')
    const path = `/api/competitions/${competition.id}/clarifications`
    const asked = await p.call('POST', path, { as: applicant, body: { question: 'Can a charity apply?' } })
    expect(asked.status).toBe(201)
    const answer = (text: string) => () =>
      p.call('PUT', `${path}/${asked.json.id}/answer`, { as: manager, body: { answer: text, version: 1 } })
    const { request: late, write: early } = await cutIn(p.db, {
      request: answer('No.'),
      write: answer('Yes: charities and CICs can apply.'),
    })
    expect(early.status, early.text).toBe(200)
    expect(late.status, late.text).toBe(409)
    expect(late.headers.get('content-type')).toBe('application/problem+json')
    expect(late.json.detail).toBe(
      'This question was changed since you opened it. Reload it, check the changes and try again.',
    )
    expect((await p.call('GET', path)).json.items).toEqual([
      expect.objectContaining({ question: 'Can a charity apply?', answer: 'Yes: charities and CICs can apply.' }),
    ])
  })

  it('refuses a sixth open question asked at once with the fifth (422): five stay open', async () => {
    const { competition } = await createPublished(p, manager)
    const applicant = await p.signIn('applicant')
    const path = `/api/competitions/${competition.id}/clarifications`
    const ask = (question: string) => () => p.call('POST', path, { as: applicant, body: { question } })
    for (let i = 1; i <= 4; i++) expect((await ask(`Question ${i}?`)()).status).toBe(201)
    const { request: late, write: early } = await cutIn(p.db, {
      request: ask('Question 6?'),
      write: ask('Question 5?'),
    })
    expect(early.status, early.text).toBe(201)
    expect(late.status, late.text).toBe(422)
    expect(late.json.detail).toBe(
      'You already have 5 questions awaiting an answer on this competition. You can ask another once one is answered.',
    )
    expect(late.json.errors.map((e: { field: string }) => e.field)).toEqual(['question'])
    const queue = (await p.call('GET', `${path}?all=true`, { as: manager })).json.items
    expect(queue.map((q: { question: string }) => q.question).sort()).toEqual(
      [1, 2, 3, 4, 5].map((i) => `Question ${i}?`),
    )
  })
})
