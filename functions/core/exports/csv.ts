// CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads £ as £), quoting by
// csv-stringify, and every text cell that a spreadsheet would run as a formula neutralised.
// Rows arrive as an async iterable (a page of the table at a time) and leave as a stream,
// so an export never holds the whole competition in memory.
import { stringify } from 'csv-stringify'
import type { Ctx } from '../context.js'

/** One column of an export: its heading and how to read a row's cell. */
export type Column<T> = {
  header: string
  value: (row: T) => string | number | boolean | null | undefined
}

/** The characters a spreadsheet reads as the start of a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/

/** A text cell a spreadsheet would evaluate gets a leading apostrophe; numbers are left as numbers. */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell
}

function cellOf(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  return neutralise(value)
}

/** The CSV of `rows` under `columns`, as a stream of UTF-8 bytes beginning with a BOM. */
export function csvStream<T>(
  columns: readonly Column<T>[],
  rows: AsyncIterable<T> | Iterable<T>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const stringifier = stringify({
    bom: true,
    header: true,
    columns: columns.map((column) => column.header),
    record_delimiter: 'windows',
  })
  const feed = async () => {
    try {
      for await (const row of rows) {
        const record = columns.map((column) => cellOf(column.value(row)))
        if (!stringifier.write(record)) await new Promise((resolve) => stringifier.once('drain', resolve))
      }
      stringifier.end()
    } catch (error) {
      stringifier.destroy(error as Error)
    }
  }
  return new ReadableStream<Uint8Array>({
    start(controller) {
      stringifier.on('data', (chunk: string | Buffer) =>
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : new Uint8Array(chunk)),
      )
      stringifier.on('end', () => controller.close())
      stringifier.on('error', (error) => controller.error(error))
      void feed()
    },
  })
}

/** The whole CSV as one string (for tests and small files). */
export async function csvText<T>(columns: readonly Column<T>[], rows: AsyncIterable<T> | Iterable<T>): Promise<string> {
  return new Response(csvStream(columns, rows)).text()
}

/**
 * One export a manager can download from `GET /api/competitions/{id}/exports/{name}.csv`:
 * its columns and the rows of a competition, read a page at a time.
 */
export type CsvExport<T> = {
  /** What the file holds, as the exports page lists it ("Expressions of interest, with answers"). */
  title: string
  columns: readonly Column<T>[]
  rows: (ctx: Ctx, competitionId: string) => AsyncIterable<T>
}
