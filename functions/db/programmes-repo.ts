// Programmes: competitions grouped as the rounds of one series. Each round may belong to one
// programme only (a claim item per competition), so no two programmes' sums can be subtracted
// to give away a round's hidden survey counts; the programme's published survey is written once.
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { Programme, ProgrammeSurvey } from '../../shared/schemas/funnel.js'
import type { Db } from './client.js'
import { queryIndexPage } from './query-page.js'
import { indexes, keys } from './table.js'
import { commit, write, type Refusals } from './write.js'

export const programmeKeys = {
  pk: (programmeId: string) => `PROGRAMME#${programmeId}`,
  sk: 'PROGRAMME',
  surveySk: 'SURVEY',
  /** A competition's place in a programme (at most one). */
  roundPk: (competitionId: string) => `ROUND#${competitionId}`,
  roundSk: 'PROGRAMME',
  /** GSI1: every programme, oldest first. */
  list: 'PROGRAMMES',
}

const toItem = (programme: Programme) => ({
  [keys.partition]: programmeKeys.pk(programme.id),
  [keys.sort]: programmeKeys.sk,
  [indexes.byKind.partition]: programmeKeys.list,
  [indexes.byKind.sort]: `${programme.createdAt}#${programme.id}`,
  entity: 'programme',
  ...programme,
})

export type ProgrammeGuard = 'programme-version' | 'round-free' | 'round-ours'

/**
 * Saves the programme at `expectedVersion` (0: new) while its survey is unpublished, claiming
 * the rounds it adds (each free, `'round-free'`) and releasing those it drops.
 */
export async function saveProgramme(
  db: Db,
  programme: Programme,
  expectedVersion: number,
  dropped: readonly string[],
  added: readonly string[],
  refusals: Refusals<ProgrammeGuard>,
): Promise<void> {
  const round = (competitionId: string) => ({
    [keys.partition]: programmeKeys.roundPk(competitionId),
    [keys.sort]: programmeKeys.roundSk,
  })
  await commit<ProgrammeGuard>(
    db,
    [
      write(
        {
          Put: {
            TableName: db.tableName,
            Item: toItem(programme),
            ...(expectedVersion === 0
              ? {
                  ConditionExpression: 'attribute_not_exists(#pk)',
                  ExpressionAttributeNames: { '#pk': keys.partition },
                }
              : {
                  ConditionExpression: '#version = :version AND attribute_not_exists(#published)',
                  ExpressionAttributeNames: { '#version': 'version', '#published': 'surveyPublishedAt' },
                  ExpressionAttributeValues: { ':version': expectedVersion },
                }),
          },
        },
        'programme-version',
      ),
      ...added.map((competitionId) =>
        write(
          {
            Put: {
              TableName: db.tableName,
              Item: { ...round(competitionId), entity: 'programmeRound', programmeId: programme.id, competitionId },
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': keys.partition },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          'round-free',
        ),
      ),
      ...dropped.map((competitionId) =>
        write(
          {
            Delete: {
              TableName: db.tableName,
              Key: round(competitionId),
              ConditionExpression: '#programme = :programme',
              ExpressionAttributeNames: { '#programme': 'programmeId' },
              ExpressionAttributeValues: { ':programme': programme.id },
            },
          },
          'round-ours',
        ),
      ),
    ],
    refusals,
  )
}

export async function getProgramme(db: Db, programmeId: string): Promise<Programme | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: programmeKeys.pk(programmeId), [keys.sort]: programmeKeys.sk },
      ConsistentRead: true,
    }),
  )
  return Item ? Programme.parse(Item) : undefined
}

/** Every programme (one page of up to 100: programmes are few). */
export async function listProgrammes(db: Db): Promise<Programme[]> {
  const page = await queryIndexPage(db, {
    index: indexes.byKind,
    partition: programmeKeys.list,
    limit: 100,
    parse: (item) => Programme.parse(item),
  })
  return page.items
}

export type PublishedProgrammeSurvey = Extract<ProgrammeSurvey, { status: 'published' }>

export async function getProgrammeSurvey(db: Db, programmeId: string): Promise<PublishedProgrammeSurvey | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({
      TableName: db.tableName,
      Key: { [keys.partition]: programmeKeys.pk(programmeId), [keys.sort]: programmeKeys.surveySk },
      ConsistentRead: true,
    }),
  )
  if (!Item) return undefined
  const parsed = ProgrammeSurvey.parse(Item.survey)
  return parsed.status === 'published' ? parsed : undefined
}

/** Publishes the survey once, fixing the programme's rounds from then (`'survey-once'`, `'programme-version'`). */
export async function publishProgrammeSurvey(
  db: Db,
  programme: Programme,
  survey: PublishedProgrammeSurvey,
): Promise<void> {
  await commit(db, [
    write(
      {
        Put: {
          TableName: db.tableName,
          Item: {
            [keys.partition]: programmeKeys.pk(programme.id),
            [keys.sort]: programmeKeys.surveySk,
            entity: 'programmeSurvey',
            survey,
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': keys.partition },
        },
      },
      'survey-once',
    ),
    write(
      {
        Update: {
          TableName: db.tableName,
          Key: { [keys.partition]: programmeKeys.pk(programme.id), [keys.sort]: programmeKeys.sk },
          UpdateExpression: 'SET #published = :at',
          ConditionExpression: '#version = :version',
          ExpressionAttributeNames: { '#published': 'surveyPublishedAt', '#version': 'version' },
          ExpressionAttributeValues: { ':at': survey.publishedAt, ':version': programme.version },
        },
      },
      'programme-version',
    ),
  ])
}
