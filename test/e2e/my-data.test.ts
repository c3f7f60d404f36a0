// Subject access in a real browser, by keyboard: an applicant opens "Your data" from the header,
// reads everything held about them, downloads the same as JSON, then erases it (typing the
// confirmation). Axe at desktop and 390 px.
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { getUser } from '../../functions/db/users-repo.js'
import { openCompetition, submittedApplication } from '../support/eoi-fixtures.js'
import { expectAccessible, expectFocus, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('shows an applicant their data, downloads it as JSON and erases it', { timeout: 180_000 }, async () => {
  const p = handles.site.platform
  const manager = await p.signIn('manager', 'Priya Shah')
  const comp = await openCompetition(p, manager)
  const { applicant } = await submittedApplication(p, comp, 'Alpha Sensors Ltd')
  const other = await submittedApplication(p, comp, 'Beta Care CIC')

  const { page } = await openPage(handles.browser)
  await page.goto(handles.site.url('/signin?next=%2Fapplications'))
  await page.locator('#email').waitFor()
  await tabTo(page, '#email')
  await page.keyboard.type(applicant.email)
  await tabTo(page, 'button', { text: 'Continue with this email' })
  await page.keyboard.press('Enter')
  await page.waitForURL('**/applications')
  await expectFocus(page, { tag: 'h1' })

  await tabTo(page, 'a', { text: 'Your data' })
  await page.keyboard.press('Enter')
  await page.waitForURL('**/account/data')
  await expectFocus(page, { tag: 'h1', text: 'Your data' })
  const download = page.locator('a', { hasText: 'Download as JSON' })
  await download.waitFor()
  const main = page.locator('main')
  await expect.poll(() => main.textContent()).toContain('Alpha Sensors Ltd')
  const text = (await main.textContent())!
  expect(text).toContain('Sensors in homes warn families early.')
  expect(text).toContain(applicant.email)
  expect(text).toMatch(/diversity and inclusion survey/)
  expect(text).not.toContain('Beta Care CIC')
  expect(text).not.toContain(other.applicant.email)
  await expectAccessible(page, 'your data')

  // The link saves the JSON the page was drawn from, by keyboard.
  await tabTo(page, 'a', { text: 'Download as JSON' })
  const [saved] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
  const json = { name: saved.suggestedFilename(), body: JSON.parse(readFileSync((await saved.path())!, 'utf8')) }
  expect(json.name).toBe('my-data.json')
  expect(json.body.you.email).toBe(applicant.email)
  expect(json.body.organisation.name).toBe('Alpha Sensors Ltd')
  expect(JSON.stringify(json.body)).not.toContain(other.applicant.email)

  // Erasing: the confirmation is checked first, then the account is closed and the person signed out.
  await tabTo(page, '#erase-confirm')
  await page.keyboard.type('yes please')
  await tabTo(page, 'button', { text: 'Erase my data' })
  await page.keyboard.press('Enter')
  await expectFocus(page, { tag: 'div', text: 'There is a problem' })
  await expect.poll(() => page.locator('.error-summary a').textContent()).toContain('erase my data')
  await expectAccessible(page, 'your data, with the erasure’s error')
  expect((await p.call('GET', '/api/me', { as: applicant })).status).toBe(200)
  await tabTo(page, '#erase-confirm')
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type('erase my data')
  await tabTo(page, 'button', { text: 'Erase my data' })
  await page.keyboard.press('Enter')
  await expect.poll(() => page.locator('main').textContent()).toContain('Your data has been erased')
  // Erased as stored (the site caches accounts for a minute, so its old token lapses within one).
  const stored = await getUser(p.db, applicant.id)
  expect(stored).toMatchObject({ name: '[erased]', email: expect.stringMatching(/@erased\.invalid$/) })
  expect((await getUser(p.db, other.applicant.id))?.email).toBe(other.applicant.email)
})
