// Grants after the award, at 1,000 grants × 4 tranches × 4 milestones in one competition, seeded
// straight into DynamoDB Local in the shapes the app writes (itemOf of the repos' puts): the
// budget read and the programme view (every grant: the GSI1 `GRANTS` query) over HTTP count
// their DynamoDB calls (a fixed number, none per grant) and are timed against a bare Query of the
// same partition in the same run; recording a payment over HTTP is one transaction, counted and
// timed against a bare transaction of as many items.
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Award, Budget, LedgerEntry } from '../shared/schemas/awards.js'
import { Grant } from '../shared/schemas/grants.js'
import type { User } from '../shared/schemas/user.js'
import { formatPence } from '../shared/money.js'
import { londonToday } from '../functions/core/grants/payments.js'
import { newId } from '../functions/core/ids.js'
import { awardKeys, awardPut, ledgerPut } from '../functions/db/awards-repo.js'
import { competitionItemKey, competitionKeys, getCompetitionAggregate } from '../functions/db/competitions-repo.js'
import { grantKeys, grantPut } from '../functions/db/grants-repo.js'
import { queryEvery } from '../functions/db/query-page.js'
import { indexes, keys } from '../functions/db/table.js'
import { insertUser } from '../functions/db/users-repo.js'
import { itemOf } from '../functions/db/write.js'
import { batchWriteAll, recordDynamoDbCalls, type DynamoDbCall } from './lib/dynamodb.js'
import { isMain, runAlone } from './lib/main.js'
import { ms, type BenchReport } from './lib/report.js'
import { withLocalStack } from './lib/stack.js'
import { median } from './lib/stats.js'

const GRANTS = 1_000
const AWARD = 1_000_000 // £10,000 each, in four tranches of £2,500
const READS = 7
const PAYMENTS = 15
const DAY = 86_400_000

const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10)

/** An accepted award and its active grant: four milestones, four tranches (signing, a past date, a milestone, the holdback). */
function seeded(competitionId: string, i: number, sender: User, at: string) {
  const applicationId = newId()
  const organisationName = `Grantee ${String(i + 1).padStart(4, '0')}`
  const award: Award = {
    competitionId,
    applicationId,
    organisationName,
    themeIds: [],
    challengeIds: [],
    amountPence: AWARD,
    requestedPence: AWARD,
    conditions: 'Quarterly reports',
    respondBy: at,
    status: 'accepted',
    version: 2,
    awardedBy: sender.id,
    awardedByName: sender.name,
    awardedAt: at,
    respondedAt: at,
  }
  const milestones = [1, 2, 3, 4].map((n) => ({
    id: `m${n}`,
    title: `Milestone ${n}: a piece of the work delivered and reported`,
    dueOn: day(30 * n),
    evidence: 'A short report with the data collected, and the indicators’ actual values this period.',
  }))
  const tranches = [
    { id: 't1', label: 'On signing', amountPence: AWARD / 4, percent: 25, trigger: { kind: 'signing' as const } },
    {
      id: 't2',
      label: 'After a month',
      amountPence: AWARD / 4,
      percent: 25,
      trigger: { kind: 'date' as const, on: day(-1) },
    },
    {
      id: 't3',
      label: 'After the pilot',
      amountPence: AWARD / 4,
      percent: 25,
      trigger: { kind: 'milestone' as const, milestoneId: 'm2' },
    },
    {
      id: 't4',
      label: 'Held back',
      amountPence: AWARD / 4,
      percent: 25,
      trigger: { kind: 'milestone' as const, milestoneId: 'm4' },
      holdback: true as const,
    },
  ]
  const grant = Grant.parse({
    competitionId,
    applicationId,
    organisationName,
    awardPence: AWARD,
    startsOn: day(-60),
    endsOn: day(200),
    conditions: award.conditions,
    milestones,
    tranches,
    indicators: [
      {
        id: 'i1',
        measure: 'People using the service each month',
        unit: 'people',
        better: 'higher',
        baseline: { value: 100, on: day(-90) },
        targets: [
          { on: day(60), value: 150 },
          { on: day(180), value: 200 },
        ],
      },
    ],
    notes: '',
    status: 'active',
    version: 4,
    createdAt: at,
    createdBy: sender.id,
    updatedAt: at,
    updatedBy: sender.id,
    updatedByName: sender.name,
    sentAt: at,
    sentBy: sender.id,
    acceptedAt: new Date(Date.now() - 30 * DAY).toISOString(),
    acceptedBy: newId(),
    acceptedByName: 'A grantee',
    progress: {
      milestones: Object.fromEntries(
        milestones.map((m) => [m.id, { status: 'upcoming', dueOn: m.dueOn, public: false }]),
      ),
      tranches: Object.fromEntries(
        tranches.map((t) => [
          t.id,
          t.trigger.kind === 'signing'
            ? { status: 'due', amountPence: t.amountPence, dueAt: at, authorisedBy: sender.id }
            : { status: 'scheduled', amountPence: t.amountPence },
        ]),
      ),
      actuals: {},
    },
    paidPence: 0,
  })
  return { award, grant }
}

/** Calls of one kind among those recorded. */
const count = (calls: DynamoDbCall[], command: string) => calls.filter((c) => c.command === command).length

export async function runGrantsBench(): Promise<BenchReport> {
  return withLocalStack('bench-grants', async ({ db, platform, competitionId, origin }) => {
    const at = new Date().toISOString()
    const sender: User = { id: newId(), email: 'sender@bench.example', name: 'Sending Manager', role: 'manager' }
    const payer: User = { id: newId(), email: 'payer@bench.example', name: 'Paying Manager', role: 'manager' }
    await insertUser(db, sender)
    await insertUser(db, payer)
    const token = await platform.issuer.issueToken(payer)

    // — Seed: 1,000 accepted awards, their ledger entries and grants; the pot covers them all —
    const aggregate = await getCompetitionAggregate(db, competitionId, { consistent: true })
    const base = aggregate!.revision
    const rows = Array.from({ length: GRANTS }, (_, i) => seeded(competitionId, i, sender, at))
    const ledger = rows.map(
      ({ award }, i): LedgerEntry => ({
        id: newId(),
        competitionId,
        applicationId: award.applicationId,
        organisationName: award.organisationName,
        cause: 'awarded',
        changePence: AWARD,
        committedBeforePence: i * AWARD,
        committedAfterPence: (i + 1) * AWARD,
        potPence: GRANTS * AWARD,
        by: sender.id,
        byName: sender.name,
        at,
      }),
    )
    await batchWriteAll(db, [
      ...rows.map(({ award }) => itemOf(awardPut(db, award, 'new'))),
      ...ledger.map((entry, i) => itemOf(ledgerPut(db, entry, { expectedRevision: base + i }))),
      ...rows.map(({ grant }) => itemOf(grantPut(db, grant, 'new'))),
    ])
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: competitionItemKey(competitionId),
        UpdateExpression: 'SET potPence = :pot, committedPence = :pot, paidPence = :zero, revision = :revision',
        ExpressionAttributeValues: { ':pot': GRANTS * AWARD, ':zero': 0, ':revision': base + GRANTS },
      }),
    )

    const recorder = recordDynamoDbCalls(db)
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    /** Times `run` READS times; returns the median and the calls of the last run. */
    const measure = async (run: () => Promise<unknown>) => {
      const times: number[] = []
      let calls: DynamoDbCall[] = []
      for (let i = 0; i < READS; i++) {
        const mark = performance.now()
        await run()
        times.push(performance.now() - mark)
        calls = recorder.since(mark)
      }
      return { ms: median(times), calls }
    }
    const bareQuery = (pk: string, index?: typeof indexes.byKind) =>
      queryEvery(db, {
        TableName: db.tableName,
        ...(index ? { IndexName: index.name } : { ConsistentRead: true }),
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index ? index.partition : keys.partition },
        ExpressionAttributeValues: { ':pk': pk },
      })

    // — The budget, over HTTP, against a bare Query of the grants' partition —
    let budget: Budget | undefined
    const budgetRead = await measure(async () => {
      const res = await fetch(`${origin}/api/competitions/${competitionId}/budget`, { headers })
      if (res.status !== 200) throw new Error(`budget read: ${res.status} ${await res.text()}`)
      budget = (await res.json()) as Budget
    })
    const budgetQueries = count(budgetRead.calls, 'QueryCommand')
    const bareGrants = await measure(() => bareQuery(grantKeys.pk(competitionId)))
    // The same three partitions the budget reads, queried bare: the calls it cannot do without.
    const { pages: grantPages } = await bareQuery(grantKeys.pk(competitionId))
    const { pages: awardPages } = await bareQuery(awardKeys.pk(competitionId))
    const { pages: competitionPages } = await bareQuery(competitionKeys.pk(competitionId))
    const floorQueries = grantPages + awardPages + competitionPages

    // — The programme view over HTTP: every grant of every competition (one GSI1 query, paged)
    // and one BatchGet of their competitions' titles, against the bare GSI1 query —
    let programme = 0
    const programmeRead = await measure(async () => {
      const res = await fetch(`${origin}/api/programme/grants`, { headers })
      if (res.status !== 200) throw new Error(`programme read: ${res.status} ${await res.text()}`)
      programme = ((await res.json()) as { grants: unknown[] }).grants.length
    })
    const bareIndex = await measure(() => bareQuery(grantKeys.all, indexes.byKind))

    // — Recording payments over HTTP (t1 of the first grants), against a bare transaction of as many items —
    const payments: { ms: number; calls: DynamoDbCall[]; status: number }[] = []
    for (const { grant } of rows.slice(0, PAYMENTS)) {
      const mark = performance.now()
      const res = await fetch(
        `${origin}/api/competitions/${competitionId}/grants/${grant.applicationId}/tranches/t1/payment`,
        {
          method: 'POST',
          headers,
          body: JSON.stringify({
            paidOn: londonToday(new Date()),
            amountPence: AWARD / 4,
            reference: `BENCH-${grant.applicationId}`,
          }),
        },
      )
      await res.text()
      payments.push({ ms: performance.now() - mark, calls: recorder.since(mark), status: res.status })
    }
    const transactionsPerPayment = Math.max(...payments.map((p) => count(p.calls, 'TransactWriteItemsCommand')))
    const itemsPerPayment = Math.max(
      ...payments.flatMap((p) =>
        p.calls.filter((c) => c.command === 'TransactWriteItemsCommand').map((c) => c.itemsWritten),
      ),
    )
    const bareTransaction = await measure(() =>
      db.doc.send(
        new TransactWriteCommand({
          TransactItems: Array.from({ length: itemsPerPayment }, () => ({
            Put: { TableName: db.tableName, Item: { [keys.partition]: `BENCH#${newId()}`, [keys.sort]: 'X', at } },
          })),
        }),
      ),
    )
    recorder.stop()
    const after = (await (
      await fetch(`${origin}/api/competitions/${competitionId}/budget`, { headers })
    ).json()) as Budget
    const paidOk = payments.filter((p) => p.status === 200).length
    const perGrantCalls = budgetRead.calls.length - floorQueries

    return {
      title: `Grants: budget and programme reads at ${GRANTS.toLocaleString('en-GB')} grants × 4 tranches × 4 milestones; recording a payment`,
      rows: [
        {
          metric: 'budget read: DynamoDB calls',
          figure: String(budgetRead.calls.length),
          baseline: String(floorQueries),
          ratio: budgetRead.calls.length / floorQueries,
          goal: '= bare queries of its 3 partitions (none per grant)',
          met: budgetRead.calls.length <= floorQueries + 1 && perGrantCalls < GRANTS / 100,
        },
        {
          metric: 'budget read p50 (HTTP, all grants)',
          figure: ms(budgetRead.ms),
          baseline: ms(bareGrants.ms),
          ratio: budgetRead.ms / bareGrants.ms,
        },
        {
          metric: 'budget: grants listed',
          figure: String(budget?.byGrant.length ?? 0),
          baseline: String(GRANTS),
          goal: '= grants',
          met: budget?.byGrant.length === GRANTS,
        },
        {
          metric: 'programme view: DynamoDB calls',
          figure: String(programmeRead.calls.length),
          baseline: String(bareIndex.calls.length),
          ratio: programmeRead.calls.length / bareIndex.calls.length,
          goal: '= bare GSI1 query + 1 BatchGet of titles (none per grant)',
          met: programmeRead.calls.length === bareIndex.calls.length + 1,
        },
        {
          metric: 'programme view p50 (HTTP, all grants)',
          figure: ms(programmeRead.ms),
          baseline: ms(bareIndex.ms),
          ratio: programmeRead.ms / bareIndex.ms,
        },
        {
          metric: 'payment: transactions each',
          figure: String(transactionsPerPayment),
          baseline: '1',
          goal: '= 1',
          met: transactionsPerPayment === 1 && paidOk === PAYMENTS,
        },
        {
          metric: 'payment p50 (HTTP)',
          figure: ms(median(payments.map((p) => p.ms))),
          baseline: ms(bareTransaction.ms),
          ratio: median(payments.map((p) => p.ms)) / bareTransaction.ms,
        },
        {
          metric: 'paid after the payments',
          figure: formatPence(after.paidPence),
          baseline: formatPence((PAYMENTS * AWARD) / 4),
          goal: '= payments made',
          met: after.paidPence === (PAYMENTS * AWARD) / 4,
        },
      ],
      notes: [
        `budget read: ${budgetQueries} Query calls (${competitionPages} for the competition, ${awardPages} for awards and ledger, ${grantPages} for the grants: 1 MB pages), ${budgetRead.calls.length - budgetQueries} other (the signed-in user); baseline: a bare Query of the grants' partition, all pages (${bareGrants.calls.length} calls)`,
        `programme view: ${programme.toLocaleString('en-GB')} grants over HTTP (GET /api/programme/grants) in ${programmeRead.calls.length} DynamoDB calls (GSI1 \`GRANTS\` pages and one BatchGet of titles); baseline: the same GSI1 Query, bare`,
        `payment: ${payments[0] ? payments[0].calls.map((c) => c.command.replace('Command', '')).join(', ') : 'none'} (${itemsPerPayment} items in the transaction: grant, competition, ledger entry, award check); ${paidOk} of ${PAYMENTS} paid`,
        'DynamoDB Local in memory: compare ratios, not milliseconds',
      ],
    }
  })
}

if (isMain(import.meta.url)) await runAlone(runGrantsBench)
