// Lets each bench file run alone (`tsx bench/bundle.ts`) as well as from bench/run.ts.
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { printReport, type BenchReport } from './report.js'

/** True when the module at `moduleUrl` is the script node was started with. */
export const isMain = (moduleUrl: string) => !!process.argv[1] && resolve(process.argv[1]) === fileURLToPath(moduleUrl)

/** Runs one bench, prints its table; exits 1 only if the bench itself failed. */
export async function runAlone(run: () => Promise<BenchReport>): Promise<void> {
  try {
    printReport(await run())
    process.exit(0)
  } catch (error) {
    console.error('\nbench failed:', error instanceof Error ? (error.stack ?? error.message) : error)
    process.exit(1)
  }
}
