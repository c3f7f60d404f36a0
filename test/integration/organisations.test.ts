// Applicants register an organisation (companies and people without one), read and edit it.
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
beforeAll(async () => {
  p = await createTestPlatform()
})

const fieldsOf = (json: { errors?: { field: string }[] }) => (json.errors ?? []).map((e) => e.field).sort()
const breatheEasy = {
  name: 'Breathe Easy Ltd',
  type: 'sme',
  companiesHouseNumber: '01234567',
  postcode: 'l1 8jq',
  sizeBand: '2-9',
}

describe('organisations', () => {
  it('registers a company, normalising its postcode and number, once per person', async () => {
    const applicant = await p.signIn('applicant')
    const res = await p.call('POST', '/api/organisations', {
      as: applicant,
      body: { ...breatheEasy, companiesHouseNumber: 'sc 123456' },
    })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({
      name: 'Breathe Easy Ltd',
      postcode: 'L1 8JQ',
      companiesHouseNumber: 'SC123456',
      version: 1,
    })
    expect((await p.call('GET', '/api/me/organisation', { as: applicant })).json).toEqual(res.json)
    const again = await p.call('POST', '/api/organisations', { as: applicant, body: breatheEasy })
    expect(again.status).toBe(409)
  })

  it('lets people without a company apply as individuals', async () => {
    const person = await p.signIn('applicant')
    const res = await p.call('POST', '/api/organisations', {
      as: person,
      body: { name: 'Liam Doyle', type: 'individual', postcode: 'CH41 1AA', sizeBand: 'just-me' },
    })
    expect(res.status).toBe(201)
    expect(res.json.companiesHouseNumber).toBeUndefined()
  })

  it('names each bad field', async () => {
    const applicant = await p.signIn('applicant')
    const res = await p.call('POST', '/api/organisations', {
      as: applicant,
      body: { name: '', type: 'plc', companiesHouseNumber: '123', postcode: 'NOT A CODE', sizeBand: 'huge' },
    })
    expect(res.status).toBe(400)
    expect(fieldsOf(res.json)).toEqual(['companiesHouseNumber', 'name', 'postcode', 'sizeBand', 'type'])
    expect((await p.call('GET', '/api/me/organisation', { as: applicant })).status).toBe(404)
  })

  it('edits your own profile with versions; someone else’s is a 404 like a missing one', async () => {
    const owner = await p.signIn('applicant')
    const other = await p.signIn('applicant')
    const mine = (await p.call('POST', '/api/organisations', { as: owner, body: breatheEasy })).json
    await p.call('POST', '/api/organisations', { as: other, body: { ...breatheEasy, name: 'Other Ltd' } })

    const edited = await p.call('PATCH', `/api/organisations/${mine.id}`, {
      as: owner,
      body: { version: 1, sizeBand: '10-49' },
    })
    expect(edited.json).toMatchObject({ sizeBand: '10-49', version: 2, companiesHouseNumber: '01234567' })
    const individual = await p.call('PATCH', `/api/organisations/${mine.id}`, {
      as: owner,
      body: { version: 2, type: 'individual', companiesHouseNumber: null },
    })
    expect(individual.json.companiesHouseNumber).toBeUndefined()
    expect(individual.json.version).toBe(3)
    expect(
      (await p.call('PATCH', `/api/organisations/${mine.id}`, { as: owner, body: { version: 1, name: 'Lost' } }))
        .status,
    ).toBe(409)

    const theirs = await p.call('PATCH', `/api/organisations/${mine.id}`, {
      as: other,
      body: { version: 3, name: 'Hijacked' },
    })
    const missing = await p.call('PATCH', '/api/organisations/01ARZ3NDEKTSV4RRFFQ69G5FAV', {
      as: other,
      body: { version: 1, name: 'X' },
    })
    expect(theirs.status).toBe(404)
    expect(theirs.json).toEqual(missing.json)
    expect((await p.call('GET', '/api/me/organisation', { as: owner })).json.name).toBe('Breathe Easy Ltd')
  })

  it('lets exactly one of two concurrent edits of a version through', async () => {
    const owner = await p.signIn('applicant')
    const mine = (await p.call('POST', '/api/organisations', { as: owner, body: breatheEasy })).json
    const results = await Promise.all(
      ['A Ltd', 'B Ltd', 'C Ltd'].map((name) =>
        p.call('PATCH', `/api/organisations/${mine.id}`, { as: owner, body: { version: 1, name } }),
      ),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409])
  })

  it('registers once even when the same person registers twice at once', async () => {
    const applicant = await p.signIn('applicant')
    const results = await Promise.all(
      [1, 2, 3].map(() => p.call('POST', '/api/organisations', { as: applicant, body: breatheEasy })),
    )
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409])
  })

  it('is for applicants', async () => {
    const manager = await p.signIn('manager')
    expect((await p.call('POST', '/api/organisations', { body: breatheEasy })).status).toBe(401)
    expect((await p.call('POST', '/api/organisations', { as: manager, body: breatheEasy })).status).toBe(403)
    expect((await p.call('GET', '/api/me/organisation', { as: manager })).status).toBe(403)
  })
})
