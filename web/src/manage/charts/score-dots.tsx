// The ranking's dot plot, a chunk of its own loaded with the ranking: each application's
// panellists' weighted scores as dots beside their mean (a bar), on the rubric's scale. The
// drawing is for the eye (hidden from screen readers); a one-sentence summary says what it
// shows and the table after it has the same figures.
import type { Ranking } from '../../../../shared/schemas/assessing.js'
import { ScrollTable } from '../../components/scroll-table.js'

const W = 400
const H = 28
const PAD = 12
const two = (n: number) => n.toFixed(2)

/** What the plot shows, in one sentence. */
export function dotsSummary(rows: Ranking['rows'], scale: { min: number; max: number }): string {
  const scored = rows.filter((r) => r.sheetScores.length > 0)
  if (scored.length === 0) return 'No submitted scores yet.'
  const all = scored.flatMap((r) => r.sheetScores)
  const widest = scored.reduce((a, b) => (spread(b) > spread(a) ? b : a))
  return (
    `${scored.length === 1 ? 'One application has' : `${scored.length} applications have`} scores from ` +
    `${two(Math.min(...all))} to ${two(Math.max(...all))} on the ${scale.min} to ${scale.max} scale; ` +
    `${widest.organisationName}’s panellists are furthest apart (${two(spread(widest))} points between lowest and highest).`
  )
}

const spread = (row: Ranking['rows'][number]) => Math.max(...row.sheetScores) - Math.min(...row.sheetScores)

export function ScoreDots({ ranking }: { ranking: Ranking }) {
  const { scale } = ranking.rubric
  const x = (score: number) => PAD + ((score - scale.min) / Math.max(scale.max - scale.min, 1)) * (W - 2 * PAD)
  const ticks = Array.from({ length: Math.floor(scale.max - scale.min) + 1 }, (_, i) => scale.min + i)
  return (
    <>
      <figure class="dot-plot" aria-labelledby="score-dots-summary">
        <p id="score-dots-summary" class="dot-plot-summary">
          {dotsSummary(ranking.rows, scale)}
        </p>
        <div aria-hidden="true">
          <svg class="dot-plot-axis" viewBox={`0 0 ${W} 20`} aria-hidden="true" focusable="false">
            {ticks.map((t) => (
              <text key={t} x={x(t)} y="14" text-anchor="middle">
                {t}
              </text>
            ))}
          </svg>
          {ranking.rows.map((row) => (
            <div class="dot-plot-row" key={row.applicationId}>
              <div class="dot-plot-label">{row.organisationName}</div>
              <svg viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
                <line x1={x(scale.min)} x2={x(scale.max)} y1={H / 2} y2={H / 2} stroke="#b1b4b6" />
                {ticks.map((t) => (
                  <line key={t} x1={x(t)} x2={x(t)} y1={H / 2 - 4} y2={H / 2 + 4} stroke="#b1b4b6" />
                ))}
                {row.sheetScores.map((score, i) => (
                  <circle key={i} cx={x(score)} cy={H / 2} r="6" fill="#1d70b8" fill-opacity="0.7" stroke="#0b0c0c" />
                ))}
                {row.weightedMean !== undefined && (
                  <rect x={x(row.weightedMean) - 2} y="2" width="4" height={H - 4} fill="#0b0c0c" />
                )}
              </svg>
            </div>
          ))}
        </div>
        <figcaption class="dot-plot-caption">
          Each dot is one panellist’s weighted score; the black bar is the mean. Panellists with a conflict are left
          out. The table below has the same figures.
        </figcaption>
      </figure>
      <ScrollTable label="Each panellist’s weighted score beside the mean">
        <table class="table" id="score-dots-table">
          <caption>Each panellist’s weighted score beside the mean</caption>
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Weighted scores, lowest first</th>
              <th scope="col" class="numeric">
                Mean
              </th>
            </tr>
          </thead>
          <tbody>
            {ranking.rows.map((row) => (
              <tr key={row.applicationId}>
                <th scope="row">{row.organisationName}</th>
                <td>{row.sheetScores.length ? row.sheetScores.map(two).join(', ') : 'None submitted'}</td>
                <td class="numeric">{row.weightedMean === undefined ? '–' : two(row.weightedMean)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </>
  )
}
