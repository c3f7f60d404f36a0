// The cloud transport for outbox emails: one plain-text email per message through SES v2.
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2'
import type { OutboxMessage } from '../../../shared/schemas/outbox.js'
import type { Transport } from '../../core/notifications/deliver.js'

/** The SendEmail request for a message: plain text, UTF-8, from the platform's sender. */
export function sendEmailInput(message: OutboxMessage, from: string) {
  return {
    FromEmailAddress: from,
    Destination: { ToAddresses: [message.to] },
    Content: {
      Simple: {
        Subject: { Data: message.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
      },
    },
  }
}

export function sesTransport(ses: SESv2Client, from: string): Transport {
  return async (message) => {
    await ses.send(new SendEmailCommand(sendEmailInput(message, from)))
  }
}
