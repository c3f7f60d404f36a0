// The registrations CSV: every registration of every event of a competition, read a page at a
// time: the `registrations` export of the exports registry.
import type { Registration } from '../../../shared/schemas/events.js'
import { listAllEventsOfCompetition, listRegistrations } from '../../db/events-repo.js'
import type { CsvExport } from '../exports/csv.js'
import { londonTime } from '../exports/format.js'

type Row = Registration & { eventTitle: string; eventStartsAt: string }

export const registrationsExport: CsvExport<Row> & { holds: string } = {
  title: 'Event registrations',
  holds:
    'One row per registration for each of the competition’s events, kept until the event’s personal data is deleted: the event, name, email, organisation, accessibility needs, status, when they registered and whether they attended.',
  columns: [
    { header: 'Event', value: (r) => r.eventTitle },
    { header: 'Event starts (UK time)', value: (r) => londonTime(r.eventStartsAt) },
    { header: 'Name', value: (r) => r.name },
    { header: 'Email', value: (r) => r.email },
    { header: 'Organisation', value: (r) => r.organisation },
    { header: 'Accessibility needs', value: (r) => r.accessibilityNeeds },
    // A hold never confirmed is cancelled by the events run: say so, apart from people who cancelled.
    { header: 'Status', value: (r) => (r.lapsedAt ? 'lapsed (not confirmed in time)' : r.status) },
    { header: 'Registered (UK time)', value: (r) => londonTime(r.registeredAt) },
    { header: 'Attended', value: (r) => !!r.attendedAt },
    { header: 'Attendance recorded by', value: (r) => r.attendedBy },
  ],
  async *rows(ctx, competitionId) {
    for (const event of await listAllEventsOfCompetition(ctx.db, competitionId)) {
      let cursor: string | undefined
      do {
        const page = await listRegistrations(ctx.db, event.id, { limit: 100, cursor })
        for (const r of page.items) yield { ...r, eventTitle: event.title, eventStartsAt: event.startsAt }
        cursor = page.nextCursor
      } while (cursor)
    }
  },
}
