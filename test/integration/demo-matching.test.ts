// The demo's partner matching on "What's your problem?": two challenge owners and three
// businesses opted in; Breathe Easy sees Alder Hey as a likely match with the reasons (nobody has
// asked yet); FamilyLink and Liverpool's children's services were introduced, so each sees the
// other's contact. Read through the API as the demo's people would.
import { beforeAll, expect, it } from 'vitest'
import { seedDemo } from '../../functions/local/seed.js'
import { seedMatchingDemo } from '../../functions/local/seed-matching.js'
import { getUserByEmail, listUsersByRole } from '../../functions/db/users-repo.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let competitionId: string
const as = async (email: string) => {
  const user = (await getUserByEmail(p.db, email))!
  return { token: await p.issuer.issueToken(user) }
}

beforeAll(async () => {
  p = await createTestPlatform()
  const ctx = { db: p.db, files: p.files, now: () => p.clock.now, publicUrl: p.publicUrl }
  competitionId = await seedDemo(ctx, { assessing: false })
  const users = (
    await Promise.all(['manager', 'applicant'].map((role) => listUsersByRole(p.db, role as 'manager', { limit: 50 })))
  ).flatMap((page) => page.items)
  await seedMatchingDemo(ctx, competitionId, users)
}, 120_000)

const base = () => `/api/competitions/${competitionId}/matching/profiles`
const mine = async (email: string) => {
  const res = await p.call('GET', base(), { as: await as(email) })
  expect(res.status, JSON.stringify(res.json)).toBe(200)
  return res.json.items as { id: string; organisationName: string }[]
}

it('opts in two challenge owners and three businesses', async () => {
  expect((await mine('programme.manager@lcr-cdc.example')).map((o) => o.organisationName)).toEqual([
    'Alder Hey Children’s NHS Foundation Trust',
    'Liverpool City Council Children’s Services',
  ])
  for (const [email, name] of [
    ['founder@breathe-easy.example', 'Breathe Easy Ltd'],
    ['director@familylink.example', 'FamilyLink CIC'],
    ['ideas@merseymakers.example', 'Mersey Makers'],
  ])
    expect((await mine(email!)).map((o) => o.organisationName)).toEqual([name])
})

it('suggests Alder Hey to Breathe Easy with the reasons, not yet asked', async () => {
  const chloe = await as('founder@breathe-easy.example')
  const [profile] = await mine('founder@breathe-easy.example')
  const matches = await p.call('GET', `${base()}/${profile!.id}/matches`, { as: chloe })
  expect(matches.status).toBe(200)
  const [best] = matches.json.items
  expect(best.profile.organisationName).toBe('Alder Hey Children’s NHS Foundation Trust')
  expect(best.reasons).toEqual(
    expect.arrayContaining([
      'both name the Childhood asthma challenge',
      'you seek Asthma admissions by ward data they offer',
      'they seek Air quality monitoring skills you offer',
    ]),
  )
  expect(best.introduction).toBeUndefined()
  expect(JSON.stringify(matches.json)).not.toContain('respiratory.team@alderhey.example')
})

it('has introduced FamilyLink and Liverpool’s children’s services: each sees the other’s contact', async () => {
  const marcus = await as('director@familylink.example')
  const [profile] = await mine('director@familylink.example')
  const intros = await p.call('GET', `${base()}/${profile!.id}/introductions`, { as: marcus })
  expect(intros.json.items).toEqual([
    expect.objectContaining({
      status: 'accepted',
      sentByMe: true,
      other: expect.objectContaining({ organisationName: 'Liverpool City Council Children’s Services' }),
      contact: { name: 'Joanne Price', email: 'early.help@liverpool.example' },
    }),
  ])
  const owner = (await mine('programme.manager@lcr-cdc.example'))[1]!
  const theirs = await p.call('GET', `${base()}/${owner.id}/introductions`, {
    as: await as('programme.manager@lcr-cdc.example'),
  })
  expect(theirs.json.items[0]).toMatchObject({
    status: 'accepted',
    contact: { name: 'Marcus Reid', email: 'director@familylink.example' },
  })
})
