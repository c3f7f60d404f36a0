// Small pieces the public pages and the manager's pages both show.
import { formatLondon, timeUntil } from '../../../shared/dates.js'
import { phaseTagNames } from '../../../shared/labels.js'
import type { Phase } from '../../../shared/schemas/competition.js'

export function PhaseTag({ phase }: { phase: Phase }) {
  return <strong class={`tag tag-${phase}`}>{phaseTagNames[phase]}</strong>
}

/** "Mon, 1 December 2025, 12:00 GMT (closes in 46 days)". */
export function ClosingDate({ iso }: { iso: string | undefined }) {
  if (!iso) return <>Not set yet</>
  const until = timeUntil(iso)
  return (
    <>
      <Time iso={iso} /> {until === 'closed' ? '(closed)' : `(closes ${until})`}
    </>
  )
}

/** "Mon, 1 December 2025, 12:00 GMT (opens in 3 days)". */
export function OpeningDate({ iso }: { iso: string }) {
  const until = timeUntil(iso)
  return (
    <>
      <Time iso={iso} /> {until === 'closed' ? '' : `(opens ${until})`}
    </>
  )
}

export function Time({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatLondon(iso)}</time>
}
