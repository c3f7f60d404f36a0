// The funnel as a small bar chart (hidden from screen readers: it repeats the table), the
// table of the same figures, and a one-sentence summary; and leadership answers by stage.
import type { ShownCount } from '../../../shared/schemas/di-survey.js'
import type { FunnelStage, FunnelStep, LeadershipByStage } from '../../../shared/schemas/funnel.js'
import { ScrollTable } from '../components/scroll-table.js'

export const stageNames: Record<FunnelStage, string> = {
  engaged: 'Engaged',
  submitted: 'Submitted an EOI',
  eligible: 'Eligible',
  shortlisted: 'Shortlisted',
  awarded: 'Awarded',
  accepted: 'Accepted the offer',
  completed: 'Grant completed',
}

/** "Submitted an EOI" → "submitted an EOI": mid-sentence, with its abbreviation kept. */
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1)
const percent = (p: number | null) => (p === null ? '—' : `${p.toLocaleString('en-GB')}%`)
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`

/** "12 organisations engaged; 9 submitted an EOI (75%), … and 0 grants completed." */
export function funnelSentence(steps: FunnelStep[]): string {
  const parts = steps.map((s, i) => {
    const what =
      s.stage === 'engaged'
        ? `${plural(s.count, 'organisation', 'organisations')} engaged`
        : `${s.count.toLocaleString('en-GB')} ${lowerFirst(stageNames[s.stage])}`
    return i > 0 && s.conversionPercent !== null ? `${what} (${percent(s.conversionPercent)} of the step before)` : what
  })
  return `${parts.slice(0, -1).join('; ')} and ${parts.at(-1)}.`
}

const W = 640
const ROW = 28
const LABEL = 170

export function FunnelChart({ steps, caption, id }: { steps: FunnelStep[]; caption: string; id: string }) {
  const top = Math.max(1, ...steps.map((s) => s.count))
  const H = steps.length * ROW + 8
  return (
    <>
      <figure class="money-chart funnel-chart">
        <svg viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
          {steps.map((s, i) => {
            const width = ((W - LABEL - 60) * s.count) / top
            const y = 4 + i * ROW
            return (
              <g key={s.stage}>
                <text x={0} y={y + 18} font-size="14" fill="#0b0c0c">
                  {stageNames[s.stage]}
                </text>
                <rect x={LABEL} y={y} width={Math.max(width, 1)} height={ROW - 8} fill="#1d70b8" />
                <text x={LABEL + Math.max(width, 1) + 6} y={y + 16} font-size="14" fill="#0b0c0c">
                  {s.count}
                </text>
              </g>
            )
          })}
        </svg>
        <figcaption>The table below has the same figures.</figcaption>
      </figure>
      <p id={`${id}-summary`}>{funnelSentence(steps)}</p>
      <FunnelTable steps={steps} caption={caption} id={id} />
    </>
  )
}

export function FunnelTable({ steps, caption, id }: { steps: FunnelStep[]; caption: string; id: string }) {
  return (
    <ScrollTable label={caption}>
      <table class="table" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col" class="numeric">
              Count
            </th>
            <th scope="col" class="numeric">
              Of the step before
            </th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => (
            <tr key={s.stage}>
              <th scope="row">{stageNames[s.stage]}</th>
              <td class="numeric">{s.count.toLocaleString('en-GB')}</td>
              <td class="numeric">{percent(s.conversionPercent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  )
}

const shown = (count: ShownCount) => (typeof count === 'number' ? count.toLocaleString('en-GB') : 'Not shown')

export function LeadershipTables({ leadership }: { leadership: LeadershipByStage[] }) {
  return (
    <>
      {leadership.map((q) => (
        <ScrollTable key={q.questionId} label={q.label}>
          <table class="table">
            <caption>{q.label}</caption>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col" class="numeric">
                  Yes
                </th>
                <th scope="col" class="numeric">
                  No
                </th>
                <th scope="col" class="numeric">
                  Declined to say
                </th>
                <th scope="col" class="numeric">
                  Not asked
                </th>
              </tr>
            </thead>
            <tbody>
              {q.stages.map((s) => (
                <tr key={s.stage}>
                  <th scope="row">{stageNames[s.stage]}</th>
                  <td class="numeric">{shown(s.yes)}</td>
                  <td class="numeric">{shown(s.no)}</td>
                  <td class="numeric">{shown(s.declined)}</td>
                  <td class="numeric">{shown(s.notAsked)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      ))}
    </>
  )
}
