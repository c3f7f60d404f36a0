// The race hook (functions/db/race-hook.ts) is for tests: no Lambda that ships may hold it.
// Each bundle is built as the stacks build it (buildLambda), and neither its code nor its
// source maps may mention the hook; a bundle that does import it is caught by the same check.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildLambda } from '../../infra/constructs/bundling.js'
import { paths } from '../../infra/paths.js'
import { RACE_HOOK } from '../../functions/db/race-hook.js'

const made: string[] = []
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

/** Every output file of `entry` built as it ships, by name relative to the bundle's folder. */
function built(entry: string): Map<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), 'cf-bundle-'))
  made.push(outdir)
  buildLambda(entry, outdir, paths.repoRoot)
  const files = readdirSync(outdir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile())
  return new Map(
    files.map((f) => [
      join(f.parentPath, f.name).slice(outdir.length + 1),
      readFileSync(join(f.parentPath, f.name), 'utf8'),
    ]),
  )
}

/** The files that carry the hook's marker or name its module among their sources. */
const holdingTheHook = (files: Map<string, string>) =>
  [...files].filter(([, text]) => text.includes(RACE_HOOK) || text.includes('race-hook')).map(([name]) => name)

describe('the race hook', () => {
  it('is in no bundle that ships: not the API’s (any chunk), not an event function’s', { timeout: 120_000 }, () => {
    for (const entry of [paths.apiEntry, paths.releaseSchedulerEntry]) {
      const files = built(entry)
      expect(files.has('index.mjs')).toBe(true)
      expect(holdingTheHook(files), entry).toEqual([])
    }
  })

  it('would be found by that check in a bundle that imported it', { timeout: 60_000 }, () => {
    const files = built(join(paths.repoRoot, 'functions/db/race-hook.ts'))
    expect(holdingTheHook(files)).toEqual(expect.arrayContaining(['index.mjs', 'index.mjs.map']))
  })
})
