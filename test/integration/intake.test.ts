// Problem intake: a manager invites problem owners, who propose problems and answer requests
// for more; managers curate (ask, merge, publish); invited stakeholders vote once each, under a
// keyed pseudonym, with counts hidden until the round closes; results by group; the award
// planner's greedy and exact plans choose what the budget fits; the chosen become a draft.
import { beforeAll, describe, expect, it } from 'vitest'
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { createHash } from 'node:crypto'
import { intakeKeys } from '../../functions/db/intake-repo.js'
import { outboxKeys } from '../../functions/db/outbox-repo.js'
import { problemBody } from '../support/intake-fixtures.js'
import { emailsTo } from '../support/mail.js'
import { createTestPlatform, fieldsOf, TEST_PUBLIC_URL, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let manager: { token: string; name: string }
const DAY = 86_400_000

beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager')
})

const at = (ms: number) => new Date(p.clock.now.getTime() + ms).toISOString()

/** A problem owner invited by the manager, signed in with the invited email. */
async function invitedOwner(organisation = 'Liverpool City Council') {
  const owner = await p.signIn('problemOwner')
  const invited = await p.call('POST', '/api/problem-owners', {
    as: manager,
    body: { email: owner.email, name: owner.name, organisation },
  })
  expect(invited.status, JSON.stringify(invited.json)).toBe(201)
  return owner
}

async function propose(owner: { token: string }, overrides: Record<string, unknown> = {}) {
  const made = await p.call('POST', '/api/problems', { as: owner, body: problemBody(overrides) })
  expect(made.status, JSON.stringify(made.json)).toBe(201)
  return made.json as { id: string; version: number }
}

async function publish(id: string, expectedCostPence: number) {
  const current = await p.call('GET', `/api/problems/${id}`, { as: manager })
  const done = await p.call('POST', `/api/problems/${id}/publish`, {
    as: manager,
    body: { expectedCostPence, version: current.json.version },
  })
  expect(done.status, JSON.stringify(done.json)).toBe(200)
}

describe('problem owners and their problems', () => {
  it('a manager invites a problem owner, who is emailed a link to propose problems', async () => {
    const owner = await invitedOwner()
    const [email] = await emailsTo(p.db, owner.email, 'problem-owner-invitation')
    expect(email?.text).toContain(`${TEST_PUBLIC_URL}/problems`)
    const again = await p.call('POST', '/api/problem-owners', {
      as: manager,
      body: { email: owner.email.toUpperCase(), name: 'X', organisation: 'Y' },
    })
    expect(again.status).toBe(409)
    const list = await p.call('GET', '/api/problem-owners?limit=100', { as: manager })
    expect(list.json.items.map((o: { email: string }) => o.email)).toContain(owner.email)
  })

  it('only managers invite, and only invited problem owners propose', async () => {
    const applicant = await p.signIn('applicant')
    expect(
      (
        await p.call('POST', '/api/problem-owners', {
          as: applicant,
          body: { email: 'a@b.org', name: 'A', organisation: 'B' },
        })
      ).status,
    ).toBe(403)
    expect((await p.call('POST', '/api/problems', { as: applicant, body: problemBody() })).status).toBe(403)
    const uninvited = await p.signIn('problemOwner')
    const refused = await p.call('POST', '/api/problems', { as: uninvited, body: problemBody() })
    expect(refused.status).toBe(403)
    expect(refused.json.detail).toMatch(/invited/)
  })

  it('refuses a bad proposal naming each field, and bounds its size', async () => {
    const owner = await invitedOwner()
    const bad = await p.call('POST', '/api/problems', {
      as: owner,
      body: problemBody({
        statement: 'Fix damp',
        contributionPence: -1,
        evidence: [{ title: 'x', url: 'javascript:alert(1)', accessLevel: 'secret' }],
      }),
    })
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/)
    expect(fieldsOf(bad.json)).toEqual(
      expect.arrayContaining(['statement', 'contributionPence', 'evidence.0.url', 'evidence.0.accessLevel']),
    )
    const huge = await p.call('POST', '/api/problems', {
      as: owner,
      body: problemBody({ description: 'x'.repeat(5001) }),
    })
    expect(fieldsOf(huge.json)).toEqual(['description'])
  })

  it('an owner sees only their own problems; someone else’s and a missing one are the same 404', async () => {
    const mine = await invitedOwner()
    const theirs = await invitedOwner('Wirral Council')
    const a = await propose(mine)
    const b = await propose(theirs, { title: 'Lonely older people' })
    const list = await p.call('GET', '/api/me/problems', { as: mine })
    expect(list.json.items.map((x: { id: string }) => x.id)).toEqual([a.id])
    expect(list.json.items[0]).toMatchObject({ status: 'submitted', organisation: 'Liverpool City Council' })
    const other = await p.call('GET', `/api/problems/${b.id}`, { as: mine })
    const missing = await p.call('GET', '/api/problems/01ARZ3NDEKTSV4RRFFQ69G5FAV', { as: mine })
    expect(other.status).toBe(404)
    expect(other.json).toEqual(missing.json)
    const edit = await p.call('PUT', `/api/problems/${b.id}`, { as: mine, body: { ...problemBody(), version: 1 } })
    expect(edit.status).toBe(404)
    expect((await p.call('GET', '/api/problems', { as: mine })).status).toBe(403)
    const all = await p.call('GET', '/api/problems?limit=100', { as: manager })
    expect(all.json.items.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([a.id, b.id]))
  })

  it('a manager asks for more; the owner is emailed a link and answers; the problem comes back', async () => {
    const owner = await invitedOwner()
    const problem = await propose(owner)
    const asked = await p.call('POST', `/api/problems/${problem.id}/questions`, {
      as: manager,
      body: { question: 'How many homes are affected?', version: 1 },
    })
    expect(asked.status, JSON.stringify(asked.json)).toBe(200)
    expect(asked.json.status).toBe('more-info')
    const [email] = await emailsTo(p.db, owner.email, 'problem-more-info')
    expect(email?.text).toContain('How many homes are affected?')
    expect(email?.text).toContain(`${TEST_PUBLIC_URL}/problems/${problem.id}`)
    const stale = await p.call('PUT', `/api/problems/${problem.id}`, {
      as: owner,
      body: { ...problemBody(), version: 1 },
    })
    expect(stale.status).toBe(409)
    const answered = await p.call('PUT', `/api/problems/${problem.id}`, {
      as: owner,
      body: { ...problemBody(), answer: 'About 4,000 homes.', version: 2 },
    })
    expect(answered.status, JSON.stringify(answered.json)).toBe(200)
    expect(answered.json).toMatchObject({
      status: 'submitted',
      version: 3,
      questions: [{ question: 'How many homes are affected?', answer: 'About 4,000 homes.' }],
    })
  })

  it('a manager merges a duplicate into another (it takes the evidence) and publishes; decided problems stay decided', async () => {
    const owner = await invitedOwner()
    const kept = await propose(owner)
    const duplicate = await propose(owner, {
      evidence: [
        { title: 'Housing complaints', description: '', accessLevel: 'open', url: 'https://data.example.org/c' },
      ],
    })
    const self = await p.call('POST', `/api/problems/${kept.id}/merge`, {
      as: manager,
      body: { intoId: kept.id, version: 1 },
    })
    expect(self.status).toBe(409)
    const merged = await p.call('POST', `/api/problems/${duplicate.id}/merge`, {
      as: manager,
      body: { intoId: kept.id, version: 1 },
    })
    expect(merged.status, JSON.stringify(merged.json)).toBe(200)
    expect(merged.json).toMatchObject({ status: 'merged', mergedInto: kept.id })
    const into = await p.call('GET', `/api/problems/${kept.id}`, { as: owner })
    expect(into.json.mergedFrom).toEqual([duplicate.id])
    expect(into.json.evidence.map((e: { title: string }) => e.title)).toEqual([
      'Asthma admissions by ward',
      'Housing complaints',
    ])
    const again = await p.call('POST', `/api/problems/${duplicate.id}/publish`, {
      as: manager,
      body: { expectedCostPence: 100, version: 2 },
    })
    expect(again.status).toBe(409)
    await publish(kept.id, 2_000_000)
    const edit = await p.call('PUT', `/api/problems/${kept.id}`, { as: owner, body: { ...problemBody(), version: 3 } })
    expect(edit.status).toBe(409)
    expect(edit.json.detail).toMatch(/published/)
  })
})

describe('prioritisation rounds', () => {
  /** Three published problems costing £20k, £30k and £25k, and a round over them with a £50k budget. */
  async function roundOf(
    method: 'points' | 'approval' = 'points',
    costs: [string, number][] = [
      ['Asthma', 2_000_000],
      ['Loneliness', 3_000_000],
      ['Potholes', 2_500_000],
    ],
  ) {
    const owner = await invitedOwner()
    const ids: string[] = []
    for (const [title, cost] of costs) {
      const made = await propose(owner, { title })
      await publish(made.id, cost)
      ids.push(made.id)
    }
    const round = await p.call('POST', '/api/rounds', {
      as: manager,
      body: {
        title: 'Which problems should we run?',
        opensAt: at(-DAY),
        closesAt: at(7 * DAY),
        method,
        ...(method === 'points' ? { pointsPerVoter: 10 } : {}),
        budgetPence: 5_000_000,
        problemIds: ids,
      },
    })
    expect(round.status, JSON.stringify(round.json)).toBe(201)
    return { roundId: round.json.id as string, ids }
  }

  /** Invites one stakeholder and returns their ballot address from the email. */
  async function invite(
    roundId: string,
    group: string,
    email = `stakeholder-${Math.random().toString(36).slice(2, 10)}@example.org`,
  ) {
    const done = await p.call('POST', `/api/rounds/${roundId}/voters`, {
      as: manager,
      body: { voters: [{ email, group }] },
    })
    expect(done.json).toEqual({ invited: 1 })
    const [message] = await emailsTo(p.db, email.toLowerCase(), 'round-vote-invitation')
    const link = new URL(message!.text.match(/https?:\/\/\S+/)![0])
    const [, , , voter] = link.pathname.split('/')
    expect(link.pathname.startsWith(`/vote/${roundId}/`)).toBe(true)
    return { email, voter: decodeURIComponent(voter!), token: link.searchParams.get('token')! }
  }

  const vote = (
    roundId: string,
    v: { voter: string; token: string },
    support: { problemId: string; points: number }[],
  ) =>
    p.call('POST', `/api/rounds/${roundId}/ballots/${encodeURIComponent(v.voter)}`, {
      body: { token: v.token, support },
    })

  it('refuses a round over problems that are not published, naming each', async () => {
    const owner = await invitedOwner()
    const draft = await propose(owner)
    const refused = await p.call('POST', '/api/rounds', {
      as: manager,
      body: {
        title: 'R',
        opensAt: at(0),
        closesAt: at(DAY),
        method: 'approval',
        budgetPence: 100,
        problemIds: [draft.id],
      },
    })
    expect(refused.status).toBe(422)
    expect(fieldsOf(refused.json)).toEqual(['problemIds.0'])
    const backwards = await p.call('POST', '/api/rounds', {
      as: manager,
      body: {
        title: 'R',
        opensAt: at(DAY),
        closesAt: at(0),
        method: 'points',
        budgetPence: 100,
        problemIds: [draft.id],
      },
    })
    expect(fieldsOf(backwards.json)).toEqual(expect.arrayContaining(['closesAt', 'pointsPerVoter']))
  })

  it('the voter is a keyed pseudonym: no email in the round, and not a plain hash of it', async () => {
    const { roundId } = await roundOf()
    const v = await invite(roundId, 'vcse')
    const { Items } = await p.db.doc.send(
      new QueryCommand({
        TableName: p.db.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': intakeKeys.roundPk(roundId) },
      }),
    )
    expect(JSON.stringify(Items)).not.toContain(v.email)
    // The email, which pairs the address with the link, expires a week after the round closes.
    const [message] = await emailsTo(p.db, v.email, 'round-vote-invitation')
    const { Item } = await p.db.doc.send(
      new GetCommand({ TableName: p.db.tableName, Key: { pk: outboxKeys.pk(message!.id), sk: outboxKeys.sk } }),
    )
    expect(Item?.expiresAt).toBe(Math.ceil(p.clock.now.getTime() / 1000 + 7 * 86_400 + 7 * 86_400))
    const plain = [v.email, `${roundId}${v.email}`].flatMap((s) =>
      ['hex', 'base64url'].map((enc) =>
        createHash('sha256')
          .update(s)
          .digest(enc as 'hex'),
      ),
    )
    expect(plain).not.toContain(v.voter)
    // A wrong token, or someone else's pseudonym, is the same 404 as a missing round.
    const wrong = await p.call('GET', `/api/rounds/${roundId}/ballots/${v.voter}?token=${'A'.repeat(32)}`)
    expect(wrong.status).toBe(404)
    const page = await p.call('GET', `/api/rounds/${roundId}/ballots/${v.voter}?token=${v.token}`)
    expect(page.status, JSON.stringify(page.json)).toBe(200)
    expect(page.json).toMatchObject({ group: 'vcse', voted: false })
    expect(JSON.stringify(page.json)).not.toMatch(/points"?:\s*[1-9]|total/)
  })

  it('a stakeholder votes once; counts stay hidden until the window closes; results come by group', async () => {
    const { roundId, ids } = await roundOf()
    const a = await invite(roundId, 'public-sector')
    const b = await invite(roundId, 'sme')
    const c = await invite(roundId, 'sme')
    const over = await vote(roundId, a, [{ problemId: ids[0]!, points: 11 }])
    expect(over.status).toBe(422)
    expect(fieldsOf(over.json)).toEqual(['support'])
    const stranger = await vote(roundId, a, [{ problemId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', points: 1 }])
    expect(fieldsOf(stranger.json)).toEqual(['support.0.problemId'])
    expect(
      (
        await vote(roundId, a, [
          { problemId: ids[0]!, points: 6 },
          { problemId: ids[1]!, points: 4 },
        ])
      ).status,
    ).toBe(201)
    const twice = await vote(roundId, a, [{ problemId: ids[2]!, points: 10 }])
    expect(twice.status).toBe(409)
    expect(twice.json.detail).toMatch(/already voted/)
    expect((await vote(roundId, b, [{ problemId: ids[1]!, points: 10 }])).status).toBe(201)
    expect(
      (
        await vote(roundId, c, [
          { problemId: ids[2]!, points: 7 },
          { problemId: ids[0]!, points: 3 },
        ])
      ).status,
    ).toBe(201)
    // Nobody sees a count while voting runs: not the results, not the selection, not the round.
    const early = await p.call('GET', `/api/rounds/${roundId}/results`, { as: manager })
    expect(early.status).toBe(409)
    expect(early.json.detail).toMatch(/hidden until voting closes/)
    expect((await p.call('GET', `/api/rounds/${roundId}/selection`, { as: manager })).status).toBe(409)
    expect(Object.keys((await p.call('GET', `/api/rounds/${roundId}`, { as: manager })).json)).not.toContain('ballots')
    const page = await p.call('GET', `/api/rounds/${roundId}/ballots/${a.voter}?token=${a.token}`)
    expect(page.json.voted).toBe(true)

    p.clock.now = new Date(p.clock.now.getTime() + 8 * DAY)
    try {
      const late = await invite(roundId, 'vcse').catch(() => undefined)
      expect(late).toBeUndefined()
      const results = await p.call('GET', `/api/rounds/${roundId}/results`, { as: manager })
      expect(results.status, JSON.stringify(results.json)).toBe(200)
      expect(results.json.ballots).toBe(3)
      expect(results.json.byGroup).toEqual([
        { group: 'public-sector', ballots: 1 },
        { group: 'sme', ballots: 2 },
      ])
      expect(results.json.problems.map((x: { id: string; total: number }) => [x.id, x.total])).toEqual([
        [ids[1], 14],
        [ids[0], 9],
        [ids[2], 7],
      ])
      expect(results.json.problems[1].byGroup).toEqual([
        { group: 'public-sector', points: 6 },
        { group: 'sme', points: 3 },
      ])
      const closed = await vote(roundId, b, [{ problemId: ids[0]!, points: 1 }])
      expect(closed.status).toBe(409)
      expect(closed.json.detail).toMatch(/closed/)
    } finally {
      p.clock.now = new Date(p.clock.now.getTime() - 8 * DAY)
    }
  })

  it('two managers making the draft at once make one', async () => {
    const { roundId, ids } = await roundOf('approval', [['Asthma', 1_000_000]])
    expect((await vote(roundId, await invite(roundId, 'sme'), [{ problemId: ids[0]!, points: 1 }])).status).toBe(201)
    p.clock.now = new Date(p.clock.now.getTime() + 8 * DAY)
    const title = `Race ${roundId}`
    try {
      const made = await Promise.all(
        [1, 2, 3].map(() =>
          p.call('POST', `/api/rounds/${roundId}/competition`, {
            as: manager,
            body: { title, method: 'greedy', expected: ids },
          }),
        ),
      )
      expect(made.map((r) => r.status).sort()).toEqual([201, 409, 409])
      const drafts = await p.call('GET', '/api/competitions?status=draft&limit=100', { as: manager })
      expect(drafts.json.items.filter((c: { title: string }) => c.title === title)).toHaveLength(1)
    } finally {
      p.clock.now = new Date(p.clock.now.getTime() - 8 * DAY)
    }
  })

  it('the same stakeholder voting twice at once gives one vote', async () => {
    const { roundId, ids } = await roundOf('approval')
    const v = await invite(roundId, 'vcse')
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => vote(roundId, v, [{ problemId: ids[i % 3]!, points: 1 }])),
    )
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409])
    p.clock.now = new Date(p.clock.now.getTime() + 8 * DAY)
    try {
      const counted = await p.call('GET', `/api/rounds/${roundId}/results`, { as: manager })
      expect(counted.json.ballots).toBe(1)
      expect(counted.json.problems.reduce((sum: number, x: { total: number }) => sum + x.total, 0)).toBe(1)
    } finally {
      p.clock.now = new Date(p.clock.now.getTime() - 8 * DAY)
    }
  })

  /** After voting closes (the clock a week on), what the results count; the clock is put back. */
  async function countedAfterClose(roundId: string) {
    p.clock.now = new Date(p.clock.now.getTime() + 8 * DAY)
    try {
      const counted = await p.call('GET', `/api/rounds/${roundId}/results`, { as: manager })
      expect(counted.status, JSON.stringify(counted.json)).toBe(200)
      return counted.json as { ballots: number; problems: { id: string; total: number }[] }
    } finally {
      p.clock.now = new Date(p.clock.now.getTime() - 8 * DAY)
    }
  }

  it('a stakeholder signed in (any role) with the invited email finds the round and votes there; the link and the sign-in are one ballot', async () => {
    const { roundId, ids } = await roundOf()
    const stakeholder = await p.signIn('applicant')
    const v = await invite(roundId, 'sme', stakeholder.email.toUpperCase())
    const mine = async (as: { token: string }) =>
      (await p.call('GET', '/api/me/rounds?limit=100', { as })).json.items as { id: string; voted: boolean }[]
    expect((await mine(stakeholder)).find((r) => r.id === roundId)).toMatchObject({
      title: 'Which problems should we run?',
      method: 'points',
      voted: false,
    })
    // Someone signed in who was not invited sees no such round: listed nowhere, and the same 404 as a missing one.
    const other = await p.signIn('panellist')
    expect((await mine(other)).map((r) => r.id)).not.toContain(roundId)
    const notInvited = await p.call('GET', `/api/me/rounds/${roundId}`, { as: other })
    const missing = await p.call('GET', '/api/me/rounds/01ARZ3NDEKTSV4RRFFQ69G5FAV', { as: other })
    expect([notInvited.status, missing.status]).toEqual([404, 404])
    expect(notInvited.json.detail).toBe(missing.json.detail)
    const support = [{ problemId: ids[0]!, points: 4 }]
    expect((await p.call('POST', `/api/me/rounds/${roundId}/ballot`, { as: other, body: { support } })).status).toBe(
      404,
    )
    expect((await p.call('GET', '/api/me/rounds')).status).toBe(401)
    // The stakeholder's ballot paper, signed in: their group, no counts; a bad ballot names its field.
    const paper = await p.call('GET', `/api/me/rounds/${roundId}`, { as: stakeholder })
    expect(paper.status, JSON.stringify(paper.json)).toBe(200)
    expect(paper.json).toMatchObject({ group: 'sme', voted: false, round: { id: roundId } })
    const over = await p.call('POST', `/api/me/rounds/${roundId}/ballot`, {
      as: stakeholder,
      body: { support: [{ problemId: ids[0]!, points: 11 }] },
    })
    expect(over.status).toBe(422)
    expect(fieldsOf(over.json)).toEqual(['support'])
    const withToken = await p.call('POST', `/api/me/rounds/${roundId}/ballot`, {
      as: stakeholder,
      body: { token: v.token, support },
    })
    expect(withToken.status).toBe(400)
    const cast = await p.call('POST', `/api/me/rounds/${roundId}/ballot`, { as: stakeholder, body: { support } })
    expect(cast.status, JSON.stringify(cast.json)).toBe(201)
    // The same person by their link afterwards: the same ballot, so refused; and signed in again likewise.
    const byLink = await vote(roundId, v, [{ problemId: ids[1]!, points: 10 }])
    expect(byLink.status).toBe(409)
    expect(byLink.json.detail).toMatch(/already voted/)
    expect(
      (await p.call('POST', `/api/me/rounds/${roundId}/ballot`, { as: stakeholder, body: { support } })).status,
    ).toBe(409)
    expect((await mine(stakeholder)).find((r) => r.id === roundId)?.voted).toBe(true)
    expect((await p.call('GET', `/api/rounds/${roundId}/ballots/${v.voter}?token=${v.token}`)).json.voted).toBe(true)
    const counted = await countedAfterClose(roundId)
    expect(counted.ballots).toBe(1)
    expect(counted.problems.find((x) => x.id === ids[0])?.total).toBe(4)
    // Once the round has closed it is no longer listed.
    p.clock.now = new Date(p.clock.now.getTime() + 8 * DAY)
    try {
      expect((await mine(stakeholder)).map((r) => r.id)).not.toContain(roundId)
    } finally {
      p.clock.now = new Date(p.clock.now.getTime() - 8 * DAY)
    }
  })

  it('a vote by the link and one signed in, by the same person at once, make exactly one ballot', async () => {
    const { roundId, ids } = await roundOf('approval')
    const stakeholder = await p.signIn('problemOwner')
    const v = await invite(roundId, 'public-sector', stakeholder.email)
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => {
        const support = [{ problemId: ids[i % 3]!, points: 1 }]
        return i % 2
          ? vote(roundId, v, support)
          : p.call('POST', `/api/me/rounds/${roundId}/ballot`, { as: stakeholder, body: { support } })
      }),
    )
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409])
    const counted = await countedAfterClose(roundId)
    expect(counted.ballots).toBe(1)
    expect(counted.problems.reduce((sum, x) => sum + x.total, 0)).toBe(1)
  })

  it('chooses what the budget fits: greedy by support and the exact optimum side by side, with a reason for each left out; then makes the draft', async () => {
    // A has most support but its cost leaves room for nothing else; B and C together have more.
    const { roundId, ids } = await roundOf('points', [
      ['Asthma', 3_500_000],
      ['Loneliness', 2_500_000],
      ['Potholes', 2_500_000],
      ['Bus shelters', 100_000],
    ])
    const [A, B, C, D] = ids as [string, string, string, string]
    const votes: [string, { problemId: string; points: number }[]][] = [
      ['public-sector', [{ problemId: A, points: 10 }]],
      [
        'sme',
        [
          { problemId: B, points: 5 },
          { problemId: C, points: 5 },
        ],
      ],
      [
        'vcse',
        [
          { problemId: B, points: 4 },
          { problemId: C, points: 3 },
          { problemId: A, points: 3 },
        ],
      ],
    ]
    for (const [group, support] of votes)
      expect((await vote(roundId, await invite(roundId, group), support)).status).toBe(201)
    const early = await p.call('POST', `/api/rounds/${roundId}/competition`, {
      as: manager,
      body: { title: 'Round 2', method: 'optimal', expected: [B, C] },
    })
    expect(early.status).toBe(409)

    p.clock.now = new Date(p.clock.now.getTime() + 8 * DAY)
    try {
      const applicant = await p.signIn('applicant')
      expect((await p.call('GET', `/api/rounds/${roundId}/selection`, { as: applicant })).status).toBe(403)
      const chosen = await p.call('GET', `/api/rounds/${roundId}/selection`, { as: manager })
      expect(chosen.status, JSON.stringify(chosen.json)).toBe(200)
      const [greedy, optimal] = chosen.json.plans
      expect(greedy.plan.method).toBe('greedy')
      expect(greedy.plan.awards.map((x: { applicationId: string }) => x.applicationId)).toEqual([A])
      expect(optimal.plan).toMatchObject({ method: 'optimal', exact: true, totalScore: 17, totalPence: 5_000_000 })
      expect(optimal.plan.awards.map((x: { applicationId: string }) => x.applicationId).sort()).toEqual([B, C].sort())
      const why = (plan: { reasons: { problemId: string; reason: string }[] }) =>
        Object.fromEntries(plan.reasons.map((r) => [r.problemId, r.reason]))
      expect(why(greedy)[B]).toMatch(/£25,000.*£10,000 more than the budget left/)
      expect(why(greedy)[D]).toBe('No support.')
      expect(why(optimal)[A]).toMatch(/more support in all/)
      expect(why(optimal)[D]).toBe('No support.')

      const stale = await p.call('POST', `/api/rounds/${roundId}/competition`, {
        as: manager,
        body: { title: 'Round 2', method: 'optimal', expected: [A] },
      })
      expect(stale.status).toBe(409)
      expect(fieldsOf(stale.json)).toEqual(['expected'])
      const made = await p.call('POST', `/api/rounds/${roundId}/competition`, {
        as: manager,
        body: { title: 'What’s your problem? Round 2', method: 'optimal', expected: [C, B] },
      })
      expect(made.status, JSON.stringify(made.json)).toBe(201)
      expect(made.json).toMatchObject({ status: 'draft', potPence: 5_000_000 })
      const page = await p.call('GET', `/api/competitions/${made.json.id}`, { as: manager })
      expect(page.status, JSON.stringify(page.json)).toBe(200)
      const challenges = page.json.challenges as {
        title: string
        owner: string
        statement: string
        dataPack: { kind: string; accessLevel: string; url: string }[]
      }[]
      expect(challenges.map((c) => c.title).sort()).toEqual(['Loneliness', 'Potholes'])
      for (const challenge of challenges) {
        expect(challenge.owner).toBe('Liverpool City Council')
        expect(challenge.statement).toMatch(/^How might we/)
        expect(challenge.dataPack).toEqual([
          expect.objectContaining({
            kind: 'dataset',
            accessLevel: 'restricted',
            url: 'https://data.example.org/asthma',
          }),
        ])
      }
      // Twice more at once: both refused, and no second draft is left behind.
      const again = await Promise.all(
        [1, 2].map(() =>
          p.call('POST', `/api/rounds/${roundId}/competition`, {
            as: manager,
            body: { title: 'Again', method: 'optimal', expected: [B, C] },
          }),
        ),
      )
      expect(again.map((r) => r.status)).toEqual([409, 409])
      expect((await p.call('GET', `/api/rounds/${roundId}`, { as: manager })).json.competitionId).toBe(made.json.id)
    } finally {
      p.clock.now = new Date(p.clock.now.getTime() - 8 * DAY)
    }
  })
})
