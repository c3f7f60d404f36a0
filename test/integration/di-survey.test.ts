// The anonymous D&I survey: answered once per submitted EOI, stored only as counts that
// cannot be joined to anyone, reported with small numbers suppressed.
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { diSurveyKeys } from '../../functions/db/di-survey-repo.js'
import { openCompetition, startedDraft, submittedApplication } from '../support/eoi-fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let manager: { token: string }
beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager')
})

describe('the D&I survey', () => {
  it('counts answers without anything that links them to a person, and hides small numbers', async () => {
    const comp = await openCompetition(p, manager)
    const respondents = []
    for (let i = 0; i < 6; i++) respondents.push(await submittedApplication(p, comp, `Org ${i}`))
    for (const [i, { applicant, application }] of respondents.entries()) {
      const answers = i < 5 ? { ageBand: '25-34', disability: 'prefer-not-to-say' } : { ageBand: '65-plus' }
      const res = await p.call('POST', `/api/applications/${application.id}/di-survey`, { as: applicant, body: { answers } })
      expect(res.status).toBe(204)
    }
    const results = await p.call('GET', `/api/competitions/${comp.competition.id}/di-survey`, { as: manager })
    expect(results.json.respondents).toBe(6)
    // Whether an EOI answered the survey is never shown to a manager, so counts cannot be joined to it.
    for (const { application } of respondents) {
      const seen = await p.call('GET', `/api/applications/${application.id}`, { as: manager })
      expect(seen.json).not.toHaveProperty('diSurveyAnswered')
    }
    const age = results.json.questions.find((q: { id: string }) => q.id === 'ageBand')
    expect(age.options.find((o: { id: string }) => o.id === '25-34').count).toBe(5)
    expect(age.options.find((o: { id: string }) => o.id === '65-plus').count).toBe('fewer than 5')
    expect(age.options.find((o: { id: string }) => o.id === 'under-25').count).toBe('fewer than 5')

    // What is stored: counts only, in one item with no ids, times or order.
    const { Items } = await p.db.doc.send(
      new QueryCommand({ TableName: p.db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': diSurveyKeys.pk(comp.competition.id) } }),
    )
    expect(Items).toHaveLength(1)
    const stored = JSON.stringify(Items)
    for (const { applicant, application } of respondents) {
      expect(stored).not.toContain(application.id)
      expect(stored).not.toContain(applicant.id)
    }
    expect(stored).not.toMatch(/\d{4}-\d{2}-\d{2}T/)
    expect(Object.values(Items![0]!).filter((v) => typeof v === 'number').every((v) => Number.isInteger(v))).toBe(true)
  })

  it('asks only the questions the manager chose for the competition', async () => {
    const comp = await openCompetition(p, manager)
    const current = (await p.call('GET', `/api/competitions/${comp.competition.id}`, { as: manager })).json.competition
    expect(current.diSurveyQuestions).toEqual(['ageBand', 'gender', 'ethnicity', 'disability', 'caring', 'sexualOrientation'])
    const chosen = await p.call('PATCH', `/api/competitions/${comp.competition.id}`, { as: manager, body: { version: current.version, diSurveyQuestions: ['ageBand', 'disability'] } })
    expect(chosen.status).toBe(200)
    const bad = await p.call('PATCH', `/api/competitions/${comp.competition.id}`, { as: manager, body: { version: chosen.json.version, diSurveyQuestions: ['shoeSize'] } })
    expect(bad.status).toBe(400)
    const { applicant, application } = await submittedApplication(p, comp)
    const res = await p.call('POST', `/api/applications/${application.id}/di-survey`, { as: applicant, body: { answers: { gender: 'woman' } } })
    expect(res.status).toBe(422)
    expect(res.json.errors[0]).toEqual({ field: 'answers.gender', message: 'is not a question this survey asks' })
    const results = await p.call('GET', `/api/competitions/${comp.competition.id}/di-survey`, { as: manager })
    expect(results.json.questions.map((q: { id: string }) => q.id)).toEqual(['ageBand', 'disability'])
  })

  it('is answered once, only for a submitted EOI of your own, with options from the survey', async () => {
    const comp = await openCompetition(p, manager)
    const { applicant, application } = await submittedApplication(p, comp)
    const path = `/api/applications/${application.id}/di-survey`
    const bad = await p.call('POST', path, { as: applicant, body: { answers: { ageBand: '200', shoeSize: '9' } } })
    expect(bad.status).toBe(422)
    expect(bad.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['answers.ageBand', 'answers.shoeSize'])
    const twice = await Promise.all([1, 2, 3].map(() => p.call('POST', path, { as: applicant, body: { answers: { gender: 'woman' } } })))
    expect(twice.map((r) => r.status).sort()).toEqual([204, 409, 409])

    const other = await submittedApplication(p, comp, 'Someone else')
    expect((await p.call('POST', `/api/applications/${other.application.id}/di-survey`, { as: applicant, body: { answers: {} } })).status).toBe(404)
    const draft = await startedDraft(p, comp, 'Still drafting')
    expect((await p.call('POST', `/api/applications/${draft.application.id}/di-survey`, { as: draft.applicant, body: { answers: {} } })).status).toBe(409)
    expect((await p.call('GET', `/api/competitions/${comp.competition.id}/di-survey`, { as: applicant })).status).toBe(403)
    const results = await p.call('GET', `/api/competitions/${comp.competition.id}/di-survey`, { as: manager })
    expect(results.json.respondents).toBe('fewer than 5')
  })
})
