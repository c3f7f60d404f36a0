// CSV exports at 1,000 applications, seeded straight into DynamoDB Local with the repos' own item
// builders: 1,000 submitted EOIs answering the demo's form (each with its organisation and
// candidate, all shortlisted), 3 panellists with a declaration and a submitted sheet (and its
// text) on each, 200 accepted awards with their ledger entries and active grants (4 tranches),
// 300 feedback calls. Each export is downloaded over HTTP and read to the end; its DynamoDB calls
// are counted against the pages of a bare Query of the same key range (as many items a page as the
// export reads), and it is timed against that bare paged Query in the same run.
import { QueryCommand, type NativeAttributeValue, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import { parse } from 'csv-parse/sync'
import type { Application } from '../shared/schemas/application.js'
import type { Rubric, ScoreSheet } from '../shared/schemas/assessing.js'
import type { Award, LedgerEntry } from '../shared/schemas/awards.js'
import type { FeedbackCall } from '../shared/schemas/feedback.js'
import type { Question } from '../shared/schemas/form.js'
import { Grant } from '../shared/schemas/grants.js'
import type { User } from '../shared/schemas/user.js'
import { newId } from '../functions/core/ids.js'
import { applicationKeys, applicationPut } from '../functions/db/applications-repo.js'
import {
  assessKeys,
  candidateItem,
  declarationItem,
  memberItem,
  rubricItem,
  sheetItem,
  textItem,
} from '../functions/db/assessing-repo.js'
import { awardKeys, awardPut, ledgerPut } from '../functions/db/awards-repo.js'
import type { Db } from '../functions/db/client.js'
import { competitionItemKey, getCompetitionAggregate } from '../functions/db/competitions-repo.js'
import { EXPORT_PAGE_SIZE, SHEET_PAGE_SIZE } from '../functions/db/export-pages.js'
import { callPut, feedbackKeys } from '../functions/db/feedback-repo.js'
import { grantKeys, grantPut } from '../functions/db/grants-repo.js'
import { organisationKeys } from '../functions/db/organisations-repo.js'
import { indexes, keys } from '../functions/db/table.js'
import { insertUser } from '../functions/db/users-repo.js'
import { itemOf } from '../functions/db/write.js'
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { batchWriteAll, recordDynamoDbCalls, type DynamoDbCall } from './lib/dynamodb.js'
import { isMain, runAlone } from './lib/main.js'
import { kb, ms, type BenchReport, type Row } from './lib/report.js'
import { withLocalStack } from './lib/stack.js'
import { median } from './lib/stats.js'

const APPLICATIONS = 1_000
const PANELLISTS = 3
const AWARDS = 200
const CALLS = 300
const AWARD = 1_000_000
const RUNS = 3

const WORDS =
  'We would put low-cost sensors in the homes of children with asthma, so that families and the school nurse see damp and poor air before it turns into an admission, and the service sees where to send help first.'

/** An answer to each of the demo's questions, of the length people write. */
function answersFor(questions: Question[], i: number): Application['answers'] {
  const answers: Application['answers'] = {}
  for (const q of questions) {
    if (q.kind === 'longText') answers[q.id] = `${WORDS} ${WORDS} (${i})`
    else if (q.kind === 'textOrVideo') answers[q.id] = { mode: 'text', text: WORDS }
    else if (q.kind === 'singleChoice') answers[q.id] = q.options![i % q.options!.length]!.id
    else if (q.kind === 'url') answers[q.id] = `https://applicant-${i}.example`
    else if (q.kind === 'shortText') answers[q.id] = `Answer ${i}`
  }
  return answers
}

function seedItems(db: Db, competitionId: string, competitionTitle: string, questions: Question[], base: number) {
  const at = new Date().toISOString()
  const manager: User = { id: newId(), email: 'exports-manager@bench.example', name: 'Bench Manager', role: 'manager' }
  const decided = { by: manager.id, byName: manager.name, at }
  const panellists = Array.from({ length: PANELLISTS }, (_, i) => ({
    id: newId(),
    email: `exports-panellist-${i + 1}@bench.example`,
    name: `Panellist ${i + 1}`,
  }))
  const rubric: Rubric = {
    competitionId,
    scale: { min: 0, max: 5 },
    criteria: [3, 2, 1, 1].map((weight, i) => ({
      id: newId(),
      title: `Criterion ${i + 1}`,
      description: '',
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
  for (const p of panellists)
    puts.push(
      memberItem({
        competitionId,
        competitionTitle,
        email: p.email,
        name: p.name,
        status: 'accepted',
        userId: p.id,
        invitedAt: at,
        invitedBy: manager.id,
        respondedAt: at,
      }),
    )
  const winners: { applicationId: string; organisationName: string }[] = []
  for (let i = 0; i < APPLICATIONS; i++) {
    const id = newId()
    const organisationId = newId()
    const organisationName = `Bench Organisation ${String(i + 1).padStart(4, '0')}`
    const application: Application = {
      id,
      competitionId,
      competitionTitle,
      organisationId,
      organisationName,
      status: 'submitted',
      answers: answersFor(questions, i),
      amountRequestedPence: 500_000 + (i % 30) * 50_000,
      themeIds: [],
      eligibilityConfirmed: [],
      version: 3,
      createdAt: at,
      updatedAt: at,
      submittedAt: at,
      receiptNumber: `EOI-${String(i + 1).padStart(5, '0')}`,
      contact: { name: `Applicant ${i + 1}`, email: `applicant-${i + 1}@bench.example` },
    }
    puts.push(itemOf(applicationPut(db, application, { version: 2, status: 'draft' })))
    puts.push({
      [keys.partition]: organisationKeys.pk(organisationId),
      [keys.sort]: organisationKeys.sk,
      entity: 'organisation',
      id: organisationId,
      name: organisationName,
      type: 'sme',
      postcode: 'L1 8JQ',
      sizeBand: '2-9',
      version: 1,
      createdAt: at,
    })
    const award = i < AWARDS ? { status: 'accepted' as const, amountPence: AWARD } : undefined
    puts.push(
      candidateItem({
        applicationId: id,
        competitionId,
        organisationId,
        organisationName,
        amountRequestedPence: application.amountRequestedPence,
        themeIds: [],
        submittedAt: at,
        receiptNumber: application.receiptNumber,
        contactEmail: application.contact!.email,
        screening: { outcome: 'eligible', reason: '', ...decided },
        shortlist: { outcome: 'shortlisted', reason: 'Strong fit', ...decided },
        scoringStartedAt: at,
        ...(award ? { award } : {}),
      }),
    )
    for (const [n, p] of panellists.entries()) {
      puts.push(
        declarationItem(
          {
            competitionId,
            applicationId: id,
            panellistId: p.id,
            type: 'none',
            note: '',
            recordedBy: p.id,
            recordedByManager: false,
            at,
          },
          p.email,
        ),
      )
      const sheet: ScoreSheet = {
        competitionId,
        applicationId: id,
        panellistId: p.id,
        panellistName: p.name,
        status: 'submitted',
        scores: Object.fromEntries(rubric.criteria.map((c, k) => [c.id, (i + n + k) % 6])),
        rubricVersion: 1,
        version: 2,
        updatedAt: at,
        submittedAt: at,
        history: [],
      }
      puts.push(
        sheetItem(sheet, p.email),
        textItem(sheet, {
          comments: Object.fromEntries(rubric.criteria.map((c) => [c.id, 'A credible plan we could test.'])),
          panelNote: 'Worth discussing the delivery risk.',
          applicantFeedback: 'Say more about how you would measure benefit to families.',
        }),
      )
    }
    if (i < AWARDS) winners.push({ applicationId: id, organisationName })
    if (i >= APPLICATIONS - CALLS) {
      const call: FeedbackCall = {
        competitionId,
        applicationId: id,
        organisationName,
        preferredTimes: 'Tuesday mornings',
        question: 'What would have made it fundable?',
        status: 'requested',
        requestedAt: at,
        earlier: 0,
        version: 1,
      }
      puts.push(itemOf(callPut(db, call, 'new')))
    }
  }
  for (const [i, { applicationId, organisationName }] of winners.entries()) {
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
      awardedBy: manager.id,
      awardedByName: manager.name,
      awardedAt: at,
      respondedAt: at,
    }
    const entry: LedgerEntry = {
      id: newId(),
      competitionId,
      applicationId,
      organisationName,
      cause: 'awarded',
      changePence: AWARD,
      committedBeforePence: i * AWARD,
      committedAfterPence: (i + 1) * AWARD,
      potPence: AWARDS * AWARD,
      by: manager.id,
      byName: manager.name,
      at,
    }
    const tranches = [1, 2, 3, 4].map((n) => ({
      id: `t${n}`,
      label: `Tranche ${n}`,
      amountPence: AWARD / 4,
      percent: 25,
      trigger: n === 1 ? { kind: 'signing' as const } : { kind: 'milestone' as const, milestoneId: `m${n}` },
    }))
    const grant = Grant.parse({
      competitionId,
      applicationId,
      organisationName,
      awardPence: AWARD,
      startsOn: '2027-01-04',
      endsOn: '2027-12-17',
      conditions: award.conditions,
      milestones: [1, 2, 3, 4].map((n) => ({
        id: `m${n}`,
        title: `Milestone ${n}`,
        dueOn: `2027-0${n + 2}-28`,
        evidence: 'A short report.',
      })),
      tranches,
      indicators: [],
      notes: '',
      status: 'active',
      version: 4,
      createdAt: at,
      createdBy: manager.id,
      updatedAt: at,
      updatedBy: manager.id,
      updatedByName: manager.name,
      sentAt: at,
      sentBy: manager.id,
      acceptedAt: at,
      acceptedBy: newId(),
      acceptedByName: 'A grantee',
      progress: {
        milestones: Object.fromEntries(
          [1, 2, 3, 4].map((n) => [`m${n}`, { status: 'upcoming', dueOn: `2027-0${n + 2}-28`, public: false }]),
        ),
        tranches: Object.fromEntries(
          tranches.map((t) => [
            t.id,
            t.id === 't1'
              ? { status: 'due', amountPence: t.amountPence, dueAt: at, authorisedBy: manager.id }
              : { status: 'scheduled', amountPence: t.amountPence },
          ]),
        ),
        actuals: {},
      },
      paidPence: 0,
    })
    puts.push(
      itemOf(awardPut(db, award, 'new')),
      itemOf(ledgerPut(db, entry, { expectedRevision: base + i })),
      itemOf(grantPut(db, grant, 'new')),
    )
  }
  return { manager, puts }
}

/** The key range an export pages through, queried bare (the export's `Limit`, every page): how many pages. */
type Range = Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>

async function barePages(db: Db, range: Range, limit?: number): Promise<number> {
  let startKey: Record<string, NativeAttributeValue> | undefined
  let pages = 0
  do {
    const page = await db.doc.send(
      new QueryCommand({ ...range, TableName: db.tableName, Limit: limit, ExclusiveStartKey: startKey }),
    )
    pages++
    startKey = page.LastEvaluatedKey
  } while (startKey)
  return pages
}

const prefix = (pk: string, sk: string): Range => ({
  KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
  ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
  ExpressionAttributeValues: { ':pk': pk, ':sk': sk },
})

export async function runExportsBench(): Promise<BenchReport> {
  return withLocalStack('bench-exports', async ({ db, platform, competitionId, origin }) => {
    const aggregate = (await getCompetitionAggregate(db, competitionId, { consistent: true }))!
    const { manager, puts } = seedItems(
      db,
      competitionId,
      aggregate.competition.title,
      aggregate.questions,
      aggregate.revision,
    )
    await insertUser(db, manager)
    await batchWriteAll(db, puts)
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: competitionItemKey(competitionId),
        UpdateExpression: 'SET potPence = :pot, committedPence = :pot, revision = :revision',
        ExpressionAttributeValues: { ':pot': AWARDS * AWARD, ':revision': aggregate.revision + AWARDS },
      }),
    )
    const token = await platform.issuer.issueToken(manager)
    const headers = { authorization: `Bearer ${token}` }

    // Each export: the range it pages through (at the export's page size), the calls it may make besides (the
    // competition, what shapes its columns, the caller's account) and its calls a page.
    const grantsRange: Range = {
      ...prefix(grantKeys.pk(competitionId), grantKeys.grant('')),
    }
    const exportsUnderTest: {
      name: string
      range: Range
      limit?: number
      setup: number
      perPage: number
      rows: number
    }[] = [
      {
        name: 'eois',
        range: {
          IndexName: indexes.byKind.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': indexes.byKind.partition },
          ExpressionAttributeValues: { ':pk': applicationKeys.byCompetition(competitionId) },
        },
        setup: 3,
        perPage: 3,
        rows: APPLICATIONS,
      },
      {
        name: 'score-sheets',
        range: prefix(assessKeys.pk(competitionId), 'SCORE#'),
        limit: SHEET_PAGE_SIZE,
        setup: 3,
        perPage: 2,
        rows: APPLICATIONS * PANELLISTS,
      },
      {
        // The ranking is one computation over the whole key range, read in 1 MB pages as the ranking page reads it.
        name: 'ranking',
        range: {
          KeyConditionExpression: '#pk = :pk AND #sk < :slots',
          ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
          ExpressionAttributeValues: { ':pk': assessKeys.pk(competitionId), ':slots': assessKeys.slots },
        },
        limit: undefined,
        setup: 3,
        perPage: 1,
        rows: APPLICATIONS,
      },
      {
        name: 'awards',
        range: prefix(awardKeys.pk(competitionId), awardKeys.award('')),
        setup: 3,
        perPage: 2,
        rows: AWARDS,
      },
      { name: 'ledger', range: prefix(awardKeys.pk(competitionId), 'LEDGER#'), setup: 2, perPage: 1, rows: AWARDS },
      { name: 'grants', range: grantsRange, setup: 2, perPage: 1, rows: AWARDS },
      { name: 'payments', range: grantsRange, setup: 2, perPage: 1, rows: AWARDS * 4 },
      {
        name: 'feedback-calls',
        range: prefix(feedbackKeys.pk(competitionId), feedbackKeys.call('')),
        setup: 2,
        perPage: 2,
        rows: CALLS,
      },
    ]

    const recorder = recordDynamoDbCalls(db)
    const rows: Row[] = []
    const notes: string[] = []
    for (const e of exportsUnderTest) {
      const limit = 'limit' in e ? e.limit : EXPORT_PAGE_SIZE
      const pages = await barePages(db, e.range, limit)
      const times: number[] = []
      const bareTimes: number[] = []
      let calls: DynamoDbCall[] = []
      let firstByte = 0
      let bytes = 0
      let records = 0
      for (let run = 0; run < RUNS; run++) {
        const mark = performance.now()
        const res = await fetch(`${origin}/api/competitions/${competitionId}/exports/${e.name}.csv`, { headers })
        if (res.status !== 200) throw new Error(`${e.name}: ${res.status} ${await res.text()}`)
        const reader = res.body!.getReader()
        const chunks: Uint8Array[] = []
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
          if (!chunks.length) firstByte = performance.now() - mark
          chunks.push(chunk.value)
        }
        times.push(performance.now() - mark)
        calls = recorder.since(mark)
        const body = Buffer.concat(chunks)
        bytes = body.length
        records = (parse(body.toString('utf8').replace(/^\uFEFF/, '')) as string[][]).length - 1
        const bareMark = performance.now()
        await barePages(db, e.range, limit)
        bareTimes.push(performance.now() - bareMark)
      }
      const allowed = e.setup + e.perPage * pages
      const scans = calls.filter((c) => c.command === 'ScanCommand').length
      rows.push(
        {
          metric: `${e.name}: DynamoDB calls (${pages} pages)`,
          figure: String(calls.length),
          baseline: String(allowed),
          ratio: calls.length / allowed,
          goal: `≤ ${e.setup} + ${e.perPage} a page, no Scan`,
          met: calls.length <= allowed && scans === 0,
        },
        {
          metric: `${e.name}: rows, p50`,
          figure: `${records} in ${ms(median(times))}`,
          baseline: ms(median(bareTimes)),
          ratio: median(times) / median(bareTimes),
          goal: `= ${e.rows} rows`,
          met: records === e.rows,
        },
      )
      notes.push(
        `${e.name}: ${kb(bytes)}, first byte after ${ms(firstByte)}; calls ${Object.entries(
          calls.reduce<Record<string, number>>((n, c) => {
            const name = c.command.replace('Command', '')
            n[name] = (n[name] ?? 0) + 1
            return n
          }, {}),
        )
          .map(([c, n]) => `${n} ${c}`)
          .join(', ')}`,
      )
    }
    recorder.stop()
    return {
      title: `CSV exports at ${APPLICATIONS.toLocaleString('en-GB')} applications (${PANELLISTS} sheets each, ${AWARDS} awards and grants, ${CALLS} feedback calls), over HTTP`,
      rows,
      notes: [
        ...notes,
        `pages: a bare Query of the export's key range at the export's page size (${EXPORT_PAGE_SIZE} items; score sheets ${SHEET_PAGE_SIZE}, 3 keys each in the page's BatchGetItem; the ranking: 1 MB pages, as the ranking page reads it); baseline time: that bare paged Query alone`,
        'setup: the competition, what shapes the columns (the form or the rubric), the caller’s account',
        'DynamoDB Local in memory: compare ratios, not milliseconds',
      ],
    }
  })
}

if (isMain(import.meta.url)) await runAlone(runExportsBench)
