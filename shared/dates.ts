// Times are stored as UTC ISO strings and shown, and typed, in Europe/London.
import { plural } from './text.js'

export const LONDON = 'Europe/London'

const longFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

const offsetFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, timeZoneName: 'longOffset' })

/** "Monday 1 November 2021 at 12:00 GMT" — a UTC instant as a person in the UK reads it. */
export function formatLondon(iso: string): string {
  const date = new Date(iso)
  // Assembled from parts: ICU versions differ on the punctuation between date and time.
  const part = Object.fromEntries(longFormat.formatToParts(date).map((p) => [p.type, p.value]))
  const zone = londonOffsetMinutes(date) === 0 ? 'GMT' : 'BST'
  return `${part.weekday} ${part.day} ${part.month} ${part.year} at ${part.hour}:${part.minute} ${zone}`
}

/** Minutes London is ahead of UTC at that instant (0 in winter, 60 in summer). */
export function londonOffsetMinutes(instant: Date): number {
  const name = offsetFormat.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name)
  if (!match) return 0
  const minutes = Number(match[2]) * 60 + Number(match[3])
  return match[1] === '-' ? -minutes : minutes
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/

/**
 * A wall-clock time in London ("2021-11-01T12:00", as a datetime-local field gives it)
 * to a UTC ISO instant. Times skipped by the clocks going forward are refused;
 * times that happen twice when they go back resolve to the first (BST) one.
 */
export function londonLocalToUtcIso(local: string): string | undefined {
  const m = localPattern.exec(local)
  if (!m) return undefined
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number]
  const asUtc = Date.UTC(year, month - 1, day, hour, minute)
  if (Number.isNaN(asUtc)) return undefined
  // Try the summer offset first so an ambiguous autumn time resolves to its first occurrence.
  for (const offset of [60, 0]) {
    const instant = new Date(asUtc - offset * 60_000)
    if (londonOffsetMinutes(instant) === offset && utcIsoToLondonLocal(instant.toISOString()) === local) {
      return instant.toISOString()
    }
  }
  return undefined
}

/** A UTC ISO instant to London wall-clock "YYYY-MM-DDTHH:mm" for a datetime-local field. */
export function utcIsoToLondonLocal(iso: string): string {
  const date = new Date(iso)
  const shifted = new Date(date.getTime() + londonOffsetMinutes(date) * 60_000)
  return shifted.toISOString().slice(0, 16)
}

/** "in 3 days", "in 5 hours", "closed" — how long until an instant, for deadlines. */
export function timeUntil(iso: string, now: Date = new Date()): string {
  const ms = new Date(iso).getTime() - now.getTime()
  if (ms <= 0) return 'closed'
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 60) return `in ${plural(Math.max(minutes, 1), 'minute')}`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `in ${plural(hours, 'hour')}`
  return `in ${plural(Math.floor(hours / 24), 'day')}`
}
