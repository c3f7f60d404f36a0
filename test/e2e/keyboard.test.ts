// Keyboard only: the skip link is the first thing Tab reaches, and signing in works with
// Tab, Space and Enter alone, ending with focus on the new page's heading.
import { expect, it } from 'vitest'
import { expectAccessible, expectFocus, openPage, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('reaches the skip link first and signs in with the keyboard alone', { timeout: 60_000 }, async () => {
  const { page, context, assertClean } = await openPage(handles.browser)
  await page.goto(handles.site.url('/signin'))
  await page.getByLabel('Priya Shah').waitFor()

  await page.keyboard.press('Tab')
  await expectFocus(page, { text: 'Skip to main content' })
  // Visible focus: the skip link shows on screen with the yellow focus colour.
  const style = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement
      const box = el.getBoundingClientRect()
      return { background: getComputedStyle(el).backgroundColor, onScreen: box.left >= 0 && box.width > 0 }
    })
  await expect.poll(style).toEqual({ background: 'rgb(255, 221, 0)', onScreen: true })

  await page.keyboard.press('Enter')
  await expectFocus(page, { id: 'main' }, 'the skip link moves focus to the main content')

  // The first radio of the group takes focus; Space chooses it; Tab leaves the group for the button.
  await page.keyboard.press('Tab')
  await expect
    .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement).labels?.[0]?.textContent))
    .toBe('Priya Shah')
  await page.keyboard.press('Space')
  await page.keyboard.press('Tab')
  await expectFocus(page, { tag: 'button', text: 'Sign in' })
  await page.keyboard.press('Enter')

  await page.waitForURL('**/manage')
  await page.getByRole('heading', { level: 1, name: 'Manage competitions' }).waitFor()
  await expectFocus(page, { tag: 'h1', text: 'Manage competitions' })
  await expect.poll(() => page.getByRole('banner').textContent()).toContain('Signed in as Priya Shah')

  // An empty submit by keyboard shows the error summary, focused, and its link leads to the field.
  await page.goto(handles.site.url('/manage'))
  await page.getByRole('button', { name: 'Create draft' }).waitFor()
  await page.getByRole('button', { name: 'Create draft' }).focus()
  await page.keyboard.press('Enter')
  await expectFocus(page, { className: 'error-summary' })
  await page.keyboard.press('Tab')
  await expectFocus(page, { text: 'Enter a title for the competition' })
  await page.keyboard.press('Enter')
  await expectFocus(page, { id: 'new-title' })
  await expectAccessible(page, 'the manage page with an error')

  assertClean()
  await context.close()
})
