// The manager's list of a competition's grants through the API: every accepted award, with its
// grant agreement's status once set up (draft, sent, active), never a declined or withdrawn
// award without one; only the grants themselves from their partition (a report or change
// stored under a grant's key is not a grant); managers only; a missing competition is a 404.
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { assessingCompetition, releaseDecisions, type Assessing } from '../support/assessing-fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let a: Assessing
const DAY = 86_400_000
const AWARD = 1_000_000 // five of these fit the £60,000 pot (each asked for £16,700)
const MISSING = '01ARZ3NDEKTSV4RRFFQ69G5FAV'
const listPath = () => `/api/competitions/${a.competitionId}/grants`

const agreement = (version: number) => ({
  version,
  startsOn: '2027-01-04',
  endsOn: '2027-12-17',
  milestones: [{ id: 'm1', title: 'Pilot', dueOn: '2027-06-30', evidence: 'The pilot’s data' }],
  tranches: [
    { id: 't1', label: 'On signing', percent: 40, trigger: { kind: 'signing' } },
    { id: 't2', label: 'After the pilot', percent: 60, trigger: { kind: 'milestone', milestoneId: 'm1' } },
  ],
  indicators: [],
})

beforeAll(async () => {
  p = await createTestPlatform()
  // Five shortlisted: 0, 1, 2 accept; 3 declines; 4 is still offered.
  a = await assessingCompetition(p, { applications: 5, panellists: 0 })
  const respondBy = new Date(p.clock.now.getTime() + 14 * DAY).toISOString()
  for (const id of a.ids) {
    const award = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
      as: a.manager,
      body: {
        applicationId: id,
        amountPence: AWARD,
        reason: 'Five winners share the pot',
        respondBy,
        conditions: 'Quarterly progress reports',
      },
    })
    expect(award.status, JSON.stringify(award.json)).toBe(201)
  }
  await releaseDecisions(p, a)
  for (const [i, accept] of [
    [0, true],
    [1, true],
    [2, true],
    [3, false],
  ] as const) {
    const answer = await p.call('POST', `/api/applications/${a.ids[i]}/offer/response`, {
      as: a.applications[i]!.applicant,
      body: { version: 1, accept },
    })
    expect(answer.status, JSON.stringify(answer.json)).toBe(200)
  }
  const grantPath = (i: number) => `/api/competitions/${a.competitionId}/grants/${a.ids[i]}`
  // 1: a draft; 2: sent and accepted.
  for (const i of [1, 2])
    expect((await p.call('PUT', grantPath(i), { as: a.manager, body: agreement(0) })).status).toBe(201)
  expect((await p.call('POST', `${grantPath(2)}/send`, { as: a.manager, body: { version: 1 } })).status).toBe(200)
  const accepted = await p.call('POST', `/api/applications/${a.ids[2]}/grant/accept`, {
    as: a.applications[2]!.applicant,
    body: { version: 2 },
  })
  expect(accepted.status, JSON.stringify(accepted.json)).toBe(200)
}, 120_000)

describe('the list of a competition’s grants', () => {
  it('shows every accepted award, with its grant’s status once set up, by organisation', async () => {
    // Something else kept under a grant's key in the same partition, as reports and changes are.
    await p.db.doc.send(
      new PutCommand({
        TableName: p.db.tableName,
        Item: {
          pk: `GRANTS#${a.competitionId}`,
          sk: `GRANT#${a.ids[2]}#REPORT#m1`,
          entity: 'grantReport',
          applicationId: a.ids[2],
          status: 'submitted',
        },
      }),
    )
    const res = await p.call('GET', listPath(), { as: a.manager })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    const rows = res.json.rows as { applicationId: string; organisationName: string; award: object; grant?: object }[]
    // Accepted: Breathe Easy (none yet), FamilyLink (draft), CareBridge (active); not the declined or the offered.
    expect(rows.map((r) => r.organisationName)).toEqual(['Breathe Easy Ltd', 'CareBridge', 'FamilyLink CIC'])
    const byId = new Map(rows.map((r) => [r.applicationId, r]))
    expect(byId.get(a.ids[0]!)).toEqual({
      applicationId: a.ids[0],
      organisationName: 'Breathe Easy Ltd',
      award: {
        status: 'accepted',
        amountPence: AWARD,
        conditions: 'Quarterly progress reports',
        respondedAt: expect.any(String),
      },
    })
    expect(byId.get(a.ids[1]!)!.grant).toMatchObject({ status: 'draft', version: 1, awardPence: AWARD, paidPence: 0 })
    expect(byId.get(a.ids[2]!)!.grant).toMatchObject({
      status: 'active',
      version: 3,
      startsOn: '2027-01-04',
      endsOn: '2027-12-17',
      acceptedAt: expect.any(String),
      sentAt: expect.any(String),
    })
    // A summary: no notes, milestones, tranches or progress.
    expect(Object.keys(byId.get(a.ids[2]!)!.grant!)).not.toContain('notes')
    expect(Object.keys(byId.get(a.ids[2]!)!.grant!)).not.toContain('progress')
  })

  it('is for managers only; a competition that does not exist is a 404', async () => {
    expect((await p.call('GET', listPath(), { as: a.applications[0]!.applicant })).status).toBe(403)
    expect((await p.call('GET', listPath())).status).toBe(401)
    const missing = await p.call('GET', `/api/competitions/${MISSING}/grants`, { as: a.manager })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toContain('application/problem+json')
  })

  it('is in the OpenAPI document', async () => {
    const openapi = await p.call('GET', '/api/openapi.json')
    const get = openapi.json.paths['/competitions/{competitionId}/grants']?.get
    expect(get?.description).toContain('Who may call: programme managers.')
    expect(Object.keys(get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '403', '404']))
  })
})
