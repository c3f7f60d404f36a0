// Subject access in a real browser, by keyboard: an applicant opens "Your data" from the header,
// reads everything held about them and downloads the same as JSON. Axe at desktop and 390 px.
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { openCompetition, submittedApplication } from '../support/eoi-fixtures.js'
import { expectAccessible, expectFocus, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('shows an applicant their data and downloads it as JSON', { timeout: 180_000 }, async () => {
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
})
