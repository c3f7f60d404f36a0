// The outbox: emails written in the same transaction as the change that causes them, so
// none is lost; delivered once each by a conditional pending → sent update.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Page } from '../../shared/schemas/common.js'
import { OutboxMessage } from '../../shared/schemas/outbox.js'
import type { Db } from './client.js'
import { queryIndexPage } from './query-page.js'
import { indexes, keys } from './table.js'
import { conditional, type TransactItem } from './write.js'

export const outboxKeys = {
  pk: (messageId: string) => `MSG#${messageId}`,
  sk: 'MSG',
  /** GSI1: pending messages oldest first; sent ones newest last, in the "mailbox". */
  byStatus: (status: OutboxMessage['status']) => `OUTBOX#${status}`,
}

/** The Put that adds a message to the outbox, for the caller's transaction. */
export function outboxPut(db: Db, message: OutboxMessage): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: {
        [keys.partition]: outboxKeys.pk(message.id),
        [keys.sort]: outboxKeys.sk,
        [indexes.byKind.partition]: outboxKeys.byStatus(message.status),
        [indexes.byKind.sort]: `${message.createdAt}#${message.id}`,
        entity: 'outboxMessage',
        ...message,
      },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': keys.partition },
    },
  }
}

export async function listOutbox(db: Db, status: OutboxMessage['status'], { limit, cursor }: { limit: number; cursor?: string }): Promise<Page<OutboxMessage>> {
  return queryIndexPage(db, {
    index: indexes.byKind,
    partition: outboxKeys.byStatus(status),
    limit,
    cursor,
    parse: (item) => OutboxMessage.parse(item),
    forward: status === 'pending',
  })
}

/** Marks a message sent; ConditionFailed if someone else already did (so it is sent once). */
export async function markSent(db: Db, message: OutboxMessage, sentAt: string): Promise<void> {
  await conditional(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: { [keys.partition]: outboxKeys.pk(message.id), [keys.sort]: outboxKeys.sk },
        UpdateExpression: 'SET #status = :sent, sentAt = :at, #gpk = :gpk, #gsk = :gsk',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status', '#gpk': indexes.byKind.partition, '#gsk': indexes.byKind.sort },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':pending': 'pending',
          ':at': sentAt,
          ':gpk': outboxKeys.byStatus('sent'),
          ':gsk': `${sentAt}#${message.id}`,
        },
      }),
    ),
  )
}

/**
 * Puts a message claimed for sending back to pending, at the back of the queue (sorted by
 * `requeuedAt`), so a message that keeps failing cannot hold up the ones behind it.
 */
export async function markPending(db: Db, message: OutboxMessage, requeuedAt: string): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: outboxKeys.pk(message.id), [keys.sort]: outboxKeys.sk },
      UpdateExpression: 'SET #status = :pending, #gpk = :gpk, #gsk = :gsk REMOVE sentAt',
      ExpressionAttributeNames: { '#status': 'status', '#gpk': indexes.byKind.partition, '#gsk': indexes.byKind.sort },
      ExpressionAttributeValues: { ':pending': 'pending', ':gpk': outboxKeys.byStatus('pending'), ':gsk': `${requeuedAt}#${message.id}` },
    }),
  )
}
