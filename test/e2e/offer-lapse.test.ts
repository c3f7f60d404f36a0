// A lapsed offer in a real browser: set up through the API (an award the applicant did not
// accept by its date, lapsed by the sweep), the applicant's EOI page says the offer lapsed and
// offers no answer, and the manager's awards page shows it lapsed with the money back in the
// pot. Both pages are checked with axe.
import { expect, it } from 'vitest'
import { lapseDueOffers } from '../../functions/core/awards/lapse.js'
import { assessingCompetition, releaseDecisions } from '../support/assessing-fixtures.js'
import { expectAccessible, openPage, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()
const DAY = 86_400_000

it('shows the applicant and the manager an offer not accepted by its date as lapsed', {
  timeout: 180_000,
}, async () => {
  const p = handles.site.platform
  const a = await assessingCompetition(p, { applications: 1, shortlisted: 1, panellists: 1 })
  await releaseDecisions(p, a)
  const respondBy = new Date(p.clock.now.getTime() + 2 * DAY)
  const award = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
    as: a.manager,
    body: { applicationId: a.ids[0], amountPence: 1_670_000, respondBy: respondBy.toISOString() },
  })
  expect(award.status).toBe(201)
  p.clock.now = new Date(respondBy.getTime() + 60_000)
  // The sweep lapses it: this run, or the site's own timer (every 200 ms) if it got there first.
  await lapseDueOffers({ db: p.db, now: () => p.clock.now, publicUrl: p.publicUrl })
  const lapsed = await p.call('GET', `/api/applications/${a.ids[0]}/offer`, { as: a.applications[0]!.applicant })
  expect(lapsed.json.status, JSON.stringify(lapsed.json)).toBe('lapsed')

  const signIn = async (email: string, next: string) => {
    const opened = await openPage(handles.browser)
    await opened.page.goto(handles.site.url(`/signin?next=${encodeURIComponent(next)}`))
    await opened.page.locator('#email').fill(email)
    await opened.page.getByRole('button', { name: 'Continue with this email' }).click()
    return opened.page
  }

  const applicant = await signIn(a.applications[0]!.applicant.email, `/applications/${a.ids[0]}`)
  const offer = applicant.locator('section.offer')
  await offer.getByRole('heading', { name: 'Your award offer' }).waitFor()
  await expect.poll(() => offer.textContent()).toContain('This offer lapsed: it was not accepted by')
  expect(await offer.getByRole('button').count()).toBe(0)
  await expectAccessible(applicant, 'the applicant’s EOI with a lapsed offer')

  const manager = await signIn(a.manager.email, `/manage/competitions/${a.competitionId}/awards`)
  await manager.getByRole('heading', { level: 1, name: 'Awards and budget' }).waitFor()
  await expect.poll(() => manager.locator('main').textContent()).toContain('Lapsed: not accepted in time')
  await expect
    .poll(() => manager.locator('.budget-text').textContent())
    .toContain('0% committed; £60,000 (100%) remains.')
  await expectAccessible(manager, 'the awards page with a lapsed offer')
})
