// Feedback and signposting through the API: the signposting directory; the draft the platform
// composes from the decisions and the panel's words for the applicant (never its private notes
// or who wrote what); releasing every decision at once, now or at a set time, exactly once
// however often it is triggered; what applicants can read before and after (asserted on the
// raw JSON of every route they have); edits after release kept as versions; feedback calls.
import { beforeAll, describe, expect, it } from 'vitest'
import { advanceRelease, runDueReleases } from '../../functions/core/feedback/release.js'
import { newId } from '../../functions/core/ids.js'
import { getRelease, listDueReleases, releasePut, signpostPut } from '../../functions/db/feedback-repo.js'
import { cutIn } from '../../functions/db/race-hook.js'
import { commit } from '../../functions/db/write.js'
import { seedDemo } from '../../functions/local/seed.js'
import type { Signpost } from '../../shared/schemas/feedback.js'
import {
  assessingCompetition,
  declareNone,
  releaseDecisions,
  submitSheetWith,
  type Assessing,
} from '../support/assessing-fixtures.js'
import { openCompetition, startedDraft } from '../support/eoi-fixtures.js'
import { fieldsOf, createTestPlatform, type TestPlatform } from '../support/platform.js'
import { emailsTo } from '../support/mail.js'

let p: TestPlatform

beforeAll(async () => {
  p = await createTestPlatform()
})

const HOUR = 3_600_000
const DAY = 24 * HOUR
const NO_SUCH_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV'

const isProblem = (res: { headers: Headers }) =>
  expect(res.headers.get('content-type')).toContain('application/problem+json')
const ctx = () => ({ db: p.db, now: () => p.clock.now, publicUrl: p.publicUrl })
/**
 * A step later tests build on, run once: by its own test, or, when a later test runs alone,
 * by that test first. Either way the later test starts from the state the step leaves.
 */
const once = <T>(step: () => Promise<T>) => {
  let done: Promise<T> | undefined
  return () => (done ??= step())
}
const at = (competitionId: string, rest = '') => `/api/competitions/${competitionId}${rest}`

const service = (name: string, tags: string[], extra: Record<string, unknown> = {}) => ({
  name,
  helpsWith: `${name} helps small organisations like yours.`,
  url: `https://support.example/${name.toLowerCase().replace(/\W+/g, '-')}`,
  contact: 'hello@support.example',
  tags,
  ...extra,
})

async function addService(manager: { token: string }, competitionId: string, input: ReturnType<typeof service>) {
  const res = await p.call('POST', at(competitionId, '/signposts'), { as: manager, body: input })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
  return res.json as { id: string; name: string; version: number; competitionId: string }
}

const workspace = async (a: Pick<Assessing, 'manager' | 'competitionId'>, applicationId: string) => {
  const res = await p.call('GET', at(a.competitionId, `/feedback/${applicationId}`), { as: a.manager })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
  return res
}

/** Saves feedback as the manager: the platform's draft with `changes` over it, at the version last read. */
async function saveFeedback(
  a: Pick<Assessing, 'manager' | 'competitionId'>,
  applicationId: string,
  changes: Record<string, unknown> = {},
) {
  const { json } = await workspace(a, applicationId)
  return p.call('PUT', at(a.competitionId, `/feedback/${applicationId}`), {
    as: a.manager,
    body: { version: json.feedback?.version ?? 0, ...json.draft, ...changes },
  })
}

const overview = async (a: Pick<Assessing, 'manager' | 'competitionId'>) => {
  const res = await p.call('GET', at(a.competitionId, '/feedback'), { as: a.manager })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
  return res.json
}

const release = async (a: Pick<Assessing, 'manager' | 'competitionId'>, body: Record<string, unknown> = {}) =>
  p.call('POST', at(a.competitionId, '/feedback-release'), {
    as: a.manager,
    body: { version: (await overview(a)).release.version, ...body },
  })

/** Decides every application not yet decided: off the shortlist, with a reason. */
async function notShortlisted(
  a: Assessing,
  ids: string[],
  reason = 'Another application answered the problem more closely.',
) {
  const res = await p.call('POST', at(a.competitionId, '/shortlist'), {
    as: a.manager,
    body: { decisions: ids.map((applicationId) => ({ applicationId, outcome: 'not-shortlisted', reason })) },
  })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
}

const award = async (
  a: Assessing,
  applicationId: string,
  amountPence: number,
  respondBy = new Date(p.clock.now.getTime() + 14 * DAY).toISOString(),
) => {
  const res = await p.call('POST', at(a.competitionId, '/awards'), {
    as: a.manager,
    body: { applicationId, amountPence, respondBy, reason: 'Scaled to fit the pot' },
  })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
  return res.json
}

/** Every route an applicant reads their EOI through. */
const applicantRoutes = (applicationId: string, competitionId: string) => [
  `/api/applications/${applicationId}`,
  '/api/me/applications',
  `/api/me/applications?competitionId=${competitionId}`,
  `/api/applications/${applicationId}/offer`,
  `/api/applications/${applicationId}/decision`,
]

async function readAll(applicant: { token: string }, applicationId: string, competitionId: string) {
  return Promise.all(
    applicantRoutes(applicationId, competitionId).map(async (path) => ({
      path,
      ...(await p.call('GET', path, { as: applicant })),
    })),
  )
}

describe('the signposting directory', () => {
  let manager: Awaited<ReturnType<TestPlatform['signIn']>>
  let first: string
  let second: string
  beforeAll(async () => {
    manager = await p.signIn('manager', 'Priya Shah')
    first = (await openCompetition(p, manager)).competition.id
    second = (await openCompetition(p, manager)).competition.id
  })
  const list = async (competitionId: string) =>
    (await p.call('GET', at(competitionId, '/signposts'), { as: manager })).json.signposts as {
      id: string
      name: string
      url?: string
      tags: string[]
      version: number
      competitionId: string
    }[]

  it('adds, changes and removes a service; a stale change is a 409 and changes nothing', async () => {
    const added = await p.call('POST', at(first, '/signposts'), {
      as: manager,
      body: service('Growth Hub', ['Business  Growth', 'Finance']),
    })
    expect(added.status).toBe(201)
    expect(added.json).toMatchObject({
      name: 'Growth Hub',
      competitionId: first,
      version: 1,
      tags: ['business growth', 'finance'],
      url: 'https://support.example/growth-hub',
    })
    expect(await list(first)).toEqual([added.json])

    const url = at(first, `/signposts/${added.json.id}`)
    const { url: _url, ...withoutLink } = service('Growth Hub (LCR)', ['business growth'])
    const changed = await p.call('PUT', url, { as: manager, body: { version: 1, ...withoutLink } })
    expect(changed.status, JSON.stringify(changed.json)).toBe(200)
    expect(changed.json).toMatchObject({ name: 'Growth Hub (LCR)', version: 2, tags: ['business growth'] })
    expect(changed.json.url).toBeUndefined()

    const stale = await p.call('PUT', url, { as: manager, body: { version: 1, ...service('Overwritten', []) } })
    expect(stale.status).toBe(409)
    isProblem(stale)
    expect(await list(first)).toEqual([changed.json])

    expect((await p.call('DELETE', url, { as: manager })).status).toBe(204)
    expect((await p.call('DELETE', url, { as: manager })).status).toBe(404)
    expect((await p.call('PUT', url, { as: manager, body: { version: 2, ...service('Back again', []) } })).status).toBe(
      404,
    )
    expect(await list(first)).toEqual([])
    expect((await p.call('GET', at(NO_SUCH_ID, '/signposts'), { as: manager })).status).toBe(404)
  })

  it('copies another competition’s directory once, skipping the names it has already', async () => {
    const growth = await addService(manager, first, service('Growth Hub', ['business growth']))
    await addService(manager, first, service('Finance Desk', ['finance']))
    await addService(manager, second, service('growth hub', ['business growth']))

    const copied = await p.call('POST', at(second, '/signposts/copy'), {
      as: manager,
      body: { fromCompetitionId: first },
    })
    expect(copied.status, JSON.stringify(copied.json)).toBe(200)
    expect(copied.json.copied).toBe(1)
    expect(copied.json.signposts.map((s: { name: string }) => s.name)).toEqual(['Finance Desk', 'growth hub'])
    const directory = await list(second)
    expect(directory.map((s) => s.name)).toEqual(['Finance Desk', 'growth hub'])
    // A copy belongs to this competition: its own id, its own versions.
    const finance = directory.find((s) => s.name === 'Finance Desk')!
    expect(finance).toMatchObject({ competitionId: second, version: 1, tags: ['finance'] })
    expect((await list(first)).map((s) => s.id)).not.toContain(finance.id)

    const again = await p.call('POST', at(second, '/signposts/copy'), {
      as: manager,
      body: { fromCompetitionId: first },
    })
    expect(again.json.copied).toBe(0)
    expect(await list(second)).toEqual(directory)
    expect((await list(first)).map((s) => s.id)).toContain(growth.id)

    for (const fromCompetitionId of [second, NO_SUCH_ID]) {
      const bad = await p.call('POST', at(second, '/signposts/copy'), { as: manager, body: { fromCompetitionId } })
      expect(bad.status, fromCompetitionId).toBe(422)
      expect(fieldsOf(bad.json)).toEqual(['fromCompetitionId'])
    }
  })

  it('refuses a javascript: link and an empty name, naming the field, and saves nothing', async () => {
    const before = await list(first)
    for (const [body, field] of [
      [service('Sneaky', [], { url: 'javascript:alert(document.cookie)' }), 'url'],
      [service('Sneaky', [], { url: 'data:text/html,<script>alert(1)</script>' }), 'url'],
      [service('', []), 'name'],
      [service('   ', []), 'name'],
    ] as const) {
      const res = await p.call('POST', at(first, '/signposts'), { as: manager, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      isProblem(res)
      expect(fieldsOf(res.json)).toEqual([field])
    }
    const existing = before[0]!
    const edit = await p.call('PUT', at(first, `/signposts/${existing.id}`), {
      as: manager,
      body: { version: existing.version, ...service(existing.name, [], { url: 'javascript:alert(1)' }) },
    })
    expect(edit.status).toBe(400)
    expect(fieldsOf(edit.json)).toEqual(['url'])
    expect(await list(first)).toEqual(before)
  })

  it('is the programme manager’s alone: applicants and panellists get 403', async () => {
    const [existing] = await list(first)
    const body = service('Intruder', [])
    for (const role of ['applicant', 'panellist'] as const) {
      const caller = await p.signIn(role)
      const attempts = [
        p.call('GET', at(first, '/signposts'), { as: caller }),
        p.call('POST', at(first, '/signposts'), { as: caller, body }),
        p.call('POST', at(first, '/signposts/copy'), { as: caller, body: { fromCompetitionId: second } }),
        p.call('PUT', at(first, `/signposts/${existing!.id}`), {
          as: caller,
          body: { version: existing!.version, ...body },
        }),
        p.call('DELETE', at(first, `/signposts/${existing!.id}`), { as: caller }),
        p.call('GET', at(first, '/feedback'), { as: caller }),
        p.call('POST', at(first, '/feedback-release'), { as: caller, body: { version: 0, confirmMissing: true } }),
      ]
      for (const res of await Promise.all(attempts)) expect(res.status, `${role}: ${res.text}`).toBe(403)
    }
    expect((await p.call('GET', at(first, '/signposts'))).status).toBe(401)
    expect((await list(first)).map((s) => s.name)).not.toContain('Intruder')
  })
})

describe('who a service is for, and the criteria it helps with', () => {
  let a: Assessing
  beforeAll(async () => {
    a = await assessingCompetition(p, { applications: 1, shortlisted: 0, panellists: 0 })
  })
  const list = async (competitionId = a.competitionId) =>
    (await p.call('GET', at(competitionId, '/signposts'), { as: a.manager })).json.signposts as Signpost[]

  it('saves who a service is for and the rubric criteria it helps with, and copies the criteria by title', async () => {
    const [understanding, feasibility] = a.criteria
    const added = await addService(
      a.manager,
      a.competitionId,
      service('Evidence Clinic', ['evidence'], {
        audience: ['not-funded', 'not-shortlisted'],
        topics: [understanding!.id],
      }),
    )
    expect(added).toMatchObject({ audience: ['not-funded', 'not-shortlisted'], topics: [understanding!.id] })
    const changed = await p.call('PUT', at(a.competitionId, `/signposts/${added.id}`), {
      as: a.manager,
      body: {
        version: 1,
        ...service('Evidence Clinic', ['evidence'], {
          audience: ['not-funded'],
          topics: [feasibility!.id, understanding!.id],
        }),
      },
    })
    expect(changed.status, JSON.stringify(changed.json)).toBe(200)
    expect(changed.json).toMatchObject({
      version: 2,
      audience: ['not-funded'],
      topics: [feasibility!.id, understanding!.id],
    })
    // Left out, a service is for every unsuccessful applicant and has no topics.
    const plain = await addService(a.manager, a.competitionId, service('Growth Desk', []))
    expect(plain).toMatchObject({ audience: ['ineligible', 'not-shortlisted', 'not-funded'], topics: [] })

    // Another competition with the same criteria by title gets its own criteria as topics.
    const other = await assessingCompetition(p, { applications: 1, shortlisted: 0, panellists: 0 })
    const copied = await p.call('POST', at(other.competitionId, '/signposts/copy'), {
      as: other.manager,
      body: { fromCompetitionId: a.competitionId },
    })
    expect(copied.status, JSON.stringify(copied.json)).toBe(200)
    const copy = (copied.json.signposts as Signpost[]).find((s) => s.name === 'Evidence Clinic')!
    expect(copy).toMatchObject({ audience: ['not-funded'], topics: [other.criteria[1]!.id, other.criteria[0]!.id] })
  })

  it('refuses an unknown audience, a criterion not in this rubric, and too many topics, naming the field, and saves nothing', async () => {
    await addService(
      a.manager,
      a.competitionId,
      service('Kept As It Was', ['finance'], { audience: ['ineligible'], topics: [a.criteria[2]!.id] }),
    )
    const before = await list()
    const existing = before.find((s) => s.name === 'Kept As It Was')!
    const elsewhere = await assessingCompetition(p, { applications: 1, shortlisted: 0, panellists: 0 })
    for (const [extra, status, field] of [
      [{ audience: ['funded'] }, 400, 'audience.0'],
      [{ audience: ['not-shortlisted', 'everyone'] }, 400, 'audience.1'],
      [{ audience: [] }, 400, 'audience'],
      [{ audience: 'not-funded' }, 400, 'audience'],
      [{ topics: [NO_SUCH_ID] }, 422, 'topics.0'],
      [{ topics: [a.criteria[0]!.id, elsewhere.criteria[0]!.id] }, 422, 'topics.1'],
      [{ topics: ['not-an-id'] }, 400, 'topics.0'],
      [{ topics: Array.from({ length: 13 }, () => newId()) }, 400, 'topics'],
      [{ topics: [a.criteria[0]!.id, a.criteria[0]!.id] }, 400, 'topics'],
    ] as const) {
      const body = service('Refused', [], extra)
      const res = await p.call('POST', at(a.competitionId, '/signposts'), { as: a.manager, body })
      expect(res.status, JSON.stringify(extra)).toBe(status)
      isProblem(res)
      expect(fieldsOf(res.json), JSON.stringify(extra)).toEqual([field])
      const edit = await p.call('PUT', at(a.competitionId, `/signposts/${existing.id}`), {
        as: a.manager,
        body: { version: existing.version, ...body },
      })
      expect(edit.status, JSON.stringify(extra)).toBe(status)
      expect(fieldsOf(edit.json)).toEqual([field])
    }
    expect(await list()).toEqual(before)
  })

  it('reads a service saved before audiences and topics as one for every unsuccessful applicant, matched by its tags', async () => {
    const id = newId()
    const legacy = {
      id,
      competitionId: a.competitionId,
      name: 'Legacy Finance Desk',
      helpsWith: 'Finance help.',
      tags: ['finance'],
      version: 1,
      updatedAt: p.clock.now.toISOString(),
    }
    await commit(p.db, [signpostPut(p.db, legacy as Signpost, 0)])
    expect((await list()).find((s) => s.id === id)).toEqual({
      ...legacy,
      audience: ['ineligible', 'not-shortlisted', 'not-funded'],
      topics: [],
    })
    await notShortlisted(a, [a.ids[0]!], 'No financial plan beyond the award.')
    expect((await workspace(a, a.ids[0]!)).json.draft.signpostIds).toContain(id)
    // It can be changed like any other, gaining an audience.
    const changed = await p.call('PUT', at(a.competitionId, `/signposts/${id}`), {
      as: a.manager,
      body: { version: 1, ...service('Legacy Finance Desk', ['finance'], { audience: ['ineligible'] }) },
    })
    expect(changed.status, JSON.stringify(changed.json)).toBe(200)
    expect((await workspace(a, a.ids[0]!)).json.draft.signpostIds).not.toContain(id)
  })
})

describe('signposting in the demo', () => {
  it('points every unsuccessful applicant of “Healthy homes, healthy lungs” to support chosen for them, and no strength contradicts the numbers beside it', {
    timeout: 300_000,
  }, async () => {
    const demo = await createTestPlatform()
    await seedDemo({ db: demo.db, files: demo.files, now: () => demo.clock.now, publicUrl: demo.publicUrl })
    const manager = await demo.signIn('manager', 'Demo Manager')
    const summary = (await demo.call('GET', '/api/competitions?status=published')).json.items.find(
      (c: { title: string }) => c.title === 'Healthy homes, healthy lungs',
    )
    const base = `/api/competitions/${summary.id}`
    // The manager funds in rank order within the £60,000 pot: Damp Map Analytics’ £20,000 does not fit after the other three.
    const candidates = (await demo.call('GET', `${base}/candidates?limit=100`, { as: manager })).json.items as {
      applicationId: string
      organisationName: string
      amountRequestedPence: number
    }[]
    const respondBy = new Date(demo.clock.now.getTime() + 30 * DAY).toISOString()
    for (const name of ['Breathe Easy Ltd', 'CareBridge', 'Tenant Voice Sefton CIC']) {
      const c = candidates.find((x) => x.organisationName === name)!
      const res = await demo.call('POST', `${base}/awards`, {
        as: manager,
        body: { applicationId: c.applicationId, amountPence: c.amountRequestedPence, respondBy },
      })
      expect(res.status, JSON.stringify(res.json)).toBe(201)
    }
    const settings = await demo.call('PUT', `${base}/feedback-settings`, {
      as: manager,
      body: { version: 0, showScores: true },
    })
    expect(settings.status, JSON.stringify(settings.json)).toBe(200)

    const rows = (await demo.call('GET', `${base}/feedback`, { as: manager })).json.rows as {
      applicationId: string
      organisationName: string
      outcome: string
    }[]
    expect(rows).toHaveLength(12)
    const drafts = await Promise.all(
      rows.map(async (row) => ({
        row,
        ...(await demo.call('GET', `${base}/feedback/${row.applicationId}`, { as: manager })).json,
      })),
    )
    const unsuccessful = drafts.filter((d) => d.row.outcome !== 'funded')
    const pointed = unsuccessful.filter((d) => d.draft.signpostIds.length > 0)
    expect({ unsuccessful: unsuccessful.length, pointed: pointed.length }).toEqual({ unsuccessful: 9, pointed: 9 })
    // And each to something chosen for them, not only the services meant for everyone.
    const directory = (await demo.call('GET', `${base}/signposts`, { as: manager })).json.signposts as Signpost[]
    const general = new Set(directory.filter((s) => !s.topics.length && !s.tags.length).map((s) => s.id))
    expect(unsuccessful.filter((d) => d.draft.signpostIds.some((id: string) => !general.has(id)))).toHaveLength(9)
    for (const d of drafts.filter((x) => x.row.outcome === 'funded'))
      expect(d.draft.signpostIds, d.row.organisationName).toEqual([])
    // Damp Map Analytics (not funded): help for its weakest criterion (reach) and for what the panel asked of it (consent, data protection).
    const dampMap = drafts.find((d) => d.row.organisationName === 'Damp Map Analytics Ltd')!
    const names = (ids: string[]) => ids.map((id) => directory.find((s) => s.id === id)!.name)
    expect(names(dampMap.draft.signpostIds)).toEqual(
      expect.arrayContaining([
        'Good Things Foundation',
        'Information Commissioner’s Office: advice for small organisations',
      ]),
    )
    expect(
      names(drafts.find((d) => d.row.organisationName === 'St Helens Air Quality Lab')!.draft.signpostIds),
    ).toContain('NIHR Research Support Service')
    expect(
      names(drafts.find((d) => d.row.organisationName === 'Pennine Damp Solutions Ltd')!.draft.signpostIds),
    ).toContain('GC Business Growth Hub (Greater Manchester)')

    // Every strength is above the shortlist's average shown beside it, or the application's own best, said as such.
    for (const { row, draft, scores } of drafts.filter((d) => d.draft.strengths)) {
      const [intro, ...lines] = draft.strengths.split('\n') as string[]
      for (const line of lines) {
        const s = (
          scores as { title: string; score: number; shortlistAverage?: number; fundedAverage?: number }[]
        ).find((x) => line.startsWith(`- ${x.title}:`))!
        if (intro!.startsWith('These scored above the average of the shortlisted applications')) {
          expect(s.score, `${row.organisationName}: ${line}`).toBeGreaterThan(s.shortlistAverage!)
          expect(line).toContain(`(shortlisted applications averaged ${s.shortlistAverage})`)
        } else {
          expect(intro, row.organisationName).toContain('highest-scoring')
          expect(intro).toContain('compared with its other criteria (not with other applications)')
        }
      }
    }
    expect(dampMap.draft.strengths).toBe(
      'Your application’s highest-scoring criterion, compared with its other criteria (not with other applications):\n- Understanding of the problem: 3.6 out of 5',
    )
  })
})

describe('feedback for every applicant, from the draft to the release', { timeout: 120_000 }, () => {
  // Breathe Easy (A) shortlisted, scored low on understanding, not funded; FamilyLink (B) and
  // CareBridge (C) shortlisted and funded; Mersey Makers (D) and Warm Homes (F) not shortlisted;
  // Data for Good (E) not eligible.
  let a: Assessing
  const ORGS = ['Breathe Easy Ltd', 'FamilyLink CIC', 'CareBridge', 'Mersey Makers', 'Data for Good', 'Warm Homes Co']
  const REASONS = {
    regulation: 'The idea needs regulatory approval before it could be tried.',
    finance: 'No financial plan beyond the award.',
    region: 'Not based in the Liverpool City Region.',
  }
  const PRIVATE = 'PRIVATE NOTE'
  const COMMENT = 'CRITERION-COMMENT'
  const DRAFT_ONLY = 'DRAFT-ONLY words never submitted'
  /** What the manager wrote for each applicant, and nobody else's may contain. */
  const written = (i: number) => `Written for applicant number ${i}: keep going.`
  const panelWords = (org: string, n: number) => `Feedback note ${n} for ${org}: a clear pitch.`
  /** Markup in E's feedback: the API stores and returns it as text; the web shows it as text. */
  const script = `<script>alert("owned")</script> ${written(4)}`
  const markup = `<img src=x onerror="alert(1)"> & <b>bold</b> <a href="javascript:alert(2)">more</a>`
  let services: Record<'evidence' | 'regulation' | 'finance' | 'growth', { id: string; name: string }>
  /** The reason each one not shortlisted or not eligible was given, by position. */
  const reasonOf: Record<number, string> = { 3: REASONS.regulation, 4: REASONS.region, 5: REASONS.finance }
  const outcomes = ['not-funded', 'funded', 'funded', 'not-shortlisted', 'ineligible', 'not-shortlisted']

  beforeAll(async () => {
    a = await assessingCompetition(p, { applications: 6, shortlisted: 3, panellists: 3 })
    const [A, B, C, D, E, F] = a.ids as [string, string, string, string, string, string]
    const screened = await p.call('POST', at(a.competitionId, '/screening'), {
      as: a.manager,
      body: { decisions: [{ applicationId: E, outcome: 'ineligible', reason: REASONS.region }] },
    })
    expect(screened.status, JSON.stringify(screened.json)).toBe(200)
    const listed = await p.call('POST', at(a.competitionId, '/shortlist'), {
      as: a.manager,
      body: {
        decisions: [
          { applicationId: D, outcome: 'not-shortlisted', reason: REASONS.regulation },
          { applicationId: F, outcome: 'not-shortlisted', reason: REASONS.finance },
        ],
      },
    })
    expect(listed.status, JSON.stringify(listed.json)).toBe(200)

    const [one, two, three] = a.panel as [
      Assessing['panel'][number],
      Assessing['panel'][number],
      Assessing['panel'][number],
    ]
    const scores: Record<string, number[]> = { [A]: [1, 4, 4], [B]: [5, 5, 4], [C]: [4, 5, 5] }
    for (const [n, panellist] of [one, two].entries()) {
      await declareNone(p, panellist, a.competitionId, [A, B, C])
      for (const [i, id] of [A, B, C].entries()) {
        await submitSheetWith(p, panellist, a, id, {
          scores: scores[id]!,
          comments: a.criteria.map((c) => `${COMMENT} on ${c.title} for ${ORGS[i]}`),
          panelNote: `${PRIVATE}: ${ORGS[i]} reminds me of another bid`,
          applicantFeedback: panelWords(ORGS[i]!, n + 1),
        })
      }
    }
    // The third panellist has only a draft: what it says for the applicant is not used.
    await declareNone(p, three, a.competitionId, [A])
    const draft = await p.call('PUT', at(a.competitionId, `/assessments/${A}/sheet`), {
      as: three,
      body: {
        version: 0,
        scores: Object.fromEntries(a.criteria.map((c) => [c.id, 0])),
        comments: {},
        panelNote: PRIVATE,
        applicantFeedback: DRAFT_ONLY,
      },
    })
    expect(draft.status, JSON.stringify(draft.json)).toBe(200)
    await award(a, B, 1_500_000)
    await award(a, C, 1_400_000)

    services = {
      evidence: await addService(a.manager, a.competitionId, service('Evidence Lab', ['evidence'])),
      regulation: await addService(a.manager, a.competitionId, service('Regulation Helpdesk', ['regulation', 'dtac'])),
      finance: await addService(a.manager, a.competitionId, service('Finance Desk', ['finance', 'roi'])),
      growth: await addService(a.manager, a.competitionId, service('Growth Hub', ['business growth'])),
    }
  }, 120_000)

  const panellistIdentities = () => a.panel.flatMap((x) => [x.name, x.id, x.email])

  it('drafts from the decision’s reason and each submitted sheet’s words for the applicant, and nothing meant for the panel', async () => {
    const [A, , , D, E] = a.ids
    const forA = await workspace(a, A!)
    expect(forA.json).toMatchObject({ applicationId: A, organisationName: ORGS[0], outcome: 'not-funded' })
    expect(forA.json.feedback).toBeUndefined()
    const { draft } = forA.json
    expect(draft.panelComments).toContain(panelWords(ORGS[0]!, 1))
    expect(draft.panelComments).toContain(panelWords(ORGS[0]!, 2))
    expect(draft.decision).toMatch(/shortlisted/)
    for (const hidden of [PRIVATE, COMMENT, DRAFT_ONLY, ...panellistIdentities()])
      expect(forA.text, hidden).not.toContain(hidden)

    const forD = (await workspace(a, D!)).json
    expect(forD.outcome).toBe('not-shortlisted')
    expect(forD.draft.decision).toContain(REASONS.regulation)
    expect(forD.draft.panelComments).toBe('')
    const forE = (await workspace(a, E!)).json
    expect(forE.outcome).toBe('ineligible')
    expect(forE.draft.decision).toContain(REASONS.region)

    // Another competition's application, and one that does not exist, are the same 404.
    const missing = await p.call('GET', at(a.competitionId, `/feedback/${NO_SUCH_ID}`), { as: a.manager })
    expect(missing.status).toBe(404)
  })

  it('suggests the services whose tags fit the weakest criteria or the reason given', async () => {
    const [A, B, , D, E, F] = a.ids
    const suggested = async (id: string) => (await workspace(a, id)).json.draft.signpostIds
    // A's weakest criterion asks for evidence; D's reason is regulatory, F's financial.
    expect(await suggested(A!)).toEqual([services.evidence.id])
    expect(await suggested(D!)).toEqual([services.regulation.id])
    expect(await suggested(F!)).toEqual([services.finance.id])
    expect(await suggested(E!)).toEqual([])
    // B scored well everywhere: its weakest (impact) fits no service.
    expect(await suggested(B!)).toEqual([])
  })

  it('compares scores with the funded average only where at least two other applications are funded', async () => {
    const [A, B] = a.ids
    const forA = (await workspace(a, A!)).json
    expect(
      forA.scores.map((s: { title: string; score: number; fundedAverage?: number }) => [
        s.title,
        s.score,
        s.fundedAverage,
      ]),
    ).toEqual([
      ['Understanding of the problem', 1, 4.5],
      ['Feasibility', 4, 5],
      ['Impact on health and wellbeing', 4, 4.5],
    ])
    // The competition does not show scores (yet): the draft names the weakest criterion without any number.
    expect(forA.draft.improvements).toContain('Understanding of the problem')
    expect(forA.draft.improvements).not.toMatch(/out of|averaged/)
    // B is funded: the one other funded application's scores would be its "average".
    const forB = await workspace(a, B!)
    expect(forB.json.scores).toHaveLength(3)
    for (const score of forB.json.scores) expect(score.fundedAverage).toBeUndefined()
    expect(forB.text).not.toContain('fundedAverage')
    expect(forB.json.draft.improvements).not.toContain('funded applications averaged')
  })

  const feedbackWritten = once(async () => {
    const [A, B, C, D, E, F] = a.ids as string[]
    const states = async () =>
      Object.fromEntries(
        (await overview(a)).rows.map((r: { applicationId: string; state: string }) => [r.applicationId, r.state]),
      )
    const first = await overview(a)
    expect(first.rows).toHaveLength(6)
    expect(first.rows.map((r: { organisationName: string }) => r.organisationName)).toEqual(
      [...ORGS].sort((x, y) => x.localeCompare(y)),
    )
    expect(
      first.rows
        .map((r: { applicationId: string; outcome: string }) => outcomes[a.ids.indexOf(r.applicationId)] === r.outcome)
        .every(Boolean),
    ).toBe(true)
    expect(Object.values(await states()).every((s) => s === 'missing')).toBe(true)
    expect(first.signposts).toBe(4)

    const empty = await saveFeedback(a, D!, {
      decision: '',
      panelComments: '',
      strengths: '',
      improvements: '',
      signpostIds: [],
    })
    expect(empty.status, JSON.stringify(empty.json)).toBe(200)
    expect(
      (await saveFeedback(a, E!, { decision: 'Not eligible.', panelComments: '', strengths: '', improvements: '' }))
        .status,
    ).toBe(200)
    const saved = await saveFeedback(a, A!, {
      strengths: `${(await workspace(a, A!)).json.draft.strengths}\n\n${written(0)}`,
    })
    expect(saved.status, JSON.stringify(saved.json)).toBe(200)
    expect(saved.json).toMatchObject({ version: 1, organisationName: ORGS[0], changes: [] })
    expect(saved.json.signposts).toEqual([
      expect.objectContaining({
        id: services.evidence.id,
        name: 'Evidence Lab',
        url: 'https://support.example/evidence-lab',
      }),
    ])
    expect(await states()).toMatchObject({ [A!]: 'ready', [D!]: 'empty', [E!]: 'short', [B!]: 'missing' })

    // The rest, written properly (each marked, so no one else's can be spotted later).
    for (const [i, id] of [
      [1, B],
      [2, C],
      [3, D],
      [4, E],
      [5, F],
    ] as const) {
      const { json } = await workspace(a, id!)
      const res = await saveFeedback(a, id!, {
        improvements: `${json.draft.improvements}\n\n${written(i)} Talk to the services below about what comes next for ${ORGS[i]}, and apply again next year with a fuller plan and the evidence behind it.`,
      })
      expect(res.status, JSON.stringify(res.json)).toBe(200)
    }
    expect(Object.values(await states()).every((s) => s === 'ready')).toBe(true)
  })
  it('lists each application’s feedback as missing, empty, very short or written', () => feedbackWritten())

  it('counts the services each applicant’s feedback names, so the overview can flag an unsuccessful one told of none', async () => {
    await feedbackWritten()
    const rows = (await overview(a)).rows as { applicationId: string; outcome: string; signposts: number }[]
    const count = Object.fromEntries(rows.map((r) => [a.ids.indexOf(r.applicationId), r.signposts]))
    // E (not eligible, outside the region) fits no service in this directory: told of none.
    expect(count).toEqual({ 0: 1, 1: 0, 2: 0, 3: 1, 4: 0, 5: 1 })
  })

  it('refuses feedback for another competition’s application, services from another directory, and a stale version, changing nothing', async () => {
    await feedbackWritten()
    const [A] = a.ids
    const other = await assessingCompetition(p, { applications: 1, shortlisted: 0, panellists: 0 })
    const theirs = await addService(other.manager, other.competitionId, service('Elsewhere Hub', ['finance']))
    const body = {
      version: 0,
      decision: 'Misfiled',
      panelComments: '',
      strengths: '',
      improvements: '',
      signpostIds: [],
    }
    const elsewhere = await p.call('PUT', at(a.competitionId, `/feedback/${other.ids[0]}`), { as: a.manager, body })
    expect(elsewhere.status).toBe(404)
    isProblem(elsewhere)
    expect((await p.call('GET', at(a.competitionId, `/feedback/${other.ids[0]}`), { as: a.manager })).status).toBe(404)
    expect((await p.call('GET', at(other.competitionId, '/feedback'), { as: other.manager })).json.rows[0].state).toBe(
      'missing',
    )

    const before = (await workspace(a, A!)).json.feedback
    const foreign = await p.call('PUT', at(a.competitionId, `/feedback/${A}`), {
      as: a.manager,
      body: { ...body, version: before.version, signpostIds: [theirs.id, services.finance.id] },
    })
    expect(foreign.status).toBe(422)
    isProblem(foreign)
    expect(fieldsOf(foreign.json)).toEqual(['signpostIds.0'])
    const stale = await p.call('PUT', at(a.competitionId, `/feedback/${A}`), {
      as: a.manager,
      body: { ...body, version: 0 },
    })
    expect(stale.status).toBe(409)
    isProblem(stale)
    const twice = await p.call('PUT', at(a.competitionId, `/feedback/${A}`), {
      as: a.manager,
      body: { ...body, version: before.version, signpostIds: [services.finance.id, services.finance.id] },
    })
    expect(twice.status).toBe(400)
    expect(fieldsOf(twice.json)).toEqual(['signpostIds'])
    expect((await workspace(a, A!)).json.feedback).toEqual(before)
  })

  const markupSaved = once(async () => {
    const [, , , , E] = a.ids
    const saved = await saveFeedback(a, E!, { decision: script, strengths: markup })
    expect(saved.status, JSON.stringify(saved.json)).toBe(200)
    expect(saved.headers.get('content-type')).toMatch(/^application\/json/)
    expect(saved.json).toMatchObject({ decision: script, strengths: markup })
    const read = await workspace(a, E!)
    expect(read.headers.get('content-type')).toMatch(/^application\/json/)
    expect(read.json.feedback).toMatchObject({ decision: script, strengths: markup })
  })
  it('keeps HTML and script in feedback as text, returned verbatim in JSON', () => markupSaved())

  it('shows applicants only “under review” before release, through every route', async () => {
    // Everything decided and written so far, none of which an applicant may see yet.
    const secrets = [
      ...Object.values(REASONS),
      'Strong fit',
      PRIVATE,
      COMMENT,
      DRAFT_ONLY,
      'Feedback note',
      'Written for applicant',
      'Evidence Lab',
      'Finance Desk',
      '1500000',
      '1400000',
      '£15,000',
      '£14,000',
      ...panellistIdentities(),
    ]
    const notFound = await p.call('GET', `/api/applications/${NO_SUCH_ID}/offer`, { as: a.applications[0]!.applicant })
    expect(notFound.status).toBe(404)
    for (const [i, { applicant, application }] of a.applications.entries()) {
      const responses = await readAll(applicant, application.id, a.competitionId)
      for (const res of responses) {
        if (res.path.endsWith('/offer')) {
          // Even for a winner: an offer before release is no more visible than no offer.
          expect(res.status, `${ORGS[i]} ${res.path}`).toBe(404)
          expect(res.json).toEqual(notFound.json)
          continue
        }
        expect(res.status, `${ORGS[i]} ${res.path}: ${res.text}`).toBe(200)
        for (const secret of secrets) expect(res.text, `${ORGS[i]} ${res.path}`).not.toContain(secret)
        expect(res.text, `${ORGS[i]} ${res.path}`).not.toMatch(
          /shortlist|eligible"|ineligible|funded|offered|score|"decided"|feedback"/i,
        )
      }
      const [own, mine, mineHere, , decision] = responses
      expect(own!.json.review).toBe('under-review')
      expect(mine!.json.items.map((x: { review?: string }) => x.review)).toEqual(['under-review'])
      expect(mineHere!.json.items.map((x: { review?: string }) => x.review)).toEqual(['under-review'])
      expect(decision!.json).toEqual({
        released: false,
        competitionId: a.competitionId,
        competitionTitle: expect.any(String),
        applicationId: application.id,
      })
      expect(await emailsTo(p.db, applicant.email, 'decision')).toEqual([])
    }
    // Nor may they ask for a feedback call yet.
    const { applicant, application } = a.applications[5]!
    const early = await p.call('POST', `/api/applications/${application.id}/feedback-call`, {
      as: applicant,
      body: { preferredTimes: 'Any morning', question: 'Why not?' },
    })
    expect(early.status).toBe(422)
    isProblem(early)
  })

  const released = once(async () => {
    await feedbackWritten()
    await markupSaved()
    const settings = await p.call('PUT', at(a.competitionId, '/feedback-settings'), {
      as: a.manager,
      body: { version: (await overview(a)).release.version, showScores: true },
    })
    expect(settings.status, JSON.stringify(settings.json)).toBe(200)
    expect(settings.json).toMatchObject({ showScores: true, status: 'draft' })
    // The third panellist never submitted: the release goes ahead only with a reason, which it keeps.
    const released = await release(a, {
      withoutSheetsReason: 'Panellist 3 could not finish scoring; the panel decided on two sets of scores.',
    })
    expect(released.status, JSON.stringify(released.json)).toBe(200)
    expect(released.json).toMatchObject({
      status: 'released',
      emailed: 6,
      releasedAt: p.clock.now.toISOString(),
      releasedByName: 'Priya Shah',
    })
    for (const { applicant } of a.applications)
      expect(await emailsTo(p.db, applicant.email, 'decision')).toHaveLength(1)

    const again = await release(a, { confirmMissing: true })
    expect(again.status).toBe(409)
    isProblem(again)
    const stale = await p.call('POST', at(a.competitionId, '/feedback-release'), {
      as: a.manager,
      body: { version: 0 },
    })
    expect(stale.status).toBe(409)
    expect(await runDueReleases(ctx())).not.toContain(a.competitionId)
    for (const { applicant } of a.applications)
      expect(await emailsTo(p.db, applicant.email, 'decision')).toHaveLength(1)
  })
  it('releases every decision at once, with one email each; a second release is refused', () => released())

  it('shows each applicant their own decision and feedback, and nothing private or anyone else’s', async () => {
    await released()
    for (const [i, { applicant, application }] of a.applications.entries()) {
      const responses = await readAll(applicant, application.id, a.competitionId)
      const others = ORGS.filter((_, j) => j !== i)
      const othersReasons = Object.entries(reasonOf).flatMap(([j, reason]) => (Number(j) === i ? [] : [reason]))
      const forbidden = [
        PRIVATE,
        COMMENT,
        DRAFT_ONLY,
        ...panellistIdentities(),
        ...others,
        ...ORGS.flatMap((_, j) => (j === i ? [] : [written(j)])),
        ...othersReasons,
      ]
      for (const res of responses) {
        if (res.path.endsWith('/offer') && outcomes[i] !== 'funded') {
          expect(res.status, `${ORGS[i]} ${res.path}`).toBe(404)
          continue
        }
        expect(res.status, `${ORGS[i]} ${res.path}: ${res.text}`).toBe(200)
        for (const secret of forbidden) expect(res.text, `${ORGS[i]} ${res.path}`).not.toContain(secret)
      }
      const [own, mine, , , decision] = responses
      expect(own!.json.review).toBe('decided')
      expect(mine!.json.items[0].review).toBe('decided')
      expect(decision!.json).toMatchObject({
        released: true,
        applicationId: application.id,
        organisationName: ORGS[i],
        outcome: outcomes[i],
      })
      const { feedback } = decision!.json
      expect(
        [feedback.decision, feedback.panelComments, feedback.strengths, feedback.improvements].join('\n'),
      ).toContain(written(i))
    }
    // Markup reaches the applicant as the manager typed it, inside JSON strings.
    const html = await p.call('GET', `/api/applications/${a.ids[4]}/decision`, { as: a.applications[4]!.applicant })
    expect(html.headers.get('content-type')).toMatch(/^application\/json/)
    expect(html.json.feedback).toMatchObject({ decision: script, strengths: markup })
    expect(html.text).toContain('"decision":"<script>alert(\\"owned\\")</script>')
    // Each reason reaches only the applicant it was given for.
    const decisionOf = async (i: number) =>
      (await p.call('GET', `/api/applications/${a.ids[i]}/decision`, { as: a.applications[i]!.applicant })).json
    expect((await decisionOf(3)).feedback.decision).toContain(REASONS.regulation)
    expect((await decisionOf(3)).feedback.signposts).toEqual([
      expect.objectContaining({ name: 'Regulation Helpdesk', url: 'https://support.example/regulation-helpdesk' }),
    ])
    expect(JSON.stringify(await decisionOf(5))).not.toContain(REASONS.regulation)
    // Someone else's EOI is the same 404 as one that does not exist.
    const [first, second] = a.applications
    const theirs = await p.call('GET', `/api/applications/${second!.application.id}/decision`, { as: first!.applicant })
    const nobody = await p.call('GET', `/api/applications/${NO_SUCH_ID}/decision`, { as: first!.applicant })
    expect(theirs.status).toBe(404)
    expect(theirs.json).toEqual(nobody.json)
    expect((await p.call('GET', `/api/applications/${a.ids[0]}/decision`, { as: a.panel[0] })).status).toBe(403)
  })

  it('shows a winner their offer with the decision, having emailed it at the release', async () => {
    await released()
    const winner = a.applications[1]!
    const decision = (
      await p.call('GET', `/api/applications/${winner.application.id}/decision`, { as: winner.applicant })
    ).json
    expect(decision.outcome).toBe('funded')
    expect(decision.offer).toMatchObject({
      applicationId: winner.application.id,
      amountPence: 1_500_000,
      status: 'offered',
      version: 1,
    })
    expect(decision.offer.awardedByName).toBeUndefined()
    const offer = await p.call('GET', `/api/applications/${winner.application.id}/offer`, { as: winner.applicant })
    expect(offer.json).toMatchObject({ amountPence: 1_500_000, status: 'offered' })
    const [email] = await emailsTo(p.db, winner.applicant.email, 'decision')
    expect(email!.text).toContain('£15,000')
    expect(email!.text).toContain('Sign in to Challenge Fund')
    expect(await emailsTo(p.db, winner.applicant.email, 'award-offer')).toEqual([])

    const unsuccessful = a.applications[0]!
    const [theirs] = await emailsTo(p.db, unsuccessful.applicant.email, 'decision')
    expect(theirs!.text).toContain('Shortlisted, not funded')
    expect(theirs!.text).not.toContain('£')
    const notFunded = (
      await p.call('GET', `/api/applications/${unsuccessful.application.id}/decision`, { as: unsuccessful.applicant })
    ).json
    expect(notFunded.offer).toBeUndefined()
  })

  it('shows scores against the funded average only while the competition chooses to', async () => {
    await released()
    const scoresOf = async (i: number) =>
      (await p.call('GET', `/api/applications/${a.ids[i]}/decision`, { as: a.applications[i]!.applicant })).json
        .feedback.scores
    expect(
      (await scoresOf(0)).map((s: { score: number; fundedAverage?: number }) => [s.score, s.fundedAverage]),
    ).toEqual([
      [1, 4.5],
      [4, 5],
      [4, 4.5],
    ])
    const winners = await scoresOf(1)
    expect(winners).toHaveLength(3)
    for (const score of winners) expect(score.fundedAverage).toBeUndefined()
    expect(await scoresOf(3)).toBeUndefined()

    const off = await p.call('PUT', at(a.competitionId, '/feedback-settings'), {
      as: a.manager,
      body: { version: (await overview(a)).release.version, showScores: false },
    })
    expect(off.status, JSON.stringify(off.json)).toBe(200)
    expect(off.json.status).toBe('released')
    expect(await scoresOf(0)).toBeUndefined()
    expect(await scoresOf(1)).toBeUndefined()
  })

  it('keeps the version an applicant read when feedback changes after release, and tells them', async () => {
    await released()
    const { applicant, application } = a.applications[0]!
    const before = (await workspace(a, application.id)).json.feedback
    const read = (await p.call('GET', `/api/applications/${application.id}/decision`, { as: applicant })).json.feedback
    expect(read.version).toBe(1)
    expect(read.updatedAt).toBeUndefined()

    p.clock.now = new Date(p.clock.now.getTime() + HOUR)
    const edited = await saveFeedback(a, application.id, {
      version: before.version,
      improvements: `Corrected: ${written(0)} Show the evidence of demand.`,
    })
    expect(edited.status, JSON.stringify(edited.json)).toBe(200)
    expect(edited.json).toMatchObject({
      version: 2,
      changes: [{ version: 2, at: p.clock.now.toISOString(), byName: 'Priya Shah' }],
    })

    const now = (await p.call('GET', `/api/applications/${application.id}/decision`, { as: applicant })).json.feedback
    expect(now).toMatchObject({
      version: 2,
      improvements: `Corrected: ${written(0)} Show the evidence of demand.`,
      updatedAt: p.clock.now.toISOString(),
    })
    const after = (await workspace(a, application.id)).json
    expect(after.feedback.version).toBe(2)
    expect(after.previousVersions).toEqual([{ ...before }])
    const updates = await emailsTo(p.db, applicant.email, 'feedback-updated')
    expect(updates).toHaveLength(1)
    expect(updates[0]!.text).not.toContain('Corrected')

    // A stale save is refused and changes nothing; the next is version 3, with both changes listed.
    const stale = await saveFeedback(a, application.id, { version: 1, improvements: 'Lost edit' })
    expect(stale.status).toBe(409)
    expect((await workspace(a, application.id)).json.feedback).toEqual(after.feedback)
    const third = await saveFeedback(a, application.id, { version: 2, improvements: `Third go. ${written(0)}` })
    expect(third.json.changes.map((c: { version: number }) => c.version)).toEqual([2, 3])
    expect(
      (await workspace(a, application.id)).json.previousVersions.map((v: { version: number }) => v.version),
    ).toEqual([1, 2])
    expect(await emailsTo(p.db, applicant.email, 'feedback-updated')).toHaveLength(2)
    // Others are not told of a change to someone else's feedback.
    expect(await emailsTo(p.db, a.applications[1]!.applicant.email, 'feedback-updated')).toEqual([])
  })

  const callAsked = once(async () => {
    await released()
    const warm = a.applications[5]!
    const url = (id: string) => `/api/applications/${id}/feedback-call`
    const body = {
      preferredTimes: 'Tuesday or Wednesday morning',
      question: 'What would make our financial plan convincing?',
    }
    const asked = await p.call('POST', url(warm.application.id), { as: warm.applicant, body })
    expect(asked.status, JSON.stringify(asked.json)).toBe(201)
    expect(asked.json).toMatchObject({ ...body, status: 'requested' })
    const twice = await p.call('POST', url(warm.application.id), { as: warm.applicant, body })
    expect(twice.status).toBe(409)
    isProblem(twice)

    // Another applicant's EOI looks exactly like one that does not exist.
    const stranger = a.applications[0]!.applicant
    const theirs = await p.call('POST', url(warm.application.id), { as: stranger, body })
    const nobody = await p.call('POST', url(NO_SUCH_ID), { as: stranger, body })
    expect(theirs.status).toBe(404)
    expect(theirs.json).toEqual(nobody.json)
    const blank = await p.call('POST', url(a.ids[0]!), { as: stranger, body: { preferredTimes: '', question: 'Why?' } })
    expect(blank.status).toBe(400)
    expect(fieldsOf(blank.json)).toEqual(['preferredTimes'])

    // Two requests at once (a double click): the database lets one through.
    const mersey = a.applications[3]!
    const raced = await Promise.all([
      p.call('POST', url(mersey.application.id), { as: mersey.applicant, body }),
      p.call('POST', url(mersey.application.id), { as: mersey.applicant, body }),
    ])
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409])

    const { calls, rows } = await overview(a)
    expect(
      calls.map((c: { organisationName: string; status: string }) => [c.organisationName, c.status]).sort(),
    ).toEqual([
      ['Mersey Makers', 'requested'],
      ['Warm Homes Co', 'requested'],
    ])
    expect(rows.find((r: { applicationId: string }) => r.applicationId === warm.application.id).call).toBe('requested')
    const decision = (await p.call('GET', `/api/applications/${warm.application.id}/decision`, { as: warm.applicant }))
      .json
    expect(decision.call).toMatchObject({ ...body, status: 'requested' })
    expect((await p.call('GET', `/api/applications/${a.ids[0]}/decision`, { as: stranger })).json.call).toBeUndefined()
  })
  it('lets an applicant ask for one feedback call at a time, only on their own EOI', () => callAsked())

  it('lets the manager arrange a call, emailing the applicant, and mark it done; then another may be asked for', async () => {
    await callAsked()
    const warm = a.applications[5]!
    const url = at(a.competitionId, `/feedback-calls/${warm.application.id}`)
    const unsaid = await p.call('PATCH', url, { as: a.manager, body: { version: 1, status: 'arranged' } })
    expect(unsaid.status).toBe(400)
    expect(fieldsOf(unsaid.json)).toEqual(['arrangement'])
    const arrangement = 'Thursday 12 March at 10:00, by video: https://meet.example/warm-homes'
    const arranged = await p.call('PATCH', url, {
      as: a.manager,
      body: { version: 1, status: 'arranged', arrangement },
    })
    expect(arranged.status, JSON.stringify(arranged.json)).toBe(200)
    expect(arranged.json).toMatchObject({ status: 'arranged', arrangement, version: 2 })
    const emails = await emailsTo(p.db, warm.applicant.email, 'feedback-call')
    expect(emails).toHaveLength(1)
    expect(emails[0]!.text).toContain(arrangement)
    expect((await p.call('PATCH', url, { as: a.manager, body: { version: 1, status: 'done' } })).status).toBe(409)
    expect(
      (
        await p.call('PATCH', at(a.competitionId, `/feedback-calls/${a.ids[0]}`), {
          as: a.manager,
          body: { version: 1, status: 'done' },
        })
      ).status,
    ).toBe(404)
    const decision = (await p.call('GET', `/api/applications/${warm.application.id}/decision`, { as: warm.applicant }))
      .json
    expect(decision.call).toMatchObject({ status: 'arranged', arrangement })

    const body = { preferredTimes: 'After the first call', question: 'A follow-up' }
    const tooSoon = await p.call('POST', `/api/applications/${warm.application.id}/feedback-call`, {
      as: warm.applicant,
      body,
    })
    expect(tooSoon.status).toBe(409)
    const done = await p.call('PATCH', url, { as: a.manager, body: { version: 2, status: 'done' } })
    expect(done.json).toMatchObject({ status: 'done', version: 3 })
    expect((await p.call('PATCH', url, { as: a.manager, body: { version: 3, status: 'done' } })).status).toBe(409)
    const next = await p.call('POST', `/api/applications/${warm.application.id}/feedback-call`, {
      as: warm.applicant,
      body,
    })
    expect(next.status, JSON.stringify(next.json)).toBe(201)
    expect(next.json).toMatchObject({ ...body, status: 'requested' })
    expect(next.json.arrangement).toBeUndefined()
    const call = (await overview(a)).calls.find(
      (c: { applicationId: string }) => c.applicationId === warm.application.id,
    )
    expect(call).toMatchObject({ status: 'requested', earlier: 1, question: 'A follow-up' })
    // Marking done sends nothing; only the arrangement was emailed.
    expect(await emailsTo(p.db, warm.applicant.email, 'feedback-call')).toHaveLength(1)
  })

  it('does not change what an applicant was told when a service’s audience, topics or details change after release', async () => {
    await released()
    const { applicant, application } = a.applications[3]!
    const told = (await p.call('GET', `/api/applications/${application.id}/decision`, { as: applicant })).json.feedback
    expect(told.signposts).toEqual([
      expect.objectContaining({ id: services.regulation.id, name: 'Regulation Helpdesk' }),
    ])
    const [current] = (
      (await p.call('GET', at(a.competitionId, '/signposts'), { as: a.manager })).json.signposts as Signpost[]
    ).filter((s) => s.id === services.regulation.id)
    const changed = await p.call('PUT', at(a.competitionId, `/signposts/${services.regulation.id}`), {
      as: a.manager,
      body: {
        version: current!.version,
        ...service('Renamed Helpdesk', ['finance']),
        audience: ['ineligible'],
        topics: [a.criteria[1]!.id],
      },
    })
    expect(changed.status, JSON.stringify(changed.json)).toBe(200)
    expect(changed.json).toMatchObject({
      name: 'Renamed Helpdesk',
      audience: ['ineligible'],
      topics: [a.criteria[1]!.id],
    })
    // The applicant still reads the service as it was when their feedback was saved; the draft alone follows the directory.
    expect(
      (await p.call('GET', `/api/applications/${application.id}/decision`, { as: applicant })).json.feedback,
    ).toEqual(told)
    expect((await workspace(a, application.id)).json.draft.signpostIds).not.toContain(services.regulation.id)
  })
})

describe('releasing', () => {
  const decisionEmails = async (a: Assessing) =>
    Promise.all(a.applications.map(async ({ applicant }) => (await emailsTo(p.db, applicant.email, 'decision')).length))
  const decisionOf = async (a: Assessing, i: number) =>
    (await p.call('GET', `/api/applications/${a.ids[i]}/decision`, { as: a.applications[i]!.applicant })).json
  const reviewOf = async (a: Assessing, i: number) =>
    (await p.call('GET', `/api/applications/${a.ids[i]}`, { as: a.applications[i]!.applicant })).json.review

  it('is refused while an application has no final decision, and while one lacks feedback unless confirmed; feedback written later is sent on', async () => {
    const a = await assessingCompetition(p, { applications: 3, shortlisted: 1, panellists: 0 })
    const undecided = await release(a, { confirmMissing: true })
    expect(undecided.status).toBe(422)
    isProblem(undecided)
    expect(fieldsOf(undecided.json)).toEqual(['applications'])
    expect(undecided.json.detail).toContain('FamilyLink CIC')
    await notShortlisted(a, a.ids.slice(1))

    const past = await release(a, { at: new Date(p.clock.now.getTime() - HOUR).toISOString(), confirmMissing: true })
    expect(past.status).toBe(422)
    expect(fieldsOf(past.json)).toEqual(['at'])
    const lacking = await release(a)
    expect(lacking.status).toBe(422)
    expect(fieldsOf(lacking.json)).toEqual(['confirmMissing'])
    // Written for one, empty for another: still lacking.
    expect((await saveFeedback(a, a.ids[0]!)).status).toBe(200)
    expect(
      (await saveFeedback(a, a.ids[1]!, { decision: '', panelComments: '', strengths: '', improvements: '' })).status,
    ).toBe(200)
    const stillLacking = await release(a, { confirmMissing: false })
    expect(fieldsOf(stillLacking.json)).toEqual(['confirmMissing'])
    expect(stillLacking.json.detail).toContain('FamilyLink CIC')
    expect(stillLacking.json.detail).not.toContain('Breathe Easy Ltd')
    expect((await overview(a)).release.status).toBe('draft')
    expect(await decisionEmails(a)).toEqual([0, 0, 0])
    expect((await decisionOf(a, 2)).released).toBe(false)

    const confirmed = await release(a, { confirmMissing: true })
    expect(confirmed.status, JSON.stringify(confirmed.json)).toBe(200)
    expect(confirmed.json).toMatchObject({ status: 'released', emailed: 3 })
    expect(await decisionEmails(a)).toEqual([1, 1, 1])
    // Released without feedback: the decision alone.
    const bare = await decisionOf(a, 2)
    expect(bare).toMatchObject({ released: true, outcome: 'not-shortlisted' })
    expect(bare.feedback).toBeUndefined()

    const again = await release(a, { confirmMissing: true })
    expect(again.status).toBe(409)
    expect(await decisionEmails(a)).toEqual([1, 1, 1])

    // Feedback written afterwards is a change the applicant is told of, and it is recorded.
    const late = await saveFeedback(a, a.ids[2]!)
    expect(late.status, JSON.stringify(late.json)).toBe(200)
    expect(late.json).toMatchObject({ version: 1, changes: [{ version: 1, byName: 'Priya Shah' }] })
    expect((await decisionOf(a, 2)).feedback).toMatchObject({
      version: 1,
      decision: late.json.decision,
      updatedAt: late.json.updatedAt,
    })
    expect(await emailsTo(p.db, a.applications[2]!.applicant.email, 'feedback-updated')).toHaveLength(1)
    expect((await workspace(a, a.ids[2]!)).json.previousVersions).toEqual([])
    expect(
      (await p.call('POST', at(NO_SUCH_ID, '/feedback-release'), { as: a.manager, body: { version: 0 } })).status,
    ).toBe(404)
  })

  it('promises in each decision email only what the applicant will find: feedback where it was written, support where it names services', async () => {
    const a = await assessingCompetition(p, { applications: 3, shortlisted: 0, panellists: 0 })
    await notShortlisted(a, a.ids)
    const help = await addService(a.manager, a.competitionId, service('Promise Desk', ['anything']))
    // One told of a service, one given feedback naming none, one released without feedback.
    expect((await saveFeedback(a, a.ids[0]!, { signpostIds: [help.id] })).status).toBe(200)
    expect((await saveFeedback(a, a.ids[1]!, { signpostIds: [] })).status).toBe(200)
    const released = await release(a, { confirmMissing: true })
    expect(released.status, JSON.stringify(released.json)).toBe(200)
    const [withHelp, withoutHelp, bare] = await Promise.all(
      a.applications.map(async ({ applicant }) => (await emailsTo(p.db, applicant.email, 'decision'))[0]!.text),
    )
    expect(withHelp).toContain('read your decision and feedback, see where to find support next')
    expect(withoutHelp).toContain('read your decision and feedback')
    expect(withoutHelp).not.toContain('support')
    expect(bare).not.toContain('feedback and')
    expect(bare).not.toContain('support')
    for (const [i, text] of [withHelp, withoutHelp, bare].entries())
      expect(text).toContain(`${p.publicUrl}/applications/${a.ids[i]}/decision`)
  })

  it('happens once, at the time set, however often the scheduler runs; applicants see it from that time', async () => {
    const a = await assessingCompetition(p, { applications: 2, shortlisted: 1, panellists: 0 })
    await notShortlisted(a, [a.ids[1]!])
    const winner = a.applications[0]!
    await award(a, winner.application.id, 1_200_000, new Date(p.clock.now.getTime() + 2 * DAY).toISOString())
    // The offer must be answered within two days: a release in 36 hours would leave too little time.
    const tooLate = await release(a, {
      at: new Date(p.clock.now.getTime() + 36 * HOUR).toISOString(),
      confirmMissing: true,
    })
    expect(tooLate.status).toBe(422)
    expect(fieldsOf(tooLate.json)).toEqual(['at'])

    const when = new Date(p.clock.now.getTime() + HOUR)
    const scheduled = await release(a, { at: when.toISOString(), confirmMissing: true })
    expect(scheduled.status, JSON.stringify(scheduled.json)).toBe(200)
    expect(scheduled.json).toMatchObject({ status: 'scheduled', scheduledAt: when.toISOString() })
    expect((await release(a, { at: when.toISOString(), confirmMissing: true })).status).toBe(200) // rescheduling is allowed

    p.clock.now = new Date(when.getTime() - 1000)
    expect(await runDueReleases(ctx())).not.toContain(a.competitionId)
    expect(await decisionEmails(a)).toEqual([0, 0])
    expect(await decisionOf(a, 0)).toEqual({
      released: false,
      competitionId: a.competitionId,
      competitionTitle: expect.any(String),
      applicationId: a.ids[0],
    })
    expect(await reviewOf(a, 0)).toBe('under-review')
    expect((await p.call('GET', `/api/applications/${a.ids[0]}/offer`, { as: winner.applicant })).status).toBe(404)

    // From the time set applicants see their decisions, even before the scheduler has run.
    p.clock.now = new Date(when.getTime() + 1000)
    expect(await decisionOf(a, 0)).toMatchObject({
      released: true,
      outcome: 'funded',
      releasedAt: when.toISOString(),
      offer: { amountPence: 1_200_000 },
    })
    expect(await reviewOf(a, 1)).toBe('decided')
    expect((await p.call('GET', `/api/applications/${a.ids[0]}/offer`, { as: winner.applicant })).status).toBe(200)
    // Applicants have seen it: it can no longer be cancelled, moved later, or released again.
    const cancel = await p.call('POST', at(a.competitionId, '/feedback-release/cancel'), {
      as: a.manager,
      body: { version: (await overview(a)).release.version },
    })
    expect(cancel.status).toBe(409)
    const moved = await release(a, { at: new Date(when.getTime() + 2 * HOUR).toISOString(), confirmMissing: true })
    expect(moved.status, JSON.stringify(moved.json)).toBe(409)
    expect((await release(a, { confirmMissing: true })).status).toBe(409)
    expect(await decisionOf(a, 0)).toMatchObject({ released: true, releasedAt: when.toISOString() })

    const runs = await Promise.all([runDueReleases(ctx()), runDueReleases(ctx())])
    expect(runs.flat()).toContain(a.competitionId)
    expect(await runDueReleases(ctx())).not.toContain(a.competitionId)
    expect(await decisionEmails(a)).toEqual([1, 1])
    const [email] = await emailsTo(p.db, winner.applicant.email, 'decision')
    expect(email!.text).toContain('£12,000')
    expect((await overview(a)).release).toMatchObject({
      status: 'released',
      emailed: 2,
      releasedAt: when.toISOString(),
    })
  })

  it('can be cancelled before its time, and then nothing is released', async () => {
    const a = await assessingCompetition(p, { applications: 2, shortlisted: 1, panellists: 0 })
    await notShortlisted(a, [a.ids[1]!])
    const when = new Date(p.clock.now.getTime() + HOUR)
    const scheduled = await release(a, { at: when.toISOString(), confirmMissing: true })
    expect(scheduled.status).toBe(200)
    const url = at(a.competitionId, '/feedback-release/cancel')
    expect((await p.call('POST', url, { as: a.manager, body: { version: scheduled.json.version - 1 } })).status).toBe(
      409,
    )
    const cancelled = await p.call('POST', url, { as: a.manager, body: { version: scheduled.json.version } })
    expect(cancelled.status, JSON.stringify(cancelled.json)).toBe(200)
    expect(cancelled.json.status).toBe('draft')
    expect(cancelled.json.scheduledAt).toBeUndefined()
    expect((await p.call('POST', url, { as: a.manager, body: { version: cancelled.json.version } })).status).toBe(409)

    p.clock.now = new Date(when.getTime() + HOUR)
    expect(await runDueReleases(ctx())).not.toContain(a.competitionId)
    expect((await decisionOf(a, 0)).released).toBe(false)
    expect(await reviewOf(a, 0)).toBe('under-review')
    expect(await decisionEmails(a)).toEqual([0, 0])
    expect((await overview(a)).release.status).toBe('draft')

    // Released later, it happens then.
    const now = await release(a, { confirmMissing: true })
    expect(now.json).toMatchObject({ status: 'released', releasedAt: p.clock.now.toISOString() })
    expect(await decisionEmails(a)).toEqual([1, 1])
  })

  it('stays due when its run fails, without holding up another due in the same run, and is released by the next run', async () => {
    const failing = await assessingCompetition(p, { applications: 2, shortlisted: 0, panellists: 0 })
    await notShortlisted(failing, failing.ids)
    const other = await assessingCompetition(p, { applications: 1, shortlisted: 0, panellists: 0 })
    await notShortlisted(other, other.ids)
    const when = new Date(p.clock.now.getTime() + HOUR)
    for (const a of [failing, other])
      expect((await release(a, { at: when.toISOString(), confirmMissing: true })).status).toBe(200)
    p.clock.now = new Date(when.getTime() + 1000)

    // Every write of the failing competition's release fails, as when DynamoDB is unavailable.
    const name = 'fail-one-release'
    p.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (
          context.commandName === 'TransactWriteItemsCommand' &&
          JSON.stringify(args.input).includes(failing.competitionId)
        )
          throw Object.assign(new Error('Service unavailable'), { name: 'InternalServerError', $fault: 'server' })
        return next(args)
      },
      { step: 'initialize', name },
    )
    let first: string[]
    try {
      first = await runDueReleases(ctx())
    } finally {
      p.db.doc.middlewareStack.remove(name)
    }
    expect(first).toContain(other.competitionId)
    expect(first).not.toContain(failing.competitionId)
    expect((await overview(other)).release.status).toBe('released')
    expect((await overview(failing)).release).toMatchObject({ status: 'scheduled', scheduledAt: when.toISOString() })
    expect(await listDueReleases(p.db, p.clock.now.toISOString())).toContain(failing.competitionId)
    expect(await decisionEmails(failing)).toEqual([0, 0])

    expect(await runDueReleases(ctx())).toContain(failing.competitionId)
    expect((await overview(failing)).release).toMatchObject({ status: 'released', emailed: 2 })
    expect(await decisionEmails(failing)).toEqual([1, 1])
    expect(await listDueReleases(p.db, p.clock.now.toISOString())).not.toContain(failing.competitionId)
  })

  it('fixes what applicants are told once a release is scheduled: decisions wait, and awards leave a day to answer after it', async () => {
    const a = await assessingCompetition(p, { applications: 3, shortlisted: 2, panellists: 0 })
    await notShortlisted(a, [a.ids[2]!])
    const when = new Date(p.clock.now.getTime() + 2 * HOUR)
    const scheduled = await release(a, { at: when.toISOString(), confirmMissing: true })
    expect(scheduled.status, JSON.stringify(scheduled.json)).toBe(200)

    // Shortlisting and screening cannot change under a scheduled release (409: locked until it is cancelled).
    const reshortlist = await p.call('POST', at(a.competitionId, '/shortlist'), {
      as: a.manager,
      body: { decisions: [{ applicationId: a.ids[2], outcome: 'shortlisted', reason: '' }] },
    })
    expect(reshortlist.status).toBe(409)
    isProblem(reshortlist)
    expect(fieldsOf(reshortlist.json)).toEqual(['decisions'])
    const rescreen = await p.call('POST', at(a.competitionId, '/screening'), {
      as: a.manager,
      body: { decisions: [{ applicationId: a.ids[2], outcome: 'ineligible', reason: 'Outside the region' }] },
    })
    expect(rescreen.status).toBe(409)
    const candidates = await p.call('GET', at(a.competitionId, '/candidates?limit=10'), { as: a.manager })
    expect(
      candidates.json.items.find((c: { applicationId: string }) => c.applicationId === a.ids[2]).screening.outcome,
    ).toBe('eligible')

    // An award before the release must leave the applicant a day after it to answer.
    const rushed = await p.call('POST', at(a.competitionId, '/awards'), {
      as: a.manager,
      body: {
        applicationId: a.ids[0],
        amountPence: 1_200_000,
        respondBy: new Date(when.getTime() + 12 * HOUR).toISOString(),
        reason: 'Scaled to fit the pot',
      },
    })
    expect(rushed.status).toBe(422)
    expect(fieldsOf(rushed.json)).toEqual(['respondBy'])
    await award(a, a.ids[0]!, 1_200_000, new Date(when.getTime() + 3 * DAY).toISOString())
    expect(await emailsTo(p.db, a.applications[0]!.applicant.email)).toEqual([
      expect.objectContaining({ kind: 'receipt' }),
    ])

    // Due but not yet written by the scheduler: awards wait, so no one gets two conflicting emails.
    p.clock.now = new Date(when.getTime() + 1000)
    const meanwhile = await p.call('POST', at(a.competitionId, '/awards'), {
      as: a.manager,
      body: {
        applicationId: a.ids[1],
        amountPence: 1_000_000,
        respondBy: new Date(when.getTime() + 3 * DAY).toISOString(),
        reason: 'Scaled to fit the pot',
      },
    })
    expect(meanwhile.status).toBe(409)
    await runDueReleases(ctx())
    expect(await emailsTo(p.db, a.applications[0]!.applicant.email, 'decision')).toHaveLength(1)
    expect(await emailsTo(p.db, a.applications[1]!.applicant.email, 'decision')).toHaveLength(1)

    // Released: decisions are final; an award now goes out as an offer at once.
    const afterwards = await p.call('POST', at(a.competitionId, '/shortlist'), {
      as: a.manager,
      body: { decisions: [{ applicationId: a.ids[2], outcome: 'shortlisted', reason: '' }] },
    })
    expect(afterwards.status).toBe(409)
    await award(a, a.ids[1]!, 1_000_000)
    expect(await emailsTo(p.db, a.applications[1]!.applicant.email, 'award-offer')).toHaveLength(1)
  })

  it('waits until no one can submit (the deadline and every extension), and then grants no extension', async () => {
    const a = await assessingCompetition(p, { applications: 2, shortlisted: 1, panellists: 0 })
    await notShortlisted(a, [a.ids[1]!])
    const closes = Date.parse(
      (await p.call('GET', `/api/competitions/${a.competitionId}`)).json.competition.timeline.eoiClosesAt,
    )
    p.clock.now = new Date(closes - HOUR)
    const late = await startedDraft(p, a.comp, 'Late Starters Ltd')
    const early = await release(a, { confirmMissing: true })
    expect(early.status).toBe(422)
    isProblem(early)
    expect(fieldsOf(early.json)).toEqual(['competition'])
    expect(early.json.detail).toContain('The EOI deadline is')

    const extend = (until: number) =>
      p.call('POST', `/api/applications/${late.application.id}/extension`, {
        as: a.manager,
        body: { until: new Date(until).toISOString(), reason: 'Their office flooded' },
      })
    expect((await extend(closes + 2 * DAY)).status).toBe(200)
    p.clock.now = new Date(closes + HOUR)
    const extended = await release(a, { confirmMissing: true })
    expect(extended.status).toBe(422)
    expect(extended.json.detail).toContain('Late Starters Ltd has an extension until')
    expect((await overview(a)).release.status).toBe('draft')

    p.clock.now = new Date(closes + 3 * DAY)
    const released = await release(a, { confirmMissing: true })
    expect(released.status, JSON.stringify(released.json)).toBe(200)
    const refused = await extend(closes + 10 * DAY)
    expect(refused.status).toBe(409)
    isProblem(refused)
    expect(
      (await p.call('GET', `/api/applications/${late.application.id}`, { as: a.manager })).json.extension.until,
    ).toBe(new Date(closes + 2 * DAY).toISOString())
  })

  it('keeps the same 404 for a competition that does not exist, and writes nothing for it', async () => {
    const { manager } = await assessingCompetition(p, { applications: 1, shortlisted: 0, panellists: 0 })
    for (const [method, path, body] of [
      ['PUT', '/feedback-settings', { version: 0, showScores: true }],
      ['POST', '/feedback-release/cancel', { version: 0 }],
      ['POST', '/feedback-release', { version: 0, confirmMissing: true }],
      ['GET', '/feedback', undefined],
      ['GET', '/signposts', undefined],
    ] as const) {
      const res = await p.call(method, at(NO_SUCH_ID, path), { as: manager, body })
      expect(res.status, `${method} ${path}`).toBe(404)
      isProblem(res)
    }
    expect((await getRelease(p.db, NO_SUCH_ID)).version, 'no release item was written').toBe(0)
  })

  it('reads no applicant’s item to release them: a few reads by key whatever their number, and one write per email with each transaction’s release item and audit intent', async () => {
    const a = await assessingCompetition(p, { applications: 6, shortlisted: 2, panellists: 0 })
    await notShortlisted(a, a.ids.slice(2))
    const calls: { name: string; input: Record<string, any> }[] = []
    p.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push({ name: context.commandName!, input: args.input as Record<string, any> })
        return next(args)
      },
      { step: 'initialize', name: 'count-release-calls' },
    )
    try {
      const released = await release(a, { confirmMissing: true })
      expect(released.status, JSON.stringify(released.json)).toBe(200)
      expect(released.json).toMatchObject({ status: 'released', emailed: 6 })
    } finally {
      p.db.doc.middlewareStack.remove('count-release-calls')
    }
    expect(await decisionEmails(a)).toEqual([1, 1, 1, 1, 1, 1])
    const keysRead = calls.reduce(
      (sum, c) =>
        sum +
        (c.name === 'GetItemCommand'
          ? 1
          : c.name === 'BatchGetItemCommand'
            ? Object.values(c.input.RequestItems as Record<string, { Keys: unknown[] }>).reduce(
                (n, t) => n + t.Keys.length,
                0,
              )
            : 0),
      0,
    )
    // The lock, the pitch schedule, the release item as it was: never an email, a candidate or the audit's before and after.
    expect(keysRead).toBeLessThanOrEqual(4)
    const transactions = calls.filter((c) => c.name === 'TransactWriteItemsCommand')
    const items = transactions.flatMap((c) => c.input.TransactItems as Record<string, any>[])
    // The release with the lock, then the emails with the release item: each with its audit intent, settled as written.
    expect(transactions).toHaveLength(2)
    expect(items).toHaveLength(6 + 2 * transactions.length + 1)
    const intents = items.filter((i) => i.Put?.Item.entity === 'auditIntent')
    expect(intents.map((i) => i.Put.Item.settled)).toEqual([true, true])
    // Besides the transactions, only the request's write budget: no intent put alone, no digest filled in after.
    expect(
      calls.filter((c) => ['PutItemCommand', 'UpdateItemCommand'].includes(c.name)).map((c) => c.input.Key?.pk),
    ).toEqual([expect.stringMatching(/^LIMIT#/)])
  })

  it('carries on when the settings change while the emails are being written, and keeps the change', async () => {
    const a = await assessingCompetition(p, { applications: 3, shortlisted: 0, panellists: 0 })
    await notShortlisted(a, a.ids)
    const when = new Date(p.clock.now.getTime() + HOUR)
    expect((await release(a, { at: when.toISOString(), confirmMissing: true })).status).toBe(200)
    p.clock.now = new Date(when.getTime() + 60_000)
    // A worker claims the release; before it writes the emails, the manager turns scores on.
    const scheduled = await getRelease(p.db, a.competitionId)
    const claimed = {
      ...scheduled,
      status: 'releasing' as const,
      releasedAt: scheduled.scheduledAt,
      version: scheduled.version + 1,
    }
    await commit(p.db, [releasePut(p.db, claimed, scheduled.version, { was: scheduled })])
    const settings = await p.call('PUT', at(a.competitionId, '/feedback-settings'), {
      as: a.manager,
      body: { version: claimed.version, showScores: true },
    })
    expect(settings.status, JSON.stringify(settings.json)).toBe(200)
    const done = await advanceRelease(ctx(), a.competitionId, claimed)
    expect(done).toMatchObject({ status: 'released', emailed: 3, showScores: true })
    expect(await getRelease(p.db, a.competitionId)).toEqual(done)
    expect(await decisionEmails(a)).toEqual([1, 1, 1])
  })

  it('is claimed once when workers race for it: one set of emails', async () => {
    const a = await assessingCompetition(p, { applications: 5, shortlisted: 2, panellists: 0 })
    await notShortlisted(a, a.ids.slice(2))
    const when = new Date(p.clock.now.getTime() + HOUR)
    expect((await release(a, { at: when.toISOString(), confirmMissing: true })).status).toBe(200)
    p.clock.now = new Date(when.getTime() + 60_000)
    const [claims, _runs] = await Promise.all([
      Promise.all([
        advanceRelease(ctx(), a.competitionId),
        advanceRelease(ctx(), a.competitionId),
        advanceRelease(ctx(), a.competitionId),
      ]),
      Promise.all([runDueReleases(ctx()), runDueReleases(ctx())]),
    ])
    expect(claims.map((r) => r.competitionId)).toEqual([a.competitionId, a.competitionId, a.competitionId])
    expect(await decisionEmails(a)).toEqual([1, 1, 1, 1, 1])
    const { release: final } = await overview(a)
    expect(final).toMatchObject({ status: 'released', emailed: 5, releasedAt: when.toISOString() })
    // And again, after the fact: nothing more.
    await Promise.all([advanceRelease(ctx(), a.competitionId), runDueReleases(ctx())])
    expect(await decisionEmails(a)).toEqual([1, 1, 1, 1, 1])
  })
})

describe('forced: a write lands between a request’s read and its commit', () => {
  it('refuses feedback saved from the version another save just replaced (409), keeping that save', {
    timeout: 60_000,
  }, async () => {
    const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
    const { json } = await workspace(a, a.ids[0]!)
    const put = (strengths: string) => () =>
      p.call('PUT', at(a.competitionId, `/feedback/${a.ids[0]}`), {
        as: a.manager,
        body: { version: 0, ...json.draft, strengths },
      })
    const { request: late, write: early } = await cutIn(p.db, {
      request: put('A clear account of the problem.'),
      write: put('A strong team with the right partners.'),
    })
    expect(early.status, early.text).toBe(200)
    expect(late.status, late.text).toBe(409)
    isProblem(late)
    expect(late.json.detail).toBe(
      'This feedback was changed since you opened it. Reload it, check the changes and try again.',
    )
    expect((await workspace(a, a.ids[0]!)).json.feedback).toMatchObject({
      version: 1,
      strengths: 'A strong team with the right partners.',
    })
  })

  describe('after the release', () => {
    let a: Assessing
    beforeAll(async () => {
      a = await assessingCompetition(p, { applications: 2, panellists: 0 })
      await releaseDecisions(p, a)
    }, 60_000)
    const body = { preferredTimes: 'Tuesday morning', question: 'What would make our plan convincing?' }

    it('refuses a second call asked for at once (409): one call, as asked first', async () => {
      const { applicant, application } = a.applications[0]!
      const ask = (question: string) => () =>
        p.call('POST', `/api/applications/${application.id}/feedback-call`, {
          as: applicant,
          body: { ...body, question },
        })
      const { request: late, write: early } = await cutIn(p.db, { request: ask('Second'), write: ask('First') })
      expect(early.status, early.text).toBe(201)
      expect(late.status, late.text).toBe(409)
      isProblem(late)
      expect(late.json.detail).toBe(
        'You have already asked for a feedback call: you can ask for another once it is done.',
      )
      expect(fieldsOf(late.json)).toEqual(['applicationId'])
      const call = (await overview(a)).calls.filter(
        (c: { applicationId: string }) => c.applicationId === application.id,
      )
      expect(call).toMatchObject([{ status: 'requested', question: 'First' }])
    })

    it('refuses a call arranged from the version another manager just marked done (409): done, and no email', async () => {
      const { applicant, application } = a.applications[1]!
      const asked = await p.call('POST', `/api/applications/${application.id}/feedback-call`, { as: applicant, body })
      expect(asked.status, asked.text).toBe(201)
      const url = at(a.competitionId, `/feedback-calls/${application.id}`)
      const { request: arrange, write: done } = await cutIn(p.db, {
        request: () =>
          p.call('PATCH', url, {
            as: a.manager,
            body: { version: 1, status: 'arranged', arrangement: 'Thursday at 10:00 by video' },
          }),
        write: () => p.call('PATCH', url, { as: a.manager, body: { version: 1, status: 'done' } }),
      })
      expect(done.status, done.text).toBe(200)
      expect(arrange.status, arrange.text).toBe(409)
      isProblem(arrange)
      expect(arrange.json.detail).toBe(
        'This feedback call was changed since you opened it. Reload it, check the changes and try again.',
      )
      const call = (await overview(a)).calls.find((c: { applicationId: string }) => c.applicationId === application.id)
      expect(call).toMatchObject({ status: 'done', version: 2 })
      expect(call.arrangement).toBeUndefined()
      expect(await emailsTo(p.db, applicant.email, 'feedback-call')).toEqual([])
    })
  })

  it('refuses a service changed from the version another change, or a removal, just replaced (409)', async () => {
    const manager = await p.signIn('manager')
    const competitionId = (await openCompetition(p, manager)).competition.id
    const made = await addService(manager, competitionId, service('Growth Hub', []))
    const url = at(competitionId, `/signposts/${made.id}`)
    const change = (helpsWith: string) => () =>
      p.call('PUT', url, { as: manager, body: { version: 1, ...service('Growth Hub', []), helpsWith } })
    const directory = async () => (await p.call('GET', at(competitionId, '/signposts'), { as: manager })).json.signposts

    const first = await cutIn(p.db, { request: change('Late words'), write: change('Early words') })
    expect(first.write.status, first.write.text).toBe(200)
    expect(first.request.status, first.request.text).toBe(409)
    isProblem(first.request)
    expect(first.request.json.detail).toBe(
      'This service was changed since you opened it. Reload it, check the changes and try again.',
    )
    expect(await directory()).toMatchObject([{ id: made.id, version: 2, helpsWith: 'Early words' }])

    const second = await cutIn(p.db, {
      request: () => p.call('PUT', url, { as: manager, body: { version: 2, ...service('Growth Hub', []) } }),
      write: () => p.call('DELETE', url, { as: manager }),
    })
    expect(second.write.status, second.write.text).toBe(204)
    expect(second.request.status, second.request.text).toBe(409)
    expect(second.request.json.type).toMatch(/version-conflict$/)
    expect(await directory()).toEqual([])
  })
})
