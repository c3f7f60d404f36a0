// Attendance from an online meeting tool's CSV export (Teams, Zoom, Google Meet): the file is
// bounded in size (the schema) and rows (here) before any work, parsed by csv-parse, matched to
// registrations by email; each match counted once (a database condition), the rest queued for
// the manager to match by hand or dismiss.
import { parse } from 'csv-parse/sync'
import { MAX_ATTENDANCE_ROWS } from '../../../shared/schemas/events.js'
import {
  epochSeconds,
  findRegistrationsByEmail,
  getEvent,
  insertUnmatched,
  markAttended,
} from '../../db/events-repo.js'
import { ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, TooLarge, ValidationFailed } from '../errors.js'
import { engage } from '../funnel/engage.js'
import { newId } from '../ids.js'
import { retainUntil } from './emails.js'

const EMAIL_HEADER = /e-?mail/i
const NAME_HEADER = /^(full )?name|attendee|participant|display name/i
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export async function importAttendance(
  ctx: Ctx,
  competitionId: string,
  eventId: string,
  csv: string,
): Promise<{ rows: number; matched: number; alreadyAttended: number; unmatched: number }> {
  const event = await getEvent(ctx.db, eventId, { consistent: true })
  if (!event || event.competitionId !== competitionId) throw new NotFound('event')
  // Counted before parsing: a file of a million short lines is refused without being read.
  const lines = csv.split('\n').length
  if (lines > MAX_ATTENDANCE_ROWS + 1)
    throw new TooLarge(
      `The file has ${lines.toLocaleString('en-GB')} lines; import at most ${MAX_ATTENDANCE_ROWS.toLocaleString('en-GB')} attendees at a time.`,
    )
  let records: string[][]
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      max_record_size: 10_000,
    }) as string[][]
  } catch (error) {
    throw new ValidationFailed([
      { field: 'csv', message: `is not a CSV file we can read (${(error as Error).message.slice(0, 120)})` },
    ])
  }
  const [header, ...rows] = records
  const emailColumn = header?.findIndex((h) => EMAIL_HEADER.test(h)) ?? -1
  if (!header || emailColumn < 0)
    throw new ValidationFailed([{ field: 'csv', message: 'needs a header row with an email column ("Email")' }])
  const nameColumn = header.findIndex((h, i) => i !== emailColumn && NAME_HEADER.test(h))

  // One row per attendee: meeting tools list someone once per time they joined.
  const attendees = new Map<string, string>()
  for (const row of rows) {
    const email = (row[emailColumn] ?? '').toLowerCase()
    if (!EMAIL.test(email) || email.length > 254) continue
    if (!attendees.has(email)) attendees.set(email, (nameColumn >= 0 ? row[nameColumn] : '')?.slice(0, 200) ?? '')
  }
  const found = await findRegistrationsByEmail(ctx.db, eventId, [...attendees.keys()])
  let matched = 0
  let alreadyAttended = 0
  const unmatched = []
  const at = ctx.now().toISOString()
  for (const [email, name] of attendees) {
    const registration = found.get(email)
    if (!registration || registration.registration.status === 'cancelled') {
      unmatched.push({ id: newId(), eventId, name, email, importedAt: at })
      continue
    }
    try {
      await markAttended(ctx.db, event, registration.registration, registration.organisationKey, { at, by: 'import' })
      const { organisation } = registration.registration
      if (organisation) await engage(ctx, event.competitionId, organisation, 'event')
      matched++
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error
      alreadyAttended++
    }
  }
  await insertUnmatched(ctx.db, unmatched, epochSeconds(retainUntil(event)))
  return { rows: attendees.size, matched, alreadyAttended, unmatched: unmatched.length }
}
