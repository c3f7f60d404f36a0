// Decisions stay decided (issue 11), through the API: once a release of decisions is scheduled
// or made, nothing that led to them changes (scores, moderation, reopening, conflicts, the
// rubric, pitch slots, screening, shortlisting, recommendations), held by the database even
// when a write races the release; a release waits for every pitch and every seated panellist's
// scores (or a reason); an offer withdrawn before release is never shown; the budget's shares
// by challenge and theme add up to what is committed.
import { beforeAll, describe, expect, it } from 'vitest'
import {
  assessingCompetition,
  awardingCompetition,
  declareNone,
  releaseDecisions,
  scoreAndSubmit,
  seatedPanellist,
  type Assessing,
} from '../support/assessing-fixtures.js'
import { fieldsOf, createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform

beforeAll(async () => {
  p = await createTestPlatform()
})

const HOUR = 3_600_000
const DAY = 24 * HOUR
const NO_SUCH_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV'
const at = (competitionId: string, rest = '') => `/api/competitions/${competitionId}${rest}`
const respondBy = () => new Date(p.clock.now.getTime() + 14 * DAY).toISOString()

const overview = async (a: Pick<Assessing, 'manager' | 'competitionId'>) =>
  (await p.call('GET', at(a.competitionId, '/feedback'), { as: a.manager })).json
const release = async (a: Pick<Assessing, 'manager' | 'competitionId'>, body: Record<string, unknown> = {}) =>
  p.call('POST', at(a.competitionId, '/feedback-release'), {
    as: a.manager,
    body: { version: (await overview(a)).release.version, confirmMissing: true, ...body },
  })
const award = async (a: Assessing, applicationId: string, amountPence: number) => {
  const res = await p.call('POST', at(a.competitionId, '/awards'), {
    as: a.manager,
    body: { applicationId, amountPence, respondBy: respondBy(), reason: 'Scaled to fit the pot' },
  })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
  return res.json as { version: number; status: string }
}
const sheetsOf = async (a: Assessing, applicationId: string) =>
  (await p.call('GET', at(a.competitionId, `/assessments/${applicationId}/sheets`), { as: a.manager })).json.sheets
const ranking = async (a: Assessing) => (await p.call('GET', at(a.competitionId, '/ranking'), { as: a.manager })).json

/** A 409 problem that says decisions are locked by the release. */
function expectLocked(
  res: { status: number; headers: Headers; json: { detail?: string } },
  because: RegExp = /released/,
  what = '',
) {
  expect(res.status, `${what} ${JSON.stringify(res.json)}`).toBe(409)
  expect(res.headers.get('content-type')).toContain('application/problem+json')
  expect(res.json.detail).toMatch(because)
  expect(res.json.detail).toMatch(/locked/)
}

describe('once decisions are released, what led to them is locked', () => {
  it('refuses every change to scores, moderation, conflicts, pitches and decisions with a 409 saying why, after release and after the results are published', async () => {
    // Breathe Easy scored 4s and funded; FamilyLink scored 2s and not funded.
    const a = await awardingCompetition(p, [
      { name: 'Breathe Easy Ltd', requestedPence: 1_670_000, score: 4 },
      { name: 'FamilyLink CIC', requestedPence: 2_000_000, score: 2 },
    ])
    const [winner, other] = a.ids as [string, string]
    const [panellist] = a.panel as [Assessing['panel'][number]]
    const late = await seatedPanellist(p, a.manager, a.competitionId, 'Late Panellist')
    await declareNone(p, late, a.competitionId, [winner])
    const slots = await p.call('PUT', at(a.competitionId, '/pitches'), {
      as: a.manager,
      body: {
        version: 0,
        slots: [
          {
            applicationId: winner,
            startsAt: new Date(p.clock.now.getTime() - 2 * HOUR).toISOString(),
            minutes: 30,
            place: 'Room 1',
          },
        ],
      },
    })
    expect(slots.status, JSON.stringify(slots.json)).toBe(200)
    await award(a, winner, 1_670_000)
    expect((await release(a, { withoutSheetsReason: 'Late Panellist was taken ill on the panel day.' })).status).toBe(
      200,
    )
    const offer = await p.call('GET', `/api/applications/${winner}/offer`, { as: a.applications[0]!.applicant })
    expect(
      (
        await p.call('POST', `/api/applications/${winner}/offer/response`, {
          as: a.applications[0]!.applicant,
          body: { version: offer.json.version, accept: true },
        })
      ).status,
    ).toBe(200)
    expect((await p.call('POST', at(a.competitionId, '/results'), { as: a.manager })).status).toBe(200)

    const sheetsBefore = await sheetsOf(a, winner)
    const rankingBefore = await ranking(a)
    const sheet = sheetsBefore.find((s: { panellistId: string }) => s.panellistId === panellist.id)
    const attempts = {
      moderate: await p.call('POST', at(a.competitionId, `/assessments/${winner}/sheets/${panellist.id}/moderate`), {
        as: a.manager,
        body: { version: sheet.version, criterionId: a.criteria[0]!.id, score: 0, reason: 'On reflection' },
      }),
      reopen: await p.call('POST', at(a.competitionId, `/assessments/${winner}/sheets/${panellist.id}/reopen`), {
        as: a.manager,
        body: { version: sheet.version, reason: 'Look again' },
      }),
      recommend: await p.call('PUT', at(a.competitionId, `/assessments/${winner}/recommendation`), {
        as: a.manager,
        body: { outcome: 'do-not-fund', reason: 'Changed our minds' },
      }),
      lateSheet: await p.call('PUT', at(a.competitionId, `/assessments/${winner}/sheet`), {
        as: late,
        body: {
          version: 0,
          scores: Object.fromEntries(a.criteria.map((c) => [c.id, 0])),
          comments: {},
          panelNote: '',
          applicantFeedback: '',
        },
      }),
      declare: await p.call('PUT', at(a.competitionId, '/declarations'), {
        as: late,
        body: { declarations: [{ applicationId: winner, type: 'personal', note: 'Know the founder' }] },
      }),
      conflict: await p.call('POST', at(a.competitionId, '/panel/conflicts'), {
        as: a.manager,
        body: { panellistId: panellist.id, applicationId: winner, type: 'financial', note: 'Shares' },
      }),
      pitches: await p.call('PUT', at(a.competitionId, '/pitches'), {
        as: a.manager,
        body: { version: slots.json.version, slots: [] },
      }),
      screening: await p.call('POST', at(a.competitionId, '/screening'), {
        as: a.manager,
        body: { decisions: [{ applicationId: other, outcome: 'ineligible', reason: 'Outside the region' }] },
      }),
    }
    for (const [name, res] of Object.entries(attempts)) expectLocked(res, /released/, name)
    expect(fieldsOf(attempts.recommend.json)).toEqual(['outcome'])
    expect(fieldsOf(attempts.screening.json)).toEqual(['decisions'])
    // Nothing changed: the sheets, the ranking, the recommendation.
    expect(await sheetsOf(a, winner)).toEqual(sheetsBefore)
    expect(await ranking(a)).toEqual(rankingBefore)
    const candidate = (await p.call('GET', at(a.competitionId, `/assessments/${winner}`), { as: a.manager })).json
      .candidate
    expect(candidate.recommendation).toBeUndefined()
  })

  it('locks while a release is scheduled, saying when, and unlocks when the schedule is cancelled', async () => {
    const a = await assessingCompetition(p, { applications: 2, shortlisted: 1, panellists: 0 })
    const listed = await p.call('POST', at(a.competitionId, '/shortlist'), {
      as: a.manager,
      body: { decisions: [{ applicationId: a.ids[1], outcome: 'not-shortlisted', reason: 'Weaker fit' }] },
    })
    expect(listed.status).toBe(200)
    const when = new Date(p.clock.now.getTime() + 3 * HOUR)
    expect((await release(a, { at: when.toISOString() })).status).toBe(200)
    const rubric = (await p.call('GET', at(a.competitionId, '/rubric'), { as: a.manager })).json
    const change = () =>
      p.call('PUT', at(a.competitionId, '/rubric'), {
        as: a.manager,
        body: { version: rubric.version, scale: rubric.scale, criteria: rubric.criteria.slice(0, 2) },
      })
    expectLocked(await change(), /scheduled/)
    expectLocked(
      await p.call('PUT', at(a.competitionId, `/assessments/${a.ids[0]}/recommendation`), {
        as: a.manager,
        body: { outcome: 'fund', reason: 'Strong' },
      }),
      /scheduled/,
    )

    const cancelled = await p.call('POST', at(a.competitionId, '/feedback-release/cancel'), {
      as: a.manager,
      body: { version: (await overview(a)).release.version },
    })
    expect(cancelled.status, JSON.stringify(cancelled.json)).toBe(200)
    expect((await change()).status).toBe(200)
    expect(
      (
        await p.call('PUT', at(a.competitionId, `/assessments/${a.ids[0]}/recommendation`), {
          as: a.manager,
          body: { outcome: 'fund', reason: 'Strong' },
        })
      ).status,
    ).toBe(200)
  })

  it('refuses a release when a score changed between its checks and its write; a write after it is refused', async () => {
    const a = await awardingCompetition(p, [{ name: 'Breathe Easy Ltd', requestedPence: 1_670_000, score: 4 }])
    const [id] = a.ids as [string]
    const [panellist] = a.panel as [Assessing['panel'][number]]
    // A reopening lands after the release has read the sheets (all submitted) and before it writes.
    const name = 'reopen-between-read-and-write'
    let armed = true
    p.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (
          armed &&
          /TransactWrite/.test(context.commandName ?? '') &&
          JSON.stringify(args.input).includes('feedbackRelease')
        ) {
          armed = false
          const sheet = (await sheetsOf(a, id))[0]
          const reopened = await p.call(
            'POST',
            at(a.competitionId, `/assessments/${id}/sheets/${panellist.id}/reopen`),
            { as: a.manager, body: { version: sheet.version, reason: 'Check a score' } },
          )
          expect(reopened.status, JSON.stringify(reopened.json)).toBe(200)
        }
        return next(args)
      },
      { step: 'initialize', name },
    )
    try {
      const raced = await release(a)
      expect(raced.status, JSON.stringify(raced.json)).toBe(409)
      expect(raced.json.detail).toMatch(/changed while the release was being checked/)
    } finally {
      p.db.doc.middlewareStack.remove(name)
    }
    expect((await overview(a)).release.status).toBe('draft')
    // Nothing was locked; the release now sees the reopened sheet, and says so.
    const waiting = await release(a)
    expect(waiting.status).toBe(422)
    expect(fieldsOf(waiting.json)).toEqual(['withoutSheetsReason'])
    await scoreAndSubmit(p, panellist, a, id, 3)
    expect((await release(a)).status).toBe(200)
    const sheet = (await sheetsOf(a, id))[0]
    expectLocked(
      await p.call('POST', at(a.competitionId, `/assessments/${id}/sheets/${panellist.id}/reopen`), {
        as: a.manager,
        body: { version: sheet.version, reason: 'Again' },
      }),
    )
  })

  it('lets a reopening racing a release either land first (and the release is refused) or be refused: never both', async () => {
    for (let round = 0; round < 4; round++) {
      const a = await awardingCompetition(p, [{ name: 'Breathe Easy Ltd', requestedPence: 1_670_000, score: 4 }])
      const [id] = a.ids as [string]
      const [panellist] = a.panel as [Assessing['panel'][number]]
      const sheet = (await sheetsOf(a, id))[0]
      const version = (await overview(a)).release.version
      const [reopened, released] = await Promise.all([
        p.call('POST', at(a.competitionId, `/assessments/${id}/sheets/${panellist.id}/reopen`), {
          as: a.manager,
          body: { version: sheet.version, reason: 'Check a score' },
        }),
        p.call('POST', at(a.competitionId, '/feedback-release'), {
          as: a.manager,
          body: { version, confirmMissing: true },
        }),
      ])
      const outcome = `round ${round}: reopen ${reopened.status}, release ${released.status}`
      expect(
        [reopened.status, released.status].filter((s) => s === 200),
        outcome,
      ).toHaveLength(1)
      const status = (await overview(a)).release.status
      const draftSheet = (await sheetsOf(a, id))[0].status === 'draft'
      // What applicants were told stands on submitted scores, or nothing was released.
      expect(status === 'released' ? !draftSheet : draftSheet, outcome).toBe(true)
    }
  }, 120_000)
})

describe('a release waits for the pitches and the panel', () => {
  it('is refused, now or scheduled, before a shortlisted applicant’s pitch is over; the draft never speaks of a pitch not yet held', async () => {
    const a = await assessingCompetition(p, { applications: 2, shortlisted: 1, panellists: 1 })
    const [pitcher, other] = a.ids as [string, string]
    expect(
      (
        await p.call('POST', at(a.competitionId, '/shortlist'), {
          as: a.manager,
          body: { decisions: [{ applicationId: other, outcome: 'not-shortlisted', reason: 'Weaker fit' }] },
        })
      ).status,
    ).toBe(200)
    await declareNone(p, a.panel[0]!, a.competitionId, [pitcher])
    await scoreAndSubmit(p, a.panel[0]!, a, pitcher, 3)
    const pitchAt = new Date(p.clock.now.getTime() + 7 * DAY)
    const slots = await p.call('PUT', at(a.competitionId, '/pitches'), {
      as: a.manager,
      body: {
        version: 0,
        slots: [{ applicationId: pitcher, startsAt: pitchAt.toISOString(), minutes: 30, place: 'Room 1' }],
      },
    })
    expect(slots.status, JSON.stringify(slots.json)).toBe(200)
    const draft = (await p.call('GET', at(a.competitionId, `/feedback/${pitcher}`), { as: a.manager })).json.draft
    expect(draft.decision).not.toMatch(/pitch/)

    const now = await release(a)
    expect(now.status).toBe(422)
    expect(now.headers.get('content-type')).toContain('application/problem+json')
    expect(fieldsOf(now.json)).toEqual(['pitches'])
    expect(now.json.detail).toContain('Breathe Easy Ltd pitches')
    const tooSoon = await release(a, { at: new Date(pitchAt.getTime() + 10 * 60_000).toISOString() })
    expect(tooSoon.status).toBe(422)
    expect(fieldsOf(tooSoon.json)).toEqual(['at'])
    expect(tooSoon.json.errors[0].message).toMatch(/must be after the last pitch/)
    expect((await overview(a)).release.status).toBe('draft')

    const after = await release(a, { at: new Date(pitchAt.getTime() + 2 * HOUR).toISOString() })
    expect(after.status, JSON.stringify(after.json)).toBe(200)
    expect(after.json.status).toBe('scheduled')
    p.clock.now = new Date(pitchAt.getTime() + HOUR)
    expect(
      (await p.call('GET', at(a.competitionId, `/feedback/${pitcher}`), { as: a.manager })).json.draft.decision,
    ).toMatch(/scored your pitch/)
  })

  it('is refused while a seated panellist has not submitted, naming them, unless a reason is given, which is kept', async () => {
    const a = await assessingCompetition(p, { applications: 1, shortlisted: 1, panellists: 3 })
    const [id] = a.ids as [string]
    const [done, missing, conflicted] = a.panel as [
      Assessing['panel'][number],
      Assessing['panel'][number],
      Assessing['panel'][number],
    ]
    await declareNone(p, done, a.competitionId, [id])
    await scoreAndSubmit(p, done, a, id, 4)
    await declareNone(p, missing, a.competitionId, [id])
    // A conflicted panellist does not score: nothing is waited for from them.
    const declared = await p.call('PUT', at(a.competitionId, '/declarations'), {
      as: conflicted,
      body: { declarations: [{ applicationId: id, type: 'personal', note: 'Family' }] },
    })
    expect(declared.status).toBe(200)

    const refused = await release(a)
    expect(refused.status).toBe(422)
    expect(fieldsOf(refused.json)).toEqual(['withoutSheetsReason'])
    expect(refused.json.detail).toContain(`${missing.name} (Breathe Easy Ltd)`)
    expect(refused.json.detail).not.toContain(conflicted.name)
    expect(refused.json.detail).not.toContain(done.name)
    const blank = await release(a, { withoutSheetsReason: '   ' })
    expect(blank.status).toBe(400)
    expect(fieldsOf(blank.json)).toEqual(['withoutSheetsReason'])

    const reason = `${missing.name} was taken ill; the panel agreed to decide on the others’ scores.`
    const released = await release(a, { withoutSheetsReason: reason })
    expect(released.status, JSON.stringify(released.json)).toBe(200)
    expect(released.json).toMatchObject({ status: 'released', withoutSheetsReason: reason })
    expect((await overview(a)).release.withoutSheetsReason).toBe(reason)
  })
})

describe('an offer withdrawn before the release', () => {
  it('is the same 404 as no offer at all after the release; one withdrawn after it is shown as withdrawn', async () => {
    const a = await awardingCompetition(p, [
      { name: 'Breathe Easy Ltd', requestedPence: 1_670_000, score: 4 },
      { name: 'FamilyLink CIC', requestedPence: 1_500_000, score: 3 },
      { name: 'CareBridge', requestedPence: 1_000_000, score: 2 },
    ])
    const [withdrawnEarly, withdrawnLate, never] = a.applications as [
      Assessing['applications'][number],
      Assessing['applications'][number],
      Assessing['applications'][number],
    ]
    const early = await award(a, a.ids[0]!, 1_670_000)
    const withdraw = (applicationId: string, version: number) =>
      p.call('POST', at(a.competitionId, `/awards/${applicationId}/withdraw`), {
        as: a.manager,
        body: { version, reason: 'Due diligence failed' },
      })
    expect((await withdraw(a.ids[0]!, early.version)).status).toBe(200)
    const late = await award(a, a.ids[1]!, 1_500_000)
    await releaseDecisions(p, a)

    const offerOf = (x: { applicant: { token: string }; application: { id: string } }) =>
      p.call('GET', `/api/applications/${x.application.id}/offer`, { as: x.applicant })
    const none = await offerOf(never)
    expect(none.status).toBe(404)
    const hidden = await offerOf(withdrawnEarly)
    expect(hidden.status).toBe(404)
    expect(hidden.json).toEqual(none.json)
    const answer = await p.call('POST', `/api/applications/${a.ids[0]}/offer/response`, {
      as: withdrawnEarly.applicant,
      body: { version: early.version + 1, accept: true },
    })
    expect(answer.status).toBe(404)
    expect(
      (await p.call('GET', `/api/applications/${a.ids[0]}/decision`, { as: withdrawnEarly.applicant })).json,
    ).toMatchObject({ released: true, outcome: 'not-funded' })

    // Told of at the release, then withdrawn: the applicant sees what happened to it.
    p.clock.now = new Date(p.clock.now.getTime() + 60_000)
    expect((await withdraw(a.ids[1]!, late.version)).status).toBe(200)
    const shown = await offerOf(withdrawnLate)
    expect(shown.status).toBe(200)
    expect(shown.json.status).toBe('withdrawn')
    expect((await p.call('GET', `/api/applications/${NO_SUCH_ID}/offer`, { as: withdrawnLate.applicant })).status).toBe(
      404,
    )
  })
})

describe('the budget by challenge and by theme', () => {
  it('divides each award across the challenges and themes it addresses, so each adds up to exactly what is committed', async () => {
    // One theme addressing three challenges.
    const a = await awardingCompetition(
      p,
      [
        { name: 'Breathe Easy Ltd', requestedPence: 1_000_000, score: 4 },
        { name: 'FamilyLink CIC', requestedPence: 1_670_000, score: 3 },
      ],
      { challenges: 3 },
    )
    await award(a, a.ids[0]!, 1_000_000) // £10,000 across three challenges: 333,334p + 333,333p + 333,333p
    await award(a, a.ids[1]!, 1_670_000)

    const budget = (await p.call('GET', at(a.competitionId, '/budget'), { as: a.manager })).json
    expect(budget.committedPence).toBe(2_670_000)
    const sum = (rows: { committedPence: number }[]) => rows.reduce((s, r) => s + r.committedPence, 0)
    expect(sum(budget.byChallenge)).toBe(budget.committedPence)
    expect(sum(budget.byTheme)).toBe(budget.committedPence)
    expect(budget.byChallenge.map((c: { committedPence: number }) => c.committedPence)).toEqual([
      890_001, 890_000, 889_999,
    ])
    expect(budget.byChallenge.every((c: { committedPence: number }) => Number.isInteger(c.committedPence))).toBe(true)
    expect(budget.byChallenge.map((c: { awards: number }) => c.awards)).toEqual([2, 2, 2])
  })
})
