// Every page of the app at 320 px wide, the narrowest screen WCAG 1.4.10 (reflow) asks for:
// the page never scrolls sideways (a table wider than the screen scrolls inside its own
// focusable region), and axe passes there too. Set up through the API: a competition with
// five shortlisted EOIs from organisations with long names, scored, a pitch schedule, an
// award, a signposting directory with a long web address, feedback written, decisions
// released and a feedback call asked for, so every table has rows. Each signed-in role
// visits its own pages; the public pages and the API docs are visited signed out.
import { expect, it } from 'vitest'
import { awardingCompetition, releaseDecisions } from '../support/assessing-fixtures.js'
import {
  expectAccessible,
  expectFocus,
  expectNoSidewaysScroll,
  openPage,
  tabTo,
  useBrowserAndSite,
} from './support/browser.js'

const handles = useBrowserAndSite()
const NARROW = { width: 320, height: 640 }
const DAY = 86_400_000

it('every page fits a 320 px wide screen without scrolling sideways', { timeout: 300_000 }, async () => {
  const p = handles.site.platform
  // — Through the API —
  const a = await awardingCompetition(p, [
    { name: 'Liverpool City Region Community Respiratory Health Partnership CIC', requestedPence: 2_000_000, score: 5 },
    { name: 'FamilyLink CIC', requestedPence: 1_900_000, score: [4, 3, 3] },
    { name: 'CareBridge', requestedPence: 1_200_000, score: 3 },
    { name: 'Mersey Makers', requestedPence: 800_000, score: [3, 2, 2] },
    { name: 'Data for Good', requestedPence: 500_000, score: 2 },
  ])
  const [first, second] = a.applications as [(typeof a.applications)[number], (typeof a.applications)[number]]
  const cid = a.competitionId
  const ok = (res: { status: number; json: unknown }, status = 200) =>
    expect(res.status, JSON.stringify(res.json)).toBe(status)
  const inDays = (days: number) => new Date(p.clock.now.getTime() + days * DAY).toISOString()

  ok(
    await p.call('PUT', `/api/competitions/${cid}/pitches`, {
      as: a.manager,
      body: {
        version: 0,
        slots: [
          {
            applicationId: first.application.id,
            startsAt: inDays(7),
            minutes: 30,
            link: 'https://meet.example.org/a-very-long-meeting-link-for-the-pitch-of-the-partnership',
          },
        ],
      },
    }),
  )
  ok(
    await p.call('POST', `/api/competitions/${cid}/awards`, {
      as: a.manager,
      body: {
        applicationId: first.application.id,
        amountPence: 2_000_000,
        conditions: 'Quarterly progress reports to the programme board.',
        respondBy: inDays(14),
      },
    }),
    201,
  )
  ok(
    await p.call('POST', `/api/competitions/${cid}/signposts`, {
      as: a.manager,
      body: {
        name: 'Growth Platform',
        helpsWith: 'Business support and investment readiness across the city region.',
        url: 'https://www.growthplatform.example/business-support/investment-readiness-programme-for-health-innovators',
        tags: ['finance'],
      },
    }),
    201,
  )
  const draft = await p.call('GET', `/api/competitions/${cid}/feedback/${second.application.id}`, { as: a.manager })
  ok(draft)
  ok(
    await p.call('PUT', `/api/competitions/${cid}/feedback/${second.application.id}`, {
      as: a.manager,
      body: { version: 0, ...draft.json.draft },
    }),
  )
  // Decisions go out once the pitch is over.
  p.clock.now = new Date(Date.parse(inDays(7)) + DAY / 24)
  await releaseDecisions(p, a)
  ok(
    await p.call('POST', `/api/applications/${second.application.id}/feedback-call`, {
      as: second.applicant,
      body: {
        preferredTimes: 'Tuesday or Thursday mornings',
        question: 'How could we show the evidence of need better next time?',
      },
    }),
    201,
  )

  const app = first.application.id
  const manage = `/manage/competitions/${cid}`
  const visits: { as?: { email: string }; paths: string[] }[] = [
    { paths: ['/', `/competitions/${cid}`, `/competitions/${cid}/results`, '/signin', '/no-such-page', '/api/docs'] },
    {
      as: first.applicant,
      paths: [
        '/applications',
        `/applications/${app}`,
        `/applications/${app}/receipt`,
        `/applications/${app}/decision`,
        '/account/organisation',
        '/account/organisation/leadership',
        '/mailbox',
      ],
    },
    {
      as: a.panel[0]!,
      paths: ['/panel', `/panel/competitions/${cid}/declarations`, `/panel/competitions/${cid}/assessments/${app}`],
    },
    {
      as: a.manager,
      paths: [
        '/manage',
        manage,
        `${manage}/setup`,
        `${manage}/publish`,
        `${manage}/questions`,
        `${manage}/submissions`,
        `${manage}/diversity`,
        `${manage}/funnel`,
        '/manage/programmes',
        `${manage}/rubric`,
        `${manage}/screening`,
        `${manage}/panel`,
        `${manage}/pitches`,
        `${manage}/ranking`,
        `${manage}/assessments/${app}`,
        `${manage}/awards`,
        `${manage}/awards/planner`,
        `${manage}/awards/ledger`,
        `${manage}/signposts`,
        `${manage}/exports`,
        `${manage}/audit`,
        `${manage}/feedback`,
        `${manage}/feedback/${second.application.id}`,
        `/manage/applications/${app}`,
      ],
    },
  ]

  // Every page is visited even when one fails, so a failure lists every page that does not fit.
  const failures: string[] = []
  for (const { as, paths } of visits) {
    const { page, context, assertClean } = await openPage(handles.browser)
    await page.setViewportSize(NARROW)
    if (as) {
      await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(paths[0]!)}`))
      await page.locator('#email').fill(as.email)
      await page.getByRole('button', { name: 'Continue with this email' }).click()
      await page.waitForURL((url) => url.pathname === paths[0])
    }
    for (const path of paths) {
      await page.goto(handles.site.url(path))
      await page.getByRole('heading', { level: 1 }).waitFor()
      // Loaded: nothing still says "Loading…" and no request is still out.
      await expect.poll(() => page.getByText(/^Loading\b/).count(), { message: `${path} finishes loading` }).toBe(0)
      await page.waitForLoadState('networkidle')
      try {
        await expectNoSidewaysScroll(page, `${path} at ${NARROW.width} px`)
        await expectAccessible(page, `${path} at ${NARROW.width} px`)
      } catch (error) {
        failures.push((error as Error).message)
      }
    }
    assertClean()
    await context.close()
  }
  expect(failures.join('\n\n')).toBe('')

  // — A table wider than the screen: a labelled region that Tab reaches and the arrow keys scroll;
  // on a wide screen, where it fits, it is not in the way of the keyboard —
  const { page, context, assertClean } = await openPage(handles.browser)
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(`${manage}/ranking`)}`))
  await page.locator('#email').fill(a.manager.email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  const table = page.getByRole('table', { name: 'By application and panellist' })
  await table.waitFor()
  expect(
    await page.getByRole('region', { name: 'By application and panellist' }).count(),
    'a table that fits is not a region',
  ).toBe(0)
  await page.setViewportSize(NARROW)
  const region = page.getByRole('region', { name: 'Shortlisted applications, best first' })
  await region.waitFor()
  expect(await region.getAttribute('tabindex')).toBe('0')
  await page.getByRole('heading', { level: 2, name: 'Ranking' }).click()
  await tabTo(page, '[role=region]')
  await expectFocus(page, { className: 'table-scroll' })
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
    'Shortlisted applications, best first',
  )
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect
    .poll(() => region.evaluate((box) => box.scrollLeft), { message: 'the arrow keys scroll the table' })
    .toBeGreaterThan(0)
  await expectNoSidewaysScroll(page, 'the ranking, scrolled')
  assertClean()
  await context.close()
})
