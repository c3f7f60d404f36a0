// Problem intake in a real browser, by keyboard: an invited problem owner proposes a problem;
// a manager publishes it and invites a stakeholder to a round; the stakeholder votes from the
// link in their email; once voting closes the manager sees the results by group and both plans,
// and makes the draft competition. Then an approval round: one stakeholder approves problems by
// their link, another signed in, from their home page, and their link then shows the one vote.
// Each page is checked with axe at desktop and 390 px.
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { publishedProblem } from '../support/intake-fixtures.js'
import { emailsTo } from '../support/mail.js'
import { expectAccessible, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()
const DAY = 86_400_000

/** A new page, signed in as `who` (by email, as locally) and taken on to `next`, whose h1 is `heading`. */
async function signedInAt(who: { email: string }, next: string, heading: string) {
  const opened = await openPage(handles.browser)
  await opened.page.goto(handles.site.url(`/signin?next=${encodeURIComponent(next)}`))
  await opened.page.locator('#email').fill(who.email)
  await opened.page.getByRole('button', { name: 'Continue with this email' }).click()
  await opened.page.getByRole('heading', { level: 1, name: heading }).waitFor()
  return opened
}

/** Where the link in the one email of `kind` to `to` leads (path and query), once it has been sent. */
async function linkIn(to: string, kind: string, path: string) {
  const { db } = handles.site.platform
  await expect.poll(async () => (await emailsTo(db, to, kind)).length).toBe(1)
  const [email] = await emailsTo(db, to, kind)
  const link = new URL(new RegExp(`https://\\S+/${path}/\\S+`).exec(email!.text)![0])
  return `${link.pathname}${link.search}`
}

const mainText = (page: Page) => page.locator('main').textContent()

/** Follows a link by keyboard, waiting for the h1 of the page it leads to, which takes the focus. */
async function follow(page: Page, text: string, heading: string) {
  await tabTo(page, 'a', { text })
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
  await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
}

/** Presses a button by keyboard. */
async function press(page: Page, text: string) {
  await tabTo(page, 'button', { text })
  await page.keyboard.press('Enter')
}

/** Moves the clock past the round's close (it stays there) and shows the manager's round page its results. */
async function closeVoting(page: Page, voted: string) {
  const { clock } = handles.site.platform
  clock.now = new Date(clock.now.getTime() + 8 * DAY)
  await page.reload()
  await page.getByRole('heading', { name: 'Results by stakeholder group' }).waitFor()
  await expect.poll(() => mainText(page)).toContain(voted)
}

/** A datetime-local value in UK time. */
const local = (d: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/London', dateStyle: 'short', timeStyle: 'short' })
    .format(d)
    .replace(' ', 'T')

/** Fills the "open a round" form on /manage/rounds by keyboard (voting from a day ago for a week) and opens it. */
async function openRound(page: Page, title: string, budget: string, approval: boolean) {
  const { clock } = handles.site.platform
  await tabTo(page, '#round-title')
  await page.keyboard.type(title)
  await page.locator('#round-opensAt').fill(local(new Date(clock.now.getTime() - DAY)))
  await page.locator('#round-closesAt').fill(local(new Date(clock.now.getTime() + 7 * DAY)))
  await tabTo(page, '#round-budget')
  await page.keyboard.type(budget)
  if (approval) {
    await tabTo(page, 'input[name=round-method]')
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => page.locator('#round-points').count()).toBe(0)
  }
}

it('takes a problem from its owner through a stakeholder vote to a draft competition, by keyboard', {
  timeout: 240_000,
}, async () => {
  const p = handles.site.platform
  const manager = await p.signIn('manager', 'Morgan Manager')
  const owner = await p.signIn('problemOwner', 'Olu Owner')
  const invited = await p.call('POST', '/api/problem-owners', {
    as: manager,
    body: { email: owner.email, name: owner.name, organisation: 'Sefton Council' },
  })
  expect(invited.status).toBe(201)

  // The owner follows the invitation, signs in and proposes a problem by keyboard.
  const o = await signedInAt(owner, '/problems', 'Your problems')
  await expectAccessible(o.page, 'the owner’s problems, empty')
  await follow(o.page, 'Propose a problem', 'Propose a problem')
  await tabTo(o.page, '#problem-title')
  for (const text of [
    'Damp homes',
    'How might we find the homes where damp is making children ill?',
    'Children in damp homes are admitted with asthma more often.',
    'Families in private rented homes.',
    'Asthma admissions by ward',
    'https://data.example.org/asthma',
  ]) {
    await o.page.keyboard.type(text)
    await o.page.keyboard.press('Tab')
  }
  await tabTo(o.page, '#problem-commitment-leadName')
  await o.page.keyboard.type('Dr A. Lead')
  await o.page.keyboard.press('Tab')
  await o.page.keyboard.type('Half a day a week')
  await tabTo(o.page, '#problem-contribution')
  await o.page.keyboard.type('5000')
  await expectAccessible(o.page, 'the proposal form')
  await press(o.page, 'Send the problem')
  await o.page.getByRole('heading', { level: 1, name: 'Your problems' }).waitFor()
  await expect.poll(() => mainText(o.page)).toContain('has been sent to the programme managers')
  await expect.poll(() => mainText(o.page)).toContain('Damp homes')
  await expectAccessible(o.page, 'the owner’s problems')
  const [problem] = (await p.call('GET', '/api/me/problems', { as: owner })).json.items

  // The manager publishes it with its expected cost, by keyboard.
  const m = await signedInAt(manager, '/manage/problems', 'Problems')
  await expectAccessible(m.page, 'the manager’s problems')
  await follow(m.page, 'Damp homes', 'Damp homes')
  await expectAccessible(m.page, 'curating a problem')
  await tabTo(m.page, '#curate-question')
  await m.page.keyboard.type('How many homes are affected?')
  await press(m.page, 'Ask for more')
  await expect.poll(() => mainText(m.page)).toContain('The owner has been emailed your question.')

  // The owner follows the email's link and answers, by keyboard.
  await o.page.goto(handles.site.url(await linkIn(owner.email, 'problem-more-info', 'problems')))
  await o.page.getByRole('heading', { level: 1, name: 'Damp homes' }).waitFor()
  await expect.poll(() => mainText(o.page)).toContain('How many homes are affected?')
  await expectAccessible(o.page, 'the owner’s problem with a question')
  await tabTo(o.page, '#problem-answer')
  await o.page.keyboard.type('About 4,000 homes.')
  await press(o.page, 'Send your answer')
  await o.page.getByRole('heading', { level: 1, name: 'Your problems' }).waitFor()
  await expect.poll(() => mainText(o.page)).toContain('Submitted')
  o.assertClean()

  // The manager sees the answer and publishes it with its expected cost.
  await m.page.reload()
  await expect.poll(() => mainText(m.page)).toContain('Answer: About 4,000 homes.')
  await tabTo(m.page, '#curate-cost')
  await m.page.keyboard.type('20000')
  await press(m.page, 'Publish')
  await expect.poll(() => mainText(m.page)).toContain('Published for prioritisation.')

  // The manager opens a round over it, and invites a stakeholder from its page.
  await m.page.goto(handles.site.url('/manage/rounds'))
  await m.page.getByRole('heading', { level: 1, name: 'Prioritisation rounds' }).waitFor()
  await openRound(m.page, 'Which problems should we run?', '30000', false)
  await tabTo(m.page, 'input[type=checkbox]')
  await m.page.keyboard.press('Space')
  await expectAccessible(m.page, 'opening a round')
  await press(m.page, 'Open the round')
  await m.page.getByRole('heading', { level: 1, name: 'Which problems should we run?' }).waitFor()
  const roundId = m.page.url().split('/').pop()!
  expect((await p.call('GET', `/api/rounds/${roundId}`, { as: manager })).json).toMatchObject({
    method: 'points',
    pointsPerVoter: 10,
    budgetPence: 3_000_000,
    problemIds: [problem.id],
  })
  await expect.poll(() => mainText(m.page)).toContain('Counts stay hidden until voting closes')
  await tabTo(m.page, '#voters-emails')
  await m.page.keyboard.type('vera@vcse.example')
  await m.page.keyboard.press('Tab')
  await m.page.locator('#voters-group').selectOption('vcse')
  await press(m.page, 'Send invitations')
  await expect.poll(() => mainText(m.page)).toContain('1 newly invited')
  await expectAccessible(m.page, 'the round while voting runs')

  // The stakeholder votes from their email's link, by keyboard.
  const v = await openPage(handles.browser)
  await v.page.goto(handles.site.url(await linkIn('vera@vcse.example', 'round-vote-invitation', 'vote')))
  await v.page.getByRole('heading', { level: 1, name: 'Which problems should we run?' }).waitFor()
  await expectAccessible(v.page, 'the ballot paper')
  await tabTo(v.page, `#vote-${problem.id}`)
  await v.page.keyboard.type('7')
  await expect.poll(() => v.page.locator('#vote-left').textContent()).toContain('7 of your 10')
  await press(v.page, 'Send your vote')
  await v.page.getByRole('heading', { level: 1, name: 'Thank you: your vote is counted' }).waitFor()
  await expectAccessible(v.page, 'the ballot once voted')
  await v.page.reload()
  await v.page.getByRole('heading', { level: 1, name: 'You have already voted' }).waitFor()
  v.assertClean()

  // Voting closes: results by group, both plans, and the draft competition.
  await closeVoting(m.page, '1 stakeholders voted')
  await expect.poll(() => m.page.locator('table').textContent()).toContain('Voluntary, community and social enterprise')
  await expect.poll(() => mainText(m.page)).toContain('Chosen: Damp homes')
  await expectAccessible(m.page, 'the round’s results and plans')
  await tabTo(m.page, '#draft-title')
  await m.page.keyboard.type('What’s your problem? Round 2')
  await press(m.page, 'Make the draft competition')
  await expect.poll(() => m.page.url()).toMatch(/\/manage\/competitions\/[0-9A-Z]{26}$/)
  const competitionId = m.page.url().split('/').pop()!
  const made = await p.call('GET', `/api/competitions/${competitionId}`, { as: manager })
  expect(made.json.challenges.map((c: { title: string; owner: string }) => [c.title, c.owner])).toEqual([
    ['Damp homes', 'Sefton Council'],
  ])
  m.assertClean()
})

it('runs an approval round: one stakeholder approves by their link, another signed in from their home page, by keyboard', {
  timeout: 240_000,
}, async () => {
  const p = handles.site.platform
  const manager = await p.signIn('manager', 'Mina Manager')
  const lonely = await publishedProblem(p, manager, 'Lonely older people', 1_500_000)
  const roads = await publishedProblem(p, manager, 'Flooded roads', 2_000_000, 'Sefton Council')

  // The manager opens an approval round over both, by keyboard.
  const m = await signedInAt(manager, '/manage/rounds', 'Prioritisation rounds')
  await openRound(m.page, 'Approve the problems to run', '40000', true)
  for (const id of [lonely, roads]) {
    await tabTo(m.page, `input[value="${id}"]`)
    await m.page.keyboard.press('Space')
  }
  await expectAccessible(m.page, 'opening an approval round')
  await press(m.page, 'Open the round')
  await m.page.getByRole('heading', { level: 1, name: 'Approve the problems to run' }).waitFor()
  const roundId = m.page.url().split('/').pop()!
  const round = (await p.call('GET', `/api/rounds/${roundId}`, { as: manager })).json
  expect(round).toMatchObject({ method: 'approval', budgetPence: 4_000_000 })
  expect(round.pointsPerVoter).toBeUndefined()
  expect([...round.problemIds].sort()).toEqual([lonely, roads].sort())
  const signedIn = await p.signIn('applicant', 'Sam Stakeholder')
  const invited = await p.call('POST', `/api/rounds/${roundId}/voters`, {
    as: manager,
    body: {
      voters: [
        { email: 'ada@public.example', group: 'public-sector' },
        { email: signedIn.email, group: 'sme' },
      ],
    },
  })
  expect(invited.json).toEqual({ invited: 2 })

  // One stakeholder approves one problem by their email's link.
  const a = await openPage(handles.browser)
  await a.page.goto(handles.site.url(await linkIn('ada@public.example', 'round-vote-invitation', 'vote')))
  await a.page.getByRole('heading', { level: 1, name: 'Approve the problems to run' }).waitFor()
  await expectAccessible(a.page, 'an approval ballot paper')
  await press(a.page, 'Send your vote')
  await expect.poll(() => a.page.locator('.error-summary').textContent()).toContain('support at least one problem')
  await tabTo(a.page, `input[value="${roads}"]`)
  await a.page.keyboard.press('Space')
  await press(a.page, 'Send your vote')
  await a.page.getByRole('heading', { level: 1, name: 'Thank you: your vote is counted' }).waitFor()
  a.assertClean()

  // The other, signed in, finds the round on their home page and approves both there.
  const s = await signedInAt(signedIn, '/', 'Funding competitions')
  await expect.poll(() => mainText(s.page)).toContain('You are invited to vote')
  await expectAccessible(s.page, 'the home page with an invitation to vote')
  await follow(s.page, 'Approve the problems to run', 'Approve the problems to run')
  expect(new URL(s.page.url()).pathname).toBe(`/rounds/${roundId}`)
  await expectAccessible(s.page, 'an approval ballot paper, signed in')
  for (const id of [lonely, roads]) {
    await tabTo(s.page, `input[value="${id}"]`)
    await s.page.keyboard.press('Space')
  }
  await press(s.page, 'Send your vote')
  await s.page.getByRole('heading', { level: 1, name: 'Thank you: your vote is counted' }).waitFor()
  await s.page.goto(handles.site.url('/rounds'))
  await s.page.getByRole('heading', { level: 1, name: 'Your votes' }).waitFor()
  await expect.poll(() => mainText(s.page)).toContain('Voted')
  await expectAccessible(s.page, 'your votes')
  // Their emailed link is the same vote: already cast.
  await s.page.goto(handles.site.url(await linkIn(signedIn.email, 'round-vote-invitation', 'vote')))
  await s.page.getByRole('heading', { level: 1, name: 'You have already voted' }).waitFor()
  s.assertClean()

  // Voting closes: one approval for the lonely, two for the roads, by group.
  await closeVoting(m.page, '2 stakeholders voted')
  const totals = await m.page
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [row.querySelector('th')?.textContent, row.lastElementChild?.textContent]))
  expect(totals).toEqual([
    ['Flooded roads', '2'],
    ['Lonely older people', '1'],
  ])
  await expectAccessible(m.page, 'an approval round’s results')
  m.assertClean()
})
