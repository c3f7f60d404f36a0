// Suppressed addresses: one item per address SES reported a permanent bounce or a complaint
// for, so the outbox never sends to it again. Keyed by a SHA-256 of the address (lower case),
// so the item names nobody readable; it expires (TTL) after SUPPRESSION_DAYS.
import { createHash } from 'node:crypto'
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { UndeliverableReason } from '../../shared/schemas/outbox.js'
import type { Db } from './client.js'
import { keys, tableDefinition } from './table.js'
import { ConditionFailed, conditional } from './write.js'

/** How long an address stays suppressed: long enough for a dead mailbox to stay dead, not for ever. */
export const SUPPRESSION_DAYS = 730

const addressHash = (address: string) => createHash('sha256').update(address.trim().toLowerCase()).digest('hex')

export const suppressionKeys = {
  pk: (address: string) => `SUPPRESSED#${addressHash(address)}`,
  sk: 'SUPPRESSED',
}

/**
 * Suppresses an address; false if it was suppressed already (the first reason and time stand,
 * so a notification delivered twice changes nothing).
 */
export async function suppressAddress(
  db: Db,
  address: string,
  { reason, at, messageId }: { reason: Exclude<UndeliverableReason, 'suppressed'>; at: string; messageId?: string },
): Promise<boolean> {
  try {
    await conditional('address-not-suppressed', () =>
      db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: {
            [keys.partition]: suppressionKeys.pk(address),
            [keys.sort]: suppressionKeys.sk,
            entity: 'suppressedAddress',
            reason,
            at,
            ...(messageId ? { messageId } : {}),
            [tableDefinition.timeToLiveAttribute]: Math.floor(Date.parse(at) / 1000) + SUPPRESSION_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.partition },
        }),
      ),
    )
    return true
  } catch (error) {
    if (error instanceof ConditionFailed) return false
    throw error
  }
}

/** Whether the outbox must not send to this address (TTL is not prompt: an expired item no longer counts). */
export async function isSuppressed(db: Db, address: string, now: Date): Promise<boolean> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: suppressionKeys.pk(address), [keys.sort]: suppressionKeys.sk },
      ConsistentRead: true,
    }),
  )
  const expiresAt = Item?.[tableDefinition.timeToLiveAttribute]
  return !!Item && !(typeof expiresAt === 'number' && expiresAt * 1000 <= now.getTime())
}
