// Partner matching in a real browser, by keyboard: an applicant opts their organisation in,
// sees a challenge owner among their likely matches with the reasons, and asks for an
// introduction; the owner follows the link from their email, sees the request without the
// applicant's contact, and accepts; then both see each other's contact. Each page is checked
// with axe at desktop and 390 px.
import { expect, it } from 'vitest'
import { applicantWithOrganisation } from '../support/eoi-fixtures.js'
import { createPublished } from '../support/fixtures.js'
import { emailsTo } from '../support/mail.js'
import { expectAccessible, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('lets an applicant opt in and ask for an introduction, and the owner accept it from the email, by keyboard', {
  timeout: 240_000,
}, async () => {
  const p = handles.site.platform
  const manager = await p.signIn('manager', 'Morgan Manager')
  const { competition } = await createPublished(p, manager)
  const ownerEmail = 'ada.owner@alderhey.example'

  // The manager opts the challenge owner in, by keyboard.
  const m = await openPage(handles.browser)
  const start = `/competitions/${competition.id}/matching`
  await m.page.goto(handles.site.url(`/signin?next=${encodeURIComponent(start)}`))
  await m.page.locator('#email').fill(manager.email)
  await m.page.getByRole('button', { name: 'Continue with this email' }).click()
  await m.page.getByRole('heading', { level: 1, name: 'Find partners' }).waitFor()
  await m.page.getByRole('button', { name: 'Opt them in' }).waitFor()
  await expectAccessible(m.page, 'the manager’s matching page')
  await tabTo(m.page, '#matching-owner-challengeId')
  await m.page.keyboard.press('Space')
  await m.page.keyboard.press('Tab')
  await m.page.keyboard.type('Alder Hey Children’s NHS Trust')
  await m.page.keyboard.press('Tab')
  await m.page.keyboard.type('Ada Owner')
  await m.page.keyboard.press('Tab')
  await m.page.keyboard.type(ownerEmail)
  await tabTo(m.page, '#matching-owner-dataOffered')
  await m.page.keyboard.type('Air quality')
  await tabTo(m.page, '#matching-owner-pilotSite-3')
  await m.page.keyboard.press('ArrowUp')
  await m.page.keyboard.press('ArrowUp')
  await expect.poll(() => m.page.locator('#matching-owner-pilotSite').isChecked()).toBe(true)
  await m.page.keyboard.press('Tab')
  await m.page.keyboard.type('two wards')
  await tabTo(m.page, 'button', { text: 'Opt them in' })
  await m.page.keyboard.press('Enter')
  await expect
    .poll(() => m.page.locator('main').textContent())
    .toContain('Alder Hey Children’s NHS Trust is opted in: we have emailed their contact a link.')
  await m.page.getByRole('link', { name: 'Alder Hey Children’s NHS Trust' }).waitFor()
  await expectAccessible(m.page, 'the manager’s matching page with an owner')
  m.assertClean()
  await expect.poll(async () => (await emailsTo(p.db, ownerEmail, 'match-owner-invited')).length).toBe(1)

  const applicant = (await applicantWithOrganisation(p, 'Breathe Easy Ltd')) as { email: string }

  // The applicant opts in by keyboard.
  const a = await openPage(handles.browser)
  await a.page.goto(handles.site.url(`/signin?next=${encodeURIComponent(start)}`))
  await a.page.locator('#email').fill(applicant.email)
  await a.page.getByRole('button', { name: 'Continue with this email' }).click()
  await a.page.getByRole('heading', { level: 1, name: 'Find partners' }).waitFor()
  await a.page.getByRole('button', { name: 'Opt in' }).waitFor()
  await expectAccessible(a.page, 'the opt-in form')
  await tabTo(a.page, '#matching-sme-summary')
  await a.page.keyboard.type('We build low-cost sensors that warn families when the air is bad.')
  await tabTo(a.page, '#matching-sme-challengeIds')
  await a.page.keyboard.press('Space')
  await tabTo(a.page, '#matching-sme-dataSought')
  await a.page.keyboard.type('air quality, hospital admissions')
  // Into the radio group on its chosen option ("Neither"), then up to "We seek a pilot site".
  await tabTo(a.page, '#matching-sme-pilotSite-3')
  await a.page.keyboard.press('ArrowUp')
  await expect.poll(() => a.page.locator('#matching-sme-pilotSite-2').isChecked()).toBe(true)
  await tabTo(a.page, 'button', { text: 'Opt in' })
  await a.page.keyboard.press('Enter')
  await a.page.getByRole('heading', { level: 1, name: 'Partner matching: Breathe Easy Ltd' }).waitFor()
  await a.page.getByRole('heading', { level: 3, name: 'Alder Hey Children’s NHS Trust' }).waitFor()
  await expect
    .poll(() => a.page.locator('main').textContent())
    .toContain(
      'Suggested because both name the Childhood asthma challenge; you seek air quality data they offer; you seek a pilot site and they offer one (two wards).',
    )
  await expect.poll(() => a.page.locator('main').textContent()).not.toContain(ownerEmail)
  await expectAccessible(a.page, 'the matches page')
  await tabTo(a.page, 'button', { text: 'Ask for an introduction' })
  await a.page.keyboard.press('Enter')
  await expect
    .poll(() => a.page.locator('main').textContent())
    .toContain('We have asked Alder Hey Children’s NHS Trust for an introduction.')
  await a.page.getByRole('link', { name: 'Introduction: asked' }).waitFor()
  await expectAccessible(a.page, 'the matches page after asking')

  // The owner follows the link from their email: no applicant contact until they accept.
  await expect.poll(async () => (await emailsTo(p.db, ownerEmail, 'introduction-requested')).length).toBe(1)
  const [request] = await emailsTo(p.db, ownerEmail, 'introduction-requested')
  const link = new URL(/https:\/\/\S+/.exec(request!.text)![0])
  const o = await openPage(handles.browser)
  await o.page.goto(handles.site.url(`${link.pathname}${link.search}`))
  await o.page.getByRole('heading', { level: 1, name: 'Breathe Easy Ltd would like an introduction' }).waitFor()
  await expect.poll(() => o.page.locator('main').textContent()).toContain('We build low-cost sensors')
  await expect.poll(() => o.page.locator('main').textContent()).not.toContain(applicant.email)
  await expectAccessible(o.page, 'the introduction asked of the owner')
  await tabTo(o.page, 'button', { text: 'Accept and share contact details' })
  await o.page.keyboard.press('Enter')
  await o.page.getByRole('heading', { level: 1, name: 'Introduced: Breathe Easy Ltd' }).waitFor()
  await expect.poll(() => o.page.locator('main').textContent()).toContain(applicant.email)
  await expectAccessible(o.page, 'the accepted introduction')
  o.assertClean()

  // The applicant now sees the owner's contact on the introduction's page.
  await tabTo(a.page, 'a', { text: 'Introduction: asked' })
  await a.page.keyboard.press('Enter')
  await a.page.getByRole('heading', { level: 1, name: 'Introduced: Alder Hey Children’s NHS Trust' }).waitFor()
  await expect.poll(() => a.page.locator('main').textContent()).toContain(ownerEmail)
  await expectAccessible(a.page, 'the applicant’s accepted introduction')
  a.assertClean()
})
