// Partner matching's items, all in the competition's matching partition: profiles (and the
// count that caps them, and one lock per SME organisation), one introduction per pair of
// profiles with a copy in each side's list, and the relationship an accepted one leaves.
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb'
import type { Page } from '../../shared/schemas/common.js'
import {
  Introduction,
  MAX_MATCH_PROFILES,
  MatchProfile,
  type IntroductionStatus,
} from '../../shared/schemas/matching.js'
import type { Db } from './client.js'
import { queryEvery, queryIndexPage } from './query-page.js'
import { indexes, keys } from './table.js'
import { commit, write, type Write } from './write.js'
import * as z from 'zod/mini'

export const matchingKeys = {
  pk: (competitionId: string) => `MATCH#${competitionId}`,
  profileSk: (profileId: string) => `PROFILE#${profileId}`,
  /** One per SME organisation: holds the id of its profile. */
  organisationSk: (organisationId: string) => `ORG#${organisationId}`,
  countSk: 'COUNT',
  introductionSk: (introductionId: string) => `INTRO#${introductionId}`,
  /** The introduction as listed for one of its two profiles. */
  sideSk: (profileId: string, introductionId: string) => `SIDE#${profileId}#${introductionId}`,
  relationshipSk: (introductionId: string) => `REL#${introductionId}`,
  /**
   * What a relationship leaves for the score sheets' condition: an organisation (by its
   * `organisationKey`) is partnered with another, named by its key (`NAME#…`) or, for an SME, its
   * id (`ORG#…`), the two ways an EOI's organisation is matched.
   */
  partneredSk: (organisationKey: string, mark: string) => `PARTNERED#${organisationKey}#${mark}`,
  /** GSI2: a competition's challenge-owner profiles, oldest first (the managers' list). */
  owners: (competitionId: string) => `MATCHOWNERS#${competitionId}`,
}

const key = (competitionId: string, sk: string) => ({
  [keys.partition]: matchingKeys.pk(competitionId),
  [keys.sort]: sk,
})

/** The profile as stored, with the owner's secret (never in `MatchProfile`). */
export type StoredProfile = { profile: MatchProfile; token?: string }

const Token = z.object({ token: z.optional(z.string()) })

const fromProfileItem = (item: Record<string, unknown>): StoredProfile => ({
  profile: MatchProfile.parse(item),
  ...Token.parse(item),
})

/**
 * Saves a new profile: `'room-for-profile'` (the competition holds fewer than
 * MAX_MATCH_PROFILES), `'one-profile-per-organisation'` (SMEs), `'profile-new'`.
 */
export async function insertProfile(db: Db, profile: MatchProfile, token: string | undefined, email?: Write) {
  const { competitionId } = profile
  await commit(db, [
    write(
      {
        Update: {
          TableName: db.tableName,
          Key: key(competitionId, matchingKeys.countSk),
          UpdateExpression: 'SET entity = :entity ADD profiles :one',
          ConditionExpression: 'attribute_not_exists(profiles) OR profiles < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': MAX_MATCH_PROFILES, ':entity': 'matchCount' },
        },
      },
      'room-for-profile',
    ),
    ...(profile.organisationId
      ? [
          write(
            {
              Put: {
                TableName: db.tableName,
                Item: {
                  ...key(competitionId, matchingKeys.organisationSk(profile.organisationId)),
                  entity: 'matchOrganisation',
                  profileId: profile.id,
                },
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': keys.partition },
              },
            },
            'one-profile-per-organisation',
          ),
        ]
      : []),
    write(
      {
        Put: {
          TableName: db.tableName,
          Item: {
            ...key(competitionId, matchingKeys.profileSk(profile.id)),
            ...(profile.side === 'owner'
              ? {
                  [indexes.byOwner.partition]: matchingKeys.owners(competitionId),
                  [indexes.byOwner.sort]: `${profile.createdAt}#${profile.id}`,
                }
              : {}),
            entity: 'matchProfile',
            ...profile,
            ...(token ? { token } : {}),
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.partition },
        },
      },
      'profile-new',
    ),
    ...(email ? [email] : []),
  ])
}

/** Replaces a profile's fields if it is still at `expectedVersion` (`'profile-version'`). */
export async function updateProfile(db: Db, next: MatchProfile, token: string | undefined, expectedVersion: number) {
  await commit(db, [
    write(
      {
        Put: {
          TableName: db.tableName,
          Item: {
            ...key(next.competitionId, matchingKeys.profileSk(next.id)),
            ...(next.side === 'owner'
              ? {
                  [indexes.byOwner.partition]: matchingKeys.owners(next.competitionId),
                  [indexes.byOwner.sort]: `${next.createdAt}#${next.id}`,
                }
              : {}),
            entity: 'matchProfile',
            ...next,
            ...(token ? { token } : {}),
          },
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      'profile-version',
    ),
  ])
}

export async function getProfile(db: Db, competitionId: string, profileId: string, { consistent = false } = {}) {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: key(competitionId, matchingKeys.profileSk(profileId)),
      ConsistentRead: consistent,
    }),
  )
  return Item?.entity === 'matchProfile' ? fromProfileItem(Item) : undefined
}

/** The id of the profile an SME organisation has in this competition, if any. */
export async function getProfileIdOfOrganisation(db: Db, competitionId: string, organisationId: string) {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: key(competitionId, matchingKeys.organisationSk(organisationId)) }),
  )
  return typeof Item?.profileId === 'string' ? Item.profileId : undefined
}

/** Every profile of a competition (at most MAX_MATCH_PROFILES, held by `'room-for-profile'`): for matching. */
export async function listAllProfiles(db: Db, competitionId: string): Promise<MatchProfile[]> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
    ExpressionAttributeValues: { ':pk': matchingKeys.pk(competitionId), ':prefix': 'PROFILE#' },
  })
  return items.map((item) => MatchProfile.parse(item))
}

/** A page of a competition's challenge-owner profiles, oldest first. */
export async function listOwnerProfiles(
  db: Db,
  competitionId: string,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<Page<MatchProfile>> {
  return queryIndexPage(db, {
    index: indexes.byOwner,
    partition: matchingKeys.owners(competitionId),
    limit,
    cursor,
    parse: (item) => MatchProfile.parse(item),
  })
}

/** Profiles by id (at most 100). */
export async function getProfiles(db: Db, competitionId: string, profileIds: string[]): Promise<MatchProfile[]> {
  const unique = [...new Set(profileIds)]
  if (!unique.length) return []
  if (unique.length > 100) throw new Error('at most 100 profiles at once')
  const found: MatchProfile[] = []
  let request: Record<string, unknown>[] | undefined = unique.map((id) =>
    key(competitionId, matchingKeys.profileSk(id)),
  )
  for (let attempt = 0; request?.length; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt))
    const { Responses, UnprocessedKeys } = await db.doc.send(
      new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: request } } }),
    )
    found.push(...(Responses?.[db.tableName] ?? []).map((item) => MatchProfile.parse(item)))
    request = UnprocessedKeys?.[db.tableName]?.Keys as Record<string, unknown>[] | undefined
  }
  return found
}

// — Introductions —

const introductionItem = (db: Db, intro: Introduction, sk: string) => ({
  Put: {
    TableName: db.tableName,
    Item: { ...key(intro.competitionId, sk), entity: 'matchIntroduction', ...intro },
  },
})

const sideCopies = (db: Db, intro: Introduction) =>
  [intro.fromProfileId, intro.toProfileId].map((profileId) =>
    write(introductionItem(db, intro, matchingKeys.sideSk(profileId, intro.id))),
  )

export async function getIntroduction(
  db: Db,
  competitionId: string,
  introductionId: string,
  { consistent = false } = {},
) {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: key(competitionId, matchingKeys.introductionSk(introductionId)),
      ConsistentRead: consistent,
    }),
  )
  return Item?.entity === 'matchIntroduction' ? Introduction.parse(Item) : undefined
}

/**
 * Records a request: `'pair-open'` holds while the pair has no introduction, or only a withdrawn
 * or closed one (a decline is final; an accepted one stands); `'profiles-opted-in'` while neither
 * side has withdrawn from matching. Its copies go in both sides' lists.
 */
export async function insertIntroduction(db: Db, intro: Introduction, email: Write) {
  const item = introductionItem(db, intro, matchingKeys.introductionSk(intro.id))
  await commit(db, [
    write(
      {
        Put: {
          ...item.Put,
          ConditionExpression: 'attribute_not_exists(#pk) OR #status IN (:withdrawn, :closed)',
          ExpressionAttributeNames: { '#pk': keys.partition, '#status': 'status' },
          ExpressionAttributeValues: {
            ':withdrawn': 'withdrawn' satisfies IntroductionStatus,
            ':closed': 'closed' satisfies IntroductionStatus,
          },
        },
      },
      'pair-open',
    ),
    ...sideCopies(db, intro),
    ...bothOptedIn(db, intro),
    email,
  ])
}

/** Both profiles are still opted in (`'profiles-opted-in'`): a withdrawn profile is asked and accepts nothing. */
const bothOptedIn = (db: Db, intro: Introduction) =>
  [intro.fromProfileId, intro.toProfileId].map((profileId) =>
    write(
      {
        ConditionCheck: {
          TableName: db.tableName,
          Key: key(intro.competitionId, matchingKeys.profileSk(profileId)),
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(withdrawnAt)',
          ExpressionAttributeNames: { '#pk': keys.partition },
        },
      },
      'profiles-opted-in',
    ),
  )

/** What an accepted introduction leaves: the two organisations now work together. */
export type Relationship = {
  introductionId: string
  competitionId: string
  parties: { profileId: string; side: string; organisationKey: string; organisationId?: string }[]
  at: string
}

const RelationshipItem = z.object({
  introductionId: z.string(),
  competitionId: z.string(),
  parties: z.array(
    z.object({
      profileId: z.string(),
      side: z.string(),
      organisationKey: z.string(),
      organisationId: z.optional(z.string()),
    }),
  ),
  at: z.string(),
})

/** How the other side of a partnership may be named on an EOI: its organisation's key, and its id (SMEs). */
export type PartnerName = { organisationKey: string; organisationId?: string }

const marksOf = ({ organisationKey, organisationId }: PartnerName) => [
  `NAME#${organisationKey}`,
  ...(organisationId ? [`ORG#${organisationId}`] : []),
]

/** The partnership marks a relationship leaves, each way round (one per key: two parties may share a name). */
function partneredMarks(db: Db, relationship: Relationship) {
  const [a, b] = relationship.parties
  if (!a || !b) return []
  const sks = new Set(
    [
      [a, b],
      [b, a],
    ].flatMap(([mine, theirs]) =>
      marksOf(theirs!).map((mark) => matchingKeys.partneredSk(mine!.organisationKey, mark)),
    ),
  )
  return [...sks].map((sk) =>
    write({
      Update: {
        TableName: db.tableName,
        Key: key(relationship.competitionId, sk),
        UpdateExpression:
          'SET entity = :entity, introductionIds = list_append(if_not_exists(introductionIds, :none), :ids)',
        ExpressionAttributeValues: { ':entity': 'matchPartnered', ':none': [], ':ids': [relationship.introductionId] },
      },
    }),
  )
}

/**
 * A score sheet's condition (`'not-partnered'`): no accepted introduction has partnered the
 * panellist's organisation (by its key) with the applicant's, as `relationshipConflicts` decides.
 */
export const notPartnered = (db: Db, competitionId: string, panellistOrganisationKey: string, applicant: PartnerName) =>
  marksOf(applicant).map((mark) =>
    write(
      {
        ConditionCheck: {
          TableName: db.tableName,
          Key: key(competitionId, matchingKeys.partneredSk(panellistOrganisationKey, mark)),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.partition },
        },
      },
      'not-partnered',
    ),
  )

/**
 * Moves a requested introduction to `next.status` if it is still requested
 * (`'introduction-requested'`): two answers, or an answer and a withdrawal, cannot both land.
 * An acceptance holds only while both profiles are opted in (`'profiles-opted-in'`), and writes
 * its relationship, and the partnership marks score sheets check, in the same transaction.
 */
export async function answerIntroduction(
  db: Db,
  next: Introduction,
  { emails, relationship }: { emails: Write[]; relationship?: Relationship },
) {
  const item = introductionItem(db, next, matchingKeys.introductionSk(next.id))
  await commit(db, [
    write(
      {
        Put: {
          ...item.Put,
          ConditionExpression: '#status = :requested AND #version = :version',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: {
            ':requested': 'requested' satisfies IntroductionStatus,
            ':version': next.version - 1,
          },
        },
      },
      'introduction-requested',
    ),
    ...sideCopies(db, next),
    ...(next.status === 'accepted' ? bothOptedIn(db, next) : []),
    ...(relationship
      ? [
          write({
            Put: {
              TableName: db.tableName,
              Item: {
                ...key(next.competitionId, matchingKeys.relationshipSk(next.id)),
                entity: 'matchRelationship',
                ...relationship,
              },
            },
          }),
          ...partneredMarks(db, relationship),
        ]
      : []),
    ...emails,
  ])
}

/** A page of the introductions one profile is party to, by pair. */
export async function listIntroductionsOfProfile(
  db: Db,
  competitionId: string,
  profileId: string,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<Page<Introduction>> {
  return queryIndexPage(db, {
    partition: matchingKeys.pk(competitionId),
    range: { beginsWith: `SIDE#${profileId}#` },
    limit,
    cursor,
    parse: (item) => Introduction.parse(item),
  })
}

/** Every introduction one profile is party to (at most one per other profile): for its matches, and to close on withdrawal. */
export async function listAllIntroductionsOfProfile(
  db: Db,
  competitionId: string,
  profileId: string,
  { consistent = false } = {},
) {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    ConsistentRead: consistent,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
    ExpressionAttributeValues: { ':pk': matchingKeys.pk(competitionId), ':prefix': `SIDE#${profileId}#` },
  })
  return items.map((item) => Introduction.parse(item))
}

/** Every relationship accepted introductions left in a competition: for conflicts of interest. */
export async function listRelationships(db: Db, competitionId: string): Promise<Relationship[]> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
    ExpressionAttributeValues: { ':pk': matchingKeys.pk(competitionId), ':prefix': 'REL#' },
  })
  return items.map((item) => RelationshipItem.parse(item))
}
