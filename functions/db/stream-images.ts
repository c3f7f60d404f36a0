// Items as DynamoDB Streams shows them: the wire-format image of a changed item, read back
// into the entity it holds. Here because unmarshalling is the SDK's job and only db/ imports it.
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import type { AttributeValue as StreamAttributeValue } from 'aws-lambda'
import { OutboxMessage } from '../../shared/schemas/outbox.js'

/** A stream record's NewImage or OldImage, as Lambda delivers it. */
export type StreamImage = Record<string, StreamAttributeValue>

/** The entity tag outboxPut writes; the mailer's event source filter matches the same value. */
export const OUTBOX_ENTITY = 'outboxMessage'

/**
 * The message in an image of a pending outbox item; undefined for any other item (another
 * entity, or a message already sent). Throws if an outbox item does not parse, so the caller
 * fails visibly instead of the email vanishing. Parsing drops the keys and index attributes.
 */
export function outboxMessageFromStreamImage(image: StreamImage | undefined): OutboxMessage | undefined {
  if (image?.entity?.S !== OUTBOX_ENTITY || image.status?.S !== 'pending') return undefined
  // The stream's attribute values are the wire format the SDK's type describes; aws-lambda
  // types B as a base64 string, which outbox items never hold.
  return OutboxMessage.parse(unmarshall(image as Record<string, AttributeValue>))
}
