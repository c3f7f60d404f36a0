// A change to a grant in a real browser, keyboard only: the grant is set up, sent and accepted
// through the API; the grantee asks for more time for a milestone on their changes page, a
// programme manager approves it on theirs, and the grantee sees it approved. Every page is
// checked with axe at desktop width and at 390 px.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { assessingCompetition, releaseDecisions } from '../support/assessing-fixtures.js'
import { expectAccessible, expectFocus, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()
const DAY = 86_400_000

it('the grantee asks for an extension and a manager approves it, keyboard only', { timeout: 240_000 }, async () => {
  const p = handles.site.platform
  const a = await assessingCompetition(p, { applications: 1, shortlisted: 1, panellists: 0 })
  const [id] = a.ids
  const grantee = a.applications[0]!.applicant
  const respondBy = new Date(p.clock.now.getTime() + 14 * DAY).toISOString()
  const awarded = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
    as: a.manager,
    body: { applicationId: id, amountPence: 1_670_000, respondBy },
  })
  expect(awarded.status).toBe(201)
  await releaseDecisions(p, a)
  const answered = await p.call('POST', `/api/applications/${id}/offer/response`, {
    as: grantee,
    body: { version: 1, accept: true },
  })
  expect(answered.json.status).toBe('accepted')
  const grantPath = `/api/competitions/${a.competitionId}/grants/${id}`
  const saved = await p.call('PUT', grantPath, {
    as: a.manager,
    body: {
      version: 0,
      startsOn: '2027-01-04',
      endsOn: '2027-12-17',
      milestones: [
        { id: 'm1', title: 'Discovery with two GP practices', dueOn: '2027-03-31', evidence: 'A discovery report' },
        { id: 'm2', title: 'Pilot in 50 homes', dueOn: '2027-09-30', evidence: 'The pilot’s data' },
      ],
      tranches: [
        { id: 't1', label: 'On signing', percent: 40, trigger: { kind: 'signing' } },
        { id: 't2', label: 'After the pilot', percent: 60, trigger: { kind: 'milestone', milestoneId: 'm2' } },
      ],
      indicators: [],
    },
  })
  expect(saved.status, JSON.stringify(saved.json)).toBe(201)
  expect((await p.call('POST', `${grantPath}/send`, { as: a.manager, body: { version: 1 } })).status).toBe(200)
  const accepted = await p.call('POST', `/api/applications/${id}/grant/accept`, { as: grantee, body: { version: 2 } })
  expect(accepted.status, JSON.stringify(accepted.json)).toBe(200)

  /** Signs in with the keyboard alone and lands on `next`. */
  const signIn = async (email: string, next: string): Promise<Page> => {
    const { page } = await openPage(handles.browser)
    await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(next)}`))
    await page.locator('#email').waitFor()
    await tabTo(page, '#email')
    await page.keyboard.type(email)
    await page.keyboard.press('Enter')
    return page
  }

  // The grantee asks for more time for the discovery milestone.
  const asking = await signIn(grantee.email, `/applications/${id}/grant/changes`)
  await asking.getByRole('heading', { level: 1, name: 'Changes to your grant' }).waitFor()
  await expect.poll(() => asking.locator('main').textContent()).toContain('You have not asked for any changes.')
  await expectAccessible(asking, 'the grantee’s changes page')
  await tabTo(asking, 'input#change-kind')
  await asking.keyboard.press('Space')
  await asking.locator('#change-newDueOn').waitFor()
  await tabTo(asking, '#change-milestoneId')
  await expect.poll(() => asking.locator('#change-milestoneId').inputValue()).toBe('m1')
  await tabTo(asking, '#change-newDueOn')
  await asking.keyboard.type('2027-04-30')
  await tabTo(asking, '#change-reason')
  await asking.keyboard.type('The GP practices could not meet until April.')
  await tabTo(asking, 'button[type="submit"]', { text: 'Send the request' })
  await asking.keyboard.press('Enter')
  await expectFocus(asking, { className: 'notice-success', text: 'Your request was sent' })
  await expect.poll(() => asking.locator('main').textContent()).toContain('Waiting for a decision')
  await expectAccessible(asking, 'the grantee’s changes page with a request waiting')

  // A programme manager approves it.
  const deciding = await signIn(a.manager.email, `/manage/competitions/${a.competitionId}/grants/${id}/changes`)
  await deciding.getByRole('heading', { level: 1, name: /Changes to .*’s grant/ }).waitFor()
  await expect
    .poll(() => deciding.locator('main').textContent())
    .toContain('The GP practices could not meet until April.')
  await expectAccessible(deciding, 'the manager’s changes page with a request to decide')
  await tabTo(deciding, 'input[type="radio"][value="approve"]')
  await deciding.keyboard.press('Space')
  await tabTo(deciding, 'button[type="submit"]', { text: 'Save the decision' })
  await deciding.keyboard.press('Enter')
  await expectFocus(deciding, { className: 'notice-success', text: 'The request was approved and applied.' })
  await expect.poll(() => deciding.locator('#amendments-heading + ol').textContent()).toContain('Milestone extended')
  await expect
    .poll(() => deciding.locator('#amendments-heading + ol').textContent())
    .toContain('milestones.m1.dueOn: 2027-03-31 → 2027-04-30')
  // Terminating asks first; Cancel puts the button back.
  await tabTo(deciding, 'button', { text: 'Terminate the grant' })
  await deciding.keyboard.press('Enter')
  await expectFocus(deciding, { id: '', className: 'warning' })
  await expectAccessible(deciding, 'the manager’s changes page asking to confirm a termination')
  await tabTo(deciding, 'button', { text: 'Cancel' })
  await deciding.keyboard.press('Enter')
  await expectFocus(deciding, { tag: 'button', text: 'Terminate the grant' })
  expect((await p.call('GET', grantPath, { as: a.manager })).json.status).toBe('active')

  // The grantee sees it approved, and the milestone due on its new date.
  await asking.reload()
  await asking.getByRole('heading', { level: 1, name: 'Changes to your grant' }).waitFor()
  await expect.poll(() => asking.locator('main').textContent()).toContain('Approved')
  const grant = await p.call('GET', `/api/applications/${id}/grant`, { as: grantee })
  expect(grant.json.progress.milestones.m1.dueOn).toBe('2027-04-30')
  await expectAccessible(asking, 'the grantee’s changes page with the request approved')
})
