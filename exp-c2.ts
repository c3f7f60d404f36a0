import { buildLambda } from './infra/constructs/bundling.js'
import type { Metafile } from 'esbuild'
import { readdirSync } from 'node:fs'
function closure(m: Metafile, from: string[]) { const seen = new Set<string>(); const v = (p: string) => { if (seen.has(p)) return; seen.add(p); for (const i of m.outputs[p]!.imports) if (i.kind === 'import-statement' && !i.external) v(i.path) }; from.forEach(v); return seen }
const bytes = (m: Metafile, s: Set<string>) => Math.round([...s].reduce((a, p) => a + m.outputs[p]!.bytes, 0) / 1024)
for (const f of ['functions/api/lambda.ts', ...readdirSync('functions/events').filter((f) => f.endsWith('.ts')).map((f) => `functions/events/${f}`)]) {
  const m = buildLambda(f, `/tmp/exp-c2/${f}`, process.cwd())
  const start = closure(m, ['index.mjs'])
  let extra = ''
  if (f.includes('api')) { const c = Object.keys(m.outputs).find((p) => m.outputs[p]!.entryPoint === 'functions/api/routes/competitions.ts')!; const f2 = Object.keys(m.outputs).find((p) => m.outputs[p]!.entryPoint === 'functions/api/routes/feedback.ts')!; extra = ` competitions ${bytes(m, closure(m, [...start, c]))} feedback ${bytes(m, closure(m, [...start, f2]))}` }
  console.log(f.padEnd(42), bytes(m, start), 'KB' + extra)
}
