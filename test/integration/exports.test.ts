// CSV exports through the API, as a programme manager downloads them: a competition built
// through the API (EOIs with hostile answers, a panel's sheets, awards, a grant paid in part,
// a feedback call), each export's content read back with csv-parse, and who may download.
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb'
import { londonToday } from '../../functions/core/grants/payments.js'
import { newId } from '../../functions/core/ids.js'
import { applicationPut } from '../../functions/db/applications-repo.js'
import { ledgerPut } from '../../functions/db/awards-repo.js'
import { itemOf } from '../../functions/db/write.js'
import type { Application } from '../../shared/schemas/application.js'
import {
  RUBRIC,
  declareNone,
  releaseDecisions,
  seatedPanellist,
  submitSheetWith,
} from '../support/assessing-fixtures.js'
import { openCompetition, startedDraft, submittedApplication } from '../support/eoi-fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'
import { grantSetup } from '../support/programme-fixtures.js'

const HOSTILE_ANSWER = '=HYPERLINK("http://evil.example","Click me")'
const HOSTILE_NAME = '@SUM(1+1) Ltd'
const PANELLIST = 'Dr Ada Panelwright'
const EXPORTS = [
  'eois',
  'score-sheets',
  'ranking',
  'awards',
  'ledger',
  'grants',
  'payments',
  'feedback-calls',
  'registrations',
]

type Signed = Awaited<ReturnType<TestPlatform['signIn']>>

let p: TestPlatform
let manager: Signed
let payer: Signed
let panellist: Signed
let applicant: Signed
let competitionId: string
let ids: { breathe: string; hostile: string; draft: string; family: string }
let criteria: { id: string; title: string }[]
let otherCompetitionId: string

beforeAll(async () => {
  p = await createTestPlatform()
  manager = await p.signIn('manager', 'Priya Shah')
  payer = await p.signIn('manager', 'Rhys Morgan')
  const comp = await openCompetition(p, manager)
  competitionId = comp.competition.id
  const breathe = await submittedApplication(p, comp, 'Breathe Easy Ltd')
  const hostile = await startedDraft(p, comp, HOSTILE_NAME)
  const saved = await p.call('PATCH', `/api/applications/${hostile.application.id}`, {
    as: hostile.applicant,
    body: {
      version: 1,
      answers: {
        [comp.idea.id]: HOSTILE_ANSWER,
        [comp.stage.id]: 'idea',
        [comp.pitch.id]: { mode: 'video', url: 'https://video.example/pitch' },
      },
      amountRequestedPence: 1_234_550,
      themeIds: [comp.theme.id],
      eligibilityConfirmed: comp.statementIds,
    },
  })
  expect(saved.status, JSON.stringify(saved.json)).toBe(200)
  expect(
    (await p.call('POST', `/api/applications/${hostile.application.id}/submit`, { as: hostile.applicant })).status,
  ).toBe(200)
  const draft = await startedDraft(p, comp, 'Draft Only CIC')
  const family = await submittedApplication(p, comp, 'FamilyLink CIC')
  applicant = breathe.applicant as Signed
  ids = {
    breathe: breathe.application.id,
    hostile: hostile.application.id,
    draft: draft.application.id,
    family: family.application.id,
  }

  // Closed: the rubric, screening, the shortlist, a seated panellist who scores all three.
  const { timeline } = (await p.call('GET', `/api/competitions/${competitionId}`)).json.competition
  p.clock.now = new Date(Date.parse(timeline.eoiClosesAt) + 60_000)
  const rubric = await p.call('PUT', `/api/competitions/${competitionId}/rubric`, { as: manager, body: RUBRIC })
  criteria = rubric.json.criteria
  const submitted = [ids.breathe, ids.hostile, ids.family]
  for (const [path, outcome] of [
    ['screening', 'eligible'],
    ['shortlist', 'shortlisted'],
  ] as const) {
    const decided = await p.call('POST', `/api/competitions/${competitionId}/${path}`, {
      as: manager,
      body: { decisions: submitted.map((applicationId) => ({ applicationId, outcome, reason: '' })) },
    })
    expect(decided.status, JSON.stringify(decided.json)).toBe(200)
  }
  panellist = (await seatedPanellist(p, manager, competitionId, PANELLIST)) as Signed
  await declareNone(p, panellist, competitionId, submitted)
  const a = { competitionId, criteria } as Parameters<typeof submitSheetWith>[2]
  await submitSheetWith(p, panellist, a, ids.breathe, {
    scores: [5, 4, 4],
    comments: ['Knows the wards well', '+44 pilot sites named', ''],
    panelNote: 'Strongest of the three.',
    applicantFeedback: 'A clear plan.',
  })
  await submitSheetWith(p, panellist, a, ids.hostile, { scores: [3, 3, 2] })
  await submitSheetWith(p, panellist, a, ids.family, { scores: [1, 2, 1] })

  // Awards: Breathe Easy in full, the hostile one in part; released; both accept.
  const respondBy = new Date(p.clock.now.getTime() + 14 * 86_400_000).toISOString()
  for (const [applicationId, amountPence, reason] of [
    [ids.breathe, 1_670_000, ''],
    [ids.hostile, 1_000_000, 'The pot is shared.'],
  ] as const) {
    const made = await p.call('POST', `/api/competitions/${competitionId}/awards`, {
      as: manager,
      body: { applicationId, amountPence, reason, respondBy, conditions: 'Quarterly progress reports' },
    })
    expect(made.status, JSON.stringify(made.json)).toBe(201)
  }
  await releaseDecisions(p, { manager, competitionId })
  for (const [applicationId, who] of [
    [ids.breathe, breathe.applicant],
    [ids.hostile, hostile.applicant],
  ] as const) {
    const answered = await p.call('POST', `/api/applications/${applicationId}/offer/response`, {
      as: who,
      body: { version: 1, accept: true },
    })
    expect(answered.status, JSON.stringify(answered.json)).toBe(200)
  }

  // Breathe Easy's grant: set up, sent, accepted; its first tranche (40%) paid by the second manager.
  const grantPath = `/api/competitions/${competitionId}/grants/${ids.breathe}`
  expect((await p.call('PUT', grantPath, { as: manager, body: grantSetup(0) })).status).toBe(201)
  expect((await p.call('POST', `${grantPath}/send`, { as: manager, body: { version: 1 } })).status).toBe(200)
  const accepted = await p.call('POST', `/api/applications/${ids.breathe}/grant/accept`, {
    as: breathe.applicant,
    body: { version: 2 },
  })
  expect(accepted.status, JSON.stringify(accepted.json)).toBe(200)
  const paid = await p.call('POST', `${grantPath}/tranches/t1/payment`, {
    as: payer,
    body: { paidOn: londonToday(p.clock.now), amountPence: 668_000, reference: 'BACS-0001' },
  })
  expect(paid.status, JSON.stringify(paid.json)).toBe(200)

  // FamilyLink, not funded, asks for a feedback call.
  const call = await p.call('POST', `/api/applications/${ids.family}/feedback-call`, {
    as: family.applicant,
    body: { preferredTimes: 'Tuesday mornings', question: '-What would have made it fundable?' },
  })
  expect(call.status, JSON.stringify(call.json)).toBe(201)

  otherCompetitionId = (await p.call('POST', '/api/competitions', { as: manager, body: { title: 'Another' } })).json.id
}, 240_000)

/** Downloads an export as `as`: the raw bytes, the text after the BOM, and its records by heading. */
async function download(name: string, as: { token: string } = manager, competition = competitionId) {
  const response = await p.app.request(`/api/competitions/${competition}/exports/${name}.csv`, {
    headers: { Authorization: `Bearer ${as.token}` },
  })
  const bytes = new Uint8Array(await response.arrayBuffer())
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
  return { response, bytes, text, ...records(text) }
}

function records(text: string) {
  const rows: string[][] = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false })
  const [headings = [], ...body] = rows
  return {
    headings,
    rows: body.map((row) => Object.fromEntries(headings.map((h, i) => [h, row[i]!]))),
  }
}

describe('the exports, as a programme manager downloads them', () => {
  it('lists every export with what it holds and where to download it', async () => {
    const res = await p.call('GET', `/api/competitions/${competitionId}/exports`, { as: manager })
    expect(res.status).toBe(200)
    expect(res.json.exports.map((e: { name: string }) => e.name)).toEqual(EXPORTS)
    for (const e of res.json.exports) {
      expect(e.title).not.toBe('')
      expect(e.holds.length).toBeGreaterThan(40)
      expect(e.href).toBe(`/api/competitions/${competitionId}/exports/${e.name}.csv`)
    }
  })

  it('sends UTF-8 CSV with a byte-order mark, £ in pounds and pence, as an attachment never cached', async () => {
    const { response, bytes, text } = await download('awards')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="complete-competition-awards.csv"')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    // "£" is the two bytes C2 A3 in UTF-8 (Excel reads them as £ only after the BOM).
    const pound = [...new TextEncoder().encode('Amount awarded (£)')]
    expect(Buffer.from(bytes).indexOf(Buffer.from(pound))).toBeGreaterThan(0)
    expect(text).toContain('\r\n')
  })

  it('eois: every EOI (the draft too) with its organisation, status, decisions and one column per question', async () => {
    const { headings, rows } = await download('eois')
    expect(headings.slice(-3)).toEqual(['Describe your idea', 'Stage', 'Your pitch'])
    expect(rows.map((r) => r['Application id']).sort()).toEqual(Object.values(ids).sort())
    const breathe = rows.find((r) => r['Application id'] === ids.breathe)!
    expect(breathe).toMatchObject({
      Organisation: 'Breathe Easy Ltd',
      'Organisation type': 'Small or medium-sized business (SME)',
      Postcode: 'L1 8JQ',
      Size: '2 to 9 people',
      Status: 'Submitted',
      'Amount requested (£)': '16700.00',
      Themes: 'Data linkage',
      'Eligibility statements confirmed': '1 of 1',
      Screening: 'Eligible',
      Shortlisting: 'Shortlisted',
      Award: 'Accepted',
      'Describe your idea': 'Sensors in homes warn families early.',
      Stage: 'Pilot',
      'Your pitch': '',
    })
    expect(breathe['Receipt number']).toMatch(/\S/)
    expect(breathe['Submitted (UK time)']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    const hostile = rows.find((r) => r['Application id'] === ids.hostile)!
    expect(hostile['Your pitch']).toBe('Video: https://video.example/pitch')
    expect(hostile['Amount requested (£)']).toBe('12345.50')
    expect(rows.find((r) => r['Application id'] === ids.draft)).toMatchObject({
      Organisation: 'Draft Only CIC',
      Status: 'Draft',
      Screening: '',
      'Submitted (UK time)': '',
    })
  })

  it('neutralises formulas: a hostile answer or name comes out as inert text', async () => {
    const { rows, text } = await download('eois')
    const hostile = rows.find((r) => r['Application id'] === ids.hostile)!
    expect(hostile['Describe your idea']).toBe(`'${HOSTILE_ANSWER}`)
    expect(hostile.Organisation).toBe(`'${HOSTILE_NAME}`)
    // No cell anywhere starts with a formula character.
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m)
    for (const name of ['awards', 'ranking', 'score-sheets', 'ledger']) {
      const file = await download(name)
      const named = file.rows.filter((r) => r.Organisation?.includes('SUM(1+1)'))
      expect(named.length, name).toBeGreaterThan(0)
      for (const row of named) expect(row.Organisation, name).toBe(`'${HOSTILE_NAME}`)
    }
    const calls = await download('feedback-calls')
    expect(calls.rows[0]!.Question).toBe("'-What would have made it fundable?")
  })

  it('score-sheets: each sheet with who scored, scores and comments per criterion, the notes', async () => {
    const { headings, rows } = await download('score-sheets')
    expect(headings).toContain(`${criteria[0]!.title} (score)`)
    expect(headings).toContain(`${criteria[1]!.title} (comment)`)
    expect(rows).toHaveLength(3)
    const breathe = rows.find((r) => r['Application id'] === ids.breathe)!
    expect(breathe).toMatchObject({
      Organisation: 'Breathe Easy Ltd',
      Panellist: PANELLIST,
      'Panellist email': panellist.email,
      'Conflict of interest': 'No conflict',
      Sheet: 'Submitted',
      'Counts in the ranking': 'Yes',
      [`${criteria[0]!.title} (score)`]: '5',
      [`${criteria[0]!.title} (comment)`]: 'Knows the wards well',
      [`${criteria[1]!.title} (comment)`]: "'+44 pilot sites named",
      'Weighted score (0 to 5)': '4.5',
      'Note to the panel': 'Strongest of the three.',
      'Feedback for the applicant': 'A clear plan.',
    })
  })

  it('ranking: best first, with the means, the flags and the award; no panellist named', async () => {
    const { rows } = await download('ranking')
    expect(rows.map((r) => r['Application id'])).toEqual([ids.breathe, ids.hostile, ids.family])
    expect(rows[0]).toMatchObject({
      Rank: '1',
      Tied: 'No',
      'Weighted mean': '4.5',
      Scorers: '1',
      'Amount requested (£)': '16700.00',
      Award: 'Accepted',
      'Amount awarded (£)': '16700.00',
    })
    expect(rows[2]).toMatchObject({ Rank: '3', Award: '', 'Amount awarded (£)': '' })
  })

  it('awards, ledger, grants and payments: the money to the penny, released and paid in columns of their own', async () => {
    const awards = await download('awards')
    expect(awards.rows).toHaveLength(2)
    expect(awards.rows.find((r) => r['Application id'] === ids.hostile)).toMatchObject({
      Status: 'Accepted',
      'Amount requested (£)': '12345.50',
      'Amount awarded (£)': '10000.00',
      'Amount accepted (£)': '10000.00',
      'Why less than requested': 'The pot is shared.',
      Conditions: 'Quarterly progress reports',
      Themes: 'Data linkage',
      Challenges: 'Childhood asthma',
      'Awarded by': 'Priya Shah',
    })

    const ledger = await download('ledger')
    expect(ledger.rows.map((r) => r['What happened'])).toEqual(['Awarded', 'Awarded', 'Tranche paid'])
    expect(ledger.rows[1]).toMatchObject({
      'Committed (£)': '10000.00',
      'Committed before (£)': '16700.00',
      'Committed after (£)': '26700.00',
      'Pot (£)': '60000.00',
      By: 'Priya Shah',
    })
    expect(ledger.rows[2]).toMatchObject({
      Organisation: 'Breathe Easy Ltd',
      'Committed (£)': '',
      'Paid out (£)': '6680.00',
      'Paid after (£)': '6680.00',
      Tranche: 't1',
      By: 'Rhys Morgan',
    })

    const grants = await download('grants')
    expect(grants.rows).toEqual([
      expect.objectContaining({
        'Application id': ids.breathe,
        Status: 'Active',
        'Award (£)': '16700.00',
        'Paid (£)': '6680.00',
        'Outstanding (£)': '10020.00',
        Starts: '2027-01-04',
        Ends: '2027-12-17',
        Milestones: '3',
        'Milestones approved': '0',
        'Next milestone': 'Discovery with two GP practices',
        'Next milestone due': '2027-03-31',
        'Tranches paid': '1',
      }),
    ])

    const payments = await download('payments')
    expect(payments.rows.map((r) => [r.Tranche, r['Amount (£)'], r.Status])).toEqual([
      ['On signing', '6680.00', 'Paid'],
      ['After the pilot', '5511.00', 'Scheduled'],
      ['Completion', '4509.00', 'Scheduled'],
    ])
    expect(payments.rows[0]).toMatchObject({
      'Falls due': 'On signing',
      'Paid on': londonToday(p.clock.now),
      'Paid (£)': '6680.00',
      'Finance reference': 'BACS-0001',
      'Recorded by': 'Rhys Morgan',
    })
    expect(payments.rows[1]!['Falls due']).toBe('When “Pilot in 50 homes” is approved')
  })

  it('feedback-calls: who asked, how to reach them, when suits and what they asked', async () => {
    const { rows } = await download('feedback-calls')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      'Application id': ids.family,
      Organisation: 'FamilyLink CIC',
      Status: 'Requested',
      'Times that suit': 'Tuesday mornings',
      'Earlier calls': '0',
    })
    expect(rows[0]!['Contact email']).toMatch(/@test\.example$/)
  })

  it('names a panellist only in the score sheets, where a programme manager should see who scored', async () => {
    for (const name of EXPORTS) {
      const { text } = await download(name)
      const names = text.includes(PANELLIST) || text.includes(panellist.email) || text.includes(panellist.id)
      expect(names, name).toBe(name === 'score-sheets')
    }
  })
})

describe('who may download', () => {
  it('gives applicants, panellists, the public and a missing competition the same 404', async () => {
    const missing = await p.call('GET', '/api/competitions/01HZZZZZZZZZZZZZZZZZZZZZZZ/exports/eois.csv', {
      as: manager,
    })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toBe('application/problem+json')
    for (const as of [applicant, panellist, undefined]) {
      for (const path of [
        `/api/competitions/${competitionId}/exports/eois.csv`,
        `/api/competitions/${competitionId}/exports`,
      ]) {
        const res = await p.call('GET', path, { as })
        expect(res.status, path).toBe(404)
        expect(res.json).toEqual(missing.json)
        expect(res.text).not.toContain('Breathe')
      }
    }
  })

  it('serves another competition its own rows only', async () => {
    const { response, rows } = await download('eois', manager, otherCompetitionId)
    expect(response.status).toBe(200)
    expect(rows).toEqual([])
    const awards = await download('awards', manager, otherCompetitionId)
    expect(awards.rows).toEqual([])
  })

  it('answers an unknown export with a 404 problem naming the exports there are', async () => {
    for (const file of ['everything.csv', 'eois', 'eois.json', '__proto__.csv', 'constructor.csv']) {
      const res = await p.call('GET', `/api/competitions/${competitionId}/exports/${file}`, { as: manager })
      expect(res.status, file).toBe(404)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(res.json.detail).toContain('eois.csv, score-sheets.csv')
    }
    const long = await p.call('GET', `/api/competitions/${competitionId}/exports/${'x'.repeat(300)}.csv`, {
      as: manager,
    })
    expect(long.status).toBe(400)
  })

  it('documents both routes in the OpenAPI document, the download as text/csv', async () => {
    const doc = (await p.call('GET', '/api/openapi.json')).json
    const download = doc.paths['/competitions/{competitionId}/exports/{file}'].get
    expect(Object.keys(download.responses[200].content)).toEqual(['text/csv'])
    expect(download.description).toMatch(/^Who may call: programme managers\./)
    expect(download.parameters.map((q: { name: string }) => q.name)).toEqual(['competitionId', 'file'])
    expect(doc.paths['/competitions/{competitionId}/exports'].get.responses[200]).toBeDefined()
  })
})

describe('reading a page at a time', () => {
  /** Puts items straight into the table, 25 a request (a competition larger than the API would build quickly). */
  async function seed(items: Record<string, unknown>[]) {
    for (let i = 0; i < items.length; i += 25)
      await p.db.doc.send(
        new BatchWriteCommand({
          RequestItems: { [p.db.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      )
  }

  /** The DynamoDB calls `run` makes, by command. */
  async function callsOf(run: () => Promise<unknown>) {
    const calls: string[] = []
    const name = `count-${newId()}`
    p.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push(context.commandName ?? '')
        return next(args)
      },
      { step: 'initialize', name },
    )
    try {
      await run()
    } finally {
      p.db.doc.middlewareStack.remove(name)
    }
    return calls
  }

  it('streams 250 EOIs in three pages, each one Query and one BatchGetItem (drafts have no candidates to read)', async () => {
    const made = (await p.call('POST', '/api/competitions', { as: manager, body: { title: 'Big round' } })).json
    const at = new Date().toISOString()
    const apps: Application[] = Array.from({ length: 250 }, (_, i) => ({
      id: newId(),
      competitionId: made.id,
      competitionTitle: 'Big round',
      organisationId: newId(),
      organisationName: `Organisation ${String(i + 1).padStart(3, '0')}`,
      status: 'draft',
      answers: {},
      themeIds: [],
      eligibilityConfirmed: [],
      version: 1,
      createdAt: at,
      updatedAt: at,
    }))
    await seed(apps.map((a) => itemOf(applicationPut(p.db, a, { version: 0, status: 'draft' }))))
    let file: Awaited<ReturnType<typeof download>> | undefined
    const calls = await callsOf(async () => {
      file = await download('eois', manager, made.id)
    })
    expect(file!.rows.map((r) => r.Organisation).sort()).toEqual(apps.map((a) => a.organisationName).sort())
    // The competition by key, its aggregate (form and themes), then per page: the Query and the
    // organisations' BatchGetItem (drafts have no candidates to read).
    expect(calls.filter((c) => c === 'QueryCommand')).toHaveLength(1 + 3)
    expect(calls.filter((c) => c === 'BatchGetItemCommand')).toHaveLength(3)
    expect(calls.filter((c) => c === 'GetItemCommand').length).toBeLessThanOrEqual(2)
    expect(calls).not.toContain('ScanCommand')
  })

  it('streams 205 ledger entries in commit order, one Query a page', async () => {
    const made = (await p.call('POST', '/api/competitions', { as: manager, body: { title: 'Long ledger' } })).json
    const at = new Date().toISOString()
    await seed(
      Array.from({ length: 205 }, (_, i) =>
        itemOf(
          ledgerPut(
            p.db,
            {
              id: newId(),
              competitionId: made.id,
              applicationId: newId(),
              organisationName: `Organisation ${i + 1}`,
              cause: 'awarded',
              changePence: 100,
              committedBeforePence: i * 100,
              committedAfterPence: (i + 1) * 100,
              potPence: 6_000_000,
              by: manager.id,
              byName: manager.name,
              at,
            },
            { expectedRevision: i },
          ),
        ),
      ),
    )
    let file: Awaited<ReturnType<typeof download>> | undefined
    const calls = await callsOf(async () => {
      file = await download('ledger', manager, made.id)
    })
    expect(file!.rows).toHaveLength(205)
    expect(file!.rows.map((r) => r['Committed after (£)'])).toEqual(
      Array.from({ length: 205 }, (_, i) => ((i + 1) * 1).toFixed(2)),
    )
    expect(calls.filter((c) => c === 'QueryCommand')).toHaveLength(3)
    expect(calls).not.toContain('BatchGetItemCommand')
  })
})
