import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local for the whole run; each test file makes its own table.
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Two files at a time on this project's 2-core machines (vitest's default is cores − 1: one):
    // the tests mostly wait on DynamoDB Local and Chromium, so the suite runs in 10 minutes, not 13.
    maxWorkers: 2,
    testTimeout: 30_000,
    // What a test waits for after an event (a save, an upload, a page) may take seconds on a
    // busy machine: expect.poll waits up to 10 s (not vitest's 1 s) before it fails.
    expect: { poll: { timeout: 10_000 } },
    // Lambda runs Node 22; this machine's Node 20 is fine for the SDK versions locked here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    hookTimeout: 120_000,
    // `npm test` runs with --coverage: the code under functions/ and shared/ that the tests run
    // in-process, the browser tests' site included (test/e2e/support/browser.ts serves the app
    // from the test's own process). Not counted: the local runtime, and the Lambda entry points,
    // which run only as built bundles in a child process (test/infra/event-bundles.test.ts,
    // test/infra/api-stack.test.ts), where the workers' V8 coverage cannot see them. `npm test`
    // runs test/unit/schema-work.test.ts apart, without coverage: it measures work with V8's
    // block coverage itself, starting and stopping it, which would reset this count.
    coverage: {
      provider: 'v8',
      include: ['functions/**/*.ts', 'shared/**/*.ts'],
      exclude: ['functions/local/**', 'functions/events/*.ts', 'functions/api/lambda.ts', '**/*.test.ts'],
      reporter: [['text', { skipFull: true }], 'text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      // The figures are wanted most when a run fails: print them then too.
      reportOnFailure: true,
      // Lines covered per directory; a run below any of them fails. Set from a full run on
      // 2026-12-07 (core 95.6%, api 99.0%, db 98.4%, adapters 90.9%, events 100%, shared 98.3%),
      // a little under each so that which timer wins a browser test's race cannot fail a run.
      thresholds: {
        'functions/core/**': { lines: 95 },
        'functions/api/**': { lines: 98 },
        'functions/db/**': { lines: 97 },
        'functions/adapters/**': { lines: 89 },
        'functions/events/**': { lines: 97 },
        'shared/**': { lines: 97 },
      },
    },
  },
})
