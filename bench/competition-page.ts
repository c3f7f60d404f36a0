// The competition page over real HTTP (local server, DynamoDB Local in memory, the demo
// seed) against the bare DynamoDB call it is built on, timed alternately in the same run;
// and how many DynamoDB calls each request makes.
import { Agent, request } from 'node:http'
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import type { Db } from '../functions/db/client.js'
import { competitionKeys } from '../functions/db/competitions-repo.js'
import { indexes, keys } from '../functions/db/table.js'
import { isMain, runAlone } from './lib/main.js'
import { ms, type BenchReport, type Row } from './lib/report.js'
import { withLocalStack } from './lib/stack.js'
import { abba, median, p90 } from './lib/stats.js'

const WARM_UP = 50
/** Requests per endpoint, each paired with one bare query (ABBA order). */
const REQUESTS = 300
const GOAL_RATIO = 1.5
const GOAL_ROUND_TRIPS = 1
const COUNTER = 'benchDynamoDbRoundTrips'

type Sample = { http: number[]; bare: number[]; calls: number; requests: number; bodyBytes: number }

/** A GET over a kept-alive connection; resolves with the body once fully read. */
function get(agent: Agent, port: number, path: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/**
 * Times `path` over HTTP and `bare` directly, alternately. DynamoDB calls are counted only
 * while an HTTP request is in flight, so the bare queries do not inflate the count.
 */
async function measure(
  agent: Agent,
  port: number,
  path: string,
  bare: () => Promise<unknown>,
  calls: { count: number },
): Promise<Sample> {
  const sample: Sample = { http: [], bare: [], calls: 0, requests: 0, bodyBytes: 0 }
  const timeHttp = async (record: boolean) => {
    const before = calls.count
    const start = performance.now()
    const { status, body } = await get(agent, port, path)
    const took = performance.now() - start
    if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${body.toString('utf8').slice(0, 300)}`)
    if (!record) return
    sample.http.push(took)
    sample.calls += calls.count - before
    sample.requests++
    sample.bodyBytes = body.byteLength
  }
  const timeBare = async (record: boolean) => {
    const start = performance.now()
    await bare()
    if (record) sample.bare.push(performance.now() - start)
  }
  const sides = [timeHttp, timeBare]
  for (let i = 0; i < WARM_UP; i++) for (const side of sides) await side(false)
  for (let round = 0; round < REQUESTS; round++) for (const side of abba(round)) await sides[side]!(true)
  return sample
}

function rowsFor(label: string, sample: Sample, goal: boolean): Row[] {
  const roundTrips = sample.calls / sample.requests
  return [
    ...(['median', 'p90'] as const).map((stat): Row => {
      const f = stat === 'median' ? median : p90
      const ratio = f(sample.http) / f(sample.bare)
      return {
        metric: `${label}, ${stat}`,
        figure: ms(f(sample.http)),
        baseline: ms(f(sample.bare)),
        ratio,
        ...(goal ? { goal: `≤ ${GOAL_RATIO}× bare`, met: ratio <= GOAL_RATIO } : {}),
      }
    }),
    {
      metric: `${label}, DynamoDB calls/request`,
      figure: roundTrips.toFixed(2),
      baseline: '—',
      ...(goal ? { goal: `= ${GOAL_ROUND_TRIPS}`, met: roundTrips === GOAL_ROUND_TRIPS } : {}),
    },
  ]
}

/** The Query getCompetitionAggregate sends for one competition's partition. */
const pageQuery = (db: Db, competitionId: string): QueryCommandInput => ({
  TableName: db.tableName,
  KeyConditionExpression: '#pk = :pk',
  ExpressionAttributeNames: { '#pk': keys.partition },
  ExpressionAttributeValues: { ':pk': competitionKeys.pk(competitionId) },
})

/** The Query listCompetitionsByStatus sends for the default first page of published competitions. */
const listQuery = (db: Db): QueryCommandInput => ({
  TableName: db.tableName,
  IndexName: indexes.byKind.name,
  KeyConditionExpression: '#pk = :pk',
  ExpressionAttributeNames: { '#pk': indexes.byKind.partition },
  ExpressionAttributeValues: { ':pk': competitionKeys.byStatus('published') },
  ScanIndexForward: false,
  Limit: 20,
})

export async function runCompetitionPageBench(): Promise<BenchReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  try {
    return await withLocalStack('challenge-fund-bench', async ({ db: activeDb, competitionId, origin }) => {
      // createDb keeps one client per endpoint, so this is the client the server uses too.
      const calls = { count: 0 }
      // (Removed first, should this bench run twice in one process.)
      activeDb.doc.middlewareStack.remove(COUNTER)
      activeDb.doc.middlewareStack.add(
        (next) => async (args) => {
          calls.count++
          return next(args)
        },
        { step: 'initialize', name: COUNTER },
      )

      const port = Number(new URL(origin).port)

      const page = await measure(
        agent,
        port,
        `/api/competitions/${competitionId}`,
        () => activeDb.doc.send(new QueryCommand(pageQuery(activeDb, competitionId))),
        calls,
      )
      const list = await measure(
        agent,
        port,
        '/api/competitions',
        () => activeDb.doc.send(new QueryCommand(listQuery(activeDb))),
        calls,
      )
      const items = (await activeDb.doc.send(new QueryCommand(pageQuery(activeDb, competitionId)))).Count ?? 0

      return {
        title: 'Competition page (GET /api/competitions/{id})',
        rows: [...rowsFor('page', page, true), ...rowsFor('list', list, false)],
        notes: [
          `HTTP: the local server (@hono/node-server, same app as Lambda) on 127.0.0.1, DynamoDB Local in memory with the demo seed (${items} items in the competition's partition, ${page.bodyBytes} B page body); anonymous caller`,
          'baseline "bare": the same QueryCommand through the same document client, no HTTP, no Hono, no parsing',
          `${REQUESTS} sequential requests per endpoint after ${WARM_UP} warm-up, alternating with the bare query (ABBA); client and server share this process`,
          `DynamoDB calls counted by an initialize-step middleware on the document client, per HTTP request; list = GET /api/competitions (first page of published)`,
        ],
      }
    })
  } finally {
    agent.destroy()
  }
}

if (isMain(import.meta.url)) await runAlone(runCompetitionPageBench)
