// The seam between core and db/: core speaks of competitions, sheets and awards; only db/
// knows keys, items and transactions. This reads the source tree, so a file that crosses
// the seam fails here by name, with the line that crosses it.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort()
}

/** Each line of each file under `dir` that matches one of the rules, as `file:line  rule`. */
function crossings(dir: string, rules: Record<string, RegExp>): string[] {
  const found: string[] = []
  for (const file of sources(dir)) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n')
    lines.forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '')
      for (const [rule, pattern] of Object.entries(rules))
        if (pattern.test(code)) found.push(`${file}:${i + 1}  ${rule}`)
    })
  }
  return found
}

describe('the seam between core and db', () => {
  it('keeps keys, items, transactions and the AWS SDK out of functions/core', () => {
    expect(
      crossings('functions/core', {
        'imports a key builder': /\b\w+Keys\b/,
        'names a partition or sort key': /\b(pk|sk|PK|SK)\b|\bkeys\.(partition|sort)\b/,
        'names a transaction item': /\bTransactItem\b|\bTransactItems\b/,
        'reads a failed condition by position': /\.(index|indexes)\b(?!\.)/,
        'uses the AWS SDK': /from '@aws-sdk\//,
        'picks items apart by entity': /\bitems?\.entity\b|\.entity\s*===?\s*'/,
      }),
    ).toEqual([])
  })

  it('keeps db/ from reaching back up into core, the API or the events', () => {
    expect(crossings('functions/db', { 'imports from above db/': /from '\.\.\/(core|api|events)\// })).toEqual([])
  })

  it('has one way to commit: core never sends a command or runs a raw transaction', () => {
    expect(crossings('functions/core', { 'runs its own transaction': /\btransactWrite\b|\.send\(/ })).toEqual([])
  })
})

/** Each runtime import cycle among the files under `dir`, as `a.ts -> b.ts -> a.ts` (type-only imports do not run). */
function importCycles(dir: string): string[] {
  const graph = new Map<string, string[]>()
  for (const file of sources(dir)) {
    const text = readFileSync(join(root, file), 'utf8')
    const imports = [...text.matchAll(/^import (?!type )[^'"]*from '(\.[^']+)'/gm)]
    graph.set(
      file,
      imports.map((m) => relative(root, resolve(root, dirname(file), m[1]!.replace(/\.js$/, '.ts')))),
    )
  }
  const cycles: string[] = []
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (file: string) => {
    state.set(file, 'open')
    path.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '))
      else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (!state.has(file)) visit(file)
  return cycles
}

describe('the flow of a request', () => {
  it('runs one way, route → core → db, never back into a file it came from: no import cycle anywhere in functions/', () => {
    expect(importCycles('functions')).toEqual([])
  })
})

describe('the adapters', () => {
  it('are the only Lambda code besides db/ that reaches AWS: api/, core/ and events/ import no SDK', () => {
    const sdk = { 'imports the AWS SDK (an adapter belongs in functions/adapters/)': /from '@(aws-sdk|smithy)\// }
    expect(['functions/api', 'functions/core', 'functions/events'].flatMap((dir) => crossings(dir, sdk))).toEqual([])
  })
})
