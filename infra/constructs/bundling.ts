// The one definition of how Lambda code is bundled. Every function's asset (`lambdaCode`, used
// by constructs/node-function.ts) and `npm run bench` are built by esbuild with
// `lambdaEsbuildOptions`, so the bundle the bench measures is the bundle that ships.
//
// Not NodejsFunction: it builds with `--outfile`, and code splitting (the API loads each route
// module on its first request, each its own chunk) needs an output folder. The asset is built
// in-process instead, as NodejsFunction does when esbuild is installed, never in Docker.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { AssetHashType, DockerImage } from 'aws-cdk-lib'
import { Code } from 'aws-cdk-lib/aws-lambda'
import { buildSync, type BuildOptions, type Metafile } from 'esbuild'

/**
 * ESM bundles still contain CommonJS dependencies that call `require()`, which does not
 * exist in an ES module; esbuild's shim throws "Dynamic require of ... is not supported".
 * Defining `require` from `createRequire` fixes it. The import is aliased so it cannot
 * clash with a `createRequire` import that esbuild hoists out of a bundled dependency.
 */
export const createRequireBanner =
  "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);"

/**
 * The bundle as esbuild options: `index.mjs` (the handler) in `outdir`, and beside it the chunks
 * it imports at start or loads on first use, each with its linked source map.
 */
export function lambdaEsbuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: { index: entry },
    outdir,
    /** Dynamic imports become chunks loaded when first reached; shared code is in common chunks. */
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    /** Matches the Lambda runtime (nodejs22.x), so esbuild down-levels nothing it supports. */
    target: 'node22',
    /** ESM: top-level await works and the handler module loads without a CJS wrapper. */
    format: 'esm',
    minify: true,
    /** Linked .map files; NODE_OPTIONS=--enable-source-maps makes stack traces point at .ts lines. */
    sourcemap: true,
    /** The maps need line mappings only; embedding the sources would double the asset size. */
    sourcesContent: false,
    /** Prefer packages' ESM builds: they tree-shake, CJS builds do not. */
    mainFields: ['module', 'main'],
    banner: { js: createRequireBanner },
    /**
     * Nothing is external: the AWS SDK is bundled rather than taken from the runtime, because
     * a tree-shaken, minified SDK initialises faster than the runtime's full copy and its
     * version is the one the lockfile pins (and the tests ran against).
     */
    external: [],
  }
}

/** The outputs `from` loads before it runs: itself and its static imports, transitively (e.g. what `index.mjs` loads at start). */
export function loadedWith(metafile: Metafile, from: string[]): Set<string> {
  const seen = new Set<string>()
  const visit = (path: string) => {
    if (seen.has(path)) return
    seen.add(path)
    for (const i of metafile.outputs[path]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path)
  }
  for (const path of from) visit(path)
  return seen
}

/**
 * Builds the bundle into `outdir` and returns its metafile (outputs named relative to `outdir`).
 * esbuild names chunks by a hash that covers their source maps, whose paths are relative to where
 * they are written; building in a folder at a fixed place in the repository and copying from
 * there makes the same code the same bytes wherever it goes (a CDK asset, the bench's folder).
 */
export function buildLambda(entry: string, outdir: string, repoRoot: string): Metafile {
  const cache = join(repoRoot, 'node_modules/.cache')
  mkdirSync(cache, { recursive: true })
  const staging = mkdtempSync(join(cache, 'lambda-build-'))
  try {
    const { metafile } = buildSync({
      ...lambdaEsbuildOptions(entry, staging),
      absWorkingDir: repoRoot,
      metafile: true,
      logLevel: 'error',
    })
    cpSync(staging, outdir, { recursive: true })
    const inOutdir = (path: string) => relative(staging, resolve(repoRoot, path))
    const outputs = Object.entries(metafile.outputs).map(([path, output]) => [
      inOutdir(path),
      { ...output, imports: output.imports.map((i) => (i.external ? i : { ...i, path: inOutdir(i.path) })) },
    ])
    return { ...metafile, outputs: Object.fromEntries(outputs) }
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

/**
 * A function's code: the entry bundled by `buildLambda` when the stack is synthesised (skipped,
 * as for any asset, where `aws:cdk:bundling-stacks` excludes the stack).
 */
export function lambdaCode(entry: string, repoRoot: string): Code {
  return Code.fromAsset(dirname(entry), {
    // The bundle is the asset: hashing it means a change anywhere it reaches redeploys the function.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type; never used: local bundling always builds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
      local: {
        tryBundle(outputDir) {
          buildLambda(entry, outputDir, repoRoot)
          return true
        },
      },
    },
  })
}
