// Assessing through the API: the rubric and its lock, screening and shortlisting in bulk,
// the panel and its conflicts, independent scoring, moderation, pitch slots; every refusal
// a problem+json naming the field with nothing changed; and who may see what.
import { beforeAll, describe, expect, it } from 'vitest'
import {
  assessingCompetition,
  declareNone,
  RUBRIC,
  scoreAndSubmit,
  seatedPanellist,
  type Assessing,
} from '../support/assessing-fixtures.js'
import { cutIn } from '../../functions/db/race-hook.js'
import { openCompetition, submittedApplication } from '../support/eoi-fixtures.js'
import { emailsTo } from '../support/mail.js'
import { fieldsOf, createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform

beforeAll(async () => {
  p = await createTestPlatform()
})

const isProblem = (res: { headers: Headers }) =>
  expect(res.headers.get('content-type')).toContain('application/problem+json')

const at = (a: Assessing, applicationId: string, rest = '') =>
  `/api/competitions/${a.competitionId}/assessments/${applicationId}${rest}`
const scoresFor = (a: Assessing, values: number[]) => Object.fromEntries(a.criteria.map((c, i) => [c.id, values[i]]))

describe('the rubric', () => {
  it('refuses bad criteria with the field named, and a stale version', async () => {
    const manager = await p.signIn('manager')
    const comp = await openCompetition(p, manager)
    const url = `/api/competitions/${comp.competition.id}/rubric`
    const blank = await p.call('GET', url, { as: manager })
    expect(blank.json).toMatchObject({ version: 0, criteria: [], discussAbove: 2, minScorers: 3 })

    const bad = await p.call('PUT', url, {
      as: manager,
      body: {
        ...RUBRIC,
        criteria: [{ ...RUBRIC.criteria[0], weight: 0, bands: [{ from: 4, to: 7, guidance: 'Strong' }] }],
      },
    })
    expect(bad.status).toBe(400)
    isProblem(bad)
    expect(fieldsOf(bad.json)).toEqual(expect.arrayContaining(['criteria.0.weight', 'criteria.0.bands.0.from']))

    const overlap = await p.call('PUT', url, {
      as: manager,
      body: {
        ...RUBRIC,
        criteria: [
          {
            ...RUBRIC.criteria[0],
            bands: [
              { from: 0, to: 3, guidance: 'a' },
              { from: 3, to: 5, guidance: 'b' },
            ],
          },
        ],
      },
    })
    expect(fieldsOf(overlap.json)).toEqual(['criteria.0.bands.1.from'])

    // Settings may come first; the first rubric save still works, and keeps them.
    expect(
      (await p.call('PUT', `${url}/settings`, { as: manager, body: { discussAbove: 1, minScorers: 4 } })).status,
    ).toBe(200)
    const saved = await p.call('PUT', url, { as: manager, body: RUBRIC })
    expect(saved.status).toBe(200)
    expect(saved.json).toMatchObject({ version: 1, discussAbove: 1, minScorers: 4 })
    const twice = await p.call('PUT', url, {
      as: manager,
      body: {
        ...RUBRIC,
        version: 1,
        criteria: [
          { ...RUBRIC.criteria[0], id: saved.json.criteria[0].id },
          { ...RUBRIC.criteria[1], id: saved.json.criteria[0].id },
        ],
      },
    })
    expect(twice.status).toBe(400)
    expect(fieldsOf(twice.json)).toEqual(['criteria'])
    const stale = await p.call('PUT', url, { as: manager, body: RUBRIC })
    expect(stale.status).toBe(409)
    const unknown = await p.call('PUT', url, {
      as: manager,
      body: { ...RUBRIC, version: 1, criteria: [{ ...RUBRIC.criteria[0], id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }] },
    })
    expect(unknown.status).toBe(422)
    expect(fieldsOf(unknown.json)).toEqual(['criteria.0.id'])
    expect((await p.call('GET', url, { as: manager })).json.criteria).toHaveLength(3)
  })

  it('is locked by the first score saved; the settings still change', async () => {
    const a = await assessingCompetition(p, { applications: 1, panellists: 1 })
    const [panellist] = a.panel
    await declareNone(p, panellist!, a.competitionId, a.ids)
    const url = `/api/competitions/${a.competitionId}/rubric`
    const draft = await p.call('PUT', at(a, a.ids[0]!, '/sheet'), {
      as: panellist,
      body: { version: 0, scores: scoresFor(a, [3]) },
    })
    expect(draft.status).toBe(200)

    const rubric = (await p.call('GET', url, { as: a.manager })).json
    expect(rubric.lockedAt).toBeDefined()
    // A panellist is not told whether (or when) anyone else started scoring.
    const theirs = await p.call('GET', url, { as: panellist })
    expect(theirs.json.lockedAt).toBeUndefined()
    expect(theirs.json.criteria).toEqual(rubric.criteria)
    const edit = await p.call('PUT', url, { as: a.manager, body: { ...RUBRIC, version: rubric.version } })
    expect(edit.status).toBe(422)
    isProblem(edit)
    expect(edit.json.detail).toMatch(/locked/)
    expect((await p.call('GET', url, { as: a.manager })).json).toEqual(rubric)

    const settings = await p.call('PUT', `${url}/settings`, {
      as: a.manager,
      body: { discussAbove: 1.5, minScorers: 2 },
    })
    expect(settings.status).toBe(200)
    expect(settings.json).toMatchObject({ discussAbove: 1.5, minScorers: 2, criteria: rubric.criteria })
    const badSettings = await p.call('PUT', `${url}/settings`, {
      as: a.manager,
      body: { discussAbove: -1, minScorers: 0 },
    })
    expect(fieldsOf(badSettings.json).sort()).toEqual(['discussAbove', 'minScorers'])
  })

  it('never lets a score stand on a rubric that changed under it (concurrent edit and first score)', {
    timeout: 60_000,
  }, async () => {
    for (let round = 0; round < 4; round++) {
      const a = await assessingCompetition(p, { applications: 1, panellists: 1 })
      const [panellist] = a.panel
      await declareNone(p, panellist!, a.competitionId, a.ids)
      const url = `/api/competitions/${a.competitionId}/rubric`
      const [edit, score] = await Promise.all([
        p.call('PUT', url, {
          as: a.manager,
          body: {
            ...RUBRIC,
            version: 1,
            criteria: RUBRIC.criteria.map((c, i) => ({ ...c, id: a.criteria[i]!.id, weight: 5 })),
          },
        }),
        p.call('PUT', at(a, a.ids[0]!, '/sheet'), {
          as: panellist,
          body: { version: 0, scores: scoresFor(a, [3, 3, 3]) },
        }),
      ])
      const rubric = (await p.call('GET', url, { as: a.manager })).json
      if (score.status === 200) {
        expect(rubric.lockedAt).toBeDefined()
        expect(score.json.rubricVersion).toBe(rubric.version)
        expect([200, 422]).toContain(edit.status)
      } else {
        expect(score.status).toBe(409)
        expect(edit.status).toBe(200)
        expect(rubric.lockedAt).toBeUndefined()
      }
    }
  })

  describe('the database-level lock, forced: a write lands between a request’s read and its commit', () => {
    const reweighted = (a: Assessing, version: number) => ({
      ...RUBRIC,
      version,
      criteria: RUBRIC.criteria.map((c, i) => ({ ...c, id: a.criteria[i]!.id, weight: 5 })),
    })

    it('refuses a rubric edit read before the first score (422, locked), and the score stands', async () => {
      const a = await assessingCompetition(p, { applications: 1, panellists: 1 })
      const [panellist] = a.panel
      await declareNone(p, panellist!, a.competitionId, a.ids)
      const url = `/api/competitions/${a.competitionId}/rubric`
      const { request: edit, write: score } = await cutIn(p.db, {
        request: () => p.call('PUT', url, { as: a.manager, body: reweighted(a, 1) }),
        write: () =>
          p.call('PUT', at(a, a.ids[0]!, '/sheet'), {
            as: panellist,
            body: { version: 0, scores: scoresFor(a, [3, 3, 3]) },
          }),
      })
      expect(score.status, score.text).toBe(200)
      expect(edit.status, edit.text).toBe(422)
      isProblem(edit)
      expect(edit.json.detail).toMatch(/^The rubric is locked: scoring started /)
      expect(edit.json.errors).toEqual([{ field: 'criteria', message: 'cannot change once scoring has started' }])
      const rubric = (await p.call('GET', url, { as: a.manager })).json
      expect(rubric).toMatchObject({ version: 1, lockedAt: expect.any(String) })
      expect(rubric.criteria.map((c: { weight: number }) => c.weight)).toEqual([2, 1, 1])
      expect(score.json.rubricVersion).toBe(1)
      expect((await p.call('GET', at(a, a.ids[0]!), { as: panellist })).json.sheet.scores).toEqual(
        scoresFor(a, [3, 3, 3]),
      )
    })

    it('refuses a rubric edit from the version another edit just replaced (409), keeping that edit', async () => {
      const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
      const url = `/api/competitions/${a.competitionId}/rubric`
      const edit = (weight: number) => () =>
        p.call('PUT', url, {
          as: a.manager,
          body: { ...reweighted(a, 1), criteria: reweighted(a, 1).criteria.map((c) => ({ ...c, weight })) },
        })
      const { request: late, write: early } = await cutIn(p.db, { request: edit(3), write: edit(4) })
      expect(early.status, early.text).toBe(200)
      expect(late.status, late.text).toBe(409)
      isProblem(late)
      expect(late.json.detail).toBe(
        'This rubric was changed since you opened it. Reload it, check the changes and try again.',
      )
      const rubric = (await p.call('GET', url, { as: a.manager })).json
      expect(rubric.version).toBe(2)
      expect(rubric.criteria.map((c: { weight: number }) => c.weight)).toEqual([4, 4, 4])
    })

    it('refuses a first score read before a rubric edit (409, rubric changed), and the edit stands', async () => {
      const a = await assessingCompetition(p, { applications: 1, panellists: 1 })
      const [panellist] = a.panel
      await declareNone(p, panellist!, a.competitionId, a.ids)
      const url = `/api/competitions/${a.competitionId}/rubric`
      const { request: score, write: edit } = await cutIn(p.db, {
        request: () =>
          p.call('PUT', at(a, a.ids[0]!, '/sheet'), {
            as: panellist,
            body: { version: 0, scores: scoresFor(a, [3, 3, 3]) },
          }),
        write: () => p.call('PUT', url, { as: a.manager, body: reweighted(a, 1) }),
      })
      expect(edit.status, edit.text).toBe(200)
      expect(score.status, score.text).toBe(409)
      isProblem(score)
      expect(score.json.type).toMatch(/version-conflict$/)
      expect(score.json.detail).toMatch(/rubric \(it changed while you were scoring/)
      const rubric = (await p.call('GET', url, { as: a.manager })).json
      expect(rubric.version).toBe(2)
      expect(rubric.lockedAt).toBeUndefined()
      expect(rubric.criteria.map((c: { weight: number }) => c.weight)).toEqual([5, 5, 5])
      expect((await p.call('GET', at(a, a.ids[0]!), { as: panellist })).json.sheet).toBeUndefined()
    })
  })
})

describe('screening and shortlisting', () => {
  it('decides in bulk, all or none, and tells the applicant only “under review”', async () => {
    const manager = await p.signIn('manager')
    const comp = await openCompetition(p, manager)
    const c = comp.competition.id
    const one = await submittedApplication(p, comp, 'Breathe Easy Ltd')
    const two = await submittedApplication(p, comp, 'FamilyLink CIC')
    const draft = await p.call('GET', `/api/competitions/${c}/candidates`, { as: manager })
    expect(draft.json.items.map((x: { organisationName: string }) => x.organisationName).sort()).toEqual([
      'Breathe Easy Ltd',
      'FamilyLink CIC',
    ])

    const noReason = await p.call('POST', `/api/competitions/${c}/screening`, {
      as: manager,
      body: { decisions: [{ applicationId: one.application.id, outcome: 'ineligible', reason: '' }] },
    })
    expect(noReason.status).toBe(400)
    expect(fieldsOf(noReason.json)).toEqual(['decisions.0.reason'])

    // Shortlisting one not yet screened refuses the whole batch.
    await p.call('POST', `/api/competitions/${c}/screening`, {
      as: manager,
      body: { decisions: [{ applicationId: one.application.id, outcome: 'eligible', reason: '' }] },
    })
    const mixed = await p.call('POST', `/api/competitions/${c}/shortlist`, {
      as: manager,
      body: {
        decisions: [
          { applicationId: one.application.id, outcome: 'shortlisted', reason: 'Strong' },
          { applicationId: two.application.id, outcome: 'shortlisted', reason: 'Strong' },
        ],
      },
    })
    expect(mixed.status).toBe(422)
    expect(mixed.json.errors).toEqual([
      { field: 'decisions.1.applicationId', message: 'must be screened as eligible before it can be shortlisted' },
    ])
    const after = (await p.call('GET', `/api/competitions/${c}/candidates`, { as: manager })).json.items
    expect(
      after.find((x: { applicationId: string }) => x.applicationId === one.application.id).shortlist,
    ).toBeUndefined()

    const notOurs = await p.call('POST', `/api/competitions/${c}/screening`, {
      as: manager,
      body: { decisions: [{ applicationId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', outcome: 'eligible', reason: '' }] },
    })
    expect(notOurs.status).toBe(422)
    expect(fieldsOf(notOurs.json)).toEqual(['decisions.0.applicationId'])

    await p.call('POST', `/api/competitions/${c}/screening`, {
      as: manager,
      body: { decisions: [{ applicationId: two.application.id, outcome: 'ineligible', reason: 'Outside the region' }] },
    })
    // The applicant's own view, raw: under review, and nothing of the decision.
    for (const { applicant, application } of [one, two]) {
      const own = await p.call('GET', `/api/applications/${application.id}`, { as: applicant })
      expect(own.json.review).toBe('under-review')
      expect(own.text).not.toMatch(/eligible|Outside the region|screening|shortlist/i)
      const list = await p.call('GET', '/api/me/applications', { as: applicant })
      expect(list.json.items[0].review).toBe('under-review')
      expect(list.text).not.toMatch(/eligible|Outside the region|screening/i)
    }

    // Screened: it can no longer be withdrawn (the database refuses with the withdrawal).
    const withdraw = await p.call('POST', `/api/applications/${one.application.id}/withdraw`, {
      as: one.applicant,
      body: { version: 3 },
    })
    expect(withdraw.status).toBe(409)
    expect(withdraw.json.detail).toMatch(/already being assessed/)
    expect((await p.call('GET', `/api/applications/${one.application.id}`, { as: one.applicant })).json.status).toBe(
      'submitted',
    )
  })

  it('either screens an EOI or lets it be withdrawn, never both', { timeout: 60_000 }, async () => {
    const manager = await p.signIn('manager')
    const comp = await openCompetition(p, manager)
    for (let round = 0; round < 4; round++) {
      const { applicant, application } = await submittedApplication(p, comp, `Round ${round} Ltd`)
      const [screened, withdrawn] = await Promise.all([
        p.call('POST', `/api/competitions/${comp.competition.id}/screening`, {
          as: manager,
          body: { decisions: [{ applicationId: application.id, outcome: 'eligible', reason: '' }] },
        }),
        p.call('POST', `/api/applications/${application.id}/withdraw`, { as: applicant, body: { version: 3 } }),
      ])
      expect([screened.status, withdrawn.status].sort()).toEqual([200, withdrawn.status === 200 ? 422 : 409].sort())
      if (withdrawn.status === 409) expect(withdrawn.json.detail).toMatch(/already being assessed/)
      const status = (await p.call('GET', `/api/applications/${application.id}`, { as: applicant })).json.status
      expect(status).toBe(withdrawn.status === 200 ? 'withdrawn' : 'submitted')
    }
  })

  it('keeps a scored application on the shortlist, whichever of the two comes first', { timeout: 60_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const a = await assessingCompetition(p, { applications: 1, panellists: 1 })
      const [panellist] = a.panel
      await declareNone(p, panellist!, a.competitionId, a.ids)
      const [drop, score] = await Promise.all([
        p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
          as: a.manager,
          body: { decisions: [{ applicationId: a.ids[0], outcome: 'not-shortlisted', reason: 'Changed our minds' }] },
        }),
        p.call('PUT', at(a, a.ids[0]!, '/sheet'), { as: panellist, body: { version: 0, scores: scoresFor(a, [2]) } }),
      ])
      expect([drop.status, score.status].sort()).toEqual([200, score.status === 200 ? 422 : 404].sort())
      const candidate = (await p.call('GET', `/api/competitions/${a.competitionId}/candidates`, { as: a.manager })).json
        .items[0]
      expect(candidate.shortlist.outcome).toBe(score.status === 200 ? 'shortlisted' : 'not-shortlisted')
    }
  })
})

describe('the panel and conflicts of interest', () => {
  it('invites by email, and only the invited account can accept', async () => {
    const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
    const invitee = await p.signIn('panellist', 'Dr Helen Moore')
    const invite = await p.call('POST', `/api/competitions/${a.competitionId}/panel`, {
      as: a.manager,
      body: { email: invitee.email, name: 'Dr Helen Moore', role: 'Chair' },
    })
    expect(invite.status).toBe(201)
    expect((await emailsTo(p.db, invitee.email)).map((m) => m.kind)).toEqual(['panel-invitation'])
    const again = await p.call('POST', `/api/competitions/${a.competitionId}/panel`, {
      as: a.manager,
      body: { email: invitee.email.toUpperCase(), name: 'Helen' },
    })
    expect(again.status).toBe(409)
    const bad = await p.call('POST', `/api/competitions/${a.competitionId}/panel`, {
      as: a.manager,
      body: { email: 'not an email', name: '' },
    })
    expect(fieldsOf(bad.json).sort()).toEqual(['email', 'name'])

    const someoneElse = await p.signIn('panellist')
    expect(
      (
        await p.call('POST', `/api/competitions/${a.competitionId}/panel/response`, {
          as: someoneElse,
          body: { accept: true },
        })
      ).status,
    ).toBe(404)
    const mine = await p.call('GET', '/api/me/panels', { as: invitee })
    expect(mine.json.panels).toEqual([{ member: expect.objectContaining({ status: 'invited' }), assignments: [] }])
    const accepted = await p.call('POST', `/api/competitions/${a.competitionId}/panel/response`, {
      as: invitee,
      body: { accept: true },
    })
    expect(accepted.json).toMatchObject({ status: 'accepted', userId: invitee.id })
    const reinvite = await p.call('POST', `/api/competitions/${a.competitionId}/panel`, {
      as: a.manager,
      body: { email: invitee.email, name: 'Helen' },
    })
    expect(reinvite.json.detail).toMatch(/already on the panel/)
    const panel = await p.call('GET', `/api/competitions/${a.competitionId}/panel`, { as: a.manager })
    expect(panel.json.members.map((m: { status: string }) => m.status)).toEqual(['accepted'])
  })

  it('keeps a conflicted panellist out of the application, its scores and its aggregate', async () => {
    const a = await assessingCompetition(p, { applications: 2, panellists: 2 })
    const [conflicted, other] = a.panel
    const [target, fine] = a.ids
    // Before declaring: the pitch stays closed.
    const undeclared = await p.call('GET', at(a, target!), { as: conflicted })
    expect(undeclared.status).toBe(422)
    expect(fieldsOf(undeclared.json)).toEqual(['declaration'])

    const noNote = await p.call('PUT', `/api/competitions/${a.competitionId}/declarations`, {
      as: conflicted,
      body: { declarations: [{ applicationId: target, type: 'financial', note: '' }] },
    })
    expect(fieldsOf(noNote.json)).toEqual(['declarations.0.note'])
    const declared = await p.call('PUT', `/api/competitions/${a.competitionId}/declarations`, {
      as: conflicted,
      body: {
        declarations: [
          { applicationId: target, type: 'financial', note: 'I hold shares' },
          { applicationId: fine, type: 'none', note: '' },
        ],
      },
    })
    expect(declared.status).toBe(200)

    const missing = await p.call('GET', at(a, '01ARZ3NDEKTSV4RRFFQ69G5FAV'), { as: conflicted })
    for (const path of ['', '/sheets']) {
      const res = await p.call('GET', at(a, target!, path), { as: conflicted })
      expect(res.status).toBe(404)
      expect(res.json.detail).toBe(missing.json.detail)
      expect(res.text).not.toContain('Breathe Easy')
    }
    const score = await p.call('PUT', at(a, target!, '/sheet'), {
      as: conflicted,
      body: { version: 0, scores: scoresFor(a, [5, 5, 5]) },
    })
    expect(score.status).toBe(404)

    // Withdrawing a declared conflict is the manager's to do.
    const undo = await p.call('PUT', `/api/competitions/${a.competitionId}/declarations`, {
      as: conflicted,
      body: { declarations: [{ applicationId: target, type: 'none', note: '' }] },
    })
    expect(undo.status).toBe(422)
    expect(fieldsOf(undo.json)).toEqual(['declarations.0.type'])

    await declareNone(p, other!, a.competitionId, a.ids)
    await scoreAndSubmit(p, other!, a, target!, 2)
    const ranking = (await p.call('GET', `/api/competitions/${a.competitionId}/ranking`, { as: a.manager })).json
    const row = ranking.rows.find((r: { applicationId: string }) => r.applicationId === target)
    expect(row.scorers).toBe(1)
    expect(row.progress[conflicted!.id]).toBe('conflicted')

    // The manager clears it (recorded as theirs), and the panellist can then open it.
    const cleared = await p.call('POST', `/api/competitions/${a.competitionId}/panel/conflicts`, {
      as: a.manager,
      body: { panellistId: conflicted!.id, applicationId: target, type: 'none', note: 'Shares sold before the panel' },
    })
    expect(cleared.json).toMatchObject({ type: 'none', recordedByManager: true })
    expect((await p.call('GET', at(a, target!), { as: conflicted })).status).toBe(200)

    const twice = await p.call('PUT', `/api/competitions/${a.competitionId}/declarations`, {
      as: conflicted,
      body: {
        declarations: [
          { applicationId: fine, type: 'none', note: '' },
          { applicationId: fine, type: 'other', note: 'x' },
        ],
      },
    })
    expect(twice.status).toBe(400)
    expect(fieldsOf(twice.json)).toEqual(['declarations'])
    // What the manager records, the panellist cannot overwrite.
    await p.call('POST', `/api/competitions/${a.competitionId}/panel/conflicts`, {
      as: a.manager,
      body: { panellistId: other!.id, applicationId: fine, type: 'advisory', note: 'Advises their board' },
    })
    const overwrite = await p.call('PUT', `/api/competitions/${a.competitionId}/declarations`, {
      as: other,
      body: { declarations: [{ applicationId: fine, type: 'other', note: 'Something else' }] },
    })
    expect(overwrite.status).toBe(422)
    expect(overwrite.json.detail).toMatch(/programme manager recorded/)
    const panel = (await p.call('GET', `/api/competitions/${a.competitionId}/panel`, { as: a.manager })).json
    expect(
      panel.declarations.find(
        (d: { panellistId: string; applicationId: string }) => d.panellistId === other!.id && d.applicationId === fine,
      ),
    ).toMatchObject({ type: 'advisory', recordedByManager: true })
  })

  it('drops a score from the aggregate when a conflict is recorded after it (or refuses it, if first)', {
    timeout: 60_000,
  }, async () => {
    const a = await assessingCompetition(p, { applications: 1, panellists: 2 })
    const [late, other] = a.panel
    await declareNone(p, late!, a.competitionId, a.ids)
    await declareNone(p, other!, a.competitionId, a.ids)
    await scoreAndSubmit(p, other!, a, a.ids[0]!, 1)
    const [record, score] = await Promise.all([
      p.call('POST', `/api/competitions/${a.competitionId}/panel/conflicts`, {
        as: a.manager,
        body: { panellistId: late!.id, applicationId: a.ids[0], type: 'personal', note: 'Sister is a director' },
      }),
      p.call('PUT', at(a, a.ids[0]!, '/sheet'), { as: late, body: { version: 0, scores: scoresFor(a, [5, 5, 5]) } }),
    ])
    expect(record.status).toBe(200)
    expect([200, 404]).toContain(score.status)
    const row = (await p.call('GET', `/api/competitions/${a.competitionId}/ranking`, { as: a.manager })).json.rows[0]
    expect(row).toMatchObject({ scorers: 1, weightedMean: 1 })
    if (score.status === 200) {
      const submit = await p.call('POST', at(a, a.ids[0]!, '/sheet/submit'), { as: late, body: { version: 1 } })
      expect(submit.status).toBe(404)
    }
    const otherSheet = (await p.call('GET', at(a, a.ids[0]!, '/sheets'), { as: a.manager })).json.sheets.find(
      (x: { panellistId: string }) => x.panellistId === other!.id,
    )
    await p.call('POST', `/api/competitions/${a.competitionId}/panel/conflicts`, {
      as: a.manager,
      body: { panellistId: other!.id, applicationId: a.ids[0], type: 'financial', note: 'Found later' },
    })
    const moderate = await p.call('POST', at(a, a.ids[0]!, `/sheets/${other!.id}/moderate`), {
      as: a.manager,
      body: { version: otherSheet.version, criterionId: a.criteria[0]!.id, score: 3, reason: 'x' },
    })
    expect(moderate.status).toBe(422)
    expect(fieldsOf(moderate.json)).toEqual(['panellistId'])
  })

  describe('forced: a write lands between a request’s read and its commit', () => {
    const panelOf = async (a: Assessing) =>
      (await p.call('GET', `/api/competitions/${a.competitionId}/panel`, { as: a.manager })).json as {
        members: { email: string; name: string; status: string }[]
        declarations: { panellistId: string; applicationId: string; type: string; recordedByManager: boolean }[]
      }

    it('refuses a second invitation to the same email (409), keeping the first and its one email', async () => {
      const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
      const invitee = await p.signIn('panellist', 'Dr Helen Moore')
      const invite = (name: string) =>
        p.call('POST', `/api/competitions/${a.competitionId}/panel`, {
          as: a.manager,
          body: { email: invitee.email, name, role: 'Chair' },
        })
      const { request: late, write: early } = await cutIn(p.db, {
        request: () => invite('Helen Moore (late)'),
        write: () => invite('Dr Helen Moore'),
      })
      expect(early.status, early.text).toBe(201)
      expect(late.status, late.text).toBe(409)
      isProblem(late)
      expect(late.json.detail).toBe(`${invitee.email} is already invited.`)
      expect(late.json.errors).toEqual([{ field: 'email', message: 'is already invited' }])
      expect((await panelOf(a)).members).toMatchObject([
        { email: invitee.email, name: 'Dr Helen Moore', status: 'invited' },
      ])
      expect(await emailsTo(p.db, invitee.email, 'panel-invitation')).toHaveLength(1)
    })

    it('refuses an acceptance when the invitation was declined from another tab (409): declined it stays', async () => {
      const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
      const invitee = await p.signIn('panellist', 'Sam Okafor')
      const invited = await p.call('POST', `/api/competitions/${a.competitionId}/panel`, {
        as: a.manager,
        body: { email: invitee.email, name: 'Sam Okafor', role: 'Panel member' },
      })
      expect(invited.status).toBe(201)
      const answer = (accept: boolean) =>
        p.call('POST', `/api/competitions/${a.competitionId}/panel/response`, { as: invitee, body: { accept } })
      const { request: accepting, write: declining } = await cutIn(p.db, {
        request: () => answer(true),
        write: () => answer(false),
      })
      expect(declining.status, declining.text).toBe(200)
      expect(accepting.status, accepting.text).toBe(409)
      isProblem(accepting)
      expect(accepting.json.detail).toBe('This invitation was answered from another tab or device: reload.')
      expect((await panelOf(a)).members).toMatchObject([{ email: invitee.email, status: 'declined' }])
    })

    it('refuses a conflict recorded against an application that left the shortlist since the read (409)', async () => {
      const a = await assessingCompetition(p, { applications: 1, panellists: 1 })
      const [panellist] = a.panel
      const { request: record, write: dropped } = await cutIn(p.db, {
        request: () =>
          p.call('POST', `/api/competitions/${a.competitionId}/panel/conflicts`, {
            as: a.manager,
            body: {
              panellistId: panellist!.id,
              applicationId: a.ids[0],
              type: 'personal',
              note: 'Sister is a director',
            },
          }),
        write: () =>
          p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
            as: a.manager,
            body: { decisions: [{ applicationId: a.ids[0], outcome: 'not-shortlisted', reason: 'Changed our minds' }] },
          }),
      })
      expect(dropped.status, dropped.text).toBe(200)
      expect(record.status, record.text).toBe(409)
      isProblem(record)
      expect(record.json.detail).toBe(
        'The panel or the shortlist changed while you were recording this: reload and try again.',
      )
      expect((await panelOf(a)).declarations).toEqual([])
    })

    it('refuses a panellist’s “none” over a conflict the manager recorded since the read (422), keeping the conflict', async () => {
      const a = await assessingCompetition(p, { applications: 1, panellists: 1 })
      const [panellist] = a.panel
      const { request: none, write: recorded } = await cutIn(p.db, {
        request: () =>
          p.call('PUT', `/api/competitions/${a.competitionId}/declarations`, {
            as: panellist,
            body: { declarations: [{ applicationId: a.ids[0], type: 'none', note: '' }] },
          }),
        write: () =>
          p.call('POST', `/api/competitions/${a.competitionId}/panel/conflicts`, {
            as: a.manager,
            body: {
              panellistId: panellist!.id,
              applicationId: a.ids[0],
              type: 'personal',
              note: 'Sister is a director',
            },
          }),
      })
      expect(recorded.status, recorded.text).toBe(200)
      expect(none.status, none.text).toBe(422)
      isProblem(none)
      expect(none.json.detail).toBe(
        'The programme manager recorded your declaration for Breathe Easy Ltd; only they can change it.',
      )
      expect(none.json.errors).toEqual([
        { field: 'declarations.0.type', message: 'was recorded by the programme manager' },
      ])
      expect((await panelOf(a)).declarations).toMatchObject([
        { panellistId: panellist!.id, applicationId: a.ids[0], type: 'personal', recordedByManager: true },
      ])
    })
  })
})

describe('scoring', () => {
  let a: Assessing
  beforeAll(async () => {
    a = await assessingCompetition(p, { applications: 3, shortlisted: 2, panellists: 3 })
    for (const panellist of a.panel) await declareNone(p, panellist, a.competitionId, a.ids.slice(0, 2))
  }, 60_000)

  it('refuses scores outside the scale or the rubric, and unshortlisted applications, saving nothing', async () => {
    const [panellist] = a.panel
    const [first] = a.criteria
    const url = at(a, a.ids[0]!, '/sheet')
    const outside = await p.call('PUT', url, { as: panellist, body: { version: 0, scores: { [first!.id]: 6 } } })
    expect(outside.status).toBe(422)
    isProblem(outside)
    expect(outside.json.errors).toEqual([{ field: `scores.${first!.id}`, message: 'must be between 0 and 5' }])
    const stranger = await p.call('PUT', url, {
      as: panellist,
      body: { version: 0, scores: { nonsense: 3 }, comments: { other: 'x' } },
    })
    expect(fieldsOf(stranger.json)).toEqual(['scores.nonsense', 'comments.other'])
    const fraction = await p.call('PUT', url, { as: panellist, body: { version: 0, scores: { [first!.id]: 2.5 } } })
    expect(fraction.status).toBe(400)
    expect(fieldsOf(fraction.json)).toEqual([`scores.${first!.id}`])
    const notShortlisted = await p.call('PUT', at(a, a.ids[2]!, '/sheet'), {
      as: panellist,
      body: { version: 0, scores: { [first!.id]: 3 } },
    })
    expect(notShortlisted.status).toBe(404)
    expect((await p.call('GET', at(a, a.ids[0]!), { as: panellist })).json.sheet).toBeUndefined()
  })

  it('hides everyone else’s scores until one’s own are submitted, then locks them', async () => {
    const [first, second, third] = a.panel
    const id = a.ids[0]!
    await scoreAndSubmit(p, second!, a, id, [5, 4, 3])
    const draft = await p.call('PUT', at(a, id, '/sheet'), {
      as: third,
      body: { version: 0, scores: scoresFor(a, [1, 1, 1]), panelNote: 'Not convinced' },
    })
    expect(draft.status).toBe(200)

    // Before submitting: no sheets, no aggregate, and nothing in the assessment view either.
    const early = await p.call('GET', at(a, id, '/sheets'), { as: first })
    expect(early.status).toBe(403)
    isProblem(early)
    const view = await p.call('GET', at(a, id), { as: first })
    expect(view.status).toBe(200)
    expect(view.text).not.toContain(second!.id)
    expect(view.text).not.toContain('Not convinced')

    const partial = await p.call('PUT', at(a, id, '/sheet'), {
      as: first,
      body: { version: 0, scores: { [a.criteria[0]!.id]: 4 }, comments: { [a.criteria[0]!.id]: 'Clear' } },
    })
    const incomplete = await p.call('POST', at(a, id, '/sheet/submit'), {
      as: first,
      body: { version: partial.json.version },
    })
    expect(incomplete.status).toBe(422)
    expect(fieldsOf(incomplete.json)).toEqual(a.criteria.slice(1).map((c) => `scores.${c.id}`))

    const mine = await scoreAndSubmit(p, first!, a, id, [4, 4, 4])
    const repeat = await p.call('POST', at(a, id, '/sheet/submit'), { as: first, body: { version: mine.version - 1 } })
    expect(repeat.json).toEqual(mine)
    const later = await p.call('PUT', at(a, id, '/sheet'), {
      as: first,
      body: { version: mine.version, scores: scoresFor(a, [0, 0, 0]) },
    })
    expect(later.status).toBe(409)

    const sheets = await p.call('GET', at(a, id, '/sheets'), { as: first })
    expect(sheets.status).toBe(200)
    // Submitted sheets only: the third panellist's draft stays theirs.
    expect(sheets.json.sheets.map((s: { panellistId: string }) => s.panellistId).sort()).toEqual(
      [first!.id, second!.id].sort(),
    )
    expect(sheets.text).not.toContain('Not convinced')
    expect(sheets.json.aggregate).toMatchObject({ scorers: 2 })
    const managerSees = await p.call('GET', at(a, id, '/sheets'), { as: a.manager })
    expect(managerSees.json.sheets).toHaveLength(3)
  })

  it('lets exactly one of two saves from the same version through', async () => {
    const panellist = a.panel[1]!
    const id = a.ids[1]!
    const body = (n: number) => ({ version: 0, scores: scoresFor(a, [n, n, n]) })
    const results = await Promise.all([
      p.call('PUT', at(a, id, '/sheet'), { as: panellist, body: body(1) }),
      p.call('PUT', at(a, id, '/sheet'), { as: panellist, body: body(2) }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const saved = results.find((r) => r.status === 200)!.json
    expect((await p.call('GET', at(a, id), { as: panellist })).json.sheet.scores).toEqual(saved.scores)
  })

  it('keeps every moderated score’s old value, who, when and why; reopening is recorded too', {
    timeout: 60_000,
  }, async () => {
    // Its own competition, where the second panellist has submitted their scores for the first application.
    const a = await assessingCompetition(p, { applications: 3, shortlisted: 2, panellists: 2 })
    const [first, second] = a.panel
    const id = a.ids[0]!
    await declareNone(p, second!, a.competitionId, [id])
    await scoreAndSubmit(p, second!, a, id, [5, 4, 3])
    const criterion = a.criteria[0]!
    const sheets = (await p.call('GET', at(a, id, '/sheets'), { as: a.manager })).json.sheets
    const sheet = sheets.find((s: { panellistId: string }) => s.panellistId === second!.id)
    const url = at(a, id, `/sheets/${second!.id}/moderate`)
    const outside = await p.call('POST', url, {
      as: a.manager,
      body: { version: sheet.version, criterionId: criterion.id, score: 9, reason: 'x' },
    })
    expect(fieldsOf(outside.json)).toEqual(['score'])
    const noReason = await p.call('POST', url, {
      as: a.manager,
      body: { version: sheet.version, criterionId: criterion.id, score: 3 },
    })
    expect(fieldsOf(noReason.json)).toEqual(['reason'])
    const moderated = await p.call('POST', url, {
      as: a.manager,
      body: {
        version: sheet.version,
        criterionId: criterion.id,
        score: 3,
        reason: 'Agreed the evidence was thinner than it looked',
      },
    })
    expect(moderated.status).toBe(200)
    expect(moderated.json.scores[criterion.id]).toBe(3)
    expect(moderated.json.history).toEqual([
      expect.objectContaining({
        kind: 'moderated',
        criterionId: criterion.id,
        from: 5,
        to: 3,
        reason: 'Agreed the evidence was thinner than it looked',
        by: a.manager.id,
        at: expect.any(String),
      }),
    ])
    const stale = await p.call('POST', url, {
      as: a.manager,
      body: { version: sheet.version, criterionId: criterion.id, score: 2, reason: 'again' },
    })
    expect(stale.status).toBe(409)

    const ranking = (await p.call('GET', `/api/competitions/${a.competitionId}/ranking`, { as: a.manager })).json
    expect(ranking.rows.find((r: { applicationId: string }) => r.applicationId === id)).toMatchObject({
      moderated: true,
    })

    const byPanellist = await p.call('POST', url, {
      as: first,
      body: { version: moderated.json.version, criterionId: criterion.id, score: 2, reason: 'x' },
    })
    expect(byPanellist.status).toBe(403)
    const reopened = await p.call('POST', at(a, id, `/sheets/${second!.id}/reopen`), {
      as: a.manager,
      body: { version: moderated.json.version, reason: 'Scored the wrong criterion' },
    })
    expect(reopened.json.status).toBe('draft')
    expect(reopened.json.history.map((h: { kind: string }) => h.kind)).toEqual(['moderated', 'reopened'])
    // Reopened, their own sheet is a draft again: the others' scores are hidden again.
    expect((await p.call('GET', at(a, id, '/sheets'), { as: second })).status).toBe(403)

    const outcome = await p.call('PUT', at(a, id, '/recommendation'), {
      as: a.manager,
      body: { outcome: 'fund', reason: 'Strongest fit to the asthma challenge' },
    })
    expect(outcome.json.recommendation).toMatchObject({ outcome: 'fund', by: a.manager.id })
    const notShortlisted = await p.call('PUT', at(a, a.ids[2]!, '/recommendation'), {
      as: a.manager,
      body: { outcome: 'fund', reason: 'x' },
    })
    expect(notShortlisted.status).toBe(422)
  })

  describe('forced: a write lands between a request’s read and its commit', () => {
    const fresh = async () => {
      const b = await assessingCompetition(p, { applications: 1, panellists: 1 })
      await declareNone(p, b.panel[0]!, b.competitionId, b.ids)
      return b
    }

    it('refuses a save from the version another tab just saved (409), keeping that save', async () => {
      const b = await fresh()
      const [panellist] = b.panel
      const save = (n: number) =>
        p.call('PUT', at(b, b.ids[0]!, '/sheet'), {
          as: panellist,
          body: { version: 0, scores: scoresFor(b, [n, n, n]) },
        })
      const { request: late, write: early } = await cutIn(p.db, { request: () => save(1), write: () => save(4) })
      expect(early.status, early.text).toBe(200)
      expect(late.status, late.text).toBe(409)
      isProblem(late)
      expect(late.json.detail).toBe(
        'This score sheet (saved from another tab or device) was changed since you opened it. Reload it, check the changes and try again.',
      )
      expect((await p.call('GET', at(b, b.ids[0]!), { as: panellist })).json.sheet).toMatchObject({
        version: 1,
        scores: scoresFor(b, [4, 4, 4]),
      })
    })

    it('refuses a save over a sheet submitted from another tab since the read (409), keeping the submitted scores', async () => {
      const b = await fresh()
      const [panellist] = b.panel
      const saved = await p.call('PUT', at(b, b.ids[0]!, '/sheet'), {
        as: panellist,
        body: { version: 0, scores: scoresFor(b, [4, 4, 4]) },
      })
      expect(saved.status).toBe(200)
      const { request: late, write: submitted } = await cutIn(p.db, {
        request: () =>
          p.call('PUT', at(b, b.ids[0]!, '/sheet'), {
            as: panellist,
            body: { version: 1, scores: scoresFor(b, [1, 1, 1]) },
          }),
        write: () => p.call('POST', at(b, b.ids[0]!, '/sheet/submit'), { as: panellist, body: { version: 1 } }),
      })
      expect(submitted.status, submitted.text).toBe(200)
      expect(late.status, late.text).toBe(409)
      isProblem(late)
      expect(late.json.detail).toMatch(/^You have submitted your scores for this application\./)
      expect((await p.call('GET', at(b, b.ids[0]!), { as: panellist })).json.sheet).toMatchObject({
        status: 'submitted',
        scores: scoresFor(b, [4, 4, 4]),
      })
    })

    it('refuses a moderation when the panellist was recorded as conflicted since the read (409), changing no score', async () => {
      const b = await fresh()
      const [panellist] = b.panel
      await scoreAndSubmit(p, panellist!, b, b.ids[0]!, 3)
      const sheet = (await p.call('GET', at(b, b.ids[0]!, '/sheets'), { as: b.manager })).json.sheets[0]
      const { request: moderate, write: conflict } = await cutIn(p.db, {
        request: () =>
          p.call('POST', at(b, b.ids[0]!, `/sheets/${panellist!.id}/moderate`), {
            as: b.manager,
            body: { version: sheet.version, criterionId: b.criteria[0]!.id, score: 5, reason: 'Misread the band' },
          }),
        write: () =>
          p.call('POST', `/api/competitions/${b.competitionId}/panel/conflicts`, {
            as: b.manager,
            body: { panellistId: panellist!.id, applicationId: b.ids[0], type: 'financial', note: 'Found later' },
          }),
      })
      expect(conflict.status, conflict.text).toBe(200)
      expect(moderate.status, moderate.text).toBe(409)
      isProblem(moderate)
      expect(moderate.json.detail).toBe('Panellist 1 has just been recorded as conflicted with this application.')
      const after = (await p.call('GET', at(b, b.ids[0]!, '/sheets'), { as: b.manager })).json.sheets[0]
      expect(after).toMatchObject({ version: sheet.version, scores: sheet.scores })
    })

    it('refuses a moderation from the version another moderation just replaced (409), keeping that one', async () => {
      const b = await fresh()
      const [panellist] = b.panel
      await scoreAndSubmit(p, panellist!, b, b.ids[0]!, 3)
      const sheet = (await p.call('GET', at(b, b.ids[0]!, '/sheets'), { as: b.manager })).json.sheets[0]
      const moderate = (score: number) =>
        p.call('POST', at(b, b.ids[0]!, `/sheets/${panellist!.id}/moderate`), {
          as: b.manager,
          body: { version: sheet.version, criterionId: b.criteria[0]!.id, score, reason: `Moderated to ${score}` },
        })
      const { request: late, write: early } = await cutIn(p.db, {
        request: () => moderate(1),
        write: () => moderate(5),
      })
      expect(early.status, early.text).toBe(200)
      expect(late.status, late.text).toBe(409)
      isProblem(late)
      expect(late.json.detail).toBe(
        'This score sheet was changed since you opened it. Reload it, check the changes and try again.',
      )
      const after = (await p.call('GET', at(b, b.ids[0]!, '/sheets'), { as: b.manager })).json.sheets[0]
      expect(after.version).toBe(sheet.version + 1)
      expect(after.scores[b.criteria[0]!.id]).toBe(5)
    })
  })
})

describe('who may call the panel routes', () => {
  it('keeps applicants out, and panellists of other competitions, with the same 404 as a missing id', async () => {
    const a = await assessingCompetition(p, { applications: 1, panellists: 1 })
    const b = await assessingCompetition(p, { applications: 1, panellists: 1 })
    const outsider = b.panel[0]!
    const applicant = a.applications[0]!.applicant
    const c = a.competitionId
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/competitions/${c}/rubric`],
      ['GET', `/api/competitions/${c}/pitches`],
      [
        'PUT',
        `/api/competitions/${c}/declarations`,
        { declarations: [{ applicationId: a.ids[0], type: 'none', note: '' }] },
      ],
      ['GET', at(a, a.ids[0]!)],
      ['GET', at(a, a.ids[0]!, '/sheets')],
      ['PUT', at(a, a.ids[0]!, '/sheet'), { version: 0, scores: {} }],
      ['GET', at(a, a.ids[0]!, '/files/question')],
    ]
    for (const [method, path, body] of routes) {
      const asApplicant = await p.call(method, path, { as: applicant, body })
      expect(asApplicant.status, `${method} ${path}`).toBe(403)
      const asOutsider = await p.call(method, path, { as: outsider, body })
      expect(asOutsider.status, `${method} ${path}`).toBe(404)
      isProblem(asOutsider)
    }
    for (const path of [
      `/api/competitions/${c}/ranking`,
      `/api/competitions/${c}/candidates`,
      `/api/competitions/${c}/panel`,
    ]) {
      expect((await p.call('GET', path, { as: outsider })).status).toBe(403)
      expect((await p.call('GET', path, { as: applicant })).status).toBe(403)
      expect((await p.call('GET', path)).status).toBe(401)
    }
    const existing = await p.call('GET', at(a, a.ids[0]!), { as: outsider })
    const missing = await p.call('GET', at(a, '01ARZ3NDEKTSV4RRFFQ69G5FAV'), { as: outsider })
    expect(existing.json).toEqual(missing.json)
    // "My assignments" shows only this panellist's own panel.
    const mine = (await p.call('GET', '/api/me/panels', { as: outsider })).json
    expect(mine.panels.map((x: { member: { competitionId: string } }) => x.member.competitionId)).toEqual([
      b.competitionId,
    ])
  })
})

describe('pitch sessions', () => {
  it('schedules shortlisted applicants without overlaps and sends who’s at the table', async () => {
    const a = await assessingCompetition(p, { applications: 3, shortlisted: 2, panellists: 2 })
    const [chair, conflicted] = a.panel
    await declareNone(p, chair!, a.competitionId, a.ids.slice(0, 2))
    await p.call('PUT', `/api/competitions/${a.competitionId}/declarations`, {
      as: conflicted,
      body: {
        declarations: [
          { applicationId: a.ids[0], type: 'employment', note: 'My employer' },
          { applicationId: a.ids[1], type: 'none', note: '' },
        ],
      },
    })
    const url = `/api/competitions/${a.competitionId}/pitches`
    const slot = (applicationId: string, startsAt: string) => ({
      applicationId,
      startsAt,
      minutes: 30,
      place: 'Room 2, Cunard Building, Liverpool',
    })

    const overlapping = await p.call('PUT', url, {
      as: a.manager,
      body: { version: 0, slots: [slot(a.ids[0]!, '2027-02-10T10:00:00Z'), slot(a.ids[1]!, '2027-02-10T10:15:00Z')] },
    })
    expect(overlapping.status).toBe(400)
    expect(fieldsOf(overlapping.json)).toEqual(['slots.1.startsAt'])
    const notShortlisted = await p.call('PUT', url, {
      as: a.manager,
      body: { version: 0, slots: [slot(a.ids[2]!, '2027-02-10T10:00:00Z')] },
    })
    expect(notShortlisted.status).toBe(422)
    expect(fieldsOf(notShortlisted.json)).toEqual(['slots.0.applicationId'])
    const nowhere = await p.call('PUT', url, {
      as: a.manager,
      body: { version: 0, slots: [{ applicationId: a.ids[0], startsAt: '2027-02-10T10:00:00Z', minutes: 30 }] },
    })
    expect(fieldsOf(nowhere.json)).toEqual(['slots.0.place'])

    const body = {
      version: 0,
      slots: [slot(a.ids[0]!, '2027-02-10T10:00:00Z'), slot(a.ids[1]!, '2027-02-10T10:45:00Z')],
    }
    const [first, second] = await Promise.all([
      p.call('PUT', url, { as: a.manager, body }),
      p.call('PUT', url, { as: a.manager, body }),
    ])
    expect([first.status, second.status].sort()).toEqual([200, 409])

    const sent = await p.call('POST', `${url}/invitations`, { as: a.manager })
    expect(sent.status).toBe(200)
    expect(sent.json.slots.every((s: { invitedAt?: string }) => s.invitedAt)).toBe(true)
    const [invitation] = await emailsTo(p.db, a.applications[0]!.applicant.email, 'pitch-invitation')
    expect(invitation!.text).toContain('Who’s at the table')
    expect(invitation!.text).toContain('Panellist 1, Panel member')
    expect(invitation!.text).not.toContain('Panellist 2') // conflicted with this applicant
    expect(invitation!.text).toContain('Wednesday 10 February 2027 at 10:00')
    const [other] = await emailsTo(p.db, a.applications[1]!.applicant.email, 'pitch-invitation')
    expect(other!.text).toContain('Panellist 2')

    const again = await p.call('POST', `${url}/invitations`, { as: a.manager })
    expect(again.status).toBe(422)
    const seen = await p.call('GET', url, { as: chair })
    expect(seen.json.slots).toHaveLength(2)
    // A conflicted panellist is not told where or when that pitch is.
    const theirs = await p.call('GET', url, { as: conflicted })
    expect(theirs.json.slots.map((x: { applicationId: string }) => x.applicationId)).toEqual([a.ids[1]])

    // A slot whose applicant left the shortlist is not sent. The shortlisting and the schedule
    // that adds its slot run at once: a schedule read before the shortlisting is refused (422,
    // the slot named) and saved again; either way it is saved once, with the new slot.
    const withLate = (version: number) => ({
      version,
      slots: [
        ...sent.json.slots.map(({ organisationName: _n, invitedAt: _i, ...slot }: Record<string, unknown>) => slot),
        slot(a.ids[2]!, '2027-02-10T11:30:00Z'),
      ],
    })
    const [listed, raced] = await Promise.all([
      p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
        as: a.manager,
        body: { decisions: [{ applicationId: a.ids[2], outcome: 'shortlisted', reason: 'Late addition' }] },
      }),
      p.call('PUT', url, { as: a.manager, body: withLate(sent.json.version) }),
    ])
    expect(listed.status, listed.text).toBe(200)
    expect([200, 422], raced.text).toContain(raced.status)
    if (raced.status === 422) expect(fieldsOf(raced.json)).toEqual(['slots.2.applicationId'])
    const third =
      raced.status === 200 ? raced : await p.call('PUT', url, { as: a.manager, body: withLate(sent.json.version) })
    expect(third.status, third.text).toBe(200)
    expect(third.json.slots).toHaveLength(3)
    await p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
      as: a.manager,
      body: {
        decisions: [{ applicationId: a.ids[2], outcome: 'not-shortlisted', reason: 'Withdrew from the programme' }],
      },
    })
    const none = await p.call('POST', `${url}/invitations`, { as: a.manager })
    expect(none.status).toBe(422)
    expect(await emailsTo(p.db, a.applications[2]!.applicant.email, 'pitch-invitation')).toEqual([])
  })

  describe('forced: a write lands between a request’s read and its commit', () => {
    const slotAt = (applicationId: string, startsAt: string) => ({
      applicationId,
      startsAt,
      minutes: 30,
      place: 'Room 2, Cunard Building, Liverpool',
    })

    it('refuses a schedule saved from the version another save just replaced (409), keeping that one', async () => {
      const a = await assessingCompetition(p, { applications: 2, panellists: 0 })
      const url = `/api/competitions/${a.competitionId}/pitches`
      const ours = [slotAt(a.ids[0]!, '2027-02-10T10:00:00Z')]
      const theirs = [slotAt(a.ids[1]!, '2027-02-11T14:00:00Z')]
      const { request: late, write: early } = await cutIn(p.db, {
        request: () => p.call('PUT', url, { as: a.manager, body: { version: 0, slots: ours } }),
        write: () => p.call('PUT', url, { as: a.manager, body: { version: 0, slots: theirs } }),
      })
      expect(early.status, early.text).toBe(200)
      expect(late.status, late.text).toBe(409)
      isProblem(late)
      expect(late.json.detail).toBe(
        'This pitch schedule was changed since you opened it. Reload it, check the changes and try again.',
      )
      const saved = (await p.call('GET', url, { as: a.manager })).json
      expect(saved.version).toBe(1)
      expect(saved.slots.map((s: { applicationId: string }) => s.applicationId)).toEqual([a.ids[1]])
    })

    it('sends no invitation when the shortlist changed while they were being sent (409)', async () => {
      const a = await assessingCompetition(p, { applications: 2, panellists: 0 })
      const url = `/api/competitions/${a.competitionId}/pitches`
      const saved = await p.call('PUT', url, {
        as: a.manager,
        body: {
          version: 0,
          slots: [slotAt(a.ids[0]!, '2027-02-10T10:00:00Z'), slotAt(a.ids[1]!, '2027-02-10T11:00:00Z')],
        },
      })
      expect(saved.status, saved.text).toBe(200)
      const { request: send, write: dropped } = await cutIn(p.db, {
        request: () => p.call('POST', `${url}/invitations`, { as: a.manager }),
        write: () =>
          p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
            as: a.manager,
            body: { decisions: [{ applicationId: a.ids[1], outcome: 'not-shortlisted', reason: 'Withdrew' }] },
          }),
      })
      expect(dropped.status, dropped.text).toBe(200)
      expect(send.status, send.text).toBe(409)
      isProblem(send)
      expect(send.json.detail).toBe(
        'The shortlist changed while the invitations were being sent; nothing was sent. Try again.',
      )
      const schedule = (await p.call('GET', url, { as: a.manager })).json
      expect(schedule.version).toBe(1)
      expect(schedule.slots.every((s: { invitedAt?: string }) => !s.invitedAt)).toBe(true)
      for (const { applicant } of a.applications)
        expect(await emailsTo(p.db, applicant.email, 'pitch-invitation')).toEqual([])
    })
  })
})

it('a panellist seated on a competition sees it in “my assignments” with their progress', async () => {
  const a = await assessingCompetition(p, { applications: 2, panellists: 1 })
  const [panellist] = a.panel
  await declareNone(p, panellist!, a.competitionId, [a.ids[0]!])
  await scoreAndSubmit(p, panellist!, a, a.ids[0]!, 3)
  const late = await seatedPanellist(p, a.manager, a.competitionId, 'Late joiner')
  const mine = (await p.call('GET', '/api/me/panels', { as: panellist })).json
  expect(mine.panels[0].assignments).toEqual([
    { applicationId: a.ids[0], organisationName: 'Breathe Easy Ltd', declaration: 'none', sheet: 'submitted' },
    { applicationId: a.ids[1], organisationName: 'FamilyLink CIC' },
  ])
  expect((await p.call('GET', '/api/me/panels', { as: late })).json.panels[0].assignments).toHaveLength(2)
})
