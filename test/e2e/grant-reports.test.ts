// Progress reports in a real browser, keyboard only: a grantee (their grant set up, sent and
// accepted through the API) writes a report on a milestone, uploads an evidence file and sends
// it, after an error summary for what was missing; the manager queries the indicators; the grantee, with only that section
// open, changes it and answers; the manager approves, and the milestone's tranche falls due.
// Every page is checked with axe at desktop width and at 390 px.
import { expect, it } from 'vitest'
import { getGrant } from '../../functions/db/grants-repo.js'
import { activeGrants } from '../support/report-fixtures.js'
import { expectAccessible, expectFocus, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('a grantee reports, the manager queries a section, the grantee answers it, the manager approves', {
  timeout: 300_000,
}, async () => {
  const p = handles.site.platform
  const a = await activeGrants(p, 1)
  const applicationId = a.ids[0]!
  const grantee = a.applications[0]!.applicant
  const reportPath = `/applications/${applicationId}/grant/reports/m1`
  const reviewPath = `/manage/competitions/${a.competitionId}/grants/${applicationId}/reports/m1`

  const signIn = async (email: string, next: string) => {
    const opened = await openPage(handles.browser)
    await opened.page.goto(handles.site.url(`/signin?next=${encodeURIComponent(next)}`))
    await opened.page.locator('#email').fill(email)
    await opened.page.keyboard.press('Enter')
    return opened
  }
  const type = async (page: Awaited<ReturnType<typeof signIn>>['page'], selector: string, text: string) => {
    await tabTo(page, selector)
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type(text)
  }

  // The grantee: sending an empty report lists what is missing.
  const g = await signIn(grantee.email, reportPath)
  const gp = g.page
  await gp.getByRole('heading', { level: 1, name: /Progress report: Discovery with two GP practices/ }).waitFor()
  await expectAccessible(gp, 'the grantee’s new report')
  await tabTo(gp, 'button', { text: 'Send for review' })
  await gp.keyboard.press('Enter')
  await expectFocus(gp, { className: 'error-summary' })
  const summary = await gp.locator('.error-summary').textContent()
  expect(summary).toContain('say what was done')
  expect(summary).toContain('Emergency asthma admissions this period')
  await expectAccessible(gp, 'the grantee’s report with errors')

  await type(gp, '#report-progress', 'We ran discovery with two GP practices and mapped 120 households.')
  // Evidence through the upload path: the file input opened from the keyboard.
  await tabTo(gp, '#report-files')
  await expectFocus(gp, { id: 'report-files' })
  const [chooser] = await Promise.all([gp.waitForEvent('filechooser'), gp.keyboard.press('Space')])
  await chooser.setFiles({
    name: 'discovery.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4 discovery'),
  })
  await expect.poll(() => gp.locator('#report-files-status').textContent()).toBe('Uploaded discovery.pdf.')
  await gp.getByRole('link', { name: 'discovery.pdf' }).waitFor()
  await type(gp, '#report-evidenceNote', 'The full data is in our shared folder.')
  await type(gp, '#report-actuals-0-value', '41')
  await type(gp, '#report-actuals-0-explanation', 'An early winter raised admissions.')
  await type(gp, '#report-actuals-1-value', '60')
  await tabTo(gp, 'button', { text: 'Send for review' })
  await gp.keyboard.press('Enter')
  await expectFocus(gp, { className: 'notice-success' })
  await expect.poll(() => gp.locator('main').textContent()).toContain('Your report was sent for review.')
  expect(await gp.locator('#report-progress').count()).toBe(0)
  await expectAccessible(gp, 'the grantee’s report, sent')

  // The manager queries the indicators.
  const m = await signIn(a.manager.email, reviewPath)
  const mp = m.page
  await mp.getByRole('heading', { level: 1, name: /Progress report: Discovery with two GP practices/ }).waitFor()
  await expect.poll(() => mp.locator('main').textContent()).toContain('We ran discovery with two GP practices')
  await mp.getByRole('link', { name: 'discovery.pdf' }).waitFor()
  await expectAccessible(mp, 'the manager’s review')
  await tabTo(mp, 'input[name="decision"]')
  await mp.keyboard.press('ArrowDown')
  await mp.keyboard.press('ArrowDown')
  await expect.poll(() => mp.locator('#decision-3').isChecked()).toBe(true)
  await tabTo(mp, 'input[name="decision-section"]')
  await mp.keyboard.press('Space')
  await mp.keyboard.press('ArrowDown')
  await mp.keyboard.press('ArrowDown')
  await expect.poll(() => mp.locator('#decision-section-3').isChecked()).toBe(true)
  await type(mp, '#decision-question', 'How were admissions counted?')
  await expectAccessible(mp, 'the manager’s query, being written')
  await tabTo(mp, 'button', { text: 'Confirm decision' })
  await mp.keyboard.press('Enter')
  await expectFocus(mp, { className: 'notice-success' })
  await expect.poll(() => mp.locator('main').textContent()).toContain('Query sent')

  // The grantee answers: only the indicators are open.
  await gp.reload()
  await gp.getByRole('heading', { name: /asked about indicators/ }).waitFor()
  expect(await gp.locator('#report-progress').count()).toBe(0)
  expect(await gp.locator('#report-files').count()).toBe(0)
  await expectAccessible(gp, 'the grantee’s queried report')
  await type(gp, '#report-answer', 'From the trust’s monthly returns; one duplicate removed.')
  await type(gp, '#report-actuals-0-value', '39')
  await tabTo(gp, 'button', { text: 'Send your answer' })
  await gp.keyboard.press('Enter')
  await expectFocus(gp, { className: 'notice-success' })
  await expect.poll(() => gp.locator('main').textContent()).toContain('Your answer was sent')

  // The manager approves.
  await mp.reload()
  await mp.getByRole('heading', { level: 2, name: 'Your decision' }).waitFor()
  await expect.poll(() => mp.locator('main').textContent()).toContain('one duplicate removed')
  await tabTo(mp, 'input[name="decision"]')
  await mp.keyboard.press('Space')
  await expect.poll(() => mp.locator('#decision').isChecked()).toBe(true)
  await expect.poll(() => mp.locator('main').textContent()).toContain('After discovery will fall due')
  await tabTo(mp, 'button', { text: 'Confirm decision' })
  await mp.keyboard.press('Enter')
  await expectFocus(mp, { className: 'notice-success' })
  await expect.poll(() => mp.locator('main').textContent()).toContain('Report approved. After discovery is now due')
  await expectAccessible(mp, 'the manager’s review, approved')

  const grant = (await getGrant(p.db, a.competitionId, applicationId))!
  expect(grant.progress!.milestones.m1).toMatchObject({ status: 'approved', approvedBy: a.manager.id })
  expect(grant.progress!.tranches.t2).toMatchObject({ status: 'due', authorisedBy: a.manager.id })
  expect(grant.progress!.actuals.admissions).toEqual([{ on: '2027-03-31', value: 39 }])

  await gp.reload()
  await expect.poll(() => gp.locator('main').textContent()).toContain('Your report was approved')
  await expectAccessible(gp, 'the grantee’s approved report')
  g.assertClean()
  m.assertClean()
})
