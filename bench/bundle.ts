// Lambda bundles: size (minified ESM, AWS SDK inside) and the time a fresh Node process
// takes to import each one, against a floor bundle (bare Hono + the DynamoDB document
// client) built with the same esbuild options and timed in the same run.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { build, type BuildOptions, type Metafile } from 'esbuild'
import { isMain, runAlone } from './lib/main.js'
import { kb, ms, type BenchReport, type Row } from './lib/report.js'
import { abba, median, p90 } from './lib/stats.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const outDir = join(root, 'bench/out/lambda')
const run = promisify(execFile)

/** Imports per bundle (after warm-up), alternated with the floor's. */
const IMPORTS = 21
const WARM_UP = 2
/** Fewer for the informational source-map variant: it only has to show the gap. */
const IMPORTS_WITH_SOURCE_MAPS = 11

const GOAL_BYTES = 300 * 1024
const GOAL_IMPORT_RATIO = 1.15

type Bundle = { name: string; entry: string; file: string; bytes: number; gzipBytes: number; metafile: Metafile }

/** Every Lambda entry: the API, and one per file in functions/events (none yet is fine). */
function lambdaEntries(): { name: string; entry: string }[] {
  const events = join(root, 'functions/events')
  const eventEntries = existsSync(events)
    ? readdirSync(events)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
        .map((f) => ({ name: `events/${basename(f, '.ts')}`, entry: join(events, f) }))
    : []
  return [{ name: 'api', entry: join(root, 'functions/api/lambda.ts') }, ...eventEntries]
}

/**
 * The options CDK's NodejsFunction bundles with, from infra/constructs/bundling.ts, so the
 * bench measures what ships. If that module is missing, the equivalent options by hand.
 */
async function loadOptions(): Promise<{ options: (entry: string, outfile: string) => BuildOptions; source: string }> {
  try {
    const { lambdaEsbuildOptions } = await import('../infra/constructs/bundling.js')
    return {
      options: lambdaEsbuildOptions,
      source: 'lambdaEsbuildOptions from infra/constructs/bundling.ts (what NodejsFunction ships)',
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error
    const banner =
      "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);"
    return {
      options: (entry, outfile) => ({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: 'node',
        target: 'node22',
        format: 'esm',
        minify: true,
        sourcemap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: { js: banner },
      }),
      source: 'equivalent options written in bench/bundle.ts (infra/constructs/bundling.ts not found)',
    }
  }
}

async function bundle(
  name: string,
  entry: string,
  options: (entry: string, outfile: string) => BuildOptions,
): Promise<Bundle> {
  const file = join(outDir, name, 'index.mjs')
  const result = await build({ ...options(entry, file), metafile: true, logLevel: 'error', absWorkingDir: root })
  const bytes = readFileSync(file)
  return {
    name,
    entry,
    file,
    bytes: bytes.byteLength,
    gzipBytes: gzipSync(bytes, { level: 9 }).byteLength,
    metafile: result.metafile!,
  }
}

/** Environment of the child process: what lambda.ts validates at import, as in Lambda. */
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
  // The outbox mailer's (functions/events/outbox-mailer.ts).
  MAIL_FROM: 'no-reply@challenge-fund.example',
}

const importScript =
  "import { pathToFileURL } from 'node:url'; const t = performance.now(); await import(pathToFileURL(process.argv[1]).href); console.log(performance.now() - t)"

/** Milliseconds one fresh `node` takes to import the bundle (module evaluation included). */
async function timeImport(file: string, nodeFlags: string[]): Promise<number> {
  const { stdout } = await run(process.execPath, [...nodeFlags, '--input-type=module', '-e', importScript, file], {
    env: lambdaEnv,
  })
  const millis = Number(stdout.trim().split('\n').at(-1))
  if (!Number.isFinite(millis)) throw new Error(`could not read an import time from: ${stdout}`)
  return millis
}

/** Imports floor and bundle alternately (ABBA), warm-up first; returns both sample sets. */
async function timeImports(
  floor: string,
  ours: string,
  count: number,
  nodeFlags: string[] = [],
): Promise<[number[], number[]]> {
  const files = [floor, ours]
  for (let i = 0; i < WARM_UP; i++) for (const f of files) await timeImport(f, nodeFlags)
  const samples: [number[], number[]] = [[], []]
  for (let round = 0; round < count; round++) {
    for (const side of abba(round)) samples[side].push(await timeImport(files[side]!, nodeFlags))
  }
  return samples
}

/** The biggest contributors to a bundle: npm packages, or project folders two deep. */
function contributors(bundle: Bundle, top: number): string {
  const output = Object.entries(bundle.metafile.outputs).find(([path]) => resolve(root, path) === bundle.file)?.[1]
  if (!output) return 'n/a'
  const byOwner = new Map<string, number>()
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1]
    const owner = pkg ?? path.split('/').slice(0, 2).join('/')
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + bytesInOutput)
  }
  return [...byOwner]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([owner, bytes]) => `${owner} ${kb(bytes)}`)
    .join(', ')
}

export async function runBundleBench(): Promise<BenchReport> {
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  const { options, source } = await loadOptions()
  const floor = await bundle('floor', join(root, 'bench/floor/lambda.ts'), options)
  const bundles: Bundle[] = []
  for (const { name, entry } of lambdaEntries()) bundles.push(await bundle(name, entry, options))

  const rows: Row[] = []
  const notes: string[] = [
    `built with ${source}, into ${relative(root, outDir)}/`,
    `floor: bench/floor/lambda.ts — new Hono() with one route, a DynamoDBDocumentClient, handle() from hono/aws-lambda: ${kb(floor.bytes)} raw, ${kb(floor.gzipBytes)} gzipped`,
  ]
  for (const b of bundles) {
    const [floorTimes, ourTimes] = await timeImports(floor.file, b.file, IMPORTS)
    const [floorMapped, ourMapped] = await timeImports(floor.file, b.file, IMPORTS_WITH_SOURCE_MAPS, [
      '--enable-source-maps',
    ])
    rows.push(
      {
        metric: `${b.name} bundle, minified`,
        figure: kb(b.bytes),
        baseline: kb(floor.bytes),
        ratio: b.bytes / floor.bytes,
        goal: `≤ ${kb(GOAL_BYTES)}`,
        met: b.bytes <= GOAL_BYTES,
      },
      {
        metric: `${b.name} bundle, gzipped`,
        figure: kb(b.gzipBytes),
        baseline: kb(floor.gzipBytes),
        ratio: b.gzipBytes / floor.gzipBytes,
      },
      ...(['median', 'p90'] as const).map((stat): Row => {
        const f = stat === 'median' ? median : p90
        const ratio = f(ourTimes) / f(floorTimes)
        return {
          metric: `${b.name} import, ${stat}`,
          figure: ms(f(ourTimes)),
          baseline: ms(f(floorTimes)),
          ratio,
          ...(stat === 'median' ? { goal: `≤ ${GOAL_IMPORT_RATIO}× floor`, met: ratio <= GOAL_IMPORT_RATIO } : {}),
        }
      }),
      {
        metric: `${b.name} import, median, --enable-source-maps`,
        figure: ms(median(ourMapped)),
        baseline: ms(median(floorMapped)),
        ratio: median(ourMapped) / median(floorMapped),
      },
    )
    notes.push(`${b.name} largest parts: ${contributors(b, 6)}`)
  }
  notes.push(
    `import: fresh \`node --input-type=module -e "…await import(bundle)…"\` per sample, ${IMPORTS} per bundle after ${WARM_UP} warm-up, alternating with the floor (ABBA); Node ${process.versions.node} here, nodejs22.x in Lambda`,
    `--enable-source-maps rows: ${IMPORTS_WITH_SOURCE_MAPS} imports each with the NODE_OPTIONS the functions are deployed with (Node then reads the .map at load)`,
  )
  if (floor.bytes > GOAL_BYTES)
    notes.push(
      `the floor alone is ${kb(floor.bytes)} minified, above the ${kb(GOAL_BYTES)} goal: the goal is out of reach for any bundle with Hono and the DynamoDB client inside`,
    )
  return { title: 'Lambda bundles', rows, notes }
}

if (isMain(import.meta.url)) await runAlone(runBundleBench)
