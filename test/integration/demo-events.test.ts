// The demo's events carry the real programme's figures: 94 at the launch; 171 / 35 / 99 / 53 /
// 120 webinar page views turned into 13 / 4 / 6 / 6 / 29 tickets (synthetic registrants).
import { beforeAll, expect, it } from 'vitest'
import { eventFunnel } from '../../functions/core/events/events.js'
import { seedEventsDemo } from '../../functions/local/seed-events.js'
import { createPublished } from '../support/fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
beforeAll(async () => {
  p = await createTestPlatform()
})

it('seeds the launch and the five webinars with their real views, tickets and attendance', async () => {
  const manager = await p.signIn('manager')
  const { competition } = await createPublished(p, manager)
  await seedEventsDemo({ db: p.db, files: p.files, now: () => p.clock.now, publicUrl: p.publicUrl }, competition.id)
  const funnel = await eventFunnel({ db: p.db }, competition.id)
  expect(funnel.map((e) => [e.kind, e.views, e.registrations, e.attended])).toEqual([
    ['launch', 0, 94, 94],
    ['webinar', 171, 13, 0],
    ['webinar', 35, 4, 0],
    ['webinar', 99, 6, 0],
    ['webinar', 53, 6, 0],
    ['webinar', 120, 29, 0],
  ])
  const webinars = funnel.filter((e) => e.kind === 'webinar')
  const rate = webinars.reduce((sum, e) => sum + e.registrations / e.views, 0) / webinars.length
  expect((rate * 100).toFixed(2)).toBe('12.12')
}, 120_000)
