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

const STAMP = Date.now() % 100_000
const NUMBER = 'SC654321'

async function signIn(page: Page, email: string, next: string) {
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(next)}`))
  await page.locator('#email').fill(email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.waitForURL((url) => url.pathname === next)
}

/** A token for this email (a new applicant if unknown), from the local issuer. */
const tokenFor = async (email: string): Promise<{ token: string }> =>
  (await handles.site.platform.call('POST', '/api/dev-auth/token', { body: { email } })).json

/** The demo competition (the one open for EOIs) and its page as the API gives it. */
async function demoCompetition() {
  const list = (await handles.site.platform.call('GET', '/api/competitions?status=published&open=true')).json
  return (await handles.site.platform.call('GET', `/api/competitions/${list.items[0].id}`)).json
}

async function registerOrganisation(as: { token: string }, name: string, companiesHouseNumber?: string) {
  const res = await handles.site.platform.call('POST', '/api/organisations', {
    as,
    body: {
      name,
      type: 'sme',
      postcode: 'L1 8JQ',
      sizeBand: '2-9',
      ...(companiesHouseNumber ? { companiesHouseNumber } : {}),
    },
  })
  expect(res.status, JSON.stringify(res.json)).toBe(201)
}

/** axe at the desktop width the tab opened with, then on a 390 px phone, then back. */
async function accessibleAtBothWidths(page: Page, where: string) {
  await expectAccessible(page, `${where} (desktop)`)
  await page.setViewportSize({ width: 390, height: 844 })
  await expectAccessible(page, `${where} (390 px)`)
  await page.setViewportSize({ width: 1100, height: 900 })
}

it('/competitions lists the competitions', { timeout: 60_000 }, async () => {
  const { page, assertClean } = await openPage(handles.browser)
  await page.goto(handles.site.url('/competitions'))
  await page.getByRole('heading', { level: 1, name: 'Funding competitions' }).waitFor()
  await page.locator('.card h2 a').first().waitFor()
  await accessibleAtBothWidths(page, 'the competitions list')
  assertClean()
})

it('a competition’s status tag says “Open” once', { timeout: 60_000 }, async () => {
  const { page, assertClean } = await openPage(handles.browser)
  await page.goto(handles.site.url(`/competitions/${(await demoCompetition()).competition.id}`))
  const tag = page.locator('main strong.tag').first()
  await tag.waitFor()
  expect(await tag.textContent()).toBe('Open')
  expect((await tag.locator('xpath=..').textContent())?.trim(), 'the status says Open once').toBe('Open')
  await accessibleAtBothWidths(page, 'the competition page')
  assertClean()
})

it('a new applicant is asked their name and told their Companies House number is already registered', {
  timeout: 60_000,
}, async () => {
  const { page, assertClean } = await openPage(handles.browser)
  // Another account has already registered the number this applicant will give.
  await registerOrganisation(await tokenFor(`earlier.${STAMP}@forms-trust.example`), 'Earlier Ltd', NUMBER)

  await signIn(page, `founder${STAMP}@forms-trust.example`, '/account/organisation')
  await page.getByRole('heading', { level: 1, name: 'Register your organisation' }).waitFor()
  expect(
    await page.locator('#org-yourName').inputValue(),
    'the name made up from the email is not offered as theirs',
  ).toBe('')
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
  await page.getByRole('heading', { level: 2, name: 'Saved, but please check' }).waitFor()
  expect(await page.locator('.notice').first().textContent()).toMatch(
    /Companies House number is already registered by another account/,
  )
  expect(
    await page.locator('main').textContent(),
    'the other organisation is not named to the applicant',
  ).not.toContain('Earlier Ltd')
  await expect.poll(() => page.locator('header').textContent()).toContain('Signed in as Priya Shah')
  await accessibleAtBothWidths(page, 'the organisation page with a warning')
  assertClean()
})

it('a web address typed as example.org is saved as https://example.org, and every unconfirmed eligibility statement has its own error', {
  timeout: 60_000,
}, async () => {
  const { page, assertClean } = await openPage(handles.browser)
  const email = `addresses.${STAMP}@forms-trust.example`
  await registerOrganisation(await tokenFor(email), 'Addresses Ltd')
  const page0 = await demoCompetition()
  await signIn(page, email, `/competitions/${page0.competition.id}`)
  await page.getByRole('button', { name: 'Start your expression of interest' }).click()
  await page.waitForURL(/\/applications\/[0-9A-Z]+$/)
  const website = page.getByLabel('Your website, if you have one')
  await website.fill('example.org')
  await website.blur()
  await expect
    .poll(() => page.locator('#save-status').textContent(), { timeout: 10_000 })
    .toMatch(/^Saved at \d\d:\d\d$/)

  await page.getByRole('button', { name: 'Submit expression of interest' }).click()
  const summary = page.locator('.error-summary')
  await summary.waitFor()
  const statements = page.locator('input[type=checkbox][name=eligibility]')
  const count = await statements.count()
  expect(count, 'the demo has several eligibility statements').toBe(page0.competition.eligibility.length)
  expect(count).toBeGreaterThan(1)
  expect(await summary.locator('a[href^="#eligibility"]').count()).toBe(count)
  for (let i = 0; i < count; i++) {
    const describedBy = (await statements.nth(i).getAttribute('aria-describedby')) ?? ''
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'))
    expect(errorId, `statement ${i + 1} is described by its own error`).toBeDefined()
    const error = page.locator(`[id="${errorId}"]`)
    expect(await error.isVisible(), `statement ${i + 1} shows its error`).toBe(true)
    expect(await error.textContent()).toContain(page0.competition.eligibility[i].text)
  }
  await accessibleAtBothWidths(page, 'the EOI with every eligibility error')

  await page.reload()
  await page.getByLabel('Your website, if you have one').waitFor()
  expect(await page.getByLabel('Your website, if you have one').inputValue()).toBe('https://example.org')
  assertClean()
})

it('the programme manager sees who submitted each EOI and a Companies House number shared with another account', {
  timeout: 60_000,
}, async () => {
  const { site } = handles
  const { page, assertClean } = await openPage(handles.browser)
  const page0 = await demoCompetition()
  const competitionId = page0.competition.id
  const shared = '01928374'
  await registerOrganisation(await tokenFor(`first.${STAMP}@forms-trust.example`), 'First Claim Ltd', shared)
  const applicant = await tokenFor(`nadia.${STAMP}@forms-trust.example`)
  expect(
    (await site.platform.call('PUT', '/api/me/details', { as: applicant, body: { name: 'Nadia Hussain' } })).status,
  ).toBe(200)
  await registerOrganisation(applicant, 'Shared Number Ltd', shared)
  const started = await site.platform.call('POST', `/api/competitions/${competitionId}/applications`, { as: applicant })
  const answers = Object.fromEntries(
    page0.form
      .filter((q: { required: boolean }) => q.required)
      .map((q: { id: string; kind: string; options?: { id: string }[] }) => [
        q.id,
        q.kind === 'singleChoice' ? q.options![0]!.id : 'We will map damp homes.',
      ]),
  )
  const saved = await site.platform.call('PATCH', `/api/applications/${started.json.id}`, {
    as: applicant,
    body: {
      version: started.json.version,
      answers,
      amountRequestedPence: 1_000_000,
      themeIds: [page0.themes[0].id],
      eligibilityConfirmed: page0.competition.eligibility.map((s: { id: string }) => s.id),
    },
  })
  expect(saved.status, JSON.stringify(saved.json)).toBe(200)
  expect(
    (await site.platform.call('POST', `/api/applications/${started.json.id}/submit`, { as: applicant })).status,
  ).toBe(200)

  const submissions = `/manage/competitions/${competitionId}/submissions`
  await signIn(page, 'programme.manager@lcr-cdc.example', submissions)
  const row = page.locator('tbody tr', { hasText: 'Shared Number Ltd' })
  await row.waitFor()
  expect(await row.textContent()).toContain('Nadia Hussain')
  expect(await row.textContent()).toContain('Companies House number shared')
  expect(await row.textContent()).toContain(`${shared}, also registered by First Claim Ltd`)
  await accessibleAtBothWidths(page, 'the submissions list')

  await row.getByRole('link', { name: 'Shared Number Ltd' }).click()
  await page.getByRole('heading', { level: 1, name: 'Shared Number Ltd' }).waitFor()
  expect(await page.locator('main').textContent()).toContain('Nadia Hussain')
  await page.getByRole('heading', { level: 2, name: 'Companies House number shared with another account' }).waitFor()
  await accessibleAtBothWidths(page, 'the expression of interest, for the manager')
  assertClean()
})
