// The one definition of how Lambda code is bundled. NodejsFunction (via `lambdaBundling`)
// and `npm run bench` (via `lambdaEsbuildOptions`) both derive from `bundle` below, so the
// bundle the bench measures is the bundle that ships.
import type { BuildOptions } from 'esbuild'
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs'

/**
 * ESM bundles still contain CommonJS dependencies that call `require()`, which does not
 * exist in an ES module; esbuild's shim throws "Dynamic require of ... is not supported".
 * Defining `require` from `createRequire` fixes it. The import is aliased so it cannot
 * clash with a `createRequire` import that esbuild hoists out of a bundled dependency.
 */
export const createRequireBanner =
  "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);"

const bundle = {
  /** Matches the Lambda runtime (nodejs22.x), so esbuild down-levels nothing it supports. */
  target: 'node22',
  /** ESM: top-level await works and the handler module loads without a CJS wrapper. */
  format: 'esm',
  minify: true,
  /** Linked .map file; NODE_OPTIONS=--enable-source-maps makes stack traces point at .ts lines. */
  sourceMap: true,
  /** The map needs line mappings only; embedding the sources would double the asset size. */
  sourcesContent: false,
  /** Prefer packages' ESM builds: they tree-shake, CJS builds do not. */
  mainFields: ['module', 'main'],
  /**
   * Nothing is external: the AWS SDK is bundled rather than taken from the runtime, because
   * a tree-shaken, minified SDK initialises faster than the runtime's full copy and its
   * version is the one the lockfile pins (and the tests ran against).
   */
  external: [] as string[],
} as const

/** Bundling props for every NodejsFunction (see constructs/node-function.ts). */
export const lambdaBundling: BundlingOptions = {
  target: bundle.target,
  format: OutputFormat.ESM,
  minify: bundle.minify,
  sourceMap: bundle.sourceMap,
  sourcesContent: bundle.sourcesContent,
  mainFields: [...bundle.mainFields],
  banner: createRequireBanner,
  externalModules: bundle.external,
}

/**
 * The same bundle as plain esbuild options, for building outside CDK (`npm run bench`).
 * Pass `outfile` to write the bundle, or omit it and set `write: false` / `outdir` yourself.
 * NodejsFunction names its output index.mjs; use a .mjs outfile to load it the same way.
 */
export function lambdaEsbuildOptions(entry: string, outfile?: string): BuildOptions {
  return {
    entryPoints: [entry],
    ...(outfile ? { outfile } : {}),
    bundle: true,
    platform: 'node',
    target: bundle.target,
    format: bundle.format,
    minify: bundle.minify,
    sourcemap: bundle.sourceMap,
    sourcesContent: bundle.sourcesContent,
    mainFields: [...bundle.mainFields],
    banner: { js: createRequireBanner },
    external: bundle.external,
  }
}
