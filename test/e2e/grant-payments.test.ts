// Paying a grant in a real browser, keyboard only. Set up through the API: one accepted award
// with a grant agreement (half on signing, half on a milestone) sent by Priya Shah and accepted.
// Priya, who sent it, opens the payment page: it tells her she authorised the tranche, and the
// server's refusal (four eyes) comes back in the error summary. A second manager, Sam Okafor,
// signs in, meets the error summary for a missing reference, then records the payment; the
// awards page shows it paid and outstanding, by grant, due by month, and over time (a chart
// and a table of the same figures). axe on every page and state, at desktop and 390 px.
import { expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { utcIsoToLondonLocal } from '../../shared/dates.js'
import { assessingCompetition, releaseDecisions } from '../support/assessing-fixtures.js'
import { expectAccessible, expectFocus, focused, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()
const DAY = 86_400_000
const AWARD = 1_670_000

/** Signs in with the local issuer's email form, by keyboard, and waits for the page asked for. */
async function signIn(page: Page, email: string, next: string, heading: string) {
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(next)}`))
  await page.locator('#email').waitFor()
  await tabTo(page, '#email')
  await page.keyboard.type(email)
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
}

it('a second manager records a payment with the keyboard; the one who authorised it is refused (four eyes)', {
  timeout: 240_000,
}, async () => {
  const p = handles.site.platform
  // — Through the API: an accepted award, its grant agreement sent by Priya and accepted —
  const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
  const [id] = a.ids
  const grantee = a.applications[0]!.applicant
  const respondBy = new Date(p.clock.now.getTime() + 14 * DAY).toISOString()
  const awarded = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
    as: a.manager,
    body: { applicationId: id, amountPence: AWARD, respondBy },
  })
  expect(awarded.status).toBe(201)
  await releaseDecisions(p, a)
  expect(
    (
      await p.call('POST', `/api/applications/${id}/offer/response`, {
        as: grantee,
        body: { version: 1, accept: true },
      })
    ).json.status,
  ).toBe('accepted')
  // The grant starts now, in the browser's time too: the payment's date is today's.
  p.clock.now = new Date()
  const today = utcIsoToLondonLocal(new Date().toISOString()).slice(0, 10)
  const later = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10)
  const grantPath = `/api/competitions/${a.competitionId}/grants/${id}`
  const saved = await p.call('PUT', grantPath, {
    as: a.manager,
    body: {
      version: 0,
      startsOn: today,
      endsOn: later(300),
      milestones: [{ id: 'm1', title: 'Pilot in 50 homes', dueOn: later(120), evidence: 'The pilot’s data' }],
      tranches: [
        { id: 't1', label: 'On signing', percent: 50, trigger: { kind: 'signing' } },
        { id: 't2', label: 'After the pilot', percent: 50, trigger: { kind: 'milestone', milestoneId: 'm1' } },
      ],
      indicators: [],
    },
  })
  expect(saved.status, JSON.stringify(saved.json)).toBe(201)
  expect((await p.call('POST', `${grantPath}/send`, { as: a.manager, body: { version: 1 } })).status).toBe(200)
  expect(
    (await p.call('POST', `/api/applications/${id}/grant/accept`, { as: grantee, body: { version: 2 } })).json.status,
  ).toBe('active')
  const second = await p.signIn('manager', 'Sam Okafor')
  const paymentUrl = `/manage/competitions/${a.competitionId}/grants/${id}/tranches/t1/payment`
  const expectSummaryFocused = (page: Page) =>
    expect.poll(async () => (await focused(page)).className).toContain('error-summary')

  // — Priya sent the agreement: the page tells her, and the server refuses her (four eyes) —
  const priya = await openPage(handles.browser)
  await signIn(priya.page, a.manager.email, paymentUrl, 'Record a payment')
  const warning = priya.page.locator('#four-eyes')
  await warning.waitFor()
  expect(await warning.textContent()).toContain('You authorised this tranche, so you cannot record its payment')
  await expectAccessible(priya.page, 'the payment page, for the manager who authorised the tranche')
  await tabTo(priya.page, '#payment-reference')
  await priya.page.keyboard.type('BACS-PRIYA')
  await priya.page.keyboard.press('Enter')
  await priya.page.locator('.error-summary').waitFor()
  await expectSummaryFocused(priya.page)
  await expect
    .poll(() => priya.page.locator('.error-summary').textContent())
    .toContain(
      'Four eyes: you authorised “On signing” (you sent the agreement), so another programme manager must record its payment.',
    )
  await expectAccessible(priya.page, 'the payment page, refused for four eyes')
  priya.assertClean()
  await priya.context.close()

  // — Sam, a second manager, records it with the keyboard —
  const sam = await openPage(handles.browser)
  const page = sam.page
  await signIn(page, second.email, paymentUrl, 'Record a payment')
  await expect.poll(() => page.locator('#tranche-status').textContent()).toBe('Due')
  expect(await page.locator('#four-eyes').count()).toBe(0)
  expect(await page.locator('#payment-amountPence').inputValue()).toBe('8350')
  expect(await page.locator('#payment-paidOn').inputValue()).toBe(today)
  await expectAccessible(page, 'the payment page')
  // Submitting without a reference: the summary takes focus and its link leads to the field.
  await tabTo(page, 'button[type="submit"]', { text: 'Record the payment' })
  await page.keyboard.press('Enter')
  await page.locator('.error-summary').waitFor()
  await expectSummaryFocused(page)
  await page.keyboard.press('Tab')
  await expectFocus(page, { text: 'Enter the payment’s reference from the finance system' })
  await page.keyboard.press('Enter')
  await expectFocus(page, { id: 'payment-reference' })
  await expectAccessible(page, 'the payment page with an error')
  await page.keyboard.type('BACS-0001')
  await page.keyboard.press('Enter')
  const recorded = page.locator('#payment-recorded')
  await recorded.waitFor()
  await expect
    .poll(() => recorded.textContent())
    .toMatch(/^Paid £8,350 on \d+ \w+ \d{4}, reference BACS-0001\. Recorded by Sam Okafor, /)
  await expect.poll(() => page.locator('#tranche-status').textContent()).toBe('Paid')
  await expect.poll(() => page.locator('.error-summary').count()).toBe(0)
  await expectAccessible(page, 'the payment page, paid')

  // — The budget shows it: paid and outstanding, by grant, due by month, over time —
  await tabTo(page, 'a', { text: 'See the budget' })
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { level: 1, name: 'Awards and budget' }).waitFor()
  await expect.poll(() => page.locator('#paid-figures').textContent()).toBe('Paid£8,350Outstanding£8,350')
  const byGrant = page.getByRole('table', { name: 'Paid and outstanding by grant' })
  await expect
    .poll(() => byGrant.getByRole('row').nth(1).textContent())
    .toBe('Breathe Easy LtdActive£16,700£8,350£8,350')
  const due = page.getByRole('table', { name: 'Tranches to pay, by the month they fall due' })
  await expect.poll(() => due.getByRole('row').count()).toBe(2)
  expect(await due.getByRole('row').nth(1).textContent()).toContain('£8,350')
  const overTime = page.getByRole('table', { name: 'Committed and paid after each change' })
  await expect.poll(() => overTime.getByRole('row').count()).toBe(3)
  expect(await overTime.getByRole('row').nth(2).textContent()).toMatch(/Paid£16,700£8,350£60,000$/)
  expect(await page.locator('.money-chart svg').getAttribute('aria-hidden')).toBe('true')
  // The chart is named by its one-sentence summary: the table's last row in words.
  await page
    .getByRole('figure', {
      name: /^As of .+, £16,700 of the £60,000 pot is committed and £8,350 of it paid, leaving £43,300 uncommitted\.$/,
    })
    .waitFor()
  await expectAccessible(page, 'the awards page with a payment')

  // — The ledger names the payment —
  await page.goto(`${handles.site.url(`/manage/competitions/${a.competitionId}/awards/ledger`)}`)
  await page.getByRole('heading', { level: 1, name: 'Ledger' }).waitFor()
  await expect.poll(() => page.locator('tbody tr').first().textContent()).toContain('Paid')
  expect(await page.locator('tbody tr').first().textContent()).toContain('+£8,350')
  await expectAccessible(page, 'the ledger with a payment')
  sam.assertClean()
  await sam.context.close()
})
