// A programme manager invites a panellist with their organisation, in a real browser and by
// keyboard: an organisation longer than the API takes is refused in the error summary (which
// takes focus and links to the field, shown inline too); corrected, the invitation is sent and
// the panel lists the organisation, which the API holds for the conflict checks partner
// matching makes. Each state is checked with axe at desktop and 390 px.
import { expect, it } from 'vitest'
import { assessingCompetition } from '../support/assessing-fixtures.js'
import { expectAccessible, expectFocus, focused, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('invites a panellist with their organisation, refusing one too long in the error summary', {
  timeout: 180_000,
}, async () => {
  const p = handles.site.platform
  const a = await assessingCompetition(p, { applications: 1, panellists: 0 })
  const { page, assertClean } = await openPage(handles.browser)
  const base = `/manage/competitions/${a.competitionId}/panel`
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(base)}`))
  await page.locator('#email').fill(a.manager.email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.getByRole('heading', { level: 1, name: 'Panel and conflicts of interest' }).waitFor()
  await page.getByRole('button', { name: 'Send the invitation' }).waitFor()
  await expectAccessible(page, 'the panel page')

  await tabTo(page, '#invite-email')
  await page.keyboard.type('nia.partner@alderhey.example')
  await tabTo(page, '#invite-name')
  await page.keyboard.type('Dr Nia Partner')
  await tabTo(page, '#invite-organisation')
  await page.keyboard.type('Alder Hey '.repeat(21))
  await tabTo(page, 'button', { text: 'Send the invitation' })
  await page.keyboard.press('Enter')
  const summary = page.locator('.error-summary')
  await expect.poll(async () => (await focused(page)).className).toContain('error-summary')
  await expect.poll(() => summary.textContent()).toContain('Organisation must be 200 characters or fewer')
  await expect
    .poll(() => page.locator('#invite-organisation-error').textContent())
    .toContain('Organisation must be 200 characters or fewer')
  await expectAccessible(page, 'the invitation refused')
  // The summary's link takes the keyboard to the field.
  await tabTo(page, '.error-summary a')
  await page.keyboard.press('Enter')
  await expectFocus(page, { tag: 'input', id: 'invite-organisation' })
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type('Alder Hey Children’s NHS Foundation Trust')
  await tabTo(page, 'button', { text: 'Send the invitation' })
  await page.keyboard.press('Enter')
  await expect
    .poll(() => page.locator('main').textContent())
    .toContain('Invitation sent to Dr Nia Partner (nia.partner@alderhey.example).')
  await expect.poll(() => summary.count()).toBe(0)
  await page.getByRole('cell', { name: 'Alder Hey Children’s NHS Foundation Trust' }).waitFor()
  await expectAccessible(page, 'the panel with the invitation')
  assertClean()

  const panel = await p.call('GET', `/api/competitions/${a.competitionId}/panel`, { as: a.manager })
  expect(panel.json.members).toEqual([
    expect.objectContaining({
      email: 'nia.partner@alderhey.example',
      name: 'Dr Nia Partner',
      organisation: 'Alder Hey Children’s NHS Foundation Trust',
    }),
  ])
})
