// What the panellist's pages share: their addresses, a message carried across a navigation,
// and how a sheet's state and a score are put into words.
import { sheetProgressNames } from '../../../shared/labels.js'
import type { Assignment } from '../../../shared/schemas/assessing.js'

export const paths = {
  panels: '/panel',
  declarations: (competitionId: string) => `/panel/competitions/${encodeURIComponent(competitionId)}/declarations`,
  assessment: (competitionId: string, applicationId: string) =>
    `/panel/competitions/${encodeURIComponent(competitionId)}/assessments/${encodeURIComponent(applicationId)}`,
}

export { setFlash, takeFlash } from '../components/flash.js'

/** "Not started", "Draft", "Submitted": where the panellist's own sheet stands. */
export const sheetStatusName = (sheet: Assignment['sheet']) => sheetProgressNames[sheet ?? 'not-started']

/** A score or mean as people read it: at most two decimal places. */
export const formatScore = (value: number) => value.toLocaleString('en-GB', { maximumFractionDigits: 2 })

/** "HH:MM" in UK time, for "Saved at …". */
export const timeOfDay = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso))
