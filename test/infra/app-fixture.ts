// Builds the CDK app the way `cdk synth` does (cdk.json context, same stacks), once per test
// file. A throwaway web build stands in for web/dist so the site deployment is covered too.
import { App } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createChallengeFund } from '../../infra/challenge-fund.js'

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>
}

export type FixtureOptions = {
  /** Extra or overriding context (-c key=value). */
  context?: Record<string, unknown>
  /** Deploy a stand-in web build. @default true */
  webDist?: boolean
  /** Run esbuild for the Lambda asset (slow); otherwise CDK stages a placeholder. @default false */
  bundle?: boolean
  /** Run CDK's built-in CloudFormation template validation, as `cdk synth` does. @default false */
  cfnValidation?: boolean
  /** Register cdk-nag as a synth-time validation plugin, as bin/app.ts does. @default false */
  nag?: boolean
}

export function synthApp({
  context = {},
  webDist = true,
  bundle = false,
  cfnValidation = false,
  nag = false,
}: FixtureOptions = {}) {
  const app = new App({
    context: {
      ...cdkJson.context,
      // An empty list skips bundling in every stack (what `cdk deploy --exclusively` does).
      ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
    // The built-in validation costs seconds per synth; app.test.ts runs it once.
    builtinCloudFormationValidation: cfnValidation,
  })
  const webDistPath = webDist ? fakeWebDist() : undefined
  // By default cdk-nag is run explicitly by nag.test.ts, so a finding fails that test with a
  // readable list instead of failing every synth here.
  const stacks = createChallengeFund(app, { webDistPath, nag })
  const assembly = app.synth()
  return {
    app,
    assembly,
    stacks,
    templates: {
      data: Template.fromStack(stacks.data),
      auth: Template.fromStack(stacks.auth),
      edge: Template.fromStack(stacks.edge),
      web: Template.fromStack(stacks.web),
      api: Template.fromStack(stacks.api),
      events: Template.fromStack(stacks.events),
      audit: Template.fromStack(stacks.audit),
      monitoring: Template.fromStack(stacks.monitoring),
    },
  }
}

export type SynthesisedApp = ReturnType<typeof synthApp>

function fakeWebDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'challenge-fund-web-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Challenge Fund</title>')
  return dir
}
