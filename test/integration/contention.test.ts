// DynamoDB Local never raises TransactionConflict; the real service does under contention.
// Inject it into the client and show a change is retried, or refused with a clear 409.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { assessingCompetition, declareNone } from '../support/assessing-fixtures.js'
import { openCompetition, submittedApplication } from '../support/eoi-fixtures.js'
import { createDraft } from '../support/fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let manager: { token: string }
let conflictsLeft = 0
const MIDDLEWARE = 'inject-transaction-conflict'

beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager')
  p.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand' && conflictsLeft > 0) {
        conflictsLeft--
        throw new TransactionCanceledException({
          message:
            'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
          $metadata: {},
          CancellationReasons: [{ Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }],
        })
      }
      return next(args)
    },
    { step: 'initialize', name: MIDDLEWARE },
  )
})

afterEach(() => {
  conflictsLeft = 0
})

describe('transaction conflicts', () => {
  it('retries a change that met a conflicting transaction, and it lands once', async () => {
    const draft = await createDraft(p, manager)
    conflictsLeft = 2
    const res = await p.call('PATCH', `/api/competitions/${draft.id}`, {
      as: manager,
      body: { version: 1, summary: 'After two conflicts' },
    })
    expect(res.status).toBe(200)
    expect(res.json.version).toBe(2)
    expect(conflictsLeft).toBe(0)
  })

  it('answers persistent contention on an EOI with a 503 to retry, never a 500', async () => {
    const comp = await openCompetition(p, manager)
    const { applicant, application } = await submittedApplication(p, comp)
    conflictsLeft = 1000
    const res = await p.call('POST', `/api/applications/${application.id}/di-survey`, {
      as: applicant,
      body: { answers: { ageBand: '25-34' } },
    })
    conflictsLeft = 0
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('1')
    expect(res.json.type).toMatch(/busy$/)
    const again = await p.call('POST', `/api/applications/${application.id}/di-survey`, {
      as: applicant,
      body: { answers: { ageBand: '25-34' } },
    })
    expect(again.status).toBe(204)
  })

  it('answers persistent contention with a 409 problem, never a 500, and changes nothing', async () => {
    const draft = await createDraft(p, manager)
    conflictsLeft = 1000
    const res = await p.call('PATCH', `/api/competitions/${draft.id}`, {
      as: manager,
      body: { version: 1, summary: 'Never lands' },
    })
    conflictsLeft = 0
    expect(res.status).toBe(409)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.json.detail).toMatch(/try again/i)
    const page = await p.call('GET', `/api/competitions/${draft.id}`, { as: manager })
    expect(page.json.competition).toMatchObject({ summary: '', version: 1 })
  })

  it('retries a score sheet save that met a conflicting transaction; persistent contention is a 503 with nothing saved', async () => {
    const a = await assessingCompetition(p, { applications: 1, panellists: 1 })
    const [panellist] = a.panel
    await declareNone(p, panellist!, a.competitionId, a.ids)
    const url = `/api/competitions/${a.competitionId}/assessments/${a.ids[0]}/sheet`
    const scores = Object.fromEntries(a.criteria.map((c) => [c.id, 3]))
    conflictsLeft = 1000
    const busy = await p.call('PUT', url, { as: panellist, body: { version: 0, scores } })
    conflictsLeft = 0
    expect(busy.status).toBe(503)
    const rubric = await p.call('GET', `/api/competitions/${a.competitionId}/rubric`, { as: a.manager })
    expect(rubric.json.lockedAt).toBeUndefined()
    conflictsLeft = 2
    const saved = await p.call('PUT', url, { as: panellist, body: { version: 0, scores } })
    expect(saved.status).toBe(200)
    expect(saved.json.version).toBe(1)
  })

  it('retries an award that met a conflicting transaction; persistent contention is a 409 with no half-made award', {
    timeout: 60_000,
  }, async () => {
    const a = await assessingCompetition(p, { applications: 2, panellists: 0 })
    const respondBy = new Date(p.clock.now.getTime() + 14 * 86_400_000).toISOString()
    const awardUrl = `/api/competitions/${a.competitionId}/awards`
    conflictsLeft = 2
    const made = await p.call('POST', awardUrl, {
      as: a.manager,
      body: { applicationId: a.ids[0], amountPence: 1_670_000, respondBy },
    })
    expect(made.status).toBe(201)
    conflictsLeft = 100_000
    const busy = await p.call('POST', awardUrl, {
      as: a.manager,
      body: { applicationId: a.ids[1], amountPence: 1_670_000, respondBy },
    })
    conflictsLeft = 0
    expect(busy.status).toBe(409)
    expect(busy.json.detail).toMatch(/£43,300 remained/)
    const budget = (await p.call('GET', `/api/competitions/${a.competitionId}/budget`, { as: a.manager })).json
    expect(budget).toMatchObject({
      committedPence: 1_670_000,
      awards: [expect.objectContaining({ applicationId: a.ids[0] })],
    })
    const ledger = (await p.call('GET', `/api/competitions/${a.competitionId}/ledger`, { as: a.manager })).json.entries
    expect(ledger).toHaveLength(1)
  })
})
