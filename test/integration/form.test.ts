// The EOI form: questions of every kind, settings that fit their kind, and a form that once
// open may only become easier to answer.
import { beforeAll, describe, expect, it } from 'vitest'
import { createDraft, createPublished } from '../support/fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let manager: { token: string }
beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager')
})

const fieldsOf = (json: { errors?: { field: string }[] }) => (json.errors ?? []).map((e) => e.field).sort()
const idea = {
  kind: 'longText',
  label: 'Describe your idea',
  help: 'What would you do, for whom?',
  required: true,
  softWordLimit: 300,
  hardWordLimit: 500,
}
const choice = {
  kind: 'singleChoice',
  label: 'Stage of your idea',
  required: true,
  options: [
    { id: 'idea', label: 'Just an idea' },
    { id: 'prototype', label: 'Prototype' },
  ],
}

async function withClockAt<T>(days: number, run: () => Promise<T>): Promise<T> {
  const saved = p.clock.now
  p.clock.now = new Date(saved.getTime() + days * 86_400_000)
  try {
    return await run()
  } finally {
    p.clock.now = saved
  }
}

describe('defining the form', () => {
  it('takes every kind of question, in order, and shows them on the competition page', async () => {
    const draft = await createDraft(p, manager)
    const bodies = [
      idea,
      { kind: 'shortText', label: 'Project name', required: true, maxLength: 80 },
      choice,
      {
        kind: 'multipleChoice',
        label: 'Who benefits',
        required: false,
        options: [
          { id: 'children', label: 'Children' },
          { id: 'carers', label: 'Carers' },
        ],
      },
      { kind: 'number', label: 'People reached in a year', required: false, min: 0, max: 1_000_000 },
      { kind: 'url', label: 'Website', required: false },
      { kind: 'textOrVideo', label: 'Your pitch', required: true, hardWordLimit: 250 },
      {
        kind: 'file',
        label: 'Supporting document',
        required: false,
        fileTypes: ['application/pdf'],
        maxFileBytes: 5_000_000,
      },
    ]
    for (const body of bodies) {
      const res = await p.call('POST', `/api/competitions/${draft.id}/questions`, { as: manager, body })
      expect(res.status, JSON.stringify(res.json)).toBe(201)
    }
    const page = await p.call('GET', `/api/competitions/${draft.id}`, { as: manager })
    expect(page.json.form.map((q: { label: string }) => q.label)).toEqual(bodies.map((b) => b.label))
    expect(page.json.form.map((q: { position: number }) => q.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })

  it.each([
    [{ ...idea, softWordLimit: 600 }, ['softWordLimit']],
    [{ kind: 'number', label: 'N', softWordLimit: 10 }, ['softWordLimit']],
    [{ kind: 'singleChoice', label: 'Pick' }, ['options']],
    [
      {
        ...choice,
        options: [
          { id: 'a', label: 'A' },
          { id: 'a', label: 'B' },
        ],
      },
      ['options'],
    ],
    [{ kind: 'essay', label: 'X' }, ['kind']],
    [{ kind: 'longText', label: '', hardWordLimit: 0 }, ['hardWordLimit', 'label']],
    [{ kind: 'file', label: 'F', fileTypes: ['application/x-msdownload'] }, ['fileTypes.0']],
  ])('refuses %j naming %j', async (body, fields) => {
    const draft = await createDraft(p, manager)
    const res = await p.call('POST', `/api/competitions/${draft.id}/questions`, { as: manager, body })
    expect(res.status).toBe(400)
    expect(fieldsOf(res.json)).toEqual(fields)
    expect((await p.call('GET', `/api/competitions/${draft.id}`, { as: manager })).json.form).toEqual([])
  })

  it('changes questions with versions while the form is not open, and removes them', async () => {
    const { competition } = await createPublished(p, manager)
    const q = (await p.call('POST', `/api/competitions/${competition.id}/questions`, { as: manager, body: idea })).json
    // Published but not yet open: still free to tighten.
    const tightened = await p.call('PUT', `/api/competitions/${competition.id}/questions/${q.id}`, {
      as: manager,
      body: { ...idea, hardWordLimit: 400, version: 1 },
    })
    expect(tightened.json).toMatchObject({ hardWordLimit: 400, version: 2 })
    expect(
      (
        await p.call('PUT', `/api/competitions/${competition.id}/questions/${q.id}`, {
          as: manager,
          body: { ...idea, version: 1 },
        })
      ).status,
    ).toBe(409)
    expect(
      (await p.call('DELETE', `/api/competitions/${competition.id}/questions/${q.id}?version=2`, { as: manager }))
        .status,
    ).toBe(204)
  })
})

describe('once the form is open', () => {
  it('can be made easier to answer but never harder, and keeps every question', async () => {
    const { competition } = await createPublished(p, manager)
    const q = (await p.call('POST', `/api/competitions/${competition.id}/questions`, { as: manager, body: idea })).json
    const c = (await p.call('POST', `/api/competitions/${competition.id}/questions`, { as: manager, body: choice }))
      .json
    await withClockAt(2, async () => {
      const put = (id: string, body: object) =>
        p.call('PUT', `/api/competitions/${competition.id}/questions/${id}`, { as: manager, body })
      const tighter = await put(q.id, { ...idea, softWordLimit: 200, hardWordLimit: 400, version: 1 })
      expect(tighter.status).toBe(422)
      expect(fieldsOf(tighter.json)).toEqual(['hardWordLimit', 'softWordLimit'])
      const lostOption = await put(c.id, { ...choice, options: [choice.options[0]], version: 1 })
      expect(lostOption.status).toBe(400) // fewer than two options is malformed anyway
      const fewer = await put(c.id, {
        ...choice,
        options: [...choice.options.slice(1), { id: 'scaling', label: 'Scaling' }],
        version: 1,
      })
      expect(fieldsOf(fewer.json)).toEqual(['options'])

      const looser = await put(q.id, {
        ...idea,
        required: false,
        hardWordLimit: 800,
        help: 'Tell us plainly.',
        version: 1,
      })
      expect(looser.status).toBe(200)
      expect(looser.json).toMatchObject({ required: false, hardWordLimit: 800, version: 2 })
      expect(fieldsOf((await put(q.id, { ...idea, required: true, hardWordLimit: 800, version: 2 })).json)).toEqual([
        'required',
      ])

      const removed = await p.call('DELETE', `/api/competitions/${competition.id}/questions/${q.id}?version=2`, {
        as: manager,
      })
      expect(removed.status).toBe(422)
      const required = await p.call('POST', `/api/competitions/${competition.id}/questions`, {
        as: manager,
        body: { kind: 'url', label: 'Website', required: true },
      })
      expect(fieldsOf(required.json)).toEqual(['required'])
      const optional = await p.call('POST', `/api/competitions/${competition.id}/questions`, {
        as: manager,
        body: { kind: 'url', label: 'Website', required: false },
      })
      expect(optional.status).toBe(201)
    })
    const page = await p.call('GET', `/api/competitions/${competition.id}`)
    expect(page.json.form.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([q.id, c.id]))
  })

  it('is for managers to change', async () => {
    const { competition } = await createPublished(p, manager)
    const applicant = await p.signIn('applicant')
    expect((await p.call('POST', `/api/competitions/${competition.id}/questions`, { body: idea })).status).toBe(401)
    expect(
      (await p.call('POST', `/api/competitions/${competition.id}/questions`, { as: applicant, body: idea })).status,
    ).toBe(403)
  })
})
