// Builds the static web front end into web/dist: esbuild bundles src/main.tsx (split into
// chunks, so the manager's editor loads only when opened) and src/styles.css under
// dist/assets/ with content-hashed names, and index.html is written pointing at them.
// dist/meta.json is esbuild's metafile, for the bench to read sizes from.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Metafile } from 'esbuild'

const webDir = dirname(fileURLToPath(import.meta.url))
const distDir = join(webDir, 'dist')
const assetsDir = join(distDir, 'assets')

/** Nothing that runs on the server may reach a browser: the web imports server types only. */
const forbiddenInputs = [/^functions\//, /node_modules\/(zod|@hono\/zod-openapi|@aws-sdk|jose|@hono\/node-server)\//]

export async function buildWeb(): Promise<Metafile> {
  const started = performance.now()
  await rm(distDir, { recursive: true, force: true })
  await mkdir(assetsDir, { recursive: true })

  const result = await build({
    absWorkingDir: join(webDir, '..'),
    entryPoints: { app: 'web/src/main.tsx', styles: 'web/src/styles.css' },
    outdir: relative(join(webDir, '..'), assetsDir),
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  })
  const { metafile } = result

  const leaked = Object.keys(metafile.inputs).filter((input) => forbiddenInputs.some((pattern) => pattern.test(input)))
  if (leaked.length)
    throw new Error(`Server code reached the web bundle (use "import type"):\n  ${leaked.join('\n  ')}`)

  const outputFor = (entryPoint: string) => {
    const found = Object.entries(metafile.outputs).find(([, output]) => output.entryPoint === entryPoint)
    if (!found) throw new Error(`esbuild produced nothing for ${entryPoint}`)
    return (
      '/' +
      relative(distDir, join(webDir, '..', found[0]))
        .split('\\')
        .join('/')
    )
  }
  const html = (await readFile(join(webDir, 'index.html'), 'utf8'))
    .replace('/assets/app.js', outputFor('web/src/main.tsx'))
    .replace('/assets/styles.css', outputFor('web/src/styles.css'))
  await writeFile(join(distDir, 'index.html'), html)
  await writeFile(join(distDir, 'meta.json'), JSON.stringify(metafile))

  console.log(
    `Built the web into ${relative(process.cwd(), distDir) || '.'} in ${Math.round(performance.now() - started)} ms`,
  )
  return metafile
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildWeb().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
