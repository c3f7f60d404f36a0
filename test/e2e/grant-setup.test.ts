// Setting up a grant in a real browser, keyboard only. Through the API: one shortlisted EOI
// awarded £16,700 with conditions, decisions released, the offer accepted. The manager goes from
// the awards page to the grants (the award waiting for its grant), sets up dates, two milestones,
// two tranches and an indicator, first with tranches adding up to 90% (the API's 422 in the
// error summary, focused, linking to the tranche's input), fixes it to the penny and sends it.
// The grantee opens it from their application page; meanwhile the manager changes and re-sends
// it, so the grantee's Accept is refused (409) until they read it again; then they accept it and
// see the milestones and payments; the manager sees it fixed with its progress and "Record
// payment" for the tranche due on signing. Every page is checked with axe at desktop and 390 px,
// and screenshots of the form and the agreement are saved to /tmp at both widths.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { assessingCompetition, releaseDecisions } from '../support/assessing-fixtures.js'
import { expectAccessible, expectFocus, focused, openPage, PHONE, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()
const DAY = 86_400_000

/** Tabs to a field and types into it, replacing what is there. */
async function typeInto(page: Page, selector: string, text: string) {
  await tabTo(page, selector)
  await page.keyboard.press('Control+A')
  await page.keyboard.type(text)
}

/** Screenshots of the whole page at desktop width and at a phone's, and of one section on the phone. */
async function screenshots(page: Page, name: string, section?: string) {
  const viewport = page.viewportSize()!
  await page.screenshot({ path: `/tmp/grant-${name}-desktop.png`, fullPage: true })
  await page.setViewportSize(PHONE)
  await page.screenshot({ path: `/tmp/grant-${name}-390.png`, fullPage: true })
  if (section)
    await page
      .locator('section')
      .filter({ has: page.locator(`#${section}`) })
      .screenshot({ path: `/tmp/grant-${name}-${section}-390.png` })
  await page.setViewportSize(viewport)
}

it('a manager sets up and sends a grant with the keyboard; the grantee accepts it', { timeout: 300_000 }, async () => {
  const p = handles.site.platform
  // — Through the API: an accepted award of £16,700 —
  const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
  const [winner] = a.applications
  const applicationId = a.ids[0]!
  const awarded = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
    as: a.manager,
    body: {
      applicationId,
      amountPence: 1_670_000,
      conditions: 'Quarterly progress reports to the programme board.',
      respondBy: new Date(p.clock.now.getTime() + 14 * DAY).toISOString(),
    },
  })
  expect(awarded.status, JSON.stringify(awarded.json)).toBe(201)
  await releaseDecisions(p, a)
  const answered = await p.call('POST', `/api/applications/${applicationId}/offer/response`, {
    as: winner!.applicant,
    body: { version: 1, accept: true },
  })
  expect(answered.status, JSON.stringify(answered.json)).toBe(200)
  const base = `/manage/competitions/${a.competitionId}`

  // — The manager signs in with the keyboard, on the awards page —
  const manager = await openPage(handles.browser)
  const page = manager.page
  const summary = page.locator('.error-summary')
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(`${base}/awards`)}`))
  await typeInto(page, '#email', a.manager.email)
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { level: 1, name: 'Awards and budget' }).waitFor()
  expect(await page.getByRole('link', { name: /^Its grant\W+to Breathe Easy Ltd$/ }).getAttribute('href')).toBe(
    `${base}/grants/${applicationId}`,
  )
  await expectAccessible(page, 'the awards page with its link to the grants')

  // — …follows the link to the grants: the award waits for its grant —
  await tabTo(page, 'a', { text: 'set up and follow the' })
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { level: 1, name: 'Grants' }).waitFor()
  await expectFocus(page, { tag: 'h1' }, 'focus moves to the new page’s h1')
  expect(
    await page
      .getByRole('navigation', { name: 'Assessing' })
      .getByRole('link', { name: 'Grants' })
      .getAttribute('aria-current'),
  ).toBe('page')
  const table = page.getByRole('table', { name: 'Accepted awards and their grants' })
  await expect.poll(() => table.textContent()).toContain('Not set up')
  expect(await page.locator('main').textContent()).toContain('1 accepted award; 1 waiting for its grant to be set up.')
  await expectAccessible(page, 'the grants, none set up')
  await tabTo(page, 'a', { text: 'Set up the grant' })
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { level: 1, name: 'Grant to Breathe Easy Ltd' }).waitFor()
  expect(await page.locator('main').textContent()).toContain('Quarterly progress reports to the programme board.')
  await expectAccessible(page, 'the grant set-up form, empty')

  // — Dates and two milestones —
  await typeInto(page, '#grant-startsOn', '4/1/2027')
  await typeInto(page, '#grant-endsOn', '17/12/2027')
  await typeInto(page, '#grant-milestones-0-title', 'Pilot in 50 homes')
  await typeInto(page, '#grant-milestones-0-dueOn', '30/9/2027')
  await typeInto(page, '#grant-milestones-0-evidence', 'The pilot’s data and a summary')
  await tabTo(page, '#grant-milestones')
  await page.keyboard.press('Enter')
  await expectFocus(page, { id: 'grant-milestones-1-title' }, 'a new milestone’s title takes focus')
  await page.keyboard.type('Completion report')
  await typeInto(page, '#grant-milestones-1-dueOn', '10/12/2027')
  await typeInto(page, '#grant-milestones-1-evidence', 'The completion report')

  // — Two tranches: 40% on signing, 50% held back until the completion report (90%: wrong) —
  await typeInto(page, '#grant-tranches-0-label', 'On signing')
  await typeInto(page, '#grant-tranches-0-percent', '40')
  await tabTo(page, '#grant-add-tranche')
  await page.keyboard.press('Enter')
  await expectFocus(page, { id: 'grant-tranches-1-label' })
  await page.keyboard.type('Held back until the completion report')
  await typeInto(page, '#grant-tranches-1-percent', '50')
  await tabTo(page, 'input[name="grant-tranches-1-trigger"]:checked')
  await page.keyboard.press('ArrowDown')
  const milestoneChoice = page.locator('#grant-tranches-1-trigger-milestoneId')
  await milestoneChoice.waitFor()
  await tabTo(page, '#grant-tranches-1-trigger-milestoneId')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect.poll(() => milestoneChoice.inputValue()).toBe('m2')
  await tabTo(page, '#grant-tranches-1-holdback')
  await page.keyboard.press('Space')
  await expect.poll(() => page.locator('#grant-tranches-1-holdback').isChecked()).toBe(true)
  await expect
    .poll(() => page.locator('#grant-total').textContent())
    .toBe('£15,030.00 of £16,700.00 allocated: £1,670.00 still to allocate.')

  // — An indicator with one target —
  await tabTo(page, '#grant-indicators')
  await page.keyboard.press('Enter')
  await expectFocus(page, { id: 'grant-indicators-0-measure' })
  await page.keyboard.type('Emergency asthma admissions of children in the pilot area')
  await typeInto(page, '#grant-indicators-0-unit', 'admissions a quarter')
  await tabTo(page, 'input[name="grant-indicators-0-better"]')
  await page.keyboard.press('ArrowRight') // to "Lower is better", which chooses it
  await expect.poll(() => page.locator('input[name="grant-indicators-0-better"]:checked').inputValue()).toBe('lower')
  await typeInto(page, '#grant-indicators-0-baseline-value', '42')
  await typeInto(page, '#grant-indicators-0-baseline-on', '30/9/2026')
  await typeInto(page, '#grant-indicators-0-targets-0-value', '33')
  await typeInto(page, '#grant-indicators-0-targets-0-on', '31/12/2027')
  await typeInto(page, '#grant-notes', 'Finance to check VAT status before the first payment.')
  await expectAccessible(page, 'the grant set-up form, filled in')
  await screenshots(page, 'setup')

  // — Save: the API says the tranches add up to 90%; the summary takes focus and links to the tranche —
  await tabTo(page, 'button', { text: 'Save the draft' })
  await page.keyboard.press('Enter')
  await summary.waitFor()
  await expect.poll(async () => (await focused(page)).className).toContain('error-summary')
  expect(await summary.textContent()).toContain(
    'The tranches add up to £15,030 (90% of the award): £1,670 less than the award of £16,700',
  )
  await expect.poll(() => page.title()).toMatch(/^Error: /)
  expect(await page.locator('#grant-tranches-0-percent').getAttribute('aria-invalid')).toBe('true')
  await expectAccessible(page, 'the grant set-up form with the total wrong')
  await screenshots(page, 'setup-error', 'tranches-heading')
  await tabTo(page, '.error-summary a')
  await page.keyboard.press('Enter')
  await expectFocus(page, { id: 'grant-tranches-0-percent' }, 'the summary’s link goes to the tranche')

  // — …fixed to the penny, saved with Enter, then sent —
  await typeInto(page, '#grant-tranches-1-percent', '60')
  await expect
    .poll(() => page.locator('#grant-total').textContent())
    .toBe('£16,700.00 of £16,700.00 allocated. The payments add up to the award.')
  await page.keyboard.press('Enter')
  await page.getByText('Saved as version 1, a draft. 2 payments adding up to £16,700.00.').waitFor()
  await expect.poll(() => summary.count()).toBe(0)
  await tabTo(page, 'button', { text: 'Send to the grantee' })
  await page.keyboard.press('Enter')
  await page
    .getByText('Sent to Breathe Easy Ltd as version 2. They are emailed a link to read and accept it.')
    .waitFor()
  await expect.poll(() => page.locator('main').textContent()).toContain('Sent: waiting for the grantee')
  await expectAccessible(page, 'the grant, sent')

  // — The grantee opens it from their application page —
  const grantee = await openPage(handles.browser)
  const tab = grantee.page
  await tab.goto(handles.site.url(`/signin?next=${encodeURIComponent(`/applications/${applicationId}`)}`))
  await typeInto(tab, '#email', winner!.applicant.email)
  await tab.keyboard.press('Enter')
  await tab.getByRole('link', { name: 'Read and accept your grant agreement' }).waitFor()
  await expectAccessible(tab, 'the grantee’s application page with its link to the agreement')
  await tabTo(tab, 'a', { text: 'Read and accept your grant agreement', max: 120 })
  await tab.keyboard.press('Enter')
  await tab.getByRole('heading', { level: 1, name: 'Your grant agreement' }).waitFor()
  const agreement = () => tab.locator('main').textContent()
  expect(await agreement()).toContain('From 4 January 2027 to 17 December 2027')
  expect(await agreement()).toContain('When “Completion report” is approved')
  expect(await agreement()).not.toContain('VAT')
  await expectAccessible(tab, 'the grantee’s agreement, to accept')
  await screenshots(tab, 'agreement')

  // — Meanwhile the manager changes it and sends it again: the grantee’s Accept is refused —
  const changed = await p.call('GET', `/api/competitions/${a.competitionId}/grants/${applicationId}`, { as: a.manager })
  const { milestones, tranches, indicators, notes, startsOn } = changed.json
  const resaved = await p.call('PUT', `/api/competitions/${a.competitionId}/grants/${applicationId}`, {
    as: a.manager,
    body: {
      version: 2,
      startsOn,
      endsOn: '2027-12-31',
      milestones,
      tranches: tranches.map(({ amountPence: _, ...t }: { amountPence: number }) => t),
      indicators,
      notes,
    },
  })
  expect(resaved.status, JSON.stringify(resaved.json)).toBe(200)
  const resent = await p.call('POST', `/api/competitions/${a.competitionId}/grants/${applicationId}/send`, {
    as: a.manager,
    body: { version: 3 },
  })
  expect(resent.status, JSON.stringify(resent.json)).toBe(200)
  await tabTo(tab, 'button', { text: 'Accept the grant agreement' })
  await tab.keyboard.press('Enter')
  await tab.getByText('The programme team changed the agreement after this page was loaded.').waitFor()
  await expectFocus(tab, { className: 'notice-error' })
  await expectAccessible(tab, 'accepting an agreement that changed')
  await tabTo(tab, 'button', { text: 'Read it again' })
  await tab.keyboard.press('Enter')
  await tab.getByText('This is the agreement as it is now.').waitFor()
  await expect.poll(agreement).toContain('From 4 January 2027 to 31 December 2027')

  // — …reads it again and accepts it: milestones, payments and what is paid —
  await tabTo(tab, 'button', { text: 'Accept the grant agreement' })
  await tab.keyboard.press('Enter')
  await tab.getByText('You accepted the grant agreement for £16,700.00.').waitFor()
  await expect.poll(agreement).toContain('You accepted this agreement on')
  expect(await agreement()).toContain('£0.00 of £16,700.00')
  const schedule = tab.getByRole('table', { name: 'Payment schedule' })
  expect(await schedule.getByRole('row', { name: /On signing/ }).textContent()).toContain('Due')
  expect(await schedule.getByRole('row', { name: /Held back/ }).textContent()).toContain('Scheduled')
  expect(await tab.getByRole('link', { name: 'Write the report for “Pilot in 50 homes”' }).getAttribute('href')).toBe(
    `/applications/${applicationId}/grant/reports/m1`,
  )
  expect(await tab.getByRole('link', { name: 'ask for a change' }).getAttribute('href')).toBe(
    `/applications/${applicationId}/grant/changes`,
  )
  expect(await tab.getByRole('button', { name: 'Accept the grant agreement' }).count()).toBe(0)
  // The check-ins after the grant ends (31 December 2027), each linked with when it opens.
  const checkIns = tab.locator('section', { has: tab.getByRole('heading', { name: 'Check-ins after the grant' }) })
  for (const round of ['6', '12'])
    expect(await checkIns.getByRole('link', { name: `${round}-month check-in` }).getAttribute('href')).toBe(
      `/applications/${applicationId}/grant/check-ins/${round}`,
    )
  await expect.poll(() => checkIns.textContent()).toContain('6-month check-in – opens on 30 June 2028')
  await expect.poll(() => checkIns.textContent()).toContain('12-month check-in – opens on 31 December 2028')
  await expectAccessible(tab, 'the grantee’s accepted agreement')
  await screenshots(tab, 'accepted', 'indicators-heading')
  grantee.assertClean()
  await grantee.context.close()

  // — The manager sees it fixed, with its progress —
  await page.reload()
  await page.getByRole('heading', { level: 1, name: 'Grant to Breathe Easy Ltd' }).waitFor()
  await expect.poll(() => page.locator('main').textContent()).toContain('accepted this agreement on')
  expect(await page.getByRole('textbox').count(), 'no form once accepted').toBe(0)
  const record = page.getByRole('link', { name: /^Record payment\W+On signing$/ })
  expect(await record.getAttribute('href')).toBe(`${base}/grants/${applicationId}/tranches/t1/payment`)
  expect(await page.locator('main').textContent()).toContain('Finance to check VAT status before the first payment.')
  expect(await page.getByRole('link', { name: 'Public milestones and check-ins' }).getAttribute('href')).toBe(
    `${base}/grants/${applicationId}/outcomes`,
  )
  expect(
    await page.getByRole('link', { name: 'Change requests, reductions and termination' }).getAttribute('href'),
  ).toBe(`${base}/grants/${applicationId}/changes`)
  await expectAccessible(page, 'the manager’s accepted grant')
  await screenshots(page, 'manager-accepted')
  await page.getByRole('link', { name: 'Back to the grants' }).click()
  await expect.poll(() => table.textContent()).toContain('Active')
  await expectAccessible(page, 'the grants, one active')
  manager.assertClean()
  await manager.context.close()
})
