// Feedback lives in one partition per competition, `FEEDBACK#<competitionId>`:
//
//   RELEASE                         the feedback settings and the one release (status, time, progress)
//   SIGNPOST#<signpostId>           a support service in the competition's directory
//   FB#<applicationId>              the feedback as it stands (what the applicant reads once released)
//   FBV#<applicationId>#<version>   a released version replaced by a later edit: written once, kept
//   CALL#<applicationId>            the applicant's feedback call (one open at a time)
//   LOCK                            the assessment's lock: a count of the writes that shape a decision,
//                                   and `lockedAt` once a release is scheduled or made
//
// A release that is scheduled, or under way, is also on GSI1 under `RELEASE#due`, sorted by
// when it is due, so the scheduler finds due releases with one query and never scans.
import { GetCommand, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb'
import * as z from 'zod/mini'
import { ChosenSignpost, Feedback, FeedbackCall, FeedbackRelease, Signpost } from '../../shared/schemas/feedback.js'
import type { Db } from './client.js'
import { getItems } from './assessing-repo.js'
import { queryEvery } from './query-page.js'
import { indexes, keys } from './table.js'
import { write } from './write.js'

export const feedbackKeys = {
  pk: (competitionId: string) => `FEEDBACK#${competitionId}`,
  release: 'RELEASE',
  signpost: (signpostId: string) => `SIGNPOST#${signpostId}`,
  feedback: (applicationId: string) => `FB#${applicationId}`,
  version: (applicationId: string, version: number) => `FBV#${applicationId}#${String(version).padStart(6, '0')}`,
  call: (applicationId: string) => `CALL#${applicationId}`,
  lock: 'LOCK',
  /** GSI1: releases due (scheduled or under way), by the time they are due. */
  due: 'RELEASE#due',
}

const key = (competitionId: string, sk: string) => ({
  [keys.partition]: feedbackKeys.pk(competitionId),
  [keys.sort]: sk,
})

/**
 * The release items this process read whole or wrote, by the release they hold: a write from
 * one at its version says what it replaces, so the audit need not read it again (audit-capture.ts).
 */
const storedReleases = new WeakMap<FeedbackRelease, Record<string, unknown>>()

/** The settings and release of a competition that has none saved yet. */
export const blankRelease = (competitionId: string): FeedbackRelease => ({
  competitionId,
  showScores: false,
  status: 'draft',
  emailed: 0,
  version: 0,
})

/** Feedback with its word count, which the overview reads without the text. */
export type StoredFeedback = Feedback & { words: number }

/** Every attribute but the feedback's text: the release, services and calls whole, feedback summarised (with the services it names). */
const SUMMARY_ATTRIBUTES = [
  ...['entity', 'competitionId', 'applicationId', 'organisationName', 'version', 'updatedAt', 'words', 'signposts'],
  ...[
    'showScores',
    'status',
    'scheduledAt',
    'releasedAt',
    'releasedBy',
    'releasedByName',
    'emailed',
    'cursor',
    'withoutSheetsReason',
    'unsuccessfulRetentionMonths',
    'unsuccessfulEoisErasedAt',
  ],
  ...['id', 'name', 'helpsWith', 'url', 'contact', 'tags', 'audience', 'topics'],
  ...['preferredTimes', 'question', 'requestedAt', 'arrangement', 'arrangedAt', 'doneAt', 'earlier'],
]

export type FeedbackPartition = {
  release: FeedbackRelease
  signposts: Signpost[]
  feedback: Map<string, StoredFeedback>
  calls: Map<string, FeedbackCall>
}

/** Everything of a competition's feedback except replaced versions: one query, following pages. */
export async function getFeedbackPartition(
  db: Db,
  competitionId: string,
  { consistent = false, text = true } = {},
): Promise<FeedbackPartition> {
  const names: Record<string, string> = { '#pk': keys.partition, '#entity': 'entity' }
  // The overview needs who has feedback and how long it is, not the text.
  const projection = text
    ? undefined
    : SUMMARY_ATTRIBUTES.map((name) => {
        names[`#${name}`] = name
        return `#${name}`
      }).join(', ')
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk',
    // Replaced versions (FBV#) are read only with their application's feedback.
    FilterExpression: '#entity <> :version',
    ProjectionExpression: projection,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: { ':pk': feedbackKeys.pk(competitionId), ':version': 'feedbackVersion' },
    ConsistentRead: consistent,
  })
  const partition: FeedbackPartition = {
    release: blankRelease(competitionId),
    signposts: [],
    feedback: new Map(),
    calls: new Map(),
  }
  for (const item of items) {
    if (item.entity === 'feedbackRelease') partition.release = FeedbackRelease.parse(item)
    else if (item.entity === 'signpost') partition.signposts.push(Signpost.parse(item))
    else if (item.entity === 'feedback')
      partition.feedback.set(String(item.applicationId), text ? parseFeedback(item) : summaryOf(item))
    else if (item.entity === 'feedbackCall') partition.calls.set(String(item.applicationId), FeedbackCall.parse(item))
  }
  partition.signposts.sort((a, b) => a.name.localeCompare(b.name))
  return partition
}

function parseFeedback(item: Record<string, unknown>): StoredFeedback {
  return { ...Feedback.parse(item), words: Number(item.words ?? 0) }
}

/** The overview's projection: no text, only what it shows (the services named, to flag an applicant told of none). */
function summaryOf(item: Record<string, unknown>): StoredFeedback {
  return {
    competitionId: String(item.competitionId),
    applicationId: String(item.applicationId),
    organisationName: String(item.organisationName),
    decision: '',
    panelComments: '',
    strengths: '',
    improvements: '',
    signposts: z.array(ChosenSignpost).parse(item.signposts ?? []),
    scores: [],
    version: Number(item.version),
    updatedAt: String(item.updatedAt),
    updatedBy: '',
    updatedByName: '',
    changes: [],
    words: Number(item.words ?? 0),
  }
}

export type FeedbackItems = {
  release: FeedbackRelease
  feedback?: StoredFeedback
  call?: FeedbackCall
  signposts: Signpost[]
}

/** One application's feedback, call and the release, with the given services: one batch read. */
export async function getFeedbackItems(
  db: Db,
  competitionId: string,
  {
    applicationId,
    signpostIds = [],
    consistent = true,
  }: { applicationId?: string; signpostIds?: string[]; consistent?: boolean },
): Promise<FeedbackItems> {
  const sks = [
    feedbackKeys.release,
    ...(applicationId ? [feedbackKeys.feedback(applicationId), feedbackKeys.call(applicationId)] : []),
    ...signpostIds.map(feedbackKeys.signpost),
  ]
  const items = await getItems(db, sks.map((sk) => key(competitionId, sk)) as { pk: string; sk: string }[], consistent)
  const found: FeedbackItems = { release: blankRelease(competitionId), signposts: [] }
  for (const item of items) {
    if (item.entity === 'feedbackRelease') found.release = FeedbackRelease.parse(item)
    else if (item.entity === 'feedback') found.feedback = parseFeedback(item)
    else if (item.entity === 'feedbackCall') found.call = FeedbackCall.parse(item)
    else if (item.entity === 'signpost') found.signposts.push(Signpost.parse(item))
  }
  return found
}

/** The release and settings alone (a single read, for the routes that gate on release). */
export async function getRelease(db: Db, competitionId: string, { consistent = true } = {}): Promise<FeedbackRelease> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: key(competitionId, feedbackKeys.release),
      ConsistentRead: consistent,
    }),
  )
  if (!Item) return blankRelease(competitionId)
  const release = FeedbackRelease.parse(Item)
  storedReleases.set(release, Item)
  return release
}

/** The releases of several competitions at once (an applicant's list of EOIs). */
export async function getReleases(db: Db, competitionIds: string[]): Promise<Map<string, FeedbackRelease>> {
  const unique = [...new Set(competitionIds)]
  const items = await getItems(
    db,
    unique.map((id) => key(id, feedbackKeys.release)) as { pk: string; sk: string }[],
    false,
  )
  const found = new Map(unique.map((id) => [id, blankRelease(id)]))
  for (const item of items) {
    const release = FeedbackRelease.parse(item)
    found.set(release.competitionId, release)
  }
  return found
}

/** Released versions of one application's feedback that later edits replaced, oldest first. */
export async function listReplacedVersions(db: Db, competitionId: string, applicationId: string): Promise<Feedback[]> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
    ExpressionAttributeValues: { ':pk': feedbackKeys.pk(competitionId), ':prefix': `FBV#${applicationId}#` },
  })
  return items.map((item) => Feedback.parse(item))
}

/** Releases due by `at` (scheduled for then or earlier, or under way). */
export async function listDueReleases(db: Db, at: string): Promise<string[]> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    IndexName: indexes.byKind.name,
    KeyConditionExpression: '#pk = :pk AND #sk <= :at',
    ExpressionAttributeNames: { '#pk': indexes.byKind.partition, '#sk': indexes.byKind.sort },
    // "~" sorts after every id character, so a release due exactly at `at` is included.
    ExpressionAttributeValues: { ':pk': feedbackKeys.due, ':at': `${at}~` },
  })
  return items.map((item) => String(item.competitionId))
}

// — Writes: each returns transaction items, so core composes them with their conditions —

/** The condition that an item is still at `version` (0: does not exist yet). */
function atVersion(version: number): {
  ConditionExpression: string
  ExpressionAttributeNames: Record<string, string>
  ExpressionAttributeValues?: Record<string, NativeAttributeValue>
} {
  return version === 0
    ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': keys.partition } }
    : {
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': version },
      }
}

export const signpostPut = (db: Db, signpost: Signpost, expectedVersion: number) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: { ...key(signpost.competitionId, feedbackKeys.signpost(signpost.id)), entity: 'signpost', ...signpost },
        ...atVersion(expectedVersion),
      },
    },
    'signpost-version',
  )

export const signpostDelete = (db: Db, competitionId: string, signpostId: string) =>
  write(
    {
      Delete: {
        TableName: db.tableName,
        Key: key(competitionId, feedbackKeys.signpost(signpostId)),
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#pk': keys.partition },
      },
    },
    'signpost-exists',
  )

export const feedbackPut = (db: Db, feedback: StoredFeedback, expectedVersion: number) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: {
          ...key(feedback.competitionId, feedbackKeys.feedback(feedback.applicationId)),
          entity: 'feedback',
          ...feedback,
        },
        ...atVersion(expectedVersion),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    'feedback-version',
  )

/** Keeps a released version that an edit replaces; never written twice. */
export const replacedVersionPut = (db: Db, feedback: Feedback) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: {
          ...key(feedback.competitionId, feedbackKeys.version(feedback.applicationId, feedback.version)),
          entity: 'feedbackVersion',
          ...feedback,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': keys.partition },
      },
    },
    'version-new',
  )

/**
 * The settings and release item at `expectedVersion`; GSI1 lists it while a release is due.
 * `notDueBy`: and only if it was not yet due then (cancelling must not take back what applicants saw).
 * `was`: the release as read at `expectedVersion` (the audit then knows what this replaces
 * where this process read or wrote it whole). Once committed, `release` is what is stored.
 */
export const releasePut = (
  db: Db,
  release: FeedbackRelease,
  expectedVersion: number,
  { notDueBy, was }: { notDueBy?: string; was?: FeedbackRelease } = {},
) => {
  const condition = atVersion(expectedVersion)
  const dueAt =
    release.status === 'scheduled'
      ? release.scheduledAt
      : release.status === 'releasing'
        ? release.releasedAt
        : undefined
  const item = {
    ...key(release.competitionId, feedbackKeys.release),
    ...(dueAt
      ? {
          [indexes.byKind.partition]: feedbackKeys.due,
          [indexes.byKind.sort]: `${dueAt}#${release.competitionId}`,
        }
      : {}),
    entity: 'feedbackRelease',
    ...release,
  }
  // Core carries on from `release` only once this has committed (its version then names this item).
  storedReleases.set(release, item)
  // The version condition pins what is replaced: every write of the release moves its version.
  const before = was && was.version === expectedVersion ? storedReleases.get(was) : undefined
  return write(
    {
      Put: {
        TableName: db.tableName,
        Item: item,
        ...condition,
        ...(notDueBy
          ? {
              ConditionExpression: `${condition.ConditionExpression} AND #scheduledAt > :notDueBy`,
              ExpressionAttributeNames: { ...condition.ExpressionAttributeNames, '#scheduledAt': 'scheduledAt' },
              ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ':notDueBy': notDueBy },
            }
          : {}),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    'release-version',
    before ? { before } : undefined,
  )
}

/**
 * A change that depends on the release (an edit recorded as after release or not, an offer
 * sent or held back) holds only if the release is still as it was read.
 */
export const releaseUnchanged = (db: Db, release: FeedbackRelease) =>
  write(
    {
      ConditionCheck: {
        TableName: db.tableName,
        Key: key(release.competitionId, feedbackKeys.release),
        ...atVersion(release.version),
      },
    },
    'release-unchanged',
  )

/** No release has been scheduled or made: the competition still takes submissions and extensions. */
export const releaseNotStarted = (db: Db, competitionId: string) =>
  write(
    {
      ConditionCheck: {
        TableName: db.tableName,
        Key: key(competitionId, feedbackKeys.release),
        ConditionExpression: 'attribute_not_exists(#pk) OR #status = :draft',
        ExpressionAttributeNames: { '#pk': keys.partition, '#status': 'status' },
        ExpressionAttributeValues: { ':draft': 'draft' },
      },
    },
    'release-not-started',
  )

// — The assessment's lock —
//
// Every write that shapes a decision (scores, moderation, reopening, conflicts, the rubric, the
// pitch schedule, screening, shortlisting, recommendations) counts itself on this item, on
// condition that it is not locked. A release locks it on condition that the count is still the
// one it read before checking what it releases. So a write racing a release either lands
// before the release read, or the release is refused as stale, or the write is refused.

/** The lock as it stands: how many decision-shaping writes there have been, and whether a release holds it. */
export type AssessmentLock = { revision: number; lockedAt?: string }

/** The lock items this process read, by the lock read from them (null: there was none). */
const storedLocks = new WeakMap<AssessmentLock, Record<string, unknown> | null>()

export async function getAssessmentLock(db: Db, competitionId: string): Promise<AssessmentLock> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: key(competitionId, feedbackKeys.lock), ConsistentRead: true }),
  )
  const lock: AssessmentLock = {
    revision: Number(Item?.revision ?? 0),
    ...(typeof Item?.lockedAt === 'string' ? { lockedAt: Item.lockedAt } : {}),
  }
  storedLocks.set(lock, Item ?? null)
  return lock
}

/** A decision-shaping write: holds only while no release has locked the assessment; counts itself. */
export const assessmentUnlocked = (db: Db, competitionId: string) =>
  write(
    {
      Update: {
        TableName: db.tableName,
        Key: key(competitionId, feedbackKeys.lock),
        UpdateExpression: 'SET #entity = :entity, #cid = :cid ADD #revision :one',
        ConditionExpression: 'attribute_not_exists(#lockedAt)',
        ExpressionAttributeNames: {
          '#entity': 'entity',
          '#cid': 'competitionId',
          '#revision': 'revision',
          '#lockedAt': 'lockedAt',
        },
        ExpressionAttributeValues: { ':entity': 'assessmentLock', ':cid': competitionId, ':one': 1 },
      },
    },
    'decisions-not-released',
  )

/**
 * Locks the assessment for a release, only if no decision-shaping write has landed since `read`.
 * Where this process read the lock, the condition pins it as read (its revision, and whether and
 * when it was locked), so the audit is told what it was and becomes without reading it.
 */
export const lockAssessment = (db: Db, competitionId: string, read: AssessmentLock, at: string) => {
  const stored = storedLocks.get(read)
  const pinned = stored !== undefined
  const names: Record<string, string> = {
    '#entity': 'entity',
    '#cid': 'competitionId',
    '#revision': 'revision',
    '#lockedAt': 'lockedAt',
  }
  const values: Record<string, NativeAttributeValue> = { ':entity': 'assessmentLock', ':cid': competitionId, ':at': at }
  const conditions = [read.revision === 0 ? 'attribute_not_exists(#revision)' : '#revision = :revision']
  if (read.revision !== 0) values[':revision'] = read.revision
  if (pinned && stored === null) {
    names['#pk'] = keys.partition
    conditions.push('attribute_not_exists(#pk)')
  } else if (pinned && typeof stored.lockedAt === 'string') {
    conditions.push('#lockedAt = :lockedAt')
    values[':lockedAt'] = stored.lockedAt
  } else if (pinned) conditions.push('attribute_not_exists(#lockedAt)')
  // Entity and competition are written together and never change, so with these the whole item is pinned.
  if (pinned && stored !== null && stored.entity === undefined) conditions.push('attribute_not_exists(#entity)')
  const images = pinned
    ? {
        before: stored,
        after: {
          ...(stored ?? key(competitionId, feedbackKeys.lock)),
          entity: 'assessmentLock',
          competitionId,
          lockedAt: typeof stored?.lockedAt === 'string' ? stored.lockedAt : at,
        },
      }
    : undefined
  return write(
    {
      Update: {
        TableName: db.tableName,
        Key: key(competitionId, feedbackKeys.lock),
        UpdateExpression: 'SET #entity = :entity, #cid = :cid, #lockedAt = if_not_exists(#lockedAt, :at)',
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    'lock-unchanged',
    images,
  )
}

/** Unlocks the assessment when a scheduled release is cancelled before it is due. */
export const unlockAssessment = (db: Db, competitionId: string) =>
  write({
    Update: {
      TableName: db.tableName,
      Key: key(competitionId, feedbackKeys.lock),
      UpdateExpression: 'REMOVE #lockedAt',
      ExpressionAttributeNames: { '#lockedAt': 'lockedAt' },
    },
  })

/**
 * The applicant's call: a new one only where there is none or the last is done (one at a
 * time, checked by the database); a change only at the version read.
 */
export const callPut = (db: Db, call: FeedbackCall, expected: 'new' | number) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: { ...key(call.competitionId, feedbackKeys.call(call.applicationId)), entity: 'feedbackCall', ...call },
        ...(expected === 'new'
          ? {
              ConditionExpression: 'attribute_not_exists(#pk) OR (#status = :done AND #version = :version)',
              ExpressionAttributeNames: { '#pk': keys.partition, '#status': 'status', '#version': 'version' },
              ExpressionAttributeValues: { ':done': 'done', ':version': call.version - 1 },
            }
          : atVersion(expected)),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    'call-version',
  )
