// The outbox: emails written in the same transaction as the change that causes them, so
// none is lost; delivered at least once each: a deliverer claims a message for a lease
// (pending → sending), sends it, then marks it sent; a claim whose lease runs out is re-driven.
import { BatchGetCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Page } from '../../shared/schemas/common.js'
import { OutboxMessage, type UndeliverableReason } from '../../shared/schemas/outbox.js'
import type { Db } from './client.js'
import { queryIndexPage } from './query-page.js'
import { indexes, keys, tableDefinition } from './table.js'
import { conditional, write } from './write.js'

export const outboxKeys = {
  pk: (messageId: string) => `MSG#${messageId}`,
  sk: 'MSG',
  /** GSI1: pending messages oldest first; claimed ones by lease expiry; sent ones newest last, in the "mailbox". */
  byStatus: (status: OutboxMessage['status']) => `OUTBOX#${status}`,
}

/**
 * The Put that adds a message to the outbox, for the caller's transaction. `expiresAt` (epoch
 * seconds) lets TTL delete a message holding personal data kept only for a while (event registrants).
 */
export function outboxPut(db: Db, message: OutboxMessage, { expiresAt }: { expiresAt?: number } = {}) {
  return write(
    {
      Put: {
        TableName: db.tableName,
        Item: {
          [keys.partition]: outboxKeys.pk(message.id),
          [keys.sort]: outboxKeys.sk,
          [indexes.byKind.partition]: outboxKeys.byStatus(message.status),
          [indexes.byKind.sort]: `${message.createdAt}#${message.id}`,
          entity: 'outboxMessage',
          ...message,
          ...(expiresAt ? { [tableDefinition.timeToLiveAttribute]: expiresAt } : {}),
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': keys.partition },
      },
    },
    'message-new',
  )
}

export async function listOutbox(
  db: Db,
  status: OutboxMessage['status'],
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<Page<OutboxMessage>> {
  return queryIndexPage(db, {
    index: indexes.byKind,
    partition: outboxKeys.byStatus(status),
    limit,
    cursor,
    parse: (item) => OutboxMessage.parse(item),
    forward: status === 'pending',
  })
}

/**
 * Claims a message for sending until `leaseUntil`: a pending one, or one whose last claim's
 * lease ran out (its deliverer died between claim and send). `claim` is a token only this
 * deliverer knows, so only it can mark the message sent or put it back. ConditionFailed if
 * another deliverer holds a live claim or it was sent already.
 */
export async function claimForSending(
  db: Db,
  messageId: string,
  { claim, now, leaseUntil }: { claim: string; now: string; leaseUntil: string },
): Promise<void> {
  await conditional('claimable', () =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: { [keys.partition]: outboxKeys.pk(messageId), [keys.sort]: outboxKeys.sk },
        // GSI1 lists a claimed message under OUTBOX#sending by when its lease runs out, so the
        // sweeper finds expired leases with a key condition, and never sees a live one.
        UpdateExpression: 'SET #status = :sending, leaseUntil = :lease, #claim = :claim, #gpk = :gpk, #gsk = :gsk',
        ConditionExpression: '#status = :pending OR (#status = :sending AND leaseUntil <= :now)',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#claim': 'claim',
          '#gpk': indexes.byKind.partition,
          '#gsk': indexes.byKind.sort,
        },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':pending': 'pending',
          ':now': now,
          ':lease': leaseUntil,
          ':claim': claim,
          ':gpk': outboxKeys.byStatus('sending'),
          ':gsk': `${leaseUntil}#${messageId}`,
        },
      }),
    ),
  )
}

/** Marks a message this deliverer claimed as sent; ConditionFailed if its lease was taken over meanwhile. */
export async function markSent(db: Db, messageId: string, claim: string, sentAt: string): Promise<void> {
  await conditional('claim-ours', () =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: { [keys.partition]: outboxKeys.pk(messageId), [keys.sort]: outboxKeys.sk },
        UpdateExpression: 'SET #status = :sent, sentAt = :at, #gpk = :gpk, #gsk = :gsk REMOVE leaseUntil, #claim',
        ConditionExpression: '#status = :sending AND #claim = :claim',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#claim': 'claim',
          '#gpk': indexes.byKind.partition,
          '#gsk': indexes.byKind.sort,
        },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':sending': 'sending',
          ':claim': claim,
          ':at': sentAt,
          ':gpk': outboxKeys.byStatus('sent'),
          ':gsk': `${sentAt}#${messageId}`,
        },
      }),
    ),
  )
}

/**
 * Puts a message this deliverer claimed back to pending, at the back of the queue (sorted by
 * `requeuedAt`), so a message that keeps failing cannot hold up the ones behind it.
 * ConditionFailed if its lease was taken over meanwhile (the new holder sends it).
 */
export async function markPending(db: Db, messageId: string, claim: string, requeuedAt: string): Promise<void> {
  await conditional('claim-ours', () =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: { [keys.partition]: outboxKeys.pk(messageId), [keys.sort]: outboxKeys.sk },
        UpdateExpression: 'SET #status = :pending, #gpk = :gpk, #gsk = :gsk REMOVE sentAt, leaseUntil, #claim',
        ConditionExpression: '#status = :sending AND #claim = :claim',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#claim': 'claim',
          '#gpk': indexes.byKind.partition,
          '#gsk': indexes.byKind.sort,
        },
        ExpressionAttributeValues: {
          ':pending': 'pending',
          ':sending': 'sending',
          ':claim': claim,
          ':gpk': outboxKeys.byStatus('pending'),
          ':gsk': `${requeuedAt}#${messageId}`,
        },
      }),
    ),
  )
}

/** Claimed messages whose lease ran out by `now` (their deliverer died before sending), oldest lease first. */
export async function listExpiredClaims(db: Db, now: string, limit: number): Promise<OutboxMessage[]> {
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: indexes.byKind.name,
      KeyConditionExpression: '#pk = :pk AND #sk < :now',
      ExpressionAttributeNames: { '#pk': indexes.byKind.partition, '#sk': indexes.byKind.sort },
      ExpressionAttributeValues: { ':pk': outboxKeys.byStatus('sending'), ':now': now },
      Limit: limit,
    }),
  )
  return (Items ?? []).map((item) => OutboxMessage.parse(item))
}

/** The messages with these ids that exist (at most 100), for an award's dossier. */
export async function getOutboxMessages(db: Db, messageIds: string[]): Promise<OutboxMessage[]> {
  const ids = [...new Set(messageIds)].slice(0, 100)
  if (!ids.length) return []
  const { Responses } = await db.doc.send(
    new BatchGetCommand({
      RequestItems: {
        [db.tableName]: {
          Keys: ids.map((id) => ({ [keys.partition]: outboxKeys.pk(id), [keys.sort]: outboxKeys.sk })),
        },
      },
    }),
  )
  return (Responses?.[db.tableName] ?? [])
    .map((item) => OutboxMessage.parse(item))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
}

/** GSI2: a competition's undelivered emails about its applications, newest first. */
export const undeliveredKeys = {
  byCompetition: (competitionId: string) => `UNDELIVERED#${competitionId}`,
}

/** One message by id, or undefined (a bounce may name a message erased or expired since). */
export async function getOutboxMessage(db: Db, messageId: string): Promise<OutboxMessage | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: outboxKeys.pk(messageId), [keys.sort]: outboxKeys.sk },
      ConsistentRead: true,
    }),
  )
  return Item ? OutboxMessage.parse(Item) : undefined
}

/**
 * Marks a message undeliverable, listed under `OUTBOX#undeliverable` and, if it is about an
 * application, under its competition's undelivered emails. With `claim` (a deliverer refusing
 * a suppressed address) only while that deliverer holds it; without (SES feedback about a
 * message already sent) only if it is not undeliverable already, so a feedback notification
 * delivered twice marks it once. ConditionFailed (`'claim-ours'` or `'deliverable'`) otherwise.
 */
export async function markUndeliverable(
  db: Db,
  message: OutboxMessage,
  { reason, at, claim }: { reason: UndeliverableReason; at: string; claim?: string },
): Promise<void> {
  const listed = message.competitionId && message.applicationId
  await conditional(claim ? 'claim-ours' : 'deliverable', () =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: { [keys.partition]: outboxKeys.pk(message.id), [keys.sort]: outboxKeys.sk },
        UpdateExpression: `SET #status = :undeliverable, undeliverableReason = :reason, undeliverableAt = :at, #gpk = :gpk, #gsk = :gsk${listed ? ', #opk = :opk, #osk = :gsk' : ''} REMOVE leaseUntil, #claim`,
        ConditionExpression: claim
          ? '#status = :sending AND #claim = :claim'
          : 'attribute_exists(#pk) AND #status <> :undeliverable',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#claim': 'claim',
          '#gpk': indexes.byKind.partition,
          '#gsk': indexes.byKind.sort,
          ...(claim ? {} : { '#pk': keys.partition }),
          ...(listed ? { '#opk': indexes.byOwner.partition, '#osk': indexes.byOwner.sort } : {}),
        },
        ExpressionAttributeValues: {
          ':undeliverable': 'undeliverable',
          ':reason': reason,
          ':at': at,
          ':gpk': outboxKeys.byStatus('undeliverable'),
          ':gsk': `${at}#${message.id}`,
          ...(claim ? { ':sending': 'sending', ':claim': claim } : {}),
          ...(listed ? { ':opk': undeliveredKeys.byCompetition(message.competitionId!) } : {}),
        },
      }),
    ),
  )
}

/** A competition's undelivered emails about its applications, newest first, a page at a time. */
export async function listUndeliveredByCompetition(
  db: Db,
  competitionId: string,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<Page<OutboxMessage>> {
  return queryIndexPage(db, {
    index: indexes.byOwner,
    partition: undeliveredKeys.byCompetition(competitionId),
    limit,
    cursor,
    parse: (item) => OutboxMessage.parse(item),
    forward: false,
  })
}
