// The metrics helper writes CloudWatch Embedded Metric Format: one JSON document per value, the
// `_aws` block naming the namespace, no dimensions and the metric with its unit, and the value at
// the root under the metric's name. Without a namespace it writes nothing.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { emfDocument, putMetric, useMetricSink } from '../../functions/adapters/metrics.js'

let restore = () => {}
afterEach(() => restore())

describe('EMF documents', () => {
  it('names the namespace, an empty dimension set, the metric and its unit; the value sits at the root', () => {
    expect(emfDocument('ChallengeFund/prod', 'EoiSubmitted', 1, 'Count', 1_765_000_000_000)).toEqual({
      _aws: {
        Timestamp: 1_765_000_000_000,
        CloudWatchMetrics: [
          { Namespace: 'ChallengeFund/prod', Dimensions: [[]], Metrics: [{ Name: 'EoiSubmitted', Unit: 'Count' }] },
        ],
      },
      EoiSubmitted: 1,
    })
  })

  it('writes one line of JSON per value, every directive member the spec requires, and nothing else at the root', () => {
    const lines: string[] = []
    restore = useMetricSink('ChallengeFund/test', (line) => lines.push(line))
    const before = Date.now()
    putMetric('OutboxOldestPendingSeconds', 42, 'Seconds')
    putMetric('EmailSent')
    expect(lines).toHaveLength(2)
    for (const line of lines) expect(line).not.toContain('\n')
    const [oldest, sent] = lines.map((line) => JSON.parse(line))
    expect(Object.keys(oldest).sort()).toEqual(['OutboxOldestPendingSeconds', '_aws'])
    expect(oldest._aws.Timestamp).toBeGreaterThanOrEqual(before)
    expect(Number.isInteger(oldest._aws.Timestamp)).toBe(true)
    expect(oldest._aws.CloudWatchMetrics[0].Metrics).toEqual([{ Name: 'OutboxOldestPendingSeconds', Unit: 'Seconds' }])
    expect(oldest.OutboxOldestPendingSeconds).toBe(42)
    // Each metric named in a directive is a member of the root (the spec's "target members").
    for (const doc of [oldest, sent])
      for (const directive of doc._aws.CloudWatchMetrics)
        for (const metric of directive.Metrics) expect(typeof doc[metric.Name]).toBe('number')
    expect(sent.EmailSent).toBe(1)
  })

  it('writes nothing without a namespace, and never a value that is not a number', () => {
    const lines: string[] = []
    restore = useMetricSink('ChallengeFund/test', (line) => lines.push(line))
    putMetric('EmailSent', Number.NaN)
    expect(lines).toEqual([])
    restore()
    const written: string[] = []
    const write = process.stdout.write
    process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stdout.write
    try {
      // The test process has no METRICS_NAMESPACE: like a local run, it writes nothing.
      expect(process.env.METRICS_NAMESPACE).toBeUndefined()
      putMetric('EmailSent')
    } finally {
      process.stdout.write = write
    }
    expect(written.filter((chunk) => chunk.includes('_aws'))).toEqual([])
  })

  it('writes to stdout under the namespace METRICS_NAMESPACE names, as a Lambda function does', async () => {
    vi.stubEnv('METRICS_NAMESPACE', 'ChallengeFund/prod')
    vi.resetModules()
    const written: string[] = []
    const write = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation(((chunk: string) => written.push(chunk) > 0) as typeof process.stdout.write)
    try {
      const fresh = await import('../../functions/adapters/metrics.js')
      fresh.putMetric('AwardMade', 3)
    } finally {
      write.mockRestore()
      vi.unstubAllEnvs()
    }
    expect(written).toHaveLength(1)
    expect(written[0]!.endsWith('\n')).toBe(true)
    const doc = JSON.parse(written[0]!)
    expect(doc._aws.CloudWatchMetrics[0].Namespace).toBe('ChallengeFund/prod')
    expect(doc.AwardMade).toBe(3)
  })
})
