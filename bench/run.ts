// `npm run bench`: every performance bench in turn, each printed as a table of figures
// against a baseline from the same run. Missing a goal is a figure (exit 0); a bench that
// cannot run at all is a failure (exit 1), reported after the others have had their turn.
import { runAssessingBench } from './assessing.js'
import { runAwardsBench } from './awards.js'
import { runBundleBench } from './bundle.js'
import { runCompetitionPageBench } from './competition-page.js'
import { runConfidenceBench } from './confidence.js'
import { runDeadlineSurgeBench } from './deadline-surge.js'
import { runExportsBench } from './exports.js'
import { runFeedbackReleaseBench } from './feedback-release.js'
import { runFunnelBench } from './funnel.js'
import { runGrantsBench } from './grants.js'
import { printReport, type BenchReport } from './lib/report.js'
import { runPlannerBench } from './planner.js'
import { runWebBench } from './web.js'

const benches: [name: string, run: () => Promise<BenchReport>][] = [
  ['bundle', runBundleBench],
  ['competition-page', runCompetitionPageBench],
  ['assessing', runAssessingBench],
  ['awards', runAwardsBench],
  ['feedback-release', runFeedbackReleaseBench],
  ['grants', runGrantsBench],
  ['exports', runExportsBench],
  ['funnel', runFunnelBench],
  ['deadline-surge', runDeadlineSurgeBench],
  ['web', runWebBench],
  ['planner', runPlannerBench],
  ['confidence', runConfidenceBench],
]

const started = performance.now()
const failed: string[] = []
const missed: string[] = []
for (const [name, run] of benches) {
  const benchStarted = performance.now()
  try {
    const report = await run()
    printReport(report)
    console.log(`  (${name}: ${((performance.now() - benchStarted) / 1000).toFixed(1)} s)`)
    missed.push(...report.rows.filter((row) => row.met === false).map((row) => `${name}: ${row.metric}`))
  } catch (error) {
    failed.push(name)
    console.error(`\n== ${name}: failed ==\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  }
}

console.log(
  `\nbench: ${benches.length - failed.length} of ${benches.length} ran in ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
    `goals missed: ${missed.length ? missed.join('; ') : 'none'}${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}`,
)
// DynamoDB Local is stopped by its bench; exiting also ends anything left (sockets, timers).
process.exit(failed.length ? 1 : 0)
