// The applicant's journey in a real browser, by keyboard alone: sign in with a new email,
// register an organisation, open the demo competition, start an expression of interest,
// watch the word count change as they type, see it saved, reload and find the draft, meet
// the error summary, finish and submit, read the receipt, answer the anonymous D&I survey,
// and find the receipt email in the local mailbox. Every page visited is checked with axe.
import { expect, it } from 'vitest'
import { expectAccessible, expectFocus, focused, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

const EMAIL = `amira.${Date.now()}@damp-homes.example`
const IDEA = 'We will map damp homes using sensor data'

it('an applicant registers, drafts, reloads, submits and gets a receipt, by keyboard alone', {
  timeout: 60_000,
}, async () => {
  const { page, context, assertClean } = await openPage(handles.browser)
  const type = (text: string) => page.keyboard.type(text)
  const press = (key: string) => page.keyboard.press(key)

  // — The demo competition, then "Sign in to apply" —
  await page.goto(handles.site.url('/'))
  await page.locator('.card').first().waitFor()
  await tabTo(page, 'a', { text: 'What' })
  await press('Enter')
  await page.waitForURL(/\/competitions\/[0-9A-Z]+$/)
  await page.getByRole('heading', { level: 2, name: 'Apply', exact: true }).waitFor()
  await expectAccessible(page, 'the competition page, signed out')
  await tabTo(page, 'a', { text: 'Sign in to apply' })
  await press('Enter')

  await page.getByLabel('Email address').waitFor()
  await tabTo(page, '#email')
  await type(EMAIL)
  await press('Enter')
  await page.waitForURL(/\/competitions\/[0-9A-Z]+$/)

  // — Registers an organisation and comes back —
  await page.getByRole('link', { name: 'Register your organisation to apply' }).waitFor()
  await tabTo(page, 'a', { text: 'Register your organisation to apply' })
  await press('Enter')
  await page.getByRole('heading', { level: 1, name: 'Register your organisation' }).waitFor()
  await expect.poll(async () => (await focused(page)).tag, { message: 'focus moves to the new page’s h1' }).toBe('h1')
  await expectAccessible(page, 'the organisation page')
  await tabTo(page, '#org-yourName')
  await type('Dana Price')
  await tabTo(page, '#org-name')
  await type('Damp Homes Data CIC')
  await tabTo(page, '#org-type')
  await press('Space')
  await tabTo(page, '#org-postcode')
  await type('l1 8jq')
  await tabTo(page, '#org-sizeBand')
  await press('Space')
  await tabTo(page, 'button', { text: 'Register and continue' })
  await press('Enter')
  await page.waitForURL(/\/competitions\/[0-9A-Z]+$/)

  // — Starts the expression of interest —
  await page.getByRole('button', { name: 'Start your expression of interest' }).waitFor()
  await expectAccessible(page, 'the competition page, ready to apply')
  await tabTo(page, 'button', { text: 'Start your expression of interest' })
  await press('Enter')
  await page.waitForURL(/\/applications\/[0-9A-Z]+$/)
  await page.getByRole('heading', { level: 1, name: 'Your expression of interest' }).waitFor()
  await expectAccessible(page, 'the new draft')
  await expect.poll(() => page.locator('main').textContent()).toMatch(/closes in \d+ (day|hour|minute)s?/)

  // — Types an answer: the word count follows; the draft is saved —
  const idea = page.getByLabel('What is your idea?')
  const ideaId = (await idea.getAttribute('id'))!
  await tabTo(page, `#${ideaId}`)
  await type('We will map')
  await expect.poll(() => page.locator(`#${ideaId}-count`).textContent()).toContain('3 words (we suggest 300 words)')
  await type(' damp homes using sensor data')
  await expect.poll(() => page.locator(`#${ideaId}-count`).textContent()).toContain('8 words')
  await expect
    .poll(() => page.locator('#save-status').textContent(), { timeout: 5_000 })
    .toMatch(/^Saved at \d\d:\d\d$/)

  // — Reloads and finds the draft —
  await page.reload()
  await page.getByLabel('What is your idea?').waitFor()
  await expect.poll(() => page.getByLabel('What is your idea?').inputValue()).toBe(IDEA)
  await expectAccessible(page, 'the draft after a reload')

  // — Fills in the rest, all but the eligibility statements —
  await tabTo(
    page,
    '#' +
      (await page.getByLabel('Which problem does it address, and how would we know it worked?').getAttribute('id'))!,
  )
  await type('Childhood asthma. We would count emergency admissions in the homes we help.')
  await press('Tab') // the pitch: text or video
  await press('Space') // "Write my answer"
  await tabTo(page, 'textarea')
  await type('Damp causes asthma; sensors find damp early.')
  await tabTo(page, 'input[type=radio]') // how far along
  await press('Space')
  await tabTo(page, '#amount')
  await type('16,700')
  await tabTo(page, '#themes')
  await press('Space')
  await tabTo(page, 'button[type=submit]', { text: 'Submit expression of interest' })
  await press('Enter')

  // — The error summary names each statement to confirm and leads to it —
  const summary = page.locator('.error-summary')
  await summary.waitFor()
  await expect.poll(async () => (await focused(page)).className).toContain('error-summary')
  expect(await summary.textContent()).toContain('Confirm:')
  await expect.poll(() => page.title()).toMatch(/^Error: /)
  await expectAccessible(page, 'the form with errors')
  await press('Tab')
  await press('Enter')
  await expectFocus(page, { id: 'eligibility' })

  // — Confirms every statement and submits —
  const statements = await page.locator('input[name=eligibility]').count()
  expect(statements).toBeGreaterThan(0)
  await press('Space')
  for (let i = 1; i < statements; i++) {
    await press('Tab')
    await press('Space')
  }
  await tabTo(page, 'button[type=submit]', { text: 'Submit expression of interest' })
  await press('Enter')

  // — The receipt —
  await page.waitForURL(/\/applications\/[0-9A-Z]+\/receipt$/)
  await page.getByRole('heading', { level: 1, name: 'Expression of interest submitted' }).waitFor()
  const receiptNumber = (await page.locator('.panel strong').textContent())!.trim()
  expect(receiptNumber).toMatch(/^EOI-/)
  const main = (await page.locator('main').textContent())!
  expect(main).toContain(`We have emailed a copy of your answers to ${EMAIL}`)
  expect(main).toContain(IDEA)
  expect(main).toMatch(/(GMT|BST)/)
  expect(main).toContain('£16,700')
  await expectAccessible(page, 'the receipt')

  // — The optional, anonymous D&I survey on the receipt: answers two questions, skips the rest —
  expect(main).toContain('Your answers are anonymous.')
  await tabTo(page, '#di-ageBand')
  await press('Space') // "Under 25"
  await tabTo(page, 'input[name=di-gender]')
  await press('ArrowDown') // from "Woman" to "Man", checking it
  await expect.poll(() => page.locator('input[name=di-gender]:checked').getAttribute('value')).toBe('man')
  await tabTo(page, 'button[type=submit]', { text: 'Send my answers' })
  await press('Enter')
  await page.getByRole('heading', { level: 2, name: 'Thank you for answering the survey' }).waitFor()
  await expect.poll(async () => (await focused(page)).className).toContain('notice')
  await expectAccessible(page, 'the receipt after the survey')

  // — The receipt email in the local mailbox —
  await tabTo(page, 'a', { text: 'local mailbox', back: true })
  await press('Enter')
  await page.getByRole('heading', { level: 1, name: 'Local mailbox' }).waitFor()
  const email = page.locator('.mail-list article', { hasText: receiptNumber })
  await expect
    .poll(
      async () => {
        if (await email.count()) return true
        await page.getByRole('button', { name: 'Check for new emails' }).focus()
        await press('Enter')
        await page.waitForTimeout(300)
        return (await email.count()) > 0
      },
      { timeout: 10_000 },
    )
    .toBe(true)
  expect(await email.textContent()).toContain(EMAIL)
  expect(await email.textContent()).toContain(IDEA)
  await expectAccessible(page, 'the local mailbox')
  // The email's link to its page is a link here too: to their EOI, at the configured public URL.
  const pageLink = email.getByRole('link', { name: /\/applications\// })
  await pageLink.waitFor()
  const href = new URL((await pageLink.getAttribute('href'))!)
  expect(href.origin).toBe(new URL(handles.site.platform.publicUrl).origin)
  await page.goto(handles.site.url(href.pathname))
  await expect
    .poll(() => page.getByRole('heading', { level: 1 }).textContent())
    .toContain('Your expression of interest')

  // — Their list says only that it is under review —
  await page.goto(handles.site.url('/applications'))
  await page.getByRole('heading', { level: 1 }).waitFor()
  await expect.poll(() => page.locator('.tag-app-submitted').textContent()).toBe('Under review')

  assertClean()
  await context.close()
})
