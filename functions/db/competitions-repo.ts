// Storage of the competition aggregate: the competition item and its challenges, themes
// and data-pack items, all in one partition so a competition page is one Query.
//
// Every write to the aggregate goes through `commitCompetitionChanges`, one transaction
// guarded by the competition's `revision`: whatever else changed the competition (an edit,
// a publish, later an award) bumps it, so a decision made on a stale read cannot commit.
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import type * as z from 'zod/mini'
import type { Page } from '../../shared/schemas/common.js'
import {
  Challenge,
  Competition,
  DataPackItem,
  Theme,
  type CompetitionStatus,
} from '../../shared/schemas/competition.js'
import { Question } from '../../shared/schemas/form.js'
import type { Db } from './client.js'
import { queryEvery, queryIndexPage } from './query-page.js'
import { indexes, keys } from './table.js'
import { commit, write, type TransactItem } from './write.js'

export const competitionKeys = {
  pk: (competitionId: string) => `COMP#${competitionId}`,
  sk: 'COMP',
  challengeSk: (challengeId: string) => `CHAL#${challengeId}`,
  themeSk: (themeId: string) => `THEME#${themeId}`,
  itemSk: (itemId: string) => `ITEM#${itemId}`,
  questionSk: (questionId: string) => `FORMQ#${questionId}`,
  /** GSI1: competitions by status, published ones in closing-date order, drafts newest last. */
  byStatus: (status: CompetitionStatus) => `COMPS#${status}`,
  byStatusSort: (competition: Competition) =>
    competition.status === 'published'
      ? `${competition.timeline.eoiClosesAt ?? ''}#${competition.id}`
      : `${competition.createdAt}#${competition.id}`,
}

export type Child =
  | { entity: 'challenge'; value: Challenge }
  | { entity: 'theme'; value: Theme }
  | { entity: 'dataPackItem'; value: DataPackItem }
  | { entity: 'question'; value: Question }

export type ChildRef = { entity: Child['entity']; id: string }

export type CompetitionAggregate = {
  competition: Competition
  /** Internal optimistic-concurrency counter of the whole aggregate. */
  revision: number
  challenges: Challenge[]
  themes: Theme[]
  items: DataPackItem[]
  /** The EOI form's questions, in form order. */
  questions: Question[]
}

const childSk = {
  challenge: competitionKeys.challengeSk,
  theme: competitionKeys.themeSk,
  dataPackItem: competitionKeys.itemSk,
  question: competitionKeys.questionSk,
}
const childSchema: Record<Child['entity'], z.ZodMiniType> = {
  challenge: Challenge,
  theme: Theme,
  dataPackItem: DataPackItem,
  question: Question,
}

function competitionToItem(competition: Competition, revision: number) {
  return {
    [keys.partition]: competitionKeys.pk(competition.id),
    [keys.sort]: competitionKeys.sk,
    [indexes.byKind.partition]: competitionKeys.byStatus(competition.status),
    [indexes.byKind.sort]: competitionKeys.byStatusSort(competition),
    entity: 'competition',
    ...competition,
    revision,
  }
}

function childToItem(competitionId: string, child: Child) {
  return {
    [keys.partition]: competitionKeys.pk(competitionId),
    [keys.sort]: childSk[child.entity](child.value.id),
    entity: child.entity,
    ...child.value,
  }
}

type Item = Record<string, unknown>

/** Parsing drops keys, index attributes and the entity tag: none reach callers. */
const competitionFromItem = (item: Item) => Competition.parse(item)

/** The competition item's key, to read it in a batch with other items. */
export const competitionItemKey = (competitionId: string) => ({
  [keys.partition]: competitionKeys.pk(competitionId),
  [keys.sort]: competitionKeys.sk,
})

/** A competition item read by key (in a batch), without its aggregate. */
export const parseCompetitionItem = (item: Item) => competitionFromItem(item)

/** The competition alone (no challenges, themes or form), or undefined. */
export async function getCompetition(
  db: Db,
  competitionId: string,
  { consistent = false } = {},
): Promise<Competition | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: competitionItemKey(competitionId), ConsistentRead: consistent }),
  )
  return Item ? competitionFromItem(Item) : undefined
}

/**
 * The whole aggregate in one Query (more only if it outgrows 1 MB). Decisions read it
 * `consistent`ly, so they see the write just before them; public pages need not.
 */
export async function getCompetitionAggregate(
  db: Db,
  competitionId: string,
  { consistent = false }: { consistent?: boolean } = {},
): Promise<CompetitionAggregate | undefined> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': keys.partition },
    ExpressionAttributeValues: { ':pk': competitionKeys.pk(competitionId) },
    ConsistentRead: consistent,
  })

  const root = items.find((item) => item.entity === 'competition')
  if (!root) return undefined
  const of = <T>(entity: Child['entity']) =>
    items.filter((i) => i.entity === entity).map((i) => childSchema[entity].parse(i) as T)
  return {
    competition: competitionFromItem(root),
    revision: Number(root.revision),
    challenges: of<Challenge>('challenge'),
    themes: of<Theme>('theme'),
    items: of<DataPackItem>('dataPackItem'),
    questions: of<Question>('question').sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1)),
  }
}

/**
 * Competitions of one status. Published ones come latest-closing first; with `closingAfter`
 * only those still taking EOIs, soonest-closing first. Drafts come newest first.
 */
export async function listCompetitionsByStatus(
  db: Db,
  status: CompetitionStatus,
  { limit, cursor, closingAfter }: { limit: number; cursor?: string; closingAfter?: string },
): Promise<Page<Competition>> {
  return queryIndexPage(db, {
    index: indexes.byKind,
    partition: competitionKeys.byStatus(status),
    limit,
    cursor,
    parse: competitionFromItem,
    forward: Boolean(closingAfter),
    range: closingAfter ? { after: closingAfter } : undefined,
  })
}

/** Creates a competition; fails with ConditionFailed (`'competition-new'`) if the id is taken. */
export async function insertCompetition(db: Db, competition: Competition): Promise<void> {
  // Through commit, so creating a competition is audited like every other change.
  await commit(db, [
    write(
      {
        Put: {
          TableName: db.tableName,
          Item: competitionToItem(competition, 1),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.partition },
        },
      },
      'competition-new',
    ),
  ])
}

export type CompetitionChanges = {
  competitionId: string
  /** The revision the changes were decided on; the commit fails if it moved. */
  expectedRevision: number
  updatedAt: string
  /** The competition as it should now be (omit to only bump the revision). */
  competition?: Competition
  puts?: Child[]
  deletes?: ChildRef[]
  /** Delete the competition item itself (its children must be listed in `deletes`). */
  deleteCompetition?: boolean
}

/**
 * Commits changes to one competition atomically. Throws ConditionFailed naming
 * `'competition-revision'` when the revision moved (re-read and decide again), or when
 * lowering the pot below what is committed.
 */
export async function commitCompetitionChanges(db: Db, changes: CompetitionChanges): Promise<void> {
  const { competitionId, expectedRevision } = changes
  const Key = { [keys.partition]: competitionKeys.pk(competitionId), [keys.sort]: competitionKeys.sk }
  const guard = {
    ConditionExpression: '#revision = :revision',
    ExpressionAttributeNames: { '#revision': 'revision' },
    ExpressionAttributeValues: { ':revision': expectedRevision },
  }
  let root: TransactItem
  if (changes.deleteCompetition) {
    root = { Delete: { TableName: db.tableName, Key, ...guard } }
  } else if (changes.competition) {
    root = {
      Put: {
        TableName: db.tableName,
        Item: { ...competitionToItem({ ...changes.competition, updatedAt: changes.updatedAt }, expectedRevision + 1) },
        // The pot may never drop below what has been awarded from it.
        ConditionExpression: '#revision = :revision AND #committed <= :pot',
        ExpressionAttributeNames: { '#revision': 'revision', '#committed': 'committedPence' },
        ExpressionAttributeValues: { ':revision': expectedRevision, ':pot': changes.competition.potPence },
      },
    }
  } else {
    root = {
      Update: {
        TableName: db.tableName,
        Key,
        UpdateExpression: 'SET #revision = :next, #updatedAt = :now',
        ...guard,
        ExpressionAttributeNames: { ...guard.ExpressionAttributeNames, '#updatedAt': 'updatedAt' },
        ExpressionAttributeValues: {
          ...guard.ExpressionAttributeValues,
          ':next': expectedRevision + 1,
          ':now': changes.updatedAt,
        },
      },
    }
  }
  const childWrites: TransactItem[] = [
    ...(changes.puts ?? []).map(
      (child): TransactItem => ({ Put: { TableName: db.tableName, Item: childToItem(competitionId, child) } }),
    ),
    ...(changes.deletes ?? []).map(
      (ref): TransactItem => ({
        Delete: {
          TableName: db.tableName,
          Key: { [keys.partition]: competitionKeys.pk(competitionId), [keys.sort]: childSk[ref.entity](ref.id) },
        },
      }),
    ),
  ]
  // A transaction holds at most 100 items. Only deleting a large draft needs more: the
  // competition item goes in the first transaction, so once it commits the rest are orphans
  // no read can reach, removed in following chunks.
  const [first, ...rest] = chunk([write(root, 'competition-revision'), ...childWrites.map((item) => write(item))], 100)
  await commit(db, first!)
  for (const part of rest) await commit(db, part)
}

function chunk<T>(list: T[], size: number): T[][] {
  const parts: T[][] = []
  for (let i = 0; i < list.length; i += size) parts.push(list.slice(i, i + size))
  return parts.length ? parts : [[]]
}

const recentAggregates = new Map<string, { readAt: number; aggregate: Promise<CompetitionAggregate | undefined> }>()
const RECENT_LIMIT = 200

/**
 * The aggregate as this process read it at most `maxAgeMs` ago. Only for checks that can
 * stand a moment's staleness (an autosave's shape checks against the form), never for a
 * decision: those read consistently and commit under the revision guard.
 */
export function getRecentCompetitionAggregate(
  db: Db,
  competitionId: string,
  maxAgeMs = 2_000,
): Promise<CompetitionAggregate | undefined> {
  const key = `${db.tableName}/${competitionId}`
  const cached = recentAggregates.get(key)
  if (cached && Date.now() - cached.readAt <= maxAgeMs) return cached.aggregate
  const aggregate = getCompetitionAggregate(db, competitionId)
  recentAggregates.delete(key)
  recentAggregates.set(key, { readAt: Date.now(), aggregate })
  // Oldest first in a Map: drop the oldest beyond the limit.
  if (recentAggregates.size > RECENT_LIMIT) recentAggregates.delete(recentAggregates.keys().next().value!)
  aggregate.catch(() => recentAggregates.delete(key))
  return aggregate
}
