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
  },
})
