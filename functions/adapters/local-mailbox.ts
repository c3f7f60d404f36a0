// The local development mailbox: the outbox is delivered here instead of through SES (on a
// timer, functions/local/schedules.ts), and GET /api/dev-mail lists what was "sent", newest
// first, so a person trying the platform can read every email it sent. POST
// /api/dev-mail/{id}/bounce (or /complaint) plays SES's notification about a sent email through
// the same code as the cloud's handler (adapters/ses-feedback.ts), so the whole bounce path can
// be tried locally. Local only, like the development issuer.
import { Hono } from 'hono'
import * as z from 'zod/mini'
import { deliverPending } from '../core/notifications/deliver.js'
import type { Ctx } from '../core/context.js'
import { NotFound, ValidationFailed } from '../core/errors.js'
import type { Db } from '../db/client.js'
import { InvalidCursor } from '../db/cursor.js'
import { getOutboxMessage, listOutbox } from '../db/outbox-repo.js'
import { recordSesNotification, sesNotificationFor } from './ses-feedback.js'
import { countDelivery } from '../events/outbox/delivery-metrics.js'

/** Locally "sending" is only the move to sent: the mailbox is the sent messages. */
const toMailbox = async () => {}

/** Delivers every pending message to the mailbox. */
export const deliverToLocalMailbox = (ctx: Pick<Ctx, 'db' | 'now'>) =>
  deliverPending(ctx, toMailbox, undefined, countDelivery)

const MailQuery = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
})

export function devMailRoutes(db: Db, now: () => Date = () => new Date()) {
  return new Hono()
    .post('/:messageId/:kind{bounce|complaint}', async (c) => {
      const message = await getOutboxMessage(db, c.req.param('messageId').slice(0, 64))
      // Only an email that was sent can bounce; the same 404 for one that does not exist.
      if (!message || message.status === 'pending' || message.status === 'sending') throw new NotFound('email')
      const kind = c.req.param('kind') === 'bounce' ? 'bounce' : 'complaint'
      await recordSesNotification({ db, now }, sesNotificationFor(message, kind, now()))
      return c.json(await getOutboxMessage(db, message.id), 200)
    })
    .get('/', async (c) => {
      const query = MailQuery.safeParse(c.req.query())
      if (!query.success)
        throw new ValidationFailed([{ field: 'limit', message: 'must be a whole number from 1 to 100' }])
      try {
        return c.json(await listOutbox(db, 'sent', query.data), 200)
      } catch (error) {
        if (error instanceof InvalidCursor)
          throw new ValidationFailed([{ field: 'cursor', message: 'is not a cursor from this list' }])
        throw error
      }
    })
}
