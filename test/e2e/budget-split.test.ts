// The budget by challenge in a real browser: an award whose theme addresses three challenges
// is divided between them, to the penny, and the shares add up to 100% of what is committed;
// the page says how. Set up through the API; checked with axe.
import { expect, it } from 'vitest'
import { awardingCompetition } from '../support/assessing-fixtures.js'
import { expectAccessible, openPage, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('divides an award across the challenges it addresses, so the shares add up to 100% of what is committed', {
  timeout: 120_000,
}, async () => {
  const p = handles.site.platform
  const a = await awardingCompetition(p, [{ name: 'Breathe Easy Ltd', requestedPence: 1_000_000, score: 4 }], {
    challenges: 3,
  })
  const awarded = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
    as: a.manager,
    body: {
      applicationId: a.ids[0],
      amountPence: 1_000_000,
      respondBy: new Date(p.clock.now.getTime() + 14 * 86_400_000).toISOString(),
    },
  })
  expect(awarded.status, JSON.stringify(awarded.json)).toBe(201)

  const { page } = await openPage(handles.browser)
  const base = `/manage/competitions/${a.competitionId}/awards`
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(base)}`))
  await page.locator('#email').fill(a.manager.email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.getByRole('heading', { level: 1, name: 'Awards and budget' }).waitFor()
  const table = page.getByRole('table', { name: 'Committed by challenge' })
  await table.waitFor()
  const rows = table.locator('tbody tr')
  expect(await rows.count()).toBe(3)
  // Columns: challenge (a row header), awards, committed, share.
  const column = async (n: number) =>
    Promise.all([0, 1, 2].map(async (i) => ((await rows.nth(i).locator('td').nth(n).textContent()) ?? '').trim()))
  expect(await column(1)).toEqual(['£3,333.34', '£3,333.33', '£3,333.33'])
  expect(await column(2)).toEqual(['34%', '33%', '33%'])
  expect(await table.locator('thead').textContent()).toContain('Share of what is committed')
  expect(await page.locator('#budget-heading').locator('..').textContent()).toContain('divided equally between them')
  await expectAccessible(page, 'the budget divided across challenges')
})
