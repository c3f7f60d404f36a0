// The exports page in a real browser, by keyboard alone: a programme manager goes from the awards
// page to Exports, reads what each file holds, and downloads the EOIs as a CSV the browser saves
// (fetched with their token). Checked with axe at desktop width and at 390 px.
import { readFile } from 'node:fs/promises'
import { expect, it } from 'vitest'
import { grantsInDelivery } from '../support/programme-fixtures.js'
import { expectAccessible, expectFocus, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('lists every export with what it holds and downloads one by keyboard', { timeout: 240_000 }, async () => {
  const p = handles.site.platform
  const a = await grantsInDelivery(p, { applications: 2, accepted: 1 })
  const organisation = (await p.call('GET', `/api/competitions/${a.competitionId}/grants`, { as: a.manager })).json
    .rows[0].organisationName as string

  const { page, assertClean } = await openPage(handles.browser)
  const awards = `/manage/competitions/${a.competitionId}/awards`
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(awards)}`))
  await page.locator('#email').waitFor()
  await tabTo(page, '#email')
  await page.keyboard.type(a.manager.email)
  await tabTo(page, 'button', { text: 'Continue with this email' })
  await page.keyboard.press('Enter')
  await page.waitForURL(`**${awards}`)
  await page.getByRole('heading', { level: 1 }).waitFor()

  await tabTo(page, 'a', { text: 'Exports' })
  await page.keyboard.press('Enter')
  await page.waitForURL(`**/manage/competitions/${a.competitionId}/exports`)
  await expectFocus(page, { tag: 'h1', text: 'Exports' })
  const links = page.locator('main ul.exports a')
  await expect.poll(() => links.count()).toBe(9)
  expect(await links.allTextContents()).toEqual([
    'Expressions of interest, with answers (CSV)',
    'Score sheets (CSV)',
    'Ranking (CSV)',
    'Awards (CSV)',
    'Ledger (CSV)',
    'Grants (CSV)',
    'Payments (CSV)',
    'Feedback calls (CSV)',
    'Event registrations (CSV)',
  ])
  await expect.poll(() => page.locator('main').textContent()).toContain('one column per form question')
  await expectAccessible(page, 'the exports page')

  // Download the EOIs by keyboard: the browser saves the file the API sent, BOM and all.
  await tabTo(page, 'a', { text: 'Expressions of interest, with answers' })
  const downloading = page.waitForEvent('download')
  await page.keyboard.press('Enter')
  const download = await downloading
  expect(download.suggestedFilename()).toBe('complete-competition-eois.csv')
  const saved = await readFile((await download.path())!, 'utf8')
  expect(saved.startsWith('\uFEFFApplication id,Receipt number,Organisation,')).toBe(true)
  expect(saved).toContain(organisation)
  expect(saved).toContain('Amount requested (£)')
  await expect
    .poll(() => page.getByRole('status').textContent())
    .toBe('“Expressions of interest, with answers” downloaded as complete-competition-eois.csv.')
  await expectAccessible(page, 'the exports page after a download')
  assertClean()
})
