// The whole publishing journey in a real browser: a programme manager signs in, builds a
// competition (details, challenge, data pack with an uploaded document and a link, theme),
// meets the error summary when publishing too early, publishes; then a signed-out visitor
// finds the competition and downloads the document. Every page visited is checked with axe.
import { readFile } from 'node:fs/promises'
import { expect, it } from 'vitest'
import { utcIsoToLondonLocal } from '../../shared/dates.js'
import { expectAccessible, expectFocus, focused, openPage, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

const DAY = 24 * 60 * 60 * 1000
/** A London wall-clock time `days` from now, as a datetime-local field takes it. */
const londonInDays = (days: number) => utcIsoToLondonLocal(new Date(Date.now() + days * DAY).toISOString())

const TITLE = 'Cleaner air around schools'
const CHALLENGE = 'Air quality near schools'
const DOCUMENT_TITLE = 'Air quality briefing'
const FILE_NAME = 'air-quality-briefing.txt'
const FILE_BYTES = Buffer.from('Air quality near schools\n\nNO2 readings by school, 2024 (aggregated).\n', 'utf8')

it('a manager publishes a competition and a visitor downloads its document', { timeout: 60_000 }, async () => {
  const { page, context, assertClean } = await openPage(handles.browser)

  // — The manager signs in through the sign-in page —
  await page.goto(handles.site.url('/'))
  await page.getByRole('heading', { level: 1, name: 'Funding competitions' }).waitFor()
  await page.locator('.card').first().waitFor()
  await expectAccessible(page, 'the home page')

  await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).click()
  await page.getByLabel('Priya Shah').waitFor()
  await expectAccessible(page, 'the sign-in page')
  await page.getByLabel('Priya Shah').check()
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()

  await page.waitForURL('**/manage')
  await page.getByRole('heading', { level: 1, name: 'Manage competitions' }).waitFor()
  await expect.poll(() => page.getByRole('banner').textContent()).toContain('Signed in as Priya Shah')
  await page.getByRole('table').first().waitFor()
  await expectAccessible(page, 'the manage page')

  // — Creates a draft —
  await page.getByLabel('Title').fill(TITLE)
  await page.getByRole('button', { name: 'Create draft' }).click()
  await page.waitForURL(/\/manage\/competitions\/[0-9A-Z]{26}\/setup$/)
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor()
  await expect.poll(async () => (await focused(page)).tag, { message: 'focus moves to the new page’s h1' }).toBe('h1')
  await expectAccessible(page, 'the editor with a new draft')

  // — Publishing too early shows the error summary, focused, linking to each field —
  await page.getByRole('button', { name: 'Publish competition' }).click()
  const summary = page.locator('.error-summary')
  await summary.waitFor()
  await expect.poll(async () => (await focused(page)).className).toContain('error-summary')
  expect(await summary.getAttribute('role')).toBe('alert')
  expect(await summary.textContent()).toContain('Add a summary of the competition')
  expect(await summary.textContent()).toContain('Add at least one challenge')
  await expect.poll(() => page.title()).toMatch(/^Error: /)
  expect(await page.locator('#details-summary').getAttribute('aria-invalid')).toBe('true')
  await expectAccessible(page, 'the editor showing publish errors')
  await summary.getByRole('link', { name: 'Add a summary of the competition' }).click()
  await expectFocus(page, { id: 'details-summary' }, 'the error links to its field')

  // — Saves part of the details (a draft may be incomplete), then fills in every detail —
  await page
    .locator('#details-summary')
    .fill(
      'Schools want cleaner air at the gate.\n\nTell us how you would measure and reduce pollution at drop-off time.',
    )
  await page.getByRole('button', { name: 'Save details' }).click()
  await page.getByRole('status').filter({ hasText: 'Details saved' }).waitFor()
  await expect.poll(() => summary.count(), { message: 'a successful save clears the errors' }).toBe(0)
  await page.getByLabel('Owner organisation').fill('Liverpool City Region Combined Authority')
  await page.getByLabel('Pot').fill('£50,000')
  await page.getByLabel('Maximum award').fill('20,000.50')
  await page.getByLabel('EOI form opens').fill(londonInDays(1))
  await page.getByLabel('EOI deadline').fill(londonInDays(30))
  await page.getByLabel('Panel date').fill(londonInDays(45))
  await page.getByLabel('Feedback date').fill(londonInDays(60))
  await page.getByLabel('Statement 1').fill('We are based in the Liverpool City Region.')
  await page.getByRole('button', { name: 'Add another statement' }).click()
  await expectFocus(page, { id: 'details-eligibility-1' }, 'a new statement takes focus')
  await page.getByLabel('Statement 2').fill('Our idea will improve health in the Liverpool City Region.')
  await page.getByRole('button', { name: 'Save details' }).click()
  await page.getByRole('status').filter({ hasText: 'Details saved' }).waitFor()

  // — Adds a challenge —
  await page.locator('#new-challenge-title').fill(CHALLENGE)
  await page
    .locator('#new-challenge-statement')
    .fill('How might we cut children’s exposure to traffic pollution at the school gate?')
  await page.locator('#new-challenge-context').fill('Drop-off time is when NO2 peaks outside primary schools.')
  await page.locator('#new-challenge-owner').fill('Public health, Liverpool City Region')
  await page.locator('#new-challenge-evidenceExpected').fill('How you would measure exposure before and after.')
  await page.getByRole('button', { name: 'Add challenge' }).click()
  await page
    .getByRole('status')
    .filter({ hasText: `Added the challenge “${CHALLENGE}”` })
    .waitFor()
  const challenge = page.locator('section.challenge').filter({ has: page.getByRole('heading', { name: CHALLENGE }) })

  // — Its data pack: a document uploaded from a real file, then a link —
  await challenge.getByLabel('Type of item').selectOption('document')
  await challenge.getByLabel('Title').last().fill(DOCUMENT_TITLE)
  await challenge
    .getByLabel('File', { exact: true })
    .setInputFiles({ name: FILE_NAME, mimeType: 'text/plain', buffer: FILE_BYTES })
  await challenge.getByLabel('Source (optional)').fill('Civic Data Cooperative')
  await challenge.getByRole('button', { name: 'Add item' }).click()
  await challenge
    .getByRole('status')
    .filter({ hasText: `Added “${DOCUMENT_TITLE}” to the data pack.` })
    .waitFor()
  await expect.poll(() => challenge.locator('.data-pack').textContent()).toContain(FILE_NAME)
  expect(await challenge.locator('.data-pack').textContent()).not.toContain('Upload not finished')

  await challenge.getByLabel('Type of item').selectOption('link')
  await challenge.getByLabel('Title').last().fill('Clean air zones explained')
  await challenge.getByLabel('Web address').fill('https://www.gov.uk/guidance/driving-in-a-clean-air-zone')
  await challenge.getByRole('button', { name: 'Add item' }).click()
  await challenge
    .getByRole('status')
    .filter({ hasText: 'Added “Clean air zones explained” to the data pack.' })
    .waitFor()

  // — A theme linking the challenge —
  await page.locator('#new-theme-title').fill('Data linkage')
  await page.locator('#new-theme-description').fill('Joining data safely to see the whole picture.')
  await page.locator('.theme').last().getByLabel(CHALLENGE).check()
  await page.getByRole('button', { name: 'Add theme' }).click()
  await page.getByRole('status').filter({ hasText: 'Added the theme “Data linkage”.' }).waitFor()
  await expectAccessible(page, 'the editor, complete')

  // — Publishes —
  await page.getByRole('button', { name: 'Publish competition' }).click()
  await page.getByText('Published.').waitFor()
  await expectAccessible(page, 'the editor after publishing')

  // — Signs out; a visitor finds it on the home page —
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByRole('heading', { level: 1, name: 'Funding competitions' }).waitFor()
  await expect.poll(() => page.getByRole('banner').textContent()).not.toContain('Signed in')
  const card = page.locator('.card').filter({ hasText: TITLE })
  await card.waitFor()
  expect(await card.textContent()).toContain('Opening soon')
  expect(await card.textContent()).toContain('£50,000')
  expect(await card.textContent()).toMatch(/closes in (29|30) days/)
  await card.getByRole('link', { name: TITLE }).click()

  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor()
  await expect.poll(async () => (await focused(page)).tag).toBe('h1')
  await expect.poll(() => page.title()).toBe(`${TITLE} – Challenge Fund`)
  const main = page.getByRole('main')
  expect(await main.textContent()).toContain('£20,000.50')
  expect(await main.textContent()).toContain('We are based in the Liverpool City Region.')
  expect(await main.textContent()).toContain('How might we cut children’s exposure')
  expect(await main.textContent()).toMatch(/(GMT|BST)/)
  await expectAccessible(page, 'the published competition page')

  const link = page.getByRole('link', { name: /Clean air zones explained/ })
  expect(await link.getAttribute('rel')).toBe('noopener noreferrer')

  // — Downloads the document: the same bytes, under its own name —
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: DOCUMENT_TITLE }).click(),
  ])
  expect(download.suggestedFilename()).toBe(FILE_NAME)
  expect(Buffer.compare(await readFile(await download.path()), FILE_BYTES)).toBe(0)

  assertClean()
  await context.close()
})
