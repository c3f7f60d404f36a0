// Open data in a real browser: a signed-out visitor on the page of a competition whose results
// are published (the demo in delivery) reaches, by keyboard, the 360Giving JSON and CSV links,
// and both download; a competition still open shows no such links. Each page checked with axe
// at desktop width and at 390 px.
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { serve } from '@hono/node-server'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { seedDemo } from '../../functions/local/seed.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'
import { errorsOf } from '../support/three-sixty-giving.js'
import { expectAccessible, expectFocus, launchBrowser, openPage, tabTo } from './support/browser.js'

// The demo with its competition in delivery (results published), seeded with no timers running:
// the offer lapser would lapse the seed's back-dated offers as they are made.
const handles = {} as {
  browser: Browser
  site: { platform: TestPlatform; url: (path: string) => string; close: () => Promise<void> }
}
beforeAll(async () => {
  const platform = await createTestPlatform({ webDir: resolve('web/dist') })
  const ctx = { db: platform.db, files: platform.files, now: () => platform.clock.now, publicUrl: platform.publicUrl }
  const [browser] = await Promise.all([launchBrowser(), seedDemo(ctx, { assessing: false, delivery: true })])
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((done) => {
    const server = serve({ fetch: platform.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      done({ server, port: info.port }),
    )
  })
  handles.browser = browser
  handles.site = {
    platform,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
})
afterAll(async () => {
  await handles.browser?.close()
  await handles.site?.close()
})

it('a visitor finds the published grants as 360Giving JSON and CSV', { timeout: 90_000 }, async () => {
  const { page, assertClean } = await openPage(handles.browser)
  const { items } = (await handles.site.platform.call('GET', '/api/competitions?limit=100')).json as {
    items: { id: string; title: string }[]
  }
  const published = items.find((c) => c.title === "What's your problem? (first round)")!
  const open = items.find((c) => c.title === "What's your problem?")!

  await page.goto(handles.site.url(`/competitions/${published.id}`))
  await page.getByRole('heading', { level: 1, name: published.title }).waitFor()
  const json = page.getByRole('link', { name: '360Giving JSON' })
  const csv = page.getByRole('link', { name: '360Giving CSV' })
  await json.waitFor()
  expect(await page.locator('.notice-success').textContent()).toContain('Open data: 360Giving JSON / 360Giving CSV')
  await expectAccessible(page, 'a competition with published results')

  await tabTo(page, 'a', { text: '360Giving JSON' })
  await expectFocus(page, { tag: 'a', text: '360Giving JSON' }, 'the JSON link is reachable by keyboard')

  const jsonHref = await json.getAttribute('href')
  expect(jsonHref).toBe(`/api/competitions/${published.id}/open-data/360giving.json`)
  const pkg = await page.request.get(handles.site.url(jsonHref!))
  expect(pkg.status()).toBe(200)
  const body = (await pkg.json()) as { grants: { recipientOrganization?: { name: string }[]; amountAwarded: number }[] }
  expect(errorsOf(body), 'the demo’s file is valid 360Giving data').toEqual([])
  expect(body.grants.map((g) => g.recipientOrganization?.[0]?.name).sort()).toEqual([
    'Damibu',
    'Koala North West',
    'Spacious Places Life',
  ])

  // The CSV downloads as a file.
  const download = page.waitForEvent('download')
  await csv.click()
  const file = await download
  expect(file.suggestedFilename()).toBe(`360giving-${published.id}.csv`)

  // A competition still open has no open data yet: no links, and the file is a 404.
  await page.goto(handles.site.url(`/competitions/${open.id}`))
  await page.getByRole('heading', { level: 1, name: open.title }).waitFor()
  await expect.poll(() => page.getByRole('link', { name: /360Giving/ }).count()).toBe(0)
  const none = await page.request.get(handles.site.url(`/api/competitions/${open.id}/open-data/360giving.json`))
  expect(none.status()).toBe(404)
  assertClean()
})
