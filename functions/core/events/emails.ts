// The emails a registrant gets: the link to confirm, the confirmation with the joining link,
// and the reminder the day before. Each links to their registration page and the event's page.
import { formatLondon } from '../../../shared/dates.js'
import type { CompetitionEvent, Registration } from '../../../shared/schemas/events.js'
import { outboxPut } from '../../db/outbox-repo.js'
import type { Write } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { newId } from '../ids.js'
import { pagePaths, pageUrl } from '../notifications/links.js'

const where = (event: CompetitionEvent) =>
  [event.venue ? `Venue: ${event.venue}` : undefined, event.onlineUrl ? 'Online' : undefined].filter(Boolean).join('\n')

/** The kinds of email a registrant gets, as the outbox records them. */
const kinds = {
  registration: { kind: 'event-registration' },
  confirmed: { kind: 'event-confirmed' },
  reminder: { kind: 'event-reminder' },
} as const
type Kind = (typeof kinds)[keyof typeof kinds]['kind']

/**
 * One of the event emails to a registrant, as a write for the transaction that causes it. It
 * expires with the event's personal data (`expiresAt`, epoch seconds).
 */
export function eventEmail(
  ctx: Pick<Ctx, 'db' | 'now' | 'publicUrl'>,
  kind: Kind,
  event: CompetitionEvent,
  registration: Registration,
  token: string,
  expiresAt: number,
  { already = false }: { already?: boolean } = {},
): Write<'message-new'> {
  const own = pageUrl(ctx, pagePaths.eventRegistration(event.id, registration.id, token))
  const page = pageUrl(ctx, pagePaths.event(event.id))
  const when = `${formatLondon(event.startsAt)} to ${formatLondon(event.endsAt)}`
  const joining = event.onlineUrl ? `Join online: ${event.onlineUrl}\n` : ''
  const bodies: Record<Kind, { subject: string; text: string }> = {
    'event-registration': {
      subject: already ? `You are already registered: ${event.title}` : `Confirm your place: ${event.title}`,
      text: `Dear ${registration.name},\n\n${
        already ? 'Someone asked to register this email address again for' : 'Thank you for registering for'
      } "${event.title}" (${when}).\n\n${
        registration.status === 'pending'
          ? `Confirm your place here:\n${own}\n\nWe hold your place until ${formatLondon(registration.holdUntil ?? event.startsAt)}. If you have not confirmed by then, it goes back to the event for someone else, and you can register again if places are left.`
          : `Your registration, where you can cancel it:\n${own}`
      }\n\nThe event: ${page}\n\nIf this was not you, ignore this email.\n`,
    },
    'event-confirmed': {
      subject: `Your place is confirmed: ${event.title}`,
      text: `Dear ${registration.name},\n\nYour place at "${event.title}" is confirmed.\n\nWhen: ${when}\n${where(event)}\n${joining}\nYour registration (cancel, joining link): ${own}\nThe event page, with a calendar file: ${page}\n\nWe will remind you the day before.\n`,
    },
    'event-reminder': {
      subject: `Tomorrow: ${event.title}`,
      text: `Dear ${registration.name},\n\nA reminder that "${event.title}" starts ${formatLondon(event.startsAt)}.\n${where(event)}\n${joining}\nYour registration (joining link, or cancel if you cannot come): ${own}\nThe event page: ${page}\n`,
    },
  }
  return outboxPut(
    ctx.db,
    {
      id: newId(),
      to: registration.email,
      kind,
      ...bodies[kind],
      createdAt: ctx.now().toISOString(),
      status: 'pending',
    },
    { expiresAt },
  )
}

/** When an event's registrants' personal data must be gone: its end plus its retention period. */
export const retainUntil = (event: { endsAt: string; retentionDays: number }) =>
  new Date(Date.parse(event.endsAt) + event.retentionDays * 86_400_000).toISOString()
