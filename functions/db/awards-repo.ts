// Awards and the ledger, in one partition per competition, `AWARDS#<competitionId>`:
//
//   AWARD#<applicationId>      the award (one live award per application)
//   IDEM#<key>                 the award an Idempotency-Key made (so a retry returns it)
//   LEDGER#<revision>#<n>      one change to what is committed: written once, never updated
//
// An offer waiting for an answer is also on GSI1 (`OFFERS#open`, by answer-by date), for the lapse sweep.
//
// Every write here goes into a transaction with `potChange`, which moves the competition's
// `committedPence` with it under the competition's revision guard.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { Award, LedgerEntry, type AwardStatus } from '../../shared/schemas/awards.js'
import type { Db } from './client.js'
import { assessKeys } from './assessing-repo.js'
import { queryEvery } from './query-page.js'
import { indexes, keys } from './table.js'
import { competitionItemKey } from './competitions-repo.js'
import { write } from './write.js'

export const awardKeys = {
  pk: (competitionId: string) => `AWARDS#${competitionId}`,
  award: (applicationId: string) => `AWARD#${applicationId}`,
  /**
   * In commit order: by the competition revision the change committed as (each commit has its
   * own), then by place within that transaction (a plan's awards share one).
   */
  ledger: (revision: number, position: number) =>
    `LEDGER#${String(revision).padStart(10, '0')}#${String(position).padStart(3, '0')}`,
  idempotency: (key: string) => `IDEM#${key}`,
  /**
   * GSI1: every competition's offers waiting for an answer, by answer-by date, so the lapse
   * sweep queries only those already due (`gsi1sk < now`). An award is listed only while it is
   * `offered`: every other status's put leaves the index attributes out.
   */
  openOffers: 'OFFERS#open',
  openOfferSk: (award: Pick<Award, 'respondBy' | 'competitionId' | 'applicationId'>) =>
    `${award.respondBy}#${award.competitionId}#${award.applicationId}`,
}

const key = (competitionId: string, sk: string) => ({ [keys.partition]: awardKeys.pk(competitionId), [keys.sort]: sk })

/**
 * Writes an award. `expected: 'new'` when none holds money for this application (none yet, or
 * the last was declined or withdrawn); otherwise the version and status it was read at.
 */
export const awardPut = (db: Db, award: Award, expected: 'new' | { version: number; status: AwardStatus }) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: {
          ...key(award.competitionId, awardKeys.award(award.applicationId)),
          ...(award.status === 'offered'
            ? { [indexes.byKind.partition]: awardKeys.openOffers, [indexes.byKind.sort]: awardKeys.openOfferSk(award) }
            : {}),
          entity: 'award',
          ...award,
        },
        ...(expected === 'new'
          ? {
              ConditionExpression: 'attribute_not_exists(#pk) OR #status IN (:declined, :withdrawn, :lapsed)',
              ExpressionAttributeNames: { '#pk': keys.partition, '#status': 'status' },
              ExpressionAttributeValues: { ':declined': 'declined', ':withdrawn': 'withdrawn', ':lapsed': 'lapsed' },
            }
          : {
              ConditionExpression: '#version = :version AND #status = :status',
              ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
              ExpressionAttributeValues: { ':version': expected.version, ':status': expected.status },
            }),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    'award-version',
  )

/**
 * A ledger entry, the `position`th change of the transaction whose `potChange` moves the
 * competition on from `expectedRevision`: new, and never written again.
 */
export const ledgerPut = (
  db: Db,
  entry: LedgerEntry,
  { expectedRevision, position = 0 }: { expectedRevision: number; position?: number },
) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: {
          ...key(entry.competitionId, awardKeys.ledger(expectedRevision + 1, position)),
          entity: 'ledgerEntry',
          ...entry,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': keys.partition },
      },
    },
    'ledger-entry-new',
  )

export type IdempotencyRecord = { key: string; applicationId: string; amountPence: number }

/** Claims an Idempotency-Key for one award; fails if the key was used before. */
export const idempotencyPut = (db: Db, competitionId: string, record: IdempotencyRecord) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: { ...key(competitionId, awardKeys.idempotency(record.key)), entity: 'idempotencyKey', ...record },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': keys.partition },
      },
    },
    'idempotency-key-new',
  )

/** The candidate's view of its award; a new award needs it still shortlisted. */
export const candidateAward = (db: Db, award: Award, { requireShortlisted }: { requireShortlisted: boolean }) =>
  write(
    {
      Update: {
        TableName: db.tableName,
        Key: {
          [keys.partition]: assessKeys.pk(award.competitionId),
          [keys.sort]: assessKeys.candidate(award.applicationId),
        },
        UpdateExpression: 'SET #award = :award',
        ConditionExpression: requireShortlisted ? '#shortlist.#outcome = :shortlisted' : 'attribute_exists(#pk)',
        ExpressionAttributeNames: {
          '#award': 'award',
          ...(requireShortlisted ? { '#shortlist': 'shortlist', '#outcome': 'outcome' } : { '#pk': keys.partition }),
        },
        ExpressionAttributeValues: {
          ':award': { status: award.status, amountPence: award.amountPence },
          ...(requireShortlisted ? { ':shortlisted': 'shortlisted' } : {}),
        },
      },
    },
    'still-shortlisted',
  )

/**
 * Moves what is committed from the pot to `committedPence`, only if the competition is still
 * at the revision the change was decided on and the pot covers it (the pot is never overspent,
 * whatever core decided). The competition's `updatedAt` stays: the public must not learn
 * when awards are made.
 */
export const potChange = (
  db: Db,
  change: { competitionId: string; expectedRevision: number; committedPence: number },
) =>
  write(
    {
      Update: {
        TableName: db.tableName,
        Key: competitionItemKey(change.competitionId),
        UpdateExpression: 'SET #committed = :committed, #revision = :next',
        // What is already paid is never released: committed never drops below it.
        ConditionExpression:
          '#revision = :revision AND #pot >= :committed AND (attribute_not_exists(#paid) OR #paid <= :committed)',
        ExpressionAttributeNames: {
          '#committed': 'committedPence',
          '#revision': 'revision',
          '#pot': 'potPence',
          '#paid': 'paidPence',
        },
        ExpressionAttributeValues: {
          ':committed': change.committedPence,
          ':revision': change.expectedRevision,
          ':next': change.expectedRevision + 1,
        },
      },
    },
    'competition-revision',
  )

/**
 * Moves what is committed and what is paid together (a payment, reduction, termination or
 * repayment), only if the competition is still at the revision the change was decided on, the
 * pot covers what is committed, and the new paid total is a valid amount (core keeps it at or
 * below committed; the ledger entry of the same transaction records both). Same guard name as
 * `potChange`: a moved revision is decided again.
 */
export const moneyChange = (
  db: Db,
  change: { competitionId: string; expectedRevision: number; committedPence: number; paidPence: number },
) => {
  if (change.paidPence < 0 || change.paidPence > change.committedPence)
    throw new Error(`paid ${change.paidPence} must be within 0..committed ${change.committedPence}`)
  return write(
    {
      Update: {
        TableName: db.tableName,
        Key: competitionItemKey(change.competitionId),
        UpdateExpression: 'SET #committed = :committed, #paid = :paid, #revision = :next',
        ConditionExpression: '#revision = :revision AND #pot >= :committed',
        ExpressionAttributeNames: {
          '#committed': 'committedPence',
          '#paid': 'paidPence',
          '#revision': 'revision',
          '#pot': 'potPence',
        },
        ExpressionAttributeValues: {
          ':committed': change.committedPence,
          ':paid': change.paidPence,
          ':revision': change.expectedRevision,
          ':next': change.expectedRevision + 1,
        },
      },
    },
    'competition-revision',
  )
}

/** One application's award, if it has one. */
export async function getAward(db: Db, competitionId: string, applicationId: string): Promise<Award | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: key(competitionId, awardKeys.award(applicationId)),
      ConsistentRead: true,
    }),
  )
  return Item ? Award.parse(Item) : undefined
}

/** A competition's awards alone (not its ledger or keys): one Query of `begins_with AWARD#`. */
export async function listAwards(db: Db, competitionId: string): Promise<Award[]> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :award)',
    ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
    ExpressionAttributeValues: { ':pk': awardKeys.pk(competitionId), ':award': awardKeys.award('') },
  })
  return items.map((item) => Award.parse(item))
}

/** A competition's awards and its ledger (oldest first), read in full. */
export async function getAwardsAndLedger(
  db: Db,
  competitionId: string,
  { consistent = true } = {},
): Promise<{ awards: Award[]; ledger: LedgerEntry[]; keys: IdempotencyRecord[] }> {
  const awards: Award[] = []
  const ledger: LedgerEntry[] = []
  const idempotencyKeys: IdempotencyRecord[] = []
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': keys.partition },
    ExpressionAttributeValues: { ':pk': awardKeys.pk(competitionId) },
    ConsistentRead: consistent,
  })
  for (const item of items) {
    if (item.entity === 'award') awards.push(Award.parse(item))
    else if (item.entity === 'ledgerEntry') ledger.push(LedgerEntry.parse(item))
    else if (item.entity === 'idempotencyKey')
      idempotencyKeys.push({
        key: String(item.key),
        applicationId: String(item.applicationId),
        amountPence: Number(item.amountPence),
      })
  }
  return { awards, ledger, keys: idempotencyKeys }
}

/**
 * Offers still `offered` whose answer-by date is before `now`, across every competition,
 * oldest first: one GSI1 query whose key condition leaves out every offer not yet due.
 */
export async function listOffersDueToLapse(db: Db, now: string, limit: number): Promise<Award[]> {
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: indexes.byKind.name,
      KeyConditionExpression: '#pk = :pk AND #sk < :now',
      ExpressionAttributeNames: { '#pk': indexes.byKind.partition, '#sk': indexes.byKind.sort },
      ExpressionAttributeValues: { ':pk': awardKeys.openOffers, ':now': now },
      Limit: limit,
    }),
  )
  return (Items ?? []).map((item) => Award.parse(item))
}

/**
 * Checks the award is still accepted, for the amount a grant was set up on: a grant is written
 * only beside an award that holds (and whose amount its tranches add up to).
 */
export const awardAccepted = (db: Db, award: Pick<Award, 'competitionId' | 'applicationId' | 'amountPence'>) =>
  write(
    {
      ConditionCheck: {
        TableName: db.tableName,
        Key: key(award.competitionId, awardKeys.award(award.applicationId)),
        ConditionExpression: '#status = :accepted AND #amount = :amount',
        ExpressionAttributeNames: { '#status': 'status', '#amount': 'amountPence' },
        ExpressionAttributeValues: { ':accepted': 'accepted', ':amount': award.amountPence },
      },
    },
    'award-accepted',
  )
