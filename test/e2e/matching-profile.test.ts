// Editing and withdrawing a matching profile in a real browser, by keyboard. An applicant whose
// organisation opted in (and was asked for an introduction) opens "Edit … or withdraw" from its
// matches page, is refused too many skills in the error summary, saves what it offers, then
// withdraws (confirming, told what happens to waiting requests): the request asked of it is
// closed and nobody finds it; it opts back in. A challenge owner edits its profile from the
// link in its email. Each state is checked with axe at desktop and 390 px.
import { expect, it } from 'vitest'
import { applicantWithOrganisation } from '../support/eoi-fixtures.js'
import { createPublished } from '../support/fixtures.js'
import { emailsTo } from '../support/mail.js'
import { expectAccessible, expectFocus, focused, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('lets an SME edit what it offers, withdraw (closing waiting requests) and opt back in, and an owner edit by its link, by keyboard', {
  timeout: 240_000,
}, async () => {
  const p = handles.site.platform
  const manager = await p.signIn('manager', 'Morgan Manager')
  const { competition, challenge } = await createPublished(p, manager)
  const profiles = `/api/competitions/${competition.id}/matching/profiles`
  const ownerEmail = 'ada.owner@alderhey.example'
  const owner = await p.call('POST', profiles, {
    as: manager,
    body: {
      side: 'owner',
      challengeId: challenge.id,
      organisationName: 'Alder Hey Children’s NHS Trust',
      contactName: 'Ada Owner',
      contactEmail: ownerEmail,
      skillsSought: ['Machine learning'],
    },
  })
  expect(owner.status, JSON.stringify(owner.json)).toBe(201)
  const [invite] = await emailsTo(p.db, ownerEmail, 'match-owner-invited')
  const ownerLink = new URL(/https:\/\/\S+/.exec(invite!.text)![0])
  const token = ownerLink.searchParams.get('token')!
  const applicant = (await applicantWithOrganisation(p, 'Breathe Easy Ltd')) as { email: string; token: string }
  const sme = await p.call('POST', profiles, {
    as: applicant,
    body: { side: 'sme', challengeIds: [challenge.id], summary: 'Low-cost air sensors.' },
  })
  expect(sme.status, JSON.stringify(sme.json)).toBe(201)
  const asked = await p.call('POST', `${profiles}/${owner.json.id}/introductions?token=${token}`, {
    body: { toProfileId: sme.json.id },
  })
  expect(asked.status, JSON.stringify(asked.json)).toBe(201)

  const { page, assertClean } = await openPage(handles.browser)
  const matches = `/competitions/${competition.id}/matching/${sme.json.id}`
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(matches)}`))
  await page.locator('#email').fill(applicant.email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.getByRole('heading', { level: 1, name: 'Partner matching: Breathe Easy Ltd' }).waitFor()
  await tabTo(page, 'a', { text: 'Edit what you offer and seek, or withdraw from matching' })
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { level: 1, name: 'Your matching profile' }).waitFor()
  await expectFocus(page, { tag: 'h1', text: 'Your matching profile' })
  await expect.poll(() => page.locator('#matching-sme-summary').inputValue()).toBe('Low-cost air sensors.')
  await expectAccessible(page, 'the profile’s edit page')

  // Too many skills: refused before sending, in the error summary, and inline.
  await tabTo(page, '#matching-sme-skillsOffered')
  await page.keyboard.type(Array.from({ length: 11 }, (_, i) => `skill ${i + 1}`).join(', '))
  await tabTo(page, 'button', { text: 'Save changes' })
  await page.keyboard.press('Enter')
  await expect.poll(async () => (await focused(page)).className).toContain('error-summary')
  await expect
    .poll(() => page.locator('.error-summary').textContent())
    .toContain('Skills you offer: list at most 10, separated by commas')
  await expect.poll(() => page.locator('#matching-sme-skillsOffered-error').count()).toBe(1)
  await expectAccessible(page, 'the edit refused')
  await tabTo(page, '.error-summary a')
  await page.keyboard.press('Enter')
  await expectFocus(page, { tag: 'input', id: 'matching-sme-skillsOffered' })
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type('Machine learning, sensors')
  await tabTo(page, 'button', { text: 'Save changes' })
  await page.keyboard.press('Enter')
  await expect.poll(() => page.locator('main').textContent()).toContain('Your profile is saved.')
  await expect.poll(() => page.locator('.error-summary').count()).toBe(0)
  const saved = await p.call('GET', `${profiles}/${sme.json.id}`, { as: applicant })
  expect(saved.json).toMatchObject({ skillsOffered: ['Machine learning', 'sensors'], version: 2 })
  await expectAccessible(page, 'the profile saved')

  // Withdraw: the page says what happens first; confirming takes focus to where it now stands.
  await expect
    .poll(() => page.locator('main').textContent())
    .toContain('requests waiting for an answer, ones you sent and ones sent to you, are closed')
  await tabTo(page, 'button', { text: 'Withdraw from matching' })
  await page.keyboard.press('Enter')
  await expectFocus(page, { tag: 'div', className: 'warning' })
  await expectAccessible(page, 'the withdrawal question')
  await tabTo(page, 'button', { text: 'Yes, withdraw' })
  await page.keyboard.press('Enter')
  await expectFocus(page, { tag: 'h2', id: 'matching-standing', text: 'You have withdrawn from partner matching' })
  await expect
    .poll(() => page.locator('main').textContent())
    .toContain('You have withdrawn from partner matching. Requests waiting for an answer are closed.')
  await expectAccessible(page, 'the profile withdrawn')
  const closed = await p.call('GET', `${profiles}/${owner.json.id}/introductions/${asked.json.id}?token=${token}`)
  expect(closed.json.status).toBe('closed')
  const found = async () =>
    (await p.call('GET', `${profiles}/${owner.json.id}/matches?token=${token}`)).json.items.map(
      (m: { profile: { id: string } }) => m.profile.id,
    )
  expect(await found()).toEqual([])

  // Back in, by keyboard: found again.
  await tabTo(page, 'button', { text: 'Opt back in' })
  await page.keyboard.press('Enter')
  await expectFocus(page, { tag: 'h2', id: 'matching-standing', text: 'Withdraw from partner matching' })
  await expect.poll(() => page.locator('main').textContent()).toContain('You are opted in to partner matching again.')
  expect(await found()).toEqual([sme.json.id])
  await expectAccessible(page, 'the profile opted back in')
  assertClean()

  // The owner edits its profile from its email's link, without an account.
  const o = await openPage(handles.browser)
  await o.page.goto(handles.site.url(`${ownerLink.pathname}${ownerLink.search}`))
  await o.page.getByRole('heading', { level: 1, name: 'Partner matching: Alder Hey Children’s NHS Trust' }).waitFor()
  await tabTo(o.page, 'a', { text: 'Edit what you offer and seek' })
  await o.page.keyboard.press('Enter')
  await o.page.getByRole('heading', { level: 1, name: 'Your matching profile' }).waitFor()
  await expectAccessible(o.page, 'the owner’s edit page')
  await tabTo(o.page, '#matching-owner-dataOffered')
  await o.page.keyboard.type('Asthma admissions by ward')
  await tabTo(o.page, 'button', { text: 'Save changes' })
  await o.page.keyboard.press('Enter')
  await expect.poll(() => o.page.locator('main').textContent()).toContain('Your profile is saved.')
  const ownerNow = await p.call('GET', `${profiles}/${owner.json.id}?token=${token}`)
  expect(ownerNow.json).toMatchObject({
    dataOffered: ['Asthma admissions by ward'],
    skillsSought: ['Machine learning'],
  })
  o.assertClean()
})
