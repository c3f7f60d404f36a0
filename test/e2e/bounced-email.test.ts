// A bounced email, end to end in a real browser: in the local mailbox someone marks an
// applicant's receipt as bounced (the same code SES's notification runs in the cloud); the
// decisions are released, and the decision to that address is not sent; the programme manager
// sees "Email not delivered" on the expressions of interest and on the release, follows the
// notice by keyboard to the list of emails not delivered, and reads whose and why. Axe at
// desktop and 390 px.
import { expect, it } from 'vitest'
import { awardingCompetition, releaseDecisions } from '../support/assessing-fixtures.js'
import { emailsTo } from '../support/mail.js'
import { expectAccessible, expectFocus, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('a receipt marked bounced in the mailbox stops the decision going to that address, and the manager sees it', {
  timeout: 240_000,
}, async () => {
  const p = handles.site.platform
  const a = await awardingCompetition(p, [
    { name: 'Breathe Easy Ltd', requestedPence: 1_000_000, score: 4 },
    { name: 'FamilyLink CIC', requestedPence: 1_000_000, score: 3 },
  ])
  const bouncer = a.applications[0]!.applicant
  const other = a.applications[1]!.applicant
  // The site's timer delivers the receipts to the mailbox.
  await expect.poll(async () => (await emailsTo(p.db, bouncer.email, 'receipt'))[0]?.status).toBe('sent')

  const { page, assertClean } = await openPage(handles.browser)
  await page.goto(handles.site.url('/mailbox'))
  await page.getByRole('heading', { level: 1, name: 'Local mailbox' }).waitFor()
  const receipt = page
    .locator('article', { hasText: bouncer.email })
    .filter({ hasText: 'Received: your expression of interest' })
  await receipt.first().waitFor()
  await expectAccessible(page, 'the mailbox')
  await receipt
    .first()
    .getByRole('button', { name: /Mark as bounced/ })
    .focus()
  await page.keyboard.press('Enter')
  await page.getByRole('status').filter({ hasText: 'Marked as bounced' }).waitFor()
  expect(await page.getByRole('status').textContent()).toContain(`The platform will not email ${bouncer.email} again.`)
  await receipt.first().getByText('Bounced', { exact: true }).waitFor()
  expect((await emailsTo(p.db, bouncer.email, 'receipt'))[0]).toMatchObject({
    status: 'undeliverable',
    undeliverableReason: 'bounced',
  })

  // The decisions go out: the other applicant's is sent; the bounced address's is never sent.
  await releaseDecisions(p, a)
  await expect.poll(async () => (await emailsTo(p.db, other.email, 'decision'))[0]?.status).toBe('sent')
  await expect.poll(async () => (await emailsTo(p.db, bouncer.email, 'decision'))[0]?.status).toBe('undeliverable')
  const [decision] = await emailsTo(p.db, bouncer.email, 'decision')
  expect(decision?.undeliverableReason).toBe('suppressed')
  expect(decision?.sentAt).toBeUndefined()

  // — The manager —
  const base = `/manage/competitions/${a.competitionId}`
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(`${base}/submissions`)}`))
  await page.locator('#email').waitFor()
  await tabTo(page, '#email')
  await page.keyboard.type(a.manager.email)
  await tabTo(page, 'button', { text: 'Continue with this email' })
  await page.keyboard.press('Enter')
  await page.waitForURL((url) => url.pathname === `${base}/submissions`)
  await expectFocus(page, { tag: 'h1', text: 'Expressions of interest' })
  const row = page.locator('tbody tr', { hasText: 'Breathe Easy Ltd' })
  await row.getByText('Email not delivered').waitFor()
  const marked = (await row.textContent()) ?? ''
  expect(marked).toContain(`Receipt for their expression of interest to ${bouncer.email}`)
  expect(marked).toContain(`Decision and feedback to ${bouncer.email}`)
  expect(await page.locator('tbody tr', { hasText: 'FamilyLink CIC' }).textContent()).not.toContain(
    'Email not delivered',
  )
  await page.getByRole('heading', { name: '2 emails to applicants were not delivered' }).waitFor()
  await expectAccessible(page, 'the expressions of interest with an email not delivered')

  await tabTo(page, 'a', { text: 'See which applicants did not get their email' })
  await page.keyboard.press('Enter')
  await page.waitForURL(`**${base}/undelivered-emails`)
  await expectFocus(page, { tag: 'h1', text: 'Emails not delivered' })
  const rows = page.locator('tbody tr')
  await expect.poll(() => rows.count()).toBe(2)
  const [newest, oldest] = await rows.allTextContents()
  expect(newest).toContain(bouncer.email)
  expect(newest).toContain('Decision and feedback')
  expect(newest).toContain('Not sent: an earlier email to this address bounced or was marked as spam')
  expect(oldest).toContain('Receipt for their expression of interest')
  expect(oldest).toContain('Bounced: the address does not accept email')
  expect(`${newest}${oldest}`).not.toContain(other.email)
  await expectAccessible(page, 'the emails not delivered')

  // The release says so too.
  await page.goto(handles.site.url(`${base}/feedback`))
  await page.getByRole('heading', { name: 'A decision email was not delivered' }).waitFor()
  await expectAccessible(page, 'the release with a decision not delivered')
  assertClean()
})
