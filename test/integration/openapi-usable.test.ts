// The OpenAPI document is enough to write a client: headers, formats, the survey's questions,
// what URLs are relative to, how words are counted, what ids mean and when actions are refused.
import { beforeAll, describe, expect, it } from 'vitest'
import { diQuestions } from '../../shared/di-questions.js'
import { createTestPlatform, type TestPlatform } from '../support/platform.js'

type Json = Record<string, any>

let doc: Json
let p: TestPlatform
beforeAll(async () => {
  p = await createTestPlatform()
  doc = (await p.call('GET', '/api/openapi.json')).json
})

/** Follows a `$ref` to its component. */
const resolve = (schema: Json): Json => (schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema)
const requestSchema = (path: string, method: string) =>
  resolve(doc.paths[path][method].requestBody.content['application/json'].schema)

describe('an OpenAPI document a client can use without reading the source', () => {
  it('declares the Idempotency-Key header and its format on the award route', () => {
    const op = doc.paths['/competitions/{competitionId}/awards'].post
    const header = op.parameters.find((param: Json) => param.in === 'header' && param.name === 'Idempotency-Key')
    expect(header).toBeDefined()
    expect(header.required).toBe(false)
    expect(header.schema.pattern).toBe('^[A-Za-z0-9_.:-]{8,128}$')
    expect(header.description).toMatch(/retry/i)
  })

  it('shows the header and what it is for in the readable docs too', async () => {
    const html = (await p.call('GET', '/api/docs')).text
    expect(html).toMatch(/<code>Idempotency-Key<\/code> \(header\): Optional\. 8 to 128/)
  })

  it('lists the diversity survey’s questions and options on the applicant’s survey route', () => {
    const body = requestSchema('/applications/{applicationId}/di-survey', 'post')
    const answers = body.properties.answers
    for (const question of diQuestions) {
      const property = answers.properties[question.id]
      expect(property, question.id).toBeDefined()
      expect(property.enum).toEqual(question.options.map((o) => o.id))
      expect(property.description).toContain(question.label)
    }
  })

  it('keeps the organisation formats as patterns', () => {
    for (const id of ['OrganisationInput', 'OrganisationPatch']) {
      const { properties } = doc.components.schemas[id]
      const number =
        properties.companiesHouseNumber.anyOf?.find((s: Json) => s.type === 'string') ?? properties.companiesHouseNumber
      expect(new RegExp(number.pattern).test('SC123456'), id).toBe(true)
      expect(new RegExp(number.pattern).test('12345'), id).toBe(false)
      expect(new RegExp(properties.postcode.pattern).test('L1 8JQ'), id).toBe(true)
      expect(new RegExp(properties.postcode.pattern).test('not a postcode'), id).toBe(false)
    }
  })

  it('says upload and download addresses are relative to the site root', () => {
    expect(doc.components.schemas.Upload.properties.url.description).toMatch(/relative to the site root/i)
    expect(doc.components.schemas.DownloadLink.properties.url.description).toMatch(/relative to the site root/i)
  })

  it('states how words are counted wherever a word limit is set', () => {
    for (const id of ['QuestionInput', 'Question']) {
      const schema = doc.components.schemas[id]
      const { hardWordLimit, softWordLimit } = schema.properties
      for (const limit of [hardWordLimit, softWordLimit]) expect(limit.description, id).toMatch(/letter or digit/)
    }
  })

  it('says a panellistId is a user id', () => {
    const op = doc.paths['/competitions/{competitionId}/assessments/{applicationId}/sheets/{panellistId}/moderate'].post
    const param = op.parameters.find((x: Json) => x.name === 'panellistId')
    expect(param.description).toMatch(/user id/i)
    expect(doc.components.schemas.ScoreSheet.properties.panellistId.description).toMatch(/user id/i)
  })

  it('states the preconditions of every action, beyond who may call it', () => {
    const bare: string[] = []
    for (const [path, methods] of Object.entries<Json>(doc.paths)) {
      for (const [method, op] of Object.entries<Json>(methods)) {
        expect(op.description, `${method} ${path}`).toMatch(/^Who may call: .+/)
        if (!['post', 'put', 'patch', 'delete'].includes(method)) continue
        const rest = String(op.description)
          .replace(/^Who may call: [^.]*\.\s*/, '')
          .trim()
        if (rest.length < 15) bare.push(`${method.toUpperCase()} ${path}`)
      }
    }
    expect(bare).toEqual([])
  })
})
