// Open data: a competition's grants in the 360Giving Data Standard, as JSON and as the
// standard's flat CSV, for anyone once the results are published.
import { Hono } from 'hono'
import { ThreeSixtyGivingPackage } from '../../../shared/schemas/open-data.js'
import { csvStream } from '../../core/exports/csv.js'
import { openDataConfig } from '../../core/open-data/config.js'
import { flatColumns } from '../../core/open-data/flat-csv.js'
import { openDataPackage } from '../../core/open-data/three-sixty-giving.js'
import { csvResponse } from '../csv-response.js'
import type { Env } from '../env.js'
import { access, csvFile, doc, ok, problems, valid } from '../openapi.js'
import { CompetitionParams } from './params.js'

/** Without a config in the deps (the Lambda passes none), the deployment's OPEN_DATA_* variables, read when this module loads. */
const fromEnvironment = openDataConfig(process.env)

const when = `Once the competition’s results are published (\`POST /competitions/{id}/results\`: decisions released, every offer answered); before that, and for a draft or a missing competition, the same 404. Only grants whose offer was accepted (a declined, withdrawn or lapsed offer is never listed); nothing private (no contacts, notes, reasons, scores or ids of people). Ids are \`360G-<prefix>-<applicationId>\`; recipients \`GB-COH-<number>\` where a Companies House number is known, else a \`360G-\` id; an individual (no organisation) is \`recipientIndividual\` named "Individual recipient". Amounts are in pounds. \`commitmentTransaction\` and \`disbursementTransaction\` come from the awards ledger (award, reductions, termination; payments, repayments). The prefix, funder and region are the deployment’s settings (README: Open data).`

export const openData = new Hono<Env>()
  .get(
    '/competitions/:competitionId/open-data/360giving.json',
    doc({
      summary: 'The competition’s grants as 360Giving open data (JSON)',
      description: `${access.anyone} ${when} A 360Giving Data Standard 1.4 package; valid against the standard’s package schema.`,
      responses: { 200: ok(ThreeSixtyGivingPackage, 'The 360Giving package'), ...problems(404) },
    }),
    valid('param', CompetitionParams),
    async (c) => {
      const config = c.var.deps.openData ?? fromEnvironment
      return c.json(await openDataPackage(c.var.deps, config, c.req.valid('param').competitionId), 200)
    },
  )
  .get(
    '/competitions/:competitionId/open-data/360giving.csv',
    doc({
      summary: 'The competition’s grants as 360Giving open data (flat CSV)',
      description: `${access.anyone} ${when} The standard’s flat format: one row per grant, columns titled as its template titles them ("Recipient Org:Identifier", "Classifications:0:Title", "commitmentTransaction:0:Value"), UTF-8 with a byte-order mark; text cells that a spreadsheet would run as a formula start with an apostrophe.`,
      responses: {
        200: csvFile('The grants in the 360Giving flat format, one a row, with the standard’s column titles'),
        ...problems(404),
      },
    }),
    valid('param', CompetitionParams),
    async (c) => {
      const config = c.var.deps.openData ?? fromEnvironment
      const competitionId = c.req.valid('param').competitionId
      const { grants } = await openDataPackage(c.var.deps, config, competitionId)
      return csvResponse(c, `360giving-${competitionId}.csv`, csvStream(flatColumns(grants), grants))
    },
  )
