// The CSV exports a programme manager downloads for a competition, by name. `competitionExports`
// is the one place an export is added: another slice's export (`registrations`) is one more line.
import type { ExportList } from '../../../shared/schemas/exports.js'
import { getCompetition } from '../../db/competitions-repo.js'
import { type Caller, type Ctx, isManager } from '../context.js'
import { NotFound } from '../errors.js'
import { eoisExport } from './application-exports.js'
import { rankingExport, scoreSheetsExport } from './assessing-exports.js'
import { type Column, type CsvExport, csvStream } from './csv.js'
import { registrationsExport } from '../events/export.js'
import { feedbackCallsExport } from './feedback-call-export.js'
import { exportFilename } from './format.js'
import { awardsExport, grantsExport, ledgerExport, paymentsExport } from './money-exports.js'

/**
 * An export whose columns depend on the competition (its form's questions, its rubric's
 * criteria): `shape` reads what decides them, and hands back the rows still to be read.
 */
export type ShapedExport<T> = {
  title: string
  /** One or two sentences for the exports page: what a row is and what it holds. */
  holds: string
  shape: (
    ctx: Ctx,
    competitionId: string,
  ) => Promise<{ columns: readonly Column<T>[]; rows: AsyncIterable<T> | Iterable<T> }>
}

/** An export in the registry: what it is, and its CSV for a competition as a stream. */
export type RegisteredExport = {
  title: string
  holds: string
  stream: (ctx: Ctx, competitionId: string) => Promise<ReadableStream<Uint8Array>>
}

/** Registers a `CsvExport` (fixed columns; the exports page lists them) or a `ShapedExport`. */
export function registered<T>(from: (CsvExport<T> & { holds?: string }) | ShapedExport<T>): RegisteredExport {
  if ('shape' in from)
    return {
      title: from.title,
      holds: from.holds,
      stream: async (ctx, competitionId) => {
        const { columns, rows } = await from.shape(ctx, competitionId)
        return csvStream(columns, rows)
      },
    }
  return {
    title: from.title,
    holds: from.holds ?? `Columns: ${from.columns.map((c) => c.header).join(', ')}.`,
    stream: async (ctx, competitionId) => csvStream(from.columns, from.rows(ctx, competitionId)),
  }
}

/** Every export by its name in `/exports/{name}.csv`, in the order the exports page lists them. */
export const competitionExports: Record<string, RegisteredExport> = {
  eois: registered(eoisExport),
  'score-sheets': registered(scoreSheetsExport),
  ranking: registered(rankingExport),
  awards: registered(awardsExport),
  ledger: registered(ledgerExport),
  grants: registered(grantsExport),
  payments: registered(paymentsExport),
  'feedback-calls': registered(feedbackCallsExport),
  registrations: registered(registrationsExport),
}

/** Programme managers only: anyone else gets the same 404 as for a competition that does not exist. */
function assertManager(caller: Caller) {
  if (!isManager(caller)) throw new NotFound('competition')
}

/** The exports of a competition, for the exports page. */
export async function listExports(ctx: Ctx, caller: Caller, competitionId: string): Promise<ExportList> {
  assertManager(caller)
  if (!(await getCompetition(ctx.db, competitionId))) throw new NotFound('competition')
  return {
    exports: Object.entries(competitionExports).map(([name, e]) => ({
      name,
      title: e.title,
      holds: e.holds,
      href: `/api/competitions/${encodeURIComponent(competitionId)}/exports/${name}.csv`,
    })),
  }
}

/**
 * One export of a competition (`file` is `<name>.csv`) as a stream of CSV, rows read a page at a
 * time as the stream is read, and the name to save it as. 404 for an unknown export.
 */
export async function openExport(
  ctx: Ctx,
  caller: Caller,
  competitionId: string,
  file: string,
): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  assertManager(caller)
  const name = file.endsWith('.csv') ? file.slice(0, -'.csv'.length) : ''
  const chosen = Object.hasOwn(competitionExports, name) ? competitionExports[name] : undefined
  if (!chosen)
    throw new NotFound(
      'export',
      `There is no export called “${file.slice(0, 64)}”. The exports are ${Object.keys(competitionExports)
        .map((n) => `${n}.csv`)
        .join(', ')}.`,
    )
  const competition = await getCompetition(ctx.db, competitionId)
  if (!competition) throw new NotFound('competition')
  return { filename: exportFilename(competition.title, name), stream: await chosen.stream(ctx, competitionId) }
}
