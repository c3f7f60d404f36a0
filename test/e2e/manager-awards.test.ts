// Awards in a real browser. Set up through the API: five shortlisted EOIs, scored, asking for
// £20,000, £20,000, £19,000, £12,000 and £8,000 from a £60,000 pot, so the two plans differ
// (down the ranking funds the top three and leaves £1,000; the highest total score skips
// CareBridge and spends it all). The manager compares the plans, and how often re-sampled
// panels fund each application under each, and meets the error summary;
// an award made meanwhile makes the plan shown out of date (409), so the manager proposes
// again and applies the optimal plan, then reads the budget bar and the ledger; decisions are
// released; one applicant accepts and another declines in the browser; the manager withdraws an award with a reason, awards one
// partially by hand (the answer-by date first refused by the server), cannot publish while
// offers wait, then publishes; the public results (none until then) and the competition page
// show the winners. Every page and error state visited is checked with axe.
import { expect, it } from 'vitest'
import { utcIsoToLondonLocal } from '../../shared/dates.js'
import { awardingCompetition } from '../support/assessing-fixtures.js'
import { expectAccessible, expectFocus, focused, openPage, PHONE, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()
const DAY = 86_400_000

it('a manager plans, applies, withdraws and publishes awards; applicants answer their offers', {
  timeout: 240_000,
}, async () => {
  const p = handles.site.platform
  // — Through the API —
  const a = await awardingCompetition(p, [
    { name: 'Breathe Easy Ltd', requestedPence: 2_000_000, score: 5 },
    { name: 'FamilyLink CIC', requestedPence: 2_000_000, score: 4 },
    { name: 'CareBridge', requestedPence: 1_900_000, score: [4, 3, 3] },
    { name: 'Mersey Makers', requestedPence: 1_200_000, score: 3 },
    { name: 'Data for Good', requestedPence: 800_000, score: [3, 2, 2] },
  ])
  const [breathe, family, care, mersey, dataForGood] = a.applications
  // The server's clock is weeks ahead of the browser's: answer-by dates are typed from it.
  const respondBy = `${utcIsoToLondonLocal(new Date(p.clock.now.getTime() + 14 * DAY).toISOString()).slice(0, 11)}17:00`
  const base = `/manage/competitions/${a.competitionId}`

  // — Before publishing, the public results page says there are none yet —
  const visitor = await openPage(handles.browser)
  await visitor.page.goto(handles.site.url(`/competitions/${a.competitionId}/results`))
  await visitor.page.getByRole('heading', { level: 1, name: 'No results yet' }).waitFor()
  await expectAccessible(visitor.page, 'the public results before publishing')
  await visitor.page.getByRole('link', { name: 'Back to the competition' }).click()
  await visitor.page.getByRole('heading', { level: 1, name: 'Complete competition' }).waitFor()
  expect(await visitor.page.getByRole('link', { name: 'See the winners' }).count()).toBe(0)

  const manager = await openPage(handles.browser)
  const page = manager.page
  const main = () =>
    page
      .locator('main')
      .textContent()
      .then((text) => text ?? '')
  const summary = page.locator('.error-summary')
  const expectSummaryFocused = () => expect.poll(async () => (await focused(page)).className).toContain('error-summary')

  // — Signs in and opens the awards: nothing committed yet —
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(`${base}/awards`)}`))
  await page.locator('#email').fill(a.manager.email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.getByRole('heading', { level: 1, name: 'Awards and budget' }).waitFor()
  const assessing = page.getByRole('navigation', { name: 'Assessing' })
  expect(await assessing.getByRole('link', { name: 'Awards and budget' }).getAttribute('aria-current')).toBe('page')
  await expect.poll(() => page.locator('.budget-text').textContent()).toContain('0% committed; £60,000 (100%) remains.')
  await expect
    .poll(() => page.getByRole('table', { name: 'The shortlist, best first' }).getByRole('row').count())
    .toBe(6)
  await expectAccessible(page, 'the awards page, nothing committed')

  // — The planner: a bad constraint meets the error summary —
  await assessing.getByRole('link', { name: 'Award planner' }).click()
  await page.getByRole('heading', { level: 1, name: 'Award planner' }).waitFor()
  await expect.poll(async () => (await focused(page)).tag, { message: 'focus moves to the new page’s h1' }).toBe('h1')
  await expectAccessible(page, 'the award planner')
  await page.getByLabel('Minimum score (optional)').fill('lots')
  await page.getByRole('button', { name: 'Propose plans' }).click()
  await summary.waitFor()
  await expectSummaryFocused()
  expect(await summary.textContent()).toContain('Enter the minimum score as a number from 0 to 5')
  expect(await page.locator('#plan-minScore').getAttribute('aria-invalid')).toBe('true')
  await expect.poll(() => page.title()).toMatch(/^Error: /)
  await expectAccessible(page, 'the award planner with an error')
  await summary.getByRole('link').first().click()
  await expectFocus(page, { id: 'plan-minScore' })

  // — …then proposes plans and compares them —
  await page.getByLabel('Minimum score (optional)').fill('')
  await page.getByRole('button', { name: 'Propose plans' }).click()
  await page.getByRole('heading', { level: 2, name: 'The plans' }).waitFor()
  await expect.poll(() => summary.count()).toBe(0)
  await expect.poll(async () => (await focused(page)).id).toBe('plans-heading')
  const greedy = page.getByRole('table', { name: 'Awards: down the ranking' })
  const optimal = page.getByRole('table', { name: 'Awards: highest total score' })
  expect(await greedy.locator('tbody tr').count()).toBe(3)
  expect(await optimal.locator('tbody tr').count()).toBe(4)
  expect(await greedy.getByRole('row', { name: /Left in the pot/ }).textContent()).toContain('£1,000')
  expect(await optimal.getByRole('row', { name: /Total awarded/ }).textContent()).toContain('£60,000')
  const greedyPlan = page.locator('.plan').filter({ has: page.getByRole('heading', { name: 'Down the ranking' }) })
  const optimalPlan = page.locator('.plan').filter({ has: page.getByRole('heading', { name: 'Highest total score' }) })
  expect(await greedyPlan.textContent()).toContain(
    'Mersey Makers (asked for £12,000): Did not fit: it would need £11,000 less',
  )
  expect(await greedyPlan.textContent()).toContain(
    'Data for Good (asked for £8,000): Did not fit: it would need £7,000 less',
  )
  expect(await optimalPlan.textContent()).toContain('CareBridge (asked for £19,000): Not chosen')
  expect(await main()).toContain(
    'The “highest total score” plan makes 4 awards for £60,000 with a total score of 14.50',
  )
  // — How sure the funding line is: with one panellist every re-sampled panel is the same —
  const confidence = page.getByRole('table', { name: 'Funded in re-sampled panels' })
  await confidence.waitFor()
  expect(await confidence.locator('tbody tr').count()).toBe(5)
  expect(await confidence.getByRole('row', { name: /Breathe Easy Ltd/ }).textContent()).toContain('100%')
  expect(await confidence.getByRole('row', { name: /CareBridge/ }).textContent()).toMatch(/100%.*0%/)
  expect(await page.locator('#confidence-hint').textContent()).toContain('With one panellist')
  // On a phone its short cells fit the screen: the table does not have to scroll sideways.
  const desktop = page.viewportSize()!
  await page.setViewportSize(PHONE)
  await expect
    .poll(() => page.locator('.table-scroll', { has: confidence }).evaluate((box) => box.scrollWidth - box.clientWidth))
    .toBeLessThanOrEqual(0)
  if (process.env.CONFIDENCE_SCREENSHOT)
    await confidence.screenshot({ path: process.env.CONFIDENCE_SCREENSHOT, animations: 'disabled' })
  await page.setViewportSize(desktop)
  await expectAccessible(page, 'the two plans side by side')

  // — Applying without choosing a plan is refused —
  await page.getByRole('button', { name: 'Apply this plan' }).click()
  await expectSummaryFocused()
  expect(await summary.textContent()).toContain('Choose the plan to apply')
  await expectAccessible(page, 'applying a plan with an error')

  // — Meanwhile Data for Good is awarded (through the API): the plan shown is out of date (409) —
  const award = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
    as: a.manager,
    body: {
      applicationId: dataForGood!.application.id,
      amountPence: 800_000,
      conditions: 'Quarterly progress reports to the programme board.',
      respondBy: new Date(p.clock.now.getTime() + 14 * DAY).toISOString(),
    },
  })
  expect(award.status, JSON.stringify(award.json)).toBe(201)
  p.clock.now = new Date(p.clock.now.getTime() + 60_000)
  await page.getByLabel(/^Highest total score: 4 awards/).check()
  await page.locator('#apply-respondBy').fill(respondBy)
  await page.getByLabel('Conditions (optional)').fill('Quarterly progress reports to the programme board.')
  await page.getByRole('button', { name: 'Apply this plan' }).click()
  await expect.poll(() => summary.textContent()).toContain('The plan has changed since you saw it')
  await expectSummaryFocused()
  await expectAccessible(page, 'applying a plan that has changed')

  // — …so the manager proposes again and applies the optimal plan —
  await page.getByRole('button', { name: 'Propose plans' }).click()
  await page.getByText('From £52,000 remaining').waitFor()
  await expect.poll(() => summary.count()).toBe(0)
  expect(await main()).toContain('Both plans make the same awards.')
  await page.getByLabel(/^Highest total score: 3 awards, £52,000/).check()
  await page.locator('#apply-respondBy').fill(respondBy)
  await page.getByLabel('Conditions (optional)').fill('Quarterly progress reports to the programme board.')
  await page.getByRole('button', { name: 'Apply this plan' }).click()

  // — The awards page: the flash, the budget bar full, four offers —
  await page.getByRole('heading', { level: 1, name: 'Awards and budget' }).waitFor()
  await page
    .getByText(
      'Applied the “highest total score” plan: offered 3 awards (£52,000) to Breathe Easy Ltd, FamilyLink CIC, Mersey Makers.',
    )
    .waitFor()
  await expect.poll(() => page.locator('.budget-text').textContent()).toContain('100% committed; £0 (0%) remains.')
  expect(await page.locator('#budget-meter').getAttribute('aria-valuetext')).toBe('£60,000 of £60,000 committed (100%)')
  expect(await page.getByLabel('Committed from the pot').count()).toBe(1)
  const awardsTable = page.getByRole('table', { name: 'Awards, newest first' })
  expect(await awardsTable.locator('tbody tr').count()).toBe(4)
  expect(await awardsTable.getByRole('row', { name: /Mersey Makers/ }).textContent()).toContain(
    'Offered: waiting for an answer',
  )
  expect(
    await page
      .getByRole('table', { name: 'Committed by challenge' })
      .getByRole('row', { name: /Childhood asthma/ })
      .textContent(),
  ).toContain('£60,000')
  await expectAccessible(page, 'the awards page after applying a plan')

  // — The ledger: four entries, before and after —
  await assessing.getByRole('link', { name: 'Ledger' }).click()
  await page.getByRole('heading', { level: 1, name: 'Ledger' }).waitFor()
  const ledger = page.getByRole('table', { name: 'Changes to what is committed, newest first' })
  await ledger.waitFor()
  expect(await ledger.locator('tbody tr').count()).toBe(4)
  const ledgerRows = await ledger.locator('tbody tr').allTextContents()
  expect(ledgerRows.join('\n')).toContain('Priya Shah')
  expect(ledgerRows.some((row) => row.includes('Breathe Easy Ltd') && row.includes('+£20,000'))).toBe(true)
  expect(ledgerRows[0], 'the newest entry ends at the full pot').toContain('£60,000of £60,000')
  await expectAccessible(page, 'the ledger')

  // — Decisions are released to every applicant (through the API: test/e2e/feedback.test.ts
  // does it in the browser); until then no one can see, or answer, an offer —
  expect(
    (await p.call('GET', `/api/applications/${breathe!.application.id}/offer`, { as: breathe!.applicant })).status,
  ).toBe(404)
  const released = await p.call('POST', `/api/competitions/${a.competitionId}/feedback-release`, {
    as: a.manager,
    body: { version: 0, confirmMissing: true },
  })
  expect(released.status, JSON.stringify(released.json)).toBe(200)

  // — Applicants answer in the browser: Breathe Easy accepts, Mersey Makers declines —
  await answerInBrowser(breathe!, 'accept')
  await answerInBrowser(mersey!, 'decline')

  // — The manager sees the £12,000 back, and withdraws Data for Good's award with a reason —
  await assessing.getByRole('link', { name: 'Awards and budget' }).click()
  await page.getByRole('heading', { level: 1, name: 'Awards and budget' }).waitFor()
  await expect.poll(() => page.locator('.budget-text').textContent()).toContain('£12,000 (20%) remains.')
  expect(await awardsTable.getByRole('row', { name: /Breathe Easy Ltd/ }).textContent()).toContain('Accepted')
  expect(await awardsTable.getByRole('row', { name: /Mersey Makers/ }).textContent()).toContain('Declined')
  await page.getByRole('button', { name: 'Withdraw the award to Data for Good' }).click()
  await expect.poll(async () => (await focused(page)).id).toBe('withdraw-reason')
  await expectAccessible(page, 'withdrawing an award')
  await page.getByRole('button', { name: 'Yes, withdraw the award' }).click()
  await expectSummaryFocused()
  expect(await summary.textContent()).toContain('Enter why the award to Data for Good is withdrawn')
  await expectAccessible(page, 'withdrawing an award without a reason')
  await page.getByLabel('Why is it withdrawn?').fill('They told us the project cannot start this year.')
  await page.getByRole('button', { name: 'Yes, withdraw the award' }).click()
  await page.getByRole('status').filter({ hasText: 'Withdrew the award of £8,000 to Data for Good.' }).waitFor()
  await expect.poll(() => page.locator('.budget-text').textContent()).toContain('£20,000 (33%) remains.')
  expect(await awardsTable.getByRole('row', { name: /Data for Good/ }).textContent()).toContain(
    'They told us the project cannot start this year.',
  )

  // — A partial award by hand: a reason is needed, and the server refuses an answer-by date in its past —
  await page.getByLabel('Application').selectOption({ label: 'CareBridge (asked for £19,000)' })
  await expect
    .poll(() => page.getByLabel('Amount').inputValue(), { message: 'the amount starts at what was asked for' })
    .toBe('19000')
  await page.getByLabel('Amount').fill('15,000')
  await page.getByRole('button', { name: 'Offer the award' }).click()
  await expectSummaryFocused()
  expect(await summary.textContent()).toContain('Enter why the award is less than the £19,000 requested')
  await expectAccessible(page, 'a partial award without a reason')
  await page.getByLabel('Why less than requested').fill('£15,000 covers the pilot; the second phase is out of scope.')
  await page.getByRole('button', { name: 'Offer the award' }).click()
  await expect.poll(() => summary.textContent()).toContain('must be in the future')
  await expectSummaryFocused()
  expect(await page.locator('#award-respondBy').getAttribute('aria-invalid')).toBe('true')
  await expectAccessible(page, 'an award the server refused')
  await page.locator('#award-respondBy').fill(respondBy)
  await page.getByRole('button', { name: 'Offer the award' }).click()
  await page.getByRole('status').filter({ hasText: 'Offered £15,000 to CareBridge.' }).waitFor()
  await expect.poll(() => summary.count()).toBe(0)
  await expect.poll(() => page.locator('.budget-text').textContent()).toContain('£5,000 (8%) remains.')
  expect(await awardsTable.getByRole('row', { name: /CareBridge/ }).textContent()).toContain('Partial (79%)')
  await expectAccessible(page, 'the awards page after a partial award')

  // — Publishing waits for every answer —
  await page.getByRole('button', { name: 'Publish the results' }).click()
  await page.getByRole('button', { name: 'Yes, publish the results' }).waitFor()
  await expectAccessible(page, 'confirming publishing')
  await page.getByRole('button', { name: 'Yes, publish the results' }).click()
  await expectSummaryFocused()
  expect(await summary.textContent()).toContain('The results cannot be published yet')
  expect(await summary.textContent()).toMatch(
    /Waiting for 2 applicants to answer: (CareBridge, FamilyLink CIC|FamilyLink CIC, CareBridge)/,
  )
  await expectAccessible(page, 'publishing refused')

  // — The others accept (through the API); the manager publishes —
  for (const applicant of [family!, care!]) {
    const offer = await p.call('GET', `/api/applications/${applicant.application.id}/offer`, {
      as: applicant.applicant,
    })
    const answered = await p.call('POST', `/api/applications/${applicant.application.id}/offer/response`, {
      as: applicant.applicant,
      body: { version: offer.json.version, accept: true },
    })
    expect(answered.status, JSON.stringify(answered.json)).toBe(200)
  }
  await page.reload()
  await page.getByRole('heading', { level: 1, name: 'Awards and budget' }).waitFor()
  await page.getByText('3 accepted; no offer is waiting for an answer.').waitFor()
  await page.getByRole('button', { name: 'Publish the results' }).click()
  await page.getByRole('button', { name: 'Yes, publish the results' }).click()
  await page.getByRole('status').filter({ hasText: 'Published the results: 3 winners, £55,000 awarded.' }).waitFor()
  await page.getByRole('link', { name: 'See the public results' }).waitFor()
  expect(await page.getByRole('button', { name: /Withdraw/ }).count(), 'awards are final').toBe(0)
  expect(await page.getByRole('heading', { name: 'Make an award' }).count()).toBe(0)
  await expectAccessible(page, 'the awards page once published')
  await page.getByRole('link', { name: 'See the public results' }).click()

  // — The public results, and the link from the competition page —
  await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor()
  const winners = page.getByRole('table', { name: 'The winners' })
  await winners.waitFor()
  const rows = await winners.locator('tbody tr').allTextContents()
  expect(rows).toEqual([
    'Breathe Easy LtdChildhood asthma£20,000',
    'FamilyLink CICChildhood asthma£20,000',
    'CareBridgeChildhood asthma£15,000',
  ])
  expect(await main()).toContain('£55,000 awarded to 3 winners: 92% of the £60,000 pot.')
  await expectAccessible(page, 'the public results')
  manager.assertClean()
  await manager.context.close()

  await visitor.page.reload()
  await visitor.page.getByRole('link', { name: 'See the winners' }).click()
  await visitor.page.getByRole('heading', { level: 1, name: 'Results' }).waitFor()
  await visitor.page.getByRole('table', { name: 'The winners' }).waitFor()
  await expectAccessible(visitor.page, 'the public results, signed out')
  await visitor.page.goBack()
  await visitor.page.getByRole('link', { name: 'See the winners' }).waitFor()
  await expectAccessible(visitor.page, 'the competition page with its results')
  visitor.assertClean()
  await visitor.context.close()

  /** Signs in as the applicant in a tab of their own, opens their EOI and answers the offer. */
  async function answerInBrowser(who: NonNullable<typeof breathe>, answer: 'accept' | 'decline') {
    const { page: tab, context, assertClean } = await openPage(handles.browser)
    await tab.goto(handles.site.url(`/signin?next=${encodeURIComponent(`/applications/${who.application.id}`)}`))
    await tab.locator('#email').fill(who.applicant.email)
    await tab.getByRole('button', { name: 'Continue with this email' }).click()
    const offer = tab
      .locator('section')
      .filter({ has: tab.getByRole('heading', { level: 2, name: 'Your award offer' }) })
    await offer.waitFor()
    expect(await offer.textContent()).toContain('Quarterly progress reports to the programme board.')
    await expectAccessible(tab, `${who.applicant.name}’s offer`)
    if (answer === 'accept') {
      await tabTo(tab, 'button', { text: 'Accept the award' })
      await tab.keyboard.press('Enter')
      await offer.getByText('You accepted the award of £20,000.').waitFor()
      expect(await offer.textContent()).toContain('You accepted this award on')
    } else {
      await tab.getByRole('button', { name: 'Decline the award' }).click()
      await expect.poll(async () => (await focused(tab)).text).toContain('Decline the award of £12,000?')
      await expectAccessible(tab, 'confirming a decline')
      await tab.getByRole('button', { name: 'Yes, decline the award' }).click()
      await offer.getByText('You declined the award.').waitFor()
      expect(await offer.textContent()).toContain('You declined this award on')
    }
    expect(
      await tab.getByRole('button', { name: /Accept the award|Decline the award/ }).count(),
      'an answered offer has no buttons',
    ).toBe(0)
    await expectAccessible(tab, `${who.applicant.name}’s answered offer`)
    assertClean()
    await context.close()
  }
})
