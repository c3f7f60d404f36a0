// Lambda bundles: what a cold start loads (the handler's module and the chunks it imports) and
// how long a fresh Node process takes to import it, against a floor of the same kind built the
// same way and timed in the same run: bare Hono and the DynamoDB client for the API, the
// DynamoDB client alone for an event function, and SES beside it for the mailers. The
// business-metrics helper's own cost: the event floor with and without it.
import { execFile } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Metafile } from 'esbuild'
import { buildLambda, loadedWith } from '../infra/constructs/bundling.js'
import { isMain, runAlone } from './lib/main.js'
import { kb, ms, type BenchReport, type Row } from './lib/report.js'
import { abba, median, p90 } from './lib/stats.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const outDir = join(root, 'bench/out/lambda')
const run = promisify(execFile)

/** Imports per bundle (after warm-up), alternated with its floor's. */
const IMPORTS = 21
const WARM_UP = 2
/** Fewer with source maps on: the same comparison, as the functions are deployed. */
const IMPORTS_WITH_SOURCE_MAPS = 11

type Floor = 'api' | 'event' | 'mailer'
const floorEntries: Record<Floor, { entry: string; says: string }> = {
  api: { entry: 'bench/floor/lambda.ts', says: 'new Hono() with one route, a DynamoDBDocumentClient, handle()' },
  event: { entry: 'bench/floor/event.ts', says: 'a DynamoDBDocumentClient and a handler reading one item' },
  mailer: { entry: 'bench/floor/mailer.ts', says: 'the event floor plus an SESv2Client sending one email' },
}
/** The issue's goals: ratios to the floor of the function's kind, in one run. */
const goals: Record<Floor, { bytes: number; import: number }> = {
  api: { bytes: 1.4, import: 1.25 },
  event: { bytes: 1.15, import: 1.15 },
  mailer: { bytes: 1.15, import: 1.15 },
}
/** The functions that send email: their floor has SES in it. */
const MAILERS = new Set(['events/outbox-mailer', 'events/outbox-sweeper'])
/** The API request a cold start most often serves: the public competition page. */
const COMPETITION_PAGE = 'functions/api/routes/competitions.ts'

type Bundle = {
  name: string
  dir: string
  metafile: Metafile
  /** index.mjs and every chunk it imports statically: what importing the handler loads. */
  start: Set<string>
}

/** Every Lambda entry: the API, and one per file in functions/events. */
function lambdaEntries(): { name: string; entry: string; floor: Floor }[] {
  const events = readdirSync(join(root, 'functions/events'))
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => {
      const name = `events/${basename(f, '.ts')}`
      return { name, entry: join(root, 'functions/events', f), floor: MAILERS.has(name) ? 'mailer' : 'event' } as const
    })
  return [{ name: 'api', entry: join(root, 'functions/api/lambda.ts'), floor: 'api' }, ...events]
}

function bundle(name: string, entry: string): Bundle {
  const dir = join(outDir, name)
  const metafile = buildLambda(entry, dir, root)
  return { name, dir, metafile, start: loadedWith(metafile, ['index.mjs']) }
}

const bytesOf = (metafile: Metafile, paths: Iterable<string>) =>
  [...paths].reduce((sum, path) => sum + metafile.outputs[path]!.bytes, 0)

const code = (metafile: Metafile) => Object.keys(metafile.outputs).filter((path) => path.endsWith('.mjs'))

/** The output chunk a route module became (a dynamic import's own chunk). */
const chunkOf = (metafile: Metafile, source: string) =>
  code(metafile).find((path) => metafile.outputs[path]!.entryPoint === source)

/** Environment of the child process: what the handlers validate at import, as in Lambda. */
const lambdaEnv = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'eu-west-2',
  AWS_DEFAULT_REGION: 'eu-west-2',
  // Node 20 here makes the SDK print a one-off warning that Node 22 (Lambda's) does not.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TABLE_NAME: 'challenge-fund-bench',
  FILES_BUCKET: 'challenge-fund-bench-files',
  AUTH_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_bench',
  AUTH_AUDIENCE: 'bench-client-id',
  AUTH_JWKS_URL: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_bench/.well-known/jwks.json',
  COGNITO_DOMAIN: 'https://bench.auth.eu-west-2.amazoncognito.com',
  DI_SURVEY_TABLE_NAME: 'challenge-fund-bench-di-survey',
  USER_POOL_ID: 'eu-west-2_bench',
  PUBLIC_URL: 'https://fund.bench.example',
  ORIGIN_VERIFY_SECRET: 'bench-origin-verify-secret-of-32-characters-or-more',
  CURSOR_SECRET: 'bench-cursor-secret-of-32-characters-or-more',
  AUDIT_KEY: 'bench-audit-key-of-32-characters-or-more',
  AUDIT_CHECKPOINT_BUCKET: 'challenge-fund-bench-checkpoints',
  // The outbox mailer's and sweeper's (functions/events/outbox/mail-env.ts).
  MAIL_FROM: 'no-reply@challenge-fund.example',
}

/** Imports each file given, in order, and prints the milliseconds all of them took. */
const importScript =
  "import { pathToFileURL } from 'node:url'; const t = performance.now(); for (const f of process.argv.slice(1)) await import(pathToFileURL(f).href); console.log(performance.now() - t)"

/** Milliseconds one fresh `node` takes to import the files (module evaluation included). */
async function timeImport(files: string[], nodeFlags: string[]): Promise<number> {
  const { stdout } = await run(process.execPath, [...nodeFlags, '--input-type=module', '-e', importScript, ...files], {
    env: lambdaEnv,
  })
  const millis = Number(stdout.trim().split('\n').at(-1))
  if (!Number.isFinite(millis)) throw new Error(`could not read an import time from: ${stdout}`)
  return millis
}

/** Imports floor and ours alternately (ABBA), warm-up first; returns both sample sets. */
async function timeImports(floor: string[], ours: string[], count: number, nodeFlags: string[] = []) {
  const sides = [floor, ours]
  for (let i = 0; i < WARM_UP; i++) for (const files of sides) await timeImport(files, nodeFlags)
  const samples: [number[], number[]] = [[], []]
  for (let round = 0; round < count; round++)
    for (const side of abba(round)) samples[side].push(await timeImport(sides[side]!, nodeFlags))
  return samples
}

/** The biggest contributors to some outputs: npm packages, or project folders two deep. */
function contributors(metafile: Metafile, paths: Iterable<string>, top: number): string {
  const byOwner = new Map<string, number>()
  for (const path of paths)
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[path]!.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1]
      const owner = pkg ?? input.split('/').slice(0, 2).join('/')
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + bytesInOutput)
    }
  return [...byOwner]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([owner, bytes]) => `${owner} ${kb(bytes)}`)
    .join(', ')
}

const ratioRows = (
  label: string,
  [floorTimes, ourTimes]: [number[], number[]],
  goal: number | undefined,
  stats: ('median' | 'p90')[] = ['median', 'p90'],
): Row[] =>
  stats.map((stat) => {
    const f = stat === 'median' ? median : p90
    const ratio = f(ourTimes) / f(floorTimes)
    return {
      metric: `${label}, ${stat}`,
      figure: ms(f(ourTimes)),
      baseline: ms(f(floorTimes)),
      ratio,
      ...(stat === 'median' && goal ? { goal: `≤ ${goal}× floor`, met: ratio <= goal } : {}),
    }
  })

export async function runBundleBench(): Promise<BenchReport> {
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  const floors = Object.fromEntries(
    Object.entries(floorEntries).map(([kind, { entry }]) => [kind, bundle(`floor-${kind}`, entry)]),
  ) as Record<Floor, Bundle>

  const rows: Row[] = []
  const notes: string[] = [
    `built with buildLambda from infra/constructs/bundling.ts (what the CDK stacks ship), into ${relative(root, outDir)}/`,
    ...Object.entries(floorEntries).map(
      ([kind, { says }]) =>
        `${kind} floor: ${says}: ${kb(bytesOf(floors[kind as Floor].metafile, floors[kind as Floor].start))}`,
    ),
  ]
  for (const { name, entry, floor: kind } of lambdaEntries()) {
    const ours = bundle(name, entry)
    const floor = floors[kind]
    const goal = goals[kind]
    const startBytes = bytesOf(ours.metafile, ours.start)
    const floorBytes = bytesOf(floor.metafile, floor.start)
    const index = (b: Bundle) => [join(b.dir, 'index.mjs')]
    rows.push(
      {
        metric: `${name} loaded at start, minified`,
        figure: kb(startBytes),
        baseline: kb(floorBytes),
        ratio: startBytes / floorBytes,
        goal: `≤ ${goal.bytes}× floor`,
        met: startBytes / floorBytes <= goal.bytes,
      },
      ...ratioRows(`${name} import`, await timeImports(index(floor), index(ours), IMPORTS), goal.import),
      ...ratioRows(
        `${name} import, --enable-source-maps`,
        await timeImports(index(floor), index(ours), IMPORTS_WITH_SOURCE_MAPS, ['--enable-source-maps']),
        goal.import,
        ['median'],
      ),
    )
    const total = bytesOf(ours.metafile, code(ours.metafile))
    if (total > startBytes)
      notes.push(
        `${name}: ${kb(total)} in all, of which ${kb(startBytes)} loads at start; the rest in ${code(ours.metafile).length - ours.start.size} chunks loaded on first use`,
      )
    notes.push(`${name} largest parts loaded at start: ${contributors(ours.metafile, ours.start, 6)}`)

    if (name !== 'api') continue
    // The cold path of a request: the start, then its route module and what that imports.
    const routes = readdirSync(join(root, 'functions/api/routes'))
      .map((f) => `functions/api/routes/${f}`)
      .flatMap((source) => {
        const chunk = chunkOf(ours.metafile, source)
        if (!chunk) return []
        const path = loadedWith(ours.metafile, [...ours.start, chunk])
        return [{ source, chunk, path, bytes: bytesOf(ours.metafile, path) }]
      })
      .sort((a, b) => b.bytes - a.bytes)
    const page = routes.find((r) => r.source === COMPETITION_PAGE)!
    const largest = routes[0]!
    for (const route of [page, largest]) {
      const label = `api cold path of ${basename(route.source, '.ts')} routes`
      rows.push(
        {
          metric: `${label}, minified`,
          figure: kb(route.bytes),
          baseline: kb(floorBytes),
          ratio: route.bytes / floorBytes,
        },
        ...ratioRows(
          `${label}, import`,
          await timeImports(index(floor), [...index(ours), join(ours.dir, route.chunk)], IMPORTS),
          undefined,
          ['median'],
        ),
      )
    }
    notes.push(
      `api cold path of a request: what starts, then its route module's chunk and its imports; ${routes.length} route modules, from ${kb(routes.at(-1)!.bytes)} (${basename(routes.at(-1)!.source, '.ts')}) to ${kb(largest.bytes)} (${basename(largest.source, '.ts')})`,
      `api largest parts of the ${basename(largest.source, '.ts')} routes' own chunks: ${contributors(
        ours.metafile,
        [...largest.path].filter((p) => !ours.start.has(p)),
        6,
      )}`,
    )
  }
  notes.push(
    `import: fresh \`node --input-type=module -e "…await import(index.mjs)…"\` per sample, ${IMPORTS} per bundle after ${WARM_UP} warm-up, alternating with the floor (ABBA); Node ${process.versions.node} here, nodejs22.x in Lambda`,
    `--enable-source-maps rows: ${IMPORTS_WITH_SOURCE_MAPS} imports each with the NODE_OPTIONS the functions are deployed with (Node then reads each loaded chunk's .map)`,
  )
  // The metrics helper every function that counts something loads: the event floor with it, against without.
  const withMetrics = bundle('floor-event-with-metrics', join(root, 'bench/floor/event-with-metrics.ts'))
  const metricsBytes = bytesOf(withMetrics.metafile, withMetrics.start)
  const eventFloorBytes = bytesOf(floors.event.metafile, floors.event.start)
  const [floorTimes, metricsTimes] = await timeImports(
    [join(floors.event.dir, 'index.mjs')],
    [join(withMetrics.dir, 'index.mjs')],
    IMPORTS,
  )
  rows.push(
    {
      metric: 'metrics helper (EMF) added to the event floor, minified',
      figure: kb(metricsBytes),
      baseline: kb(eventFloorBytes),
      ratio: metricsBytes / eventFloorBytes,
    },
    ...ratioRows('metrics helper (EMF) added to the event floor, import', [floorTimes, metricsTimes], undefined, [
      'median',
    ]),
  )
  notes.push(
    `metrics helper: functions/adapters/metrics.ts adds ${metricsBytes - eventFloorBytes} bytes to the event floor and an import median ${ms(median(metricsTimes) - median(floorTimes))} different (noise-level; no SDK, no dependency)`,
  )
  return { title: 'Lambda bundles', rows, notes }
}

if (isMain(import.meta.url)) await runAlone(runBundleBench)
