// An event as an iCalendar file (RFC 5545) for people's calendars: UTC times (calendars show
// them in the reader's zone, Europe/London here), text escaped and lines folded at 75 octets.
// The joining link is not in it: it is public, and the link goes only to confirmed registrants.
import type { PublicEvent } from '../../../shared/schemas/events.js'
import type { Ctx } from '../context.js'
import { pagePaths, pageUrl } from '../notifications/links.js'

const escapeText = (text: string) =>
  text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '')

/** Folds a content line to 75 octets, continuation lines starting with a space. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8')
  if (bytes.length <= 75) return line
  const parts: string[] = []
  let current = ''
  for (const char of line) {
    const limit = parts.length ? 74 : 75
    if (Buffer.byteLength(current + char, 'utf8') > limit) {
      parts.push(current)
      current = ''
    }
    current += char
  }
  parts.push(current)
  return parts.join('\r\n ')
}

export function eventIcs(ctx: Pick<Ctx, 'now' | 'publicUrl'>, event: PublicEvent): string {
  const page = pageUrl(ctx, pagePaths.event(event.id))
  const location = [event.venue, event.online ? 'Online (the joining link is emailed to confirmed registrants)' : '']
    .filter(Boolean)
    .join('; ')
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Challenge Fund//Events//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${event.id}@${new URL(ctx.publicUrl).hostname}`,
    `DTSTAMP:${stamp(ctx.now().toISOString())}`,
    `DTSTART:${stamp(event.startsAt)}`,
    `DTEND:${stamp(event.endsAt)}`,
    `SUMMARY:${escapeText(event.title)}`,
    `DESCRIPTION:${escapeText(`${event.description}\n\n${page}`.trim())}`,
    `LOCATION:${escapeText(location)}`,
    `URL:${page}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return `${lines.map(fold).join('\r\n')}\r\n`
}
