// Subject access beyond the EOI, in a real browser by keyboard: a problem owner who was also
// invited to vote in a round and to sit on a panel reads their problems, their round invitation
// and their panel record on "Your data", and nothing of another owner of the same council.
// Axe at desktop and 390 px.
import { expect, it } from 'vitest'
import { createPublished } from '../support/fixtures.js'
import { expectAccessible, expectFocus, openPage, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()
const DAY = 86_400_000

it('shows a problem owner their problems, round invitation and panel record', { timeout: 180_000 }, async () => {
  const p = handles.site.platform
  const manager = await p.signIn('manager', 'Priya Shah')
  const owners = []
  const problems = []
  for (const name of ['Olu Owner', 'Tami Other']) {
    const owner = await p.signIn('problemOwner', name)
    const invited = await p.call('POST', '/api/problem-owners', {
      as: manager,
      body: { email: owner.email, name, organisation: 'Sefton Council' },
    })
    expect(invited.status, invited.text).toBe(201)
    const first = name.split(' ')[0]
    const made = await p.call('POST', '/api/problems', {
      as: owner,
      body: {
        title: `${first}’s problem: damp homes`,
        statement: 'How might we find the homes where damp is making children ill?',
        description: `${first} writes about damp homes.`,
        affects: 'Families in private rented homes.',
        evidence: [],
        commitment: { leadName: `${first} Lead`, time: 'Half a day a week', pilotSite: '' },
        contributionPence: 100_000,
      },
    })
    expect(made.status, made.text).toBe(201)
    const published = await p.call('POST', `/api/problems/${made.json.id}/publish`, {
      as: manager,
      body: { expectedCostPence: 1_000_000, version: made.json.version },
    })
    expect(published.status, published.text).toBe(200)
    owners.push(owner)
    problems.push(made.json.id as string)
  }
  const [owner, other] = owners as [(typeof owners)[0], (typeof owners)[0]]
  const round = await p.call('POST', '/api/rounds', {
    as: manager,
    body: {
      title: 'Which problems should Sefton run?',
      opensAt: new Date(Date.now() - DAY).toISOString(),
      closesAt: new Date(Date.now() + 7 * DAY).toISOString(),
      method: 'approval',
      budgetPence: 5_000_000,
      problemIds: problems,
    },
  })
  expect(round.status, round.text).toBe(201)
  const votersInvited = await p.call('POST', `/api/rounds/${round.json.id}/voters`, {
    as: manager,
    body: { voters: [{ email: owner.email, group: 'public-sector' }] },
  })
  expect(votersInvited.json, votersInvited.text).toEqual({ invited: 1 })
  const { competition } = await createPublished(p, manager)
  const panel = await p.call('POST', `/api/competitions/${competition.id}/panel`, {
    as: manager,
    body: { email: owner.email, name: 'Olu Owner', role: 'Public health lead', organisation: 'Sefton Council' },
  })
  expect(panel.status, panel.text).toBe(201)

  const { page } = await openPage(handles.browser)
  await page.goto(handles.site.url('/signin?next=%2Fproblems'))
  await page.locator('#email').waitFor()
  await tabTo(page, '#email')
  await page.keyboard.type(owner.email)
  await tabTo(page, 'button', { text: 'Continue with this email' })
  await page.keyboard.press('Enter')
  await page.waitForURL('**/problems')
  await expectFocus(page, { tag: 'h1' })

  await tabTo(page, 'a', { text: 'Your data' })
  await page.keyboard.press('Enter')
  await page.waitForURL('**/account/data')
  await expectFocus(page, { tag: 'h1', text: 'Your data' })
  const main = page.locator('main')
  await expect.poll(() => main.textContent()).toContain('Problems you proposed')
  const text = (await main.textContent())!
  expect(text).toContain('Olu’s problem: damp homes')
  expect(text).toContain('Olu Lead')
  expect(text).toContain('Which problems should Sefton run?, as public sector: not voted')
  expect(text).toContain('Public health lead, Sefton Council (invited)')
  for (const foreign of ['Tami', other.email]) expect(text).not.toContain(foreign)
  await expectAccessible(page, 'your data, as a problem owner, stakeholder and invited panellist')
})
