// A CSV download: the export's stream as the body, named for the browser's Save dialog.
import type { Context } from 'hono'

/** Sends `body` (UTF-8 CSV with a BOM) as `filename`, never cached: exports hold private data. */
export const csvResponse = (c: Context, filename: string, body: ReadableStream<Uint8Array>): Response =>
  c.body(body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '-')}"`,
    'cache-control': 'no-store',
  })
