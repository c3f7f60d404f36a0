// The 360Giving Data Standard's schemas as shipped in shared/standards/360giving, loaded the way
// its SOURCE note says (the `$schema` key dropped, the grant schema added under the 1.4.2 URL the
// package schema names), compiled with Ajv's 2020-12 build and ajv-formats.
import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'

export type SchemaNode = {
  title?: string
  $ref?: string
  type?: string | string[]
  properties?: Record<string, SchemaNode>
  items?: SchemaNode
  rollUp?: string[]
}

const standard = (file: string) => {
  const { $schema: _drop, ...schema } = JSON.parse(readFileSync(`shared/standards/360giving/${file}`, 'utf8'))
  return schema as SchemaNode & { properties: Record<string, SchemaNode>; $defs: Record<string, SchemaNode> }
}

export const grantSchema = standard('360-giving-schema.json')
const packageSchema = standard('360-giving-package-schema.json')

// Not strict: the standard's schemas carry keywords of their own (`codelist`, `rollUp`).
const ajv = new Ajv2020({ allErrors: true, strict: false })
addFormats(ajv)
ajv.addSchema(
  grantSchema,
  'https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json',
)
const validatePackage = ajv.compile(packageSchema)

/** What the package schema finds wrong with `data` (none: valid). */
export const errorsOf = (data: unknown) => (validatePackage(data) ? [] : (validatePackage.errors ?? []))
