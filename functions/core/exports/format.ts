// How exports write values a spreadsheet reads: money in pounds with pence, times as London
// wall-clock time, dates as they are, choices by their labels. Money is never negative in a
// cell (a release or a repayment has a column of its own), so no amount reads as a formula.
import { utcIsoToLondonLocal } from '../../../shared/dates.js'
import { neutralise } from './csv.js'

/** 1670050 → "16700.50": pounds with pence, for a column headed "(£)". */
export const pounds = (pence: number | undefined): string | undefined =>
  pence === undefined ? undefined : (Math.abs(pence) / 100).toFixed(2)

/** A UTC instant as London wall-clock time, "2026-12-07 14:30", for a column headed "(UK time)". */
export const londonTime = (iso: string | undefined): string | undefined =>
  iso ? utcIsoToLondonLocal(iso).replace('T', ' ') : undefined

/** A label from a manager's own words (a question, a criterion) made safe as a column heading. */
export const heading = (label: string): string => neutralise(label.replace(/\s+/g, ' ').trim())

/** Headings made unique by numbering repeats: "Stage", "Stage (2)". */
export function uniqueHeadings(labels: string[]): string[] {
  const seen = new Map<string, number>()
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1
    seen.set(label, n)
    return n === 1 ? label : `${label} (${n})`
  })
}

/** A file name for the download: the competition's title and the export's name. */
export const exportFilename = (title: string, name: string) =>
  `${
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'competition'
  }-${name}.csv`

/** The rows of each page, as they come: a page is read only once the one before is written. */
export async function* flatten<T>(pages: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const page of pages) yield* page
}
