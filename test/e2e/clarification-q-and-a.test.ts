// Clarification Q&A in a real browser: a signed-in applicant asks a question on the demo
// competition's page and is told it will be published without their name; the programme
// manager answers it in the editor; a signed-out visitor then reads the question and answer
// on the public page. Every page visited is checked with axe.
import { expect, it } from 'vitest'
import { expectAccessible, expectFocus, focused, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

const EMAIL = `sam.${Date.now()}@sensor-co.example`
const QUESTION = 'Can a sole trader apply together with a community group?'
const ANSWER = 'Yes. One of you applies, and the expression of interest names the other as a partner.'

it('an applicant asks a question, the manager answers it, and everyone can read it', { timeout: 60_000 }, async () => {
  // — The applicant signs in and asks, by keyboard —
  const applicant = await openPage(handles.browser)
  const page = applicant.page
  await page.goto(handles.site.url('/'))
  await page.locator('.card').first().waitFor()
  const competitionPath = new URL(
    await page
      .locator('.card a')
      .first()
      .evaluate((a) => (a as HTMLAnchorElement).href),
  ).pathname
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(competitionPath)}`))
  await tabTo(page, '#email')
  await page.keyboard.type(EMAIL)
  await page.keyboard.press('Enter')
  await page.waitForURL((url) => url.pathname === competitionPath)
  await page.getByRole('heading', { level: 2, name: 'Questions and answers' }).waitFor()
  await page.getByLabel('Your question').waitFor()
  await expectAccessible(page, 'the competition page with the question form')

  // An empty question meets the error summary, which leads back to the field.
  await tabTo(page, 'button', { text: 'Send your question' })
  await page.keyboard.press('Enter')
  await expect.poll(async () => (await focused(page)).className).toContain('error-summary')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await expectFocus(page, { id: 'ask-question' })
  await page.keyboard.type(QUESTION)
  await tabTo(page, 'button', { text: 'Send your question' })
  await page.keyboard.press('Enter')
  const confirmation = page.locator('.notice-success')
  await confirmation.waitFor()
  expect(await confirmation.textContent()).toContain('published on this page for everyone to read, without your name')
  await expect.poll(async () => (await focused(page)).className).toContain('notice')
  await expectAccessible(page, 'the competition page after asking')
  applicant.assertClean()
  await applicant.context.close()

  // — The manager answers it in the editor —
  const manager = await openPage(handles.browser)
  const mpage = manager.page
  await mpage.goto(handles.site.url('/signin'))
  await mpage.getByLabel('Priya Shah').check()
  await mpage.getByRole('button', { name: 'Sign in', exact: true }).click()
  await mpage.waitForURL('**/manage')
  await mpage.goto(handles.site.url(`/manage${competitionPath}/questions`))
  await mpage.getByRole('heading', { level: 2, name: 'Questions from applicants' }).waitFor()
  const item = mpage.locator('.qa-list li', { hasText: QUESTION })
  await item.waitFor()
  expect(await item.textContent()).toContain('Waiting for an answer')
  expect(await item.textContent(), 'the manager does not see who asked either').not.toContain(EMAIL)
  await expectAccessible(mpage, 'the editor with a question to answer')
  await item.getByRole('textbox').fill(ANSWER)
  await item.getByRole('button', { name: /Publish the answer/ }).click()
  await item.getByRole('status').filter({ hasText: 'Answer published' }).waitFor()
  await expect.poll(() => item.textContent()).toContain('Answered')
  await expectAccessible(mpage, 'the editor after answering')
  manager.assertClean()
  await manager.context.close()

  // — A signed-out visitor reads it on the public page —
  const visitor = await openPage(handles.browser)
  await visitor.page.goto(handles.site.url(competitionPath))
  const published = visitor.page.locator('.qa-list li', { hasText: QUESTION })
  await published.waitFor()
  expect(await published.textContent()).toContain(ANSWER)
  expect(await visitor.page.locator('main').textContent()).not.toContain(EMAIL)
  expect(await visitor.page.getByRole('link', { name: 'Sign in to ask a question' }).count()).toBe(1)
  await expectAccessible(visitor.page, 'the public page with the answer')
  visitor.assertClean()
  await visitor.context.close()
})
