// The built web (web/dist, from `npm run build:web`): small first page, no server code,
// nothing inline for the CSP to block, and labels that agree with the schemas.
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  accessLevelNames,
  dataPackKindNames,
  midSentence,
  phaseTagNames,
  roleNames,
  timelineNames,
  timelineOrder,
} from '../../shared/labels.js'
import { Role } from '../../shared/schemas/common.js'
import { AccessLevel, DataPackKind, Phase, Timeline } from '../../shared/schemas/competition.js'

const dist = resolve('web/dist')
const FIRST_PAGE_BUDGET_BYTES = 30 * 1024

type Metafile = {
  inputs: Record<string, unknown>
  outputs: Record<
    string,
    { entryPoint?: string; inputs: Record<string, unknown>; imports: { path: string; kind: string }[] }
  >
}

function readBuild() {
  if (!existsSync(join(dist, 'meta.json')))
    throw new Error('web/dist/meta.json is missing: run "npm run build:web" first (npm test does).')
  const meta = JSON.parse(readFileSync(join(dist, 'meta.json'), 'utf8')) as Metafile
  const entry = Object.keys(meta.outputs).find((path) => meta.outputs[path]!.entryPoint === 'web/src/main.tsx')
  if (!entry) throw new Error('No output for web/src/main.tsx in web/dist/meta.json')
  // The first page loads the entry and everything it imports statically, not dynamic chunks.
  const firstPage = new Set<string>()
  const visit = (path: string) => {
    if (firstPage.has(path)) return
    firstPage.add(path)
    for (const imported of meta.outputs[path]!.imports) if (imported.kind === 'import-statement') visit(imported.path)
  }
  visit(entry)
  return { meta, entry, firstPage: [...firstPage] }
}

describe('the web build', () => {
  it(`keeps the first page's JavaScript under ${FIRST_PAGE_BUDGET_BYTES / 1024} KB gzipped`, () => {
    const { firstPage } = readBuild()
    const gzipped = firstPage.reduce((total, path) => total + gzipSync(readFileSync(path)).byteLength, 0)
    expect(gzipped).toBeLessThanOrEqual(FIRST_PAGE_BUDGET_BYTES)
  })

  it('loads the manager’s pages only when they are opened', () => {
    const { meta, firstPage } = readBuild()
    const firstPageInputs = firstPage.flatMap((path) => Object.keys(meta.outputs[path]!.inputs))
    expect(firstPageInputs.filter((input) => input.startsWith('web/src/manage/'))).toEqual([])
    expect(Object.keys(meta.inputs).some((input) => input.startsWith('web/src/manage/'))).toBe(true)
  })

  it('loads the ranking’s dot plot as a small chunk of its own, only when the ranking draws it', () => {
    const { meta, firstPage } = readBuild()
    const holding = Object.keys(meta.outputs).filter((path) =>
      Object.keys(meta.outputs[path]!.inputs).includes('web/src/manage/charts/score-dots.tsx'),
    )
    expect(holding).toHaveLength(1)
    const chunk = holding[0]!
    expect(firstPage).not.toContain(chunk)
    // Nothing imports it statically: the manager's chunk fetches it when the ranking opens.
    const importers = Object.values(meta.outputs).flatMap((output) =>
      output.imports.filter((i) => i.path === chunk).map((i) => i.kind),
    )
    expect(importers).toEqual(['dynamic-import'])
    expect(gzipSync(readFileSync(chunk)).byteLength).toBeLessThanOrEqual(3 * 1024)
  })

  it('contains no server code and no zod', () => {
    const { meta } = readBuild()
    const serverSide = Object.keys(meta.inputs).filter((input) =>
      /^functions\/|node_modules\/(zod|@hono\/zod-openapi|@aws-sdk|jose|@hono\/node-server)\//.test(input),
    )
    expect(serverSide).toEqual([])
  })

  it('has nothing inline for the Content-Security-Policy to block', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8')
    expect(html).toMatch(/<html lang="en-GB">/)
    expect(html.match(/<script\b[^>]*>/g)?.every((tag) => /\ssrc="\/assets\/[^"]+\.js"/.test(tag))).toBe(true)
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i)
    for (const [, asset] of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g))
      expect(existsSync(join(dist, asset!))).toBe(true)
  })
})

describe('shared/labels.ts', () => {
  it('names every value of the schemas’ enums', () => {
    expect(Object.keys(roleNames).sort()).toEqual([...Role.options].sort())
    expect(Object.keys(accessLevelNames).sort()).toEqual([...AccessLevel.options].sort())
    expect(Object.keys(dataPackKindNames).sort()).toEqual([...DataPackKind.options].sort())
    expect(Object.keys(phaseTagNames).sort()).toEqual([...Phase.options].sort())
    expect(Object.keys(timelineNames)).toEqual([...timelineOrder])
    expect(Object.keys(Timeline.shape)).toEqual([...timelineOrder])
  })

  it('keeps acronyms when a label goes mid-sentence', () => {
    expect(midSentence('EOI deadline')).toBe('EOI deadline')
    expect(midSentence('Panel date')).toBe('panel date')
  })
})
