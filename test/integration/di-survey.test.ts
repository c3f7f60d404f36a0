// The anonymous D&I survey: answered once per submitted EOI, stored apart from anything that
// names the applicant, counted once after the EOI window and every extension close, and
// published with small counts (and any that would give one away) suppressed. The differencing
// attack, by a manager and by an operator of the main table, learns nothing.
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import {
  openCompetition,
  startedDraft,
  submittedApplication,
  completeAnswers,
  type OpenCompetition,
} from '../support/eoi-fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

const DAY = 86_400_000

let p: TestPlatform
let manager: { token: string }
beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager')
})

/** What an operator with read access to a table sees: every item, read with their own client. */
async function everyItem(tableName: string): Promise<Record<string, unknown>[]> {
  const operator = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  const items: Record<string, unknown>[] = []
  let ExclusiveStartKey: Record<string, never> | undefined
  do {
    const page = await operator.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey, ConsistentRead: true }))
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)))
    ExclusiveStartKey = page.LastEvaluatedKey as typeof ExclusiveStartKey
  } while (ExclusiveStartKey)
  return items
}

/**
 * Every write request sent to DynamoDB while `run` runs, by the tables it touches: the main
 * table's stream carries the new image of each item these write, so this is all a reader of
 * the stream (or of a backup taken at any moment) could learn.
 */
async function recordWrites(run: () => Promise<void>): Promise<{ command: string; tables: string[]; json: string }[]> {
  const writes: { command: string; tables: string[]; json: string }[] = []
  const name = `record-writes-${Math.random()}`
  p.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>
      if (/Put|Update|Delete|TransactWrite|BatchWrite/.test(context.commandName ?? '')) {
        const json = JSON.stringify(input)
        const tables = [
          ...new Set(
            [...json.matchAll(/"TableName":"([^"]+)"/g)]
              .map((m) => m[1]!)
              .concat(Object.keys((input.RequestItems as object) ?? {})),
          ),
        ]
        writes.push({ command: context.commandName!, tables, json })
      }
      return next(args)
    },
    { step: 'initialize', name },
  )
  try {
    await run()
  } finally {
    p.db.doc.middlewareStack.remove(name)
  }
  return writes
}

const results = (comp: OpenCompetition) =>
  p.call('GET', `/api/competitions/${comp.competition.id}/di-survey`, { as: manager })
/** The EOI deadline the fixture set (createPublished returns the whole competition). */
const closes = (comp: OpenCompetition) =>
  (comp.competition as unknown as { timeline: { eoiClosesAt: string } }).timeline.eoiClosesAt

describe('the D&I survey', () => {
  it('a manager who reads the results after every answer learns nothing; they are counted once, after the EOI window, and suppressed', async () => {
    const comp = await openCompetition(p, manager)
    const first = await results(comp)
    expect(first.status).toBe(200)
    expect(first.json).toEqual({ status: 'collecting', availableAfter: new Date(closes(comp)).toISOString() })

    // Seven applicants answer, one at a time; after each the manager looks again.
    const answers = [
      { ageBand: '25-34', gender: 'woman' },
      { ageBand: '25-34', gender: 'woman' },
      { ageBand: '25-34', gender: 'man' },
      { ageBand: '25-34', gender: 'woman' },
      { ageBand: '25-34', gender: 'woman' },
      { ageBand: '65-plus', gender: 'man' },
      { gender: 'non-binary' },
    ]
    const silent = await submittedApplication(p, comp, 'Answers later')
    for (const [i, answer] of answers.entries()) {
      const { applicant, application } = await submittedApplication(p, comp, `Org ${i}`)
      const res = await p.call('POST', `/api/applications/${application.id}/di-survey`, {
        as: applicant,
        body: { answers: answer },
      })
      expect(res.status).toBe(204)
      // Whether an EOI answered is never shown to a manager either.
      expect((await p.call('GET', `/api/applications/${application.id}`, { as: manager })).json).not.toHaveProperty(
        'diSurveyAnswered',
      )
      const after = await results(comp)
      expect(after.status).toBe(200)
      expect(after.json).toEqual(first.json)
    }

    // After the deadline: two managers look at once; the survey is counted and published once.
    p.clock.now = new Date(Date.parse(closes(comp)) + 1000)
    const [a, b] = await Promise.all([results(comp), results(comp)])
    expect(a.json).toEqual(b.json)
    const published = a.json
    expect(published).toMatchObject({ status: 'published', respondents: 7 })
    const row = (id: string) => {
      const q = published.questions.find((q: { id: string }) => q.id === id)
      return {
        ...Object.fromEntries(q.options.map((o: { id: string; count: unknown }) => [o.id, o.count])),
        notAnswered: q.notAnswered,
      }
    }
    // Age: 25-34 is 5, but the other counts (1 over 65, 1 not answered, the rest none) add up to
    // under 5, so 25-34 is hidden too; otherwise 7 − 5 would say two people are not 25 to 34.
    expect(Object.values(row('ageBand')).every((count) => count === 'suppressed')).toBe(true)
    // Gender: 4 women, 2 men, 1 non-binary: all under 5, all hidden, summing to 7.
    expect(Object.values(row('gender')).every((count) => count === 'suppressed')).toBe(true)

    // No one can answer after the window closed, and the published counts never change.
    const late = await p.call('POST', `/api/applications/${silent.application.id}/di-survey`, {
      as: silent.applicant,
      body: { answers: { ageBand: '25-34' } },
    })
    expect(late.status).toBe(409)
    expect(late.json.detail).toMatch(/survey closed/)
    p.clock.now = new Date(Date.parse(closes(comp)) + 2 * DAY)
    expect((await results(comp)).json).toEqual(published)
  })

  it('an operator reading every item of the main table and every write to it finds no answer, and the answers’ own table names no one', async () => {
    const comp = await openCompetition(p, manager)
    const respondents: Awaited<ReturnType<typeof submittedApplication>>[] = []
    for (let i = 0; i < 6; i++) respondents.push(await submittedApplication(p, comp, `Operator org ${i}`))
    const chosen = { ageBand: '35-44', ethnicity: 'mixed', caring: 'yes', sexualOrientation: 'bisexual' }
    const writes = await recordWrites(async () => {
      for (const { applicant, application } of respondents) {
        const res = await p.call('POST', `/api/applications/${application.id}/di-survey`, {
          as: applicant,
          body: { answers: chosen },
        })
        expect(res.status, JSON.stringify(res.json)).toBe(204)
      }
    })
    const answerValues = Object.values(chosen).map((v) => `"${v}"`)

    // No request writes both tables; the main table's writes (its stream) hold no answer.
    expect(writes.length).toBeGreaterThan(0)
    for (const write of writes) expect(write.tables).toHaveLength(1)
    const mainWrites = writes.filter((w) => w.tables[0] === p.db.tableName)
    const surveyWrites = writes.filter((w) => w.tables[0] === p.db.surveyTableName)
    // Each request also counts against its caller's write budget (a LIMIT# counter: who wrote
    // when, which the EOI's own flag says anyway); beside those, one write per respondent.
    const budgetWrites = mainWrites.filter((w) => w.json.includes('"LIMIT#'))
    expect(budgetWrites).toHaveLength(respondents.length)
    expect(mainWrites.length - budgetWrites.length).toBe(respondents.length)
    expect(surveyWrites).toHaveLength(respondents.length)
    for (const write of mainWrites) for (const value of answerValues) expect(write.json).not.toContain(value)
    // The survey table's writes name no applicant, organisation or EOI, and carry no time.
    for (const write of surveyWrites) {
      for (const { applicant, application } of respondents) {
        expect(write.json).not.toContain(application.id)
        expect(write.json).not.toContain(applicant.id)
      }
      expect(write.json).not.toMatch(/\d{4}-\d{2}-\d{2}T/)
    }

    // Every item of the main table, as a backup would hold it: no answer anywhere (leaving out
    // other competitions' published counts, which list every option; this one has none yet).
    const items = await everyItem(p.db.tableName)
    expect(items.some((item) => item.pk === `DI#${comp.competition.id}`)).toBe(false)
    const main = JSON.stringify(items.filter((item) => item.entity !== 'diSurveyPublished'))
    for (const value of answerValues) expect(main).not.toContain(value)

    // The survey table: answer sets under random keys, with nothing else.
    const stored = (await everyItem(p.db.surveyTableName)).filter((item) => item.pk === `DI#${comp.competition.id}`)
    expect(stored).toHaveLength(respondents.length)
    for (const item of stored) {
      expect(Object.keys(item).sort()).toEqual(['answers', 'pk', 'sk'])
      expect(item.sk).toMatch(/^ANS#[0-9a-f]{32}$/)
      expect(item.answers).toEqual(chosen)
    }

    // Counted once the window closes. All 6 gave the same answers, so showing "6" for any of
    // them would say every other count is 0 (the hidden ones would add up to nothing): each
    // row is hidden whole, and only the number of respondents is shown.
    p.clock.now = new Date(Date.parse(closes(comp)) + 1000)
    const published = (await results(comp)).json
    expect(published.respondents).toBe(6)
    for (const question of published.questions) {
      expect(question.notAnswered).toBe('suppressed')
      expect(question.options.every((o: { count: unknown }) => o.count === 'suppressed')).toBe(true)
    }
  })

  it('waits for every extension, even one running past the deadline, and lets its applicant answer until it ends', async () => {
    const comp = await openCompetition(p, manager)
    const early = await submittedApplication(p, comp, 'On time')
    expect(
      (
        await p.call('POST', `/api/applications/${early.application.id}/di-survey`, {
          as: early.applicant,
          body: { answers: { ageBand: 'under-25' } },
        })
      ).status,
    ).toBe(204)
    const extended = await startedDraft(p, comp, 'Flooded office')
    const until = new Date(Date.parse(closes(comp)) + 3 * DAY).toISOString()
    expect(
      (
        await p.call('POST', `/api/applications/${extended.application.id}/extension`, {
          as: manager,
          body: { until, reason: 'Office flooded' },
        })
      ).status,
    ).toBe(200)

    p.clock.now = new Date(Date.parse(closes(comp)) + DAY)
    expect((await results(comp)).json).toEqual({ status: 'collecting', availableAfter: until })
    // The on-time applicant's window has closed; the extended one may still submit and answer.
    expect(
      (
        await p.call('POST', `/api/applications/${early.application.id}/di-survey`, {
          as: early.applicant,
          body: { answers: {} },
        })
      ).status,
    ).toBe(409)
    await p.call('PATCH', `/api/applications/${extended.application.id}`, {
      as: extended.applicant,
      body: { version: 2, ...completeAnswers(comp) },
    })
    expect(
      (await p.call('POST', `/api/applications/${extended.application.id}/submit`, { as: extended.applicant })).status,
    ).toBe(200)
    expect(
      (
        await p.call('POST', `/api/applications/${extended.application.id}/di-survey`, {
          as: extended.applicant,
          body: { answers: { ageBand: 'under-25' } },
        })
      ).status,
    ).toBe(204)
    expect((await results(comp)).json.status).toBe('collecting')

    p.clock.now = new Date(Date.parse(until) + 1000)
    const published = (await results(comp)).json
    expect(published.status).toBe('published')
    // Two respondents: under 5, so nothing at all is shown.
    expect(published.respondents).toBe('suppressed')
  })

  it('asks only the questions the manager chose for the competition', async () => {
    const comp = await openCompetition(p, manager)
    const current = (await p.call('GET', `/api/competitions/${comp.competition.id}`, { as: manager })).json.competition
    expect(current.diSurveyQuestions).toEqual([
      'ageBand',
      'gender',
      'ethnicity',
      'disability',
      'caring',
      'sexualOrientation',
    ])
    const chosen = await p.call('PATCH', `/api/competitions/${comp.competition.id}`, {
      as: manager,
      body: { version: current.version, diSurveyQuestions: ['ageBand', 'disability'] },
    })
    expect(chosen.status).toBe(200)
    const bad = await p.call('PATCH', `/api/competitions/${comp.competition.id}`, {
      as: manager,
      body: { version: chosen.json.version, diSurveyQuestions: ['shoeSize'] },
    })
    expect(bad.status).toBe(400)
    const { applicant, application } = await submittedApplication(p, comp)
    const res = await p.call('POST', `/api/applications/${application.id}/di-survey`, {
      as: applicant,
      body: { answers: { gender: 'woman' } },
    })
    expect(res.status).toBe(422)
    expect(res.json.errors[0]).toEqual({ field: 'answers.gender', message: 'is not a question this survey asks' })
    p.clock.now = new Date(Date.parse(closes(comp)) + 1000)
    const published = await results(comp)
    expect(published.json.questions.map((q: { id: string }) => q.id)).toEqual(['ageBand', 'disability'])
  })

  it('is answered once, only for a submitted EOI of your own, with options from the survey', async () => {
    const comp = await openCompetition(p, manager)
    const { applicant, application } = await submittedApplication(p, comp)
    const path = `/api/applications/${application.id}/di-survey`
    const bad = await p.call('POST', path, { as: applicant, body: { answers: { ageBand: '200', shoeSize: '9' } } })
    expect(bad.status).toBe(422)
    expect(bad.json.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'answers.ageBand',
      'answers.shoeSize',
    ])
    const twice = await Promise.all(
      [1, 2, 3].map(() => p.call('POST', path, { as: applicant, body: { answers: { gender: 'woman' } } })),
    )
    expect(twice.map((r) => r.status).sort()).toEqual([204, 409, 409])
    const stored = (await everyItem(p.db.surveyTableName)).filter((item) => item.pk === `DI#${comp.competition.id}`)
    expect(stored).toHaveLength(1)

    const other = await submittedApplication(p, comp, 'Someone else')
    expect(
      (
        await p.call('POST', `/api/applications/${other.application.id}/di-survey`, {
          as: applicant,
          body: { answers: {} },
        })
      ).status,
    ).toBe(404)
    const draft = await startedDraft(p, comp, 'Still drafting')
    expect(
      (
        await p.call('POST', `/api/applications/${draft.application.id}/di-survey`, {
          as: draft.applicant,
          body: { answers: {} },
        })
      ).status,
    ).toBe(409)
    expect((await p.call('GET', `/api/competitions/${comp.competition.id}/di-survey`, { as: applicant })).status).toBe(
      403,
    )
  })
})
