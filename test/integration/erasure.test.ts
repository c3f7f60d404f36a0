// Erasure (UK GDPR): a person, or a programme manager on their request, erases their personal
// data; ids, amounts, decisions, the ledger and the audit chain stay intact and verifiable, the
// chain records the erasure, the account stops working, emails not yet sent are cancelled, and
// the next build of the published results and open data no longer holds a sole trader's name.
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import type { OpenDataConfig } from '../../functions/core/open-data/config.js'
import { acceptedAwards, awardingCompetition, type Assessing } from '../support/assessing-fixtures.js'
import { completeAnswers, openCompetition, startedDraft } from '../support/eoi-fixtures.js'
import { createPublished, publishedWebinar } from '../support/fixtures.js'
import { emailsTo } from '../support/mail.js'
import { createTestPlatform, fieldsOf, type TestPlatform } from '../support/platform.js'

const CONFIG: OpenDataConfig = {
  prefix: 'test-fund',
  funder: { id: 'GB-CHC-1234567', name: 'Test Region Civic Data Cooperative' },
  region: { name: 'Liverpool City Region', countryCode: 'GB', geoCode: 'E47000004' },
  licence: 'https://creativecommons.org/licenses/by/4.0/',
}
const SOLE_TRADER = 'Jo Bloggs Trading'
const COMPANY = 'Breathe Easy Ltd'
const MISSING = '01ARZ3NDEKTSV4RRFFQ69G5FAV'

let p: TestPlatform
let a: Assessing
type Person = Awaited<ReturnType<TestPlatform['signIn']>>
let soleTrader: Person
let company: Person
let eventId: string

const base = () => `/api/competitions/${a.competitionId}`
const openData = async () => (await p.call('GET', `${base()}/open-data/360giving.json`)).text
const results = async () => (await p.call('GET', `${base()}/results`)).text
const verify = async () => (await p.call('GET', `${base()}/audit/verify`, { as: a.manager })).json

/** The actions on a competition's audit chain, entries and intents not yet chained. */
async function chainActions(competitionId: string): Promise<string[]> {
  const { Items } = await p.db.doc.send(
    new QueryCommand({
      TableName: p.db.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `AUDIT#${competitionId}` },
      ConsistentRead: true,
    }),
  )
  return (Items ?? []).map((i) => String(i.action))
}

beforeAll(async () => {
  p = await createTestPlatform({ openData: CONFIG, userCacheMs: 0 })
  a = await awardingCompetition(p, [
    { name: SOLE_TRADER, requestedPence: 1_670_000, score: 5 },
    { name: COMPANY, requestedPence: 1_500_000, score: 4 },
  ])
  soleTrader = a.applications[0]!.applicant as Person
  company = a.applications[1]!.applicant as Person
  const mine = await p.call('GET', '/api/me/organisation', { as: soleTrader })
  const edited = await p.call('PATCH', `/api/organisations/${mine.json.id}`, {
    as: soleTrader,
    body: { version: mine.json.version, type: 'sole-trader', sizeBand: 'just-me' },
  })
  expect(edited.status, JSON.stringify(edited.json)).toBe(200)
  await acceptedAwards(p, a, 2, { amountPence: 1_500_000, reason: 'What the pot allows' })
  const call = await p.call('POST', `/api/applications/${a.ids[0]}/feedback-call`, {
    as: soleTrader,
    body: { preferredTimes: 'Mornings on 07700 900456', question: 'How could Jo Bloggs improve the pitch?' },
  })
  expect(call.status, JSON.stringify(call.json)).toBe(201)
  const published = await p.call('POST', `${base()}/results`, { as: a.manager })
  expect(published.status, JSON.stringify(published.json)).toBe(200)

  // Both ask a question and register for an event of an open competition (its email waits in the outbox).
  const { competition } = await createPublished(p, a.manager)
  eventId = await publishedWebinar(p, a.manager, competition.id)
  for (const [who, person] of [
    ['Jo Bloggs', soleTrader],
    ['Sam Breathe', company],
  ] as const) {
    const asked = await p.call('POST', `/api/competitions/${competition.id}/clarifications`, {
      as: person,
      body: { question: `${who} asks: can we apply with a partner?` },
    })
    expect(asked.status, JSON.stringify(asked.json)).toBe(201)
    const registered = await p.call('POST', `/api/events/${eventId}/registrations`, {
      body: { name: who, email: person.email, organisation: 'Mine', accessibilityNeeds: 'Step-free access' },
    })
    expect(registered.status, JSON.stringify(registered.json)).toBe(200)
  }
}, 180_000)

describe('a manager erases a person on their request', () => {
  it('refuses bad input, other roles and unknown people', async () => {
    const noReason = await p.call('POST', `/api/users/${soleTrader.id}/erasure`, { as: a.manager, body: {} })
    expect(noReason.status).toBe(400)
    expect(noReason.headers.get('content-type')).toMatch(/problem\+json/)
    expect(fieldsOf(noReason.json)).toEqual(['reason'])
    const asApplicant = await p.call('POST', `/api/users/${soleTrader.id}/erasure`, {
      as: company,
      body: { reason: 'Asked by email' },
    })
    expect(asApplicant.status).toBe(403)
    const missing = await p.call('POST', `/api/users/${MISSING}/erasure`, { as: a.manager, body: { reason: 'Asked' } })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/)
    // Nothing was erased by any of them.
    expect((await p.call('GET', '/api/me', { as: soleTrader })).status).toBe(200)
  })

  it('erases a sole trader: names, emails and answers go; ids, amounts, decisions and the ledger stay; the chain verifies and records it', async () => {
    const applicationId = a.ids[0]!
    const [ledgerBefore, budgetBefore, openBefore, resultsBefore] = await Promise.all([
      p.call('GET', `${base()}/ledger`, { as: a.manager }),
      p.call('GET', `${base()}/budget`, { as: a.manager }),
      openData(),
      results(),
    ])
    expect(openBefore).toContain(SOLE_TRADER)
    expect(resultsBefore).toContain(SOLE_TRADER)
    expect((await verify()).ok).toBe(true)

    const erased = await p.call('POST', `/api/users/${soleTrader.id}/erasure`, {
      as: a.manager,
      body: { reason: 'Asked by email on 1 December' },
    })
    expect(erased.status, JSON.stringify(erased.json)).toBe(200)
    expect(erased.json).toMatchObject({
      userId: soleTrader.id,
      applications: 1,
      organisationNameErased: true,
      questions: 1,
      eventRegistrations: 1,
    })
    // The receipt, the decision and the event registration's emails were still waiting.
    expect(erased.json.emailsCancelled).toBe(3)

    // The account no longer works.
    expect((await p.call('GET', '/api/me', { as: soleTrader })).status).toBe(401)
    // The EOI keeps its id, status, receipt and amount; its contact, answers and name are erased.
    const eoi = (await p.call('GET', `/api/applications/${applicationId}`, { as: a.manager })).json
    expect(eoi).toMatchObject({ id: applicationId, status: 'submitted', organisationName: '[erased]' })
    expect(eoi.receiptNumber).toBeTruthy()
    expect(eoi.amountRequestedPence).toBe(1_670_000)
    expect(eoi.contact.name).toBe('[erased]')
    expect(JSON.stringify(eoi)).not.toContain(soleTrader.email)
    expect(JSON.stringify(eoi.answers)).not.toContain('Sensors in homes')
    // The ledger is exactly as it was: written once, never edited.
    expect((await p.call('GET', `${base()}/ledger`, { as: a.manager })).json).toEqual(ledgerBefore.json)
    // The budget's awards: only the name changed.
    expect((await p.call('GET', `${base()}/budget`, { as: a.manager })).text).toEqual(
      budgetBefore.text.replaceAll(SOLE_TRADER, '[erased]'),
    )
    // The next builds of open data and the results follow; the company's name is not personal data and stays.
    const [openAfter, resultsAfter] = await Promise.all([openData(), results()])
    expect(openAfter).not.toContain(SOLE_TRADER)
    expect(resultsAfter).not.toContain(SOLE_TRADER)
    expect(openAfter).toContain(COMPANY)
    expect(JSON.parse(openAfter).grants).toHaveLength(JSON.parse(openBefore).grants.length)
    // Pending emails to them are gone; their registration and email lock hold nothing of them.
    expect((await emailsTo(p.db, soleTrader.email)).filter((m) => m.status === 'pending')).toEqual([])
    const registrations = await p.call('GET', `/api/competitions/${a.competitionId}/events/${eventId}/registrations`, {
      as: a.manager,
    })
    expect(registrations.text).not.toContain('Jo Bloggs')
    // What they asked in their feedback call is erased too; the call itself stays.
    const overview = await p.call('GET', `${base()}/feedback`, { as: a.manager })
    expect(overview.text).toContain('[erased]')
    expect(overview.text).not.toContain('07700 900456')
    expect(overview.text).not.toContain('Jo Bloggs')
    // The audit chain verifies and records the erasure.
    const verified = await verify()
    expect(verified.ok, JSON.stringify(verified)).toBe(true)
    expect(await chainActions(a.competitionId)).toContain('POST /users/:userId/erasure')
  })

  it('is idempotent: erasing again changes nothing that matters and the chain still verifies', async () => {
    // Erased once (here too, so that this test runs alone), then again.
    const once = await p.call('POST', `/api/users/${soleTrader.id}/erasure`, {
      as: a.manager,
      body: { reason: 'Asked by email on 1 December' },
    })
    expect(once.status, JSON.stringify(once.json)).toBe(200)
    const again = await p.call('POST', `/api/users/${soleTrader.id}/erasure`, {
      as: a.manager,
      body: { reason: 'Asked again' },
    })
    expect(again.status, JSON.stringify(again.json)).toBe(200)
    expect(again.json).toMatchObject({ applications: 1, questions: 0, eventRegistrations: 0, emailsCancelled: 0 })
    expect((await verify()).ok).toBe(true)
    expect(await openData()).not.toContain(SOLE_TRADER)
  })
})

describe('a person erases their own data', () => {
  it('needs the confirmation, then erases; a company’s name is not personal data and stays', async () => {
    const unconfirmed = await p.call('POST', '/api/me/erasure', { as: company, body: { confirm: 'yes' } })
    expect(unconfirmed.status).toBe(400)
    expect(fieldsOf(unconfirmed.json)).toEqual(['confirm'])
    expect((await p.call('POST', '/api/me/erasure', { as: company, body: {} })).status).toBe(400)
    expect((await p.call('POST', '/api/me/erasure', { body: { confirm: 'erase my data' } })).status).toBe(401)
    expect((await p.call('GET', '/api/me', { as: company })).status).toBe(200)

    const erased = await p.call('POST', '/api/me/erasure', { as: company, body: { confirm: 'erase my data' } })
    expect(erased.status, JSON.stringify(erased.json)).toBe(200)
    expect(erased.json).toMatchObject({ applications: 1, organisationNameErased: false, questions: 1 })
    expect((await p.call('GET', '/api/me/data', { as: company })).status).toBe(401)
    const eoi = (await p.call('GET', `/api/applications/${a.ids[1]}`, { as: a.manager })).json
    expect(eoi.organisationName).toBe(COMPANY)
    expect(eoi.contact.name).toBe('[erased]')
    expect(await openData()).toContain(COMPANY)
    expect(await chainActions(a.competitionId)).toContain('POST /me/erasure')
    expect((await verify()).ok).toBe(true)
  })
})

describe('erasure racing an autosave', () => {
  it('leaves no personal data in the draft, whichever lands first', async () => {
    const comp = await openCompetition(p, a.manager)
    for (let round = 0; round < 4; round++) {
      const { applicant, application } = await startedDraft(p, comp, `Individual ${round}`)
      const secret = `Call Cara Dee on 07700 900${round}23`
      const [saved, erased] = await Promise.all([
        p.call('PATCH', `/api/applications/${application.id}`, {
          as: applicant,
          body: { version: 1, ...completeAnswers(comp), answers: { [comp.idea.id]: secret } },
        }),
        p.call('POST', `/api/users/${applicant.id}/erasure`, { as: a.manager, body: { reason: 'Asked' } }),
      ])
      expect(erased.status, JSON.stringify(erased.json)).toBe(200)
      expect([200, 401, 409], JSON.stringify(saved.json)).toContain(saved.status)
      const stored = (await p.call('GET', `/api/applications/${application.id}`, { as: a.manager })).json
      expect(stored.id).toBe(application.id)
      const item = await p.db.doc.send(
        new QueryCommand({
          TableName: p.db.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `APP#${application.id}` },
          ConsistentRead: true,
        }),
      )
      expect(JSON.stringify(item.Items)).not.toContain('Cara Dee')
    }
  })
})
