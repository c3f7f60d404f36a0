// What the manager's feedback editor and the applicant's decision page both show: the scores
// by criterion against the funded and the shortlisted applications' averages, and a feedback
// call's status in words.
import { callStatusNames } from '../../../shared/labels.js'
import type { ApplicantCall, CallStatus, CriterionScore } from '../../../shared/schemas/feedback.js'
import { ScrollTable } from './scroll-table.js'

/** "3.5" or "4": scores are means to one decimal place. */
const oneDecimal = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1))

/** Each criterion's mean score and, where they may be shown, the funded and the shortlisted applications' averages. */
export function ScoresTable({
  scores,
  caption,
  scoreHeading,
}: {
  scores: CriterionScore[]
  caption: string
  scoreHeading: string
}) {
  const anyAverage = scores.some((s) => s.fundedAverage !== undefined)
  const anyShortlist = scores.some((s) => s.shortlistAverage !== undefined)
  return (
    <ScrollTable label={caption}>
      <table class="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            <th scope="col" class="numeric">
              {scoreHeading}
            </th>
            {anyShortlist && (
              <th scope="col" class="numeric">
                Shortlisted applications’ average
              </th>
            )}
            <th scope="col" class="numeric">
              Funded applications’ average
            </th>
          </tr>
        </thead>
        <tbody>
          {scores.map((score) => (
            <tr key={score.criterionId}>
              <th scope="row">{score.title}</th>
              <td class="numeric">
                {oneDecimal(score.score)} <span class="secondary-text">out of {score.max}</span>
              </td>
              {anyShortlist && (
                <td class="numeric">
                  {score.shortlistAverage === undefined ? (
                    <span class="secondary-text">Not shown</span>
                  ) : (
                    oneDecimal(score.shortlistAverage)
                  )}
                </td>
              )}
              <td class="numeric">
                {score.fundedAverage === undefined ? (
                  <span class="secondary-text">Not shown</span>
                ) : (
                  oneDecimal(score.fundedAverage)
                )}
              </td>
            </tr>
          ))}
        </tbody>
        {!anyAverage && (
          <tfoot>
            <tr>
              <td colSpan={anyShortlist ? 4 : 3} class="secondary-text">
                The funded average is shown only where at least two other applications were funded, so no one’s scores
                can be worked out.
              </td>
            </tr>
          </tfoot>
        )}
      </table>
    </ScrollTable>
  )
}

const callTags: Record<CallStatus, string> = {
  requested: 'tag tag-upcoming',
  arranged: 'tag tag-open',
  done: 'tag tag-closed',
}

/** The call's status in a tag (the colour only repeats the words). */
export function CallTag({ status }: { status: CallStatus }) {
  return <strong class={callTags[status]}>{callStatusNames[status]}</strong>
}

/** "Requested", "Arranged: Tuesday at 10:00 by video", "Done". */
export function callStatusText(call: Pick<ApplicantCall, 'status' | 'arrangement'>): string {
  return call.status === 'arranged' && call.arrangement
    ? `${callStatusNames.arranged}: ${call.arrangement}`
    : callStatusNames[call.status]
}
