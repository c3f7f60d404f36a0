// Retention: unsuccessful applicants' EOIs are erased by the daily sweep once the period the
// programme manager set (default 24 months after decisions are released) has passed. TTL is not
// prompt (and DynamoDB Local never expires), so the sweep does the work; funded EOIs stay.
import { beforeAll, describe, expect, it } from 'vitest'
import { sweepUnsuccessfulEois } from '../../functions/core/users/retention.js'
import { awardingCompetition, releaseDecisions, type Assessing } from '../support/assessing-fixtures.js'
import { createTestPlatform, fieldsOf, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let six: Assessing
let byDefault: Assessing
const DAY = 86_400_000
const sweep = () => sweepUnsuccessfulEois({ db: p.db, now: () => p.clock.now })
const eoi = async (a: Assessing, i: number) =>
  (await p.call('GET', `/api/applications/${a.ids[i]}`, { as: a.manager })).json

async function awardFirstAndRelease(a: Assessing, months?: number) {
  const made = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
    as: a.manager,
    body: {
      applicationId: a.ids[0],
      amountPence: 1_670_000,
      respondBy: new Date(p.clock.now.getTime() + 14 * DAY).toISOString(),
    },
  })
  expect(made.status, JSON.stringify(made.json)).toBe(201)
  if (months) {
    const settings = await p.call('GET', `/api/competitions/${a.competitionId}/feedback`, { as: a.manager })
    const saved = await p.call('PUT', `/api/competitions/${a.competitionId}/feedback-settings`, {
      as: a.manager,
      body: { version: settings.json.release.version, showScores: false, unsuccessfulRetentionMonths: months },
    })
    expect(saved.status, JSON.stringify(saved.json)).toBe(200)
    expect(saved.json.unsuccessfulRetentionMonths).toBe(months)
  }
  return releaseDecisions(p, a)
}

const bids = [
  { name: 'Funded Ltd', requestedPence: 1_670_000, score: 5 },
  { name: 'Not Funded CIC', requestedPence: 1_670_000, score: 2 },
  { name: 'Also Not Funded Ltd', requestedPence: 1_670_000, score: 1 },
]

beforeAll(async () => {
  p = await createTestPlatform()
  six = await awardingCompetition(p, bids)
  await awardFirstAndRelease(six, 6)
  byDefault = await awardingCompetition(p, bids)
  await awardFirstAndRelease(byDefault)
}, 180_000)

describe('the retention period of unsuccessful EOIs', () => {
  it('is set by the manager in whole months, 1 to 120', async () => {
    const settings = await p.call('GET', `/api/competitions/${six.competitionId}/feedback`, { as: six.manager })
    for (const months of [0, 121, 1.5]) {
      const res = await p.call('PUT', `/api/competitions/${six.competitionId}/feedback-settings`, {
        as: six.manager,
        body: { version: settings.json.release.version, showScores: false, unsuccessfulRetentionMonths: months },
      })
      expect(res.status, String(months)).toBe(400)
      expect(fieldsOf(res.json)).toEqual(['unsuccessfulRetentionMonths'])
    }
  })

  it('is swept: nothing before the period ends; then unsuccessful EOIs lose their answers and contact, once; funded ones and the default period stay', async () => {
    const released = Date.parse(
      (await p.call('GET', `/api/competitions/${six.competitionId}/feedback`, { as: six.manager })).json.release
        .releasedAt,
    )
    const before = await eoi(six, 1)
    expect(before.contact.email).toMatch(/@/)
    expect(await sweep()).toEqual([])

    p.clock.now = new Date(released + 5 * 30 * DAY)
    expect(await sweep()).toEqual([])
    expect((await eoi(six, 1)).answers).toEqual(before.answers)

    p.clock.now = new Date(released + 7 * 31 * DAY)
    expect(await sweep()).toEqual([{ competitionId: six.competitionId, erased: 2 }])
    for (const i of [1, 2]) {
      const erased = await eoi(six, i)
      expect(erased).toMatchObject({ id: six.ids[i], status: 'submitted', amountRequestedPence: 1_670_000 })
      expect(Object.values(erased.answers)).toContain('[erased]')
      expect(JSON.stringify(erased.answers)).not.toContain('Sensors in homes')
      expect(erased.contact.name).toBe('[erased]')
      expect(erased.contact.email).not.toContain('@test.example')
    }
    const funded = await eoi(six, 0)
    expect(JSON.stringify(funded.answers)).toContain('Sensors in homes')
    expect(funded.contact.email).toMatch(/@test\.example$/)
    // The default competition (24 months) is untouched, and the swept one is not swept again.
    expect(JSON.stringify((await eoi(byDefault, 1)).answers)).toContain('Sensors in homes')
    expect(await sweep()).toEqual([])

    p.clock.now = new Date(released + 25 * 31 * DAY)
    expect(await sweep()).toEqual([{ competitionId: byDefault.competitionId, erased: 2 }])
    expect(JSON.stringify((await eoi(byDefault, 2)).answers)).not.toContain('Sensors in homes')
    expect(JSON.stringify((await eoi(byDefault, 0)).answers)).toContain('Sensors in homes')
  })
})
