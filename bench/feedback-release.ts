// Releasing decisions and feedback to 100, 250, 500 and 1,000 applicants, each a fresh
// published competition seeded straight into DynamoDB Local: every applicant with a final
// decision and a contact email, most with feedback (a few written through the API), a handful
// holding an offer. Times the programme manager's release over HTTP against batch-writing as
// many email-sized items in the same run, counts its DynamoDB calls (transactions, items
// written, reads), and checks every applicant has exactly one decision email in the outbox,
// three runs a size (times are medians; every check must hold in each).
// Then, at 1,000, a scheduled release run by three workers at once (the scheduler and two
// more, those two joining once the release is under way) must still email each applicant once,
// timed against the scheduler running one alone.
import type { Candidate } from '../shared/schemas/assessing.js'
import type { FeedbackRelease } from '../shared/schemas/feedback.js'
import type { OutboxMessage } from '../shared/schemas/outbox.js'
import type { User } from '../shared/schemas/user.js'
import { countWords } from '../shared/words.js'
import { advanceRelease, RELEASE_CHUNK, runDueReleases } from '../functions/core/feedback/release.js'
import { newId } from '../functions/core/ids.js'
import { insertUser } from '../functions/db/users-repo.js'
import { candidateItem } from '../functions/db/assessing-repo.js'
import type { Db } from '../functions/db/client.js'
import { competitionKeys } from '../functions/db/competitions-repo.js'
import { feedbackPut, getRelease, type StoredFeedback } from '../functions/db/feedback-repo.js'
import { outboxKeys, outboxPut } from '../functions/db/outbox-repo.js'
import { itemOf } from '../functions/db/write.js'
import { queryEvery } from '../functions/db/query-page.js'
import { indexes, keys } from '../functions/db/table.js'
import { batchWriteAll, recordDynamoDbCalls, type CallRecorder, type DynamoDbCall } from './lib/dynamodb.js'
import { isMain, runAlone } from './lib/main.js'
import { ms, type BenchReport, type Row } from './lib/report.js'
import { withLocalStack } from './lib/stack.js'
import { abba, median } from './lib/stats.js'

const SIZES = [100, 250, 500, 1_000]
const CONCURRENT_SIZE = 1_000
/** Fresh competitions released at each size; times are their medians. */
const REPEATS = 3
/** Offers made through the awards API before the release (£10,000 each, within the demo's £60,000 pot). */
const AWARDS = 4
/** Feedback saved through the API; the rest of those with feedback are seeded with the same item shape. */
const FEEDBACK_VIA_API = 3
/** One applicant in this many has no feedback, so the release needs `confirmMissing`. */
const NO_FEEDBACK_EVERY = 7
const DAY = 86_400_000
/** Reads by key a release may make whatever its size: the assessment's lock, the pitch schedule, the release item (none per applicant, none for the audit). */
const GOAL_KEYS_READ = 4

type Seeded = { competitionId: string; candidates: Candidate[]; awarded: Set<string>; feedback: number }

/** A fresh published competition: the demo's aggregate copied under a new id (its pot, maximum award, challenges). */
async function cloneCompetition(db: Db, fromId: string, label: string): Promise<string> {
  const id = newId()
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': keys.partition },
    ExpressionAttributeValues: { ':pk': competitionKeys.pk(fromId) },
    ConsistentRead: true,
  })
  const copies = items.map((item) => {
    const copy: Record<string, unknown> = { ...item, [keys.partition]: competitionKeys.pk(id) }
    if ('competitionId' in copy) copy.competitionId = id
    if (copy.entity === 'competition') {
      copy.id = id
      copy.title = `${String(item.title)} (${label})`
      // Closed for EOIs a month ago (a release waits for the deadline); the panel and feedback dates stay ahead.
      const closes = new Date(Date.now() - 30 * 86_400_000).toISOString()
      copy.timeline = {
        ...(item.timeline as Record<string, unknown>),
        eoiOpensAt: new Date(Date.now() - 60 * 86_400_000).toISOString(),
        eoiClosesAt: closes,
      }
      copy[indexes.byKind.sort] = `${closes}#${id}`
    }
    return copy
  })
  await batchWriteAll(db, copies)
  return id
}

const feedbackText = (organisationName: string) => ({
  decision: `Thank you for applying with ${organisationName}. The panel read every expression of interest against the published criteria before deciding.`,
  panelComments:
    'The panel found the problem well described and the evidence of need clear, though the route to adoption within the health system was less developed than in the strongest applications.',
  strengths: 'A clear understanding of the users and a credible team with relevant delivery experience.',
  improvements:
    'Say more about how the solution would be procured and paid for, and what evidence of benefit you would collect in the first year.',
})

/**
 * Seeds N applicants into a fresh competition: decisions spread over the three final outcomes,
 * feedback for all but one in NO_FEEDBACK_EVERY (the first few through the API), and AWARDS
 * offers made through the awards API with an answer-by date a month away.
 */
async function seed(
  db: Db,
  origin: string,
  token: string,
  manager: User,
  fromId: string,
  n: number,
  label: string,
): Promise<Seeded> {
  const competitionId = await cloneCompetition(db, fromId, label)
  const at = new Date().toISOString()
  const decided = { by: manager.id, byName: manager.name, at }
  const candidates: Candidate[] = Array.from({ length: n }, (_, i) => {
    const kind = i % 10
    return {
      applicationId: newId(),
      competitionId,
      organisationId: newId(),
      organisationName: `Bench Organisation ${String(i + 1).padStart(4, '0')}`,
      amountRequestedPence: 1_500_000,
      themeIds: [],
      submittedAt: at,
      receiptNumber: `EOI-${String(i + 1).padStart(5, '0')}`,
      contactEmail: `a${i + 1}.${label}@bench.example`,
      screening:
        kind === 0
          ? { outcome: 'ineligible', reason: 'Outside the competition’s scope.', ...decided }
          : { outcome: 'eligible', reason: '', ...decided },
      ...(kind === 0
        ? {}
        : {
            shortlist:
              kind <= 3
                ? { outcome: 'not-shortlisted', reason: 'Weaker fit with the challenges.', ...decided }
                : { outcome: 'shortlisted', reason: 'Strong fit.', ...decided },
          }),
    } satisfies Candidate
  })
  await batchWriteAll(db, candidates.map(candidateItem))

  const api = async (method: string, path: string, body: unknown, extra: Record<string, string> = {}) => {
    const res = await fetch(`${origin}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...extra },
      body: JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return res.json() as Promise<unknown>
  }
  // Offers through the real path (the award, the ledger, the candidate's view of it).
  const respondBy = new Date(Date.now() + 30 * DAY).toISOString()
  const winners = candidates.filter((c) => c.shortlist?.outcome === 'shortlisted').slice(0, AWARDS)
  for (const c of winners) {
    await api(
      'POST',
      `/api/competitions/${competitionId}/awards`,
      { applicationId: c.applicationId, amountPence: 1_000_000, reason: 'Within the pot.', respondBy },
      { 'idempotency-key': `bench-${c.applicationId}` },
    )
  }

  // Feedback: the first few through the API, the rest as the same item feedbackPut builds.
  const withFeedback = candidates.filter((_, i) => i % NO_FEEDBACK_EVERY !== NO_FEEDBACK_EVERY - 1)
  for (const c of withFeedback.slice(0, FEEDBACK_VIA_API)) {
    await api('PUT', `/api/competitions/${competitionId}/feedback/${c.applicationId}`, {
      version: 0,
      ...feedbackText(c.organisationName),
      signpostIds: [],
    })
  }
  const seededFeedback = withFeedback.slice(FEEDBACK_VIA_API).map((c) => {
    const text = feedbackText(c.organisationName)
    const stored: StoredFeedback = {
      competitionId,
      applicationId: c.applicationId,
      organisationName: c.organisationName,
      ...text,
      signposts: [],
      scores: [],
      version: 1,
      updatedAt: at,
      updatedBy: manager.id,
      updatedByName: manager.name,
      changes: [],
      words: Object.values(text).reduce((sum, t) => sum + countWords(t), 0),
    }
    return itemOf(feedbackPut(db, stored, 0))
  })
  await batchWriteAll(db, seededFeedback)
  return {
    competitionId,
    candidates,
    awarded: new Set(winners.map((c) => c.applicationId)),
    feedback: withFeedback.length,
  }
}

/** Batch-writes N items the size and shape of a decision email (on the index too), 25 a request, one request at a time as the release writes its chunks. */
async function baselineWrite(db: Db, n: number): Promise<number> {
  const at = new Date().toISOString()
  const text = feedbackText('Bench Organisation 0000')
  const items = Array.from({ length: n }, () => {
    const id = newId()
    const item = itemOf(
      outboxPut(db, {
        id,
        to: 'baseline@bench.example',
        kind: 'bench',
        createdAt: at,
        status: 'pending',
        subject: 'The decision on your expression of interest',
        text: Object.values(text).join('\n'),
      }),
    )
    return { ...item, [keys.partition]: `BENCH#${id}`, [indexes.byKind.partition]: 'BENCH#baseline' }
  })
  const started = performance.now()
  await batchWriteAll(db, items, { concurrency: 1 })
  return performance.now() - started
}

/** Every outbox email, pending or sent, by recipient (the index's two partitions). */
async function outboxByRecipient(db: Db): Promise<Map<string, OutboxMessage[]>> {
  const byTo = new Map<string, OutboxMessage[]>()
  for (const status of ['pending', 'sent'] as const) {
    const { items } = await queryEvery(db, {
      TableName: db.tableName,
      IndexName: indexes.byKind.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': indexes.byKind.partition },
      ExpressionAttributeValues: { ':pk': outboxKeys.byStatus(status) },
    })
    for (const item of items as OutboxMessage[]) byTo.set(item.to, [...(byTo.get(item.to) ?? []), item])
  }
  return byTo
}

type EmailCheck = {
  once: boolean
  missing: number
  duplicated: number
  offers: number
  otherKinds: number
  text: string
}

/** Exactly one decision email per applicant; winners' carry the offer; nothing else sent to them. */
async function checkEmails(db: Db, seeded: Seeded): Promise<EmailCheck> {
  const byTo = await outboxByRecipient(db)
  let missing = 0
  let duplicated = 0
  let offers = 0
  let otherKinds = 0
  for (const c of seeded.candidates) {
    const mail = byTo.get(c.contactEmail!) ?? []
    const decisions = mail.filter((m) => m.kind === 'decision')
    otherKinds += mail.length - decisions.length
    if (decisions.length === 0) missing++
    if (decisions.length > 1) duplicated++
    if (seeded.awarded.has(c.applicationId) && decisions.some((m) => m.subject.startsWith('An award offer'))) offers++
  }
  const once = missing === 0 && duplicated === 0
  return {
    once,
    missing,
    duplicated,
    offers,
    otherKinds,
    text: once ? 'yes' : `no (missing ${missing}, duplicated ${duplicated})`,
  }
}

type Tally = {
  transactions: number
  cancelled: number
  written: number
  writtenCommitted: number
  readCalls: number
  keysRead: number
  itemsRead: number
  byCommand: string
}

function tally(calls: DynamoDbCall[]): Tally {
  const counts = new Map<string, number>()
  for (const { command, failed } of calls) {
    const name = command.replace(/Command$/, '') + (failed ? ` (failed: ${failed})` : '')
    counts.set(name, (counts.get(name) ?? 0) + 1)
  }
  const transactions = calls.filter((c) => c.command === 'TransactWriteItemsCommand')
  const reads = calls.filter((c) =>
    ['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand'].includes(c.command),
  )
  return {
    transactions: transactions.filter((c) => !c.failed).length,
    cancelled: transactions.filter((c) => c.failed).length,
    written: calls.reduce((sum, c) => sum + c.itemsWritten, 0),
    writtenCommitted: calls.filter((c) => !c.failed).reduce((sum, c) => sum + c.itemsWritten, 0),
    readCalls: reads.length,
    keysRead: reads.reduce((sum, c) => sum + c.keysRead, 0),
    itemsRead: reads.reduce((sum, c) => sum + c.itemsReturned, 0),
    byCommand: [...counts].map(([name, n]) => `${n} ${name}`).join(' + '),
  }
}

const callsBetween = (recorder: CallRecorder, from: number, to: number) =>
  recorder.since(from).filter((c) => c.started <= to)
const fmt = (n: number) => n.toLocaleString('en-GB')

type Run = {
  n: number
  ms: number
  baselineMs: number
  tally: Tally
  emails: EmailCheck
  release: FeedbackRelease
  seeded: Seeded
}

/** The runs at one size: each a fresh competition; times are their medians, every check must hold in every one. */
type Size = { n: number; runs: Run[]; ms: number; baselineMs: number }

export async function runFeedbackReleaseBench(): Promise<BenchReport> {
  return withLocalStack('bench-feedback-release', async ({ db, platform, competitionId: demoId, origin }) => {
    const manager: User = { id: newId(), email: 'manager@bench.example', name: 'Bench Manager', role: 'manager' }
    await insertUser(db, manager)
    const token = await platform.issuer.issueToken(manager)
    const recorder = recordDynamoDbCalls(db)
    const release = async (competitionId: string, body: Record<string, unknown>): Promise<FeedbackRelease> => {
      const res = await fetch(`${origin}/api/competitions/${competitionId}/feedback-release`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ version: 0, confirmMissing: true, ...body }),
      })
      if (res.status !== 200) throw new Error(`release: ${res.status} ${await res.text()}`)
      return res.json() as Promise<FeedbackRelease>
    }

    const runOnce = async (n: number, label: string): Promise<Run> => {
      const seeded = await seed(db, origin, token, manager, demoId, n, label)
      const baselineMs = await baselineWrite(db, n)
      const started = performance.now()
      const released = await release(seeded.competitionId, {})
      const ended = performance.now()
      const t = tally(callsBetween(recorder, started, ended))
      return {
        n,
        ms: ended - started,
        baselineMs,
        tally: t,
        emails: await checkEmails(db, seeded),
        release: released,
        seeded,
      }
    }

    /** A scheduled release of N, its time come, run by the scheduler and `joiners` more workers that start once it is under way. */
    const scheduledOnce = async (n: number, label: string, joiners: number) => {
      const seeded = await seed(db, origin, token, manager, demoId, n, label)
      await release(seeded.competitionId, { at: new Date(Date.now() + 60_000).toISOString() })
      const later = { db, now: () => new Date(Date.now() + 120_000), publicUrl: platform.publicUrl }
      const started = performance.now()
      const scheduler = runDueReleases(later)
      const joined = (async () => {
        if (!joiners) return []
        while ((await getRelease(db, seeded.competitionId)).status === 'scheduled')
          await new Promise((resolve) => setTimeout(resolve, 2))
        return Promise.all(Array.from({ length: joiners }, () => advanceRelease(later, seeded.competitionId)))
      })()
      const [due, seen] = await Promise.all([scheduler, joined])
      const ended = performance.now()
      const final = await getRelease(db, seeded.competitionId)
      return {
        n,
        seeded,
        due,
        seen,
        ms: ended - started,
        tally: tally(callsBetween(recorder, started, ended)),
        emails: await checkEmails(db, seeded),
        release: final,
      }
    }

    try {
      // A warm-up at the smallest size, so the first measured release does not pay for the JIT and a cold DynamoDB Local.
      await runOnce(SIZES[0]!, 'warmup')
      const sizes: Size[] = []
      for (const n of SIZES) {
        const runs: Run[] = []
        for (let r = 0; r < REPEATS; r++) runs.push(await runOnce(n, `n${n}r${r}`))
        sizes.push({ n, runs, ms: median(runs.map((r) => r.ms)), baselineMs: median(runs.map((r) => r.baselineMs)) })
      }
      // At 1,000, scheduled: the scheduler alone, then the scheduler with two more workers joining once it is under way.
      // In ABBA order, two of each, so neither always goes first.
      const scheduled: Awaited<ReturnType<typeof scheduledOnce>>[][] = [[], []]
      for (let r = 0; r < 2; r++)
        for (const side of abba(r))
          scheduled[side]!.push(
            await scheduledOnce(CONCURRENT_SIZE, `${side ? 'concurrent' : 'scheduled'}${r}`, side ? 2 : 0),
          )
      const [aloneRuns, concurrentRuns] = scheduled as [(typeof scheduled)[0], (typeof scheduled)[0]]
      // Figures from the run that did worst on the checks (else the first), times as medians.
      const worstOf = (runs: typeof aloneRuns) =>
        runs.find((r) => !(r.emails.once && r.release.status === 'released' && r.release.emailed === r.n)) ??
        runs.reduce((a, b) => (b.tally.transactions > a.tally.transactions ? b : a))
      const alone = { ...worstOf(aloneRuns), ms: median(aloneRuns.map((r) => r.ms)) }
      const concurrent = { ...worstOf(concurrentRuns), ms: median(concurrentRuns.map((r) => r.ms)) }
      const cancelled = concurrentRuns.map((r) => r.tally.cancelled)

      const first = sizes[0]!
      const once = (r: { emails: EmailCheck; release: FeedbackRelease; n: number }) =>
        r.emails.once && r.release.status === 'released' && r.release.emailed === r.n
      const rows: Row[] = sizes.flatMap(({ n, runs, ms: t, baselineMs }): Row[] => {
        const perApplicant = t / n
        const growth = t / first.ms
        const expectedTransactions = Math.ceil(n / RELEASE_CHUNK) + 1
        const worst = (of: (tally: Tally) => number) => Math.max(...runs.map((r) => of(r.tally)))
        const transactions = worst((t) => t.transactions)
        const written = worst((t) => t.written)
        const keysRead = worst((t) => t.keysRead)
        const failing = runs.find((r) => !once(r))
        return [
          {
            metric: `N=${fmt(n)}: release wall time, median`,
            figure: ms(t),
            baseline: ms(baselineMs),
            ratio: t / baselineMs,
          },
          {
            metric: `N=${fmt(n)}: time per applicant`,
            figure: ms(perApplicant),
            baseline: ms(baselineMs / n),
            ratio: perApplicant / (baselineMs / n),
          },
          {
            metric: `N=${fmt(n)}: time(N) ÷ time(${first.n})`,
            figure: `${growth.toFixed(2)}×`,
            baseline: `${(n / first.n).toFixed(2)}× (N/${first.n})`,
            ratio: growth / (n / first.n),
          },
          {
            metric: `N=${fmt(n)}: TransactWriteItems (items written)`,
            figure: `${transactions} (${fmt(written)})`,
            baseline: `${expectedTransactions} (⌈N/${RELEASE_CHUNK}⌉+1)`,
            goal: `≤ ⌈N/${RELEASE_CHUNK}⌉+1, none cancelled`,
            met: transactions <= expectedTransactions && runs.every((r) => r.tally.cancelled === 0),
          },
          {
            metric: `N=${fmt(n)}: writes per applicant`,
            figure: (written / n).toFixed(3),
            baseline: '1.000',
            ratio: written / n,
            goal: '≤ 1.05',
            met: written / n <= 1.05,
          },
          {
            metric: `N=${fmt(n)}: read calls (by key; items)`,
            figure: `${worst((t) => t.readCalls)} (${keysRead}; ${fmt(worst((t) => t.itemsRead))})`,
            baseline: '—',
            goal: `by key ≤ ${GOAL_KEYS_READ}`,
            met: keysRead <= GOAL_KEYS_READ,
          },
          {
            metric: `N=${fmt(n)}: exactly one email each`,
            figure: failing ? failing.emails.text : 'yes',
            baseline: `${fmt(n)} applicants`,
            goal: 'yes',
            met: !failing,
          },
        ]
      })
      const maxCommitted = Math.ceil(CONCURRENT_SIZE / RELEASE_CHUNK) + 1
      rows.push(
        {
          metric: `N=${fmt(CONCURRENT_SIZE)} scheduled, 3 workers: wall time, median`,
          figure: ms(concurrent.ms),
          baseline: ms(alone.ms),
          ratio: concurrent.ms / alone.ms,
        },
        {
          metric: `N=${fmt(CONCURRENT_SIZE)} scheduled, 3 workers: TransactWriteItems (cancelled)`,
          figure: `${concurrent.tally.transactions} (${cancelled.join(', ')})`,
          baseline: `${alone.tally.transactions} (${alone.tally.cancelled})`,
          goal: `committed ≤ ⌈N/${RELEASE_CHUNK}⌉+1`,
          met: [...aloneRuns, ...concurrentRuns].every((r) => r.tally.transactions <= maxCommitted),
        },
        {
          metric: `N=${fmt(CONCURRENT_SIZE)} scheduled, 3 workers: exactly one email each`,
          figure: concurrent.emails.text,
          baseline: alone.emails.text,
          goal: 'yes',
          met: [...aloneRuns, ...concurrentRuns].every(once),
        },
      )
      return {
        title: `Feedback release: decisions and feedback to ${SIZES.map(fmt).join(', ')} applicants (a fresh competition each, ${REPEATS} runs a size)`,
        rows,
        notes: [
          `release: POST /api/competitions/:cid/feedback-release as the programme manager, confirmMissing (1 applicant in ${NO_FEEDBACK_EVERY} has no feedback); ${AWARDS} hold an offer made through the awards API; ${FEEDBACK_VIA_API} have feedback saved through the API, the rest seeded as feedbackPut builds it; an untimed warm-up release of ${SIZES[0]} runs first`,
          'baseline: BatchWriteItem of N items the size and shape of a decision email (on GSI1 too), 25 a request, one request at a time as the release writes its chunks; same run, just before each release',
          ...sizes.map(
            ({ n, runs }) =>
              `N=${fmt(n)}: ${runs.map((r) => ms(r.ms)).join(', ')} (baseline ${runs.map((r) => ms(r.baselineMs)).join(', ')}); calls ${runs[0]!.tally.byCommand}; winners’ emails carrying the offer ${Math.min(...runs.map((r) => r.emails.offers))}/${AWARDS}; other emails to applicants ${Math.max(...runs.map((r) => r.emails.otherKinds))}`,
          ),
          `scheduled at ${fmt(CONCURRENT_SIZE)} (clock 2 minutes on), two runs each in ABBA order: the scheduler (runDueReleases) alone, baseline, ${aloneRuns.map((r) => ms(r.ms)).join(', ')}, calls ${alone.tally.byCommand}; against the scheduler with 2 × advanceRelease joining once it is under way, ${concurrentRuns.map((r) => ms(r.ms)).join(', ')}, calls ${concurrent.tally.byCommand}, ${fmt(concurrent.tally.writtenCommitted)} items committed and ${fmt(concurrent.tally.written - concurrent.tally.writtenCommitted)} in cancelled transactions; the scheduler released ${concurrent.due.includes(concurrent.seeded.competitionId) ? 'it' : 'nothing'}, the joiners returned ${concurrent.seen.map((r) => r.status).join(', ')}; winners’ emails carrying the offer ${concurrent.emails.offers}/${AWARDS}`,
          `committed transactions: the release (scheduled: its claim), one per ${RELEASE_CHUNK} emails moving the cursor (the last marks it released). Read calls: requestRelease queries the competition, candidates, feedback and awards, then writeEmails queries the competition, candidates and awards again (items read ≈ 2 × N candidates + the feedback); by key only the lock, the pitch schedule and (where it was not read whole) the release item: none per applicant, and none for the audit, which is told what each write replaces`,
          'writes per applicant: every item of every write call (the release and the lock, each chunk’s release item, the emails, each transaction’s audit intent, the request’s write budget) over N; a transactional write costs twice a plain one in capacity',
          'time(N) ÷ time(100) against N/100: a ratio ≤ 1 is linear or better (the fixed reads weigh less as N grows); times carry no goal, the call counts are what must not grow faster than N',
          'DynamoDB Local runs transactions one at a time and never raises TransactionConflict: compare ratios, not milliseconds',
        ],
      }
    } finally {
      recorder.stop()
    }
  })
}

if (isMain(import.meta.url)) await runAlone(runFeedbackReleaseBench)
