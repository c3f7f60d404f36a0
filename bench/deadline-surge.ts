// A deadline surge: hundreds of applicants register, start, autosave and submit their
// expressions of interest in the same minute, against the local server (same app as Lambda)
// on DynamoDB Local in memory. Prints throughput, latency and errors per operation, then
// counts in the database that every applicant has exactly one submitted EOI and exactly one
// receipt email; and compares a draft save's p99 with a bare PutItem's, timed in the same run.
import { Agent, request } from 'node:http'
import { PutCommand } from '@aws-sdk/lib-dynamodb'
import type { Application } from '../shared/schemas/application.js'
import type { CompetitionPage } from '../shared/schemas/competition.js'
import type { Organisation } from '../shared/schemas/organisation.js'
import type { OutboxMessage } from '../shared/schemas/outbox.js'
import type { User } from '../shared/schemas/user.js'
import { newId } from '../functions/core/ids.js'
import { listApplicationsByCompetition } from '../functions/db/applications-repo.js'
import { listOutbox } from '../functions/db/outbox-repo.js'
import { keys } from '../functions/db/table.js'
import { insertUser } from '../functions/db/users-repo.js'
import { isMain, runAlone } from './lib/main.js'
import { pool } from './lib/pool.js'
import { ms, type BenchReport, type Row } from './lib/report.js'
import { withLocalStack, type LocalStack } from './lib/stack.js'
import { median, percentile } from './lib/stats.js'

const APPLICANTS = 240
/** Applicants in flight at once; each one's requests go one after another, as a browser's would. */
const CONCURRENCY = 40
const AUTOSAVES = 4
/** Every DOUBLE_SUBMIT-th applicant double-clicks Submit (two requests at once). */
const DOUBLE_SUBMIT = 4
/** Every RETRY_SUBMIT-th applicant also re-sends Submit afterwards (a retried request). */
const RETRY_SUBMIT = 10
/** Concurrent bare PutItem loops that run through the surge, for the baseline. */
const PROBES = 4
/** The surge is abandoned (and reported as such) after this long. */
const SURGE_LIMIT_MS = 90_000
const GOAL_SURGE_MS = 60_000
const GOAL_SAVE_RATIO = 3

type Operation = 'register' | 'start' | 'autosave' | 'submit'
type Result = { status: number; body: unknown; ms: number }
type Applicant = {
  index: number
  user: User
  token: string
  organisationId?: string
  submitted: boolean
  receipt?: string
}

/** One JSON request over a kept-alive connection to 127.0.0.1. */
function call(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<Result> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
  const headers: Record<string, string | number> = { accept: 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.byteLength })
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed: unknown = text
        try {
          parsed = text ? JSON.parse(text) : undefined
        } catch {
          // Not JSON: kept as text for the error report.
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - started })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(payload)
  })
}

/** Latencies and statuses per operation, and the first few unexpected answers for the notes. */
class Tally {
  readonly latencies = new Map<Operation, number[]>()
  readonly statuses = new Map<string, number>()
  readonly unexpected: string[] = []
  requests = 0

  record(operation: Operation, result: Result, expected: number) {
    this.requests++
    ;(this.latencies.get(operation) ?? this.latencies.set(operation, []).get(operation)!).push(result.ms)
    const key = `${result.status}`
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1)
    if (result.status !== expected && this.unexpected.length < 5) {
      this.unexpected.push(`${operation} → ${result.status}: ${JSON.stringify(result.body).slice(0, 200)}`)
    }
    return result.status === expected
  }

  count(predicate: (status: number) => boolean) {
    return [...this.statuses].filter(([status]) => predicate(Number(status))).reduce((sum, [, n]) => sum + n, 0)
  }
}

/** Words enough to look like a real answer, under the demo form's hard limits. */
const prose = (applicant: number, words: number) =>
  Array.from(
    { length: words },
    (_, i) => ['data', 'families', 'asthma', 'care', 'schools', 'digital', 'trust', 'pilot'][(applicant + i) % 8],
  ).join(' ')

/** The autosaves an applicant makes while typing, in order; the last leaves the form complete. */
function draftSteps(index: number, page: CompetitionPage): Record<string, unknown>[] {
  const longTexts = page.form.filter((q) => q.kind === 'longText')
  const choice = page.form.find((q) => q.kind === 'singleChoice')
  const pitch = page.form.find((q) => q.kind === 'textOrVideo')
  if (longTexts.length < 2 || !choice?.options?.length)
    throw new Error('the demo form no longer has two long-text questions and a single choice')
  const steps: Record<string, unknown>[] = [
    { answers: { [longTexts[0]!.id]: prose(index, 60) } },
    { answers: { [longTexts[0]!.id]: prose(index, 180), [longTexts[1]!.id]: prose(index + 1, 40) } },
    {
      answers: {
        [longTexts[1]!.id]: prose(index + 1, 150),
        [choice.id]: choice.options[index % choice.options.length]!.id,
      },
      amountRequestedPence: 500_000 + (index % 30) * 50_000,
      themeIds: [page.themes[index % page.themes.length]!.id],
    },
    {
      ...(pitch ? { answers: { [pitch.id]: { mode: 'text', text: prose(index + 2, 80) } } } : {}),
      eligibilityConfirmed: page.competition.eligibility.map((statement) => statement.id),
    },
  ]
  return steps.slice(0, AUTOSAVES)
}

/** One applicant's whole visit; stops at the first unexpected answer (the tally keeps it). */
async function apply(
  applicant: Applicant,
  page: CompetitionPage,
  http: (method: string, path: string, token: string, body?: unknown) => Promise<Result>,
  tally: Tally,
) {
  const { index, token } = applicant
  const registered = await http('POST', '/api/organisations', token, {
    name: `Surge Applicant ${index} Ltd`,
    type: 'sme',
    postcode: 'L1 8JQ',
    sizeBand: '2-9',
  })
  if (!tally.record('register', registered, 201)) return
  applicant.organisationId = (registered.body as Organisation).id

  const started = await http('POST', `/api/competitions/${page.competition.id}/applications`, token)
  if (!tally.record('start', started, 201)) return
  let draft = started.body as Application

  for (const step of draftSteps(index, page)) {
    const saved = await http('PATCH', `/api/applications/${draft.id}`, token, { version: draft.version, ...step })
    if (!tally.record('autosave', saved, 200)) return
    draft = saved.body as Application
  }

  const submit = () => http('POST', `/api/applications/${draft.id}/submit`, token)
  const submits = index % DOUBLE_SUBMIT === 0 ? await Promise.all([submit(), submit()]) : [await submit()]
  if (index % RETRY_SUBMIT === 0) submits.push(await submit())
  const receipts = new Set<string>()
  for (const result of submits) {
    if (tally.record('submit', result, 200)) receipts.add(String((result.body as Application).receiptNumber))
  }
  applicant.submitted = receipts.size > 0
  // Every repeat must answer with the same receipt: more than one would be two submissions.
  if (receipts.size > 1) tally.unexpected.push(`applicant ${index} got ${receipts.size} different receipts`)
  applicant.receipt = [...receipts][0]
}

/** Every item of a paged list. */
async function all<T>(list: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>): Promise<T[]> {
  const items: T[] = []
  let cursor: string | undefined
  do {
    const page = await list(cursor)
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return items
}

const groupCount = <T>(items: T[], key: (item: T) => string) => {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}

export async function runDeadlineSurgeBench(): Promise<BenchReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 })
  // The local deliverer runs through the surge, as the stream consumer would in the cloud, so
  // receipts are being claimed (pending → sent) while others are still being written; the
  // real write budgets apply.
  return withLocalStack('challenge-fund-surge', (stack) => surge(stack, agent), {
    deliverEveryMs: 250,
    writeLimits: 'defaults',
  }).finally(() => agent.destroy())
}

async function surge({ db, platform, competitionId, origin }: LocalStack, agent: Agent): Promise<BenchReport> {
  const port = Number(new URL(origin).port)
  const http = (method: string, path: string, token: string, body?: unknown) =>
    call(agent, port, method, path, token, body)

  const pageResult = await call(agent, port, 'GET', `/api/competitions/${competitionId}`, undefined)
  if (pageResult.status !== 200) throw new Error(`GET competition answered ${pageResult.status}`)
  const page = pageResult.body as CompetitionPage

  // Accounts and tokens before the clock starts: signing in is not part of the surge.
  const issuer = platform.issuer
  const applicants: Applicant[] = []
  for (let start = 0; start < APPLICANTS; start += 40) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(40, APPLICANTS - start) }, async (_, offset): Promise<Applicant> => {
        const index = start + offset
        const user: User = {
          id: newId(),
          email: `applicant-${index}@surge.example`,
          name: `Applicant ${index}`,
          role: 'applicant',
        }
        await insertUser(db, user)
        return { index, user, token: await issuer.issueToken(user), submitted: false }
      }),
    )
    applicants.push(...batch)
  }

  // The baseline: a bare PutItem of an item the size of a finished draft, through the same
  // document client, looping beside the surge so it meets the same load.
  const steps = draftSteps(1, page)
  const finishedDraft = {
    ...Object.assign({}, ...steps),
    answers: Object.assign({}, ...steps.map((step) => step.answers ?? {})),
  }
  // ~600 B more stands in for what a stored draft also holds: ids, titles, timestamps, index keys.
  const probeItem = { ...finishedDraft, metadata: 'x'.repeat(600) }
  const probeBytes = Buffer.byteLength(JSON.stringify(probeItem))
  const bare: number[] = []
  let surging = true
  let probeFailure: unknown
  const probes = Array.from({ length: PROBES }, async (_, probe) => {
    for (let n = 0; surging && !probeFailure; n++) {
      const started = performance.now()
      await db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: { [keys.partition]: `BENCH#${probe}#${n}`, [keys.sort]: 'PROBE', entity: 'benchProbe', ...probeItem },
        }),
      )
      bare.push(performance.now() - started)
    }
  }).map((loop) =>
    loop.catch((error: unknown) => {
      probeFailure ??= error
    }),
  )

  const tally = new Tally()
  const surgeStarted = performance.now()
  await pool(applicants, CONCURRENCY, (applicant) => apply(applicant, page, http, tally), {
    stopAt: surgeStarted + SURGE_LIMIT_MS,
  })
  const surgeMs = performance.now() - surgeStarted
  surging = false
  await Promise.all(probes)
  // DynamoDB Local went away (or refused a write): the figures would mean nothing.
  if (probeFailure) throw probeFailure
  platform.stop()

  // Counting in the database, not trusting the responses.
  const applications = await all((cursor) => listApplicationsByCompetition(db, competitionId, { limit: 100, cursor }))
  // A message the deliverer moves from pending to sent between the two listings shows up
  // in both, so messages are counted by id: a duplicate is a second message, not a second sighting.
  const outbox = [
    ...new Map(
      [
        ...(await all((cursor) => listOutbox(db, 'pending', { limit: 100, cursor }))),
        ...(await all((cursor) => listOutbox(db, 'sent', { limit: 100, cursor }))),
      ].map((message): [string, OutboxMessage] => [message.id, message]),
    ).values(),
  ]
  const submittedByOrganisation = groupCount(
    applications.filter((a) => a.status === 'submitted'),
    (a) => a.organisationId,
  )
  const eoisByOrganisation = groupCount(applications, (a) => a.organisationId)
  const receiptsByEmail = groupCount(
    outbox.filter((m) => m.kind === 'receipt'),
    (m) => m.to,
  )
  const acknowledged = applicants.filter((a) => a.submitted)
  const lostSubmissions = acknowledged.filter((a) => (submittedByOrganisation.get(a.organisationId!) ?? 0) === 0).length
  const duplicatedEois = applicants.filter(
    (a) => a.organisationId && (eoisByOrganisation.get(a.organisationId) ?? 0) > 1,
  ).length
  const lostReceipts = acknowledged.filter((a) => (receiptsByEmail.get(a.user.email) ?? 0) === 0).length
  const duplicatedReceipts = applicants.filter((a) => (receiptsByEmail.get(a.user.email) ?? 0) > 1).length
  const unacknowledgedButStored = applicants.filter(
    (a) => !a.submitted && a.organisationId && submittedByOrganisation.has(a.organisationId),
  ).length
  const sentByNow = outbox.filter((m) => m.kind === 'receipt' && m.status === 'sent').length

  const serverErrors = tally.count((s) => s >= 500)
  const clientErrors = tally.count((s) => s >= 400 && s < 500)
  const saves = tally.latencies.get('autosave') ?? []
  const saveP99 = saves.length ? percentile(saves, 99) : Number.NaN
  const bareP99 = percentile(bare, 99)
  const ratio = saveP99 / bareP99
  const byStatus = [...tally.statuses]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([status, n]) => `${status}×${n}`)
    .join(', ')

  const rows: Row[] = [
    {
      metric: 'applicants submitted (acknowledged)',
      figure: `${acknowledged.length}/${APPLICANTS}`,
      baseline: '—',
      goal: `= ${APPLICANTS}`,
      met: acknowledged.length === APPLICANTS,
    },
    {
      metric: 'surge duration',
      figure: `${(surgeMs / 1000).toFixed(1)} s`,
      baseline: '—',
      goal: `≤ ${GOAL_SURGE_MS / 1000} s`,
      met: surgeMs <= GOAL_SURGE_MS,
    },
    { metric: 'throughput, requests/s', figure: (tally.requests / (surgeMs / 1000)).toFixed(1), baseline: '—' },
    { metric: 'throughput, submissions/s', figure: (acknowledged.length / (surgeMs / 1000)).toFixed(1), baseline: '—' },
    ...(['register', 'start', 'autosave', 'submit'] as const).flatMap((operation): Row[] => {
      const samples = tally.latencies.get(operation) ?? []
      if (!samples.length) return [{ metric: `${operation}, p50 / p99`, figure: 'no samples', baseline: '—' }]
      return [
        {
          metric: `${operation}, p50 / p99 (n=${samples.length})`,
          figure: `${ms(median(samples))} / ${ms(percentile(samples, 99))}`,
          baseline: '—',
        },
      ]
    }),
    {
      metric: 'autosave p99 vs bare PutItem p99',
      figure: ms(saveP99),
      baseline: ms(bareP99),
      ratio,
      goal: `≤ ${GOAL_SAVE_RATIO}× bare`,
      met: ratio <= GOAL_SAVE_RATIO,
    },
    { metric: '5xx responses', figure: String(serverErrors), baseline: '—', goal: '= 0', met: serverErrors === 0 },
    { metric: '4xx responses', figure: String(clientErrors), baseline: '—', goal: '= 0', met: clientErrors === 0 },
    {
      metric: 'lost submissions (200 but no submitted EOI)',
      figure: String(lostSubmissions),
      baseline: '—',
      goal: '= 0',
      met: lostSubmissions === 0,
    },
    {
      metric: 'organisations with more than one EOI',
      figure: String(duplicatedEois),
      baseline: '—',
      goal: '= 0',
      met: duplicatedEois === 0,
    },
    {
      metric: 'lost receipts (submitted, no email)',
      figure: String(lostReceipts),
      baseline: '—',
      goal: '= 0',
      met: lostReceipts === 0,
    },
    {
      metric: 'applicants with more than one receipt',
      figure: String(duplicatedReceipts),
      baseline: '—',
      goal: '= 0',
      met: duplicatedReceipts === 0,
    },
  ]
  return {
    title: `Deadline surge (${APPLICANTS} applicants, ${CONCURRENCY} in flight)`,
    rows,
    notes: [
      `each applicant: register organisation, start EOI, ${AUTOSAVES} autosaves (versioned), submit; every ${DOUBLE_SUBMIT}th double-clicks submit (2 at once), every ${RETRY_SUBMIT}th re-sends it after; ${tally.requests} requests in all`,
      `statuses: ${byStatus}${tally.unexpected.length ? `; first unexpected: ${tally.unexpected.join(' | ')}` : ''}`,
      `database: ${applications.length} EOIs for the competition (GSI1, all pages), ${[...submittedByOrganisation.values()].reduce((a, b) => a + b, 0)} submitted; ${receiptsByEmail.size} applicants with a receipt in the outbox, ${sentByNow} already delivered by the local deliverer running through the surge${unacknowledgedButStored ? `; ${unacknowledgedButStored} submitted without a 200 reaching the client` : ''}`,
      `baseline "bare PutItem": ${PROBES} loops of PutCommand (${probeBytes} B item, the size of a finished draft) through the same document client, running beside the surge: ${bare.length} writes, p50 ${ms(median(bare))}`,
      'local server (@hono/node-server, same app as Lambda) on 127.0.0.1, DynamoDB Local in memory with the demo seed; client and server share this process',
    ],
  }
}

if (isMain(import.meta.url)) await runAlone(runDeadlineSurgeBench)
