// The programme manager's competition page as a GOV.UK task list, in a real browser: a short
// page (it was a column of links and forms over 7,000 px tall), each stage's status and counts,
// stages that cannot start yet without a link, used by keyboard and checked with axe at
// desktop width and at 390 px, and the statuses moving on as the competition does (the
// competition is moved on through the API between visits, with the test fixtures).
import { expect, it } from 'vitest'
import { acceptedAwards, assessingCompetition, declareNone, scoreAndSubmit } from '../support/assessing-fixtures.js'
import { expectAccessible, expectFocus, openPage, PHONE, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('a manager reads the task list, follows it by keyboard, and sees the statuses move on', {
  timeout: 180_000,
}, async () => {
  const p = handles.site.platform
  const a = await assessingCompetition(p, { applications: 3, shortlisted: 2, panellists: 2 })
  const [first, second, third] = a.ids as [string, string, string]
  const base = `/manage/competitions/${a.competitionId}`
  const { page, assertClean } = await openPage(handles.browser)

  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(base)}`))
  await page.locator('#email').fill(a.manager.email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.waitForURL((url) => url.pathname === base)
  const tasks = page.getByRole('list', { name: 'Running the competition' })
  await tasks.waitFor()
  const row = (id: string) => page.locator(`#task-${id}`)
  const text = (id: string) =>
    row(id)
      .textContent()
      .then((t) => t ?? '')

  // — Eleven stages, each with its status and counts; the page is short —
  expect(await tasks.getByRole('listitem').count()).toBe(11)
  expect(await text('setup')).toBe('Set up the competition1 challenge, 1 theme, 3 form questionsCompleted')
  expect(await text('screening')).toBe(
    'Screen and shortlist3 received, 3 eligible, 2 shortlisted; 1 to decideIn progress',
  )
  expect(await text('scoring')).toBe('Scoring and ranking0 of 4 score sheets submittedNot started')
  expect(await text('grants')).toBe('Set up and run the grantsNeeds an accepted offerCannot start yet')
  expect(await row('grants').getByRole('link').count(), 'a stage that cannot start yet has no link').toBe(0)
  // The link is described by its counts and status, as the design system's task list does.
  expect(await row('screening').getByRole('link').getAttribute('aria-describedby')).toBe(
    'task-screening-hint task-screening-status',
  )
  expect(await page.locator('#tasks-progress').textContent()).toBe('You have completed 3 of 11 stages.')
  const height = await page.evaluate(() => document.documentElement.scrollHeight)
  expect(height, 'the competition page fits in a few screens').toBeLessThan(2_500)
  await expectAccessible(page, 'the task list')
  await page.setViewportSize(PHONE)
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(3_000)
  await page.setViewportSize({ width: 1100, height: 900 })

  // — By keyboard: to a stage, and back —
  await tabTo(page, 'a.task-list-link', { text: 'Invite the panel' })
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { level: 1, name: 'Panel and conflicts of interest' }).waitFor()
  await expectFocus(page, { tag: 'h1', text: 'Panel and conflicts of interest' })

  // — Meanwhile the third is turned down, every sheet is scored and submitted —
  const decided = await p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
    as: a.manager,
    body: { decisions: [{ applicationId: third, outcome: 'not-shortlisted', reason: 'Weaker fit' }] },
  })
  expect(decided.status, JSON.stringify(decided.json)).toBe(200)
  for (const panellist of a.panel) {
    await declareNone(p, panellist, a.competitionId, [first, second])
    for (const id of [first, second]) await scoreAndSubmit(p, panellist, a, id, 4)
  }

  await tabTo(page, 'a', { text: 'Back to the competition' })
  await page.keyboard.press('Enter')
  await expectFocus(page, { tag: 'h1' })
  await expect.poll(() => text('screening')).toBe('Screen and shortlist3 received, 3 eligible, 2 shortlistedCompleted')
  expect(await text('panel')).toBe('Invite the panel2 accepted, 0 awaiting an answer, 0 conflicts declaredCompleted')
  expect(await text('scoring')).toBe('Scoring and ranking4 of 4 score sheets submittedCompleted')
  expect(await text('awards')).toBe('Make awards£0 of £60,000 committedNot started')

  // — An award is made, decisions released and the offer accepted: the grants can start —
  await acceptedAwards(p, a, 1, { amountPence: 1_670_000, conditions: 'Quarterly progress reports' })
  await page.reload()
  await tasks.waitFor()
  await expect.poll(() => text('awards')).toBe('Make awards1 award, £16,700 of £60,000 committedCompleted')
  expect(await text('release')).toMatch(/^Release decisions and feedbackReleased on .+ to 3 applicantsCompleted$/)
  expect(await text('grants')).toBe('Set up and run the grants1 accepted award, no agreements yetNot started')
  await tabTo(page, 'a.task-list-link', { text: 'Set up and run the grants' })
  await page.keyboard.press('Enter')
  await page.waitForURL((url) => url.pathname === `${base}/grants`)
  await page.getByRole('heading', { level: 1 }).waitFor()
  await page.goBack()
  await tasks.waitFor()
  await expectAccessible(page, 'the task list as grants can start')
  assertClean()
})
