// After the grant: check-ins, the programme view's reads, and a competition's grants for its
// public results. Check-ins live beside their grant, in `GRANTS#<competitionId>`:
//
//   GRANT#<applicationId>#CHECKIN#<round>   a submitted check-in (6 or 12), written once
//
// so one Query (`begins_with GRANT#<applicationId>`) still reads a grant with everything it has.
import type { Competition } from '../../shared/schemas/competition.js'
import { CheckIn, type CheckInRound } from '../../shared/schemas/grant-programme.js'
import { getItems } from './assessing-repo.js'
import type { Db } from './client.js'
import { competitionItemKey, parseCompetitionItem } from './competitions-repo.js'
import { grantKeys } from './grants-repo.js'
import { queryEvery } from './query-page.js'
import { keys } from './table.js'
import { write } from './write.js'

export const checkInKeys = {
  prefix: (applicationId: string) => `${grantKeys.grant(applicationId)}#CHECKIN#`,
  sk: (applicationId: string, round: CheckInRound) => `${grantKeys.grant(applicationId)}#CHECKIN#${round}`,
}

/** Writes a submitted check-in, once: a second one for the same round fails `'check-in-new'`. */
export const checkInPut = (db: Db, checkIn: CheckIn) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: {
          [keys.partition]: grantKeys.pk(checkIn.competitionId),
          [keys.sort]: checkInKeys.sk(checkIn.applicationId, checkIn.round),
          entity: 'grantCheckIn',
          ...checkIn,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': keys.partition },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    'check-in-new',
  )

/** A grant's submitted check-ins (strongly consistent: a submission follows the last write). */
export async function getCheckIns(db: Db, competitionId: string, applicationId: string): Promise<CheckIn[]> {
  const { items } = await queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
    ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
    ExpressionAttributeValues: { ':pk': grantKeys.pk(competitionId), ':sk': checkInKeys.prefix(applicationId) },
    ConsistentRead: true,
  })
  return items.map((item) => CheckIn.parse(item))
}

/** A stored check-in as core reads it (the item a refused write returns). */
export const parseCheckInItem = (item: Record<string, unknown>): CheckIn => CheckIn.parse(item)

/** The competitions named, by id: one BatchGet per 100, whatever the number of grants. */
export async function getCompetitionsById(db: Db, competitionIds: string[]): Promise<Map<string, Competition>> {
  const items = await getItems(db, [...new Set(competitionIds)].map(competitionItemKey), false)
  const found = new Map<string, Competition>()
  for (const item of items) {
    const competition = parseCompetitionItem(item)
    found.set(competition.id, competition)
  }
  return found
}
