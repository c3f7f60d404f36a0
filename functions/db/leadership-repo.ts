// An organisation's answers to the optional leadership questions: one item beside its profile,
// versioned so two tabs cannot overwrite each other.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { LeadershipAnswer } from '../../shared/leadership-questions.js'
import type { Db } from './client.js'
import { keys } from './table.js'
import { conditional } from './write.js'

export const leadershipKeys = {
  pk: (organisationId: string) => `ORG#${organisationId}`,
  sk: 'LEADERSHIP',
}

export type StoredLeadership = {
  organisationId: string
  consentGiven: boolean
  answers: Partial<Record<string, LeadershipAnswer>>
  savedAt: string
  savedBy: string
  version: number
}

export async function getLeadership(db: Db, organisationId: string): Promise<StoredLeadership | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: leadershipKeys.pk(organisationId), [keys.sort]: leadershipKeys.sk },
      ConsistentRead: true,
    }),
  )
  if (!Item) return undefined
  return {
    organisationId: String(Item.organisationId),
    consentGiven: Item.consentGiven === true,
    answers: (Item.answers ?? {}) as StoredLeadership['answers'],
    savedAt: String(Item.savedAt),
    savedBy: String(Item.savedBy),
    version: Number(Item.version),
  }
}

/** Saves the answers if still at `expectedVersion` (0: never saved); `'leadership-version'` otherwise. */
export async function putLeadership(db: Db, leadership: StoredLeadership, expectedVersion: number): Promise<void> {
  await conditional('leadership-version', () =>
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          [keys.partition]: leadershipKeys.pk(leadership.organisationId),
          [keys.sort]: leadershipKeys.sk,
          entity: 'leadership',
          ...leadership,
        },
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(#pk)' : '#version = :version',
        ExpressionAttributeNames: expectedVersion === 0 ? { '#pk': keys.partition } : { '#version': 'version' },
        ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':version': expectedVersion } }),
      }),
    ),
  )
}
