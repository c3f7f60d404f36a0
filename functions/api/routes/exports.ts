// CSV exports of a competition for programme managers: the list, and each file streamed.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { meta } from '../../../shared/schemas/meta.js'
import { ExportList } from '../../../shared/schemas/exports.js'
import { competitionExports, listExports, openExport } from '../../core/exports/registry.js'
import { csvResponse } from '../csv-response.js'
import type { Env } from '../env.js'
import { csvFile, doc, ok, problems, valid } from '../openapi.js'
import { CompetitionParams } from './params.js'

const whoMayCall =
  'Who may call: programme managers. Anyone else, signed in or not, gets the same 404 as for a competition that does not exist.'

const names = Object.keys(competitionExports)
  .map((name) => `\`${name}.csv\``)
  .join(', ')

/** `{name}.csv`; checked only for length here: an unknown name is a 404 naming the exports there are. */
const ExportParams = z.extend(CompetitionParams, {
  file: meta(z.string().check(z.minLength(1), z.maxLength(64)), { description: `The export's file name: ${names}.` }),
})

export const exportsRoutes = new Hono<Env>()
  .get(
    '/competitions/:competitionId/exports',
    doc({
      summary: 'The CSV exports of a competition',
      description: `${whoMayCall} Each export's name, title, what a row holds, and its address.`,
      signedIn: true,
      responses: { 200: ok(ExportList, 'The exports'), ...problems(401, 404) },
    }),
    valid('param', CompetitionParams),
    async (c) => c.json(await listExports(c.var.deps, c.var.user, c.req.valid('param').competitionId), 200),
  )
  .get(
    '/competitions/:competitionId/exports/:file',
    doc({
      summary: 'Download one CSV export of a competition',
      description: `${whoMayCall} ${names}. UTF-8 with a byte-order mark (so Excel reads £), CRLF line ends, a heading row; money in pounds with pence (amounts released or repaid have columns of their own, never a minus sign), times as UK time (Europe/London) "YYYY-MM-DD HH:mm", dates as "YYYY-MM-DD". Any text cell starting with =, +, -, @, a tab or a carriage return starts with an apostrophe, so a spreadsheet never runs it as a formula. Streamed: rows are read a page at a time (a fixed number of DynamoDB calls a page) as the file is written. An unknown name is a 404 listing the exports.`,
      signedIn: true,
      responses: { 200: csvFile('The CSV, as an attachment'), ...problems(401, 404) },
    }),
    valid('param', ExportParams),
    async (c) => {
      const { competitionId, file } = c.req.valid('param')
      const { filename, stream } = await openExport(c.var.deps, c.var.user, competitionId, file)
      return csvResponse(c, filename, stream)
    },
  )
