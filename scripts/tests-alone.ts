// Runs every test of the given files alone, as `vitest run <file> -t "<its name>"` would, to
// find tests that pass only after the test before them left something behind. One Vitest (so
// one DynamoDB Local) runs them one after another; each run is a fresh worker that imports the
// file again and runs only its top-level hooks, the hooks of the test's own describe blocks,
// and the test. Not part of `npm test`: it takes as long as running each file once per test.
//
//   npx tsx scripts/tests-alone.ts test/integration/awards.test.ts test/integration/feedback.test.ts
//
// Prints each test as it runs, then the command that reproduces each failure; exits 1 if any failed.
import { relative } from 'node:path'
import type { TestCase } from 'vitest/node'
import { createVitest } from 'vitest/node'

const files = process.argv.slice(2)
if (!files.length) {
  console.error('Usage: tsx scripts/tests-alone.ts <test file>...')
  process.exit(2)
}

const vitest = await createVitest('test', { watch: false, silent: true, reporters: [], coverage: { enabled: false } })
const failed: { file: string; name: string; errors: string[] }[] = []
let ran = 0
try {
  const specifications = await vitest.globTestSpecifications(files)
  const collected = await vitest.collectTests(specifications)
  for (const module of collected.testModules) {
    const file = relative(process.cwd(), module.moduleId)
    const tests = [...module.children.allTests()].filter((test) => test.options.mode === 'run')
    for (const test of tests) {
      const name = patternName(test)
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
        ...(result.unhandledErrors as { message?: string }[]),
      ].map((e) => String(e.message ?? e))
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

/** The name `-t` matches: the describe blocks' names and the test's, joined by spaces. */
function patternName(test: TestCase): string {
  const names = [test.name]
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) names.unshift(parent.name)
  return names.join(' ')
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
