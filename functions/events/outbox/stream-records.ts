// From DynamoDB stream records to outbox deliveries: which records announce a new outbox
// message, and the partial batch response that retries only the records that failed.
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda'
import type { OutboxMessage } from '../../../shared/schemas/outbox.js'
import { log } from '../../core/log.js'
import { outboxMessageFromStreamImage } from '../../db/stream-images.js'

/**
 * The message a stream record announces: an INSERT of a pending outbox item. Undefined for
 * any other change (the event source filter should already have dropped those). Throws if an
 * outbox item does not parse, so the record fails visibly instead of the email vanishing.
 */
export function outboxMessageOf(record: DynamoDBRecord): OutboxMessage | undefined {
  return record.eventName === 'INSERT' ? outboxMessageFromStreamImage(record.dynamodb?.NewImage) : undefined
}

/**
 * Hands each announced message to `deliver`, in stream order, and reports every record that
 * failed by its sequence number, so Lambda retries from the first failure and no further back.
 * A record without a sequence number is reported as "" — Lambda then retries the whole batch,
 * which is safe because delivery claims each message before sending it.
 */
export async function deliverRecords(
  records: DynamoDBRecord[],
  deliver: (message: OutboxMessage) => Promise<unknown>,
): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = []
  for (const record of records) {
    try {
      const message = outboxMessageOf(record)
      if (message) await deliver(message)
    } catch (error) {
      // No address or body in the log: the message id is enough to find it in the table.
      log.error('Outbox delivery failed; the record will be retried', {
        sequenceNumber: record.dynamodb?.SequenceNumber,
        messageId: record.dynamodb?.NewImage?.id?.S,
        error,
      })
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' })
    }
  }
  return { batchItemFailures }
}
