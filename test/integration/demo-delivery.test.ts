// The demo's third competition, "What's your problem? (first round)", seeded by the real seed:
// its three real winners' awards accepted for exactly their amounts (£52,940 of the £60,000
// pot, in the budget and the ledger), results published, three active grants each readable by
// its own grantee (and no one else's), a second manager for four eyes, one milestone overdue,
// each first tranche paid, one report waiting for review, one queried, and public milestones.
import { beforeAll, describe, expect, it } from 'vitest'
import { utcIsoToLondonLocal } from '../../shared/dates.js'
import { seedIfEmpty } from '../../functions/local/seed.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let competitionId: string
let manager: { token: string; id: string }
const MISSING = '01ARZ3NDEKTSV4RRFFQ69G5FAV'
const WINNERS = [
  ['Koala North West', 2_000_000, 'grants@koalanorthwest.example'],
  ['Spacious Places Life', 1_670_000, 'hello@spaciousplaces.example'],
  ['Damibu', 1_624_000, 'projects@damibu.example'],
] as const

const signIn = async (email: string) => {
  const res = await p.call('POST', '/api/dev-auth/token', { body: { email } })
  expect(res.status).toBe(200)
  return { token: res.json.token as string, id: res.json.user.id as string, role: res.json.user.role as string }
}

type Award = { applicationId: string; organisationName: string; amountPence: number; status: string }
let awards: Award[]

beforeAll(async () => {
  p = await createTestPlatform()
  const seeded = await seedIfEmpty({ db: p.db, files: p.files, now: () => p.clock.now, publicUrl: p.publicUrl })
  expect(seeded).toBe(true)
  const list = await p.call('GET', '/api/competitions?status=published')
  competitionId = list.json.items.find((c: { title: string }) => c.title === "What's your problem? (first round)")?.id
  manager = await signIn('programme.manager@lcr-cdc.example')
  const budget = await p.call('GET', `/api/competitions/${competitionId}/budget`, { as: manager })
  awards = budget.json.awards
}, 300_000)

describe('the demo competition in delivery', () => {
  it('has its three real winners accepted for exactly their amounts: £52,940 committed of £60,000, in the ledger and the public results', async () => {
    const page = await p.call('GET', `/api/competitions/${competitionId}`)
    expect(page.json.phase).not.toBe('open')
    const budget = await p.call('GET', `/api/competitions/${competitionId}/budget`, { as: manager })
    expect(budget.json).toMatchObject({ potPence: 6_000_000, committedPence: 5_294_000, remainingPence: 706_000 })
    expect(awards.map((a) => [a.organisationName, a.amountPence, a.status]).sort()).toEqual(
      WINNERS.map(([name, pence]) => [name, pence, 'accepted']).sort(),
    )
    // Replaying the ledger gives what is committed: three awards, none given back (payments move only what is paid).
    const { entries } = (await p.call('GET', `/api/competitions/${competitionId}/ledger`, { as: manager })).json as {
      entries: { cause: string; changePence: number }[]
    }
    expect(entries.filter((e) => e.changePence !== 0).map((e) => e.cause)).toEqual(['awarded', 'awarded', 'awarded'])
    expect(entries.reduce((sum, e) => sum + e.changePence, 0)).toBe(5_294_000)

    const results = await p.call('GET', `/api/competitions/${competitionId}/results`)
    expect(results.status).toBe(200)
    expect(results.json).toMatchObject({ totalAwardedPence: 5_294_000, potPence: 6_000_000 })
    expect(results.json.winners.map((w: { organisationName: string }) => w.organisationName)).toEqual(
      WINNERS.map(([name]) => name),
    )
  })

  it('has three active grants, started about three months ago and ending 6–9 months from now, with 3–4 milestones, 25% tranches and indicators', async () => {
    const today = utcIsoToLondonLocal(p.clock.now.toISOString()).slice(0, 10)
    const inDays = (days: number) =>
      utcIsoToLondonLocal(new Date(p.clock.now.getTime() + days * 86_400_000).toISOString()).slice(0, 10)
    for (const award of awards) {
      const res = await p.call('GET', `/api/competitions/${competitionId}/grants/${award.applicationId}`, {
        as: manager,
      })
      expect(res.status).toBe(200)
      const grant = res.json
      expect(grant).toMatchObject({ status: 'active', awardPence: award.amountPence, sentBy: manager.id })
      expect(grant.startsOn > inDays(-100) && grant.startsOn < inDays(-80)).toBe(true)
      expect(grant.endsOn > inDays(180) && grant.endsOn < inDays(275)).toBe(true)
      expect(grant.milestones.length).toBeGreaterThanOrEqual(3)
      expect(grant.milestones.length).toBeLessThanOrEqual(4)
      expect(grant.tranches.map((t: { percent: number }) => t.percent)).toEqual([25, 25, 25, 25])
      expect(grant.tranches.reduce((sum: number, t: { amountPence: number }) => sum + t.amountPence, 0)).toBe(
        award.amountPence,
      )
      expect(grant.tranches.at(-1).holdback).toBe(true)
      expect(grant.indicators.length).toBeGreaterThanOrEqual(1)
      // On signing: the first tranche due (or paid), authorised by the manager who sent the agreement.
      const signing = grant.progress.tranches.signing
      expect(signing).toMatchObject({ amountPence: award.amountPence / 4, authorisedBy: manager.id })
      expect(['due', 'paid']).toContain(signing.status)
      expect(grant.paidPence).toBe(signing.status === 'paid' ? signing.amountPence : 0)
      expect(grant.startsOn < today).toBe(true)
    }
  })

  it('has one milestone overdue: Damibu’s first, past its date with no report', async () => {
    const today = utcIsoToLondonLocal(p.clock.now.toISOString()).slice(0, 10)
    const overdue = []
    for (const award of awards) {
      const grant = (
        await p.call('GET', `/api/competitions/${competitionId}/grants/${award.applicationId}`, { as: manager })
      ).json
      for (const [id, m] of Object.entries(
        grant.progress.milestones as Record<string, { status: string; dueOn: string }>,
      ))
        if (m.status === 'upcoming' && m.dueOn < today) overdue.push([grant.organisationName, id])
    }
    expect(overdue).toEqual([['Damibu', 'm1']])
  })

  it('lets each grantee sign in and read their own grant, and no one else’s (the same 404 as none)', async () => {
    for (const [name, , email] of WINNERS) {
      const grantee = await signIn(email)
      expect(grantee.role).toBe('applicant')
      const own = awards.find((a) => a.organisationName === name)!
      const other = awards.find((a) => a.organisationName !== name)!
      const mine = await p.call('GET', `/api/applications/${own.applicationId}/grant`, { as: grantee })
      expect(mine.status).toBe(200)
      expect(mine.json).toMatchObject({ organisationName: name, status: 'active', awardPence: own.amountPence })
      const theirs = await p.call('GET', `/api/applications/${other.applicationId}/grant`, { as: grantee })
      const none = await p.call('GET', `/api/applications/${MISSING}/grant`, { as: grantee })
      expect([theirs.status, none.status]).toEqual([404, 404])
      expect(theirs.json).toEqual(none.json)
    }
  })

  it('has a second manager, who authorised nothing, to record payments (four eyes)', async () => {
    const second = await signIn('programme.payments@lcr-cdc.example')
    expect(second.role).toBe('manager')
    expect(second.id).not.toBe(manager.id)
    for (const award of awards) {
      const grant = (
        await p.call('GET', `/api/competitions/${competitionId}/grants/${award.applicationId}`, { as: second })
      ).json
      const tranches = Object.values(
        grant.progress.tranches as Record<string, { authorisedBy?: string; payment?: { recordedBy: string } }>,
      )
      expect(tranches.map((t) => t.authorisedBy)).not.toContain(second.id)
      // Whatever is paid was recorded by someone other than its authoriser.
      for (const t of tranches.filter((t) => t.payment)) expect(t.payment!.recordedBy).not.toBe(t.authorisedBy)
    }
  })
})

describe('every state of a grant in delivery, at once', () => {
  it('has each first tranche paid by the second manager, one report waiting for review, one queried, and public milestones', async () => {
    const second = await signIn('programme.payments@lcr-cdc.example')
    const grants = new Map<string, any>()
    for (const award of awards)
      grants.set(
        award.organisationName,
        (await p.call('GET', `/api/competitions/${competitionId}/grants/${award.applicationId}`, { as: manager })).json,
      )
    let paid = 0
    for (const grant of grants.values()) {
      const signing = grant.progress.tranches.signing
      // Four eyes: authorised by the manager who sent the agreement, recorded by the second manager.
      expect(signing).toMatchObject({ status: 'paid', authorisedBy: manager.id })
      expect(signing.payment).toMatchObject({ recordedBy: second.id, amountPence: signing.amountPence })
      expect(grant.paidPence).toBe(signing.amountPence)
      paid += signing.amountPence
    }
    const budget = (await p.call('GET', `/api/competitions/${competitionId}/budget`, { as: manager })).json
    expect([budget.committedPence, budget.paidPence, budget.outstandingPence]).toEqual([
      5_294_000,
      paid,
      5_294_000 - paid,
    ])
    expect(grants.get('Spacious Places Life').progress.milestones.m1.status).toBe('submitted')
    expect(grants.get('Koala North West').progress.milestones.m1.status).toBe('queried')
    const koala = awards.find((a) => a.organisationName === 'Koala North West')!
    const report = await p.call('GET', `/api/competitions/${competitionId}/grants/${koala.applicationId}/reports/m1`, {
      as: manager,
    })
    expect(report.status).toBe(200)
    expect(JSON.stringify(report.json)).toContain('consent')
    const programme = (await p.call('GET', '/api/programme/grants', { as: manager })).json
    const statuses = Object.fromEntries(
      programme.grants
        .filter((g: { competitionId: string }) => g.competitionId === competitionId)
        .map((g: { organisationName: string; status: string }) => [g.organisationName, g.status]),
    )
    expect(statuses).toMatchObject({ Damibu: 'overdue', 'Koala North West': 'queried' })
    // The results page shows the winners' first milestones, published, with a plain status.
    const results = (await p.call('GET', `/api/competitions/${competitionId}/results`)).json
    for (const winner of results.winners) expect(winner.milestones.length).toBe(2)
  })
})

describe('the first round’s funnel, and the programme it starts', () => {
  it('counts as the real programme did: 75 engaged, 12 EOIs, 4 shortlisted, 3 funded; the webinars as they sold', async () => {
    const funnel = await p.call('GET', `/api/competitions/${competitionId}/funnel`, { as: manager })
    expect(funnel.status, JSON.stringify(funnel.json)).toBe(200)
    expect(
      Object.fromEntries(funnel.json.steps.map((s: { stage: string; count: number }) => [s.stage, s.count])),
    ).toEqual({
      engaged: 75,
      submitted: 12,
      eligible: 10,
      shortlisted: 4,
      awarded: 3,
      accepted: 3,
      completed: 0,
    })
    // 63 engaged without applying, among them the three that asked a question.
    const followUp = await p.call('GET', `/api/competitions/${competitionId}/funnel?limit=100`, { as: manager })
    expect(followUp.json.followUp.items).toHaveLength(63)
    expect(
      followUp.json.followUp.items
        .filter((o: { via: string[] }) => o.via.includes('question'))
        .map((o: { name: string }) => o.name)
        .sort(),
    ).toEqual(['Anfield Asthma Friends', 'Liverpool Parent Network CIC', 'Mersey Care Robotics Ltd'])
    expect(
      funnel.json.events.map((e: { views: number; registrations: number; attended: number }) => [
        e.views,
        e.registrations,
      ]),
    ).toEqual([
      [0, 94],
      [171, 13],
      [35, 4],
      [99, 6],
      [53, 6],
      [120, 29],
    ])
    const programmes = await p.call('GET', '/api/programmes', { as: manager })
    const programme = programmes.json.items.find((x: { title: string }) => x.title === "What's your problem?")
    expect(programme.competitionIds[0]).toBe(competitionId)
    const report = await p.call('GET', `/api/programmes/${programme.id}/report`, { as: manager })
    expect(report.json.rounds.map((r: { title: string }) => r.title)).toEqual([
      "What's your problem? (first round)",
      "What's your problem?",
    ])
  })
})
