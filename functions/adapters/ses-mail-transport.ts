// The cloud transport for outbox emails: one plain-text email per message through SES v2.
// An adapter: core sees it only as a `Transport` (core/notifications/deliver.ts). Each email
// goes through the configuration set (whose event destination sends bounces and complaints to
// functions/events/ses-feedback.ts) tagged with its outbox message's id, which the
// notification carries back.
import { SendEmailCommand, SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2'
import type { OutboxMessage } from '../../shared/schemas/outbox.js'
import type { Transport } from '../core/notifications/deliver.js'
import { OUTBOX_MESSAGE_TAG } from './ses-tags.js'

export type SesTransportOptions = {
  /** The verified SES identity (or an address of a verified domain) emails come from. */
  from: string
  region: string
  /** The SES configuration set to send through (SES_CONFIGURATION_SET); none locally or when unset. */
  configurationSet?: string
  /** For tests; defaults to one client for this transport, with bounded request times. */
  client?: SESv2Client
}

/** The SendEmail request for a message: plain text, UTF-8, from the platform's sender, tagged with its id. */
export function sendEmailInput(message: OutboxMessage, from: string, configurationSet?: string): SendEmailCommandInput {
  return {
    FromEmailAddress: from,
    Destination: { ToAddresses: [message.to] },
    ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
    // Ids are ULIDs, within the tag value's characters (letters, digits, _ and -).
    EmailTags: [{ Name: OUTBOX_MESSAGE_TAG, Value: message.id }],
    Content: {
      Simple: {
        Subject: { Data: message.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
      },
    },
  }
}

/**
 * A Transport that sends each message with SES SendEmail. A send that throws leaves the
 * message to deliver(), which puts it back to pending for the next try.
 */
export function createSesTransport({ from, region, client, configurationSet }: SesTransportOptions): Transport {
  const ses =
    client ??
    new SESv2Client({
      region,
      // One retry: with the timeouts below a send is bounded (events/outbox/deadline.ts
      // counts on it); a message that still fails waits, pending, for the next try.
      maxAttempts: 2,
      // A hung connection would otherwise hold a claimed message until the Lambda times out,
      // which leaves it marked sent but unsent. Timing out instead puts it back to pending
      // (at the cost of a possible duplicate if SES did accept it).
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 10_000 },
    })
  return async (message) => {
    await ses.send(new SendEmailCommand(sendEmailInput(message, from, configurationSet)))
  }
}
