// After the grant, in a real browser and by keyboard alone: grants made through the API (awards
// accepted, agreements set up, sent and accepted), a programme manager opens the programme from
// /manage and reads every grant with its status and the totals, and shows one more milestone to
// the public; the public results page shows the milestones the manager published; a grantee submits a check-in with "nothing to report".
// Each page is checked with axe at desktop width and at 390 px.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { grantsInDelivery } from '../support/programme-fixtures.js'
import { expectAccessible, expectFocus, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

/** Signs in by typing an email, with the keyboard alone, and lands on `next`. */
async function signInByKeyboard(email: string, next: string) {
  const opened = await openPage(handles.browser)
  const { page } = opened
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(next)}`))
  await page.locator('#email').waitFor()
  await tabTo(page, '#email')
  await page.keyboard.type(email)
  await tabTo(page, 'button', { text: 'Continue with this email' })
  await page.keyboard.press('Enter')
  await page.waitForURL(`**${next}`)
  // The new page's heading takes focus once it shows: tabbing before then would start from the old focus.
  await expectFocus(page, { tag: 'h1' })
  return opened
}

const mainText = (page: Page) => page.locator('main').textContent()

it('shows the manager the programme, the public the published milestone, and takes a grantee’s check-in with nothing to report', {
  timeout: 240_000,
}, async () => {
  const p = handles.site.platform
  const b = await grantsInDelivery(p, { applications: 2, accepted: 1, sent: 1 })
  const [active, sent] = b.ids as [string, string]
  const published = await p.call('PUT', `/api/competitions/${b.competitionId}/grants/${active}/milestones/m1/public`, {
    as: b.manager,
    body: { public: true },
  })
  expect(published.status, JSON.stringify(published.json)).toBe(200)
  expect((await p.call('POST', `/api/competitions/${b.competitionId}/results`, { as: b.manager })).status).toBe(200)
  const activeName: string = published.json.organisationName
  // Six months and a day after the grants end (17 December 2027), in London.
  p.clock.now = new Date('2028-06-18T09:00:00Z')

  // The manager: /manage → Programme, by keyboard.
  const manager = await signInByKeyboard(b.manager.email, '/manage')
  await manager.page.getByRole('heading', { level: 1, name: 'Manage competitions' }).waitFor()
  await tabTo(manager.page, 'a', { text: 'Programme' })
  await manager.page.keyboard.press('Enter')
  await manager.page.waitForURL('**/manage/programme')
  await expectFocus(manager.page, { tag: 'h1', text: 'Programme' })
  const table = manager.page.locator('table')
  await table.waitFor()
  await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThanOrEqual(2)
  const rowOf = (name: string) => table.locator('tbody tr', { hasText: name })
  await expect.poll(() => rowOf(activeName).locator('.tag').textContent()).toBe('Overdue')
  const sentName = (await p.call('GET', `/api/competitions/${b.competitionId}/grants/${sent}`, { as: b.manager })).json
    .organisationName
  await expect.poll(() => rowOf(sentName).locator('.tag').textContent()).toBe('Awaiting acceptance')
  await expect.poll(() => rowOf(sentName).textContent()).toContain('£16,700')
  await expect.poll(() => table.locator('tfoot').textContent()).toContain('Total')
  await expectAccessible(manager.page, 'the programme page')

  // The active grant's public milestones: show the pilot too, by keyboard.
  await tabTo(manager.page, 'a', { text: 'Public milestones and check-ins' })
  await manager.page.keyboard.press('Enter')
  await manager.page.waitForURL(`**/grants/${active}/outcomes`)
  await expectFocus(manager.page, { tag: 'h1', text: 'Public milestones and check-ins' })
  await manager.page.getByRole('button', { name: 'Show “Pilot in 50 homes”' }).waitFor()
  await expectAccessible(manager.page, 'the public milestones and check-ins page')
  await tabTo(manager.page, 'button', { text: 'Pilot in 50 homes' })
  await manager.page.keyboard.press('Enter')
  await expectFocus(manager.page, { className: 'notice-success', text: 'is now shown on the public results page' })
  await manager.page.getByRole('button', { name: 'Hide “Pilot in 50 homes”' }).waitFor()
  await manager.page.goto(handles.site.url('/manage/programme'))
  await table.waitFor()

  // Filtered to one status, by keyboard.
  await tabTo(manager.page, '#programme-status')
  // A closed select steps through its options with the arrow keys: Any status → Draft → Awaiting acceptance.
  await manager.page.keyboard.press('ArrowDown')
  await manager.page.keyboard.press('ArrowDown')
  await expect.poll(() => manager.page.locator('#programme-status').inputValue()).toBe('awaiting-acceptance')
  await tabTo(manager.page, 'button', { text: 'Show' })
  await manager.page.keyboard.press('Enter')
  await expect.poll(() => table.locator('tbody tr').count()).toBe(1)
  await expect.poll(() => table.locator('tbody').textContent()).toContain(sentName)
  manager.assertClean()
  await manager.context.close()

  // The public results page: the published milestone, with its status, and nothing unpublished.
  const visitor = await openPage(handles.browser)
  await visitor.page.goto(handles.site.url(`/competitions/${b.competitionId}/results`))
  await visitor.page.getByRole('heading', { name: 'The winners’ milestones' }).waitFor()
  await expect.poll(() => mainText(visitor.page)).toContain('Discovery with two GP practices, due 31 March 2027')
  await expect.poll(() => mainText(visitor.page)).toContain('Pilot in 50 homes, due 30 September 2027')
  expect(await mainText(visitor.page)).not.toContain('Completion report')
  await expectAccessible(visitor.page, 'the results page with milestones')
  visitor.assertClean()
  await visitor.context.close()

  // The grantee: the 6-month check-in, nothing to report, by keyboard.
  const grantee = await signInByKeyboard(
    b.applications[0]!.applicant.email,
    `/applications/${active}/grant/check-ins/6`,
  )
  const page = grantee.page
  await page.getByRole('heading', { level: 1, name: 'Your 6-month check-in' }).waitFor()
  await page.locator('#checkin-jobs-created').waitFor()
  await expectAccessible(page, 'the check-in form')
  await tabTo(page, '#checkin-nothing')
  await page.keyboard.press('Space')
  await expect.poll(() => page.locator('#checkin-jobs-created').count()).toBe(0)
  await tabTo(page, 'button', { text: 'Submit check-in' })
  await page.keyboard.press('Enter')
  await expect.poll(() => mainText(page)).toContain('You told us there is nothing to report.')
  await expect.poll(() => mainText(page)).toMatch(/Submitted .* it cannot be changed now/)
  await expectAccessible(page, 'the submitted check-in')
  const stored = await p.call('GET', `/api/applications/${active}/grant/check-ins`, {
    as: b.applications[0]!.applicant,
  })
  expect(stored.json.rounds[0]).toMatchObject({ state: 'submitted', submitted: { nothingToReport: true } })
  // Back to the grant, where both check-ins are listed: this one sent, the next with when it opens.
  await tabTo(page, 'a', { text: 'Back to your grant' })
  await page.keyboard.press('Enter')
  await page.waitForURL(`**/applications/${active}/grant`)
  await page.getByRole('heading', { name: 'Check-ins after the grant' }).waitFor()
  await expect.poll(() => mainText(page)).toContain('6-month check-in – sent')
  await expect.poll(() => mainText(page)).toContain('12-month check-in – opens on 17 December 2028')
  await expectAccessible(page, 'the grant with its check-ins')
  grantee.assertClean()
  await grantee.context.close()
})
