// An award's dossier in a real browser: from the awards page (by keyboard) to the dossier of
// an accepted award, which shows the award, the EOI, decisions, sheets, ledger, emails and
// audit entries, and offers them as a JSON download; checked with axe at desktop and 390 px.
import { expect, it } from 'vitest'
import { acceptedAwards, awardingCompetition } from '../support/assessing-fixtures.js'
import { expectAccessible, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('a manager opens an award’s dossier from the awards page and downloads it', { timeout: 180_000 }, async () => {
  const p = handles.site.platform
  const a = await awardingCompetition(p, [
    { name: 'Breathe Easy Ltd', requestedPence: 1_670_000, score: 5 },
    { name: 'FamilyLink CIC', requestedPence: 1_670_000, score: 3 },
  ])
  await acceptedAwards(p, a, 1, { amountPence: 1_670_000 })
  const awarded = a.ids[0]!

  const { page, assertClean } = await openPage(handles.browser)
  const base = `/manage/competitions/${a.competitionId}`
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(`${base}/awards`)}`))
  await page.locator('#email').fill(a.manager.email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.getByRole('heading', { level: 1, name: 'Awards and budget' }).waitFor()

  // By keyboard: Tab to the dossier link and follow it with Enter.
  await tabTo(page, 'a', { text: 'Dossier' })
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { level: 1, name: 'Dossier: Breathe Easy Ltd' }).waitFor()
  expect(page.url()).toContain(`${base}/awards/${awarded}/dossier`)
  for (const section of [
    'The award',
    'The expression of interest',
    'Decisions',
    'Score sheets and moderation',
    'Ledger',
    'Grant and payments',
    'Emails sent about it',
    'Audit entries',
  ])
    await page.getByRole('heading', { level: 2, name: section }).waitFor()
  const audit = page.getByRole('table', { name: 'Audit entries about this award, oldest first' })
  await expect.poll(() => audit.getByRole('row').count()).toBeGreaterThan(3)
  await expect.poll(() => audit.textContent()).toContain('POST /competitions/:competitionId/awards')
  await expect
    .poll(() => page.getByRole('table', { name: 'Emails sent about this award' }).getByRole('row').count())
    .toBeGreaterThan(1)
  await expectAccessible(page, 'the award dossier')

  // The download is the dossier as JSON.
  await tabTo(page, 'button', { text: 'Download the dossier' })
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
  expect(file.suggestedFilename()).toBe(`dossier-${awarded}.json`)
  const path = await file.path()
  const { readFile } = await import('node:fs/promises')
  const dossier = JSON.parse(await readFile(path, 'utf8'))
  expect(dossier.award.applicationId).toBe(awarded)
  expect(dossier.audit.length).toBeGreaterThan(3)

  // Another application (not awarded) has no dossier: the page says so.
  await page.goto(handles.site.url(`${base}/awards/${a.ids[1]}/dossier`))
  await page.getByRole('heading', { level: 1, name: 'No such award' }).waitFor()
  await expectAccessible(page, 'a dossier that does not exist')
  assertClean()
})
