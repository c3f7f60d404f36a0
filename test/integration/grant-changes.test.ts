// Changes to a grant after acceptance, through the API: the grantee asks (extend, scope,
// indicators, reduce), a manager decides once; the manager reduces, terminates and records
// repayments, returning exactly the unpaid part to the pot with a ledger that replays to the
// budget; an accepted award is not withdrawn once its grant agreement is sent. Races leave one
// outcome.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { cutTranches } from '../../functions/core/grants/changes.js'
import type { Grant } from '../../shared/schemas/grants.js'
import { assessingCompetition, releaseDecisions, type Assessing } from '../support/assessing-fixtures.js'
import { emailsTo } from '../support/mail.js'
import { createTestPlatform, fieldsOf, TEST_PUBLIC_URL, type TestPlatform } from '../support/platform.js'

let p: TestPlatform
let a: Assessing
let second: Awaited<ReturnType<TestPlatform['signIn']>>
const DAY = 86_400_000
const AWARD = 1_000_000 // £10,000 each (less than the £16,700 asked for): six fit the £60,000 pot
const MISSING = '01ARZ3NDEKTSV4RRFFQ69G5FAV'

/** 40% on signing, 33% on the pilot, 27% held back until the completion report. */
const setup = (version: number) => ({
  version,
  startsOn: '2027-01-04',
  endsOn: '2027-12-17',
  milestones: [
    { id: 'm1', title: 'Discovery with two GP practices', dueOn: '2027-03-31', evidence: 'A discovery report' },
    { id: 'm2', title: 'Pilot in 50 homes', dueOn: '2027-09-30', evidence: 'The pilot’s data' },
    { id: 'final', title: 'Completion report', dueOn: '2027-12-10', evidence: 'The completion report' },
  ],
  tranches: [
    { id: 't1', label: 'On signing', percent: 40, trigger: { kind: 'signing' } },
    { id: 't2', label: 'After the pilot', percent: 33, trigger: { kind: 'milestone', milestoneId: 'm2' } },
    {
      id: 't3',
      label: 'Held back',
      percent: 27,
      trigger: { kind: 'milestone', milestoneId: 'final' },
      holdback: true,
    },
  ],
  indicators: [
    {
      id: 'admissions',
      measure: 'Emergency asthma admissions',
      unit: 'admissions a quarter',
      better: 'lower',
      baseline: { value: 42, on: '2026-09-30' },
      targets: [{ on: '2027-12-31', value: 33 }],
    },
  ],
  notes: '',
})

const grantPath = (id: string) => `/api/competitions/${a.competitionId}/grants/${id}`
const changesPath = (id: string) => `/api/applications/${id}/grant/changes`
const grantee = (i: number) => a.applications[i]!.applicant
const readGrant = async (id: string): Promise<Grant> => (await p.call('GET', grantPath(id), { as: a.manager })).json
const budget = async () => (await p.call('GET', `/api/competitions/${a.competitionId}/budget`, { as: a.manager })).json
const award = async (id: string) =>
  (await budget()).awards.find((x: { applicationId: string }) => x.applicationId === id)

/** The ledger replays to the competition's committed (and paid) totals. */
async function expectLedgerReplays() {
  const { entries } = (await p.call('GET', `/api/competitions/${a.competitionId}/ledger`, { as: a.manager })).json
  const b = await budget()
  const committed = entries.reduce((sum: number, e: { changePence: number }) => sum + e.changePence, 0)
  const paid = entries.reduce((sum: number, e: { paidChangePence?: number }) => sum + (e.paidChangePence ?? 0), 0)
  expect(committed).toBe(b.committedPence)
  if (b.paidPence !== undefined) expect(paid).toBe(b.paidPence)
  return entries as { cause: string; changePence: number; paidChangePence?: number; applicationId: string }[]
}

/** Sets up the grant of application `i` and sends it; `accept` has the grantee accept it too. */
async function grantFor(i: number, { send = true, accept = true } = {}) {
  const id = a.ids[i]!
  const saved = await p.call('PUT', grantPath(id), { as: a.manager, body: setup(0) })
  expect(saved.status, JSON.stringify(saved.json)).toBe(201)
  if (!send) return saved.json as Grant
  const sent = await p.call('POST', `${grantPath(id)}/send`, { as: a.manager, body: { version: 1 } })
  expect(sent.status, JSON.stringify(sent.json)).toBe(200)
  if (!accept) return sent.json as Grant
  const accepted = await p.call('POST', `/api/applications/${id}/grant/accept`, {
    as: grantee(i),
    body: { version: sent.json.version },
  })
  expect(accepted.status, JSON.stringify(accepted.json)).toBe(200)
  return readGrant(id)
}

/**
 * A competition of its own for the describe block that calls it (sets `a`): `applications`
 * shortlisted, each awarded £10,000 and each award accepted; no grants yet.
 */
async function acceptedCompetition(applications: number) {
  a = await assessingCompetition(p, { applications, panellists: 0 })
  const respondBy = new Date(p.clock.now.getTime() + 14 * DAY).toISOString()
  for (const applicationId of a.ids) {
    const made = await p.call('POST', `/api/competitions/${a.competitionId}/awards`, {
      as: a.manager,
      body: {
        applicationId,
        amountPence: AWARD,
        reason: 'Shared across six',
        respondBy,
        conditions: 'Quarterly progress reports',
      },
    })
    expect(made.status, JSON.stringify(made.json)).toBe(201)
  }
  await releaseDecisions(p, a)
  for (const [i, id] of a.ids.entries()) {
    const answered = await p.call('POST', `/api/applications/${id}/offer/response`, {
      as: grantee(i),
      body: { version: 1, accept: true },
    })
    expect(answered.json.status).toBe('accepted')
  }
}

beforeAll(async () => {
  p = await createTestPlatform()
  second = await p.signIn('manager', 'Sam Okafor')
})

describe('change requests', () => {
  beforeAll(() => acceptedCompetition(6), 180_000)

  it('the grantee asks for an extension, a manager approves it once (two racing: one decision), and it is an audited amendment', {
    timeout: 60_000,
  }, async () => {
    const id = a.ids[0]!
    const before = await grantFor(0)
    const asked = await p.call('POST', changesPath(id), {
      as: grantee(0),
      body: { kind: 'extend', milestoneId: 'm2', newDueOn: '2027-10-31', reason: 'The pilot homes were flooded.' },
    })
    expect(asked.status, JSON.stringify(asked.json)).toBe(201)
    expect(asked.json).toMatchObject({
      status: 'open',
      version: 1,
      request: { kind: 'extend', newDueOn: '2027-10-31' },
    })
    expect(asked.json.requestedBy).toBeUndefined()

    const listed = await p.call('GET', `${grantPath(id)}/changes`, { as: a.manager })
    expect(listed.json.items.map((c: { id: string }) => c.id)).toEqual([asked.json.id])

    const decide = (as: typeof second) =>
      p.call('POST', `${grantPath(id)}/changes/${asked.json.id}/decision`, {
        as,
        body: { decision: 'approve', version: 1 },
      })
    const raced = await Promise.all([decide(a.manager), decide(second)])
    expect(raced.map((r) => r.status).sort()).toEqual([200, 409])
    const loser = raced.find((r) => r.status === 409)!
    expect(loser.json.detail).toMatch(/was approved by (Priya Shah|Sam Okafor) on .*: a request is decided once/)

    const after = await readGrant(id)
    expect(after.progress!.milestones.m2!.dueOn).toBe('2027-10-31')
    expect(after.milestones.find((m) => m.id === 'm2')!.dueOn).toBe('2027-09-30') // the agreement as accepted
    expect(after.version).toBe(before.version + 2) // the request, then its approval
    expect(after.openChanges).toBe(0)
    expect(after.amendments).toHaveLength(1)
    expect(after.amendments![0]).toMatchObject({
      kind: 'extend',
      changeId: asked.json.id,
      version: after.version,
      reason: 'The pilot homes were flooded.',
      changes: [{ field: 'milestones.m2.dueOn', from: '2027-09-30', to: '2027-10-31' }],
    })

    // The grantee sees the decision, without the manager's identity.
    const mine = await p.call('GET', changesPath(id), { as: grantee(0) })
    expect(mine.status).toBe(200)
    expect(mine.json.items[0]).toMatchObject({ id: asked.json.id, status: 'approved' })
    expect(mine.json.items[0].decidedBy).toBeUndefined()
    expect(mine.json.items[0].decidedByName).toBeUndefined()

    // The grantee's contact is emailed the answer, with a link to their requests.
    const [told] = await emailsTo(p.db, grantee(0).email, 'grant-change-decided')
    expect(told?.subject).toMatch(/was approved$/)
    expect(told?.text).toContain('more time for “Pilot in 50 homes”, to 31 October 2027')
    expect(told?.text).toContain(`${TEST_PUBLIC_URL}/applications/${id}/grant/changes`)

    // Deciding it again is refused, naming the decision.
    const again = await decide(a.manager)
    expect(again.status).toBe(409)
    expect(again.json.detail).toMatch(/decided once/)
  })

  it('an extension past the end date moves the end date with it, within a bound; refusing needs a reason the grantee sees', {
    timeout: 60_000,
  }, async () => {
    const id = a.ids[1]!
    await grantFor(1)
    const tooFar = await p.call('POST', changesPath(id), {
      as: grantee(1),
      body: { kind: 'extend', milestoneId: 'final', newDueOn: '2029-01-01', reason: 'More time' },
    })
    expect(tooFar.status).toBe(422)
    expect(fieldsOf(tooFar.json)).toEqual(['newDueOn'])

    const past = await p.call('POST', changesPath(id), {
      as: grantee(1),
      body: { kind: 'extend', milestoneId: 'final', newDueOn: '2028-02-28', reason: 'The pilot ran late.' },
    })
    expect(past.status, JSON.stringify(past.json)).toBe(201)
    const ok = await p.call('POST', `${grantPath(id)}/changes/${past.json.id}/decision`, {
      as: second,
      body: { decision: 'approve', version: 1 },
    })
    expect(ok.status, JSON.stringify(ok.json)).toBe(200)
    expect(ok.json.grant.endsOn).toBe('2028-02-28')
    expect(ok.json.grant.amendments.at(-1).changes).toEqual([
      { field: 'milestones.final.dueOn', from: '2027-12-10', to: '2028-02-28' },
      { field: 'endsOn', from: '2027-12-17', to: '2028-02-28' },
    ])

    const scope = await p.call('POST', changesPath(id), {
      as: grantee(1),
      body: { kind: 'scope', scope: 'Pilot in 30 homes instead of 50.', reason: 'Fewer volunteers.' },
    })
    expect(scope.status).toBe(201)
    const decision = `${grantPath(id)}/changes/${scope.json.id}/decision`
    const noReason = await p.call('POST', decision, { as: a.manager, body: { decision: 'refuse', version: 1 } })
    expect(noReason.status).toBe(400)
    expect(fieldsOf(noReason.json)).toEqual(['reason'])
    const refused = await p.call('POST', decision, {
      as: a.manager,
      body: { decision: 'refuse', reason: 'Fifty homes is what the panel funded.', version: 1 },
    })
    expect(refused.status).toBe(200)
    expect(refused.json.grant.scope).toBeUndefined()
    expect(refused.json.grant.openChanges).toBe(0)
    const mine = (await p.call('GET', changesPath(id), { as: grantee(1) })).json.items
    expect(mine[0]).toMatchObject({ status: 'refused', decisionReason: 'Fifty homes is what the panel funded.' })
  })

  it('refuses bad changes naming the field, someone else’s grant as a missing one, and holds at most 3 open (6 racing: 3 land)', {
    timeout: 60_000,
  }, async () => {
    const id = a.ids[2]!
    const before = await grantFor(2)
    const ask = (body: unknown, as = grantee(2), path = changesPath(id)) => p.call('POST', path, { as, body })
    const cases: [unknown, number, string[]][] = [
      [{ kind: 'extend', milestoneId: 'nope', newDueOn: '2027-10-01', reason: 'x' }, 422, ['milestoneId']],
      [{ kind: 'extend', milestoneId: 'm1', newDueOn: '2027-03-01', reason: 'x' }, 422, ['newDueOn']],
      [{ kind: 'extend', milestoneId: 'm1', newDueOn: '31/03/2027', reason: 'x' }, 400, ['newDueOn']],
      [{ kind: 'extend', milestoneId: 'm1', newDueOn: '2027-04-30', reason: '' }, 400, ['reason']],
      [{ kind: 'reduce', amountPence: AWARD, reason: 'x' }, 422, ['amountPence']],
      [{ kind: 'reduce', amountPence: 100.5, reason: 'x' }, 400, ['amountPence']],
      [{ kind: 'reduce', amountPence: -1, reason: 'x' }, 400, ['amountPence']],
      [{ kind: 'pause', reason: 'x' }, 400, ['kind']],
      [
        {
          kind: 'indicators',
          reason: 'x',
          indicators: [setup(0).indicators[0], { ...setup(0).indicators[0], measure: 'Again' }],
        },
        422,
        ['indicators.1.id'],
      ],
      [
        {
          kind: 'indicators',
          reason: 'x',
          indicators: Array.from({ length: 13 }, (_, i) => ({ ...setup(0).indicators[0], id: `i${i}` })),
        },
        400,
        ['indicators'],
      ],
    ]
    for (const [body, status, fields] of cases) {
      const r = await ask(body)
      expect(r.status, JSON.stringify(body)).toBe(status)
      expect(r.headers.get('content-type')).toMatch(/problem\+json/)
      expect(fieldsOf(r.json), JSON.stringify(r.json)).toEqual(fields)
    }
    const good = { kind: 'scope', scope: 'A new scope', reason: 'Why' }
    const elses = await ask(good, grantee(1))
    const missing = await ask(good, grantee(2), changesPath(MISSING))
    expect(elses.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(elses.json).toEqual(missing.json)
    expect((await p.call('GET', changesPath(id), { as: grantee(1) })).status).toBe(404)
    // Nothing was saved by any refusal.
    expect(await readGrant(id)).toEqual(before)

    const raced = await Promise.all(Array.from({ length: 6 }, (_, i) => ask({ ...good, scope: `Scope ${i}` })))
    expect(raced.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409])
    expect(raced.find((r) => r.status === 409)!.json.detail).toMatch(/3 change requests are waiting/)
    const grant = await readGrant(id)
    expect(grant.openChanges).toBe(3)
    const open = (await p.call('GET', `${grantPath(id)}/changes`, { as: a.manager })).json.items.filter(
      (c: { status: string }) => c.status === 'open',
    )
    expect(open).toHaveLength(3)
  })

  it('a decision that meets conflicting transactions is retried and lands once; persistent contention is a 409 with nothing written', {
    timeout: 90_000,
  }, async () => {
    const id = a.ids[3]!
    // Two requests waiting for a decision.
    await grantFor(3)
    for (const scope of ['Scope 0', 'Scope 1']) {
      const asked = await p.call('POST', changesPath(id), {
        as: grantee(3),
        body: { kind: 'scope', scope, reason: 'Why' },
      })
      expect(asked.status, JSON.stringify(asked.json)).toBe(201)
    }
    const [first, second_] = (await p.call('GET', `${grantPath(id)}/changes`, { as: a.manager })).json.items.filter(
      (c: { status: string }) => c.status === 'open',
    )
    let conflicts = 0
    const name = 'inject-transaction-conflict'
    p.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName?.startsWith('TransactWrite') && conflicts > 0) {
          conflicts--
          throw new TransactionCanceledException({
            message: 'Transaction cancelled [TransactionConflict]',
            $metadata: {},
            CancellationReasons: [{ Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }],
          })
        }
        return next(args)
      },
      { step: 'initialize', name },
    )
    try {
      conflicts = 2
      const landed = await p.call('POST', `${grantPath(id)}/changes/${first.id}/decision`, {
        as: a.manager,
        body: { decision: 'refuse', reason: 'Not now', version: 1 },
      })
      expect(landed.status, JSON.stringify(landed.json)).toBe(200)
      expect(conflicts).toBe(0)
      const before = await readGrant(id)
      conflicts = 1_000
      const busy = await p.call('POST', `${grantPath(id)}/changes/${second_.id}/decision`, {
        as: a.manager,
        body: { decision: 'refuse', reason: 'Not now', version: 1 },
      })
      conflicts = 0
      expect(busy.status).toBe(409)
      expect(busy.json.detail).toMatch(/being changed by someone else/)
      expect(await readGrant(id)).toEqual(before)
    } finally {
      p.db.doc.middlewareStack.remove(name)
    }
    const items = (await p.call('GET', `${grantPath(id)}/changes`, { as: a.manager })).json.items
    expect(items.find((c: { id: string }) => c.id === first.id).status).toBe('refused')
    expect(items.find((c: { id: string }) => c.id === second_.id).status).toBe('open')
  })

  it('is documented in the OpenAPI document with its preconditions', async () => {
    const { paths } = (await p.call('GET', '/api/openapi.json')).json
    const text = (path: string, method: string) => JSON.stringify(paths[path]?.[method] ?? 'missing')
    expect(text('/applications/{applicationId}/grant/changes', 'post')).toMatch(/At most 3 requests wait/)
    expect(text('/applications/{applicationId}/grant/changes', 'get')).toMatch(/same 404/)
    expect(text('/competitions/{competitionId}/grants/{applicationId}/changes', 'get')).toMatch(/programme managers/)
    expect(text('/competitions/{competitionId}/grants/{applicationId}/changes/{changeId}/decision', 'post')).toMatch(
      /decided once/,
    )
    expect(text('/competitions/{competitionId}/grants/{applicationId}/reduce', 'post')).toMatch(/last backwards/)
    expect(text('/competitions/{competitionId}/grants/{applicationId}/terminate', 'post')).toMatch(/unpaid part/)
    expect(text('/competitions/{competitionId}/grants/{applicationId}/repayment', 'post')).toMatch(
      /At most what is paid/,
    )
    expect(text('/competitions/{competitionId}/awards/{applicationId}/withdraw', 'post')).toMatch(
      /terminate the grant instead/,
    )
  })

  it('an approved reduction returns exactly the difference to the pot; a terminated grant refuses the requests left open', {
    timeout: 60_000,
  }, async () => {
    const id = a.ids[5]!
    await grantFor(5)
    const committedBefore = (await budget()).committedPence
    const asked = await p.call('POST', changesPath(id), {
      as: grantee(5),
      body: { kind: 'reduce', amountPence: 700_000, reason: 'We found match funding.' },
    })
    expect(asked.status).toBe(201)
    const approved = await p.call('POST', `${grantPath(id)}/changes/${asked.json.id}/decision`, {
      as: a.manager,
      body: { decision: 'approve', version: 1 },
    })
    expect(approved.status, JSON.stringify(approved.json)).toBe(200)
    expect(approved.json.grant.awardPence).toBe(700_000)
    expect((await budget()).committedPence).toBe(committedBefore - 300_000)
    expect((await award(id)).amountPence).toBe(700_000)
    expect((await award(id)).acceptedAmountPence).toBe(AWARD)
    const entries = await expectLedgerReplays()
    expect(entries.find((e) => e.cause === 'reduced' && e.applicationId === id)).toMatchObject({
      changePence: -300_000,
      paidChangePence: 0,
    })

    const open = await p.call('POST', changesPath(id), {
      as: grantee(5),
      body: { kind: 'scope', scope: 'Smaller pilot', reason: 'Less money' },
    })
    const grant = await readGrant(id)
    const ended = await p.call('POST', `${grantPath(id)}/terminate`, {
      as: a.manager,
      body: { reason: 'The company has ceased trading.', version: grant.version },
    })
    expect(ended.status, JSON.stringify(ended.json)).toBe(200)
    const mine = (await p.call('GET', changesPath(id), { as: grantee(5) })).json.items
    expect(mine.find((c: { id: string }) => c.id === open.json.id)).toMatchObject({
      status: 'refused',
      decisionReason: 'The grant was terminated: The company has ceased trading.',
    })
    const late = await p.call('POST', changesPath(id), {
      as: grantee(5),
      body: { kind: 'scope', scope: 'Anything', reason: 'Please' },
    })
    expect(late.status).toBe(409)
    expect(late.json.detail).toMatch(/terminated/)
  })
})

describe('reducing, terminating and repaying', () => {
  beforeAll(() => acceptedCompetition(3), 180_000)

  it('a reduction cuts the unpaid tranches from the last backwards and returns exactly the difference; termination returns the rest', {
    timeout: 60_000,
  }, async () => {
    const id = a.ids[1]!
    const grant = await grantFor(1)
    const start = (await budget()).committedPence
    const path = `${grantPath(id)}/reduce`

    const bad: [unknown, number, string[]][] = [
      [{ amountPence: AWARD, reason: 'x', version: grant.version }, 422, ['amountPence']],
      [{ amountPence: 0, reason: 'x', version: grant.version }, 400, ['amountPence']],
      [{ amountPence: 600_000, reason: '', version: grant.version }, 400, ['reason']],
      [{ amountPence: 600_000, reason: 'x', version: grant.version - 1 }, 409, ['version']],
    ]
    for (const [body, status, fields] of bad) {
      const r = await p.call('POST', path, { as: a.manager, body })
      expect(r.status, JSON.stringify(body)).toBe(status)
      expect(fieldsOf(r.json)).toEqual(fields)
    }
    expect((await p.call('POST', path, { as: grantee(1), body: bad[0]![0] })).status).toBe(403)
    expect((await budget()).committedPence).toBe(start)

    const reduced = await p.call('POST', path, {
      as: a.manager,
      body: { amountPence: 600_000, reason: 'Part of the work is funded elsewhere.', version: grant.version },
    })
    expect(reduced.status, JSON.stringify(reduced.json)).toBe(200)
    const r: Grant = reduced.json
    // 400,000p cut: the held-back 270,000p cancelled, then 130,000p off the pilot's 330,000p.
    expect(r.progress!.tranches).toMatchObject({
      t1: { status: 'due', amountPence: 400_000 },
      t2: { status: 'scheduled', amountPence: 200_000 },
      t3: { status: 'cancelled', amountPence: 270_000 },
    })
    expect(r.awardPence).toBe(600_000)
    expect(r.amendments!.at(-1)).toMatchObject({
      kind: 'reduce',
      by: a.manager.id,
      changes: [{ field: 'awardPence', from: AWARD, to: 600_000 }],
    })
    expect((await budget()).committedPence).toBe(start - 400_000)
    expect((await award(id)).amountPence).toBe(600_000)

    const ended = await p.call('POST', `${grantPath(id)}/terminate`, {
      as: a.manager,
      body: { reason: 'The pilot could not go ahead.', version: r.version },
    })
    expect(ended.status, JSON.stringify(ended.json)).toBe(200)
    expect(ended.json.status).toBe('terminated')
    expect(Object.values(ended.json.progress.tranches).map((t) => (t as { status: string }).status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ])
    expect((await budget()).committedPence).toBe(start - AWARD)
    expect((await award(id)).amountPence).toBe(0)
    // The ledger reads newest first.
    const entries = (await expectLedgerReplays()).filter((e) => e.applicationId === id).reverse()
    expect(entries.map((e) => [e.cause, e.changePence])).toEqual([
      ['awarded', AWARD],
      ['reduced', -400_000],
      ['terminated', -600_000],
    ])

    // Terminated: it stays so, and nothing more comes back but a repayment (none is paid here).
    const again = await p.call('POST', `${grantPath(id)}/terminate`, {
      as: second,
      body: { reason: 'Again', version: ended.json.version },
    })
    expect(again.status).toBe(409)
    expect(again.json.detail).toMatch(/terminated by Priya Shah on/)
    const repay = await p.call('POST', `${grantPath(id)}/repayment`, {
      as: a.manager,
      body: { amountPence: 1, receivedOn: '2027-05-01', reference: 'BACS 1', reason: 'x', version: ended.json.version },
    })
    expect(repay.status).toBe(422)
    expect(fieldsOf(repay.json)).toEqual(['amountPence'])
    expect(repay.json.detail).toMatch(/£0 has been paid/)
  })

  it('terminate racing a reduction: one lands, the pot gets exactly the unpaid part back once, the ledger replays', {
    timeout: 60_000,
  }, async () => {
    const id = a.ids[2]!
    const grant = await grantFor(2)
    const start = (await budget()).committedPence
    const [terminate, reduce] = await Promise.all([
      p.call('POST', `${grantPath(id)}/terminate`, {
        as: a.manager,
        body: { reason: 'Ended', version: grant.version },
      }),
      p.call('POST', `${grantPath(id)}/reduce`, {
        as: second,
        body: { amountPence: 900_000, reason: 'Cut', version: grant.version },
      }),
    ])
    expect([terminate.status, reduce.status].sort()).toEqual([200, 409])
    const after = await readGrant(id)
    const released = start - (await budget()).committedPence
    if (terminate.status === 200) {
      expect(after.status).toBe('terminated')
      expect(released).toBe(AWARD)
    } else {
      expect(after.awardPence).toBe(900_000)
      expect(released).toBe(100_000)
    }
    expect((await award(id)).amountPence).toBe(after.awardPence)
    expect(after.amendments).toHaveLength(1)
    await expectLedgerReplays()
  })

  it('cuts only unpaid tranches, from the last backwards (the rule, with a paid tranche)', () => {
    const grant = {
      tranches: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] as Grant['tranches'],
      progress: {
        milestones: {},
        actuals: {},
        tranches: {
          a: { status: 'paid' as const, amountPence: 500 },
          b: { status: 'due' as const, amountPence: 300 },
          c: { status: 'cancelled' as const, amountPence: 100 },
        },
      },
    }
    expect(cutTranches(grant, 200).tranches).toMatchObject({
      a: { status: 'paid', amountPence: 500 },
      b: { status: 'due', amountPence: 100 },
      c: { status: 'cancelled', amountPence: 100 },
    })
    expect(cutTranches(grant, 300).tranches.b).toEqual({ status: 'cancelled', amountPence: 300 })
    expect(() => cutTranches(grant, 301)).toThrow()
  })
})

describe('withdrawing an accepted award', () => {
  beforeAll(() => acceptedCompetition(5), 180_000)

  const withdraw = (id: string, version: number) =>
    p.call('POST', `/api/competitions/${a.competitionId}/awards/${id}/withdraw`, {
      as: a.manager,
      body: { version, reason: 'Duplicate funding found' },
    })

  it('is refused while its grant is sent or active, saying to terminate the grant instead', {
    timeout: 60_000,
  }, async () => {
    const id = a.ids[3]!
    await grantFor(3, { accept: false })
    const version = (await award(id)).version
    const sent = await withdraw(id, version)
    expect(sent.status).toBe(409)
    expect(sent.json.detail).toMatch(/is sent for signing: .*Terminate the grant instead/)
    expect(fieldsOf(sent.json)).toEqual(['grant'])
    const accepted = await p.call('POST', `/api/applications/${id}/grant/accept`, {
      as: grantee(3),
      body: { version: 2 },
    })
    expect(accepted.status).toBe(200)
    const active = await withdraw(id, version)
    expect(active.status).toBe(409)
    expect(active.json.detail).toMatch(/is active: .*Terminate the grant instead/)
    expect((await award(id)).status).toBe('accepted')
    // Once terminated, the award stands as the record of what was paid.
    const ended = await p.call('POST', `${grantPath(id)}/terminate`, {
      as: a.manager,
      body: { reason: 'Ended', version: (await readGrant(id)).version },
    })
    expect(ended.status).toBe(200)
    const after = await withdraw(id, (await award(id)).version)
    expect(after.status).toBe(409)
    expect(after.json.detail).toMatch(/is terminated: its award stands as the record of what was paid/)
  })

  it('racing the agreement’s send: the send landing between the withdrawal’s read and its transaction refuses it in the database', {
    timeout: 60_000,
  }, async () => {
    const id = a.ids[4]!
    await grantFor(4, { send: false })
    const version = (await award(id)).version
    // The withdrawal reads the grant as a draft; just before its transaction goes, another
    // manager sends the agreement.
    let interleaved = false
    const name = 'send-before-withdrawal'
    p.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        const input = JSON.stringify((args as { input?: unknown }).input ?? {})
        if (!interleaved && context.commandName?.startsWith('TransactWrite') && input.includes('"withdrawn"')) {
          interleaved = true
          const sent = await p.call('POST', `${grantPath(id)}/send`, { as: second, body: { version: 1 } })
          expect(sent.status, JSON.stringify(sent.json)).toBe(200)
        }
        return next(args)
      },
      { step: 'initialize', name },
    )
    try {
      const withdrawn = await withdraw(id, version)
      expect(interleaved).toBe(true)
      expect(withdrawn.status, JSON.stringify(withdrawn.json)).toBe(409)
      expect(withdrawn.json.detail).toMatch(/is sent for signing: .*Terminate the grant instead/)
    } finally {
      p.db.doc.middlewareStack.remove(name)
    }
    expect((await award(id)).status).toBe('accepted')
    const sent = await readGrant(id)
    expect(sent.status).toBe('sent')
    // A grant sent but not yet accepted is terminated instead: all of it goes back to the pot.
    const start = (await budget()).committedPence
    const ended = await p.call('POST', `${grantPath(id)}/terminate`, {
      as: a.manager,
      body: { reason: 'The company was dissolved', version: sent.version },
    })
    expect(ended.status, JSON.stringify(ended.json)).toBe(200)
    expect(ended.json).toMatchObject({ status: 'terminated', awardPence: 0 })
    expect((await budget()).committedPence).toBe(start - AWARD)
    expect((await award(id)).amountPence).toBe(0)
    const late = await p.call('POST', `/api/applications/${id}/grant/accept`, {
      as: grantee(4),
      body: { version: sent.version },
    })
    expect(late.status).toBe(409)
    expect(late.json.detail).toMatch(/terminated this grant agreement before it was accepted/)
    await expectLedgerReplays()
  })
})
