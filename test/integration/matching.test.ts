// Partner matching: SMEs and challenge owners opt in; matches come with reasons; an
// introduction needs both sides (nobody sees the other's contact before), a decline is final,
// a withdrawal is possible before an answer, and racing answers cannot both land.
import { holdCommits } from '../../functions/db/race-hook.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { createDraft, createPublished } from '../support/fixtures.js'
import { applicantWithOrganisation } from '../support/eoi-fixtures.js'
import { emailsTo } from '../support/mail.js'
import { createTestPlatform, fieldsOf, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let manager: { token: string }

beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager')
})

type Made = Awaited<ReturnType<typeof competition>>

async function competition() {
  const made = await createPublished(p, manager)
  return { competitionId: made.competition.id, challenge: made.challenge, theme: made.theme }
}

const base = (c: Made) => `/api/competitions/${c.competitionId}/matching/profiles`

async function sme(c: Made, name: string, fields: Record<string, unknown> = {}) {
  const applicant = await applicantWithOrganisation(p, name)
  const res = await p.call('POST', base(c), {
    as: applicant,
    body: { side: 'sme', challengeIds: [c.challenge.id], themeIds: [c.theme.id], ...fields },
  })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
  return { applicant, profile: res.json as { id: string; version: number; contactEmail: string } }
}

let ownerCount = 0
/** A challenge owner opted in by a manager, with the token from the owner's email. */
async function owner(c: Made, fields: Record<string, unknown> = {}) {
  const contactEmail = `owner${++ownerCount}-${Date.now()}@nhs.test.example`
  const res = await p.call('POST', base(c), {
    as: manager,
    body: {
      side: 'owner',
      challengeId: c.challenge.id,
      organisationName: 'Alder Hey Children’s NHS Trust',
      contactName: 'Dr Ada Owner',
      contactEmail,
      dataOffered: ['Air quality'],
      skillsSought: ['Machine learning'],
      pilotSite: 'offer',
      pilotSiteNote: 'two wards',
      ...fields,
    },
  })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
  const [invite] = await emailsTo(p.db, contactEmail, 'match-owner-invited')
  const link = new URL(/https:\/\/\S+/.exec(invite!.text)![0])
  expect(link.pathname).toBe(`/competitions/${c.competitionId}/matching/${res.json.id}`)
  return { profile: res.json as { id: string; version: number }, token: link.searchParams.get('token')!, contactEmail }
}

const asOwner = (token: string) => `?token=${encodeURIComponent(token)}`

describe('opting in', () => {
  it('takes an SME’s organisation and the applicant as contact, once per organisation', async () => {
    const c = await competition()
    const { applicant, profile } = await sme(c, 'Breathe Easy Ltd', { dataSought: ['air quality'] })
    expect(profile).toMatchObject({
      side: 'sme',
      organisationName: 'Breathe Easy Ltd',
      contactEmail: (applicant as { email: string }).email,
    })
    const again = await p.call('POST', base(c), { as: applicant, body: { side: 'sme' } })
    expect(again.status).toBe(409)
    const mine = await p.call('GET', base(c), { as: applicant })
    expect(mine.json.items.map((x: { id: string }) => x.id)).toEqual([profile.id])
  })

  it('refuses bad input naming the field, and callers who may not opt in', async () => {
    const c = await competition()
    const applicant = await applicantWithOrganisation(p, 'Bad Input Ltd')
    const unknown = await p.call('POST', base(c), {
      as: applicant,
      body: { side: 'sme', challengeIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'] },
    })
    expect(unknown.status).toBe(422)
    expect(fieldsOf(unknown.json)).toEqual(['challengeIds.0'])
    const huge = await p.call('POST', base(c), {
      as: applicant,
      body: { side: 'sme', dataOffered: Array.from({ length: 11 }, (_, i) => `data ${i}`) },
    })
    expect(huge.status).toBe(400)
    expect(huge.headers.get('content-type')).toContain('application/problem+json')
    expect(fieldsOf(huge.json)).toEqual(['dataOffered'])
    const long = await p.call('POST', base(c), { as: applicant, body: { side: 'sme', summary: 'x'.repeat(1001) } })
    expect(fieldsOf(long.json)).toEqual(['summary'])
    const asOwnerSide = await p.call('POST', base(c), {
      as: applicant,
      body: {
        side: 'owner',
        challengeId: c.challenge.id,
        organisationName: 'X',
        contactName: 'Y',
        contactEmail: 'y@x.example',
      },
    })
    expect(asOwnerSide.status).toBe(422)
    const panellist = await p.signIn('panellist')
    expect((await p.call('POST', base(c), { as: panellist, body: { side: 'sme' } })).status).toBe(403)
    const noOrganisation = await p.signIn('applicant')
    const refused = await p.call('POST', base(c), { as: noOrganisation, body: { side: 'sme' } })
    expect(refused.status).toBe(422)
    expect(fieldsOf(refused.json)).toEqual(['organisation'])
    const draft = await createDraft(p, manager)
    expect(
      (
        await p.call('POST', `/api/competitions/${draft.id}/matching/profiles`, {
          as: applicant,
          body: { side: 'sme' },
        })
      ).status,
    ).toBe(404)
    // Nothing was saved by the refusals.
    expect((await p.call('GET', base(c), { as: applicant })).json.items).toEqual([])
  })

  it('lets only the profile’s own side read or edit it: anyone else gets the same 404 as a missing one', async () => {
    const c = await competition()
    const a = await sme(c, 'Own Side Ltd')
    const b = await sme(c, 'Other Side Ltd')
    const o = await owner(c)
    const missing = await p.call('GET', `${base(c)}/01ARZ3NDEKTSV4RRFFQ69G5FAV`, { as: b.applicant })
    expect(missing.status).toBe(404)
    const others = await p.call('GET', `${base(c)}/${a.profile.id}`, { as: b.applicant })
    expect(others.status).toBe(404)
    expect(others.json.detail).toBe(missing.json.detail)
    expect((await p.call('GET', `${base(c)}/${a.profile.id}`, { as: manager })).status).toBe(404)
    expect((await p.call('GET', `${base(c)}/${o.profile.id}`, { as: b.applicant })).status).toBe(404)
    expect((await p.call('GET', `${base(c)}/${o.profile.id}${asOwner('wrong-token')}`)).status).toBe(404)
    expect((await p.call('GET', `${base(c)}/${o.profile.id}${asOwner(o.token)}`)).status).toBe(200)
    expect((await p.call('GET', `${base(c)}/${o.profile.id}`, { as: manager })).status).toBe(200)
    // A's token does not open B's profile.
    expect((await p.call('GET', `${base(c)}/${a.profile.id}${asOwner(o.token)}`)).status).toBe(404)

    const edited = await p.call('PUT', `${base(c)}/${o.profile.id}${asOwner(o.token)}`, {
      body: { version: 1, skillsOffered: ['Clinical advice'] },
    })
    expect(edited.status, JSON.stringify(edited.json)).toBe(200)
    expect(edited.json).toMatchObject({ version: 2, skillsOffered: ['Clinical advice'], contactName: 'Dr Ada Owner' })
    const stale = await p.call('PUT', `${base(c)}/${o.profile.id}`, { as: manager, body: { version: 1 } })
    expect(stale.status).toBe(409)
  })
})

describe('matches', () => {
  it('lists likely matches best first with the reasons, never a contact, paged', async () => {
    const c = await competition()
    const o = await owner(c)
    const me = await sme(c, 'Sensor Co Ltd', {
      dataSought: ['air-quality'],
      skillsOffered: ['machine learning'],
      pilotSite: 'seek',
    })
    await sme(c, 'Partner Ltd', { challengeIds: [], themeIds: [c.theme.id] })
    await sme(c, 'Nothing In Common Ltd', { challengeIds: [], themeIds: [] })
    const res = await p.call('GET', `${base(c)}/${me.profile.id}/matches`, { as: me.applicant })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    expect(res.json.items.map((m: { profile: { organisationName: string } }) => m.profile.organisationName)).toEqual([
      'Alder Hey Children’s NHS Trust',
      'Partner Ltd',
    ])
    expect(res.json.items[0].reasons).toEqual([
      'both name the Childhood asthma challenge',
      'you seek air-quality data they offer',
      'they seek machine learning skills you offer',
      'you seek a pilot site and they offer one (two wards)',
    ])
    expect(res.json.items[1].reasons).toEqual(['both work on the Data linkage theme'])
    expect(res.json).toMatchObject({ page: 1, pages: 1, total: 2 })
    expect(res.text).not.toContain(o.contactEmail)
    expect(res.text).not.toContain('contact')
    // The owner sees SMEs only, not other owners.
    await owner(c)
    const theirs = await p.call('GET', `${base(c)}/${o.profile.id}/matches${asOwner(o.token)}`)
    expect(theirs.json.items.every((m: { profile: { side: string } }) => m.profile.side === 'sme')).toBe(true)
    expect(theirs.text).not.toContain(me.profile.contactEmail)
    const tooFar = await p.call('GET', `${base(c)}/${me.profile.id}/matches?page=26`, { as: me.applicant })
    expect(tooFar.status).toBe(400)
    expect(fieldsOf(tooFar.json)).toEqual(['page'])
  })

  it('pages past 20 matches', async () => {
    const c = await competition()
    const o = await owner(c)
    for (let i = 0; i < 21; i++) await sme(c, `Many ${String(i).padStart(2, '0')} Ltd`)
    const first = await p.call('GET', `${base(c)}/${o.profile.id}/matches`, { as: manager })
    expect(first.json).toMatchObject({ page: 1, pages: 2, total: 21 })
    expect(first.json.items).toHaveLength(20)
    const second = await p.call('GET', `${base(c)}/${o.profile.id}/matches?page=2`, { as: manager })
    expect(second.json.items.map((m: { profile: { organisationName: string } }) => m.profile.organisationName)).toEqual(
      ['Many 20 Ltd'],
    )
  })
})

describe('introductions (double opt-in)', () => {
  it('shows no contact to either side until both accept, then emails both with a link to the introduction', async () => {
    const c = await competition()
    const o = await owner(c)
    const a = await sme(c, 'Breathe Easy Ltd')
    const bystander = await sme(c, 'Bystander Ltd')
    const seen: string[] = []
    const asked = await p.call('POST', `${base(c)}/${a.profile.id}/introductions`, {
      as: a.applicant,
      body: { toProfileId: o.profile.id, message: 'We build asthma sensors.' },
    })
    expect(asked.status, JSON.stringify(asked.json)).toBe(201)
    expect(asked.json.contact).toBeUndefined()
    const introId = asked.json.id as string
    seen.push(asked.text)

    const [request] = await emailsTo(p.db, o.contactEmail, 'introduction-requested')
    expect(request!.text).not.toContain(a.profile.contactEmail)
    const link = new URL(/https:\/\/\S+/.exec(request!.text)![0])
    expect(link.pathname).toBe(`/competitions/${c.competitionId}/matching/${o.profile.id}/introductions/${introId}`)
    expect(link.searchParams.get('token')).toBe(o.token)

    const received = await p.call('GET', `${base(c)}/${o.profile.id}/introductions${asOwner(o.token)}`)
    expect(received.json.items).toMatchObject([
      {
        id: introId,
        status: 'requested',
        sentByMe: false,
        message: 'We build asthma sensors.',
        other: { organisationName: 'Breathe Easy Ltd' },
      },
    ])
    seen.push(received.text)
    seen.push((await p.call('GET', `${base(c)}/${o.profile.id}/introductions/${introId}${asOwner(o.token)}`)).text)
    seen.push((await p.call('GET', `${base(c)}/${o.profile.id}/matches${asOwner(o.token)}`)).text)
    seen.push((await p.call('GET', `${base(c)}/${a.profile.id}/introductions`, { as: a.applicant })).text)
    seen.push((await p.call('GET', `${base(c)}/${a.profile.id}/matches`, { as: a.applicant })).text)
    for (const text of seen) {
      expect(text).not.toContain(a.profile.contactEmail)
      expect(text).not.toContain(o.contactEmail)
    }
    // Someone not party to it: the same 404 as a missing introduction.
    const notParty = await p.call('GET', `${base(c)}/${bystander.profile.id}/introductions/${introId}`, {
      as: bystander.applicant,
    })
    expect(notParty.status).toBe(404)
    // The asker cannot accept its own request.
    const selfAccept = await p.call('POST', `${base(c)}/${a.profile.id}/introductions/${introId}/answer`, {
      as: a.applicant,
      body: { action: 'accept' },
    })
    expect(selfAccept.status).toBe(422)
    expect(fieldsOf(selfAccept.json)).toEqual(['action'])
    expect(await emailsTo(p.db, a.profile.contactEmail, 'introduction-accepted')).toHaveLength(0)

    const accepted = await p.call(
      'POST',
      `${base(c)}/${o.profile.id}/introductions/${introId}/answer${asOwner(o.token)}`,
      {
        body: { action: 'accept' },
      },
    )
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200)
    expect(accepted.json).toMatchObject({ status: 'accepted', contact: { email: a.profile.contactEmail } })
    const theirs = await p.call('GET', `${base(c)}/${a.profile.id}/introductions/${introId}`, { as: a.applicant })
    expect(theirs.json.contact).toEqual({ name: 'Dr Ada Owner', email: o.contactEmail })

    const [toSme] = await emailsTo(p.db, a.profile.contactEmail, 'introduction-accepted')
    expect(toSme!.text).toContain(o.contactEmail)
    expect(toSme!.text).toContain(`/competitions/${c.competitionId}/matching/${a.profile.id}/introductions/${introId}`)
    const [toOwner] = await emailsTo(p.db, o.contactEmail, 'introduction-accepted')
    expect(toOwner!.text).toContain(a.profile.contactEmail)
    expect(toOwner!.text).toContain(`?token=${o.token}`)
    // Asking again once introduced: 409, from either side.
    const again = await p.call('POST', `${base(c)}/${o.profile.id}/introductions${asOwner(o.token)}`, {
      body: { toProfileId: a.profile.id },
    })
    expect(again.status).toBe(409)
  })

  it('makes a decline final for the pair; a withdrawn request may be asked again', async () => {
    const c = await competition()
    const o = await owner(c)
    const a = await sme(c, 'Declined Ltd')
    const b = await sme(c, 'Withdrawn Ltd')
    const ask = (who: typeof a) =>
      p.call('POST', `${base(c)}/${who.profile.id}/introductions`, {
        as: who.applicant,
        body: { toProfileId: o.profile.id },
      })
    const first = await ask(a)
    const declined = await p.call('POST', `${base(c)}/${o.profile.id}/introductions/${first.json.id}/answer`, {
      as: manager,
      body: { action: 'decline' },
    })
    expect(declined.json.status).toBe('declined')
    const again = await ask(a)
    expect(again.status).toBe(409)
    expect(again.json.detail).toMatch(/declined/)
    const reverse = await p.call('POST', `${base(c)}/${o.profile.id}/introductions`, {
      as: manager,
      body: { toProfileId: a.profile.id },
    })
    expect(reverse.status).toBe(409)

    const asked = await ask(b)
    const withdrawn = await p.call('POST', `${base(c)}/${b.profile.id}/introductions/${asked.json.id}/answer`, {
      as: b.applicant,
      body: { action: 'withdraw' },
    })
    expect(withdrawn.json.status).toBe('withdrawn')
    const late = await p.call('POST', `${base(c)}/${o.profile.id}/introductions/${asked.json.id}/answer`, {
      as: manager,
      body: { action: 'accept' },
    })
    expect(late.status).toBe(409)
    const askedAgain = await ask(b)
    expect(askedAgain.status).toBe(201)
    expect(askedAgain.json).toMatchObject({ status: 'requested', version: 3 })
    const bad = await p.call('POST', `${base(c)}/${b.profile.id}/introductions/${asked.json.id}/answer`, {
      as: b.applicant,
      body: { action: 'maybe' },
    })
    expect(bad.status).toBe(400)
    expect(fieldsOf(bad.json)).toEqual(['action'])
    const toSelf = await p.call('POST', `${base(c)}/${b.profile.id}/introductions`, {
      as: b.applicant,
      body: { toProfileId: b.profile.id },
    })
    expect(toSelf.status).toBe(422)
    expect(fieldsOf(toSelf.json)).toEqual(['toProfileId'])
  })

  it('lets only one of an acceptance and a withdrawal land when they race', async () => {
    const c = await competition()
    for (let round = 0; round < 4; round++) {
      const o = await owner(c)
      const a = await sme(c, `Racer ${round} Ltd`)
      const asked = await p.call('POST', `${base(c)}/${a.profile.id}/introductions`, {
        as: a.applicant,
        body: { toProfileId: o.profile.id },
      })
      const [accept, withdraw] = await Promise.all([
        p.call('POST', `${base(c)}/${o.profile.id}/introductions/${asked.json.id}/answer${asOwner(o.token)}`, {
          body: { action: 'accept' },
        }),
        p.call('POST', `${base(c)}/${a.profile.id}/introductions/${asked.json.id}/answer`, {
          as: a.applicant,
          body: { action: 'withdraw' },
        }),
      ])
      expect([accept.status, withdraw.status].sort()).toEqual([200, 409])
      const final = await p.call('GET', `${base(c)}/${a.profile.id}/introductions/${asked.json.id}`, {
        as: a.applicant,
      })
      const emails = await emailsTo(p.db, a.profile.contactEmail, 'introduction-accepted')
      if (accept.status === 200) {
        expect(final.json.status).toBe('accepted')
        expect(emails).toHaveLength(1)
      } else {
        expect(final.json.status).toBe('withdrawn')
        expect(final.json.contact).toBeUndefined()
        expect(emails).toHaveLength(0)
      }
    }
  })

  it('sends the contacts once when two accept at the same time', async () => {
    const c = await competition()
    const o = await owner(c)
    const a = await sme(c, 'Twice Accepted Ltd')
    const asked = await p.call('POST', `${base(c)}/${a.profile.id}/introductions`, {
      as: a.applicant,
      body: { toProfileId: o.profile.id },
    })
    const answers = await Promise.all([
      p.call('POST', `${base(c)}/${o.profile.id}/introductions/${asked.json.id}/answer${asOwner(o.token)}`, {
        body: { action: 'accept' },
      }),
      p.call('POST', `${base(c)}/${o.profile.id}/introductions/${asked.json.id}/answer`, {
        as: manager,
        body: { action: 'accept' },
      }),
    ])
    expect(answers.map((r) => r.status)).toEqual([200, 200])
    expect(answers.map((r) => r.json.status)).toEqual(['accepted', 'accepted'])
    expect(await emailsTo(p.db, a.profile.contactEmail, 'introduction-accepted')).toHaveLength(1)
    expect(await emailsTo(p.db, o.contactEmail, 'introduction-accepted')).toHaveLength(1)
  })

  it('records only one request when both sides ask each other at once', async () => {
    const c = await competition()
    const o = await owner(c)
    const a = await sme(c, 'Both Ask Ltd')
    const [one, two] = await Promise.all([
      p.call('POST', `${base(c)}/${a.profile.id}/introductions`, {
        as: a.applicant,
        body: { toProfileId: o.profile.id },
      }),
      p.call('POST', `${base(c)}/${o.profile.id}/introductions`, { as: manager, body: { toProfileId: a.profile.id } }),
    ])
    expect([one.status, two.status].sort()).toEqual([201, 409])
    const requests = [
      ...(await emailsTo(p.db, a.profile.contactEmail, 'introduction-requested')),
      ...(await emailsTo(p.db, o.contactEmail, 'introduction-requested')),
    ]
    expect(requests).toHaveLength(1)
  })
})

describe('withdrawing a profile', () => {
  const withdraw = (c: Made, id: string, version: number, as: { as?: { token: string }; token?: string }) =>
    p.call('POST', `${base(c)}/${id}/withdraw${as.token ? asOwner(as.token) : ''}`, {
      as: as.as,
      body: { version },
    })

  it('lets only the profile’s own side withdraw it or opt it back in: anyone else gets the same 404 as a missing one', async () => {
    const c = await competition()
    const a = await sme(c, 'Withdrawing Ltd')
    const b = await sme(c, 'Bystander Ltd')
    const o = await owner(c)
    const missing = await withdraw(c, '01ARZ3NDEKTSV4RRFFQ69G5FAV', 1, { as: b.applicant })
    expect(missing.status).toBe(404)
    const others = await withdraw(c, a.profile.id, 1, { as: b.applicant })
    expect(others.status).toBe(404)
    expect(others.json.detail).toBe(missing.json.detail)
    expect((await withdraw(c, a.profile.id, 1, { as: manager })).status).toBe(404)
    expect((await withdraw(c, o.profile.id, 1, { as: a.applicant })).status).toBe(404)
    expect((await withdraw(c, o.profile.id, 1, { token: 'wrong-token' })).status).toBe(404)
    expect((await withdraw(c, a.profile.id, 1, { token: o.token })).status).toBe(404)
    const rejoinOthers = await p.call('POST', `${base(c)}/${a.profile.id}/rejoin`, {
      as: b.applicant,
      body: { version: 1 },
    })
    expect(rejoinOthers.status).toBe(404)
    expect(rejoinOthers.json.detail).toBe(missing.json.detail)
    // Nothing changed for any of them.
    expect((await p.call('GET', `${base(c)}/${a.profile.id}`, { as: a.applicant })).json).not.toHaveProperty(
      'withdrawnAt',
    )
    // Bad input names the field; a stale version is a 409.
    const bad = await withdraw(c, a.profile.id, 0, { as: a.applicant })
    expect(bad.status).toBe(400)
    expect(fieldsOf(bad.json)).toEqual(['version'])
    expect((await withdraw(c, a.profile.id, 5, { as: a.applicant })).status).toBe(409)
    const byToken = await withdraw(c, o.profile.id, 1, { token: o.token })
    expect(byToken.status, JSON.stringify(byToken.json)).toBe(200)
    expect(byToken.json).toMatchObject({ version: 2, withdrawnAt: expect.any(String) })
  })

  it('is found by nobody, closes requests waiting for an answer, keeps accepted introductions, and may opt back in', async () => {
    const c = await competition()
    const me = await sme(c, 'Leaving Ltd', { skillsOffered: ['Machine learning'] })
    const asker = await sme(c, 'Asker Ltd')
    const asked = await sme(c, 'Asked Ltd')
    const o = await owner(c)
    const intro = (from: typeof me, to: { profile: { id: string } }) =>
      p.call('POST', `${base(c)}/${from.profile.id}/introductions`, {
        as: from.applicant,
        body: { toProfileId: to.profile.id },
      })
    const received = await intro(asker, me)
    const sent = await intro(me, asked)
    const made = await p.call('POST', `${base(c)}/${o.profile.id}/introductions${asOwner(o.token)}`, {
      body: { toProfileId: me.profile.id },
    })
    expect([received.status, sent.status, made.status]).toEqual([201, 201, 201])
    const accepted = await p.call('POST', `${base(c)}/${me.profile.id}/introductions/${made.json.id}/answer`, {
      as: me.applicant,
      body: { action: 'accept' },
    })
    expect(accepted.status).toBe(200)
    const matchIds = async (of: { id: string }, as: { as?: { token: string }; token?: string }) =>
      (
        await p.call('GET', `${base(c)}/${of.id}/matches${as.token ? asOwner(as.token) : ''}`, { as: as.as })
      ).json.items.map((m: { profile: { id: string } }) => m.profile.id)
    expect(await matchIds(o.profile, { token: o.token })).toContain(me.profile.id)

    const left = await withdraw(c, me.profile.id, me.profile.version, { as: me.applicant })
    expect(left.status, JSON.stringify(left.json)).toBe(200)
    expect(left.json.withdrawnAt).toBeDefined()
    // Found by nobody, and its own matches are empty.
    expect(await matchIds(o.profile, { token: o.token })).not.toContain(me.profile.id)
    expect(await matchIds(asker.profile, { as: asker.applicant })).not.toContain(me.profile.id)
    expect(await matchIds(me.profile, { as: me.applicant })).toEqual([])
    // Waiting requests are closed, both ways; the accepted one stands, with its contact.
    const seen = async (of: typeof me, id: string) =>
      (await p.call('GET', `${base(c)}/${of.profile.id}/introductions/${id}`, { as: of.applicant })).json
    expect((await seen(asker, received.json.id)).status).toBe('closed')
    expect((await seen(asked, sent.json.id)).status).toBe('closed')
    const kept = await seen(me, made.json.id)
    expect(kept).toMatchObject({ status: 'accepted', contact: { name: 'Dr Ada Owner' } })
    // It asks for nothing, is asked for nothing, and a closed request cannot be accepted.
    const asks = await intro(me, asker)
    expect(asks.status).toBe(409)
    expect(asks.json.detail).toMatch(/withdrawn from partner matching/)
    const askedOf = await intro(asker, me)
    expect(askedOf.status).toBe(422)
    expect(fieldsOf(askedOf.json)).toEqual(['toProfileId'])
    const late = await p.call('POST', `${base(c)}/${asked.profile.id}/introductions/${sent.json.id}/answer`, {
      as: asked.applicant,
      body: { action: 'accept' },
    })
    expect(late.status).toBe(409)
    expect(late.json.detail).toMatch(/closed/)
    // Repeating the withdrawal is harmless.
    expect((await withdraw(c, me.profile.id, me.profile.version, { as: me.applicant })).status).toBe(200)

    // Back in: found again, and a closed pair may be asked again.
    const back = await p.call('POST', `${base(c)}/${me.profile.id}/rejoin`, {
      as: me.applicant,
      body: { version: left.json.version },
    })
    expect(back.status, JSON.stringify(back.json)).toBe(200)
    expect(back.json).not.toHaveProperty('withdrawnAt')
    expect(await matchIds(o.profile, { token: o.token })).toContain(me.profile.id)
    expect((await intro(asker, me)).status).toBe(201)
  })

  it('an acceptance racing the other side’s withdrawal: exactly one lands, whichever commits first', async () => {
    const c = await competition()
    for (const first of ['withdrawal', 'acceptance'] as const) {
      const o = await owner(c)
      const a = await sme(c, `Race ${first} Ltd`)
      const asked = await p.call('POST', `${base(c)}/${a.profile.id}/introductions`, {
        as: a.applicant,
        body: { toProfileId: o.profile.id },
      })
      const accept = () =>
        p.call('POST', `${base(c)}/${o.profile.id}/introductions/${asked.json.id}/answer${asOwner(o.token)}`, {
          body: { action: 'accept' },
        })
      // The one that goes second has decided on what it read before the first commits.
      const hold = holdCommits(p.db, first === 'withdrawal' ? `REL#${asked.json.id}` : '"withdrawnAt":"')
      const second = first === 'withdrawal' ? accept() : withdraw(c, a.profile.id, 1, { as: a.applicant })
      await hold.held
      const firstDone =
        first === 'withdrawal' ? await withdraw(c, a.profile.id, 1, { as: a.applicant }) : await accept()
      hold.release()
      const secondDone = await second
      expect(firstDone.status, JSON.stringify(firstDone.json)).toBe(200)
      const final = await p.call('GET', `${base(c)}/${a.profile.id}/introductions/${asked.json.id}`, {
        as: a.applicant,
      })
      const emails = await emailsTo(p.db, a.profile.contactEmail, 'introduction-accepted')
      if (first === 'withdrawal') {
        // The acceptance is refused: nobody's contact is shared.
        expect(secondDone.status, JSON.stringify(secondDone.json)).toBe(409)
        expect(secondDone.json.detail).toMatch(/closed: one of you withdrew from partner matching/)
        expect(final.json.status).toBe('closed')
        expect(final.json.contact).toBeUndefined()
        expect(emails).toHaveLength(0)
      } else {
        // The withdrawal lands too, and the introduction made before it stands.
        expect(secondDone.status, JSON.stringify(secondDone.json)).toBe(200)
        expect(final.json.status).toBe('accepted')
        expect(emails).toHaveLength(1)
      }
    }
  })
})
