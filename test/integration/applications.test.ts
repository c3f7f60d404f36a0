// Expressions of interest through the API: one per organisation, autosaved drafts with
// versions, submission checks, the deadline on the server clock, idempotent submission with
// exactly one receipt email, withdrawal, extensions, and who may see what.
import { beforeAll, describe, expect, it } from 'vitest'
import { cutIn } from '../../functions/db/race-hook.js'
import {
  applicantWithOrganisation as withOrganisation,
  completeAnswers,
  openCompetition as open,
  startedDraft as started,
  submittedApplication,
  type OpenCompetition,
} from '../support/eoi-fixtures.js'
import { applicationPut, getApplication } from '../../functions/db/applications-repo.js'
import { commit } from '../../functions/db/write.js'
import { WEB_ADDRESS_MESSAGE } from '../../shared/web-address.js'
import { emailsTo, everyEmail } from '../support/mail.js'
import { fieldsOf, createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let manager: { token: string; id: string }
const DAY = 86_400_000

beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager')
})

const openCompetition = () => open(p, manager)
const applicantWithOrganisation = (name?: string) => withOrganisation(p, name)
const startedDraft = (comp: OpenCompetition, name?: string) => started(p, comp, name)

describe('starting', () => {
  it('needs a registered organisation and an open competition', async () => {
    const comp = await openCompetition()
    const stranger = await p.signIn('applicant')
    const noOrg = await p.call('POST', `/api/competitions/${comp.competition.id}/applications`, { as: stranger })
    expect(noOrg.status).toBe(422)
    expect(fieldsOf(noOrg.json)).toEqual(['organisation'])

    const applicant = await applicantWithOrganisation()
    p.clock.now = new Date(Date.now()) // before the form opens
    const early = await p.call('POST', `/api/competitions/${comp.competition.id}/applications`, { as: applicant })
    expect(early.status).toBe(422)
    p.clock.now = new Date(Date.now() + 31 * DAY) // after the deadline
    const late = await p.call('POST', `/api/competitions/${comp.competition.id}/applications`, { as: applicant })
    expect(late.json.type).toMatch(/deadline-passed$/)
  })

  it('allows one EOI per organisation per competition, even when started many times at once', async () => {
    const comp = await openCompetition()
    const applicant = await applicantWithOrganisation()
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        p.call('POST', `/api/competitions/${comp.competition.id}/applications`, { as: applicant }),
      ),
    )
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409)).toHaveLength(9)
    const mine = await p.call('GET', '/api/me/applications', { as: applicant })
    expect(mine.json.items).toHaveLength(1)
  })

  it('keeps drafts invisible: a draft competition is a 404', async () => {
    const draft = (await p.call('POST', '/api/competitions', { as: manager, body: { title: 'Hidden' } })).json
    const applicant = await applicantWithOrganisation()
    expect((await p.call('POST', `/api/competitions/${draft.id}/applications`, { as: applicant })).status).toBe(404)
  })
})

describe('drafting', () => {
  it('merges autosaved answers and never lets an older tab overwrite a newer save', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    const path = `/api/applications/${application.id}`
    const first = await p.call('PATCH', path, {
      as: applicant,
      body: { version: 1, answers: { [comp.idea.id]: 'First thought' } },
    })
    expect(first.json.version).toBe(2)
    const second = await p.call('PATCH', path, {
      as: applicant,
      body: { version: 2, answers: { [comp.stage.id]: 'idea' } },
    })
    expect(second.json.answers).toEqual({ [comp.idea.id]: 'First thought', [comp.stage.id]: 'idea' })
    // The other tab still thinks it is at version 2.
    const stale = await p.call('PATCH', path, {
      as: applicant,
      body: { version: 2, answers: { [comp.idea.id]: 'Older text' } },
    })
    expect(stale.status).toBe(409)
    expect(stale.json.detail).toMatch(/another tab or device/)
    const reloaded = await p.call('GET', path, { as: applicant })
    expect(reloaded.json.answers[comp.idea.id]).toBe('First thought')
  })

  it('lets exactly one of two concurrent saves of a version win', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    const saves = await Promise.all(
      ['Tab A', 'Tab B'].map((text) =>
        p.call('PATCH', `/api/applications/${application.id}`, {
          as: applicant,
          body: { version: 1, answers: { [comp.idea.id]: text } },
        }),
      ),
    )
    expect(saves.map((s) => s.status).sort()).toEqual([200, 409])
  })

  it('refuses answers that do not fit, naming each, and keeps the saved draft', async () => {
    const comp = await openCompetition()
    const other = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    const path = `/api/applications/${application.id}`
    await p.call('PATCH', path, { as: applicant, body: { version: 1, answers: { [comp.idea.id]: 'Kept' } } })
    const res = await p.call('PATCH', path, {
      as: applicant,
      body: {
        version: 2,
        answers: { [comp.idea.id]: 42, [comp.stage.id]: 'moonshot', unknown: 'x' },
        amountRequestedPence: 2_000_001,
        themeIds: [other.theme.id],
        eligibilityConfirmed: ['nope'],
      },
    })
    expect(res.status).toBe(422)
    expect(fieldsOf(res.json).sort()).toEqual(
      [
        `answers.${comp.idea.id}`,
        `answers.${comp.stage.id}`,
        'answers.unknown',
        'amountRequestedPence',
        'themeIds.0',
        'eligibilityConfirmed.0',
      ].sort(),
    )
    expect(res.json.errors.find((e: { field: string }) => e.field === 'amountRequestedPence').message).toContain(
      '£20,000',
    )
    for (const [body, field] of [
      [{ version: 2, answers: { [comp.idea.id]: 'x'.repeat(50_001) } }, `answers.${comp.idea.id}`],
      [{ version: 2, amountRequestedPence: 100.5 }, 'amountRequestedPence'],
      [{ answers: {} }, 'version'],
    ] as const) {
      const bad = await p.call('PATCH', path, { as: applicant, body })
      expect(bad.status).toBe(400)
      expect(fieldsOf(bad.json)).toContain(field)
    }
    expect((await p.call('GET', path, { as: applicant })).json).toMatchObject({
      version: 2,
      answers: { [comp.idea.id]: 'Kept' },
    })
  })

  it('stores markup as text, exactly as typed', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    const text = '<script>alert(1)</script> <b>bold</b>'
    const res = await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: { version: 1, answers: { [comp.idea.id]: text } },
    })
    expect(res.json.answers[comp.idea.id]).toBe(text)
  })
})

describe('answers of each kind', () => {
  /** An open competition whose form also asks a number, a multiple choice, a file, a web address and a short text. */
  async function withEveryKind() {
    const comp = await openCompetition()
    const ask = async (body: object) => {
      const res = await p.call('POST', `/api/competitions/${comp.competition.id}/questions`, { as: manager, body })
      expect(res.status, JSON.stringify(res.json)).toBe(201)
      return res.json as { id: string }
    }
    const questions = {
      number: await ask({ kind: 'number', label: 'People reached', required: false, min: 0, max: 1_000_000 }),
      choices: await ask({
        kind: 'multipleChoice',
        label: 'Who benefits',
        required: false,
        options: [
          { id: 'children', label: 'Children' },
          { id: 'carers', label: 'Carers' },
        ],
      }),
      file: await ask({ kind: 'file', label: 'Plan', required: false, fileTypes: ['application/pdf'] }),
      url: await ask({ kind: 'url', label: 'Website', required: false }),
      short: await ask({ kind: 'shortText', label: 'Project name', required: false, maxLength: 20 }),
    }
    return { comp, questions, ...(await startedDraft(comp)) }
  }

  it('refuses an answer of the wrong kind for a number, a multiple choice, a file and a web address, naming it, and keeps the draft', async () => {
    const { questions, applicant, application } = await withEveryKind()
    const path = `/api/applications/${application.id}`
    const cases: [string, unknown, string][] = [
      [questions.number.id, 'lots', 'must be a number'],
      [questions.choices.id, ['children', 'dragons'], 'must be options from the list'],
      [questions.choices.id, 'children', 'must be options from the list'],
      [questions.file.id, 'plan.pdf', 'must be a file uploaded for this question'],
      [questions.url.id, 'not a web address', WEB_ADDRESS_MESSAGE],
    ]
    for (const [id, answer, message] of cases) {
      const res = await p.call('PATCH', path, { as: applicant, body: { version: 1, answers: { [id]: answer } } })
      expect(res.status, JSON.stringify(answer)).toBe(422)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect(res.json.errors).toEqual([{ field: `answers.${id}`, message }])
    }
    expect((await p.call('GET', path, { as: applicant })).json).toMatchObject({ version: 1, answers: {} })
  })

  it('checks at submission a short text’s length, a number’s range and a web address saved before addresses were checked', async () => {
    const { comp, questions, applicant, application } = await withEveryKind()
    const path = `/api/applications/${application.id}`
    const save = async (answers: Record<string, unknown>) => {
      const version = (await p.call('GET', path, { as: applicant })).json.version
      const res = await p.call('PATCH', path, {
        as: applicant,
        body: { ...completeAnswers(comp), version, answers: { ...completeAnswers(comp).answers, ...answers } },
      })
      expect(res.status, JSON.stringify(res.json)).toBe(200)
    }
    const submitProblems = async () => {
      const res = await p.call('POST', `${path}/submit`, { as: applicant })
      expect(res.status).toBe(422)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      return res.json.errors
    }

    await save({ [questions.short.id]: 'Asthma sensors for every home', [questions.number.id]: -1 })
    expect(await submitProblems()).toEqual([
      { field: `answers.${questions.number.id}`, message: '“People reached” must be at least 0' },
      { field: `answers.${questions.short.id}`, message: '“Project name” must be at most 20 characters' },
    ])
    await save({ [questions.short.id]: 'Asthma sensors', [questions.number.id]: 1_000_001 })
    expect(await submitProblems()).toEqual([
      { field: `answers.${questions.number.id}`, message: '“People reached” must be at most 1000000' },
    ])

    // An address saved as typed, before the draft save checked addresses, is refused at submission.
    await save({ [questions.number.id]: 1_000_000 })
    const saved = (await getApplication(p.db, application.id))!
    await commit(p.db, [
      applicationPut(
        p.db,
        {
          ...saved,
          answers: { ...saved.answers, [questions.url.id]: 'not a web address' },
          version: saved.version + 1,
        },
        { version: saved.version, status: 'draft' },
      ),
    ])
    expect(await submitProblems()).toEqual([
      { field: `answers.${questions.url.id}`, message: `“Website” ${WEB_ADDRESS_MESSAGE}` },
    ])
    await save({ [questions.url.id]: 'breathe-easy.example' })
    const submitted = await p.call('POST', `${path}/submit`, { as: applicant })
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200)
    expect(submitted.json.answers).toMatchObject({
      [questions.url.id]: 'https://breathe-easy.example',
      [questions.number.id]: 1_000_000,
      [questions.short.id]: 'Asthma sensors',
    })
  })
})

describe('submitting', () => {
  it('names every problem, counting words the way the browser does', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: {
        version: 1,
        answers: { [comp.idea.id]: '<p>one two three four five six seven eight nine ten eleven</p>' },
      },
    })
    const res = await p.call('POST', `/api/applications/${application.id}/submit`, { as: applicant })
    expect(res.status).toBe(422)
    expect(fieldsOf(res.json)).toEqual([
      `answers.${comp.idea.id}`,
      `answers.${comp.stage.id}`,
      'amountRequestedPence',
      'themeIds',
      ...comp.statementIds.map((id) => `eligibility.${id}`),
    ])
    expect(res.json.errors[0].message).toBe('“Describe your idea” is 11 words; the limit is 10')
    expect(res.json.errors[1].message).toBe('Answer “Stage”')
    expect((await p.call('GET', `/api/applications/${application.id}`, { as: applicant })).json.status).toBe('draft')
  })

  it('submits once however many times it is sent at once: one receipt, one email', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: { version: 1, ...completeAnswers(comp) },
    })
    const results = await Promise.all(
      Array.from({ length: 50 }, () => p.call('POST', `/api/applications/${application.id}/submit`, { as: applicant })),
    )
    expect(results.every((r) => r.status === 200)).toBe(true)
    const receipts = new Set(results.map((r) => r.json.receiptNumber))
    expect(receipts.size).toBe(1)
    expect(new Set(results.map((r) => r.json.submittedAt)).size).toBe(1)
    const emails = (await everyEmail(p.db)).filter((m) => m.subject.includes([...receipts][0]))
    expect(emails).toHaveLength(1)
    expect(emails[0]).toMatchObject({ to: (applicant as { email?: string }).email, kind: 'receipt' })
    expect(emails[0]!.text).toContain('Sensors in homes warn families early.')
    expect(emails[0]!.text).toContain('£16,700')
    // After submitting, everything is read-only.
    const edit = await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: { version: 3, answers: { [comp.idea.id]: 'late edit' } },
    })
    expect(edit.status).toBe(409)
  })

  it('lets two organisations submit at once without mixing anything', async () => {
    const comp = await openCompetition()
    const a = await startedDraft(comp, 'Org A')
    const b = await startedDraft(comp, 'Org B')
    await Promise.all(
      [a, b].map(({ applicant, application }, i) =>
        p.call('PATCH', `/api/applications/${application.id}`, {
          as: applicant,
          body: {
            version: 1,
            ...completeAnswers(comp),
            answers: { ...completeAnswers(comp).answers, [comp.idea.id]: `Idea ${i}` },
          },
        }),
      ),
    )
    const [ra, rb] = await Promise.all(
      [a, b].map(({ applicant, application }) =>
        p.call('POST', `/api/applications/${application.id}/submit`, { as: applicant }),
      ),
    )
    expect([ra!.status, rb!.status]).toEqual([200, 200])
    expect(ra!.json).toMatchObject({ organisationName: 'Org A', answers: { [comp.idea.id]: 'Idea 0' } })
    expect(rb!.json).toMatchObject({ organisationName: 'Org B', answers: { [comp.idea.id]: 'Idea 1' } })
  })

  it('refuses late submissions with the deadline in UK time, unless the manager gave an extension', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: { version: 1, ...completeAnswers(comp) },
    })
    p.clock.now = new Date(Date.now() + 31 * DAY)
    const late = await p.call('POST', `/api/applications/${application.id}/submit`, { as: applicant })
    expect(late.status).toBe(422)
    expect(late.json.detail).toMatch(/^The deadline was \w+day \d+ \w+ \d{4} at \d\d:\d\d (GMT|BST)\./)
    expect(
      (
        await p.call('PATCH', `/api/applications/${application.id}`, {
          as: applicant,
          body: { version: 2, answers: {} },
        })
      ).json.type,
    ).toMatch(/deadline-passed$/)

    const until = new Date(Date.now() + 33 * DAY).toISOString()
    expect(
      (
        await p.call('POST', `/api/applications/${application.id}/extension`, {
          as: applicant,
          body: { until, reason: 'x' },
        })
      ).status,
    ).toBe(403)
    const tooSoon = await p.call('POST', `/api/applications/${application.id}/extension`, {
      as: manager,
      body: { until: new Date(Date.now() + 20 * DAY).toISOString(), reason: 'Flood' },
    })
    expect(fieldsOf(tooSoon.json)).toEqual(['until'])
    const granted = await p.call('POST', `/api/applications/${application.id}/extension`, {
      as: manager,
      body: { until, reason: 'Office flooded the week of the deadline' },
    })
    expect(granted.json.extension).toMatchObject({
      until: new Date(until).toISOString(),
      reason: 'Office flooded the week of the deadline',
      grantedBy: manager.id,
    })
    const submitted = await p.call('POST', `/api/applications/${application.id}/submit`, { as: applicant })
    expect(submitted.status).toBe(200)
  })

  it('can be withdrawn before the deadline, and then not submitted', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    const withdrawn = await p.call('POST', `/api/applications/${application.id}/withdraw`, {
      as: applicant,
      body: { version: 1 },
    })
    expect(withdrawn.json.status).toBe('withdrawn')
    expect((await p.call('POST', `/api/applications/${application.id}/submit`, { as: applicant })).status).toBe(409)
  })
})

describe('who sees what', () => {
  it('shows an EOI to its own organisation and, once submitted, to managers; to anyone else it does not exist', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    const otherApplicant = await applicantWithOrganisation('Nosy Ltd')
    const panellist = await p.signIn('panellist')
    const path = `/api/applications/${application.id}`
    const missing = await p.call('GET', '/api/applications/01ARZ3NDEKTSV4RRFFQ69G5FAV', { as: otherApplicant })
    const theirs = await p.call('GET', path, { as: otherApplicant })
    expect(theirs.status).toBe(404)
    expect(theirs.json).toEqual(missing.json)
    expect(
      (await p.call('PATCH', path, { as: otherApplicant, body: { version: 1, answers: { [comp.idea.id]: 'hijack' } } }))
        .status,
    ).toBe(404)
    expect((await p.call('POST', `${path}/submit`, { as: otherApplicant })).status).toBe(404)
    expect((await p.call('GET', path, { as: panellist })).status).toBe(403)
    await p.call('PATCH', path, {
      as: applicant,
      body: { version: 1, answers: { [comp.idea.id]: 'A private first draft' } },
    })
    const draftSeenByManager = await p.call('GET', path, { as: manager })
    expect(draftSeenByManager.json).toMatchObject({ status: 'draft', answers: {}, eligibilityConfirmed: [] })
    expect(draftSeenByManager.text).not.toContain('A private first draft')
    await p.call('PATCH', path, { as: applicant, body: { version: 2, ...completeAnswers(comp) } })
    await p.call('POST', `${path}/submit`, { as: applicant })
    const submitted = await p.call('GET', path, { as: manager })
    expect(submitted.json.status).toBe('submitted')
    expect(submitted.json.answers[comp.idea.id]).toBe('Sensors in homes warn families early.')
    expect((await p.call('GET', path)).status).toBe(401)
  })

  it('lists a competition’s submissions for managers, by status and theme', async () => {
    const comp = await openCompetition()
    const a = await startedDraft(comp, 'Listed Ltd')
    await p.call('PATCH', `/api/applications/${a.application.id}`, {
      as: a.applicant,
      body: { version: 1, ...completeAnswers(comp) },
    })
    await p.call('POST', `/api/applications/${a.application.id}/submit`, { as: a.applicant })
    await startedDraft(comp, 'Draft only Ltd')
    const list = await p.call('GET', `/api/competitions/${comp.competition.id}/applications`, { as: manager })
    expect(list.json.items.map((x: { organisationName: string }) => x.organisationName)).toEqual(['Listed Ltd'])
    expect(list.json.items[0]).not.toHaveProperty('answers')
    const byTheme = await p.call(
      'GET',
      `/api/competitions/${comp.competition.id}/applications?themeId=${comp.theme.id}`,
      { as: manager },
    )
    expect(byTheme.json.items).toHaveLength(1)
    const otherTheme = await p.call(
      'GET',
      `/api/competitions/${comp.competition.id}/applications?themeId=01ARZ3NDEKTSV4RRFFQ69G5FAV`,
      { as: manager },
    )
    expect(otherTheme.json.items).toHaveLength(0)
    expect(
      (await p.call('GET', `/api/competitions/${comp.competition.id}/applications?status=withdrawn`, { as: manager }))
        .json.items,
    ).toHaveLength(0)
    const drafts = await p.call('GET', `/api/competitions/${comp.competition.id}/applications?status=draft`, {
      as: manager,
    })
    expect(drafts.json.items.map((x: { organisationName: string }) => x.organisationName)).toEqual(['Draft only Ltd'])
    expect(drafts.text).not.toContain('answers')
    expect(
      (await p.call('GET', `/api/competitions/${comp.competition.id}/applications?status=open`, { as: manager }))
        .status,
    ).toBe(400)
    const mine = await p.call('GET', `/api/me/applications?competitionId=${comp.competition.id}`, { as: a.applicant })
    expect(mine.json.items.map((x: { id: string }) => x.id)).toEqual([a.application.id])
    expect(
      (await p.call('GET', `/api/me/applications?competitionId=01ARZ3NDEKTSV4RRFFQ69G5FAV`, { as: a.applicant })).json
        .items,
    ).toEqual([])
    expect(
      (await p.call('GET', `/api/competitions/${comp.competition.id}/applications`, { as: a.applicant })).status,
    ).toBe(403)
  })
})

describe('file answers', () => {
  it('take only the question’s types and sizes, count once uploaded, and cannot be faked by autosave', async () => {
    const comp = await openCompetition()
    const fileQ = (
      await p.call('POST', `/api/competitions/${comp.competition.id}/questions`, {
        as: manager,
        body: {
          kind: 'file',
          label: 'Supporting document',
          required: false,
          fileTypes: ['application/pdf'],
          maxFileBytes: 1000,
        },
      })
    ).json
    const { applicant, application } = await startedDraft(comp)
    const path = `/api/applications/${application.id}/files/${fileQ.id}`
    const wrongType = await p.call('POST', path, {
      as: applicant,
      body: { filename: 'run.html', contentType: 'text/plain', sizeBytes: 10 },
    })
    expect(wrongType.status).toBe(422)
    expect(fieldsOf(wrongType.json)).toEqual(['contentType'])
    const tooBig = await p.call('POST', path, {
      as: applicant,
      body: { filename: 'big.pdf', contentType: 'application/pdf', sizeBytes: 1001 },
    })
    expect(fieldsOf(tooBig.json)).toEqual(['sizeBytes'])
    const notAFile = await p.call('POST', `/api/applications/${application.id}/files/${comp.idea.id}`, {
      as: applicant,
      body: { filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 5 },
    })
    expect(notAFile.status).toBe(422)

    const faked = await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: {
        version: 1,
        answers: {
          [fileQ.id]: { file: { filename: 'x.pdf', contentType: 'application/pdf', sizeBytes: 5, uploaded: true } },
        },
      },
    })
    expect(faked.status).toBe(422)
    expect(fieldsOf(faked.json)).toEqual([`answers.${fileQ.id}`])

    const pdf = new TextEncoder().encode('%PDF-1.4 tiny')
    const attached = await p.call('POST', path, {
      as: applicant,
      body: { filename: 'plan.pdf', contentType: 'application/pdf', sizeBytes: pdf.byteLength },
    })
    expect(attached.status).toBe(201)
    expect(attached.json.application.answers[fileQ.id].file.uploaded).toBe(false)
    expect((await p.call('POST', `${path}/complete`, { as: applicant })).status).toBe(422)
    expect(
      (
        await p.app.request(attached.json.upload.url, {
          method: 'PUT',
          headers: attached.json.upload.headers,
          body: pdf,
        })
      ).status,
    ).toBe(200)
    const done = await p.call('POST', `${path}/complete`, { as: applicant })
    expect(done.json.answers[fileQ.id].file).toMatchObject({ filename: 'plan.pdf', uploaded: true })

    const other = await applicantWithOrganisation('Other Ltd')
    expect((await p.call('GET', path, { as: other })).status).toBe(404)
    const link = await p.call('GET', path, { as: applicant, headers: { Accept: 'application/json' } })
    expect(await (await p.app.request(link.json.url)).text()).toBe('%PDF-1.4 tiny')
  })
})

describe('a submitted file', () => {
  const fileQuestion = async (comp: OpenCompetition) =>
    (
      await p.call('POST', `/api/competitions/${comp.competition.id}/questions`, {
        as: manager,
        body: { kind: 'file', label: 'Plan', required: false },
      })
    ).json

  it('is what the manager downloads, whatever is sent to its upload address afterwards', async () => {
    const comp = await openCompetition()
    const fileQ = await fileQuestion(comp)
    const { applicant, application } = await startedDraft(comp)
    const path = `/api/applications/${application.id}/files/${fileQ.id}`
    const original = new TextEncoder().encode('%PDF-1.4 the real plan')
    const swapped = new TextEncoder().encode('%PDF-1.4 a worse plan!')
    expect(swapped.byteLength).toBe(original.byteLength)
    const attached = await p.call('POST', path, {
      as: applicant,
      body: { filename: 'plan.pdf', contentType: 'application/pdf', sizeBytes: original.byteLength },
    })
    expect(attached.status, JSON.stringify(attached.json)).toBe(201)
    const upload = attached.json.upload as { url: string; headers: Record<string, string> }
    const put = (body: Uint8Array<ArrayBuffer>) =>
      p.app.request(upload.url, { method: 'PUT', headers: upload.headers, body })
    expect((await put(original)).status).toBe(200)
    expect((await p.call('POST', `${path}/complete`, { as: applicant })).status).toBe(200)
    await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: { version: 3, ...completeAnswers(comp) },
    })
    expect((await p.call('POST', `/api/applications/${application.id}/submit`, { as: applicant })).status).toBe(200)

    // The same signed address, replayed with other bytes of the same size and type: refused.
    const replay = await put(swapped)
    expect(replay.status).toBe(412)
    // Even bytes stored at that key by other means are a new version, never the one served.
    await p.files.write(new URL(upload.url, 'http://local').pathname.slice('/local-files/'.length), swapped)

    const link = await p.call('GET', path, { as: manager, headers: { Accept: 'application/json' } })
    expect(link.status).toBe(200)
    expect(new Uint8Array(await (await p.app.request(link.json.url)).arrayBuffer())).toEqual(original)
    const mine = await p.call('GET', path, { as: applicant, headers: { Accept: 'application/json' } })
    expect(await (await p.app.request(mine.json.url)).text()).toBe('%PDF-1.4 the real plan')
  })

  it.each([
    ['application/pdf', 'plan.pdf', '<html><script>alert(1)</script></html>', 'is not a PDF file'],
    ['image/png', 'photo.png', '\xff\xd8\xff\xe0 a JPEG, not a PNG', 'is not a PNG file'],
    ['text/plain', 'notes.txt', 'text with a NUL \u0000 byte', 'is not a TXT file'],
  ])('is refused when its contents are not its declared type (%s)', async (contentType, filename, content, message) => {
    const comp = await openCompetition()
    const fileQ = await fileQuestion(comp)
    const { applicant, application } = await startedDraft(comp)
    const path = `/api/applications/${application.id}/files/${fileQ.id}`
    const bytes = Uint8Array.from(content, (c) => c.charCodeAt(0))
    const attached = await p.call('POST', path, {
      as: applicant,
      body: { filename, contentType, sizeBytes: bytes.byteLength },
    })
    expect(attached.status).toBe(201)
    expect(
      (
        await p.app.request(attached.json.upload.url, {
          method: 'PUT',
          headers: attached.json.upload.headers,
          body: bytes,
        })
      ).status,
    ).toBe(200)
    const done = await p.call('POST', `${path}/complete`, { as: applicant })
    expect(done.status).toBe(422)
    expect(done.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(done.json.errors).toEqual([{ field: 'file', message }])
    expect(
      (await p.call('GET', `/api/applications/${application.id}`, { as: applicant })).json.answers[fileQ.id].file
        .uploaded,
    ).toBe(false)
  })

  it('gets an upload address that lives at most five minutes, for its own key', async () => {
    const comp = await openCompetition()
    const fileQ = await fileQuestion(comp)
    const { applicant, application } = await startedDraft(comp)
    const path = `/api/applications/${application.id}/files/${fileQ.id}`
    const body = { filename: 'plan.pdf', contentType: 'application/pdf', sizeBytes: 10 }
    const keyOf = (upload: { url: string }) =>
      new URL(upload.url, 'http://local').pathname.slice('/local-files/'.length)
    const first = (await p.call('POST', path, { as: applicant, body })).json.upload
    expect(Date.parse(first.expiresAt) - Date.now()).toBeLessThanOrEqual(300_000)
    expect(Number(new URL(first.url, 'http://local').searchParams.get('exp')) * 1000 - Date.now()).toBeLessThanOrEqual(
      300_000,
    )
    expect(
      (
        await p.app.request(first.url, {
          method: 'PUT',
          headers: first.headers,
          body: new TextEncoder().encode('%PDF-1.4 1'),
        })
      ).status,
    ).toBe(200)
    // Choosing another file: a new key, and the replaced file is not kept.
    const again = (await p.call('POST', path, { as: applicant, body })).json.upload
    expect(keyOf(again)).not.toBe(keyOf(first))
    expect(await p.files.head(keyOf(first))).toBeUndefined()
  })
})

describe('what review found', () => {
  it('never shows a manager what was written in an EOI that was not submitted, even once withdrawn', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp, 'Private Ltd')
    const path = `/api/applications/${application.id}`
    await p.call('PATCH', path, { as: applicant, body: { version: 1, ...completeAnswers(comp) } })
    await p.call('POST', `${path}/withdraw`, { as: applicant, body: { version: 2 } })
    const seen = await p.call('GET', path, { as: manager })
    expect(seen.json).toMatchObject({ status: 'withdrawn', answers: {}, themeIds: [], eligibilityConfirmed: [] })
    expect(seen.json.answers).toEqual({})
    expect(seen.json).not.toHaveProperty('amountRequestedPence')
    expect(seen.text).not.toContain('Sensors in homes')
    const listed = await p.call('GET', `/api/competitions/${comp.competition.id}/applications?status=withdrawn`, {
      as: manager,
    })
    expect(listed.json.items[0]).toMatchObject({ organisationName: 'Private Ltd', themeIds: [] })
    expect(listed.json.items[0]).not.toHaveProperty('amountRequestedPence')
    const filtered = await p.call(
      'GET',
      `/api/competitions/${comp.competition.id}/applications?status=draft&themeId=${comp.theme.id}`,
      { as: manager },
    )
    expect(filtered.status).toBe(400)
    expect(fieldsOf(filtered.json)).toEqual(['themeId'])
  })

  it('refuses numbers DynamoDB cannot hold and answers too long to save together, keeping the draft', async () => {
    const comp = await openCompetition()
    const numberQ = (
      await p.call('POST', `/api/competitions/${comp.competition.id}/questions`, {
        as: manager,
        body: { kind: 'number', label: 'People reached', required: false },
      })
    ).json
    expect(
      (
        await p.call('POST', `/api/competitions/${comp.competition.id}/questions`, {
          as: manager,
          body: { kind: 'number', label: 'N', min: 1e16 },
        })
      ).status,
    ).toBe(400)
    const { applicant, application } = await startedDraft(comp)
    const path = `/api/applications/${application.id}`
    const huge = await p.call('PATCH', path, { as: applicant, body: { version: 1, answers: { [numberQ.id]: 1e16 } } })
    expect(huge.status).toBe(400)
    const long = '€'.repeat(50_000)
    const tooLong = await p.call('PATCH', path, {
      as: applicant,
      body: { version: 1, answers: { [comp.idea.id]: long, [comp.pitch.id]: { mode: 'text', text: long } } },
    })
    expect(tooLong.status).toBe(422)
    expect(fieldsOf(tooLong.json)).toEqual([`answers.${comp.pitch.id}`])
    expect((await p.call('GET', path, { as: applicant })).json.version).toBe(1)
  })

  it('keeps autosaving when the competition changes under an answer the applicant did not touch', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    const path = `/api/applications/${application.id}`
    await p.call('PATCH', path, { as: applicant, body: { version: 1, amountRequestedPence: 1_900_000 } })
    const current = (await p.call('GET', `/api/competitions/${comp.competition.id}`, { as: manager })).json.competition
    await p.call('PATCH', `/api/competitions/${comp.competition.id}`, {
      as: manager,
      body: { version: current.version, maxAwardPence: 1_500_000 },
    })
    const save = await p.call('PATCH', path, {
      as: applicant,
      body: { version: 2, answers: { [comp.idea.id]: 'Still typing' } },
    })
    expect(save.status).toBe(200)
    const submit = await p.call('POST', `${path}/submit`, { as: applicant })
    expect(fieldsOf(submit.json)).toContain('amountRequestedPence')
  })

  it('never lets an extension end before the competition’s own (moved) deadline', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    const closes = new Date(Date.now() + 30 * DAY)
    await p.call('POST', `/api/applications/${application.id}/extension`, {
      as: manager,
      body: { until: new Date(closes.getTime() + DAY).toISOString(), reason: 'Illness' },
    })
    const current = (await p.call('GET', `/api/competitions/${comp.competition.id}`, { as: manager })).json.competition
    const moved = { ...current.timeline, eoiClosesAt: new Date(closes.getTime() + 5 * DAY).toISOString() }
    expect(
      (
        await p.call('PATCH', `/api/competitions/${comp.competition.id}`, {
          as: manager,
          body: { version: current.version, timeline: moved },
        })
      ).status,
    ).toBe(200)
    p.clock.now = new Date(closes.getTime() + 3 * DAY)
    const save = await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: { version: 2, answers: { [comp.idea.id]: 'After my extension, before the new deadline' } },
    })
    expect(save.status).toBe(200)
  })
})

describe('forced: a write lands between a request’s read and its commit', () => {
  const stale = (version?: number) =>
    `This expression of interest (saved from another tab or device) was changed since you opened it${version === undefined ? '' : ` (it is now at version ${version})`}. Reload it, check the changes and try again.`
  const idea = (comp: OpenCompetition, text: string) => ({ [comp.idea.id]: text })
  const read = async (applicant: { token: string }, id: string) =>
    (await p.call('GET', `/api/applications/${id}`, { as: applicant })).json

  it('refuses a second start for the same organisation (409), naming the one already started', async () => {
    const comp = await openCompetition()
    const applicant = await applicantWithOrganisation()
    const start = () => p.call('POST', `/api/competitions/${comp.competition.id}/applications`, { as: applicant })
    const { request: late, write: early } = await cutIn(p.db, { request: start, write: start })
    expect(early.status, early.text).toBe(201)
    expect(late.status, late.text).toBe(409)
    expect(late.headers.get('content-type')).toBe('application/problem+json')
    expect(late.json.detail).toContain(
      `has already started an expression of interest for this competition (${early.json.id})`,
    )
    expect(fieldsOf(late.json)).toEqual(['competitionId'])
    const mine = await p.call('GET', '/api/me/applications', { as: applicant })
    expect(mine.json.items.map((x: { id: string }) => x.id)).toEqual([early.json.id])
  })

  it('refuses a save from the version another tab just saved (409), keeping that save', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    const save = (text: string) =>
      p.call('PATCH', `/api/applications/${application.id}`, {
        as: applicant,
        body: { version: 1, answers: idea(comp, text) },
      })
    const { request: late, write: early } = await cutIn(p.db, {
      request: () => save('From the laptop'),
      write: () => save('From the phone'),
    })
    expect(early.status, early.text).toBe(200)
    expect(late.status, late.text).toBe(409)
    expect(late.json.detail).toBe(stale())
    expect(await read(applicant, application.id)).toMatchObject({ version: 2, answers: idea(comp, 'From the phone') })
  })

  it('refuses a submission read before a save from another tab (409): still a draft, no receipt', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: { version: 1, ...completeAnswers(comp) },
    })
    const { request: submit, write: save } = await cutIn(p.db, {
      request: () => p.call('POST', `/api/applications/${application.id}/submit`, { as: applicant }),
      write: () =>
        p.call('PATCH', `/api/applications/${application.id}`, {
          as: applicant,
          body: { version: 2, answers: idea(comp, 'Sensors in homes, better.') },
        }),
    })
    expect(save.status, save.text).toBe(200)
    expect(submit.status, submit.text).toBe(409)
    expect(submit.json.detail).toBe(stale(3))
    expect(await read(applicant, application.id)).toMatchObject({ status: 'draft', version: 3 })
    expect(await emailsTo(p.db, applicant.email, 'receipt')).toEqual([])
  })

  it('answers a submission that lost to the same submission with its receipt, and sends one email', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    await p.call('PATCH', `/api/applications/${application.id}`, {
      as: applicant,
      body: { version: 1, ...completeAnswers(comp) },
    })
    const submit = () => p.call('POST', `/api/applications/${application.id}/submit`, { as: applicant })
    const { request: late, write: early } = await cutIn(p.db, { request: submit, write: submit })
    expect(early.status, early.text).toBe(200)
    expect(late.status, late.text).toBe(200)
    expect(late.json.receiptNumber).toBe(early.json.receiptNumber)
    expect(late.json.submittedAt).toBe(early.json.submittedAt)
    expect(await emailsTo(p.db, applicant.email, 'receipt')).toHaveLength(1)
  })

  it('refuses a withdrawal when screening began since the read (409): submitted it stays', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await submittedApplication(p, comp)
    const { request: withdraw, write: screened } = await cutIn(p.db, {
      request: () =>
        p.call('POST', `/api/applications/${application.id}/withdraw`, { as: applicant, body: { version: 3 } }),
      write: () =>
        p.call('POST', `/api/competitions/${comp.competition.id}/screening`, {
          as: manager,
          body: { decisions: [{ applicationId: application.id, outcome: 'eligible', reason: '' }] },
        }),
    })
    expect(screened.status, screened.text).toBe(200)
    expect(withdraw.status, withdraw.text).toBe(409)
    expect(withdraw.json.detail).toBe(
      'This expression of interest is already being assessed and can no longer be withdrawn. Contact the programme team.',
    )
    expect(await read(applicant, application.id)).toMatchObject({ status: 'submitted', version: 3 })
  })

  it('refuses a withdrawal read before a save from another tab (409): the draft and its save stand', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    const { request: withdraw, write: save } = await cutIn(p.db, {
      request: () =>
        p.call('POST', `/api/applications/${application.id}/withdraw`, { as: applicant, body: { version: 1 } }),
      write: () =>
        p.call('PATCH', `/api/applications/${application.id}`, {
          as: applicant,
          body: { version: 1, answers: idea(comp, 'Still going') },
        }),
    })
    expect(save.status, save.text).toBe(200)
    expect(withdraw.status, withdraw.text).toBe(409)
    expect(withdraw.json.detail).toBe(stale())
    expect(await read(applicant, application.id)).toMatchObject({
      status: 'draft',
      version: 2,
      answers: idea(comp, 'Still going'),
    })
  })

  it('refuses an extension read before the applicant’s save (409): the save stands, no extension', async () => {
    const comp = await openCompetition()
    const { applicant, application } = await startedDraft(comp)
    const { request: extend, write: save } = await cutIn(p.db, {
      request: () =>
        p.call('POST', `/api/applications/${application.id}/extension`, {
          as: manager,
          body: { until: new Date(Date.now() + 33 * DAY).toISOString(), reason: 'Office flooded' },
        }),
      write: () =>
        p.call('PATCH', `/api/applications/${application.id}`, {
          as: applicant,
          body: { version: 1, answers: idea(comp, 'Saved meanwhile') },
        }),
    })
    expect(save.status, save.text).toBe(200)
    expect(extend.status, extend.text).toBe(409)
    expect(extend.json.detail).toBe(
      'This expression of interest was changed since you opened it. Reload it, check the changes and try again.',
    )
    const now = await read(applicant, application.id)
    expect(now).toMatchObject({ version: 2, answers: idea(comp, 'Saved meanwhile') })
    expect(now.extension).toBeUndefined()
  })

  it('refuses a file attached, or confirmed, on a draft saved from another tab since the read (409)', async () => {
    const comp = await openCompetition()
    const fileQ = (
      await p.call('POST', `/api/competitions/${comp.competition.id}/questions`, {
        as: manager,
        body: { kind: 'file', label: 'Plan', required: false },
      })
    ).json
    const { applicant, application } = await startedDraft(comp)
    const path = `/api/applications/${application.id}/files/${fileQ.id}`
    const pdf = new TextEncoder().encode('%PDF-1.4 plan')
    const attach = () =>
      p.call('POST', path, {
        as: applicant,
        body: { filename: 'plan.pdf', contentType: 'application/pdf', sizeBytes: pdf.byteLength },
      })
    const saveAt = (version: number, text: string) => () =>
      p.call('PATCH', `/api/applications/${application.id}`, {
        as: applicant,
        body: { version, answers: idea(comp, text) },
      })

    const first = await cutIn(p.db, { request: attach, write: saveAt(1, 'Typed meanwhile') })
    expect(first.write.status, first.write.text).toBe(200)
    expect(first.request.status, first.request.text).toBe(409)
    expect(first.request.json.detail).toBe(stale())
    const afterAttach = await read(applicant, application.id)
    expect(afterAttach).toMatchObject({ version: 2, answers: idea(comp, 'Typed meanwhile') })

    const attached = await attach()
    expect(attached.status, attached.text).toBe(201)
    const put = await p.app.request(attached.json.upload.url, {
      method: 'PUT',
      headers: attached.json.upload.headers,
      body: pdf,
    })
    expect(put.status).toBe(200)
    const second = await cutIn(p.db, {
      request: () => p.call('POST', `${path}/complete`, { as: applicant }),
      write: saveAt(3, 'Typed again'),
    })
    expect(second.write.status, second.write.text).toBe(200)
    expect(second.request.status, second.request.text).toBe(409)
    expect(second.request.json.detail).toBe(stale())
    const afterComplete = await read(applicant, application.id)
    expect(afterComplete.version).toBe(4)
    expect(afterComplete.answers[fileQ.id].file).toMatchObject({ filename: 'plan.pdf', uploaded: false })
    expect(afterComplete.answers[comp.idea.id]).toBe('Typed again')
  })
})
