// Feedback and signposting in a real browser. Set up through the API: three EOIs, one
// shortlisted and scored, two not shortlisted with a reason that names evidence and finance,
// and a directory of two services tagged to fit that reason. The manager adds a third service
// in the browser and says who it is for and which criterion it helps with, composes FamilyLink
// CIC's feedback from the platform's draft (the fitting services suggested and ticked), saves
// it, sees the two applicants still told of no support flagged, is refused a release while two
// applications have no feedback, schedules the release anyway and cancels it, then releases
// now; the shortlisted one's draft suggests the service for its weakest criterion. FamilyLink CIC
// reads the decision page (markup in the feedback shown as text), follows a signpost, and asks
// for a feedback call (meeting the error summary first); the manager sees the call and
// arranges it, and the applicant sees that. Every page and error state is checked with axe.
import { expect, it } from 'vitest'
import { utcIsoToLondonLocal } from '../../shared/dates.js'
import { assessingCompetition, declareNone, scoreAndSubmit } from '../support/assessing-fixtures.js'
import { expectAccessible, expectFocus, focused, openPage, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

const REASON = 'The evidence of need was thin and the finance plan was unclear.'
const MARKUP = '<img src=x onerror=alert(1)>'

it('a manager composes and releases feedback; an unsuccessful applicant reads it, follows a signpost and asks for a call; the manager arranges it', {
  timeout: 240_000,
}, async () => {
  const p = handles.site.platform
  // — Through the API: decisions for all three, scores for the shortlisted one, the directory —
  const a = await assessingCompetition(p, { applications: 3, shortlisted: 1, panellists: 1 })
  const [breathe, family, care] = a.applications
  const notShortlisted = await p.call('POST', `/api/competitions/${a.competitionId}/shortlist`, {
    as: a.manager,
    body: {
      decisions: [family!, care!].map((s) => ({
        applicationId: s.application.id,
        outcome: 'not-shortlisted',
        reason: REASON,
      })),
    },
  })
  expect(notShortlisted.status, JSON.stringify(notShortlisted.json)).toBe(200)
  await declareNone(p, a.panel[0]!, a.competitionId, [breathe!.application.id])
  await scoreAndSubmit(p, a.panel[0]!, a, breathe!.application.id, [4, 2, 3])

  const competitionPath = `/competitions/${a.competitionId}`
  const services = [
    {
      name: 'Finance Hub',
      helpsWith: 'Loans, grants and investment readiness for small firms in the city region.',
      url: handles.site.url(competitionPath),
      contact: 'finance@growth.example',
      tags: ['finance'],
    },
    {
      name: 'Evidence Lab',
      helpsWith: 'Help to gather and present evidence of need, with local data.',
      contact: '0151 000 0000',
      tags: ['evidence', 'data access'],
    },
  ]
  for (const body of services) {
    const added = await p.call('POST', `/api/competitions/${a.competitionId}/signposts`, { as: a.manager, body })
    expect(added.status, JSON.stringify(added.json)).toBe(201)
  }

  const manager = await openPage(handles.browser)
  const page = manager.page
  const summary = page.locator('.error-summary')
  const base = `/manage/competitions/${a.competitionId}`

  const assessing = page.getByRole('navigation', { name: 'Assessing' })
  const expectSummaryFocused = () => expect.poll(async () => (await focused(page)).className).toContain('error-summary')

  // — The signposting directory: a third service added in the browser (a bad address refused first), then changed —
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(`${base}/signposts`)}`))
  await page.locator('#email').fill(a.manager.email)
  await page.getByRole('button', { name: 'Continue with this email' }).click()
  await page.getByRole('heading', { level: 1, name: 'Signposting directory' }).waitFor()
  const directory = page.getByRole('table', { name: 'Support services, by name' })
  await expect.poll(() => directory.locator('tbody tr').count()).toBe(2)
  await expect
    .poll(() => page.locator('#signpost-tags-hint').textContent(), { message: 'the suggested tags are offered' })
    .toContain('information governance')
  await expectAccessible(page, 'the signposting directory')
  await page.getByLabel('Name', { exact: true }).fill('DTAC webinars')
  await page
    .getByLabel('What they help with')
    .fill('Webinars on regulation and the Digital Technology Assessment Criteria.')
  await page.getByLabel('Web address (optional)').fill('example.org/dtac')
  await page.getByLabel('Tags', { exact: true }).fill('Regulation, DTAC')
  await page.getByRole('button', { name: 'Add the service' }).click()
  await expectSummaryFocused()
  expect(await summary.textContent()).toContain('Web address must be a web address starting with https:// or http://')
  expect(await page.locator('#signpost-url').getAttribute('aria-invalid')).toBe('true')
  await expectAccessible(page, 'adding a service with an error')
  await page.getByLabel('Web address (optional)').fill('https://example.org/dtac')
  await page.getByRole('button', { name: 'Add the service' }).click()
  await page.getByRole('status').filter({ hasText: 'Added “DTAC webinars” to the directory.' }).waitFor()
  await expect.poll(() => summary.count()).toBe(0)
  await expect.poll(() => directory.locator('tbody tr').count()).toBe(3)
  await expect
    .poll(() => directory.getByRole('row', { name: /DTAC webinars/ }).textContent())
    .toContain('regulation, dtac')
  await page.getByRole('button', { name: 'Change DTAC webinars' }).click()
  await expect.poll(async () => (await focused(page)).id).toBe('signpost-name')
  await expect.poll(() => page.getByLabel('Tags', { exact: true }).inputValue()).toBe('regulation, dtac')
  await page.getByLabel('Contact (optional)').fill('events@dtac.example')
  // Who it is for: everyone unsuccessful until changed; none at all is refused before anything is sent.
  const audience = page.getByRole('group', { name: 'Who it is for' })
  for (const name of [
    'Applicants not eligible',
    'Applicants not shortlisted',
    'Applicants shortlisted but not funded',
  ]) {
    expect(await audience.getByLabel(name).isChecked(), name).toBe(true)
    await audience.getByLabel(name).uncheck()
  }
  await page.getByRole('button', { name: 'Save the changes' }).click()
  await expectSummaryFocused()
  expect(await summary.textContent()).toContain('Choose who the service is for')
  await expectAccessible(page, 'a service for nobody')
  await summary.getByRole('link', { name: 'Choose who the service is for' }).click()
  expect((await focused(page)).id).toBe('signpost-audience')
  await audience.getByLabel('Applicants not shortlisted').check()
  await audience.getByLabel('Applicants shortlisted but not funded').check()
  // …and the rubric's criterion it helps with.
  await page.getByRole('group', { name: 'Criteria it helps with (optional)' }).getByLabel('Feasibility').check()
  await page.getByRole('button', { name: 'Save the changes' }).click()
  await page.getByRole('status').filter({ hasText: 'Saved the changes to “DTAC webinars”.' }).waitFor()
  await expect.poll(() => summary.count()).toBe(0)
  const dtacRow = directory.getByRole('row', { name: /DTAC webinars/ })
  await expect.poll(() => dtacRow.textContent()).toContain('events@dtac.example')
  expect(await dtacRow.textContent()).toContain('Applicants not shortlisted; Applicants shortlisted but not funded')
  expect(await dtacRow.textContent()).toContain('Criteria: Feasibility')
  expect(await directory.getByRole('row', { name: /Finance Hub/ }).textContent()).toContain(
    'Every unsuccessful applicant',
  )
  const desktop = page.viewportSize()!
  await page.setViewportSize({ width: 390, height: 844 })
  await expectAccessible(page, 'the signposting directory at 390 px, with who each service is for')
  await page.setViewportSize(desktop)
  await expect
    .poll(() => page.getByLabel('Name', { exact: true }).inputValue(), { message: 'the form is for adding again' })
    .toBe('')
  await expectAccessible(page, 'the signposting directory after a change')

  // — The feedback page: every application, none with feedback yet —
  await assessing.getByRole('link', { name: 'Feedback and release' }).click()
  await page.getByRole('heading', { level: 1, name: 'Feedback and release' }).waitFor()
  expect(await assessing.getByRole('link', { name: 'Feedback and release' }).getAttribute('aria-current')).toBe('page')
  const table = page.getByRole('table', { name: 'Feedback for each application, by organisation' })
  await table.waitFor()
  expect(await table.locator('tbody tr').count()).toBe(3)
  const familyRow = table.getByRole('row', { name: /FamilyLink CIC/ })
  expect(await familyRow.textContent()).toContain('Not shortlisted')
  expect(await familyRow.textContent()).toContain('No feedback yet')
  expect(await table.getByRole('row', { name: /Breathe Easy Ltd/ }).textContent()).toContain('Shortlisted, not funded')
  expect(await page.locator('#release-lacking').textContent()).toContain('3 applications have no feedback')
  await expectAccessible(page, 'the feedback page before any feedback')

  // — Composes FamilyLink CIC's feedback from the platform's draft —
  await page.getByRole('link', { name: 'Write feedback for FamilyLink CIC' }).first().click()
  await page.getByRole('heading', { level: 1, name: 'Feedback for FamilyLink CIC' }).waitFor()
  await expect.poll(async () => (await focused(page)).tag, { message: 'focus moves to the new page’s h1' }).toBe('h1')
  await page
    .getByText(
      'Prepared by the platform from the decision and the panel’s comments for the applicant: edit before release.',
    )
    .waitFor()
  const decision = page.getByLabel('The decision', { exact: true })
  expect(await decision.inputValue()).toContain(`was not shortlisted to pitch. ${REASON}`)
  const finance = page.getByRole('checkbox', { name: /Finance Hub/ })
  const evidence = page.getByRole('checkbox', { name: /Evidence Lab/ })
  const dtac = page.getByRole('checkbox', { name: /DTAC webinars/ })
  expect(await finance.isChecked(), 'a service whose tag fits the reason is suggested').toBe(true)
  expect(await evidence.isChecked()).toBe(true)
  expect(await dtac.isChecked(), 'a service that does not fit is not').toBe(false)
  expect(await page.locator('label', { has: page.getByText('Suggested') }).allTextContents()).toEqual([
    'Evidence Lab Suggested',
    'Finance Hub Suggested',
  ])
  await expectAccessible(page, 'the feedback editor with the draft')

  const strengths = `A clear grasp of how families ask for help, and a team who know the area. ${MARKUP}`
  const improvements =
    'Show the scale of the need with local figures.\nSet out the costs line by line, and how the pilot would be paid for after the award ends.'
  await page
    .getByLabel('What the panel said')
    .fill('The panel liked the idea but could not see enough evidence that families would use it.')
  await page.getByLabel('What was strong').fill(strengths)
  await page.getByLabel('What to improve').fill(improvements)
  await evidence.uncheck()
  await page.getByRole('button', { name: 'Save feedback' }).click()
  await page.getByRole('status').filter({ hasText: 'Saved version 1' }).waitFor()
  await expect.poll(() => summary.count()).toBe(0)
  await expect.poll(() => page.locator('main').textContent()).toContain('Version 1, saved')
  await expectAccessible(page, 'the feedback editor after saving')

  // — Releasing is refused while two applications have no feedback —
  await page.getByRole('link', { name: 'Back to feedback' }).first().click()
  await page.getByRole('heading', { level: 1, name: 'Feedback and release' }).waitFor()
  await expect.poll(() => familyRow.textContent()).toContain('Written')
  expect(await page.locator('#release-lacking').textContent()).toContain('2 applications have no feedback')
  // The two without feedback would be told of no support: flagged before the release.
  const noSupport = await page.locator('#release-no-support').textContent()
  expect(noSupport).toContain('2 unsuccessful applicants would be told of no support')
  expect(noSupport).toContain('Breathe Easy Ltd')
  expect(noSupport).toContain('CareBridge')
  expect(noSupport).not.toContain('FamilyLink CIC')
  expect(await table.getByRole('row', { name: /Breathe Easy Ltd/ }).textContent()).toContain('No signposts')
  expect(await familyRow.textContent()).not.toContain('No signposts')
  await expectAccessible(page, 'the feedback page flagging applicants told of no support')
  await page.getByRole('button', { name: 'Release now' }).click()
  await expect.poll(async () => (await focused(page)).text).toContain('Release every decision and its feedback now?')
  await expectAccessible(page, 'confirming the release')
  await page.getByRole('button', { name: 'Yes, release now' }).click()
  await expectSummaryFocused()
  expect(await summary.textContent()).toContain('Some applications have no feedback')
  expect(await summary.textContent()).toMatch(
    /2 applications have no feedback: (Breathe Easy Ltd, CareBridge|CareBridge, Breathe Easy Ltd)/,
  )
  await expect.poll(() => page.title()).toMatch(/^Error: /)
  await expectAccessible(page, 'a release refused for want of feedback')
  await summary.getByRole('link').first().click()
  await expectFocus(page, { id: 'release-confirmMissing' })

  // — The setting: applicants will see their scores —
  await page.getByLabel('Show each applicant their scores by criterion, against the funded average').check()
  await page.getByRole('button', { name: 'Save the setting' }).click()
  await page.getByRole('status').filter({ hasText: 'Saved: applicants will see their scores by criterion.' }).waitFor()

  // — A release scheduled (anyway) and cancelled —
  const releaseAnyway = () =>
    page.getByLabel('Release anyway: those applicants get their decision without feedback').check()
  await releaseAnyway()
  await page.getByLabel('At a set time').check()
  await page.getByRole('button', { name: 'Schedule the release' }).click()
  await expectSummaryFocused()
  expect(await summary.textContent()).toContain('Enter the date and time to release at')
  await expectAccessible(page, 'scheduling without a time')
  // The server's clock is weeks ahead of the browser's: the time is typed from it.
  const at = `${utcIsoToLondonLocal(new Date(p.clock.now.getTime() + 2 * 86_400_000).toISOString()).slice(0, 11)}09:30`
  await page.getByLabel('Release at').fill(at)
  await page.getByRole('button', { name: 'Schedule the release' }).click()
  await page.getByRole('status').filter({ hasText: 'The release is scheduled for' }).waitFor()
  await expect.poll(() => page.locator('#release-heading + dl').textContent()).toContain('Scheduled')
  expect(await page.locator('#release-heading + dl').textContent()).toContain('09:30')
  await expectAccessible(page, 'a scheduled release')
  await page.getByRole('button', { name: 'Cancel the scheduled release' }).click()
  await page
    .getByRole('status')
    .filter({ hasText: 'Cancelled the scheduled release. Nothing has been released.' })
    .waitFor()
  await expect.poll(() => page.locator('#release-heading + dl').textContent()).toContain('Not released')

  // — …and releases now, anyway —
  await releaseAnyway()
  await page.getByRole('button', { name: 'Release now' }).click()
  await page.getByRole('button', { name: 'Yes, release now' }).click()
  await page
    .getByRole('status')
    .filter({ hasText: 'Released every decision and its feedback: 3 applicants emailed.' })
    .waitFor()
  await expect.poll(() => summary.count()).toBe(0)
  await expect.poll(() => page.locator('#release-heading + dl').textContent()).toContain('Released')
  expect(await page.getByRole('button', { name: 'Release now' }).count(), 'a release happens once').toBe(0)
  await expectAccessible(page, 'the feedback page once released')

  // — The shortlisted application's editor shows its scores, and that it was released without feedback —
  await table.getByRole('link', { name: 'Write feedback for Breathe Easy Ltd' }).click()
  await page.getByRole('heading', { level: 1, name: 'Feedback for Breathe Easy Ltd' }).waitFor()
  const scores = page.getByRole('table', { name: /Scores by criterion/ })
  await scores.waitFor()
  expect(await scores.locator('tbody tr').count()).toBe(3)
  expect(await scores.getByRole('row', { name: /Feasibility/ }).textContent()).toContain('2 out of 5')
  await expect
    .poll(() => page.locator('main').textContent())
    .toContain('This applicant’s decision was released without feedback')
  // Its weakest criterion is feasibility: the service mapped to it is suggested and ticked.
  await expect.poll(() => page.getByRole('checkbox', { name: /DTAC webinars/ }).isChecked()).toBe(true)
  expect(await page.locator('label', { has: page.getByText('Suggested') }).allTextContents()).toEqual([
    'DTAC webinars Suggested',
  ])
  await page.getByRole('button', { name: 'Save feedback' }).waitFor()
  await expectAccessible(page, 'the feedback editor with scores, after the release')
  await page.getByRole('link', { name: 'Back to feedback' }).first().click()
  await page.getByRole('heading', { level: 1, name: 'Feedback and release' }).waitFor()

  // — FamilyLink CIC reads the decision: markup in the feedback is text —
  const applicant = await openPage(handles.browser)
  const tab = applicant.page
  const dialogs: string[] = []
  tab.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  await tab.goto(handles.site.url(`/signin?next=${encodeURIComponent(`/applications/${family!.application.id}`)}`))
  await tab.locator('#email').fill(family!.applicant.email)
  await tab.getByRole('button', { name: 'Continue with this email' }).click()
  await tab.getByRole('heading', { level: 2, name: 'Your decision and feedback' }).waitFor()
  await expect.poll(() => tab.locator('.tag-app-submitted').first().textContent()).toBe('Decision released')
  await expectAccessible(tab, 'the EOI once decisions are released')
  await tab.getByRole('link', { name: 'Read your decision and feedback' }).click()
  await tab.getByRole('heading', { level: 1, name: 'Your decision and feedback' }).waitFor()
  await tab.getByRole('heading', { level: 2, name: 'Not shortlisted' }).waitFor()
  const main = tab.locator('main')
  const read = (heading: string) =>
    tab
      .locator('section')
      .filter({ has: tab.getByRole('heading', { level: 2, name: heading }) })
      .locator('p.multiline')
      .textContent()
  expect(await read('The decision')).toContain(REASON)
  expect(await read('What the panel said')).toBe(
    'The panel liked the idea but could not see enough evidence that families would use it.',
  )
  expect(await read('What was strong'), 'markup is shown as the text it is').toBe(strengths)
  expect(await read('What to improve')).toBe(improvements)
  expect(await main.locator('img').count(), 'no element is made from the feedback').toBe(0)
  expect(await tab.locator('img[src="x"]').count()).toBe(0)
  expect(
    await tab.getByRole('heading', { name: 'Your scores' }).count(),
    'an application the panel did not score has no scores',
  ).toBe(0)
  const next = tab.locator('section').filter({ has: tab.getByRole('heading', { level: 2, name: 'Where to go next' }) })
  expect(await next.locator('li').count(), 'the services ticked, and no others').toBe(1)
  expect(await next.textContent()).toContain('Contact: finance@growth.example')
  expect(await main.textContent()).not.toContain('Evidence Lab')
  expect(await main.textContent()).not.toContain('Note to the panel')
  await expectAccessible(tab, 'the applicant’s decision and feedback')

  // — Follows the signpost, and comes back —
  const link = next.getByRole('link', { name: 'Finance Hub' })
  expect(await link.getAttribute('href')).toBe(handles.site.url(competitionPath))
  await link.click()
  await tab.waitForURL(handles.site.url(competitionPath))
  await tab.getByRole('heading', { level: 1, name: 'Complete competition' }).waitFor()
  await tab.goBack()
  await tab.getByRole('heading', { level: 1, name: 'Your decision and feedback' }).waitFor()

  // — Asks for a feedback call: the error summary first —
  await tab.getByRole('button', { name: 'Request a call' }).click()
  await expect.poll(async () => (await focused(tab)).className).toContain('error-summary')
  const tabSummary = tab.locator('.error-summary')
  expect(await tabSummary.textContent()).toContain('Enter the days and times that suit you for a call')
  expect(await tabSummary.textContent()).toContain('Enter what you would like to ask')
  expect(await tab.locator('#call-question').getAttribute('aria-invalid')).toBe('true')
  await expectAccessible(tab, 'asking for a call with errors')
  await tabSummary.getByRole('link', { name: 'Enter what you would like to ask' }).click()
  await expectFocus(tab, { id: 'call-question' })
  await tab.getByLabel('When suits you').fill('Tuesday or Thursday mornings')
  await tab.getByLabel('What you would like to ask').fill('How could we show the evidence of need better next time?')
  await tab.getByRole('button', { name: 'Request a call' }).click()
  await tab.getByText('You requested a feedback call. We will email you when it is arranged.').waitFor()
  await expect.poll(() => tabSummary.count()).toBe(0)
  await expect.poll(() => tab.locator('#call-status').textContent()).toBe('Requested')
  expect(await tab.getByRole('button', { name: 'Request a call' }).count(), 'one call at a time').toBe(0)
  await expectAccessible(tab, 'a call requested')

  // — The manager sees the call and arranges it —
  await page.reload()
  const calls = page.getByRole('table', { name: 'Feedback calls, oldest request first' })
  await calls.waitFor()
  const callRow = calls.getByRole('row', { name: /FamilyLink CIC/ })
  expect(await callRow.textContent()).toContain('Tuesday or Thursday mornings')
  expect(await callRow.textContent()).toContain('How could we show the evidence of need better next time?')
  expect(await callRow.textContent()).toContain('Requested')
  await expectAccessible(page, 'the feedback page with a call requested')
  await page.getByRole('button', { name: 'Mark arranged for FamilyLink CIC' }).click()
  await expect.poll(async () => (await focused(page)).id).toBe('call-arrangement')
  await page.getByRole('button', { name: 'Save and email the applicant' }).click()
  await expectSummaryFocused()
  expect(await summary.textContent()).toContain('Enter when and how the call with FamilyLink CIC will be')
  await expectAccessible(page, 'arranging a call with an error')
  await page.getByLabel('When and how').fill('Thursday 10:00, by video: https://meet.example/familylink')
  await page.getByRole('button', { name: 'Save and email the applicant' }).click()
  await page.getByRole('status').filter({ hasText: 'Arranged the call with FamilyLink CIC' }).waitFor()
  await expect.poll(() => callRow.textContent()).toContain('Thursday 10:00, by video')
  expect(await callRow.textContent()).toContain('Arranged')
  await expectAccessible(page, 'the feedback page with a call arranged')

  // — The manager changes FamilyLink CIC's feedback after the release: a new version —
  await table.getByRole('link', { name: 'Edit feedback for FamilyLink CIC' }).click()
  await page.getByRole('heading', { level: 1, name: 'Feedback for FamilyLink CIC' }).waitFor()
  await expect.poll(() => page.locator('main').textContent()).toContain('Saving makes a new version')
  await page.getByLabel('What to improve').fill(`${improvements}\nThe Evidence Lab can help you find local figures.`)
  await page.getByRole('button', { name: 'Save a new version' }).click()
  await page.getByRole('status').filter({ hasText: 'Saved version 2' }).waitFor()
  expect(await page.getByRole('status').filter({ hasText: 'Saved version 2' }).textContent()).toContain(
    'FamilyLink CIC has been emailed that their feedback changed.',
  )
  const changes = page
    .locator('section')
    .filter({ has: page.getByRole('heading', { level: 2, name: 'Changes after release' }) })
  await changes.waitFor()
  await expect.poll(() => changes.textContent()).toContain('Version 2 saved')
  // The version the applicant read before is kept, folded away until its summary is clicked.
  const earlier = changes.locator('details').filter({ has: page.getByText(/^Version 1, saved/) })
  const earlierText = earlier.getByText(improvements.split('\n')[0]!)
  expect(await earlierText.isVisible()).toBe(false)
  await earlier.locator('summary').click()
  await expect
    .poll(() => earlierText.isVisible(), { message: 'the version the applicant read before is kept' })
    .toBe(true)
  await expectAccessible(page, 'the feedback editor after a change after release')

  // — …and the applicant sees the call arranged and the feedback updated —
  await tab.reload()
  await expect
    .poll(() => tab.locator('#call-status').textContent())
    .toBe('Arranged: Thursday 10:00, by video: https://meet.example/familylink')
  await expect.poll(() => read('What to improve')).toContain('The Evidence Lab can help you find local figures.')
  await expect.poll(() => main.textContent()).toContain('This feedback was last changed')
  await expectAccessible(tab, 'a call arranged and the feedback updated')
  expect(dialogs, 'no script ran from the feedback').toEqual([])

  applicant.assertClean()
  manager.assertClean()
  await applicant.context.close()
  await manager.context.close()
})
