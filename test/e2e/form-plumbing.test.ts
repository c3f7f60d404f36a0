// What every form shares (web/src/components/forms.ts and inline-dialog.tsx), seen through the
// browser: a second submit while the first is still sending does nothing, and a form opened
// from a table row gives focus back to the row's button when it is cancelled or saved.
import { expect, it } from 'vitest'
import { assessingCompetition } from '../support/assessing-fixtures.js'
import { expectFocus, openPage, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('submitting a form twice before the page has redrawn sends it once', { timeout: 60_000 }, async () => {
  const p = handles.site.platform
  const manager = await p.signIn('manager', 'Priya Shah')
  const { page, assertClean } = await openPage(handles.browser)
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent('/manage')}`))
  await page.locator('#email').fill(manager.email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.getByRole('heading', { level: 1, name: 'Manage competitions' }).waitFor()

  const creates: string[] = []
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/competitions')
      creates.push(request.url())
  })
  await page.getByLabel('Title', { exact: true }).fill('Cleaner air for schools')
  // Two submits in one go, as a double press of Enter can land before the button is disabled.
  await page.locator('form:has(#new-title)').evaluate((form: HTMLFormElement) => {
    form.requestSubmit()
    form.requestSubmit()
  })
  await page.waitForURL(/\/manage\/competitions\/[0-9A-Z]+\/setup$/)
  await page.getByRole('heading', { level: 1, name: 'Cleaner air for schools' }).waitFor()
  expect(creates).toHaveLength(1)
  const drafts = await p.call('GET', '/api/competitions?status=draft&limit=100', { as: manager })
  expect(drafts.json.items.filter((c: { title: string }) => c.title === 'Cleaner air for schools')).toHaveLength(1)
  assertClean()
})

it('a form opened from a table row gives focus back to the row’s button on Cancel and after saving', {
  timeout: 120_000,
}, async () => {
  const p = handles.site.platform
  const a = await assessingCompetition(p, { applications: 1, shortlisted: 1, panellists: 1 })
  const added = await p.call('POST', `/api/competitions/${a.competitionId}/signposts`, {
    as: a.manager,
    body: {
      name: 'Finance Hub',
      helpsWith: 'Loans, grants and investment readiness for small firms.',
      contact: 'finance@growth.example',
      tags: ['finance'],
    },
  })
  expect(added.status, JSON.stringify(added.json)).toBe(201)

  const { page, assertClean } = await openPage(handles.browser)
  const base = `/manage/competitions/${a.competitionId}`
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(`${base}/signposts`)}`))
  await page.locator('#email').fill(a.manager.email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.getByRole('heading', { level: 1, name: 'Signposting directory' }).waitFor()
  const change = page.getByRole('button', { name: 'Change Finance Hub' })
  const changeId = await change.getAttribute('id')

  await change.click()
  await expectFocus(page, { id: 'signpost-name' }, 'opening the form moves focus into it')
  await expect.poll(() => change.getAttribute('aria-expanded')).toBe('true')
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expectFocus(page, { id: changeId! }, 'Cancel gives focus back to the row’s button')
  await expect.poll(() => change.getAttribute('aria-expanded')).toBe('false')

  await change.click()
  await expectFocus(page, { id: 'signpost-name' })
  await page.getByLabel('Contact (optional)').fill('money@growth.example')
  await page.getByRole('button', { name: 'Save the changes' }).click()
  await page.getByRole('status').filter({ hasText: 'Saved the changes to “Finance Hub”.' }).waitFor()
  await expectFocus(page, { id: changeId! }, 'after saving, focus is back on the row’s button')
  assertClean()
})

it('after someone else saved first, the error summary offers to reload what is saved, and reloading clears it', {
  timeout: 120_000,
}, async () => {
  const p = handles.site.platform
  const a = await assessingCompetition(p, { applications: 1, shortlisted: 1, panellists: 1 })
  const { page, assertClean } = await openPage(handles.browser)
  const base = `/manage/competitions/${a.competitionId}`
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(`${base}/rubric`)}`))
  await page.locator('#email').fill(a.manager.email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.getByRole('heading', { level: 1, name: 'Rubric and settings' }).waitFor()
  await expect.poll(() => page.locator('#rubric-criteria-0-title').inputValue()).toBe('Understanding of the problem')

  // Meanwhile, in another tab, the first criterion is renamed.
  const rubric = (await p.call('GET', `/api/competitions/${a.competitionId}/rubric`, { as: a.manager })).json
  const renamed = await p.call('PUT', `/api/competitions/${a.competitionId}/rubric`, {
    as: a.manager,
    body: {
      version: rubric.version,
      scale: rubric.scale,
      criteria: rubric.criteria.map((c: { title: string }, i: number) =>
        i === 0 ? { ...c, title: 'Understanding of need' } : c,
      ),
    },
  })
  expect(renamed.status, JSON.stringify(renamed.json)).toBe(200)

  await page.getByRole('button', { name: 'Save the rubric' }).click()
  await expectFocus(page, { className: 'error-summary' }, 'the conflict is announced in the focused error summary')
  const reload = page.locator('.error-summary').getByRole('button', { name: 'Reload what is saved' })
  await reload.click()
  await expect.poll(() => page.locator('.error-summary').count()).toBe(0)
  await expect.poll(() => page.locator('#rubric-criteria-0-title').inputValue()).toBe('Understanding of need')
  assertClean()
})
