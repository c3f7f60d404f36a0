// The ranking's dot plot in a real browser: each application's weighted scores beside the
// mean, a one-sentence summary naming the figure, the drawing hidden from screen readers, and
// a table whose figures are the ranking's (and as many dots drawn as scores listed), checked
// with axe at desktop width and at 390 px.
import { expect, it } from 'vitest'
import { assessingCompetition, declareNone, scoreAndSubmit } from '../support/assessing-fixtures.js'
import { expectAccessible, openPage, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('the ranking shows each application’s scores as dots beside the mean, with a table of the same figures', {
  timeout: 120_000,
}, async () => {
  const p = handles.site.platform
  const a = await assessingCompetition(p, { applications: 3, shortlisted: 3, panellists: 3 })
  const [breathe, family, care] = a.ids as [string, string, string]
  for (const panellist of a.panel) await declareNone(p, panellist, a.competitionId, a.ids)
  // Weights 2, 1, 1. Breathe Easy: 5, 1 and [4, 3, 3] = 3.5; FamilyLink: 4 and 3; CareBridge: none yet.
  await scoreAndSubmit(p, a.panel[0]!, a, breathe, 5)
  await scoreAndSubmit(p, a.panel[1]!, a, breathe, 1)
  await scoreAndSubmit(p, a.panel[2]!, a, breathe, [4, 3, 3])
  await scoreAndSubmit(p, a.panel[0]!, a, family, 4)
  await scoreAndSubmit(p, a.panel[1]!, a, family, 3)
  void care

  const base = `/manage/competitions/${a.competitionId}`
  const { page, assertClean } = await openPage(handles.browser)
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(`${base}/ranking`)}`))
  await page.locator('#email').fill(a.manager.email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.getByRole('heading', { level: 1, name: 'Ranking and progress' }).waitFor()

  const table = page.getByRole('table', { name: 'Each panellist’s weighted score beside the mean' })
  await table.waitFor()
  const cells = () =>
    table
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => (c.textContent ?? '').trim())))
  expect(await cells()).toEqual([
    ['FamilyLink CIC', '3.00, 4.00', '3.50'],
    ['Breathe Easy Ltd', '1.00, 3.50, 5.00', '3.17'],
    ['CareBridge', 'None submitted', '–'],
  ])
  // The same means as the ranking's own table.
  const ranking = page.getByRole('table', { name: 'Shortlisted applications, best first' })
  for (const [name, mean] of [
    ['FamilyLink CIC', '3.50'],
    ['Breathe Easy Ltd', '3.17'],
  ] as const)
    expect(
      await ranking
        .getByRole('row', { name: new RegExp(name) })
        .getByRole('cell')
        .nth(1)
        .textContent(),
    ).toBe(mean)

  // The drawing: one row per application, one dot per score, a bar for each mean; hidden from screen readers.
  const plotted = await page
    .locator('.dot-plot-row')
    .evaluateAll((rows) =>
      rows.map((r) => [
        r.querySelector('.dot-plot-label')?.textContent,
        r.querySelectorAll('circle').length,
        r.querySelectorAll('rect').length,
      ]),
    )
  expect(plotted).toEqual([
    ['FamilyLink CIC', 2, 1],
    ['Breathe Easy Ltd', 3, 1],
    ['CareBridge', 0, 0],
  ])
  expect(
    await page.locator('.dot-plot svg').evaluateAll((svgs) => svgs.every((s) => s.closest('[aria-hidden="true"]'))),
  ).toBe(true)
  const figure = page.getByRole('figure', {
    name: '2 applications have scores from 1.00 to 5.00 on the 0 to 5 scale; Breathe Easy Ltd’s panellists are furthest apart (4.00 points between lowest and highest).',
  })
  await figure.waitFor()
  await expectAccessible(page, 'the ranking with its dot plot')
  assertClean()
})
