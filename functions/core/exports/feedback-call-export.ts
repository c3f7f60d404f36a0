// The feedback calls export: every call an applicant asked for, with the contact to arrange it.
import { callStatusNames } from '../../../shared/labels.js'
import { callPagesOfCompetition, type CallRow } from '../../db/export-pages.js'
import type { Column } from './csv.js'
import { flatten, londonTime } from './format.js'
import type { ShapedExport } from './registry.js'

export const feedbackCallsExport: ShapedExport<CallRow> = {
  title: 'Feedback calls',
  holds:
    'One row per applicant who asked for a feedback call (the latest call; earlier ones are counted): the contact email, when suits them, their question, the status, and the arrangement made.',
  async shape(ctx, competitionId) {
    const columns: Column<CallRow>[] = [
      { header: 'Application id', value: (r) => r.call.applicationId },
      { header: 'Receipt number', value: (r) => r.candidate?.receiptNumber },
      { header: 'Organisation', value: (r) => r.call.organisationName },
      { header: 'Contact email', value: (r) => r.candidate?.contactEmail },
      { header: 'Status', value: (r) => callStatusNames[r.call.status] },
      { header: 'Asked (UK time)', value: (r) => londonTime(r.call.requestedAt) },
      { header: 'Times that suit', value: (r) => r.call.preferredTimes },
      { header: 'Question', value: (r) => r.call.question },
      { header: 'Arrangement', value: (r) => r.call.arrangement },
      { header: 'Arranged (UK time)', value: (r) => londonTime(r.call.arrangedAt) },
      { header: 'Done (UK time)', value: (r) => londonTime(r.call.doneAt) },
      { header: 'Earlier calls', value: (r) => r.call.earlier },
    ]
    return { columns, rows: flatten(callPagesOfCompetition(ctx.db, competitionId)) }
  },
}
