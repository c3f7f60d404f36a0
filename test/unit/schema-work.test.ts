// No shared schema does work that grows with the numbers it is given: a rubric band "from
// -9007199254740991" once looped nine quadrillion times before its range was checked.
// Work is measured deterministically, not timed: V8's block coverage counts every function
// call and every block (loop bodies included) run during one parse, through the inspector.
import { Session } from 'node:inspector'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as z from 'zod/mini'

type Schema = z.ZodMiniType
type Leaf = { path: (string | number)[] }
type Sample = { value: unknown; leaves: Leaf[] }

const schemasDir = join(import.meta.dirname, '../../shared/schemas')

/** Every exported zod schema of shared/schemas, by module and export name. */
async function exportedSchemas(): Promise<{ name: string; schema: Schema }[]> {
  const found: { name: string; schema: Schema }[] = []
  for (const file of readdirSync(schemasDir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const module: Record<string, unknown> = await import(join(schemasDir, file))
    for (const [name, value] of Object.entries(module))
      if (value instanceof z.ZodMiniType) found.push({ name: `${file}:${name}`, schema: value })
  }
  return found
}

// Strings the schemas take (an id, an instant, an email, a web address, ordinary text):
// a leaf gets the first its own schema accepts, so the refinements around it run in full.
const stringCandidates = [
  '01ARZ3NDEKTSV4RRFFQ69G5FAV',
  '2026-03-02T09:00:00.000Z',
  'someone@example.org',
  'https://example.org/a',
  'A sensible answer, long enough.',
  'AB123456',
  'CH1 2AB',
  'x',
]
const numberCandidates = [1, 0, 2, 5, 10, 100, 1000, 0.5]

function firstAccepted(schema: Schema, candidates: readonly unknown[]): unknown {
  return candidates.find((c) => schema.safeParse(c).success) ?? candidates[0]
}

/** A value of the right shape for `schema`, noting the path of every number in it. */
function sample(schema: Schema, path: (string | number)[] = [], depth = 0): Sample {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def
  const bag = (schema as unknown as { _zod: { bag: Record<string, unknown> } })._zod.bag
  const inner = (key: string) => sample(def[key] as Schema, path, depth)
  if (depth > 8) return { value: undefined, leaves: [] }
  switch (def.type) {
    case 'number':
    case 'int':
      return { value: firstAccepted(schema, numberCandidates), leaves: [{ path }] }
    case 'string':
    case 'template_literal':
      return { value: firstAccepted(schema, stringCandidates), leaves: [] }
    case 'boolean':
      return { value: true, leaves: [] }
    case 'enum':
      return { value: Object.values(def.entries as Record<string, unknown>)[0], leaves: [] }
    case 'literal':
      return { value: (def.values as unknown[])[0], leaves: [] }
    case 'object': {
      const value: Record<string, unknown> = {}
      const leaves: Leaf[] = []
      for (const [key, field] of Object.entries(def.shape as Record<string, Schema>)) {
        const s = sample(field, [...path, key], depth + 1)
        value[key] = s.value
        leaves.push(...s.leaves)
      }
      return { value, leaves }
    }
    case 'array': {
      const length = Math.min(Math.max(1, Number(bag.minimum ?? 1)), Number(bag.maximum ?? 2), 2)
      const items = Array.from({ length }, (_, i) => sample(def.element as Schema, [...path, i], depth + 1))
      return { value: items.map((s) => s.value), leaves: items.flatMap((s) => s.leaves) }
    }
    case 'tuple': {
      const items = (def.items as Schema[]).map((item, i) => sample(item, [...path, i], depth + 1))
      return { value: items.map((s) => s.value), leaves: items.flatMap((s) => s.leaves) }
    }
    case 'record': {
      const s = sample(def.valueType as Schema, [...path, 'k'], depth + 1)
      return { value: { k: s.value }, leaves: s.leaves }
    }
    case 'union':
      return sample((def.options as Schema[])[0]!, path, depth)
    case 'intersection': {
      const left = inner('left')
      const right = inner('right')
      return {
        value: { ...(left.value as object), ...(right.value as object) },
        leaves: [...left.leaves, ...right.leaves],
      }
    }
    case 'optional':
    case 'nullable':
    case 'nonoptional':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
      return inner('innerType')
    case 'pipe':
      return inner('in')
    case 'lazy':
      return sample((def.getter as () => Schema)(), path, depth + 1)
    case 'null':
      return { value: null, leaves: [] }
    case 'date':
      return { value: new Date('2026-03-02T09:00:00.000Z'), leaves: [] }
    default:
      return { value: 'x', leaves: [] }
  }
}

function withNumbers(value: unknown, leaves: Leaf[], n: number): unknown {
  const copy = structuredClone(value)
  for (const { path } of leaves) {
    if (path.length === 0) return n
    let target = copy as Record<string | number, unknown>
    for (const step of path.slice(0, -1)) target = target[step] as Record<string | number, unknown>
    target[path.at(-1)!] = n
  }
  return copy
}

// — Counting work —

const session = new Session()
function post<T>(method: string, params?: object): T {
  let result: T | undefined
  let failure: Error | null = null
  session.post(method, params as never, (error, r) => {
    failure = error
    result = r as T
  })
  if (failure) throw failure
  if (result === undefined) throw new Error(`${method} did not answer synchronously`)
  return result
}

type Coverage = { result: { functions: { ranges: { count: number }[] }[] }[] }

const stepsSinceLastTake = () => {
  let steps = 0
  for (const script of post<Coverage>('Profiler.takePreciseCoverage').result)
    for (const f of script.functions) for (const r of f.ranges) steps += r.count
  return steps
}

/** Function calls plus blocks run by parsing each input (each parsed once before, as the first parse compiles lazily). */
function workOf(schema: Schema, inputs: unknown[]): number[] {
  for (const input of inputs) schema.safeParse(input)
  stepsSinceLastTake()
  return inputs.map((input) => {
    schema.safeParse(input)
    return stepsSinceLastTake()
  })
}

/** Steps allowed per changed number beyond the same parse at a modest magnitude: a few issues' worth, far below any loop over the value. */
const SLACK_PER_NUMBER = 2_000
const MODEST = 1_000
const LARGE = 1_000_000
const extremes = (sign: 1 | -1) => [
  sign * Number.MAX_SAFE_INTEGER,
  sign * 1e308,
  sign * Number.POSITIVE_INFINITY,
  sign * 2 ** 31 + sign * 0.5,
  Number.NaN,
]

/**
 * Checks that parsing with the numbers at `leaves` does no more work at a million than at a
 * thousand (which catches any loop over the value cheaply), and only then tries the extremes.
 */
function checkBounded(name: string, schema: Schema, base: Sample, leaves: Leaf[], sign: 1 | -1) {
  const [modest, large] = workOf(schema, [
    withNumbers(base.value, leaves, sign * MODEST),
    withNumbers(base.value, leaves, sign * LARGE),
  ])
  const budget = modest! + SLACK_PER_NUMBER * leaves.length
  const where = `${name} with ${leaves.map((l) => l.path.join('.') || '(the value)').join(', ')}`
  expect(large, `${where} = ${sign * LARGE}`).toBeLessThanOrEqual(budget)
  const values = extremes(sign)
  workOf(
    schema,
    values.map((n) => withNumbers(base.value, leaves, n)),
  ).forEach((steps, i) => expect(steps, `${where} = ${values[i]}`).toBeLessThanOrEqual(budget))
}

describe('shared schemas do bounded work whatever numbers they are given', async () => {
  const schemas = (await exportedSchemas())
    .map(({ name, schema }) => ({ name, schema, base: sample(schema) }))
    .filter((s) => s.base.leaves.length > 0)

  beforeAll(() => {
    session.connect()
    post('Profiler.enable')
    post('Profiler.startPreciseCoverage', { callCount: true, detailed: true })
  })
  afterAll(() => {
    post('Profiler.stopPreciseCoverage')
    session.disconnect()
  })

  it('finds the schemas that take numbers (the rubric among them)', () => {
    expect(schemas.map((s) => s.name)).toContain('assessing.ts:RubricInput')
    const rubric = schemas.find((s) => s.name === 'assessing.ts:RubricInput')!
    expect(rubric.base.leaves.map((l) => l.path.join('.'))).toContain('criteria.0.bands.0.from')
    expect(schemas.reduce((n, s) => n + s.base.leaves.length, 0)).toBeGreaterThan(100)
  })

  it('the measure sees a loop over a number', () => {
    const looping = z.object({ n: z.number() }).check(
      z.superRefine(({ n }) => {
        for (let i = 0; i < Math.min(n, LARGE); i++);
      }),
    )
    const base = sample(looping)
    expect(() => checkBounded('a looping schema', looping, base, base.leaves, 1)).toThrow()
  })

  it('each number of each schema, alone, at ± a million and at the extremes', () => {
    for (const { name, schema, base } of schemas)
      for (const leaf of base.leaves)
        for (const sign of [1, -1] as const) checkBounded(name, schema, base, [leaf], sign)
  }, 300_000)

  it('any set of a schema’s numbers at once (property)', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...schemas)
          .chain((s) =>
            fc.tuple(
              fc.constant(s),
              fc.subarray(s.base.leaves, { minLength: 1 }),
              fc.constantFrom(1 as const, -1 as const),
            ),
          ),
        ([{ name, schema, base }, leaves, sign]) => checkBounded(name, schema, base, leaves, sign),
      ),
      { numRuns: 50 },
    )
  }, 300_000)
})
