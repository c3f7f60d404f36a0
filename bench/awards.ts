// Award throughput under contention: many programme managers' award requests racing for one
// £60,000 pot over HTTP, against bare DynamoDB transactions at the same concurrency in the
// same run. Prints what the race left (committed against the pot, the ledger's sum, answers
// by status) and the award request's p50/p99 against the bare transaction's.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import type { Budget, LedgerEntry } from '../shared/schemas/awards.js'
import type { User } from '../shared/schemas/user.js'
import { formatPence } from '../shared/money.js'
import { newId } from '../functions/core/ids.js'
import { insertUser } from '../functions/db/users-repo.js'
import { candidateItem } from '../functions/db/assessing-repo.js'
import { keys } from '../functions/db/table.js'
import { batchWriteAll } from './lib/dynamodb.js'
import { isMain, runAlone } from './lib/main.js'
import { ms, type BenchReport } from './lib/report.js'
import { pool } from './lib/pool.js'
import { withLocalStack } from './lib/stack.js'
import { percentile } from './lib/stats.js'

const BIDS = 200
const CONCURRENCY = 25
const DAY = 86_400_000

export async function runAwardsBench(): Promise<BenchReport> {
  return withLocalStack('bench-awards', async ({ db, platform, competitionId, origin }) => {
    // Shortlisted candidates asking £5,000–£20,000 (the demo's maximum award), whole pounds.
    const at = new Date().toISOString()
    const decided = { reason: 'Bench', by: 'bench', byName: 'Bench', at }
    const candidates = Array.from({ length: BIDS }, (_, i) => ({
      applicationId: newId(),
      competitionId,
      organisationId: newId(),
      organisationName: `Bidder ${i + 1}`,
      amountRequestedPence: (5_000 + ((i * 7_919) % 15_001)) * 100,
      themeIds: [],
      submittedAt: at,
      screening: { outcome: 'eligible' as const, ...decided },
      shortlist: { outcome: 'shortlisted' as const, ...decided },
    }))
    await batchWriteAll(db, candidates.map(candidateItem))
    const manager: User = { id: newId(), email: 'manager@bench.example', name: 'Bench Manager', role: 'manager' }
    await insertUser(db, manager)
    const token = await platform.issuer.issueToken(manager)
    const respondBy = new Date(Date.now() + 14 * DAY).toISOString()

    // The race: every bid at once (CONCURRENCY in flight), each its own request and key.
    const awards = await pool(candidates, CONCURRENCY, (c) =>
      fetch(`${origin}/api/competitions/${competitionId}/awards`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'idempotency-key': `bench-${c.applicationId}`,
        },
        body: JSON.stringify({ applicationId: c.applicationId, amountPence: c.amountRequestedPence, respondBy }),
      }).then(async (res) => ({ status: res.status, body: await res.text() })),
    )
    // The baseline: a bare transaction of the same size (5 puts) at the same concurrency.
    const bare = await pool(candidates, CONCURRENCY, () =>
      db.doc.send(
        new TransactWriteCommand({
          TransactItems: Array.from({ length: 5 }, () => ({
            Put: { TableName: db.tableName, Item: { [keys.partition]: `BENCH#${newId()}`, [keys.sort]: 'X', at } },
          })),
        }),
      ),
    )

    const get = async <T>(path: string): Promise<T> =>
      (await fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<T>
    const budget = await get<Budget>(`/api/competitions/${competitionId}/budget`)
    const { entries } = await get<{ entries: LedgerEntry[] }>(`/api/competitions/${competitionId}/ledger`)
    const ledgerSum = entries.reduce((sum, e) => sum + e.changePence, 0)
    const byStatus = new Map<number, number>()
    for (const { result } of awards) byStatus.set(result.status, (byStatus.get(result.status) ?? 0) + 1)
    const serverErrors = [...byStatus].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0)
    const p = (samples: { ms: number }[], q: number) =>
      percentile(
        samples.map((s) => s.ms),
        q,
      )
    return {
      title: `Award throughput: ${BIDS} award requests racing for a ${formatPence(budget.potPence)} pot, ${CONCURRENCY} in flight`,
      rows: [
        {
          metric: 'committed after the race',
          figure: formatPence(budget.committedPence),
          baseline: formatPence(budget.potPence),
          ratio: budget.committedPence / budget.potPence,
          goal: '≤ pot',
          met: budget.committedPence <= budget.potPence,
        },
        {
          metric: 'ledger sum',
          figure: formatPence(ledgerSum),
          baseline: formatPence(budget.committedPence),
          goal: '= committed',
          met: ledgerSum === budget.committedPence,
        },
        {
          metric: 'awards made (201)',
          figure: String(byStatus.get(201) ?? 0),
          baseline: String(budget.awards.length),
          goal: '= awards held',
          met: (byStatus.get(201) ?? 0) === budget.awards.length,
        },
        { metric: 'refused (409)', figure: String(byStatus.get(409) ?? 0), baseline: String(BIDS) },
        { metric: '5xx', figure: String(serverErrors), baseline: '—', goal: '= 0', met: serverErrors === 0 },
        {
          metric: 'award request p50',
          figure: ms(p(awards, 50)),
          baseline: ms(p(bare, 50)),
          ratio: p(awards, 50) / p(bare, 50),
        },
        {
          metric: 'award request p99',
          figure: ms(p(awards, 99)),
          baseline: ms(p(bare, 99)),
          ratio: p(awards, 99) / p(bare, 99),
        },
      ],
      notes: [
        `baseline: a bare TransactWriteItems of 5 puts (as many items as an award's transaction) at the same concurrency, ${BIDS} times, after the race`,
        `answers: ${[...byStatus].map(([status, n]) => `${status} × ${n}`).join(', ')}; ${formatPence(budget.remainingPence)} left`,
        'each award re-reads the competition and decides again when another commits first (the revision guard); once the pot cannot fit a bid it is refused without a write',
        'DynamoDB Local runs transactions one at a time and never raises TransactionConflict: compare ratios, not milliseconds',
      ],
    }
  })
}

if (isMain(import.meta.url)) await runAlone(runAwardsBench)
