// Business metrics as CloudWatch Embedded Metric Format: one JSON line per metric on stdout,
// which CloudWatch Logs turns into a metric in the namespace METRICS_NAMESPACE names, with no
// dimensions. No SDK and no call to CloudWatch: a few lines, so a cold start barely notices it
// (bench/bundle.ts measures it). Without a namespace (locally) nothing is written, unless a
// sink is set (tests capture what would have been). Emitted by routes and handlers after the
// change they count is committed, never by core.

/** Every metric the application writes; the dashboard and alarms (infra) read these names. */
export type MetricName =
  | 'EoiStarted'
  | 'EoiSubmitted'
  | 'AwardMade'
  | 'AwardDeclined'
  | 'PaymentRecorded'
  | 'EmailSent'
  | 'EmailFailed'
  | 'EmailBounced'
  | 'EmailComplained'
  | 'DecisionsReleased'
  | 'OutboxOldestPendingSeconds'

export type MetricUnit = 'Count' | 'Seconds'

/** An EMF document: the `_aws` metadata naming the metric, and its value at the root under the same name. */
export type EmfDocument = {
  _aws: {
    Timestamp: number
    CloudWatchMetrics: {
      Namespace: string
      Dimensions: string[][]
      Metrics: { Name: MetricName; Unit: MetricUnit }[]
    }[]
  }
} & { [name: string]: unknown }

/** The EMF document for one value of one metric, with no dimensions (`[[]]`: one empty dimension set). */
export function emfDocument(
  namespace: string,
  name: MetricName,
  value: number,
  unit: MetricUnit,
  at: number = Date.now(),
): EmfDocument {
  return {
    _aws: {
      Timestamp: at,
      CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [[]], Metrics: [{ Name: name, Unit: unit }] }],
    },
    [name]: value,
  }
}

/** Where documents go: stdout in Lambda (one line each, which CloudWatch Logs reads as one event). */
export type MetricSink = (line: string) => void

const stdout: MetricSink = (line) => void process.stdout.write(`${line}\n`)

let target: { namespace: string; sink: MetricSink } | undefined = process.env.METRICS_NAMESPACE
  ? { namespace: process.env.METRICS_NAMESPACE, sink: stdout }
  : undefined

/** Records `value` of metric `name` (1 by default: one more of what it counts). */
export function putMetric(name: MetricName, value = 1, unit: MetricUnit = 'Count'): void {
  if (!target || !Number.isFinite(value)) return
  target.sink(JSON.stringify(emfDocument(target.namespace, name, value, unit)))
}

/**
 * Sends metrics to `sink` under `namespace` instead (tests, to read what would reach
 * CloudWatch); returns the function that puts back what was there before.
 */
export function useMetricSink(namespace: string, sink: MetricSink): () => void {
  const before = target
  target = { namespace, sink }
  return () => {
    target = before
  }
}

/** A finished release, counted as the decisions it told (one email per applicant). */
export const countRelease = (release: { emailed: number }): void => putMetric('DecisionsReleased', release.emailed)
