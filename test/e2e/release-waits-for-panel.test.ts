// A release of decisions waits for the panel, in a real browser. Set up through the API: one
// shortlisted EOI with its pitch next week, scored by one panellist of two, and feedback for
// every applicant. The manager's "Release now" is refused in the error summary (the pitch is
// ahead); after the pitch, it is refused again, naming the panellist who has not submitted;
// the manager chooses to go ahead without them, is asked for the reason, gives it, and the
// release happens. Each error state is checked with axe.
import { expect, it } from 'vitest'
import { assessingCompetition, declareNone, scoreAndSubmit } from '../support/assessing-fixtures.js'
import { expectAccessible, focused, openPage, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()
const DAY = 86_400_000

it('refuses a release before the pitch and without every panellist’s scores, in the error summary, and goes ahead without them for a reason', {
  timeout: 180_000,
}, async () => {
  const p = handles.site.platform
  const a = await assessingCompetition(p, { applications: 2, shortlisted: 1, panellists: 2 })
  const [pitcher, other] = a.ids as [string, string]
  const [scorer, absent] = a.panel as [(typeof a.panel)[number], (typeof a.panel)[number]]
  const off = await p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
    as: a.manager,
    body: { decisions: [{ applicationId: other, outcome: 'not-shortlisted', reason: 'Weaker fit' }] },
  })
  expect(off.status).toBe(200)
  await declareNone(p, scorer, a.competitionId, [pitcher])
  await scoreAndSubmit(p, scorer, a, pitcher, 3)
  const pitchAt = new Date(p.clock.now.getTime() + 7 * DAY)
  const slots = await p.call('PUT', `/api/competitions/${a.competitionId}/pitches`, {
    as: a.manager,
    body: {
      version: 0,
      slots: [{ applicationId: pitcher, startsAt: pitchAt.toISOString(), minutes: 30, place: 'Room 1' }],
    },
  })
  expect(slots.status, JSON.stringify(slots.json)).toBe(200)
  for (const id of a.ids) {
    const { json } = await p.call('GET', `/api/competitions/${a.competitionId}/feedback/${id}`, { as: a.manager })
    const saved = await p.call('PUT', `/api/competitions/${a.competitionId}/feedback/${id}`, {
      as: a.manager,
      body: {
        version: 0,
        ...json.draft,
        panelComments: 'Thank you for a clear and well evidenced application to the panel.',
      },
    })
    expect(saved.status, JSON.stringify(saved.json)).toBe(200)
  }

  const { page } = await openPage(handles.browser)
  const summary = page.locator('.error-summary')
  const expectSummaryFocused = () => expect.poll(async () => (await focused(page)).className).toContain('error-summary')
  const base = `/manage/competitions/${a.competitionId}/feedback`
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(base)}`))
  await page.locator('#email').fill(a.manager.email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.getByRole('heading', { level: 1, name: 'Feedback and release' }).waitFor()
  const releaseNow = async () => {
    await page.getByRole('button', { name: 'Release now' }).click()
    await page.getByRole('button', { name: 'Yes, release now' }).click()
  }

  // — Before the pitch: refused, saying when it is —
  await releaseNow()
  await expectSummaryFocused()
  expect(await summary.textContent()).toContain('Decisions cannot be released before every pitch is over')
  expect(await summary.textContent()).toContain('Breathe Easy Ltd pitches')
  await expectAccessible(page, 'a release refused before the pitch')
  await summary.getByRole('link').first().click()
  expect((await focused(page)).id).toBe('release-when')

  // — After the pitch: refused for the panellist who has not submitted, with the way past it —
  p.clock.now = new Date(pitchAt.getTime() + 2 * 3_600_000)
  await releaseNow()
  await expect
    .poll(async () => (await summary.textContent()) ?? '')
    .toContain('Some panellists have not submitted their scores')
  await expectSummaryFocused()
  expect(await summary.textContent()).toContain(`${absent.name} (Breathe Easy Ltd)`)
  expect(await page.locator('#release-unscored').textContent()).toContain(absent.name)
  await expectAccessible(page, 'a release refused for scores not submitted')
  await summary.getByRole('link').first().click()
  expect((await focused(page)).id).toBe('release-withoutSheets')
  await page.getByLabel('Release without their scores, for a reason').check()
  await releaseNow()
  await expectSummaryFocused()
  expect(await summary.textContent()).toContain('Enter why you are releasing without every panellist’s scores')
  await expectAccessible(page, 'going ahead without a reason')
  const reason = `${absent.name} was taken ill; the panel agreed to decide on the scores it had.`
  await page.getByLabel('Why release without every panellist’s scores?').fill(reason)
  await releaseNow()
  await page
    .getByRole('status')
    .filter({ hasText: 'Released every decision and its feedback: 2 applicants emailed.' })
    .waitFor()
  expect(await summary.count()).toBe(0)
  const release = (await p.call('GET', `/api/competitions/${a.competitionId}/feedback`, { as: a.manager })).json.release
  expect(release).toMatchObject({ status: 'released', withoutSheetsReason: reason })
})
