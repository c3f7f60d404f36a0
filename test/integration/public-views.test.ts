// What leaves the API for the public and for applicants is a view that lists its fields: no
// key that only the stored items hold (file pins, keys, who did what, private notes) appears
// in any of their responses, and an attribute added to a stored item stays private.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import type * as z from 'zod/mini'
import { competitionKeys } from '../../functions/db/competitions-repo.js'
import { ApplicantApplication, ApplicantApplicationSummary, Application } from '../../shared/schemas/application.js'
import { Candidate, Declaration, PanelMember, ScoreSheet, SheetText } from '../../shared/schemas/assessing.js'
import { Award, LedgerEntry, Offer, PublishedResults } from '../../shared/schemas/awards.js'
import { AskedClarification, Clarification, PublishedClarification } from '../../shared/schemas/clarification.js'
import {
  Challenge,
  ChallengeWithDataPack,
  Competition,
  CompetitionPage,
  CompetitionSummary,
  DataPackItem,
  DataPackItemView,
  FileView,
  PublicCompetition,
  QuestionView,
  StoredFile,
  Theme,
  ThemeView,
  Upload,
} from '../../shared/schemas/competition.js'
import {
  ApplicantCall,
  ApplicantDecision,
  ChosenSignpost,
  CriterionScore,
  Feedback,
  FeedbackCall,
  FeedbackRelease,
  ReleasedFeedback,
} from '../../shared/schemas/feedback.js'
import { Question } from '../../shared/schemas/form.js'
import { Organisation, SavedOrganisation, YourOrganisation } from '../../shared/schemas/organisation.js'
import {
  declareNone,
  RUBRIC,
  scoreAndSubmit,
  releaseDecisions,
  seatedPanellist,
} from '../support/assessing-fixtures.js'
import { openCompetition, startedDraft, completeAnswers } from '../support/eoi-fixtures.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

const DAY = 86_400_000

/** Every key an object schema names, at any depth (through unions, arrays, records, optionals and pipes). */
function keysOf(schema: z.ZodMiniType, seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return []
  seen.add(schema)
  const def = (schema as unknown as { def: Record<string, any> }).def
  const inner = (s: z.ZodMiniType | undefined) => (s ? keysOf(s, seen) : [])
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodMiniType>).flatMap(([key, field]) => [
        key,
        ...inner(field),
      ])
    case 'union':
      return (def.options as z.ZodMiniType[]).flatMap(inner)
    case 'array':
      return inner(def.element)
    case 'record':
      return inner(def.valueType)
    case 'pipe':
      return [...inner(def.in), ...inner(def.out)]
    default:
      return inner(def.innerType)
  }
}

const stored = [
  Competition,
  Challenge,
  Theme,
  Question,
  DataPackItem,
  StoredFile,
  Application,
  Award,
  LedgerEntry,
  Clarification,
  Organisation,
  Feedback,
  FeedbackCall,
  FeedbackRelease,
  Candidate,
  PanelMember,
  ScoreSheet,
  SheetText,
  Declaration,
]
const views = [
  PublicCompetition,
  ChallengeWithDataPack,
  DataPackItemView,
  FileView,
  ThemeView,
  QuestionView,
  CompetitionPage,
  CompetitionSummary,
  ApplicantApplication,
  ApplicantApplicationSummary,
  Offer,
  PublishedResults,
  AskedClarification,
  PublishedClarification,
  ApplicantDecision,
  ReleasedFeedback,
  CriterionScore,
  ChosenSignpost,
  ApplicantCall,
  YourOrganisation,
  SavedOrganisation,
  Upload,
]
/** Attributes stored items carry beside their schema: keys, index keys, the entity tag, the revision, who asked, word counts. */
const storedAttributes = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'entity',
  'revision',
  'askedBy',
  'panellistEmail',
  'words',
]
const shown = new Set(views.flatMap((view) => keysOf(view)))
/** Keys a stored item holds that no public or applicant view lists. */
const storedOnly = new Set(
  [...stored.flatMap((item) => keysOf(item)), ...storedAttributes].filter((key) => !shown.has(key)),
)

/** Every key in a JSON body, at any depth, with where it was found. */
function keysIn(value: unknown, at = '$'): { key: string; at: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keysIn(v, `${at}[${i}]`))
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) => [{ key, at: `${at}.${key}` }, ...keysIn(v, `${at}.${key}`)])
  return []
}

const leaks = (body: unknown, keys: Set<string> = storedOnly) =>
  keysIn(body)
    .filter(({ key }) => keys.has(key))
    .map(({ at }) => at)

let p: TestPlatform
/** Every public and applicant response of one competition's whole life, by what was asked. */
const responses: { what: string; body: unknown; beforeResults?: boolean }[] = []
let competitionId: string

beforeAll(async () => {
  p = await createTestPlatform()
  const seen = (what: string, res: { status: number; json: unknown }, expected = 200) => {
    expect(res.status, `${what}: ${JSON.stringify(res.json)}`).toBe(expected)
    responses.push({ what, body: res.json })
    return res.json as any
  }
  const manager = await p.signIn('manager', 'Priya Shah')
  const comp = await openCompetition(p, manager)
  competitionId = comp.competition.id
  const base = `/api/competitions/${competitionId}`

  // A data-pack document, uploaded and pinned, and a file question.
  const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
  const added = await p.call('POST', `${base}/challenges/${comp.challenge.id}/items`, {
    as: manager,
    body: {
      kind: 'document',
      title: 'Asthma report',
      filename: 'report.pdf',
      contentType: 'application/pdf',
      sizeBytes: pdf.byteLength,
    },
  })
  expect(added.status, JSON.stringify(added.json)).toBe(201)
  expect(
    (await p.app.request(added.json.upload.url, { method: 'PUT', headers: added.json.upload.headers, body: pdf }))
      .status,
  ).toBe(200)
  expect((await p.call('POST', `${base}/items/${added.json.item.id}/complete`, { as: manager })).status).toBe(200)
  const fileQ = await p.call('POST', `${base}/questions`, {
    as: manager,
    body: {
      kind: 'file',
      label: 'Supporting document',
      required: false,
      fileTypes: ['application/pdf'],
      maxFileBytes: 1000,
    },
  })
  expect(fileQ.status, JSON.stringify(fileQ.json)).toBe(201)

  // An applicant: organisation, draft, a file answer uploaded and pinned, answers, submission.
  const { applicant, application } = await startedDraft(p, comp, 'Breathe Easy Ltd')
  const app = `/api/applications/${application.id}`
  const { timeline } = (await p.call('GET', base)).json.competition
  const until = new Date(Date.parse(timeline.eoiClosesAt) + DAY).toISOString()
  const extended = await p.call('POST', `${app}/extension`, { as: manager, body: { until, reason: 'Office flooded' } })
  expect(extended.status, JSON.stringify(extended.json)).toBe(200)
  const attached = seen(
    'attach a file answer',
    await p.call('POST', `${app}/files/${fileQ.json.id}`, {
      as: applicant,
      body: { filename: 'plan.pdf', contentType: 'application/pdf', sizeBytes: pdf.byteLength },
    }),
    201,
  )
  expect(
    (await p.app.request(attached.upload.url, { method: 'PUT', headers: attached.upload.headers, body: pdf })).status,
  ).toBe(200)
  const completed = seen(
    'complete the file answer',
    await p.call('POST', `${app}/files/${fileQ.json.id}/complete`, { as: applicant }),
  )
  seen(
    'autosave',
    await p.call('PATCH', app, { as: applicant, body: { version: completed.version, ...completeAnswers(comp) } }),
  )
  seen('submit', await p.call('POST', `${app}/submit`, { as: applicant }))

  // A clarification, asked and answered.
  const asked = seen(
    'ask a clarification',
    await p.call('POST', `${base}/clarifications`, { as: applicant, body: { question: 'Can sole traders apply?' } }),
    201,
  )
  expect(
    (
      await p.call('PUT', `${base}/clarifications/${asked.id}/answer`, {
        as: manager,
        body: { answer: 'Yes.', version: asked.version },
      })
    ).status,
  ).toBe(200)

  // Assessed, awarded, released.
  p.clock.now = new Date(Date.parse(until) + 60_000)
  const rubric = await p.call('PUT', `${base}/rubric`, { as: manager, body: RUBRIC })
  expect(rubric.status, JSON.stringify(rubric.json)).toBe(200)
  for (const [path, outcome] of [
    ['screening', 'eligible'],
    ['shortlist', 'shortlisted'],
  ] as const) {
    const decided = await p.call('POST', `${base}/${path}`, {
      as: manager,
      body: { decisions: [{ applicationId: application.id, outcome, reason: '' }] },
    })
    expect(decided.status, JSON.stringify(decided.json)).toBe(200)
  }
  const panellist = await seatedPanellist(p, manager, competitionId, 'Panellist 1')
  await declareNone(p, panellist, competitionId, [application.id])
  await scoreAndSubmit(
    p,
    panellist,
    {
      manager,
      competitionId,
      comp,
      applications: [],
      ids: [application.id],
      panel: [panellist],
      criteria: rubric.json.criteria,
    },
    application.id,
    4,
  )
  const award = await p.call('POST', `${base}/awards`, {
    as: manager,
    body: {
      applicationId: application.id,
      amountPence: 1_670_000,
      respondBy: new Date(p.clock.now.getTime() + 14 * DAY).toISOString(),
      conditions: 'Quarterly reports',
    },
  })
  expect(award.status, JSON.stringify(award.json)).toBe(201)
  await releaseDecisions(p, { manager, competitionId })

  // Everything the public reads before the results, and the applicant's own.
  const publicReads = async (when: string) => {
    seen(`competitions list ${when}`, await p.call('GET', '/api/competitions'))
    seen(`competitions list (open) ${when}`, await p.call('GET', '/api/competitions?open=true'))
    seen(`competition page ${when}`, await p.call('GET', base))
    seen(`competition page, signed in as the applicant, ${when}`, await p.call('GET', base, { as: applicant }))
    seen(`clarifications ${when}`, await p.call('GET', `${base}/clarifications`))
  }
  await publicReads('before the results')
  for (const r of responses) r.beforeResults = true
  seen('my organisation', await p.call('GET', '/api/me/organisation', { as: applicant }))
  seen('my applications', await p.call('GET', '/api/me/applications', { as: applicant }))
  seen('my application', await p.call('GET', app, { as: applicant }))
  seen('my decision', await p.call('GET', `${app}/decision`, { as: applicant }))
  seen('my offer', await p.call('GET', `${app}/offer`, { as: applicant }))
  const accepted = seen(
    'accept my offer',
    await p.call('POST', `${app}/offer/response`, { as: applicant, body: { version: 1, accept: true } }),
  )
  expect(accepted.status).toBe('accepted')
  seen(
    'ask for a feedback call',
    await p.call('POST', `${app}/feedback-call`, {
      as: applicant,
      body: { preferredTimes: 'Mornings', question: 'What would have scored higher?' },
    }),
    201,
  )
  seen('my decision, with the call', await p.call('GET', `${app}/decision`, { as: applicant }))
  const organisation = (await p.call('GET', '/api/me/organisation', { as: applicant })).json
  seen(
    'edit my organisation',
    await p.call('PATCH', `/api/organisations/${organisation.id}`, {
      as: applicant,
      body: { version: organisation.version, sizeBand: '10-49' },
    }),
  )

  // The results, and the public pages after them.
  expect((await p.call('POST', `${base}/results`, { as: manager })).status).toBe(200)
  seen('results', await p.call('GET', `${base}/results`))
  await publicReads('after the results')
}, 120_000)

describe('public and applicant responses show only what their views list', () => {
  it('knows which keys are stored-only (the file pins, who awarded, the keys among them)', () => {
    for (const key of [
      'uploadId',
      'versionId',
      'etag',
      'awardedBy',
      'idempotencyKey',
      'askedBy',
      'pk',
      'sk',
      'entity',
      'revision',
      'panellistEmail',
      'sharedCompaniesHouseNumber',
      'earlier',
    ])
      expect(storedOnly.has(key), key).toBe(true)
  })

  it('carries no stored-only key in any public or applicant response', () => {
    expect(responses.length).toBeGreaterThan(15)
    const found = responses.flatMap(({ what, body }) => leaks(body).map((at) => `${what}: ${at}`))
    expect(found).toEqual([])
  })

  it('shows the documents and file answers it pins, without the pins', () => {
    const page = responses.find((r) => r.what === 'competition page before the results')!.body as any
    const document = page.challenges.flatMap((c: any) => c.dataPack).find((i: any) => i.kind === 'document')
    expect(document.file).toEqual({
      filename: 'report.pdf',
      contentType: 'application/pdf',
      sizeBytes: expect.any(Number),
      uploaded: true,
    })
    const mine = responses.find((r) => r.what === 'my application')!.body as any
    const file = Object.values(mine.answers).find((a: any) => a?.file) as any
    expect(file.file).toEqual({
      filename: 'plan.pdf',
      contentType: 'application/pdf',
      sizeBytes: expect.any(Number),
      uploaded: true,
    })
    expect(mine.extension).toMatchObject({ until: expect.any(String), reason: 'Office flooded' })
  })

  it('keeps what is committed from the pot private until the results are published', () => {
    const before = responses
      .filter((r) => r.beforeResults)
      .flatMap(({ what, body }) => leaks(body, new Set(['committedPence'])).map((at) => `${what}: ${at}`))
    expect(before).toEqual([])
  })

  it('documents the views in the API document, so clients are told exactly what they get', async () => {
    const doc = (await p.call('GET', '/api/openapi.json')).json
    /** Every property name a documented schema has, at any depth, following references. */
    const propertiesOf = (schema: any, seen = new Set<string>()): string[] => {
      if (!schema || typeof schema !== 'object') return []
      if (schema.$ref) {
        if (seen.has(schema.$ref)) return []
        seen.add(schema.$ref)
        return propertiesOf(doc.components.schemas[schema.$ref.split('/').pop()], seen)
      }
      const nested = [
        ...Object.values(schema.properties ?? {}),
        schema.items,
        schema.additionalProperties,
        ...(schema.anyOf ?? []),
        ...(schema.oneOf ?? []),
        ...(schema.allOf ?? []),
      ]
      return [...Object.keys(schema.properties ?? {}), ...nested.flatMap((s) => propertiesOf(s, seen))]
    }
    const routes: [string, string, number][] = [
      ['get', '/competitions', 200],
      ['get', '/competitions/{competitionId}', 200],
      ['get', '/competitions/{competitionId}/results', 200],
      ['post', '/competitions/{competitionId}/clarifications', 201],
      ['post', '/organisations', 201],
      ['get', '/me/organisation', 200],
      ['patch', '/organisations/{organisationId}', 200],
      ['post', '/competitions/{competitionId}/applications', 201],
      ['get', '/me/applications', 200],
      ['patch', '/applications/{applicationId}', 200],
      ['post', '/applications/{applicationId}/submit', 200],
      ['post', '/applications/{applicationId}/withdraw', 200],
      ['post', '/applications/{applicationId}/files/{questionId}', 201],
      ['post', '/applications/{applicationId}/files/{questionId}/complete', 200],
      ['get', '/applications/{applicationId}/offer', 200],
      ['post', '/applications/{applicationId}/offer/response', 200],
      ['get', '/applications/{applicationId}/decision', 200],
      ['post', '/applications/{applicationId}/feedback-call', 201],
    ]
    const documented = routes.flatMap(([method, path, status]) => {
      const schema = doc.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema
      expect(schema, `${method} ${path}`).toBeDefined()
      return propertiesOf(schema)
        .filter((key) => storedOnly.has(key))
        .map((key) => `${method} ${path}: ${key}`)
    })
    expect(documented).toEqual([])
    expect(propertiesOf(doc.components.schemas.ApplicantApplication).filter((key) => storedOnly.has(key))).toEqual([])
  })

  it('keeps an attribute added straight onto a stored competition private', async () => {
    await p.db.doc.send(
      new UpdateCommand({
        TableName: p.db.tableName,
        Key: { pk: competitionKeys.pk(competitionId), sk: competitionKeys.sk },
        UpdateExpression: 'SET internalNote = :note',
        ExpressionAttributeValues: { ':note': 'Not for applicants' },
      }),
    )
    for (const path of [
      '/api/competitions',
      `/api/competitions/${competitionId}`,
      `/api/competitions/${competitionId}/results`,
    ]) {
      const res = await p.call('GET', path)
      expect(res.status, path).toBe(200)
      expect(leaks(res.json, new Set(['internalNote', ...storedOnly])), path).toEqual([])
      expect(res.text, path).not.toContain('Not for applicants')
    }
  })
})
