// The browser side of the e2e tests: Debian's Chromium driven by playwright-core, the
// platform served over real HTTP (seeded with the demo), and an axe-core check for each
// page visited. A missing Chromium or web build fails the run with a clear message.
import { existsSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { serve } from '@hono/node-server'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { seedDemo } from '../../../functions/local/seed.js'
import { createTestPlatform } from '../../support/platform.js'

export const CHROMIUM = '/usr/bin/chromium'
const WEB_DIST = resolve('web/dist')

const launchArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM} and it is not there. Install it (apt-get install chromium). These tests never skip.`,
    )
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: launchArgs })
}

export type Site = Awaited<ReturnType<typeof startSite>>

/** One browser and one seeded site for a test file, closed after it. */
export function useBrowserAndSite(): { browser: Browser; site: Site } {
  const handles = {} as { browser: Browser; site: Site }
  beforeAll(async () => {
    ;[handles.browser, handles.site] = await Promise.all([launchBrowser(), startSite()])
  })
  afterAll(async () => {
    await handles.browser?.close()
    await handles.site?.close()
  })
  return handles
}

/** The local platform with the built web, on a free port, seeded with the demo competition. */
export async function startSite() {
  if (!existsSync(resolve(WEB_DIST, 'index.html'))) {
    throw new Error(
      'The browser tests need the built web front end in web/dist: run "npm run build:web" first (npm test does).',
    )
  }
  // Delivers the outbox to the local mailbox as the local server does, so emails show up.
  const platform = await createTestPlatform({ webDir: WEB_DIST, deliverEveryMs: 200 })
  await seedDemo(
    { db: platform.db, files: platform.files, now: () => platform.clock.now, publicUrl: platform.publicUrl },
    { assessing: false },
  )
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((done) => {
    const server = serve({ fetch: platform.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      done({ server, port: info.port }),
    )
  })
  return {
    platform,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}

/**
 * A fresh, signed-out browser tab in UK English and UK time. Script errors and CSP
 * violations are collected; `assertClean` fails the test if there were any.
 */
export async function openPage(
  browser: Browser,
): Promise<{ page: Page; context: BrowserContext; assertClean: () => void }> {
  const context = await browser.newContext({
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    viewport: { width: 1100, height: 900 },
    acceptDownloads: true,
  })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      problems.push(`CSP: ${message.text()}`)
  })
  return { page, context, assertClean: () => expect(problems, 'script errors or CSP violations').toEqual([]) }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

type AxeViolation = { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }

/** A phone's viewport: the width every page is checked at as well as the desktop's. */
export const PHONE = { width: 390, height: 844 }

/**
 * Runs axe-core on the page as it is now (WCAG 2.0, 2.1 and 2.2, A and AA), then again at a
 * phone's width, where the page must not scroll sideways either; the viewport is put back
 * after. The script is evaluated through the DevTools protocol, which the page's CSP does not
 * apply to, so the app itself is still tested under its real CSP.
 */
export async function expectAccessible(page: Page, where: string) {
  await expectAxeClean(page, where)
  const viewport = page.viewportSize()
  if (!viewport || viewport.width <= PHONE.width) return
  await page.setViewportSize(PHONE)
  try {
    await expectNoSidewaysScroll(page, `${where} at ${PHONE.width} px`)
    await expectAxeClean(page, `${where} at ${PHONE.width} px`)
  } finally {
    await page.setViewportSize(viewport)
    await nextFrames(page)
  }
}

/** Waits for two frames to be drawn: layout, resize observers and the renders they cause settle. */
const nextFrames = (page: Page) =>
  page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))))

/**
 * Fails if the page is wider than the viewport (it would scroll sideways, WCAG 1.4.10),
 * naming the elements that stick out (those inside a box that scrolls or clips do not count).
 */
export async function expectNoSidewaysScroll(page: Page, where: string) {
  await nextFrames(page)
  const wide = await page.evaluate(() => {
    const width = window.innerWidth
    const scrollWidth = document.documentElement.scrollWidth
    if (scrollWidth <= width) return undefined
    const clipped = (el: Element) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
        if (getComputedStyle(up).overflowX !== 'visible') return true
      return false
    }
    // Boxes that reach past the right edge, or whose text runs out of them.
    const out = [...document.querySelectorAll('body *')].filter(
      (el) =>
        (el.getBoundingClientRect().right > width + 0.5 ||
          (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible')) &&
        !clipped(el),
    )
    const innermost = out.filter((el) => !out.some((other) => other !== el && el.contains(other)))
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} (right edge ${Math.round(el.getBoundingClientRect().right)} px): “${(el.textContent ?? '').trim().slice(0, 60)}”`
    return { width, scrollWidth, elements: innermost.slice(0, 6).map(describe) }
  })
  if (wide)
    throw new Error(
      `${where}: the page is ${wide.scrollWidth} px wide in a ${wide.width} px viewport, so it scrolls sideways. Sticking out:\n    ${wide.elements.join('\n    ')}`,
    )
}

async function expectAxeClean(page: Page, where: string) {
  await nextFrames(page)
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  const violations = await page.evaluate(
    (tags) =>
      (
        window as unknown as {
          axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> }
        }
      ).axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) => r.violations),
    WCAG_TAGS,
  )
  const readable = (violations as AxeViolation[]).map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`,
  )
  if (readable.length) throw new Error(`Accessibility violations on ${where}:\n${readable.join('\n')}`)
}

/** What has focus now, described. To check focus after a click or key press, use `expectFocus`. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement
    return {
      tag: el?.tagName.toLowerCase(),
      id: el?.id ?? '',
      text: (el?.textContent ?? '').trim(),
      className: el?.className ?? '',
    }
  })

/**
 * Waits until focus is where `want` says: `tag` and `id` exactly, `text` and `className`
 * contained. The app moves focus a tick after the event (in an effect or a timeout), so
 * focus is never checked the instant after a click or key press.
 */
export async function expectFocus(
  page: Page,
  want: { tag?: string; id?: string; text?: string; className?: string },
  message?: string,
) {
  const { tag, id, text, className } = want
  await expect
    .poll(() => focused(page), { message })
    .toMatchObject({
      ...(tag !== undefined && { tag }),
      ...(id !== undefined && { id }),
      ...(text !== undefined && { text: expect.stringContaining(text) }),
      ...(className !== undefined && { className: expect.stringContaining(className) }),
    })
}

/**
 * Presses Tab (or Shift+Tab) until focus is on an element matching `selector` (and, if
 * given, whose text contains `text`), as a keyboard user would. Fails after `max` presses.
 */
export async function tabTo(
  page: Page,
  selector: string,
  { text, back = false, max = 80 }: { text?: string; back?: boolean; max?: number } = {},
) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
    const found = await page.evaluate(
      ([sel, want]) => {
        const el = document.activeElement
        return !!el && el.matches(sel!) && (!want || (el.textContent ?? '').includes(want))
      },
      [selector, text ?? ''] as const,
    )
    if (found) return
  }
  throw new Error(
    `Tab never reached ${selector}${text ? ` with “${text}”` : ''}; focus is on ${JSON.stringify(await focused(page))}`,
  )
}
