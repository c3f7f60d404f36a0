// Problem intake in a real browser, by keyboard: an invited problem owner proposes a problem;
// a manager publishes it and invites a stakeholder to a round; the stakeholder votes from the
// link in their email; once voting closes the manager sees the results by group and both plans,
// and makes the draft competition. Each page is checked with axe at desktop and 390 px.
import { expect, it } from 'vitest'
import { emailsTo } from '../support/mail.js'
import { expectAccessible, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()
const DAY = 86_400_000

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
  const o = await openPage(handles.browser)
  await o.page.goto(handles.site.url(`/signin?next=${encodeURIComponent('/problems')}`))
  await o.page.locator('#email').fill(owner.email)
  await o.page.getByRole('button', { name: 'Continue with this email' }).click()
  await o.page.getByRole('heading', { level: 1, name: 'Your problems' }).waitFor()
  await expectAccessible(o.page, 'the owner’s problems, empty')
  await tabTo(o.page, 'a', { text: 'Propose a problem' })
  await o.page.keyboard.press('Enter')
  await o.page.getByRole('heading', { level: 1, name: 'Propose a problem' }).waitFor()
  await expect.poll(() => o.page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
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
  await tabTo(o.page, 'button', { text: 'Send the problem' })
  await o.page.keyboard.press('Enter')
  await o.page.getByRole('heading', { level: 1, name: 'Your problems' }).waitFor()
  await expect.poll(() => o.page.locator('main').textContent()).toContain('has been sent to the programme managers')
  await expect.poll(() => o.page.locator('main').textContent()).toContain('Damp homes')
  await expectAccessible(o.page, 'the owner’s problems')
  const [problem] = (await p.call('GET', '/api/me/problems', { as: owner })).json.items

  // The manager publishes it with its expected cost, by keyboard.
  const m = await openPage(handles.browser)
  await m.page.goto(handles.site.url(`/signin?next=${encodeURIComponent('/manage/problems')}`))
  await m.page.locator('#email').fill(manager.email)
  await m.page.getByRole('button', { name: 'Continue with this email' }).click()
  await m.page.getByRole('heading', { level: 1, name: 'Problems' }).waitFor()
  await expectAccessible(m.page, 'the manager’s problems')
  await tabTo(m.page, 'a', { text: 'Damp homes' })
  await m.page.keyboard.press('Enter')
  await m.page.getByRole('heading', { level: 1, name: 'Damp homes' }).waitFor()
  await expect.poll(() => m.page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
  await expectAccessible(m.page, 'curating a problem')
  await tabTo(m.page, '#curate-question')
  await m.page.keyboard.type('How many homes are affected?')
  await tabTo(m.page, 'button', { text: 'Ask for more' })
  await m.page.keyboard.press('Enter')
  await expect.poll(() => m.page.locator('main').textContent()).toContain('The owner has been emailed your question.')

  // The owner follows the email's link and answers, by keyboard.
  await expect.poll(async () => (await emailsTo(p.db, owner.email, 'problem-more-info')).length).toBe(1)
  const [asked] = await emailsTo(p.db, owner.email, 'problem-more-info')
  await o.page.goto(handles.site.url(new URL(/https:\/\/\S+\/problems\/\S+/.exec(asked!.text)![0]).pathname))
  await o.page.getByRole('heading', { level: 1, name: 'Damp homes' }).waitFor()
  await expect.poll(() => o.page.locator('main').textContent()).toContain('How many homes are affected?')
  await expectAccessible(o.page, 'the owner’s problem with a question')
  await tabTo(o.page, '#problem-answer')
  await o.page.keyboard.type('About 4,000 homes.')
  await tabTo(o.page, 'button', { text: 'Send your answer' })
  await o.page.keyboard.press('Enter')
  await o.page.getByRole('heading', { level: 1, name: 'Your problems' }).waitFor()
  await expect.poll(() => o.page.locator('main').textContent()).toContain('Submitted')
  o.assertClean()

  // The manager sees the answer and publishes it with its expected cost.
  await m.page.reload()
  await expect.poll(() => m.page.locator('main').textContent()).toContain('Answer: About 4,000 homes.')
  await tabTo(m.page, '#curate-cost')
  await m.page.keyboard.type('20000')
  await tabTo(m.page, 'button', { text: 'Publish' })
  await m.page.keyboard.press('Enter')
  await expect.poll(() => m.page.locator('main').textContent()).toContain('Published for prioritisation.')

  // The manager opens a round over it, and invites a stakeholder from its page.
  await m.page.goto(handles.site.url('/manage/rounds'))
  await m.page.getByRole('heading', { level: 1, name: 'Prioritisation rounds' }).waitFor()
  const local = (d: Date) =>
    new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/London', dateStyle: 'short', timeStyle: 'short' })
      .format(d)
      .replace(' ', 'T')
  await tabTo(m.page, '#round-title')
  await m.page.keyboard.type('Which problems should we run?')
  await m.page.locator('#round-opensAt').fill(local(new Date(p.clock.now.getTime() - DAY)))
  await m.page.locator('#round-closesAt').fill(local(new Date(p.clock.now.getTime() + 7 * DAY)))
  await tabTo(m.page, '#round-budget')
  await m.page.keyboard.type('30000')
  await tabTo(m.page, 'input[type=checkbox]')
  await m.page.keyboard.press('Space')
  await expectAccessible(m.page, 'opening a round')
  await tabTo(m.page, 'button', { text: 'Open the round' })
  await m.page.keyboard.press('Enter')
  await m.page.getByRole('heading', { level: 1, name: 'Which problems should we run?' }).waitFor()
  const roundId = m.page.url().split('/').pop()!
  expect((await p.call('GET', `/api/rounds/${roundId}`, { as: manager })).json).toMatchObject({
    method: 'points',
    pointsPerVoter: 10,
    budgetPence: 3_000_000,
    problemIds: [problem.id],
  })
  await expect.poll(() => m.page.locator('main').textContent()).toContain('Counts stay hidden until voting closes')
  await tabTo(m.page, '#voters-emails')
  await m.page.keyboard.type('vera@vcse.example')
  await m.page.keyboard.press('Tab')
  await m.page.locator('#voters-group').selectOption('vcse')
  await tabTo(m.page, 'button', { text: 'Send invitations' })
  await m.page.keyboard.press('Enter')
  await expect.poll(() => m.page.locator('main').textContent()).toContain('1 newly invited')
  await expectAccessible(m.page, 'the round while voting runs')

  // The stakeholder votes from their email's link, by keyboard.
  await expect.poll(async () => (await emailsTo(p.db, 'vera@vcse.example', 'round-vote-invitation')).length).toBe(1)
  const [email] = await emailsTo(p.db, 'vera@vcse.example', 'round-vote-invitation')
  const link = new URL(/https:\/\/\S+\/vote\/\S+/.exec(email!.text)![0])
  const v = await openPage(handles.browser)
  await v.page.goto(handles.site.url(`${link.pathname}${link.search}`))
  await v.page.getByRole('heading', { level: 1, name: 'Which problems should we run?' }).waitFor()
  await expectAccessible(v.page, 'the ballot paper')
  await tabTo(v.page, `#vote-${problem.id}`)
  await v.page.keyboard.type('7')
  await expect.poll(() => v.page.locator('#vote-left').textContent()).toContain('7 of your 10')
  await tabTo(v.page, 'button', { text: 'Send your vote' })
  await v.page.keyboard.press('Enter')
  await v.page.getByRole('heading', { level: 1, name: 'Thank you: your vote is counted' }).waitFor()
  await expectAccessible(v.page, 'the ballot once voted')
  await v.page.reload()
  await v.page.getByRole('heading', { level: 1, name: 'You have already voted' }).waitFor()
  v.assertClean()

  // Voting closes: results by group, both plans, and the draft competition.
  p.clock.now = new Date(p.clock.now.getTime() + 8 * DAY)
  await m.page.reload()
  await m.page.getByRole('heading', { name: 'Results by stakeholder group' }).waitFor()
  await expect.poll(() => m.page.locator('main').textContent()).toContain('1 stakeholders voted')
  await expect.poll(() => m.page.locator('table').textContent()).toContain('Voluntary, community and social enterprise')
  await expect.poll(() => m.page.locator('main').textContent()).toContain('Chosen: Damp homes')
  await expectAccessible(m.page, 'the round’s results and plans')
  await tabTo(m.page, '#draft-title')
  await m.page.keyboard.type('What’s your problem? Round 2')
  await tabTo(m.page, 'button', { text: 'Make the draft competition' })
  await m.page.keyboard.press('Enter')
  await expect.poll(() => m.page.url()).toMatch(/\/manage\/competitions\/[0-9A-Z]{26}$/)
  const competitionId = m.page.url().split('/').pop()!
  const made = await p.call('GET', `/api/competitions/${competitionId}`, { as: manager })
  expect(made.json.challenges.map((c: { title: string; owner: string }) => [c.title, c.owner])).toEqual([
    ['Damp homes', 'Sefton Council'],
  ])
  m.assertClean()
})
