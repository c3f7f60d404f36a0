// Forms people can trust, in a real browser: /competitions lists the competitions; the
// status tag says "Open" once; a new applicant is asked their name and told when their
// Companies House number is already registered; a web address typed as "example.org" is
// saved as https://example.org; every unconfirmed eligibility statement has its own error;
// the programme manager sees who submitted and the shared number. Each page is checked with
// axe at desktop width and at 390 px.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { expectAccessible, openPage, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

const EMAIL = `founder${Date.now() % 10_000}@forms-trust.example`
const NUMBER = 'SC654321'

/** axe at the desktop width the tab opened with, then on a 390 px phone, then back. */
async function accessibleAtBothWidths(page: Page, where: string) {
  await expectAccessible(page, `${where} (desktop)`)
  await page.setViewportSize({ width: 390, height: 844 })
  await expectAccessible(page, `${where} (390 px)`)
  await page.setViewportSize({ width: 1100, height: 900 })
}

it('an applicant is asked their name, warned of a shared company number, and meets honest form errors; the manager sees both', { timeout: 90_000 }, async () => {
  const { site } = handles
  const { page, assertClean } = await openPage(handles.browser)

  // Another account has already registered the Companies House number this applicant will give.
  const other = (await site.platform.call('POST', '/api/dev-auth/token', { body: { email: `other.${EMAIL}` } })).json
  const registered = await site.platform.call('POST', '/api/organisations', {
    as: other,
    body: { name: 'Earlier Ltd', type: 'sme', companiesHouseNumber: NUMBER, postcode: 'L1 8JQ', sizeBand: '2-9' },
  })
  expect(registered.status).toBe(201)

  // — /competitions lists the competitions —
  await page.goto(site.url('/competitions'))
  await page.getByRole('heading', { level: 1, name: 'Funding competitions' }).waitFor()
  const card = page.locator('.card h2 a').first()
  await card.waitFor()
  await accessibleAtBothWidths(page, 'the competitions list')

  // — The competition's status tag reads "Open", once —
  await card.click()
  await page.waitForURL(/\/competitions\/[0-9A-Z]+$/)
  const competitionPath = new URL(page.url()).pathname
  const tag = page.locator('main strong.tag').first()
  await tag.waitFor()
  expect(await tag.textContent()).toBe('Open')
  expect((await tag.locator('xpath=..').textContent())?.trim(), 'the status says Open once').toBe('Open')
  await accessibleAtBothWidths(page, 'the competition page')

  // — A new applicant signs in; the organisation page asks their name —
  await page.goto(site.url(`/signin?next=${encodeURIComponent('/account/organisation')}`))
  await page.locator('#email').fill(EMAIL)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.getByRole('heading', { level: 1, name: 'Register your organisation' }).waitFor()
  expect(await page.locator('#org-yourName').inputValue(), 'the name made up from the email is not offered as theirs').toBe('')
  await page.getByRole('button', { name: 'Register organisation' }).click()
  const summary = page.locator('.error-summary')
  await summary.waitFor()
  expect(await summary.textContent()).toContain('Enter your name')
  await accessibleAtBothWidths(page, 'the organisation page with errors')

  await page.locator('#org-yourName').fill('Priya Shah')
  await page.locator('#org-name').fill('Second Look Ltd')
  await page.getByLabel('Small or medium-sized business (SME)').check()
  await page.locator('#org-companiesHouseNumber').fill('sc 654321')
  await page.locator('#org-postcode').fill('l1 8jq')
  await page.locator('#org-sizeBand').check()
  await page.getByRole('button', { name: 'Register organisation' }).click()
  const warning = page.getByRole('heading', { level: 2, name: 'Saved, but please check' })
  await warning.waitFor()
  expect(await page.locator('.notice').first().textContent()).toMatch(/Companies House number is already registered by another account/)
  expect(await page.locator('main').textContent(), 'the other organisation is not named to the applicant').not.toContain('Earlier Ltd')
  await expect.poll(() => page.locator('header').textContent()).toContain('Signed in as Priya Shah')
  await accessibleAtBothWidths(page, 'the organisation page with a warning')

  // — Starts an EOI; types a web address without https:// —
  await page.goto(site.url(competitionPath))
  await page.getByRole('button', { name: 'Start your expression of interest' }).click()
  await page.waitForURL(/\/applications\/[0-9A-Z]+$/)
  const applicationPath = new URL(page.url()).pathname
  const website = page.getByLabel('Your website, if you have one')
  await website.fill('example.org')
  await website.blur()
  await expect.poll(() => page.locator('#save-status').textContent(), { timeout: 10_000 }).toMatch(/^Saved at \d\d:\d\d$/)

  // — Submits without confirming eligibility: every statement carries its own error —
  await page.getByRole('button', { name: 'Submit expression of interest' }).click()
  await summary.waitFor()
  const statements = page.locator('#eligibility').locator('xpath=ancestor::fieldset').locator('input[type=checkbox]')
  const count = await statements.count()
  expect(count, 'the demo has several eligibility statements').toBeGreaterThan(1)
  const summaryLinks = await summary.locator('a[href^="#eligibility"]').count()
  expect(summaryLinks).toBe(count)
  for (let i = 0; i < count; i++) {
    const describedBy = (await statements.nth(i).getAttribute('aria-describedby')) ?? ''
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'))
    expect(errorId, `statement ${i + 1} is described by its error`).toBeDefined()
    const error = page.locator(`[id="${errorId}"]`)
    expect(await error.isVisible(), `statement ${i + 1} shows its error`).toBe(true)
    expect(await error.textContent()).toMatch(/Confirm/)
  }
  await accessibleAtBothWidths(page, 'the EOI with every eligibility error')

  // — The address was saved as https://example.org —
  await page.reload()
  await page.getByLabel('Your website, if you have one').waitFor()
  expect(await page.getByLabel('Your website, if you have one').inputValue()).toBe('https://example.org')

  // Finishes and submits through the API, as the same applicant.
  const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('challenge-fund.session')!) as { token: string }).token)
  const applicationId = applicationPath.split('/').pop()!
  const mine = (await site.platform.call('GET', `/api/applications/${applicationId}`, { as: { token } })).json
  const competition = (await site.platform.call('GET', `/api/competitions/${mine.competitionId}`)).json
  const answers = Object.fromEntries(
    competition.form
      .filter((q: { required: boolean }) => q.required)
      .map((q: { id: string; kind: string; options?: { id: string }[] }) => [q.id, q.kind === 'singleChoice' ? q.options![0]!.id : 'We will map damp homes.']),
  )
  const saved = await site.platform.call('PATCH', `/api/applications/${applicationId}`, {
    as: { token },
    body: {
      version: mine.version,
      answers,
      amountRequestedPence: 1_000_000,
      themeIds: [competition.themes[0].id],
      eligibilityConfirmed: competition.competition.eligibility.map((s: { id: string }) => s.id),
    },
  })
  expect(saved.status, JSON.stringify(saved.json)).toBe(200)
  expect((await site.platform.call('POST', `/api/applications/${applicationId}/submit`, { as: { token } })).status).toBe(200)

  // — The programme manager sees who submitted it, and the shared number —
  await page.evaluate(() => sessionStorage.clear())
  const submissions = `/manage/competitions/${mine.competitionId}/submissions`
  await page.goto(site.url(`/signin?next=${encodeURIComponent(submissions)}`))
  await page.locator('#email').fill('programme.manager@lcr-cdc.example')
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.waitForURL((url) => url.pathname === submissions)
  const row = page.locator('tbody tr', { hasText: 'Second Look Ltd' })
  await row.waitFor()
  expect(await row.textContent()).toContain('Priya Shah')
  expect(await row.textContent()).toContain('Companies House number shared')
  expect(await row.textContent()).toContain(`${NUMBER}, also registered by Earlier Ltd`)
  await accessibleAtBothWidths(page, 'the submissions list')

  await row.getByRole('link', { name: 'Second Look Ltd' }).click()
  await page.getByRole('heading', { level: 1, name: 'Second Look Ltd' }).waitFor()
  expect(await page.locator('main').textContent()).toContain('Priya Shah')
  await page.getByRole('heading', { level: 2, name: 'Companies House number shared with another account' }).waitFor()
  await accessibleAtBothWidths(page, 'the expression of interest, for the manager')
  assertClean()
})
