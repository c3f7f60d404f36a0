// cdk-nag AwsSolutions over every stack: no finding may be left unacknowledged (errors or
// warnings), and every acknowledgement must say why, on a specific construct.
import { Stack, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import type { IConstruct } from 'constructs'
import { beforeAll, describe, expect, it } from 'vitest'
import { synthApp, type SynthesisedApp } from './app-fixture.js'

let synthesised: SynthesisedApp

beforeAll(() => {
  synthesised = synthApp()
})

type Acknowledgement = { path: string; id: string; reason: string }

function acknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  )
}

describe('cdk-nag AwsSolutions', () => {
  it.each(['data', 'auth', 'edge', 'web', 'api', 'events', 'audit', 'monitoring'] as const)(
    '%s stack has no unacknowledged findings',
    (name) => {
      const report = new AwsSolutionsChecks().validateScope(synthesised.stacks[name])
      const findings = report.violations.flatMap((violation) =>
        violation.violatingResources.map(
          (resource) =>
            `${violation.severity} ${violation.ruleName} at ${resource.constructPath}: ${violation.description}`,
        ),
      )
      expect(findings).toEqual([])
    },
  )

  it('gives every acknowledgement a specific reason', () => {
    const all = acknowledgements(synthesised.app)
    expect(all.length).toBeGreaterThan(0)
    for (const ack of all) {
      expect(ack.id, ack.path).toMatch(/AwsSolutions-[A-Z]+\d+/)
      // A sentence that explains the choice, not "not needed".
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThan(60)
    }
  })

  it('acknowledges findings on resources, never on a whole stack or the app', () => {
    const stackPaths = new Set(
      synthesised.app.node
        .findAll()
        .filter((c) => Stack.isStack(c))
        .map((stack) => stack.node.path),
    )
    for (const ack of acknowledgements(synthesised.app)) {
      expect(stackPaths.has(ack.path) || ack.path === '', `${ack.id} at "${ack.path}"`).toBe(false)
    }
  })
})
