// The front end's first page: the JavaScript a browser must fetch before `/` can run (the
// entry script in web/dist/index.html and its static imports, not lazy chunks), gzipped,
// against a floor (Preact rendering one component) built and gzipped the same way.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'
import { isMain, runAlone } from './lib/main.js'
import { kb, type BenchReport } from './lib/report.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const distDir = join(root, 'web/dist')
const metaFile = join(distDir, 'meta.json')
const GOAL_GZIP_BYTES = 30 * 1024

const gzipSize = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).byteLength

/** Newest modification time of the files the web build reads (its sources, shared/, itself). */
function newestSource(): number {
  const walk = (path: string): number => {
    if (!existsSync(path)) return 0
    const stat = statSync(path)
    if (!stat.isDirectory()) return stat.mtimeMs
    return Math.max(0, ...readdirSync(path).map((name) => walk(join(path, name))))
  }
  return Math.max(...['web/src', 'web/index.html', 'web/build.ts', 'shared'].map((p) => walk(join(root, p))))
}

/** Builds web/dist with `npm run build:web` when it is missing or older than its sources. */
async function ensureBuilt(): Promise<string> {
  const state =
    !existsSync(metaFile) || !existsSync(join(distDir, 'index.html'))
      ? 'missing'
      : statSync(metaFile).mtimeMs < newestSource()
        ? 'stale'
        : undefined
  if (!state) return 'web/dist as built'
  try {
    await promisify(execFile)('npm', ['run', '--silent', 'build:web'], { cwd: root, maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`npm run build:web failed:\n${`${stdout}\n${stderr}`.trim().split('\n').slice(-15).join('\n')}`)
  }
  if (!existsSync(metaFile))
    throw new Error('npm run build:web wrote no web/dist/meta.json (the esbuild metafile the bench reads)')
  return `web/dist rebuilt by \`npm run build:web\` (it was ${state})`
}

/** Script and modulepreload URLs in index.html that the page loads from its own origin. */
function pageScripts(html: string): string[] {
  const urls: string[] = []
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const isScript = /^<script/i.test(tag)
    if (!isScript && !/\brel=["']?modulepreload\b/i.test(tag)) continue
    const url = /\b(?:src|href)=["']([^"']+)["']/i.exec(tag)?.[1]
    if (url && !/^[a-z]+:|^\/\//i.test(url)) urls.push(url)
  }
  return urls
}

type Outputs = Metafile['outputs']

/** The metafile's key for a file in web/dist (keys are relative to the build's working dir). */
function outputKey(outputs: Outputs, file: string): string {
  const relToDist = relative(distDir, file).split('\\').join('/')
  const key = Object.keys(outputs).find(
    (k) => resolve(root, k) === file || k === relToDist || k.endsWith(`/${relToDist}`),
  )
  if (!key) throw new Error(`web/dist/meta.json has no output for ${relToDist}`)
  return key
}

/** Everything reachable from `start` through imports of the given kinds. */
function reachable(outputs: Outputs, start: string[], follow: (kind: string) => boolean): Set<string> {
  const seen = new Set<string>()
  const queue = [...start]
  while (queue.length) {
    const key = queue.pop()!
    if (seen.has(key)) continue
    seen.add(key)
    for (const imported of outputs[key]?.imports ?? [])
      if (!imported.external && follow(imported.kind)) queue.push(imported.path)
  }
  return seen
}

async function floorGzipBytes(): Promise<{ raw: number; gzip: number }> {
  // The same esbuild options as web/build.ts, minus splitting (one entry, nothing to share).
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['bench/floor/web.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
  })
  const js = result.outputFiles[0]!.contents
  return { raw: js.byteLength, gzip: gzipSize(js) }
}

export async function runWebBench(): Promise<BenchReport> {
  const built = await ensureBuilt()
  const { outputs } = JSON.parse(readFileSync(metaFile, 'utf8')) as Metafile
  const scripts = pageScripts(readFileSync(join(distDir, 'index.html'), 'utf8'))
  if (!scripts.length) throw new Error('web/dist/index.html loads no script')
  const entries = scripts.map((url) =>
    outputKey(outputs, resolve(distDir, `.${new URL(url, 'http://page/').pathname}`)),
  )

  const first = reachable(outputs, entries, (kind) => kind === 'import-statement')
  const all = reachable(outputs, entries, (kind) => kind === 'import-statement' || kind === 'dynamic-import')
  const sizeOf = (keys: Iterable<string>) =>
    [...keys]
      .filter((k) => k.endsWith('.js'))
      .map((key) => {
        const bytes = readFileSync(resolve(root, key))
        return { key, raw: bytes.byteLength, gzip: gzipSize(bytes) }
      })
  const firstFiles = sizeOf(first).sort((a, b) => b.gzip - a.gzip)
  const lazyFiles = sizeOf([...all].filter((k) => !first.has(k)))
  const sum = (files: { raw: number; gzip: number }[], field: 'raw' | 'gzip') =>
    files.reduce((total, f) => total + f[field], 0)
  const gzip = sum(firstFiles, 'gzip')
  const raw = sum(firstFiles, 'raw')
  const floor = await floorGzipBytes()

  return {
    title: 'Web: first page JavaScript (/)',
    rows: [
      {
        metric: 'first page JS, gzipped',
        figure: kb(gzip),
        baseline: kb(floor.gzip),
        ratio: gzip / floor.gzip,
        goal: `≤ ${kb(GOAL_GZIP_BYTES)}`,
        met: gzip <= GOAL_GZIP_BYTES,
      },
      { metric: 'first page JS, minified', figure: kb(raw), baseline: kb(floor.raw), ratio: raw / floor.raw },
      {
        metric: 'lazy chunks, gzipped',
        figure: `${kb(sum(lazyFiles, 'gzip'))} (${lazyFiles.length} files)`,
        baseline: '—',
      },
    ],
    notes: [
      `${built}; first page = ${scripts.join(', ')} and its static imports (dynamic-import chunks are lazy), each file gzipped at level 9 and summed`,
      `files: ${firstFiles.map((f) => `${relative(distDir, resolve(root, f.key))} ${kb(f.gzip)}`).join(', ')}`,
      'floor: bench/floor/web.ts — Preact rendering one component with a hook, built with web/build.ts’s esbuild options',
    ],
  }
}

if (isMain(import.meta.url)) await runAlone(runWebBench)
