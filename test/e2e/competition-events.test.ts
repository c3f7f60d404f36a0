// A competition's events on its public page, in a real browser: a visitor finds the upcoming
// events (places left, or Full) and the past ones, and goes from the competition to an event by
// keyboard. Checked with axe at desktop and 390 px.
import { expect, it } from 'vitest'
import { createPublished } from '../support/fixtures.js'
import { emailsTo } from '../support/mail.js'
import { expectAccessible, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()
const DAY = 86_400_000
const HOUR = 3_600_000

it('lets a visitor go from the competition’s page to one of its events by keyboard', { timeout: 180_000 }, async () => {
  const p = handles.site.platform
  const manager = await p.signIn('manager', 'Morgan Manager')
  const { competition } = await createPublished(p, manager)
  const at = (ms: number) => new Date(p.clock.now.getTime() + ms).toISOString()
  const add = async (body: Record<string, unknown>) => {
    const made = await p.call('POST', `/api/competitions/${competition.id}/events`, {
      as: manager,
      body: { kind: 'webinar', retentionDays: 30, status: 'published', capacity: 40, ...body },
    })
    expect(made.status, JSON.stringify(made.json)).toBe(201)
    return made.json as { id: string }
  }
  const webinar = await add({
    title: 'Webinar: data linkage',
    startsAt: at(5 * DAY),
    endsAt: at(5 * DAY + HOUR),
    onlineUrl: 'https://meet.example/linkage',
  })
  const finals = await add({
    title: 'Finals',
    kind: 'finals',
    startsAt: at(9 * DAY),
    endsAt: at(9 * DAY + HOUR),
    venue: 'The Spine, Liverpool',
    capacity: 1,
  })
  await p.call('POST', `/api/events/${finals.id}/registrations`, {
    body: { name: 'Early Bird', email: 'early@bird.example', organisation: '', accessibilityNeeds: '' },
  })
  await add({ title: 'Launch', kind: 'launch', startsAt: at(-9 * DAY), endsAt: at(-9 * DAY + HOUR), venue: 'Online' })
  await add({ title: 'Hidden draft', status: 'draft', startsAt: at(DAY), endsAt: at(DAY + HOUR), venue: 'Somewhere' })

  const v = await openPage(handles.browser)
  await v.page.goto(handles.site.url(`/competitions/${competition.id}`))
  await v.page.getByRole('heading', { level: 2, name: 'Events' }).waitFor()
  const events = v.page.locator('section[aria-labelledby="events"]')
  await expect.poll(() => events.textContent()).toContain('Webinar · ')
  const text = (await events.textContent())!
  expect(text).toMatch(
    /Webinar: data linkage.*40 places left.*Finals.*The Spine, Liverpool · Full.*Past events.*Past.*Launch/,
  )
  expect(text).toMatch(/(GMT|BST)/)
  expect(text).not.toContain('Hidden draft')
  expect(text).not.toContain('meet.example')
  await expectAccessible(v.page, 'the competition’s page with its events')

  await tabTo(v.page, 'a', { text: 'Webinar: data linkage' })
  await v.page.keyboard.press('Enter')
  await v.page.getByRole('heading', { level: 1, name: 'Webinar: data linkage' }).waitFor()
  await expect.poll(() => v.page.url()).toContain(`/events/${webinar.id}`)
  await expectAccessible(v.page, 'the event’s page reached from the competition')
  v.assertClean()
})

it('tells a registrant whose unconfirmed hold lapsed that the place has gone, and lets them register again', {
  timeout: 180_000,
}, async () => {
  const p = handles.site.platform
  const manager = await p.signIn('manager', 'Morgan Manager')
  const { competition } = await createPublished(p, manager)
  const made = await p.call('POST', `/api/competitions/${competition.id}/events`, {
    as: manager,
    body: {
      title: 'Roundtable: air quality',
      kind: 'roundtable',
      startsAt: new Date(p.clock.now.getTime() + 10 * DAY).toISOString(),
      endsAt: new Date(p.clock.now.getTime() + 10 * DAY + HOUR).toISOString(),
      venue: 'The Spine, Liverpool',
      capacity: 10,
      retentionDays: 30,
      status: 'published',
    },
  })
  const eventId = made.json.id as string
  const who = { name: 'Lou Late', email: 'lou@late.example', organisation: '', accessibilityNeeds: '' }
  expect((await p.call('POST', `/api/events/${eventId}/registrations`, { body: who })).status).toBe(200)
  const [email] = await emailsTo(p.db, who.email, 'event-registration')
  expect(email!.text).toContain('We hold your place until')
  const link = new URL(/https:\/\/\S+\/registrations\/\S+/.exec(email!.text)![0])

  const v = await openPage(handles.browser)
  await v.page.goto(handles.site.url(`${link.pathname}${link.search}`))
  await v.page.getByRole('heading', { level: 1, name: 'Confirm your place' }).waitFor()
  await expect.poll(() => v.page.locator('main').textContent()).toMatch(/holding a place for you until .*(GMT|BST)/)

  const saved = p.clock.now
  try {
    p.clock.now = new Date(saved.getTime() + 49 * HOUR)
    await tabTo(v.page, 'button', { text: 'Confirm my place' })
    await v.page.keyboard.press('Enter')
    await v.page.getByRole('heading', { level: 1, name: 'Your place was not confirmed in time' }).waitFor()
    await expect.poll(() => v.page.locator('main').textContent()).toContain('not confirmed in time')
    await expectAccessible(v.page, 'the registrant’s page once the hold lapsed')
    await tabTo(v.page, 'a', { text: 'register again' })
    await v.page.keyboard.press('Enter')
    await v.page.getByRole('heading', { level: 1, name: 'Roundtable: air quality' }).waitFor()
    await expect.poll(() => v.page.locator('main').textContent()).toContain('Places left10')
  } finally {
    p.clock.now = saved
  }
  v.assertClean()
})
