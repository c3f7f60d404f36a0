// Per-user write budgets, counted in the table so they hold across every Lambda instance: one
// counter item per user, flow and fixed window, taken with one atomic conditional update and
// left to lapse by TTL (DynamoDB Local never expires items; the window start in the key keeps
// an old counter from ever being read again).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Db } from './client.js'
import { keys, tableDefinition } from './table.js'
import { ConditionFailed, conditional } from './write.js'

export const rateLimitKeys = {
  pk: (userId: string) => `LIMIT#${userId}`,
  sk: (flow: string, windowStart: number) => `${flow}#${windowStart}`,
}

export type Budget = { requests: number; windowSeconds: number }

/** Takes one request from the user's budget for the flow; says when to come back if it is spent. */
export async function takeFromBudget(
  db: Db,
  userId: string,
  flow: string,
  budget: Budget,
  now: Date,
): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const windowMs = budget.windowSeconds * 1000
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs
  const windowEnd = windowStart + windowMs
  try {
    await conditional('within-budget', () =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: { [keys.partition]: rateLimitKeys.pk(userId), [keys.sort]: rateLimitKeys.sk(flow, windowStart) },
          UpdateExpression: 'ADD #count :one SET #expires = :expires',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :budget',
          ExpressionAttributeNames: { '#count': 'requests', '#expires': tableDefinition.timeToLiveAttribute },
          ExpressionAttributeValues: {
            ':one': 1,
            ':budget': budget.requests,
            ':expires': Math.ceil(windowEnd / 1000) + 60,
          },
        }),
      ),
    )
    return { ok: true }
  } catch (error) {
    if (error instanceof ConditionFailed)
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000)) }
    throw error
  }
}
