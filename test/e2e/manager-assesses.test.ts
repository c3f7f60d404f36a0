// A programme manager's assessing journey in a real browser. Set up through the API: four
// submitted EOIs (all eligible, three shortlisted), a rubric weighted 2, 1, 1 and three
// panellists who have scored, so that one application's scores are far apart (5, 5 and 1:
// "Discuss"), two tie, and one has too few scorers. In the browser the manager meets the
// error summary on a bulk decision without a reason, shortlists the fourth EOI, reads the
// ranking with its flags and the panel's progress, opens the application to discuss, changes
// a score with a reason and finds it in the sheet's history; the rubric shows as locked and
// a pitch slot is saved and sent. Every page visited is checked with axe.
import { expect, it } from 'vitest'
import { assessingCompetition, declareNone, scoreAndSubmit, submitSheetWith } from '../support/assessing-fixtures.js'
import { utcIsoToLondonLocal } from '../../shared/dates.js'
import { expectAccessible, expectFocus, focused, openPage, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

const DISCUSS_COMMENT = 'Little evidence from the service’s side.'
const REASON = 'The panel agreed the evidence from the asthma nurses counts.'

it('a manager shortlists, reads the ranking and progress, and changes a score after discussion', {
  timeout: 120_000,
}, async () => {
  const p = handles.site.platform
  // — Through the API —
  const a = await assessingCompetition(p, { applications: 4, shortlisted: 3, panellists: 3 })
  const [breathe, family, care] = a.ids as [string, string, string, string]
  const [one, two, three] = a.panel as [(typeof a.panel)[number], (typeof a.panel)[number], (typeof a.panel)[number]]
  for (const panellist of a.panel) await declareNone(p, panellist, a.competitionId, [breathe, family, care])
  // Breathe Easy: 5, 5 and 1 (range 4, over the default threshold of 2): rank 1, "Discuss".
  await scoreAndSubmit(p, one, a, breathe, 5)
  await scoreAndSubmit(p, two, a, breathe, 5)
  await submitSheetWith(p, three, a, breathe, {
    scores: [1, 1, 1],
    comments: [DISCUSS_COMMENT],
    panelNote: 'Not convinced.',
  })
  // FamilyLink: 4, 3 and 3.5 (weighted); CareBridge: 4 and 3, the third panellist not started. Both 3.5: tied at 2.
  await scoreAndSubmit(p, one, a, family, 4)
  await scoreAndSubmit(p, two, a, family, 3)
  await scoreAndSubmit(p, three, a, family, [4, 3, 3])
  await scoreAndSubmit(p, one, a, care, 4)
  await scoreAndSubmit(p, two, a, care, 3)

  const { page, assertClean } = await openPage(handles.browser)
  const main = () =>
    page
      .locator('main')
      .textContent()
      .then((text) => text ?? '')
  const base = `/manage/competitions/${a.competitionId}`

  // — Signs in with the manager's email, opens the competition and its assessing pages —
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(base)}`))
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor()
  await expectAccessible(page, 'the sign-in page')
  await page.locator('#email').fill(a.manager.email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.waitForURL((url) => url.pathname === base)
  const tasks = page.getByRole('list', { name: 'Running the competition' })
  await tasks.waitFor()
  await expectAccessible(page, 'the competition’s task list')
  await tasks.getByRole('link', { name: 'Screen and shortlist' }).click()
  const assessing = page.getByRole('navigation', { name: 'Assessing' })

  // — Screening: a bulk decision without a reason meets the error summary —
  await page.getByRole('heading', { level: 1, name: 'Screening and shortlisting' }).waitFor()
  await expect.poll(async () => (await focused(page)).tag, { message: 'focus moves to the new page’s h1' }).toBe('h1')
  const table = page.getByRole('table', { name: 'Submitted expressions of interest' })
  await table.waitFor()
  expect(await table.getByRole('row').count()).toBe(5)
  const mersey = table.getByRole('row', { name: /Mersey Makers/ })
  expect(await mersey.textContent()).toContain('Eligible')
  expect(await mersey.textContent()).not.toContain('Shortlisted')
  await expectAccessible(page, 'the screening page')

  await page.getByLabel('Select Mersey Makers').check()
  await expect.poll(() => page.locator('#selection-count').textContent()).toContain('1 selected: Mersey Makers')
  await page.getByRole('button', { name: 'Do not shortlist' }).click()
  const summary = page.locator('.error-summary')
  await summary.waitFor()
  await expect.poll(async () => (await focused(page)).className).toContain('error-summary')
  expect(await summary.textContent()).toContain('Enter why')
  await expect.poll(() => page.title()).toMatch(/^Error: /)
  expect(await page.locator('#decision-reason').getAttribute('aria-invalid')).toBe('true')
  await expectAccessible(page, 'the screening page with an error')
  await summary.getByRole('link').first().click()
  await expectFocus(page, { id: 'decision-reason' }, 'the error links to the reason')

  // — …then shortlists it, with a reason —
  await page.keyboard.type('A strong fit with the data linkage theme.')
  await page.getByRole('button', { name: 'Shortlist', exact: true }).click()
  await page.getByRole('status').filter({ hasText: 'Shortlisted: Mersey Makers.' }).waitFor()
  await expect.poll(() => summary.count(), { message: 'a decision made clears the errors' }).toBe(0)
  await expect.poll(() => mersey.textContent()).toContain('Shortlisted')
  expect(await mersey.textContent()).toContain('A strong fit with the data linkage theme.')
  await expect
    .poll(() => page.getByLabel('Select Mersey Makers').isChecked(), { message: 'the selection clears' })
    .toBe(false)
  await expectAccessible(page, 'the screening page after shortlisting')

  // — The ranking: ranks with a tie, raw and calibrated side by side, flags in words —
  await assessing.getByRole('link', { name: 'Ranking and progress' }).click()
  await page.getByRole('heading', { level: 1, name: 'Ranking and progress' }).waitFor()
  const ranking = page.getByRole('table', { name: 'Shortlisted applications, best first' })
  await ranking.waitFor()
  const rowOf = (name: string) => ranking.getByRole('row', { name: new RegExp(name) })
  const cells = (name: string) => rowOf(name).getByRole('cell').allTextContents()
  const [rank, weighted, calibrated, , range, scorers, flags] = await cells('Breathe Easy Ltd')
  expect(rank).toBe('1')
  expect(weighted).toBe('3.67')
  expect(calibrated).toMatch(/^\d\.\d\d$/)
  expect(range).toBe('4.00')
  expect(scorers).toBe('3')
  expect(flags).toContain('Discuss')
  expect((await cells('FamilyLink CIC'))[0]).toBe('=2 (tied)')
  expect((await cells('CareBridge'))[0]).toBe('=2 (tied)')
  expect((await cells('CareBridge'))[6]).toContain('Too few scorers')
  expect((await cells('FamilyLink CIC'))[6]).not.toContain('Discuss')
  expect((await cells('Mersey Makers'))[0]).toBe('Not scored')
  expect(await main()).toContain('never replaces the weighted mean')

  const byPanellist = page.getByRole('table', { name: 'By panellist' })
  await expect
    .poll(() =>
      byPanellist
        .getByRole('row', { name: /Panellist 3/ })
        .getByRole('cell')
        .allTextContents(),
    )
    .toEqual(['2', '0', '1', '0', '1'])
  const byApplication = page.getByRole('table', { name: 'By application and panellist' })
  expect(
    (
      await byApplication
        .getByRole('row', { name: /CareBridge/ })
        .getByRole('cell')
        .allTextContents()
    ).sort(),
  ).toEqual(['Not started', 'Submitted', 'Submitted'])
  expect(
    await byApplication
      .getByRole('row', { name: /Mersey Makers/ })
      .getByRole('cell')
      .allTextContents(),
  ).toEqual(['Not declared', 'Not declared', 'Not declared'])
  await expectAccessible(page, 'the ranking')

  // — The application to discuss: aggregate, every sheet, and a score changed with a reason —
  await rowOf('Breathe Easy Ltd').getByRole('link', { name: 'Breathe Easy Ltd' }).click()
  await page.getByRole('heading', { level: 1, name: 'Breathe Easy Ltd' }).waitFor()
  await expect.poll(async () => (await focused(page)).tag).toBe('h1')
  await page.getByRole('heading', { level: 2, name: 'Summary' }).waitFor()
  await expect.poll(main).toContain('Discuss')
  await expect.poll(main).toContain(DISCUSS_COMMENT)
  expect(await main()).toContain('Describe your idea')
  await expectAccessible(page, 'the application’s assessment')

  await page.locator('#moderate-panellistId').selectOption({ label: 'Panellist 3' })
  await page.locator('#moderate-criterionId').selectOption({ label: 'Understanding of the problem' })
  await expect.poll(() => page.locator('#moderate-score-hint').textContent()).toContain('Currently 1')
  await page.locator('#moderate-score').selectOption('4')
  await page.locator('#moderate-reason').fill(REASON)
  await page.getByRole('button', { name: 'Change the score' }).click()
  await page
    .getByRole('status')
    .filter({ hasText: 'Changed Panellist 3’s score for Understanding of the problem from 1 to 4.' })
    .waitFor()
  const sheet = page.locator('.question').filter({ has: page.getByRole('heading', { level: 3, name: 'Panellist 3' }) })
  await expect
    .poll(() => sheet.locator('.history').textContent())
    .toContain('changed the score for Understanding of the problem from 1 to 4')
  expect(await sheet.locator('.history').textContent()).toContain(REASON)
  expect(await sheet.locator('.history').textContent()).toContain('Priya Shah')
  const scores = page.getByRole('table', { name: /Scores by criterion/ })
  await expect
    .poll(() => scores.getByRole('row', { name: /Understanding of the problem/ }).textContent())
    .toContain('4 (was 1)')
  // The aggregate follows: (5 + 5 + 2.5) / 3.
  await expect.poll(() => page.locator('.summary-list').first().textContent()).toContain('4.17')
  await expectAccessible(page, 'the assessment after a score changed')

  // — The rubric is locked now scoring has started —
  await assessing.getByRole('link', { name: 'Rubric and settings' }).click()
  await page.getByRole('heading', { level: 1, name: 'Rubric and settings' }).waitFor()
  await page.getByText('Locked: scoring started').waitFor()
  expect(await page.getByRole('button', { name: 'Save the rubric' }).count()).toBe(0)
  expect(await page.getByLabel('Minimum scorers').inputValue()).toBe('3')
  await expectAccessible(page, 'the locked rubric')

  // — The panel and its declarations —
  await assessing.getByRole('link', { name: 'Panel and conflicts' }).click()
  await page.getByRole('heading', { level: 1, name: 'Panel and conflicts of interest' }).waitFor()
  const declarations = page.getByRole('table', { name: 'Declarations by panellist and shortlisted application' })
  await expect.poll(() => declarations.getByRole('row', { name: /Panellist 1/ }).textContent()).toContain('No conflict')
  await expectAccessible(page, 'the panel')

  // — A pitch slot, saved in UK time and sent —
  await assessing.getByRole('link', { name: 'Pitches' }).click()
  await page.getByRole('heading', { level: 1, name: 'Pitches' }).waitFor()
  await expectAccessible(page, 'the empty pitch schedule')
  const startsAt = `${utcIsoToLondonLocal(new Date(p.clock.now.getTime() + 7 * 86_400_000).toISOString()).slice(0, 11)}10:00`
  await page.locator('#pitches-slots-0-applicationId').selectOption({ label: 'Breathe Easy Ltd' })
  await page.locator('#pitches-slots-0-startsAt').fill(startsAt)
  await page.locator('#pitches-slots-0-place').fill('Room 2, The Spine, Liverpool')
  await page.getByRole('button', { name: 'Save the schedule' }).click()
  await page.getByRole('status').filter({ hasText: 'Schedule saved. 1 slot to send.' }).waitFor()
  const schedule = page.getByRole('table', { name: /Pitch slots as saved/ })
  await expect.poll(() => schedule.textContent()).toContain('at 10:00')
  expect(await schedule.textContent()).toContain('Not sent yet')
  await page.getByRole('button', { name: /Send invitations/ }).click()
  await page.getByRole('status').filter({ hasText: 'Sent 1 invitation.' }).waitFor()
  await expect.poll(() => schedule.textContent()).toMatch(/Sent \w+day/)
  await expectAccessible(page, 'the pitch schedule after sending')
  assertClean()
})
