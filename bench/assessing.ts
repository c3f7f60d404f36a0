// Assessing at full size: 1,000 shortlisted applications, 10 panellists, 10,000 submitted
// score sheets (with their text), seeded straight into DynamoDB Local. Times the programme
// manager's ranking and a panellist's "my panels" over HTTP against the bare DynamoDB reads
// they are built on, timed alternately in the same run; counts DynamoDB calls, Scans,
// reads by key and sequential round trips per request; and times the aggregation alone.
import { QueryCommand, type NativeAttributeValue, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import type {
  Declaration,
  MyPanels,
  PanelMember,
  Ranking,
  Rubric,
  ScoreSheet,
  SheetText,
} from '../shared/schemas/assessing.js'
import type { CompetitionPage } from '../shared/schemas/competition.js'
import type { User } from '../shared/schemas/user.js'
import { aggregate, type AggregationInput } from '../functions/core/assessing/aggregation.js'
import { newId } from '../functions/core/ids.js'
import { insertUser } from '../functions/db/users-repo.js'
import {
  assessKeys,
  candidateItem,
  declarationItem,
  memberItem,
  parseAssessItem,
  rubricItem,
  sheetItem,
  textItem,
  type AssessItem,
} from '../functions/db/assessing-repo.js'
import type { Db } from '../functions/db/client.js'
import { indexes, keys } from '../functions/db/table.js'
import {
  batchWriteAll,
  recordDynamoDbCalls,
  sequentialRoundTrips,
  type CallRecorder,
  type DynamoDbCall,
} from './lib/dynamodb.js'
import { isMain, runAlone } from './lib/main.js'
import { kb, ms, type BenchReport, type Row } from './lib/report.js'
import { withLocalStack } from './lib/stack.js'
import { abba, median, p90 } from './lib/stats.js'

const APPLICATIONS = 1_000
const PANELLISTS = 10
const CRITERIA_WEIGHTS = [3, 2, 2, 1, 1, 1]
const SCALE = { min: 0, max: 5 }
/** Share of (application, panellist) pairs with a declared conflict; the rest declare none. */
const CONFLICT_RATE = 0.01
/** BatchWriteItem requests in flight while seeding. */
const WRITERS = 8
/**
 * Rounds of one HTTP request and one bare read: at most `runs`, but no more once `minRuns`
 * are in and `budgetMs` has passed (DynamoDB Local takes seconds over the ranking's ~13 MB).
 */
type Runs = { warmUp: number; runs: number; minRuns: number; budgetMs: number }
const RANKING: Runs = { warmUp: 1, runs: 10, minRuns: 5, budgetMs: 20_000 }
const PANELS: Runs = { warmUp: 2, runs: 20, minRuns: 10, budgetMs: 8_000 }
const AGGREGATE = { warmUp: 2, runs: 10 }
const PARSE = { warmUp: 1, runs: 5 }
const GOAL_RANKING_CALLS = 8
/** Competition and rubric: the ranking reads nothing else by key, and nothing per application. */
const GOAL_RANKING_KEYS_READ = 2
const GOAL_PANELS_ROUND_TRIPS = 2

/** The same pseudo-random scores every run (mulberry32), so runs compare. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Seeded = { manager: User; panellists: User[]; items: number; conflicts: number; textChars: number }

/**
 * The assessment partition at full size, built with the repo's own item builders: every
 * application screened eligible and shortlisted, every panellist accepted, the rubric locked,
 * a declaration for every pair, and a submitted sheet with its text for every pair.
 */
function assessmentItems(
  competitionId: string,
  competitionTitle: string,
  at: string,
): Seeded & { puts: Record<string, unknown>[] } {
  const random = seededRandom(20_240_611)
  const manager: User = { id: newId(), email: 'manager@bench.example', name: 'Bench Manager', role: 'manager' }
  const panellists: User[] = Array.from({ length: PANELLISTS }, (_, i) => ({
    id: newId(),
    email: `panellist-${i + 1}@bench.example`,
    name: `Panellist ${i + 1}`,
    role: 'panellist',
  }))
  const decided = { by: manager.id, byName: manager.name, at }
  const rubric: Rubric = {
    competitionId,
    scale: SCALE,
    criteria: CRITERIA_WEIGHTS.map((weight, i) => ({
      id: newId(),
      title: `Criterion ${i + 1}`,
      description: 'What good looks like, in a sentence or two.',
      weight,
      bands: [],
    })),
    discussAbove: 2,
    minScorers: 3,
    version: 1,
    lockedAt: at,
    updatedAt: at,
  }
  const puts: Record<string, unknown>[] = [rubricItem(rubric)]
  for (const panellist of panellists) {
    const member: PanelMember = {
      competitionId,
      competitionTitle,
      email: panellist.email,
      name: panellist.name,
      role: 'Panel member',
      status: 'accepted',
      userId: panellist.id,
      invitedAt: at,
      invitedBy: manager.id,
      respondedAt: at,
    }
    puts.push(memberItem(member))
  }
  let conflicts = 0
  let textChars = 0
  for (let a = 0; a < APPLICATIONS; a++) {
    const applicationId = newId()
    puts.push(
      candidateItem({
        applicationId,
        competitionId,
        organisationId: newId(),
        organisationName: `Bench Organisation ${String(a + 1).padStart(4, '0')}`,
        amountRequestedPence: 500_000 + (a % 30) * 50_000,
        themeIds: [],
        submittedAt: at,
        receiptNumber: `EOI-${String(a + 1).padStart(5, '0')}`,
        contactEmail: `applicant-${a + 1}@bench.example`,
        screening: { outcome: 'eligible', reason: '', ...decided },
        shortlist: { outcome: 'shortlisted', reason: 'Strong fit', ...decided },
        scoringStartedAt: at,
      }),
    )
    for (const panellist of panellists) {
      const conflicted = random() < CONFLICT_RATE
      conflicts += conflicted ? 1 : 0
      const declaration: Declaration = {
        competitionId,
        applicationId,
        panellistId: panellist.id,
        type: conflicted ? 'financial' : 'none',
        note: conflicted ? 'Holds shares in the applicant.' : '',
        recordedBy: panellist.id,
        recordedByManager: false,
        at,
      }
      puts.push(declarationItem(declaration, panellist.email))
      // Every pair has a submitted sheet, conflicted ones too (as when a manager records a
      // conflict after scoring): the aggregation must leave those out.
      const sheet: ScoreSheet = {
        competitionId,
        applicationId,
        panellistId: panellist.id,
        panellistName: panellist.name,
        status: 'submitted',
        scores: Object.fromEntries(
          rubric.criteria.map((c) => [c.id, SCALE.min + Math.floor(random() * (SCALE.max - SCALE.min + 1))]),
        ),
        rubricVersion: rubric.version,
        version: 2,
        updatedAt: at,
        submittedAt: at,
        history: [],
      }
      const text: SheetText = {
        comments: Object.fromEntries(
          rubric.criteria.map((c, i) => [
            c.id,
            `On criterion ${i + 1}, the proposal shows a credible grasp of the problem and a plan we could test.`,
          ]),
        ),
        panelNote:
          'Worth discussing the delivery risk and who in the service would own the pilot after the award ends.',
        applicantFeedback:
          'A clear, well-evidenced idea. Say more about how you would measure benefit to families, and over what period.',
      }
      textChars += Object.values(text.comments).join('').length + text.panelNote.length + text.applicantFeedback.length
      puts.push(sheetItem(sheet, panellist.email), textItem(sheet, text))
    }
  }
  return { manager, panellists, items: puts.length, conflicts, textChars, puts }
}

/** The Query getRanking's queryRankingInputs sends, one page: the key range before SLOTS. */
const rangeQuery = (
  db: Db,
  competitionId: string,
  startKey?: Record<string, NativeAttributeValue>,
): QueryCommandInput => ({
  TableName: db.tableName,
  KeyConditionExpression: '#pk = :pk AND #sk < :sk',
  ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
  ExpressionAttributeValues: { ':pk': assessKeys.pk(competitionId), ':sk': assessKeys.slots },
  ExclusiveStartKey: startKey,
})

/** Every page of the ranking's key range, unparsed. */
async function bareRange(db: Db, competitionId: string): Promise<{ items: Record<string, unknown>[]; pages: number }> {
  const items: Record<string, unknown>[] = []
  let startKey: Record<string, NativeAttributeValue> | undefined
  let pages = 0
  do {
    const page = await db.doc.send(new QueryCommand(rangeQuery(db, competitionId, startKey)))
    pages++
    items.push(...(page.Items ?? []))
    startKey = page.LastEvaluatedKey
  } while (startKey)
  return { items, pages }
}

/** The GSI2 Query myPanels starts with, one page: a panellist's own items. */
const panellistQuery = (db: Db, email: string): QueryCommandInput => ({
  TableName: db.tableName,
  IndexName: indexes.byOwner.name,
  KeyConditionExpression: '#pk = :pk',
  ExpressionAttributeNames: { '#pk': indexes.byOwner.partition },
  ExpressionAttributeValues: { ':pk': assessKeys.panellist(email) },
})

/** The values of one kind among partition items. */
const values = <K extends AssessItem['kind']>(items: AssessItem[], kind: K) =>
  items.flatMap((item) => (item.kind === kind ? [item.value as Extract<AssessItem, { kind: K }>['value']] : []))

/** The aggregation's input, built from the range's items as getRanking builds it. */
function aggregationInput(items: AssessItem[]): AggregationInput {
  const rubric = values(items, 'rubric')[0]
  if (!rubric) throw new Error('no rubric in the key range')
  const declarations = values(items, 'declaration')
  return {
    scale: rubric.scale,
    criteria: rubric.criteria,
    applications: values(items, 'candidate')
      .filter((c) => c.shortlist?.outcome === 'shortlisted')
      .map((c) => ({ applicationId: c.applicationId, organisationName: c.organisationName })),
    sheets: values(items, 'sheet'),
    conflicts: declarations.filter((d) => d.type !== 'none'),
    discussAbove: rubric.discussAbove,
    minScorers: rubric.minScorers,
  }
}

/** Milliseconds `work` took. */
async function elapsed(work: () => unknown): Promise<number> {
  const start = performance.now()
  await work()
  return performance.now() - start
}

/** Runs `work` `warmUp` times untimed, then `runs` times timed; returns the times. */
async function timed(runs: { warmUp: number; runs: number }, work: () => unknown): Promise<number[]> {
  for (let i = 0; i < runs.warmUp; i++) await work()
  const times: number[] = []
  for (let i = 0; i < runs.runs; i++) times.push(await elapsed(work))
  return times
}

type Sample = { http: number[]; bare: number[]; calls: DynamoDbCall[][]; bodyBytes: number; body: unknown }

/**
 * GET `path` as `token` over HTTP and the `bare` read, alternately (ABBA). Warm-up is HTTP
 * only: it sends the bare side's queries too, so it warms DynamoDB Local for both. The calls
 * each HTTP request made are those the recorder saw while it was in flight.
 */
async function alternate(
  origin: string,
  path: string,
  token: string,
  bare: () => Promise<unknown>,
  recorder: CallRecorder,
  runs: Runs,
): Promise<Sample> {
  const sample: Sample = { http: [], bare: [], calls: [], bodyBytes: 0, body: undefined }
  const get = async () => {
    const start = performance.now()
    const res = await fetch(`${origin}${path}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    })
    const body = Buffer.from(await res.arrayBuffer())
    if (res.status !== 200)
      throw new Error(`GET ${path} answered ${res.status}: ${body.toString('utf8').slice(0, 300)}`)
    return { start, took: performance.now() - start, body }
  }
  const sides = [
    async () => {
      const { start, took, body } = await get()
      sample.http.push(took)
      sample.calls.push(recorder.since(start))
      sample.bodyBytes = body.byteLength
      sample.body ??= JSON.parse(body.toString('utf8'))
    },
    async () => void sample.bare.push(await elapsed(bare)),
  ]
  for (let i = 0; i < runs.warmUp; i++) await get()
  const started = performance.now()
  for (let round = 0; round < runs.runs; round++) {
    if (round >= runs.minRuns && performance.now() - started > runs.budgetMs) break
    for (const side of abba(round)) await sides[side]!()
  }
  return sample
}

/** Every request's figure, or the range if they differ ("11" or "11–12"). */
const spread = (figures: number[]) => {
  const [low, high] = [Math.min(...figures), Math.max(...figures)]
  return low === high ? String(low) : `${low}–${high}`
}

/** "1 BatchGetItem + 12 Query". */
const byCommand = (calls: DynamoDbCall[]) => {
  const counts = new Map<string, number>()
  for (const { command } of calls) counts.set(command, (counts.get(command) ?? 0) + 1)
  return [...counts].map(([command, n]) => `${n} ${command.replace(/Command$/, '')}`).join(' + ')
}

/** Median and p90 of the HTTP times against the bare ones. */
const timeRows = (label: string, http: number[], bare: number[]): Row[] =>
  (
    [
      ['median', median],
      ['p90', p90],
    ] as const
  ).map(([stat, of]) => ({
    metric: `${label}, ${stat} (n=${http.length})`,
    figure: ms(of(http)),
    baseline: ms(of(bare)),
    ratio: of(http) / of(bare),
  }))

/** What the range is made of, largest first: "scoreSheet 6200.0 KB, …" (items as JSON). */
const bytesByKind = (items: Record<string, unknown>[]) => {
  const bytes = new Map<string, number>()
  for (const item of items)
    bytes.set(String(item.entity), (bytes.get(String(item.entity)) ?? 0) + Buffer.byteLength(JSON.stringify(item)))
  return [...bytes]
    .sort(([, a], [, b]) => b - a)
    .map(([entity, n]) => `${entity} ${kb(n)}`)
    .join(', ')
}

export async function runAssessingBench(): Promise<BenchReport> {
  const benchStarted = performance.now()
  return withLocalStack('challenge-fund-bench-assessing', async ({ db, platform, competitionId, origin }) => {
    const stackMs = performance.now() - benchStarted
    const page = (await (await fetch(`${origin}/api/competitions/${competitionId}`)).json()) as CompetitionPage
    const at = new Date().toISOString()
    const { puts, ...seeded } = assessmentItems(competitionId, page.competition.title, at)
    const seedStart = performance.now()
    const written = await batchWriteAll(db, puts, { concurrency: WRITERS })
    const seedMs = performance.now() - seedStart
    const [manager, panellist] = [seeded.manager, seeded.panellists[0]!]
    // Accounts the API finds in its directory (the table, locally), as signed-in users must be.
    await Promise.all([insertUser(db, manager), insertUser(db, panellist)])
    const [managerToken, panellistToken] = await Promise.all([
      platform.issuer.issueToken(manager),
      platform.issuer.issueToken(panellist),
    ])

    const recorder = recordDynamoDbCalls(db)
    try {
      // (1) The manager's ranking against the bare paginated Query of the same key range.
      const rankingStarted = performance.now()
      const ranking = await alternate(
        origin,
        `/api/competitions/${competitionId}/ranking`,
        managerToken,
        () => bareRange(db, competitionId),
        recorder,
        RANKING,
      )
      const range = await bareRange(db, competitionId)
      const rangeBytes = Buffer.byteLength(JSON.stringify(range.items))
      const rows = (ranking.body as Ranking).rows

      // The aggregation alone, on the same in-memory inputs getRanking builds.
      const parseTimes = await timed(PARSE, () => range.items.map(parseAssessItem))
      const input = aggregationInput(
        range.items.map(parseAssessItem).filter((item): item is AssessItem => item !== undefined),
      )
      const aggregateTimes = await timed(AGGREGATE, () => aggregate(input))
      const bareMedian = median(ranking.bare)

      const rankingCalls = ranking.calls.map((calls) => calls.length)
      const rankingScans = ranking.calls.map((calls) => calls.filter((call) => call.command === 'ScanCommand').length)
      const rankingKeys = ranking.calls.map((calls) => calls.reduce((sum, call) => sum + call.keysRead, 0))
      const rankingItems = ranking.calls.map((calls) => calls.reduce((sum, call) => sum + call.itemsReturned, 0))
      const rankingTrips = ranking.calls.map(sequentialRoundTrips)

      // (2) A panellist's "my panels" against one bare Query of their GSI2 items.
      const panelsStarted = performance.now()
      const rankingMs = panelsStarted - rankingStarted
      let gsiPage: { count: number; more: boolean } = { count: 0, more: false }
      const panels = await alternate(
        origin,
        '/api/me/panels',
        panellistToken,
        async () => {
          const { Count, LastEvaluatedKey } = await db.doc.send(new QueryCommand(panellistQuery(db, panellist.email)))
          gsiPage = { count: Count ?? 0, more: !!LastEvaluatedKey }
        },
        recorder,
        PANELS,
      )
      const panelsMs = performance.now() - panelsStarted
      const panelsCalls = panels.calls.map((calls) => calls.length)
      const panelsTrips = panels.calls.map(sequentialRoundTrips)
      const assignments = (panels.body as MyPanels).panels.reduce((sum, p) => sum + p.assignments.length, 0)

      const maxOf = (figures: number[]) => Math.max(...figures)
      return {
        title: `Assessing (${APPLICATIONS} shortlisted × ${PANELLISTS} panellists: ranking and "my panels")`,
        rows: [
          ...timeRows('ranking', ranking.http, ranking.bare),
          {
            metric: 'ranking, DynamoDB calls/request',
            figure: spread(rankingCalls),
            baseline: String(range.pages),
            goal: `≤ ${GOAL_RANKING_CALLS}`,
            met: maxOf(rankingCalls) <= GOAL_RANKING_CALLS,
          },
          {
            metric: 'ranking, Scans/request',
            figure: spread(rankingScans),
            baseline: '—',
            goal: '= 0',
            met: maxOf(rankingScans) === 0,
          },
          {
            metric: 'ranking, items read by key/request',
            figure: spread(rankingKeys),
            baseline: '—',
            goal: `≤ ${GOAL_RANKING_KEYS_READ}, none per application`,
            met: maxOf(rankingKeys) <= GOAL_RANKING_KEYS_READ,
          },
          {
            metric: 'ranking, items returned/request',
            figure: spread(rankingItems),
            baseline: String(range.items.length),
            goal: `≤ bare + ${GOAL_RANKING_KEYS_READ}, no TEXT#`,
            met: maxOf(rankingItems) <= range.items.length + GOAL_RANKING_KEYS_READ,
          },
          { metric: 'ranking, sequential round trips', figure: spread(rankingTrips), baseline: String(range.pages) },
          {
            metric: 'aggregate() alone, median',
            figure: ms(median(aggregateTimes)),
            baseline: ms(bareMedian),
            ratio: median(aggregateTimes) / bareMedian,
          },
          {
            metric: `parse ${range.items.length} items (parseAssessItem), median`,
            figure: ms(median(parseTimes)),
            baseline: ms(bareMedian),
            ratio: median(parseTimes) / bareMedian,
          },
          ...timeRows('my panels', panels.http, panels.bare),
          { metric: 'my panels, DynamoDB calls/request', figure: spread(panelsCalls), baseline: '1' },
          {
            metric: 'my panels, sequential round trips',
            figure: spread(panelsTrips),
            baseline: '1',
            goal: `1–${GOAL_PANELS_ROUND_TRIPS}`,
            met: maxOf(panelsTrips) <= GOAL_PANELS_ROUND_TRIPS,
          },
        ],
        notes: [
          `seeded straight into the table with the repo's item builders: ${seeded.items} items (${APPLICATIONS} candidates screened eligible and shortlisted, ${PANELLISTS} accepted members, a locked rubric of ${CRITERIA_WEIGHTS.length} criteria on ${SCALE.min}–${SCALE.max}, ${APPLICATIONS * PANELLISTS} declarations of which ${seeded.conflicts} conflicts, ${APPLICATIONS * PANELLISTS} submitted sheets and their TEXT# items, ~${Math.round(seeded.textChars / (APPLICATIONS * PANELLISTS))} characters each) by ${written.requests} BatchWriteItem requests (${WRITERS} in flight, ${written.retried} items retried) in ${(seedMs / 1000).toFixed(1)} s`,
          `ranking: GET /api/competitions/{id}/ranking as a programme manager, ${ranking.http.length} runs (at most ${RANKING.runs}, fewer past ${RANKING.budgetMs / 1000} s) after ${RANKING.warmUp} warm-up, alternating (ABBA) with the baseline, the bare paginated Query of the same key range (sk < SLOTS, no parsing): ${range.pages} pages, ${range.items.length} items, ~${kb(rangeBytes)} as JSON (${bytesByKind(range.items)}); ${rows.length} rows counting ${rows.reduce((sum, row) => sum + row.scorers, 0)} sheets (the conflicted left out), ${kb(ranking.bodyBytes)} response; calls per request: ${byCommand(ranking.calls[0] ?? [])}`,
          `aggregate(): the pure function getRanking calls, on the parsed items of that range (${input.applications.length} applications, ${input.sheets.length} sheets, ${input.conflicts.length} conflicts), ${AGGREGATE.runs} runs; the parse row is parseAssessItem (Zod) over the same range's items, ${PARSE.runs} runs, which getRanking also does per request`,
          `my panels: GET /api/me/panels as panellist 1, ${panels.http.length} runs (at most ${PANELS.runs}) after ${PANELS.warmUp} warm-up, alternating with the baseline, one bare GSI2 Query of PANELLIST#<email> (${gsiPage.count} items in its first page${gsiPage.more ? ', more pages follow' : ', no more pages'}); ${assignments} assignments, ${kb(panels.bodyBytes)} response; calls per request: ${byCommand(panels.calls[0] ?? [])}`,
          'DynamoDB calls recorded by an initialize-step middleware on the document client while each HTTP request was in flight; sequential round trips = the longest chain of calls each started after the previous answered',
          "local server (@hono/node-server, same app as Lambda) on 127.0.0.1, DynamoDB Local in memory with the demo's open competition and users; client (fetch) and server share this process",
          `time: DynamoDB Local, demo seed and server ${(stackMs / 1000).toFixed(1)} s; assessment seed ${(seedMs / 1000).toFixed(1)} s; ranking and aggregation ${(rankingMs / 1000).toFixed(1)} s; my panels ${(panelsMs / 1000).toFixed(1)} s. DynamoDB Local reads ~1 MB pages far slower than DynamoDB: compare ratios, not milliseconds`,
        ],
      }
    } finally {
      recorder.stop()
    }
  })
}

if (isMain(import.meta.url)) await runAlone(runAssessingBench)
