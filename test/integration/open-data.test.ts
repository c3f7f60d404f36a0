// 360Giving open data through the API: nothing (the same 404 as a missing competition) until the
// results are published, then every file validates against the standard's own schema (the copy
// in shared/standards/360giving, with Ajv's 2020-12 build and ajv-formats): a company with a
// leading-zero Companies House number, an individual with nothing personal, a grant with a payment
// and a repayment, one reduced, no declined or withdrawn offer; and the flat CSV's columns carry the schema's
// titles and parse back into the same grants.
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import type { OpenDataConfig } from '../../functions/core/open-data/config.js'
import { londonToday } from '../../functions/core/grants/payments.js'
import { assessingCompetition, releaseDecisions, type Assessing } from '../support/assessing-fixtures.js'
import { createDraft } from '../support/fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'
import { errorsOf, grantSchema, type SchemaNode } from '../support/three-sixty-giving.js'

const DAY = 86_400_000
const AWARD = 1_670_000 // every fixture EOI asks for £16,700
const MISSING = '01ARZ3NDEKTSV4RRFFQ69G5FAV'

const CONFIG: OpenDataConfig = {
  prefix: 'test-fund',
  funder: { id: 'GB-CHC-1234567', name: 'Test Region Civic Data Cooperative' },
  region: { name: 'Liverpool City Region', countryCode: 'GB', geoCode: 'E47000004' },
  licence: 'https://creativecommons.org/licenses/by/4.0/',
}

let p: TestPlatform
let a: Assessing
let payer: Awaited<ReturnType<TestPlatform['signIn']>>
let today: string
const base = () => `/api/competitions/${a.competitionId}`
const jsonPath = (id: string) => `/api/competitions/${id}/open-data/360giving.json`
const csvPath = (id: string) => `/api/competitions/${id}/open-data/360giving.csv`
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10)

/** What the applicants' organisations are: app 0 a company (leading zero), 1 an individual, 2 no number. */
const COMPANY_NUMBER = '01234567'
const PERSON = 'Jo Bloggs'
const PRIVATE = [
  PERSON,
  'FamilyLink', // the individual's name when they applied
  'L1 8JQ', // every fixture organisation's postcode
  'Finance to check VAT',
  'Cut by the finance committee',
  'Duplicate funding found',
  'Equipment bought twice',
  'BACS-0001',
  'REPAY-0077',
  '@test.example',
  'Priya Shah',
  'Sam Okafor',
]

async function editOrganisation(applicant: { token: string }, change: Record<string, unknown>) {
  const mine = await p.call('GET', '/api/me/organisation', { as: applicant })
  const edited = await p.call('PATCH', `/api/organisations/${mine.json.id}`, {
    as: applicant,
    body: { version: mine.json.version, ...change },
  })
  expect(edited.status, JSON.stringify(edited.json)).toBe(200)
}

async function activeGrant(i: number, tranches: unknown[]) {
  const id = a.ids[i]!
  const saved = await p.call('PUT', `${base()}/grants/${id}`, {
    as: a.manager,
    body: {
      version: 0,
      startsOn: today,
      endsOn: addDays(today, 365),
      milestones: [],
      tranches,
      indicators: [],
      notes: 'Finance to check VAT status before the first payment.',
    },
  })
  expect(saved.status, JSON.stringify(saved.json)).toBe(201)
  expect((await p.call('POST', `${base()}/grants/${id}/send`, { as: a.manager, body: { version: 1 } })).status).toBe(
    200,
  )
  const accepted = await p.call('POST', `/api/applications/${id}/grant/accept`, {
    as: a.applications[i]!.applicant,
    body: { version: 2 },
  })
  expect(accepted.json.status, JSON.stringify(accepted.json)).toBe('active')
  return accepted.json as { version: number }
}

beforeAll(async () => {
  p = await createTestPlatform({ openData: CONFIG })
  // Five shortlisted: 0–2 accept; 3 declines; 4 is awarded and withdrawn.
  a = await assessingCompetition(p, { applications: 5, panellists: 0 })
  payer = await p.signIn('manager', 'Sam Okafor')
  await editOrganisation(a.applications[0]!.applicant, { companiesHouseNumber: COMPANY_NUMBER })
  await editOrganisation(a.applications[1]!.applicant, { type: 'individual', name: PERSON })
  const respondBy = new Date(p.clock.now.getTime() + 14 * DAY).toISOString()
  for (const [i, applicationId] of a.ids.entries()) {
    // The £60,000 pot takes three full awards; the other two get part of what is left.
    const amount = i < 3 ? { amountPence: AWARD } : { amountPence: 400_000, reason: 'What is left of the pot' }
    const made = await p.call('POST', `${base()}/awards`, {
      as: a.manager,
      body: { applicationId, respondBy, conditions: 'Quarterly progress reports', ...amount },
    })
    expect(made.status, JSON.stringify(made.json)).toBe(201)
  }
  const withdrawn = await p.call('POST', `${base()}/awards/${a.ids[4]}/withdraw`, {
    as: a.manager,
    body: { version: 1, reason: 'Duplicate funding found' },
  })
  expect(withdrawn.json.status).toBe('withdrawn')
  await releaseDecisions(p, a)
  for (const [i, accept] of [true, true, true, false].entries()) {
    const answered = await p.call('POST', `/api/applications/${a.ids[i]}/offer/response`, {
      as: a.applications[i]!.applicant,
      body: { version: 1, accept },
    })
    expect(answered.status, JSON.stringify(answered.json)).toBe(200)
  }
  today = londonToday(p.clock.now)
  // Grant 0: 40% paid on signing, by a second manager. Grant 2: reduced to £15,000. Grant 1: no agreement yet.
  const g0 = await activeGrant(0, [
    { id: 't1', label: 'On signing', percent: 40, trigger: { kind: 'signing' } },
    { id: 't2', label: 'In a month', percent: 60, trigger: { kind: 'date', on: addDays(today, 30) } },
  ])
  const paid = await p.call('POST', `${base()}/grants/${a.ids[0]}/tranches/t1/payment`, {
    as: payer,
    body: { version: g0.version, paidOn: today, amountPence: 668_000, reference: 'BACS-0001' },
  })
  expect(paid.status, JSON.stringify(paid.json)).toBe(200)
  const repaid = await p.call('POST', `${base()}/grants/${a.ids[0]}/repayment`, {
    as: a.manager,
    body: {
      amountPence: 100_000,
      receivedOn: today,
      reference: 'REPAY-0077',
      reason: 'Equipment bought twice',
      version: paid.json.version,
    },
  })
  expect(repaid.status, JSON.stringify(repaid.json)).toBe(200)
  const g2 = await activeGrant(2, [
    { id: 't1', label: 'In a month', percent: 100, trigger: { kind: 'date', on: addDays(today, 30) } },
  ])
  const reduced = await p.call('POST', `${base()}/grants/${a.ids[2]}/reduce`, {
    as: a.manager,
    body: { amountPence: 1_500_000, reason: 'Cut by the finance committee', version: g2.version },
  })
  expect(reduced.status, JSON.stringify(reduced.json)).toBe(200)
}, 180_000)

describe('before the results are published', () => {
  it('answers the same 404 as a missing competition, for a draft and for one whose decisions are released', async () => {
    const draft = await createDraft(p, a.manager)
    const missing = await p.call('GET', jsonPath(MISSING))
    expect(missing.status).toBe(404)
    const problemOf = (json: { title?: string; detail?: string; status?: number }) => ({
      status: json.status,
      title: json.title,
      detail: json.detail,
    })
    for (const id of [a.competitionId, draft.id, MISSING]) {
      for (const path of [jsonPath(id), csvPath(id)]) {
        const res = await p.call('GET', path)
        expect(res.status, path).toBe(404)
        expect(res.headers.get('content-type')).toContain('application/problem+json')
        expect(problemOf(res.json)).toEqual(problemOf(missing.json))
      }
    }
  })
})

describe('once published', () => {
  let pkg: {
    grants: Record<string, any>[]
    [key: string]: unknown
  }
  let text: string

  beforeAll(async () => {
    const published = await p.call('POST', `${base()}/results`, { as: a.manager })
    expect(published.status, JSON.stringify(published.json)).toBe(200)
    const res = await p.call('GET', jsonPath(a.competitionId))
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    pkg = res.json
    text = JSON.stringify(pkg)
  })

  it('is public and valid against the 360Giving package schema, and the validator does reject a broken grant', () => {
    expect(errorsOf(pkg)).toEqual([])
    const broken = structuredClone(pkg)
    delete broken.grants[0]!.awardDate
    delete broken.grants[0]!.fundingOrganization
    expect(errorsOf(broken).length).toBeGreaterThan(0)
    expect(pkg).toMatchObject({
      version: '1.4',
      identifier: `360G-test-fund-${a.competitionId}`,
      publisher: { identifier: CONFIG.funder.id, name: CONFIG.funder.name },
      license: CONFIG.licence,
    })
  })

  it('lists exactly the accepted grants, never a declined or withdrawn offer', () => {
    expect(pkg.grants.map((g) => g.id).sort()).toEqual(
      a.ids
        .slice(0, 3)
        .map((id) => `360G-test-fund-${id}`)
        .sort(),
    )
    expect(text).not.toContain(a.ids[3])
    expect(text).not.toContain(a.ids[4])
  })

  it('names a company by its Companies House number with the leading zero, and the funder, programme, region and themes', () => {
    const company = pkg.grants.find((g) => g.id === `360G-test-fund-${a.ids[0]}`)!
    expect(company.recipientOrganization).toEqual([
      { id: `GB-COH-${COMPANY_NUMBER}`, name: 'Breathe Easy Ltd', companyNumber: COMPANY_NUMBER },
    ])
    expect(company).toMatchObject({
      currency: 'GBP',
      amountAppliedFor: 16_700,
      awardDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      fromOpenCall: 'Yes',
      fundingOrganization: [CONFIG.funder],
      beneficiaryLocation: [CONFIG.region],
      grantProgramme: [
        {
          code: `360G-test-fund-${a.competitionId}`,
          title: 'Complete competition',
          url: `https://fund.test.example/competitions/${a.competitionId}`,
        },
      ],
      plannedDates: [{ startDate: today, endDate: addDays(today, 365), duration: 12 }],
    })
    expect(company.classifications).toEqual([
      { vocabulary: `360G-test-fund-themes-${a.competitionId}`, code: a.comp.theme.id, title: a.comp.theme.title },
    ])
    // A recipient without a number gets the publisher's own id.
    const other = pkg.grants.find((g) => g.id === `360G-test-fund-${a.ids[2]}`)!
    expect(other.recipientOrganization[0].id).toMatch(/^360G-test-fund-org-[0-9A-Z]{26}$/)
  })

  it('commits and pays from the ledger: the award, a payment, a repayment and a reduction, in pounds', () => {
    const company = pkg.grants.find((g) => g.id === `360G-test-fund-${a.ids[0]}`)!
    const to = { provider: CONFIG.funder.id, recipient: `GB-COH-${COMPANY_NUMBER}`, currency: 'GBP' }
    expect(company.commitmentTransaction).toMatchObject([
      { value: 16_700, ...to },
      { value: -1_000, description: 'Repayment by the grantee', ...to },
    ])
    expect(company.disbursementTransaction).toMatchObject([
      { value: 6_680, transactionDate: today, description: 'Payment of a tranche', ...to },
      { value: -1_000, transactionDate: today, description: 'Repayment by the grantee', ...to },
    ])
    expect(company.amountAwarded).toBe(15_700)
    expect(company.amountAppliedFor).toBe(16_700)
    expect(company.amountDisbursed).toBe(5_680)
    const reduced = pkg.grants.find((g) => g.id === `360G-test-fund-${a.ids[2]}`)!
    expect(reduced.amountAwarded).toBe(15_000)
    expect(reduced.commitmentTransaction.map((t: { value: number }) => t.value)).toEqual([16_700, -1_700])
    for (const grant of pkg.grants) {
      const committed = grant.commitmentTransaction.reduce((sum: number, t: { value: number }) => sum + t.value, 0)
      expect(committed, grant.id).toBeCloseTo(grant.amountAwarded, 2)
    }
  })

  it('shows an individual as recipientIndividual with nothing personal, and nothing private anywhere', () => {
    const individual = pkg.grants.find((g) => g.id === `360G-test-fund-${a.ids[1]}`)!
    expect(individual.recipientIndividual).toEqual({
      id: `360G-test-fund-ind-${a.ids[1]}`,
      name: 'Individual recipient',
    })
    expect(individual.recipientOrganization).toBeUndefined()
    for (const secret of PRIVATE) expect(text, secret).not.toContain(secret)
  })

  it('gives the flat CSV with the schema’s own column titles, parsing back into the same grants', async () => {
    const res = await p.app.request(csvPath(a.competitionId))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // a BOM, so Excel reads £ right
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    for (const secret of PRIVATE) expect(csv, secret).not.toContain(secret)
    const [header, ...rows] = parse(csv, { bom: true }) as string[][]
    expect(rows).toHaveLength(3)
    expect(header).toContain('Identifier')
    expect(header).toContain('Recipient Org:Identifier')
    expect(header).toContain('Recipient Ind:Identifier')
    expect(header).toContain('Amount Awarded')
    expect(header).toContain('From An Open Call?')
    expect(header).toContain('Classifications:0:Title')
    expect(header).toContain('commitmentTransaction:1:Value')
    const paths = header!.map(pathOfTitle)
    const grants = rows.map((row) => {
      const grant: Record<string, unknown> = {}
      row.forEach((cell, i) => {
        if (cell !== '') setPath(grant, paths[i]!, cell)
      })
      return grant
    })
    // Numbers come back as numbers where the schema says so.
    const back = grants.map((g) => coerceNumbers(g, grantSchema as SchemaNode) as Record<string, unknown>)
    expect(errorsOf({ grants: back })).toEqual([])
    const byId = (list: Record<string, unknown>[]) => [...list].sort((x, y) => String(x.id).localeCompare(String(y.id)))
    expect(byId(back)).toEqual(byId(pkg.grants))
  })
})

it('documents both files in the OpenAPI document: public, with when they appear', async () => {
  const { paths } = (await p.call('GET', '/api/openapi.json')).json
  for (const file of ['json', 'csv']) {
    const operation = paths[`/competitions/{competitionId}/open-data/360giving.${file}`]?.get
    expect(operation, file).toBeDefined()
    expect(operation.security).toBeUndefined()
    expect(operation.description).toContain('Once the competition’s results are published')
    expect(Object.keys(operation.responses)).toEqual(['200', '404'])
  }
})

// — Reading the flat file back with the schema's titles, as 360Giving's converter does —

const resolve = (node: SchemaNode): SchemaNode =>
  node.$ref ? { ...resolve(grantSchema.$defs[node.$ref.replace('#/$defs/', '')]!), ...node, $ref: undefined } : node

/** The JSON path a column title names: each part a property's title (or name), or an index. */
function pathOfTitle(title: string): (string | number)[] {
  const path: (string | number)[] = []
  let node: SchemaNode = grantSchema as SchemaNode
  for (const part of title.split(':')) {
    node = resolve(node)
    if (node.items && /^\d+$/.test(part)) {
      path.push(Number(part))
      node = node.items
      continue
    }
    const entries = Object.entries(node.properties ?? {})
    const found = entries.find(([, child]) => resolve(child).title === part) ?? entries.find(([name]) => name === part)
    if (!found) throw new Error(`The column “${title}” names no field of the 360Giving schema (at “${part}”)`)
    const [name, child] = found
    path.push(name)
    node = resolve(child)
    // A rolled-up array's single item has no index in its title.
    if (node.items && node.rollUp) {
      path.push(0)
      node = node.items
    }
  }
  return path
}

function setPath(target: Record<string, unknown>, path: (string | number)[], value: unknown) {
  let at: Record<string | number, unknown> = target
  path.forEach((part, i) => {
    if (i === path.length - 1) at[part] = value
    else {
      at[part] ??= typeof path[i + 1] === 'number' ? [] : {}
      at = at[part] as Record<string | number, unknown>
    }
  })
}

function coerceNumbers(value: unknown, node: SchemaNode): unknown {
  const schema = resolve(node)
  if (Array.isArray(value)) return value.map((item) => coerceNumbers(item, schema.items!))
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, coerceNumbers(v, schema.properties?.[k] ?? {})]),
    )
  const types = [schema.type ?? []].flat()
  return typeof value === 'string' && types.includes('number') ? Number(value) : value
}
