// A panellist's assessing journey in a real browser. Set up through the API: a competition
// with two shortlisted EOIs (A and B) and a rubric, this panellist invited, and another
// panellist who has already scored B. In the browser the panellist accepts the invitation,
// meets the error summary on the declarations page, declares a conflict with A (with a
// note) and none with B; finds A "not found" (and the API answers 404, as for a missing id);
// opens B, meets the error summary when submitting too early, saves a draft, reloads and
// finds it, submits, and then sees the other panellist's scores and comments and the
// aggregate. Every page visited is checked with axe.
import { expect, it } from 'vitest'
import {
  assessingCompetition,
  declareNone,
  invitedPanellist,
  seatedPanellist,
  submitSheetWith,
} from '../support/assessing-fixtures.js'
import { expectAccessible, expectFocus, focused, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

const ME = 'Niamh Kelly'
const OTHER = 'Olu Adeyemi'
const OTHER_COMMENT = 'Knows the wards and the data; the evidence is thin in places.'
const OTHER_NOTE = 'Worth asking how they would recruit families.'
const CONFLICT_NOTE = 'My sister is a director of Breathe Easy Ltd.'
const MY_COMMENT = 'A clear grasp of the problem from the service’s side.'

it('a panellist accepts, declares conflicts, scores independently, then sees the panel’s scores', {
  timeout: 90_000,
}, async () => {
  const p = handles.site.platform
  // — Through the API: A and B shortlisted, a rubric (weights 2, 1, 1), another panellist's scores for B —
  const a = await assessingCompetition(p, { applications: 2, shortlisted: 2, panellists: 0 })
  const [appA, appB] = a.ids as [string, string]
  const [orgA, orgB] = ['Breathe Easy Ltd', 'FamilyLink CIC']
  const other = await seatedPanellist(p, a.manager, a.competitionId, OTHER)
  await declareNone(p, other, a.competitionId, [appB])
  await submitSheetWith(p, other, a, appB, {
    scores: [2, 4, 2],
    comments: [OTHER_COMMENT],
    panelNote: OTHER_NOTE,
    applicantFeedback: 'Tell us more about recruitment.',
  })
  const me = await invitedPanellist(p, a.manager, a.competitionId, ME)
  const pitchesAt = p.clock.now.getTime() + 14 * 86_400_000
  const schedule = await p.call('PUT', `/api/competitions/${a.competitionId}/pitches`, {
    as: a.manager,
    body: {
      version: 0,
      slots: [
        {
          applicationId: appB,
          startsAt: new Date(pitchesAt).toISOString(),
          minutes: 30,
          place: 'Room 2, Cunard Building',
        },
        {
          applicationId: appA,
          startsAt: new Date(pitchesAt + 45 * 60_000).toISOString(),
          minutes: 30,
          link: 'https://meet.example.org/pitch-a',
        },
      ],
    },
  })
  expect(schedule.status, JSON.stringify(schedule.json)).toBe(200)
  const title = (await p.call('GET', `/api/competitions/${a.competitionId}`)).json.competition.title as string

  const { page, assertClean } = await openPage(handles.browser)
  const press = (key: string) => page.keyboard.press(key)
  const main = () =>
    page
      .locator('main')
      .textContent()
      .then((text) => text ?? '')

  // — Signs in, lands on their panels, and finds "Panel" in the header —
  await page.goto(handles.site.url('/signin'))
  await page.getByLabel(ME).check()
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.waitForURL('**/panel')
  await page.getByRole('banner').getByRole('link', { name: 'Panel', exact: true }).waitFor()
  await page.getByRole('heading', { level: 1, name: 'Your panels' }).waitFor()
  await expect.poll(async () => (await focused(page)).tag, { message: 'focus moves to the new page’s h1' }).toBe('h1')
  await page.getByRole('heading', { level: 2, name: 'Invitations' }).waitFor()
  expect(await main()).toContain(title)
  await expectAccessible(page, 'my panels, with an invitation')

  // — Accepts the invitation, by keyboard —
  await tabTo(page, 'button', { text: 'Accept' })
  await press('Enter')
  await page.getByRole('table', { name: 'Your assignments' }).waitFor()
  await expect.poll(async () => (await focused(page)).text).toContain(`You have joined the panel for “${title}”`)
  const assignments = page.getByRole('table', { name: 'Your assignments' })
  const rowA = assignments.getByRole('row', { name: new RegExp(orgA) })
  const rowB = assignments.getByRole('row', { name: new RegExp(orgB) })
  expect(await rowA.textContent()).toContain('Not declared')
  expect(await rowB.textContent()).toContain('Not started')
  expect(await page.getByRole('link', { name: /^Score/ }).count(), 'nothing to score before declaring').toBe(0)
  // No pitch is shown before declaring: where and when is only for those who will sit in on it.
  expect(await main()).toContain(
    'A pitch appears here once it is scheduled and you have declared no conflict of interest',
  )
  const pitches = page.getByRole('table', { name: `Pitch schedule for ${title}` })
  await expectAccessible(page, 'my panels, seated')

  // — Declarations: the error summary first, then a conflict with A (with a note) and none with B —
  await page.getByRole('link', { name: `Declare conflicts of interest for ${title}` }).click()
  await page.getByRole('heading', { level: 1, name: 'Declare conflicts of interest' }).waitFor()
  expect(await main()).toContain('A declared conflict can only be withdrawn by the programme manager.')
  await expectAccessible(page, 'the declarations page')
  await page.getByRole('button', { name: 'Save declarations' }).click()
  const summary = page.locator('.error-summary')
  await summary.waitFor()
  await expect.poll(async () => (await focused(page)).className).toContain('error-summary')
  expect(await summary.textContent()).toContain(`Select whether you have a conflict of interest with ${orgA}`)
  expect(await summary.textContent()).toContain(`Select whether you have a conflict of interest with ${orgB}`)
  await expect.poll(() => page.title()).toMatch(/^Error: /)
  await expectAccessible(page, 'the declarations page with errors')
  await summary.getByRole('link', { name: `Select whether you have a conflict of interest with ${orgA}` }).click()
  await expectFocus(page, { id: `coi-${appA}` }, 'the error leads to the first radio of A’s group')

  const groupA = page.getByRole('group', { name: orgA })
  await groupA.getByLabel('Financial').check()
  await page.getByRole('group', { name: orgB }).getByLabel('No conflict').check()
  await page.getByRole('button', { name: 'Save declarations' }).click()
  await expect.poll(() => summary.textContent()).toContain(`Describe your conflict of interest with ${orgA}`)
  await expectAccessible(page, 'the declarations page, a conflict without a note')
  await summary.getByRole('link', { name: `Describe your conflict of interest with ${orgA}` }).click()
  await expectFocus(page, { id: `coi-${appA}-note` })
  await page.keyboard.type(CONFLICT_NOTE)
  await tabTo(page, 'button', { text: 'Save declarations' })
  await press('Enter')

  await page.waitForURL('**/panel')
  await page.getByRole('status').filter({ hasText: 'Your declarations' }).waitFor()
  await expect.poll(main).toContain('You declared a conflict of interest: you will not see or score that application.')
  await expect.poll(() => rowA.textContent()).toContain('Conflict: financial')
  expect(await rowA.textContent()).toContain('You do not assess this application')
  expect(await rowB.textContent()).toContain('No conflict')
  expect(await rowA.getByRole('link').count(), 'no link to score A').toBe(0)
  await expect
    .poll(() => pitches.getByRole('row', { name: new RegExp(orgB) }).textContent())
    .toContain('Room 2, Cunard Building')
  expect(
    await pitches.getByRole('row', { name: new RegExp(orgA) }).count(),
    'not told where or when the conflicted pitch is',
  ).toBe(0)
  expect(await main()).not.toContain('meet.example.org/pitch-a')
  await expectAccessible(page, 'my panels after declaring')

  // — A is not found, in the browser and to the API, exactly as an id that does not exist —
  await page.goto(handles.site.url(`/panel/competitions/${a.competitionId}/assessments/${appA}`))
  await page.getByRole('heading', { level: 1, name: 'Application not found' }).waitFor()
  expect(await main()).not.toContain(orgA)
  await expectAccessible(page, 'the conflicted application (not found)')
  const conflicted = await p.call('GET', `/api/competitions/${a.competitionId}/assessments/${appA}`, { as: me })
  const missing = await p.call('GET', `/api/competitions/${a.competitionId}/assessments/01JZZZZZZZZZZZZZZZZZZZZZZZ`, {
    as: me,
  })
  expect(conflicted.status).toBe(404)
  expect(missing.status).toBe(404)
  expect(conflicted.json, 'the same answer as for an id that does not exist').toEqual(missing.json)

  // — Opens B: the application, the rubric, and nothing of anyone else's —
  await page.getByRole('link', { name: 'Back to your panels' }).click()
  await page.getByRole('link', { name: `Score ${orgB}` }).click()
  await page.getByRole('heading', { level: 1, name: orgB }).waitFor()
  await expect.poll(async () => (await focused(page)).tag).toBe('h1')
  let text = await main()
  expect(text).toContain('Other panellists’ scores and comments appear on this page after you submit yours')
  expect(text).toContain('Describe your idea')
  expect(text).toContain('Sensors in homes warn families early.')
  expect(text).toContain('Shows the problem from the service’s side, with evidence.')
  expect(text).toContain('4 to 5: Strong')
  expect(text).toContain('50% of the overall score.')
  expect(text).not.toContain(OTHER_COMMENT)
  expect(text).not.toContain(OTHER)
  await expectAccessible(page, 'the application to score')
  const hidden = await p.call('GET', `/api/competitions/${a.competitionId}/assessments/${appB}/sheets`, { as: me })
  expect(hidden.status, 'others’ scores stay hidden until one’s own are submitted').toBe(403)

  // — Submitting too early: the error summary names each unscored criterion and leads to its radios —
  const [first, second, third] = a.criteria as [
    { id: string; title: string },
    { id: string; title: string },
    { id: string; title: string },
  ]
  await page.getByRole('button', { name: 'Submit scores' }).click()
  await summary.waitFor()
  await expect.poll(async () => (await focused(page)).className).toContain('error-summary')
  for (const criterion of a.criteria)
    expect(await summary.textContent()).toContain(`Select a score for ${criterion.title}`)
  await expectAccessible(page, 'the score sheet with errors')
  await summary.getByRole('link', { name: `Select a score for ${second.title}` }).click()
  await expectFocus(page, { id: `score-${second.id}` })

  // — Scores two criteria (the second by keyboard), comments, saves a draft —
  await press('ArrowRight') // from 0 to 1
  await press('ArrowRight') // 2
  await press('ArrowRight') // 3
  await expect.poll(() => page.locator(`input[name="score-${second.id}"]:checked`).getAttribute('value')).toBe('3')
  await page.getByRole('group', { name: first.title }).getByLabel('4', { exact: true }).check()
  await page.getByLabel(`Comments on ${first.title}`).fill(MY_COMMENT)
  await page.getByLabel('Private note to the panel').fill('Strong partner in the council.')
  await page.getByRole('button', { name: 'Save draft' }).click()
  await expect.poll(() => page.locator('#save-status').textContent()).toMatch(/^Saved at \d\d:\d\d$/)

  // — Reloads and finds the draft —
  await page.reload()
  await page.getByRole('heading', { level: 1, name: orgB }).waitFor()
  await page.getByLabel(`Comments on ${first.title}`).waitFor()
  expect(await page.locator(`input[name="score-${first.id}"]:checked`).getAttribute('value')).toBe('4')
  expect(await page.locator(`input[name="score-${second.id}"]:checked`).getAttribute('value')).toBe('3')
  expect(await page.locator(`input[name="score-${third.id}"]:checked`).count()).toBe(0)
  expect(await page.getByLabel(`Comments on ${first.title}`).inputValue()).toBe(MY_COMMENT)
  expect(await page.getByLabel('Private note to the panel').inputValue()).toBe('Strong partner in the council.')
  await expectAccessible(page, 'the draft after a reload')

  // — Scores the last criterion and submits: the sheet locks and the panel's scores appear —
  await page.getByRole('group', { name: third.title }).getByLabel('5', { exact: true }).check()
  await page.getByLabel('Feedback for the applicant').fill('A promising idea with a clear need.')
  await tabTo(page, 'button', { text: 'Submit scores' })
  await press('Enter')
  await page.getByRole('heading', { level: 2, name: 'The panel’s scores' }).waitFor()
  await expect.poll(async () => (await focused(page)).text).toContain('Your scores are submitted.')
  await page.getByRole('table', { name: 'Scores by panellist' }).waitFor()
  expect(await page.getByRole('button', { name: 'Submit scores' }).count(), 'the sheet is read-only').toBe(0)
  expect(await page.locator('main input, main textarea').count()).toBe(0)
  text = await main()
  expect(text).toContain('Your overall score: 4 out of 5')
  expect(text).toContain(MY_COMMENT)
  // Mine (4, 3, 5 → 4) and the other panellist's (2, 4, 2 → 2.5), weights 2, 1, 1.
  const otherRow = page.getByRole('row', { name: new RegExp(`^${OTHER}`) })
  expect((await otherRow.getByRole('cell').allTextContents()).map((s) => s.trim())).toEqual(['2', '4', '2', '2.5'])
  const myRow = page.getByRole('row', { name: new RegExp(`^${ME} \\(you\\)`) })
  expect((await myRow.getByRole('cell').allTextContents()).map((s) => s.trim())).toEqual(['4', '3', '5', '4'])
  expect(text).toContain('3.25 out of 5') // the weighted mean
  expect(text).toContain('1.5 between the highest and lowest overall scores (standard deviation 0.75)')
  expect(text).toContain(OTHER_COMMENT)
  expect(text).toContain(OTHER_NOTE)
  await expectAccessible(page, 'the submitted sheet with the panel’s scores')

  // — After a reload the sheet is still submitted and the panel's scores still shown —
  await page.reload()
  await page.getByRole('table', { name: 'Scores by panellist' }).waitFor()
  expect(await main()).toContain('You have submitted your scores.')
  await page.getByRole('banner').getByRole('link', { name: 'Panel', exact: true }).click()
  await page.getByRole('heading', { level: 1, name: 'Your panels' }).waitFor()
  await expect.poll(() => rowB.textContent()).toContain('Submitted')
  expect(await main()).toContain('You have submitted scores for 1 of the 1 you can assess.')
  await expectAccessible(page, 'my panels after submitting')
  assertClean()
})
