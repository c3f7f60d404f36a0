// What every bench returns and how it is printed: one compact table of figures against a
// baseline measured in the same run, each with its goal. Figures, not assertions.

export type Row = {
  /** What was measured, e.g. "api import, median". */
  metric: string
  figure: string
  /** The same measurement of the baseline, or "—" when the goal is absolute. */
  baseline: string
  /** figure ÷ baseline, when both are numbers. */
  ratio?: number
  /** Human-readable goal, e.g. "≤ 1.15× floor"; omitted for figures shown for context. */
  goal?: string
  /** Whether the goal is met; omitted when there is no goal. */
  met?: boolean
}

export type BenchReport = {
  title: string
  rows: Row[]
  /** Short lines under the table: what the baseline is, breakdowns, caveats. */
  notes: string[]
}

export function printReport({ title, rows, notes }: BenchReport): void {
  const header = ['metric', 'figure', 'baseline', 'ratio', 'goal', '']
  const cells = rows.map((row) => [
    row.metric,
    row.figure,
    row.baseline,
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
    row.goal ?? '',
    row.met === undefined ? '' : row.met ? '✓' : '✗',
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (values: string[], numeric: boolean) =>
    values
      .map((v, i) => (numeric && i >= 1 && i <= 3 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  console.log(`\n== ${title} ==`)
  console.log(line(header, false))
  console.log(
    widths
      .map((w) => '─'.repeat(w))
      .join('  ')
      .trimEnd(),
  )
  for (const c of cells) console.log(line(c, true))
  for (const note of notes) console.log(`  · ${note}`)
}

/** 1 KB = 1024 bytes, as esbuild prints sizes. */
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
export const ms = (millis: number) => `${millis.toFixed(millis < 10 ? 2 : 1)} ms`
