// Storage of problem intake. Problem owners: `PROBLEMOWNER#<email>` / `OWNER`, listed on GSI1
// (`PROBLEMOWNERS`, by email). Problems: `PROBLEM#<id>` / `PROBLEM`, listed on GSI1 (`PROBLEMS`,
// newest last) and on GSI2 by owner (`OWNERPROBLEMS#<userId>`). A prioritisation round lives in
// `ROUND#<id>`: the round item (listed on GSI1 `ROUNDS`), one `VOTER#<voter>` item per invited
// stakeholder (their group and link token) and one `BALLOT#<voter>` per vote cast. `<voter>` is
// an HMAC of the round and the email under the deployment's secret: no email is stored in the
// round, the pseudonym cannot be recomputed from a guessed address without the secret, and a
// ballot's put is conditional on no ballot under it, so a stakeholder votes once per round.
// So that a stakeholder who signs in can find their rounds, each invitation also puts
// `INVITEE#<invitee>` / `ROUND#<closesAt>#<roundId>` (the round's title and window only), where
// `<invitee>` is an HMAC of the email alone: it links one person's invitations to each other, never
// to their ballot (that takes the secret and the email). It expires a week after the round closes.
import { createHmac } from 'node:crypto'
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import type { Page } from '../../shared/schemas/common.js'
import { Problem, ProblemOwner, Round, StakeholderGroup, VotingMethod } from '../../shared/schemas/intake.js'
import * as z from 'zod/mini'
import type { Db } from './client.js'
import { queryEvery, queryIndexPage } from './query-page.js'
import { indexes, keys, tableDefinition } from './table.js'
import { write, type Write } from './write.js'

export const intakeKeys = {
  ownerPk: (email: string) => `PROBLEMOWNER#${email.toLowerCase()}`,
  ownerSk: 'OWNER',
  owners: 'PROBLEMOWNERS',
  problemPk: (problemId: string) => `PROBLEM#${problemId}`,
  problemSk: 'PROBLEM',
  problems: 'PROBLEMS',
  byOwner: (userId: string) => `OWNERPROBLEMS#${userId}`,
  roundPk: (roundId: string) => `ROUND#${roundId}`,
  roundSk: 'ROUND',
  rounds: 'ROUNDS',
  voterSk: (voter: string) => `VOTER#${voter}`,
  ballotSk: (voter: string) => `BALLOT#${voter}`,
  inviteePk: (invitee: string) => `INVITEE#${invitee}`,
  inviteeSk: (closesAt: string, roundId: string) => `ROUND#${closesAt}#${roundId}`,
}

/** The stakeholder's pseudonym in a round: keyed, so it cannot be recomputed from a guessed email. */
export const voterPseudonym = (db: Db, roundId: string, email: string) =>
  createHmac('sha256', db.cursorKey)
    .update(`stakeholder-voter\0${roundId}\0${email.trim().toLowerCase()}`)
    .digest('base64url')

/** Who was invited, across rounds, for their own list of rounds: keyed too, and never the ballot's key. */
export const inviteePseudonym = (db: Db, email: string) =>
  createHmac('sha256', db.cursorKey).update(`stakeholder-invitee\0${email.trim().toLowerCase()}`).digest('base64url')

// — Problem owners —

export function ownerPut(db: Db, owner: ProblemOwner): Write<'owner-new'> {
  return write(
    {
      Put: {
        TableName: db.tableName,
        Item: {
          [keys.partition]: intakeKeys.ownerPk(owner.email),
          [keys.sort]: intakeKeys.ownerSk,
          [indexes.byKind.partition]: intakeKeys.owners,
          [indexes.byKind.sort]: owner.email.toLowerCase(),
          entity: 'problemOwner',
          ...owner,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': keys.partition },
      },
    },
    'owner-new',
  )
}

export async function getOwner(db: Db, email: string): Promise<ProblemOwner | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: intakeKeys.ownerPk(email), [keys.sort]: intakeKeys.ownerSk },
    }),
  )
  return Item ? ProblemOwner.parse(Item) : undefined
}

export const listOwners = (db: Db, page: { limit: number; cursor?: string }): Promise<Page<ProblemOwner>> =>
  queryIndexPage(db, {
    index: indexes.byKind,
    partition: intakeKeys.owners,
    ...page,
    parse: (i) => ProblemOwner.parse(i),
  })

// — Problems —

const problemKey = (id: string) => ({ [keys.partition]: intakeKeys.problemPk(id), [keys.sort]: intakeKeys.problemSk })

/** Saves a problem: new (`expectedVersion` 0) or replacing the version read. */
export function problemPut(db: Db, problem: Problem, expectedVersion: number): Write<'problem-version'> {
  return write(
    {
      Put: {
        TableName: db.tableName,
        Item: {
          ...problemKey(problem.id),
          [indexes.byKind.partition]: intakeKeys.problems,
          [indexes.byKind.sort]: `${problem.createdAt}#${problem.id}`,
          [indexes.byOwner.partition]: intakeKeys.byOwner(problem.ownerId),
          [indexes.byOwner.sort]: `${problem.createdAt}#${problem.id}`,
          entity: 'problem',
          ...problem,
        },
        ...(expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': keys.partition } }
          : {
              ConditionExpression: '#version = :version',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':version': expectedVersion },
            }),
      },
    },
    'problem-version',
  )
}

export async function getProblem(db: Db, problemId: string, { consistent = false } = {}): Promise<Problem | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: problemKey(problemId), ConsistentRead: consistent }),
  )
  return Item ? Problem.parse(Item) : undefined
}

export const listProblems = (db: Db, page: { limit: number; cursor?: string }): Promise<Page<Problem>> =>
  queryIndexPage(db, { index: indexes.byKind, partition: intakeKeys.problems, ...page, parse: (i) => Problem.parse(i) })

export const listProblemsByOwner = (
  db: Db,
  userId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<Problem>> =>
  queryIndexPage(db, {
    index: indexes.byOwner,
    partition: intakeKeys.byOwner(userId),
    ...page,
    parse: (i) => Problem.parse(i),
  })

// — Rounds —

const roundKey = (id: string) => ({ [keys.partition]: intakeKeys.roundPk(id), [keys.sort]: intakeKeys.roundSk })

export function roundPut(db: Db, round: Round): Write<'round-new'> {
  return write(
    {
      Put: {
        TableName: db.tableName,
        Item: {
          ...roundKey(round.id),
          [indexes.byKind.partition]: intakeKeys.rounds,
          [indexes.byKind.sort]: `${round.createdAt}#${round.id}`,
          entity: 'round',
          ...round,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': keys.partition },
      },
    },
    'round-new',
  )
}

export async function getRound(db: Db, roundId: string, { consistent = false } = {}): Promise<Round | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: roundKey(roundId), ConsistentRead: consistent }),
  )
  return Item ? Round.parse(Item) : undefined
}

export const listRounds = (db: Db, page: { limit: number; cursor?: string }): Promise<Page<Round>> =>
  queryIndexPage(db, { index: indexes.byKind, partition: intakeKeys.rounds, ...page, parse: (i) => Round.parse(i) })

/** Counts invitations on the round, while it has not closed. */
export function roundInvitedAdd(db: Db, roundId: string, count: number, now: string): Write<'round-not-closed'> {
  return write(
    {
      Update: {
        TableName: db.tableName,
        Key: roundKey(roundId),
        UpdateExpression: 'ADD #invited :n',
        ConditionExpression: 'attribute_exists(#pk) AND #closesAt > :now',
        ExpressionAttributeNames: { '#invited': 'invited', '#pk': keys.partition, '#closesAt': 'closesAt' },
        ExpressionAttributeValues: { ':n': count, ':now': now },
      },
    },
    'round-not-closed',
  )
}

/** Records the draft competition made from the round: once. */
export function roundDrafted(db: Db, roundId: string, competitionId: string): Write<'round-not-drafted'> {
  return write(
    {
      Update: {
        TableName: db.tableName,
        Key: roundKey(roundId),
        UpdateExpression: 'SET #competitionId = :c',
        ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#competitionId)',
        ExpressionAttributeNames: { '#competitionId': 'competitionId', '#pk': keys.partition },
        ExpressionAttributeValues: { ':c': competitionId },
      },
    },
    'round-not-drafted',
  )
}

const StoredVoter = z.object({ voter: z.string(), group: StakeholderGroup, token: z.string() })
export type StoredVoter = z.infer<typeof StoredVoter>

/** An invited stakeholder: their group and link token, under their pseudonym. Once per round. */
export function voterPut(db: Db, roundId: string, voter: StoredVoter): Write<'voter-new'> {
  return write(
    {
      Put: {
        TableName: db.tableName,
        Item: {
          [keys.partition]: intakeKeys.roundPk(roundId),
          [keys.sort]: intakeKeys.voterSk(voter.voter),
          entity: 'roundVoter',
          ...voter,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': keys.partition },
      },
    },
    'voter-new',
  )
}

export async function getVoter(db: Db, roundId: string, voter: string): Promise<StoredVoter | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: intakeKeys.roundPk(roundId), [keys.sort]: intakeKeys.voterSk(voter) },
    }),
  )
  return Item ? StoredVoter.parse(Item) : undefined
}

const InvitedRoundItem = z.object({
  roundId: z.string(),
  title: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  method: VotingMethod,
})
export type InvitedRoundItem = z.infer<typeof InvitedRoundItem>

/** The invitation in the stakeholder's own list (put with their voter item, so once per round). */
export function inviteePut(db: Db, invitee: string, round: InvitedRoundItem): Write<never> {
  return write({
    Put: {
      TableName: db.tableName,
      Item: {
        [keys.partition]: intakeKeys.inviteePk(invitee),
        [keys.sort]: intakeKeys.inviteeSk(round.closesAt, round.roundId),
        entity: 'roundInvitee',
        ...round,
        [tableDefinition.timeToLiveAttribute]: Math.ceil(Date.parse(round.closesAt) / 1000) + 7 * 86_400,
      },
    },
  })
}

/** The rounds an invitee may still vote in (closing after `now`), soonest closing first. */
export const listInvitedRounds = (
  db: Db,
  invitee: string,
  now: string,
  page: { limit: number; cursor?: string },
): Promise<Page<InvitedRoundItem>> =>
  queryIndexPage(db, {
    partition: intakeKeys.inviteePk(invitee),
    range: { after: `ROUND#${now}` },
    ...page,
    parse: (i) => InvitedRoundItem.parse(i),
  })

/** Every round in the invitee's own list, closed ones too (until their TTL removes them): for erasure. */
export async function listEveryInvitedRound(db: Db, invitee: string): Promise<InvitedRoundItem[]> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': keys.partition },
    ExpressionAttributeValues: { ':pk': intakeKeys.inviteePk(invitee) },
    ConsistentRead: true,
  })
  return items.map((i) => InvitedRoundItem.parse(i))
}

export const Ballot = z.object({
  voter: z.string(),
  group: StakeholderGroup,
  support: z.array(z.object({ problemId: z.string(), points: z.number() })),
  castAt: z.string(),
})
export type Ballot = z.infer<typeof Ballot>

export async function hasVoted(db: Db, roundId: string, voter: string): Promise<boolean> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: intakeKeys.roundPk(roundId), [keys.sort]: intakeKeys.ballotSk(voter) },
      ConsistentRead: true,
      ProjectionExpression: '#sk',
      ExpressionAttributeNames: { '#sk': keys.sort },
    }),
  )
  return Boolean(Item)
}

/** The ballot cast under this pseudonym, if any: for the stakeholder's own export. */
export async function getBallot(db: Db, roundId: string, voter: string): Promise<Ballot | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: intakeKeys.roundPk(roundId), [keys.sort]: intakeKeys.ballotSk(voter) },
    }),
  )
  return Item ? Ballot.parse(Item) : undefined
}

/**
 * A ballot: only if this voter has none in the round (`ballot-once`), and only while the round
 * is open (`round-open`), both checked by the database in one transaction.
 */
export function ballotWrites(db: Db, roundId: string, ballot: Ballot): Write<'ballot-once' | 'round-open'>[] {
  return [
    write(
      {
        ConditionCheck: {
          TableName: db.tableName,
          Key: roundKey(roundId),
          ConditionExpression: '#opensAt <= :now AND #closesAt > :now',
          ExpressionAttributeNames: { '#opensAt': 'opensAt', '#closesAt': 'closesAt' },
          ExpressionAttributeValues: { ':now': ballot.castAt },
        },
      },
      'round-open',
    ),
    write(
      {
        Put: {
          TableName: db.tableName,
          Item: {
            [keys.partition]: intakeKeys.roundPk(roundId),
            [keys.sort]: intakeKeys.ballotSk(ballot.voter),
            entity: 'ballot',
            ...ballot,
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.partition },
        },
      },
      'ballot-once',
    ),
  ]
}

/** Every ballot of a round (tens to hundreds; read only once the round has closed). */
export async function readBallots(db: Db, roundId: string): Promise<Ballot[]> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :ballot)',
    ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
    ExpressionAttributeValues: { ':pk': intakeKeys.roundPk(roundId), ':ballot': 'BALLOT#' },
  })
  return items.map((item) => Ballot.parse(item))
}
