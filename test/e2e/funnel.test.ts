// The funnel, programmes and the leadership questions in a real browser, by keyboard alone:
// a programme manager opens a competition's funnel from its page (chart, table, summary, who to
// follow up), groups two competitions into a programme and reads its report; an applicant
// answers the optional questions about their organisation's leadership with consent.
// Each page is checked with axe at desktop width and at 390 px.
import { expect, it } from 'vitest'
import { assessingCompetition } from '../support/assessing-fixtures.js'
import { openCompetition, startedDraft } from '../support/eoi-fixtures.js'
import { expectAccessible, expectFocus, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

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

it('shows a manager the funnel and a programme’s report, and takes an organisation’s leadership answers', {
  timeout: 240_000,
}, async () => {
  const p = handles.site.platform
  const a = await assessingCompetition(p, { applications: 3, shortlisted: 1, panellists: 1 })
  const second = await openCompetition(p, a.manager)
  const { applicant } = await startedDraft(p, second, 'Follow Me Up Ltd')

  // The manager: the competition's page → Engagement funnel, by keyboard.
  const manager = await signInByKeyboard(a.manager.email, `/manage/competitions/${a.competitionId}`)
  await tabTo(manager.page, 'a', { text: 'Engagement funnel' })
  await manager.page.keyboard.press('Enter')
  await manager.page.waitForURL('**/funnel')
  await expectFocus(manager.page, { tag: 'h1', text: 'Engagement funnel' })
  const table = manager.page.locator('table#funnel')
  await table.waitFor()
  await expect.poll(() => table.locator('tbody tr', { hasText: 'Shortlisted' }).textContent()).toContain('33.3%')
  await expect
    .poll(() => manager.page.locator('#funnel-summary').textContent())
    .toContain('3 organisations engaged; 3 submitted an EOI (100% of the step before)')
  await expectAccessible(manager.page, 'the funnel page')

  // Programmes: make one of the two competitions, by keyboard.
  await manager.page.goto(handles.site.url('/manage'))
  await tabTo(manager.page, 'a', { text: 'Programmes: rounds reported together' })
  await manager.page.keyboard.press('Enter')
  await manager.page.waitForURL('**/manage/programmes')
  await expectFocus(manager.page, { tag: 'h1', text: 'Programmes' })
  await manager.page.locator('#programme-title').waitFor()
  await expectAccessible(manager.page, 'the programmes page')
  await tabTo(manager.page, '#programme-title')
  await manager.page.keyboard.type('What’s your problem? series')
  for (const id of [a.competitionId, second.competition.id]) {
    const box = manager.page.locator(`input[value="${id}"]`)
    const boxId = await box.getAttribute('id')
    await tabTo(manager.page, `#${boxId}`)
    await manager.page.keyboard.press('Space')
    await expect.poll(() => box.isChecked()).toBe(true)
  }
  await tabTo(manager.page, 'button', { text: 'Make programme' })
  await manager.page.keyboard.press('Enter')
  await manager.page.waitForURL(/\/manage\/programmes\/[0-9A-Z]{26}$/)
  await expectFocus(manager.page, { tag: 'h1', text: 'What’s your problem? series' })
  await manager.page.locator('table#programme-funnel').waitFor()
  await expect
    .poll(() => manager.page.locator('table#programme-funnel tbody tr', { hasText: 'Engaged' }).textContent())
    .toContain('4')
  await expect.poll(() => manager.page.locator('main').textContent()).toContain('Still collecting')
  await expectAccessible(manager.page, 'the programme report')

  // The applicant: their organisation → the leadership questions, with consent, by keyboard.
  const { page } = await signInByKeyboard(applicant.email, '/account/organisation')
  await tabTo(page, 'a', { text: 'About your organisation’s leadership' })
  await page.keyboard.press('Enter')
  await page.waitForURL('**/account/organisation/leadership')
  await expectFocus(page, { tag: 'h1', text: 'leadership' })
  await page.locator('#leadership-consent').waitFor()
  await expectAccessible(page, 'the leadership questions')
  await tabTo(page, '#leadership-consent')
  await page.keyboard.press('Space')
  await page.locator('#leadership-women-led').waitFor()
  await tabTo(page, '#leadership-women-led')
  await page.keyboard.press('Space')
  await tabTo(page, 'button', { text: 'Save answers' })
  await page.keyboard.press('Enter')
  await expect.poll(() => page.locator('main').textContent()).toContain('Your answers are saved.')
  await expectAccessible(page, 'the leadership questions, answered')
  const saved = await p.call('GET', '/api/me/organisation/leadership', { as: applicant })
  expect(saved.json.answers).toMatchObject({ 'women-led': 'yes', 'disabled-led': 'declined' })
})
