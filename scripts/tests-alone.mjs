// Runs every test of the given files alone, as `vitest run <file> -t "<its name>"` would, to
// find tests that pass only after the test before them left something behind. One Vitest (so
// one DynamoDB Local) runs them one after another; each run is a fresh worker that imports the
// file again and runs only its top-level hooks, the hooks of the test's own describe blocks,
// and the test. Not part of `npm test`: it takes as long as running each file once per test.
//
//   node scripts/tests-alone.mjs test/integration/awards.test.ts test/integration/feedback.test.ts
//
// Prints each test as it runs, then the command that reproduces each failure; exits 1 if any failed.
// Plain JavaScript, run by node: under tsx's loader, Vitest's module runner cannot import
// the CommonJS packages the global setup uses.
import { relative } from 'node:path'
import { createVitest } from 'vitest/node'

// `--grep <pattern>` runs only the tests whose name (as `-t` sees it) matches.
const args = process.argv.slice(2)
const at = args.indexOf('--grep')
const grep = at >= 0 ? new RegExp(args.splice(at, 2)[1] ?? '') : undefined
const files = args
if (!files.length) {
  console.error('Usage: node scripts/tests-alone.mjs [--grep <pattern>] <test file>...')
  process.exit(2)
}

const vitest = await createVitest('test', {
  watch: false,
  silent: true,
  reporters: [{ onInit() {} }],
  coverage: { enabled: false },
})
/** @type {{ file: string; name: string; errors: string[] }[]} */
const failed = []
let ran = 0
try {
  const specifications = await vitest.globTestSpecifications(files)
  const collected = await vitest.collectTests(specifications)
  for (const module of collected.testModules) {
    const file = relative(process.cwd(), module.moduleId)
    const tests = [...module.children.allTests()].filter((test) => test.options.mode === 'run')
    for (const test of tests) {
      const name = patternName(test)
      if (grep && !grep.test(name)) continue
      const started = Date.now()
      // Exactly this test, by its id: what `-t` with its full name, anchored, selects.
      const only = module.project.createSpecification(module.moduleId, { testIds: [test.id] })
      const result = await vitest.runTestSpecifications([only])
      const ranModule = result.testModules.find((m) => m.moduleId === module.moduleId)
      const outcome = ranModule ? [...ranModule.children.allTests()].find((t) => t.id === test.id) : undefined
      const state = outcome?.result().state
      const errors = [
        ...(outcome?.result().errors ?? []),
        ...(ranModule?.errors() ?? []),
        ...result.unhandledErrors,
      ].map((e) => String(e?.message ?? e))
      ran++
      const ok = state === 'passed' && !errors.length
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${file} > ${name} (${Math.round((Date.now() - started) / 1000)} s)`)
      if (!ok) failed.push({ file, name, errors: errors.length ? errors : [`the test was ${state ?? 'not run'}`] })
    }
  }
} finally {
  await vitest.close()
}

console.log(`\n${ran} tests run alone; ${failed.length} failed alone.`)
for (const { file, name, errors } of failed) {
  console.log(`\nnpx vitest run ${file} -t ${JSON.stringify(`^${escapeRegExp(name)}$`)}`)
  for (const error of errors) console.log(`  ${error.split('\n')[0]}`)
}
process.exit(failed.length ? 1 : 0)

/**
 * The name `-t` matches: the describe blocks' names and the test's, joined by spaces.
 * @param {import('vitest/node').TestCase} test
 */
function patternName(test) {
  const names = [test.name]
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) names.unshift(parent.name)
  return names.join(' ')
}

/** @param {string} text */
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
