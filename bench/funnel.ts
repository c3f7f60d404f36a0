// The engagement funnel at 1,000 applications: seeded through the repo's own writes (each
// application's engagement, its sharded count moves for submitted, eligible, shortlisted,
// awarded and accepted, and 300 organisations that engaged but did not apply), then the
// manager's `GET /api/competitions/{id}/funnel` over HTTP counts its DynamoDB calls at 100 and
// at 1,000 applications (a fixed number: none per application or organisation) and is timed
// against a bare Query of the count shards in the same run.
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { User } from '../shared/schemas/user.js'
import { organisationKey } from '../functions/core/funnel/organisation-key.js'
import { newId } from '../functions/core/ids.js'
import { funnelCount, funnelKeys, recordEngagement } from '../functions/db/funnel-repo.js'
import { keys } from '../functions/db/table.js'
import { insertUser } from '../functions/db/users-repo.js'
import { commit } from '../functions/db/write.js'
import { recordDynamoDbCalls, type DynamoDbCall } from './lib/dynamodb.js'
import { isMain, runAlone } from './lib/main.js'
import { pool } from './lib/pool.js'
import { ms, type BenchReport } from './lib/report.js'
import { withLocalStack } from './lib/stack.js'
import { median } from './lib/stats.js'

const APPLICATIONS = 1_000
const NOT_APPLIED = 300
const READS = 7

export async function runFunnelBench(): Promise<BenchReport> {
  return withLocalStack('bench-funnel', async ({ db, platform, competitionId, origin }) => {
    const manager: User = { id: newId(), email: 'funnel@bench.example', name: 'Funnel Manager', role: 'manager' }
    await insertUser(db, manager)
    const headers = { authorization: `Bearer ${await platform.issuer.issueToken(manager)}` }
    const at = new Date().toISOString()
    const themes = ['t1', 't2', 't3', 't4', 't5', 't6']

    /** One application's life as the app writes it: engaged, then each stage's count move in its own transaction. */
    const apply = async (i: number) => {
      const name = `Applicant ${i} Ltd`
      await recordEngagement(db, competitionId, { key: organisationKey(name), name, via: 'eoi', at })
      const applicationId = newId()
      const scopes = [`theme:${themes[i % 6]}`, `lead:women-led:${i % 3 === 0 ? 'yes' : 'not-asked'}`]
      const stages = ['submitted', 'eligible', 'shortlisted', 'awarded', 'accepted'].slice(
        0,
        1 + Number(i % 10 < 8) + Number(i % 10 < 3) + Number(i % 50 === 0) * 2,
      )
      for (const stage of stages)
        await commit(db, [funnelCount(db, competitionId, [{ applicationId, deltas: { [stage]: 1 }, scopes }])!])
    }
    const engageOnly = (i: number) => {
      const name = `Interested ${i} CIC`
      return recordEngagement(db, competitionId, { key: organisationKey(name), name, via: 'question', at })
    }

    const recorder = recordDynamoDbCalls(db)
    const read = async () => {
      const times: number[] = []
      let calls: DynamoDbCall[] = []
      let body: { steps: { stage: string; count: number }[] } | undefined
      for (let n = 0; n < READS; n++) {
        const mark = performance.now()
        const res = await fetch(`${origin}/api/competitions/${competitionId}/funnel?limit=100`, { headers })
        if (res.status !== 200) throw new Error(`funnel read: ${res.status} ${await res.text()}`)
        body = (await res.json()) as typeof body
        times.push(performance.now() - mark)
        calls = recorder.since(mark)
      }
      return { ms: median(times), calls, body: body! }
    }

    await pool(
      Array.from({ length: 100 }, (_, i) => i),
      8,
      apply,
    )
    const small = await read()
    await pool(
      Array.from({ length: APPLICATIONS - 100 }, (_, i) => i + 100),
      8,
      apply,
    )
    await pool(
      Array.from({ length: NOT_APPLIED }, (_, i) => i),
      8,
      engageOnly,
    )
    const large = await read()
    const bareTimes: number[] = []
    for (let n = 0; n < READS; n++) {
      const mark = performance.now()
      await db.doc.send(
        new QueryCommand({
          TableName: db.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :count)',
          ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
          ExpressionAttributeValues: { ':pk': funnelKeys.pk(competitionId), ':count': 'COUNT#' },
        }),
      )
      bareTimes.push(performance.now() - mark)
    }
    recorder.stop()
    const scans = large.calls.filter((c) => c.command === 'ScanCommand').length
    const submitted = large.body.steps.find((s) => s.stage === 'submitted')?.count
    const engaged = large.body.steps.find((s) => s.stage === 'engaged')?.count
    return {
      title: `Funnel: GET /api/competitions/{id}/funnel at ${APPLICATIONS.toLocaleString('en-GB')} applications and ${NOT_APPLIED} organisations to follow up`,
      rows: [
        {
          metric: 'DynamoDB calls per read (100 → 1,000 applications)',
          figure: `${small.calls.length} → ${large.calls.length}`,
          baseline: '4',
          goal: '4 at any size (competition, counts, follow-up page, events)',
          met: small.calls.length === 4 && large.calls.length === 4 && scans === 0,
        },
        {
          metric: 'counts exact',
          figure: `engaged ${engaged}, submitted ${submitted}`,
          baseline: `${APPLICATIONS + NOT_APPLIED}, ${APPLICATIONS}`,
          goal: 'equal',
          met: engaged === APPLICATIONS + NOT_APPLIED && submitted === APPLICATIONS,
        },
        {
          metric: 'read p50 (HTTP) at 1,000',
          figure: ms(large.ms),
          baseline: ms(median(bareTimes)),
          ratio: large.ms / median(bareTimes),
        },
        { metric: 'read p50 (HTTP) at 100', figure: ms(small.ms), baseline: '—' },
      ],
      notes: [
        'Baseline: one bare Query of the 16 count shards, the read the funnel cannot do without.',
        'Each stage move is the same sharded ADD the app writes in the state change’s own transaction.',
      ],
    }
  })
}

if (isMain(import.meta.url)) await runAlone(runFunnelBench)
