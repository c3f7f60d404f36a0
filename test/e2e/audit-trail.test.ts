// The audit trail page in a real browser, by keyboard alone: a programme manager goes from the
// competition's task list to "Audit trail", checks the trail and reads that it is intact (focus
// on the answer); then an entry is changed straight in the table, as someone with database
// access might, and the next check says which entry broke and why. Axe at desktop and 390 px.
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { expect, it } from 'vitest'
import { openCompetition } from '../support/eoi-fixtures.js'
import { expectAccessible, expectFocus, openPage, PHONE, tabTo, useBrowserAndSite } from './support/browser.js'

const handles = useBrowserAndSite()

it('a manager checks the audit trail by keyboard and sees it intact, then broken after a change in the table', {
  timeout: 180_000,
}, async () => {
  const p = handles.site.platform
  const manager = await p.signIn('manager')
  const comp = await openCompetition(p, manager)
  const id = comp.competition.id as string
  const base = `/manage/competitions/${id}`
  // Enough changes for more than one page of entries.
  for (let i = 0; i < 20; i++)
    expect(
      (
        await p.call('POST', `/api/competitions/${id}/questions`, {
          as: manager,
          body: { kind: 'longText', label: `Question ${i}`, required: false, softWordLimit: 5, hardWordLimit: 10 },
        })
      ).status,
    ).toBeLessThan(300)
  // What the API says now (this also chains what is pending): the page must say the same.
  const before = (await p.call('GET', `/api/competitions/${id}/audit/verify`, { as: manager })).json
  expect(before.ok).toBe(true)
  const n = before.entries as number
  expect(n).toBeGreaterThan(25)

  const { page, assertClean } = await openPage(handles.browser)
  await page.goto(handles.site.url(`/signin?next=${encodeURIComponent(base)}`))
  await page.locator('#email').waitFor()
  await tabTo(page, '#email')
  await page.keyboard.type(manager.email)
  await tabTo(page, 'button', { text: 'Continue with this email' })
  await page.keyboard.press('Enter')
  await page.waitForURL((url) => url.pathname === base)
  await page.getByRole('list', { name: 'Running the competition' }).waitFor()

  // From the task list's other pages, by keyboard.
  await tabTo(page, 'a', { text: 'Audit trail' })
  await page.keyboard.press('Enter')
  await page.waitForURL(`**${base}/audit`)
  await expectFocus(page, { tag: 'h1', text: 'Audit trail' })
  await expectAccessible(page, 'the audit trail page')

  // The newest entries: who as a role and id, what, which items; older ones by keyboard.
  const rows = page.locator('table.audit-entries tbody tr')
  await expect.poll(() => rows.count()).toBe(25)
  const newest = (await rows.first().textContent()) ?? ''
  expect(newest).toContain(`Manager ${manager.id}`)
  expect(newest).toContain('POST /competitions/:competitionId/questions')
  expect(newest, 'the items changed, by kind and id').toContain(id)
  expect(newest).not.toContain(manager.email)
  await tabTo(page, 'button', { text: 'Show older entries' })
  await page.keyboard.press('Enter')
  await expect.poll(() => rows.count()).toBe(n)
  await expectFocus(page, { tag: 'th', id: `audit-entry-${n - 25}` })

  // — Check it: intact, with its length, head and (no) checkpoint; focus on the answer —
  await tabTo(page, 'button', { text: 'Check the audit trail' })
  await page.keyboard.press('Enter')
  const result = page.locator('#audit-result')
  await result.waitFor()
  await expectFocus(page, { id: 'audit-result', className: 'notice-success', text: 'The audit trail is intact' })
  const intact = (await result.textContent()) ?? ''
  expect(intact).toContain(
    `The audit trail is intact: ${n} entries, head entry ${n} (hash ${before.head.hash.slice(0, 8)}…${before.head.hash.slice(-8)}), `,
  )
  // The local timer may have checkpointed the head meanwhile: either way the page says so in words.
  expect(intact).toMatch(
    /, (last checkpoint at entry \d+, \w+day \d+ \w+ \d{4} at \d\d:\d\d (GMT|BST)|no checkpoint taken yet)/,
  )
  await expectAccessible(page, 'the audit trail, intact')
  await page.setViewportSize(PHONE)
  await expectAccessible(page, 'the audit trail, intact, at 390 px')
  await page.setViewportSize({ width: 1100, height: 900 })

  // — An entry changed straight in the table —
  const third = (
    await p.db.doc.send(
      new QueryCommand({
        TableName: p.db.tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': `AUDIT#${id}`, ':sk': `ENTRY#${String(3).padStart(12, '0')}` },
        ConsistentRead: true,
      }),
    )
  ).Items?.[0]
  expect(third, 'entry 3 is in the table').toBeDefined()
  await p.db.doc.send(
    new UpdateCommand({
      TableName: p.db.tableName,
      Key: { pk: third!.pk, sk: third!.sk },
      UpdateExpression: 'SET actorId = :someoneElse',
      ExpressionAttributeValues: { ':someoneElse': 'someone-else' },
    }),
  )

  await tabTo(page, 'button', { text: 'Check the audit trail', back: true })
  await page.keyboard.press('Enter')
  await expectFocus(page, { id: 'audit-result', className: 'notice-error', text: 'The audit trail is broken' })
  expect(await result.textContent()).toContain(
    'The audit trail is broken at entry 3: the entry was changed after it was written. The 2 entries before it hold.',
  )
  await expectAccessible(page, 'the audit trail, broken')
  await page.setViewportSize(PHONE)
  await expectAccessible(page, 'the audit trail, broken, at 390 px')
  assertClean()
})
