// Events in a real browser, by keyboard: a visitor opens a webinar's public page, registers
// without an account, follows the link from the email and confirms their place (the joining
// link appears); a manager creates an event, sees the registration, imports an attendance file
// and dismisses the row that matched nobody. Each page is checked with axe at desktop and 390 px.
import { expect, it } from 'vitest'
import { createPublished } from '../support/fixtures.js'
import { emailsTo } from '../support/mail.js'
import { expectAccessible, expectNoSidewaysScroll, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()
const DAY = 86_400_000

it('lets a visitor register by keyboard and confirm from the email, and a manager run the event', {
  timeout: 240_000,
}, async () => {
  const p = handles.site.platform
  const manager = await p.signIn('manager', 'Morgan Manager')
  const { competition } = await createPublished(p, manager)
  const startsAt = new Date(p.clock.now.getTime() + 5 * DAY)

  // The manager creates the event in the browser.
  const m = await openPage(handles.browser)
  await m.page.goto(
    handles.site.url(`/signin?next=${encodeURIComponent(`/manage/competitions/${competition.id}/events`)}`),
  )
  await m.page.locator('#email').fill(manager.email)
  await m.page.getByRole('button', { name: 'Continue with this email' }).click()
  await m.page.getByRole('heading', { level: 1, name: 'Events' }).waitFor()
  await m.page.locator('#event-title').fill('Webinar: data linkage')
  const local = (d: Date) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/London', dateStyle: 'short', timeStyle: 'short' })
      .format(d)
      .replace(' ', 'T')
  await m.page.locator('#event-startsAt').fill(local(startsAt))
  await m.page.locator('#event-endsAt').fill(local(new Date(startsAt.getTime() + 3_600_000)))
  await m.page.locator('#event-onlineUrl').fill('https://meet.example/linkage')
  await m.page.locator('#event-status').selectOption('published')
  await expectAccessible(m.page, 'the manager’s events page')
  await tabTo(m.page, 'button', { text: 'Create the event' })
  await m.page.keyboard.press('Enter')
  await m.page.getByRole('heading', { level: 1, name: 'Webinar: data linkage' }).waitFor()
  const eventId = m.page.url().split('/').pop()!
  await expectAccessible(m.page, 'the manager’s event page')

  // A visitor, by keyboard.
  const v = await openPage(handles.browser)
  await v.page.goto(handles.site.url(`/events/${eventId}`))
  await v.page.getByRole('heading', { level: 1, name: 'Webinar: data linkage' }).waitFor()
  await expect.poll(() => v.page.locator('main').textContent()).not.toContain('meet.example')
  await expectAccessible(v.page, 'the event’s public page')
  await tabTo(v.page, '#register-name')
  await v.page.keyboard.type('Ada Visitor')
  await v.page.keyboard.press('Tab')
  await v.page.keyboard.type('ada@visitor.example')
  await v.page.keyboard.press('Tab')
  await v.page.keyboard.type('Damibu Ltd')
  await tabTo(v.page, 'button', { text: 'Register' })
  await v.page.keyboard.press('Enter')
  await v.page.getByRole('heading', { name: 'Check your email' }).waitFor()
  await expectAccessible(v.page, 'the event page after registering')

  await expect.poll(async () => (await emailsTo(p.db, 'ada@visitor.example', 'event-registration')).length).toBe(1)
  const [email] = await emailsTo(p.db, 'ada@visitor.example', 'event-registration')
  const link = new URL(/https:\/\/\S+\/registrations\/\S+/.exec(email!.text)![0])
  await v.page.goto(handles.site.url(`${link.pathname}${link.search}`))
  await v.page.getByRole('heading', { level: 1, name: 'Confirm your place' }).waitFor()
  await expectAccessible(v.page, 'the registrant’s page before confirming')
  await tabTo(v.page, 'button', { text: 'Confirm my place' })
  await v.page.keyboard.press('Enter')
  await v.page.getByRole('heading', { level: 1, name: 'Your place is confirmed' }).waitFor()
  await expect.poll(() => v.page.locator('main').textContent()).toContain('https://meet.example/linkage')
  await expectAccessible(v.page, 'the registrant’s page once confirmed')
  v.assertClean()

  // The manager sees them, imports attendance, and dismisses the row that matched no one.
  await m.page.reload()
  await expect.poll(() => m.page.locator('main').textContent()).toContain('Ada Visitor')
  await m.page.locator('#attendance-file').setInputFiles({
    name: 'attendance.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Name,Email\nAda Visitor,ada@visitor.example\nWalk In,walkin@example.org\n'),
  })
  await m.page.getByRole('button', { name: 'Import attendance' }).click()
  await expect.poll(() => m.page.locator('main').textContent()).toContain('1 matched')
  await m.page.getByRole('heading', { name: 'Attendees to match' }).waitFor()
  await expectAccessible(m.page, 'the event page with an attendee to match')
  await m.page.getByRole('button', { name: 'Dismiss walkin@example.org' }).click()
  await expect.poll(() => m.page.getByRole('heading', { name: 'Attendees to match' }).count()).toBe(0)
  await expect.poll(() => m.page.locator('main').textContent()).toContain('1 attended')
  // The narrowest screen WCAG asks for: neither page scrolls sideways.
  for (const [page, where] of [
    [m.page, 'the manager’s event page'],
    [v.page, 'the registrant’s page'],
  ] as const) {
    await page.setViewportSize({ width: 320, height: 640 })
    await expectNoSidewaysScroll(page, `${where} at 320 px`)
  }
  await v.page.goto(handles.site.url(`/events/${eventId}`))
  await v.page.getByRole('heading', { level: 1, name: 'Webinar: data linkage' }).waitFor()
  await expectNoSidewaysScroll(v.page, 'the event’s public page at 320 px')
  m.assertClean()
})
