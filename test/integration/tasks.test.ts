// The programme manager's task list through the API: each stage's status moves on as the
// competition does (draft, set up, published and assessed, scored, awarded and released,
// grants set up); one request reads a fixed number of partitions and never an application;
// anyone but a manager gets the same 404 as a competition that does not exist.
import { beforeAll, describe, expect, it } from 'vitest'
import {
  acceptedAwards,
  assessingCompetition,
  declareNone,
  scoreAndSubmit,
  type Assessing,
} from '../support/assessing-fixtures.js'
import { createCompleteDraft, createDraft } from '../support/fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'
import { grantSetup } from '../support/programme-fixtures.js'

let p: TestPlatform
let manager: Awaited<ReturnType<TestPlatform['signIn']>>
const MISSING = '01ARZ3NDEKTSV4RRFFQ69G5FAV'

beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager', 'Priya Shah')
}, 60_000)

async function tasks(competitionId: string, as: { token: string } = manager) {
  const res = await p.call('GET', `/api/competitions/${competitionId}/tasks`, { as })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
  return res.json as {
    title: string
    tasks: { id: string; status: string; summary: string; counts: Record<string, number> }[]
  }
}
const statuses = async (competitionId: string) =>
  Object.fromEntries((await tasks(competitionId)).tasks.map((t) => [t.id, t.status]))

describe('the task list', () => {
  it('starts with setting up, and publishing waits until it is done', async () => {
    const bare = await createDraft(p, manager, { title: 'Just a title' })
    const list = await tasks(bare.id)
    expect(list.title).toBe('Just a title')
    expect(list.tasks.map((t) => t.id)).toEqual([
      'setup',
      'publish',
      'questions',
      'screening',
      'panel',
      'pitches',
      'scoring',
      'awards',
      'feedback',
      'release',
      'grants',
    ])
    expect(Object.fromEntries(list.tasks.map((t) => [t.id, t.status]))).toEqual({
      setup: 'not-started',
      publish: 'cannot-start',
      questions: 'cannot-start',
      screening: 'cannot-start',
      panel: 'cannot-start',
      pitches: 'cannot-start',
      scoring: 'cannot-start',
      awards: 'cannot-start',
      feedback: 'cannot-start',
      release: 'cannot-start',
      grants: 'cannot-start',
    })
    expect(list.tasks[0]!.summary).toMatch(/^0 challenges, 0 themes, 0 form questions; \d+ things still to add$/)

    const complete = await createCompleteDraft(p, manager)
    const ready = await tasks(complete.competition.id)
    expect(ready.tasks[0]).toMatchObject({ status: 'completed', counts: { challenges: 1, themes: 1, missing: 0 } })
    expect(ready.tasks[1]).toMatchObject({ status: 'not-started', summary: 'Ready to publish' })
  })

  it('moves on as the competition is assessed, scored, awarded, released and its grants set up', {
    timeout: 120_000,
  }, async () => {
    const a: Assessing = await assessingCompetition(p, { applications: 3, shortlisted: 2, panellists: 2 })
    const [first, second, third] = a.ids as [string, string, string]
    expect(await statuses(a.competitionId)).toEqual({
      setup: 'completed',
      publish: 'completed',
      questions: 'completed',
      screening: 'in-progress',
      panel: 'in-progress',
      pitches: 'not-started',
      scoring: 'not-started',
      awards: 'not-started',
      feedback: 'not-started',
      release: 'not-started',
      grants: 'cannot-start',
    })
    const screening = (await tasks(a.competitionId)).tasks.find((t) => t.id === 'screening')!
    // The third is eligible, but neither shortlisted nor turned down yet.
    expect(screening.summary).toBe('3 received, 3 eligible, 2 shortlisted; 1 to decide')
    expect(screening.counts).toEqual({ received: 3, screened: 3, eligible: 3, shortlisted: 2 })

    const decided = await p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
      as: a.manager,
      body: { decisions: [{ applicationId: third, outcome: 'not-shortlisted', reason: 'Weaker fit' }] },
    })
    expect(decided.status, JSON.stringify(decided.json)).toBe(200)
    expect((await statuses(a.competitionId)).screening).toBe('completed')

    for (const panellist of a.panel) await declareNone(p, panellist, a.competitionId, [first, second])
    await scoreAndSubmit(p, a.panel[0]!, a, first, 4)
    let list = await tasks(a.competitionId)
    expect(list.tasks.find((t) => t.id === 'panel')!.status).toBe('completed')
    expect(list.tasks.find((t) => t.id === 'scoring')).toMatchObject({
      status: 'in-progress',
      summary: '1 of 4 score sheets submitted',
    })
    for (const panellist of a.panel)
      for (const id of [first, second]) {
        if (panellist === a.panel[0] && id === first) continue
        await scoreAndSubmit(p, panellist, a, id, 3)
      }
    expect((await statuses(a.competitionId)).scoring).toBe('completed')

    await acceptedAwards(p, a, 1, { amountPence: 1_670_000, conditions: 'Quarterly reports' })
    list = await tasks(a.competitionId)
    const byId = Object.fromEntries(list.tasks.map((t) => [t.id, t]))
    expect(byId.awards).toMatchObject({
      status: 'completed',
      counts: { accepted: 1, offered: 0, committedPence: 1_670_000 },
    })
    expect(byId.release!.status).toBe('completed')
    expect(byId.release!.summary).toMatch(/^Released on .+ to 3 applicants$/)
    expect(byId.grants).toMatchObject({ status: 'not-started', summary: '1 accepted award, no agreements yet' })

    const created = await p.call('PUT', `/api/competitions/${a.competitionId}/grants/${first}`, {
      as: a.manager,
      body: grantSetup(0),
    })
    expect(created.status, JSON.stringify(created.json)).toBe(201)
    const grants = (await tasks(a.competitionId)).tasks.find((t) => t.id === 'grants')!
    expect(grants).toMatchObject({ status: 'in-progress', summary: '1 grant: 0 active, 0 finished' })
  })

  it('reads a fixed number of partitions in one request, and never an application', async () => {
    const a = await assessingCompetition(p, { applications: 4, shortlisted: 2, panellists: 1 })
    const commands: { name: string; input: Record<string, unknown> }[] = []
    p.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push({ name: context.commandName!, input: args.input as Record<string, unknown> })
        return next(args)
      },
      { step: 'initialize', name: 'count-task-reads' },
    )
    await tasks(a.competitionId, a.manager)
    p.db.doc.middlewareStack.remove('count-task-reads')
    const queries = commands.filter((c) => c.name === 'QueryCommand')
    // The competition's partition, then one each of questions, assessment, awards, feedback and grants.
    expect(queries).toHaveLength(6)
    const partitions = queries.map((q) => String((q.input.ExpressionAttributeValues as Record<string, unknown>)[':pk']))
    expect(partitions.filter((pk) => pk.startsWith('APP#'))).toEqual([])
    // Everything but the competition's own partition is projected: no text crosses the wire.
    expect(queries.filter((q) => !q.input.ProjectionExpression)).toHaveLength(1)
    // Besides the queries, at most the signed-in manager's own record.
    expect(commands.filter((c) => c.name === 'GetItemCommand').length).toBeLessThanOrEqual(1)
    expect(commands.filter((c) => !['QueryCommand', 'GetItemCommand'].includes(c.name))).toEqual([])
  })

  it('answers anyone but a manager as it answers a competition that does not exist', async () => {
    const draft = await createDraft(p, manager, { title: 'Private' })
    const missing = await p.call('GET', `/api/competitions/${MISSING}/tasks`, { as: manager })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toContain('application/problem+json')
    for (const role of ['applicant', 'panellist'] as const) {
      const someone = await p.signIn(role)
      const theirs = await p.call('GET', `/api/competitions/${draft.id}/tasks`, { as: someone })
      expect(theirs.status).toBe(404)
      expect(theirs.json).toEqual(missing.json)
    }
    const signedOut = await p.call('GET', `/api/competitions/${draft.id}/tasks`)
    expect(signedOut.status).toBe(401)
    // A malformed id is no competition either.
    const bad = await p.call('GET', '/api/competitions/not-an-id/tasks', { as: manager })
    expect(bad.status).toBe(404)
  })

  it('is documented with who may call it', async () => {
    const spec = await p.call('GET', '/api/openapi.json')
    const op = spec.json.paths['/competitions/{competitionId}/tasks'].get
    expect(op.description).toContain('programme managers')
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '401', '404']))
  })
})
