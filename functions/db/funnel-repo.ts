// The funnel's counts and markers, kept by the database as the state changes.
//
// Counts: a competition's funnel is 16 counter items (`FUNNEL#<id>` / `COUNT#<shard>`), each
// with one number attribute per stage (`submitted`) and per stage and scope
// (`submitted@theme:<id>`). A state change (submit, screen, shortlist, award, accept, complete)
// ADDs ±1 to one shard in the same transaction as the change, which happens once by its own
// conditions, so the counts are exact; the shard is picked by the application's id so a surge
// of submissions does not contend on one item. Reading the funnel is one Query of the shards.
//
// Markers: one item per organisation (by `organisationKey`) that engaged (`ORG#<key>`), written
// with a condition so it counts once however many people from it ask or start; it sits on GSI1
// (`FOLLOWUP#<competitionId>`) until the organisation submits, which is the follow-up list.
import { BatchGetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Page } from '../../shared/schemas/common.js'
import { FollowUp } from '../../shared/schemas/funnel.js'
import type { Db } from './client.js'
import { assessKeys } from './assessing-repo.js'
import { queryIndexPage } from './query-page.js'
import { indexes, keys } from './table.js'
import { commit, ConditionFailed, write, type Write } from './write.js'

export const SHARDS = 16

export const funnelKeys = {
  pk: (competitionId: string) => `FUNNEL#${competitionId}`,
  shard: (n: number) => `COUNT#${String(n).padStart(2, '0')}`,
  organisation: (key: string) => `ORG#${key}`,
  /** GSI1: organisations engaged and not (yet) applied, oldest engagement first. */
  followUp: (competitionId: string) => `FOLLOWUP#${competitionId}`,
  followUpSort: (engagedAt: string, key: string) => `${engagedAt}#${key}`,
}

/** The attribute a stage is counted in, overall or under a scope. */
export const countAttribute = (stage: string, scope?: string) => (scope ? `${stage}@${scope}` : stage)

function shardOf(seed: string): number {
  let h = 0
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0
  return h % SHARDS
}

export type CountMove = {
  applicationId: string
  deltas: Partial<Record<string, number>>
  scopes: readonly string[]
}

/**
 * One ADD on one shard for every move of a transaction (a transaction may touch an item once,
 * so a bulk decision's moves are summed into the first application's shard). Undefined when
 * nothing moves.
 */
export function funnelCount(db: Db, competitionId: string, moves: readonly CountMove[]): Write<never> | undefined {
  const sums = new Map<string, number>()
  const add = (attribute: string, n: number) => sums.set(attribute, (sums.get(attribute) ?? 0) + n)
  for (const move of moves) {
    for (const [stage, n] of Object.entries(move.deltas)) {
      if (!n) continue
      add(countAttribute(stage), n)
      for (const scope of move.scopes) add(countAttribute(stage, scope), n)
    }
  }
  const changed = [...sums].filter(([, n]) => n !== 0)
  if (!changed.length || !moves[0]) return undefined
  const names: Record<string, string> = { '#entity': 'entity' }
  const values: Record<string, unknown> = { ':entity': 'funnelCount' }
  const adds = changed.map(([attribute, n], i) => {
    names[`#a${i}`] = attribute
    values[`:v${i}`] = n
    return `#a${i} :v${i}`
  })
  return write({
    Update: {
      TableName: db.tableName,
      Key: {
        [keys.partition]: funnelKeys.pk(competitionId),
        [keys.sort]: funnelKeys.shard(shardOf(moves[0].applicationId)),
      },
      UpdateExpression: `SET #entity = :entity ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  })
}

/** Every count of a competition's funnel, summed over its shards (one Query). */
export async function readFunnelCounts(db: Db, competitionId: string): Promise<Map<string, number>> {
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :count)',
      ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
      ExpressionAttributeValues: { ':pk': funnelKeys.pk(competitionId), ':count': 'COUNT#' },
    }),
  )
  const counts = new Map<string, number>()
  for (const item of Items ?? []) {
    for (const [attribute, value] of Object.entries(item)) {
      if (typeof value === 'number') counts.set(attribute, (counts.get(attribute) ?? 0) + value)
    }
  }
  return counts
}

export type Engagement = { key: string; name: string; via: 'question' | 'eoi' | 'event'; at: string }

/**
 * Marks the organisation engaged and counts it, once: the marker's condition makes a second
 * engagement (another person, another question) only add how it engaged, never count again.
 */
export async function recordEngagement(db: Db, competitionId: string, e: Engagement): Promise<void> {
  const marker = { [keys.partition]: funnelKeys.pk(competitionId), [keys.sort]: funnelKeys.organisation(e.key) }
  try {
    await commit(db, [
      write(
        {
          Update: {
            TableName: db.tableName,
            Key: marker,
            UpdateExpression:
              'SET #entity = :entity, #name = :name, #key = :key, #at = :at, #g1 = :followUp, #g1s = :sort ADD #via :via',
            ConditionExpression: 'attribute_not_exists(#at)',
            ExpressionAttributeNames: {
              '#entity': 'entity',
              '#name': 'name',
              '#key': 'organisationKey',
              '#at': 'engagedAt',
              '#via': 'via',
              '#g1': indexes.byKind.partition,
              '#g1s': indexes.byKind.sort,
            },
            ExpressionAttributeValues: {
              ':entity': 'funnelOrganisation',
              ':name': e.name,
              ':key': e.key,
              ':at': e.at,
              ':followUp': funnelKeys.followUp(competitionId),
              ':sort': funnelKeys.followUpSort(e.at, e.key),
              ':via': new Set([e.via]),
            },
          },
        },
        'engaged-once',
      ),
      funnelCount(db, competitionId, [{ applicationId: e.key, deltas: { engaged: 1 }, scopes: [] }])!,
    ])
  } catch (error) {
    if (!(error instanceof ConditionFailed && error.failed('engaged-once'))) throw error
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: marker,
        UpdateExpression: 'ADD #via :via',
        ExpressionAttributeNames: { '#via': 'via' },
        ExpressionAttributeValues: { ':via': new Set([e.via]) },
      }),
    )
  }
}

/**
 * The organisation has applied (in the submit transaction): off the follow-up list. An
 * applicant whose engagement was never recorded gets a marker without `engagedAt`.
 */
export const markApplied = (db: Db, competitionId: string, key: string, at: string) =>
  write({
    Update: {
      TableName: db.tableName,
      Key: { [keys.partition]: funnelKeys.pk(competitionId), [keys.sort]: funnelKeys.organisation(key) },
      UpdateExpression: 'SET #entity = :entity, #applied = if_not_exists(#applied, :at) REMOVE #g1, #g1s',
      ExpressionAttributeNames: {
        '#entity': 'entity',
        '#applied': 'appliedAt',
        '#g1': indexes.byKind.partition,
        '#g1s': indexes.byKind.sort,
      },
      ExpressionAttributeValues: { ':entity': 'funnelOrganisation', ':at': at },
    },
  })

/** Organisations engaged and not applied, oldest engagement first. */
export function listFollowUp(
  db: Db,
  competitionId: string,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<Page<FollowUp>> {
  return queryIndexPage(db, {
    index: indexes.byKind,
    partition: funnelKeys.followUp(competitionId),
    limit,
    cursor,
    // Applied since it engaged, or applied before its engagement was recorded.
    filter: { expression: 'attribute_not_exists(#applied)', names: { '#applied': 'appliedAt' }, values: {} },
    parse: (item) =>
      FollowUp.parse({
        name: item.name,
        organisationKey: item.organisationKey,
        engagedAt: item.engagedAt,
        via: [...((item.via as Set<string> | undefined) ?? [])].sort(),
      }),
  })
}

/** Where an application stands for the funnel, read from its candidate item. */
export type FunnelFacts = { scopes: string[]; eligible: boolean; shortlisted: boolean }

/**
 * The candidates' funnel scopes and screening and shortlist outcomes (one strongly consistent
 * BatchGetItem of at most 100). A candidate submitted before scopes were kept counts under its
 * themes.
 */
export async function readFunnelFacts(
  db: Db,
  competitionId: string,
  applicationIds: readonly string[],
): Promise<Map<string, FunnelFacts>> {
  const ids = [...new Set(applicationIds)]
  const facts = new Map<string, FunnelFacts>()
  if (!ids.length) return facts
  if (ids.length > 100) throw new Error('at most 100 candidates at once')
  let request: Record<string, { Keys: Record<string, unknown>[]; [k: string]: unknown }> | undefined = {
    [db.tableName]: {
      Keys: ids.map((id) => ({
        [keys.partition]: assessKeys.pk(competitionId),
        [keys.sort]: assessKeys.candidate(id),
      })),
      ConsistentRead: true,
      ProjectionExpression: '#id, #scopes, #themes, #screening, #shortlist',
      ExpressionAttributeNames: {
        '#id': 'applicationId',
        '#scopes': 'funnelScopes',
        '#themes': 'themeIds',
        '#screening': 'screening',
        '#shortlist': 'shortlist',
      },
    },
  }
  while (request && Object.keys(request).length) {
    const out = await db.doc.send(new BatchGetCommand({ RequestItems: request as never }))
    for (const item of out.Responses?.[db.tableName] ?? []) {
      const themeIds = (item.themeIds ?? []) as string[]
      facts.set(String(item.applicationId), {
        scopes: (item.funnelScopes as string[] | undefined) ?? themeIds.map((id) => `theme:${id}`),
        eligible: (item.screening as { outcome?: string } | undefined)?.outcome === 'eligible',
        shortlisted: (item.shortlist as { outcome?: string } | undefined)?.outcome === 'shortlisted',
      })
    }
    request = out.UnprocessedKeys as typeof request
  }
  return facts
}
