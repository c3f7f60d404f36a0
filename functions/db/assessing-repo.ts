// Assessing lives in one partition per competition, `ASSESS#<competitionId>`, sorted so the
// ranking reads everything it needs with one key range (candidates, declarations, members,
// the rubric, score numbers) and never the long text written beside the scores:
//
//   CAND#<applicationId>               a submitted EOI: screening, shortlist, recommendation
//   COI#<applicationId>#<panellistId>  a conflict-of-interest declaration
//   MEMBER#<email>                     a panel invitation and its answer
//   RUBRIC                             criteria, weights, scale; settings; the lock
//   SCORE#<applicationId>#<panellistId> a score sheet's numbers and history
//   SLOTS                              the pitch schedule (one item, so slots never overlap)
//   TEXT#<applicationId>#<panellistId> what the panellist wrote beside the numbers
//
// A panellist's own items (memberships, declarations, sheets) are also on GSI2 under
// `PANELLIST#<email>`, so "my assignments" is one query plus the shortlist.
import { BatchGetCommand, QueryCommand, type NativeAttributeValue, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import {
  Candidate,
  Declaration,
  PanelMember,
  PitchSchedule,
  Rubric,
  ScoreSheet,
  SheetText,
  type AssessmentSettings,
} from '../../shared/schemas/assessing.js'
import { Application } from '../../shared/schemas/application.js'
import type { Page } from '../../shared/schemas/common.js'
import type { Competition } from '../../shared/schemas/competition.js'
import type { Db } from './client.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { queryEvery } from './query-page.js'
import { indexes, keys } from './table.js'
import { write } from './write.js'
import { applicationItemKey } from './applications-repo.js'
import { competitionItemKey, parseCompetitionItem } from './competitions-repo.js'

export const assessKeys = {
  pk: (competitionId: string) => `ASSESS#${competitionId}`,
  candidate: (applicationId: string) => `CAND#${applicationId}`,
  declaration: (applicationId: string, panellistId: string) => `COI#${applicationId}#${panellistId}`,
  member: (email: string) => `MEMBER#${email.toLowerCase()}`,
  rubric: 'RUBRIC',
  sheet: (applicationId: string, panellistId: string) => `SCORE#${applicationId}#${panellistId}`,
  slots: 'SLOTS',
  text: (applicationId: string, panellistId: string) => `TEXT#${applicationId}#${panellistId}`,
  /** GSI2: everything of one panellist's, across competitions. */
  panellist: (email: string) => `PANELLIST#${email.toLowerCase()}`,
}

export const DEFAULT_SETTINGS: AssessmentSettings = { discussAbove: 2, minScorers: 3 }

/** The rubric as it stands, or a blank one (version 0) with the default settings. */
export const blankRubric = (competitionId: string): Rubric => ({
  competitionId,
  scale: { min: 0, max: 5 },
  criteria: [],
  ...DEFAULT_SETTINGS,
  version: 0,
})

type Key = { pk: string; sk: string }
const key = (competitionId: string, sk: string) => ({ [keys.partition]: assessKeys.pk(competitionId), [keys.sort]: sk })
const mine = (email: string, sortKey: string) => ({
  [indexes.byOwner.partition]: assessKeys.panellist(email),
  [indexes.byOwner.sort]: sortKey,
})

// — Items —

export const candidateItem = (candidate: Candidate) => ({
  ...key(candidate.competitionId, assessKeys.candidate(candidate.applicationId)),
  entity: 'candidate',
  ...candidate,
})

export const rubricItem = (rubric: Rubric) => ({
  ...key(rubric.competitionId, assessKeys.rubric),
  entity: 'rubric',
  ...rubric,
})

export const memberItem = (member: PanelMember) => ({
  ...key(member.competitionId, assessKeys.member(member.email)),
  ...mine(member.email, `${member.competitionId}#MEMBER`),
  entity: 'panelMember',
  ...member,
  email: member.email.toLowerCase(),
})

export const declarationItem = (declaration: Declaration, email: string) => ({
  ...key(declaration.competitionId, assessKeys.declaration(declaration.applicationId, declaration.panellistId)),
  ...mine(email, `${declaration.competitionId}#COI#${declaration.applicationId}`),
  entity: 'declaration',
  ...declaration,
})

export const sheetItem = (sheet: ScoreSheet, email: string) => ({
  ...key(sheet.competitionId, assessKeys.sheet(sheet.applicationId, sheet.panellistId)),
  ...mine(email, `${sheet.competitionId}#SCORE#${sheet.applicationId}`),
  entity: 'scoreSheet',
  panellistEmail: email.toLowerCase(),
  ...sheet,
})

export const textItem = (sheet: ScoreSheet, text: SheetText) => ({
  ...key(sheet.competitionId, assessKeys.text(sheet.applicationId, sheet.panellistId)),
  entity: 'sheetText',
  applicationId: sheet.applicationId,
  panellistId: sheet.panellistId,
  ...text,
})

/** What one partition item is, parsed; undefined for kinds the caller did not ask about. */
export type AssessItem =
  | { kind: 'candidate'; value: Candidate }
  | { kind: 'declaration'; value: Declaration }
  | { kind: 'member'; value: PanelMember }
  | { kind: 'rubric'; value: Rubric }
  | { kind: 'sheet'; value: ScoreSheet & { panellistEmail: string } }
  | { kind: 'slots'; value: PitchSchedule }
  | { kind: 'text'; value: SheetText & { applicationId: string; panellistId: string } }

export function parseAssessItem(item: Record<string, unknown>): AssessItem | undefined {
  switch (item.entity) {
    case 'candidate':
      return { kind: 'candidate', value: Candidate.parse(item) }
    case 'declaration':
      return { kind: 'declaration', value: Declaration.parse(item) }
    case 'panelMember':
      return { kind: 'member', value: PanelMember.parse(item) }
    case 'rubric':
      return { kind: 'rubric', value: Rubric.parse(item) }
    case 'scoreSheet':
      return { kind: 'sheet', value: { ...ScoreSheet.parse(item), panellistEmail: String(item.panellistEmail) } }
    case 'pitchSchedule':
      return { kind: 'slots', value: PitchSchedule.parse(item) }
    case 'sheetText':
      return {
        kind: 'text',
        value: {
          ...SheetText.parse(item),
          applicationId: String(item.applicationId),
          panellistId: String(item.panellistId),
        },
      }
    default:
      return undefined
  }
}

// — Reads —

/** Items of one partition by sort key, strongly consistent where a decision follows. */
async function getAssessItems(
  db: Db,
  competitionId: string,
  sortKeys: string[],
  { consistent = true } = {},
): Promise<Map<string, AssessItem>> {
  const items = await getItems(db, sortKeys.map((sk) => key(competitionId, sk)) as Key[], consistent)
  const found = new Map<string, AssessItem>()
  for (const item of items) {
    const parsed = parseAssessItem(item)
    if (parsed) found.set(String(item[keys.sort]), parsed)
  }
  return found
}

/** A batch of items by key (any partition), retrying what DynamoDB leaves unprocessed. */
export async function getItems(db: Db, wanted: Key[], consistent: boolean): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = []
  for (let i = 0; i < wanted.length; i += 100) {
    let request: Record<string, unknown>[] | undefined = wanted.slice(i, i + 100)
    for (let attempt = 0; request?.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt))
      const { Responses, UnprocessedKeys } = await db.doc.send(
        new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: request, ConsistentRead: consistent } } }),
      )
      found.push(...((Responses?.[db.tableName] ?? []) as Record<string, unknown>[]))
      request = UnprocessedKeys?.[db.tableName]?.Keys as Record<string, unknown>[] | undefined
    }
  }
  return found
}

/** Every item of a sort-key range, following pages; `pages` counts the round trips. */
async function queryAll(
  db: Db,
  query: { competitionId: string; beginsWith?: string; before?: string; consistent?: boolean },
): Promise<{ items: AssessItem[]; pages: number }> {
  const condition = query.beginsWith ? 'begins_with(#sk, :sk)' : query.before ? '#sk < :sk' : undefined
  return queryEveryPage(db, {
    TableName: db.tableName,
    KeyConditionExpression: condition ? `#pk = :pk AND ${condition}` : '#pk = :pk',
    ExpressionAttributeNames: { '#pk': keys.partition, ...(condition ? { '#sk': keys.sort } : {}) },
    ExpressionAttributeValues: {
      ':pk': assessKeys.pk(query.competitionId),
      ...(condition ? { ':sk': query.beginsWith ?? query.before } : {}),
    },
    ConsistentRead: query.consistent ?? false,
  })
}

async function queryEveryPage(db: Db, input: QueryCommandInput): Promise<{ items: AssessItem[]; pages: number }> {
  const { items, pages } = await queryEvery(db, input)
  return { items: items.map(parseAssessItem).filter((item): item is AssessItem => item !== undefined), pages }
}

/** The values of one kind among partition items. */
function values<K extends AssessItem['kind']>(items: AssessItem[], kind: K): ValueOf<K>[] {
  const found: ValueOf<K>[] = []
  for (const item of items) if (item.kind === kind) found.push(item.value as ValueOf<K>)
  return found
}

type ValueOf<K extends AssessItem['kind']> = Extract<AssessItem, { kind: K }>['value']

/** What a decision about one application (and one panellist's part in it) rests on. */
export type AssessmentSnapshot = {
  competition?: Competition
  application?: Application
  member?: PanelMember
  candidate?: Candidate
  declaration?: Declaration
  rubric?: Rubric
  sheet?: ScoreSheet & { panellistEmail: string }
  text?: SheetText
  schedule?: PitchSchedule
}

/**
 * One consistent batch read of the competition, the EOI, the rubric and the candidate, and
 * for a panellist their membership, declaration, sheet and its text; the pitch schedule if asked.
 */
export async function readAssessmentSnapshot(
  db: Db,
  competitionId: string,
  {
    applicationId,
    panellist,
    schedule = false,
  }: { applicationId?: string; panellist?: { id: string; email: string }; schedule?: boolean },
): Promise<AssessmentSnapshot> {
  const sks = [assessKeys.rubric]
  if (applicationId) sks.push(assessKeys.candidate(applicationId))
  if (panellist) sks.push(assessKeys.member(panellist.email))
  if (panellist && applicationId)
    sks.push(
      assessKeys.declaration(applicationId, panellist.id),
      assessKeys.sheet(applicationId, panellist.id),
      assessKeys.text(applicationId, panellist.id),
    )
  if (schedule) sks.push(assessKeys.slots)
  const items = await getItems(
    db,
    [
      competitionItemKey(competitionId),
      ...(applicationId ? [applicationItemKey(applicationId)] : []),
      ...sks.map((sk) => key(competitionId, sk)),
    ] as Key[],
    true,
  )
  const competitionItem = items.find((item) => item.entity === 'competition')
  const applicationItem = items.find((item) => item.entity === 'application')
  const parsed = items.map(parseAssessItem).filter((item): item is AssessItem => item !== undefined)
  const one = <K extends AssessItem['kind']>(kind: K) => values(parsed, kind)[0]
  return {
    competition: competitionItem ? parseCompetitionItem(competitionItem) : undefined,
    application: applicationItem ? Application.parse(applicationItem) : undefined,
    member: one('member'),
    candidate: one('candidate'),
    declaration: one('declaration'),
    rubric: one('rubric'),
    sheet: one('sheet'),
    text: one('text'),
    schedule: one('slots'),
  }
}

/** Candidates by application id (those that exist), strongly consistent. */
export async function getCandidates(
  db: Db,
  competitionId: string,
  applicationIds: string[],
  { consistent = true } = {},
): Promise<Map<string, Candidate>> {
  const items = await getAssessItems(db, competitionId, [...new Set(applicationIds)].map(assessKeys.candidate), {
    consistent,
  })
  return new Map(values([...items.values()], 'candidate').map((c) => [c.applicationId, c]))
}

/** One candidate, or undefined. */
export const getCandidate = async (
  db: Db,
  competitionId: string,
  applicationId: string,
): Promise<Candidate | undefined> => (await getCandidates(db, competitionId, [applicationId])).get(applicationId)

/** One panellist's declarations against some applications, by application id. */
export async function getDeclarationsBy(
  db: Db,
  competitionId: string,
  panellistId: string,
  applicationIds: string[],
): Promise<Map<string, Declaration>> {
  const items = await getAssessItems(
    db,
    competitionId,
    applicationIds.map((id) => assessKeys.declaration(id, panellistId)),
  )
  return new Map(values([...items.values()], 'declaration').map((d) => [d.applicationId, d]))
}

/** One panellist's sheet on an application, its text and their declaration. */
export async function getSheetOf(db: Db, competitionId: string, applicationId: string, panellistId: string) {
  const items = await getAssessItems(db, competitionId, [
    assessKeys.sheet(applicationId, panellistId),
    assessKeys.text(applicationId, panellistId),
    assessKeys.declaration(applicationId, panellistId),
  ])
  const all = [...items.values()]
  return { sheet: values(all, 'sheet')[0], text: values(all, 'text')[0], declaration: values(all, 'declaration')[0] }
}

/** The pitch schedule, if one has been saved. */
export async function getPitchSchedule(db: Db, competitionId: string): Promise<PitchSchedule | undefined> {
  return values([...(await getAssessItems(db, competitionId, [assessKeys.slots])).values()], 'slots')[0]
}

/** Every candidate of a competition (every submitted EOI with its decisions). */
export async function readCandidates(db: Db, competitionId: string, { consistent = false } = {}): Promise<Candidate[]> {
  return values((await queryAll(db, { competitionId, beginsWith: 'CAND#', consistent })).items, 'candidate')
}

/** The panel: invitations and every declaration, strongly consistent. */
export async function readPanel(
  db: Db,
  competitionId: string,
): Promise<{ members: PanelMember[]; declarations: Declaration[] }> {
  const [members, declarations] = await Promise.all([
    queryAll(db, { competitionId, beginsWith: 'MEMBER#', consistent: true }),
    queryAll(db, { competitionId, beginsWith: 'COI#', consistent: true }),
  ])
  return { members: values(members.items, 'member'), declarations: values(declarations.items, 'declaration') }
}

/** Everything written on one application by the panel: sheets, their text, declarations. */
export async function readApplicationScores(
  db: Db,
  competitionId: string,
  applicationId: string,
  { consistent = true } = {},
) {
  const [scored, written, declared] = await Promise.all([
    queryAll(db, { competitionId, beginsWith: `SCORE#${applicationId}#`, consistent }),
    queryAll(db, { competitionId, beginsWith: `TEXT#${applicationId}#`, consistent }),
    queryAll(db, { competitionId, beginsWith: `COI#${applicationId}#`, consistent }),
  ])
  return {
    sheets: values(scored.items, 'sheet'),
    texts: values(written.items, 'text'),
    declarations: values(declared.items, 'declaration'),
  }
}

/** What the panel wrote beside the scores for one application (no numbers). */
export async function readApplicationTexts(db: Db, competitionId: string, applicationId: string) {
  return values(
    (await queryAll(db, { competitionId, beginsWith: `TEXT#${applicationId}#`, consistent: true })).items,
    'text',
  )
}

/** The ranking's inputs in one key range: candidates, declarations, members, rubric, sheets (not their text). */
export async function readRankingInputs(db: Db, competitionId: string, { consistent = false } = {}) {
  const { items, pages } = await queryAll(db, { competitionId, before: assessKeys.slots, consistent })
  return {
    candidates: values(items, 'candidate'),
    declarations: values(items, 'declaration'),
    members: values(items, 'member'),
    sheets: values(items, 'sheet'),
    rubric: values(items, 'rubric')[0],
    pages,
  }
}

/** One page of a competition's candidates (submitted EOIs), oldest id first. */
export async function listCandidates(
  db: Db,
  competitionId: string,
  { limit, cursor }: { limit: number; cursor?: string },
): Promise<Page<Candidate>> {
  const prefix = 'CAND#'
  const { Items, LastEvaluatedKey } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort },
      ExpressionAttributeValues: { ':pk': assessKeys.pk(competitionId), ':prefix': prefix },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(db, cursor, {
        attributes: [keys.partition, keys.sort],
        equal: { [keys.partition]: assessKeys.pk(competitionId) },
        prefix: { attribute: keys.sort, value: prefix },
      }),
    }),
  )
  return { items: (Items ?? []).map((item) => Candidate.parse(item)), nextCursor: encodeCursor(db, LastEvaluatedKey) }
}

/** Everything of one panellist's (memberships, declarations, sheets), across competitions. */
export async function readPanellistItems(db: Db, email: string) {
  const { items } = await queryEveryPage(db, {
    TableName: db.tableName,
    IndexName: indexes.byOwner.name,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': indexes.byOwner.partition },
    ExpressionAttributeValues: { ':pk': assessKeys.panellist(email) },
  })
  return {
    members: values(items, 'member'),
    declarations: values(items, 'declaration'),
    sheets: values(items, 'sheet'),
  }
}

/**
 * The condition for replacing an item read at `expectedVersion` (and `also` holds), or for
 * creating it when the version is 0.
 */
function atVersion(
  expectedVersion: number,
  also?: { expression: string; names: Record<string, string>; values?: Record<string, NativeAttributeValue> },
): {
  ConditionExpression: string
  ExpressionAttributeNames: Record<string, string>
  ExpressionAttributeValues?: Record<string, NativeAttributeValue>
} {
  if (expectedVersion === 0)
    return { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': keys.partition } }
  return {
    ConditionExpression: also ? `#version = :version AND ${also.expression}` : '#version = :version',
    ExpressionAttributeNames: { '#version': 'version', ...also?.names },
    ExpressionAttributeValues: { ':version': expectedVersion, ...also?.values },
  }
}

// — Writes: each a named write, so core composes them and learns which rule failed by name —

const names = (...pairs: [string, string][]) => Object.fromEntries(pairs)

/**
 * Adds a submitted EOI to the assessment (in the submit transaction), with the scopes the funnel
 * counts it under (kept on the item, outside `Candidate`, so no response ever shows them).
 */
export const candidatePut = (db: Db, candidate: Candidate, funnelScopes?: readonly string[]) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: { ...candidateItem(candidate), ...(funnelScopes ? { funnelScopes: [...funnelScopes] } : {}) },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': keys.partition },
      },
    },
    'candidate-new',
  )

/** Takes a withdrawn EOI out, only if screening has not begun on it. */
export const candidateDelete = (db: Db, competitionId: string, applicationId: string) =>
  write(
    {
      Delete: {
        TableName: db.tableName,
        Key: key(competitionId, assessKeys.candidate(applicationId)),
        ConditionExpression: 'attribute_not_exists(#screening)',
        ExpressionAttributeNames: { '#screening': 'screening' },
      },
    },
    'screening-not-started',
  )

/** The guard of one application's decision (screening, shortlist, recommendation): it names the application. */
export const decisionAllowed = (applicationId: string) => `decision-allowed:${applicationId}` as const

/** The guard of a panellist's declaration on one application: it names the application. */
export const declarationAllowed = (applicationId: string) => `declaration-allowed:${applicationId}` as const

type DecisionField = 'screening' | 'shortlist' | 'recommendation'

/** What must hold of a candidate for each decision (beyond that it exists). */
function decisionCondition(
  field: DecisionField,
  outcome: string,
): { expression: string; names: Record<string, string>; values: Record<string, NativeAttributeValue> } | undefined {
  if (field === 'screening') {
    // An EOI on the shortlist stays eligible: take it off the shortlist first.
    return outcome === 'ineligible'
      ? {
          expression: 'attribute_not_exists(#shortlist) OR #shortlist.#outcome <> :shortlisted',
          names: { '#shortlist': 'shortlist', '#outcome': 'outcome' },
          values: { ':shortlisted': 'shortlisted' },
        }
      : undefined
  }
  if (field === 'shortlist' && outcome === 'shortlisted') {
    return {
      expression: '#screening.#outcome = :eligible',
      names: { '#screening': 'screening', '#outcome': 'outcome' },
      values: { ':eligible': 'eligible' },
    }
  }
  if (field === 'shortlist') {
    // Once scored, or while an award holds money for it, it stays on the shortlist.
    return {
      expression:
        'attribute_not_exists(#started) AND (attribute_not_exists(#award) OR #award.#status IN (:declined, :withdrawn))',
      names: { '#started': 'scoringStartedAt', '#award': 'award', '#status': 'status' },
      values: { ':declined': 'declined', ':withdrawn': 'withdrawn' },
    }
  }
  return {
    expression: '#shortlist.#outcome = :shortlisted',
    names: { '#shortlist': 'shortlist', '#outcome': 'outcome' },
    values: { ':shortlisted': 'shortlisted' },
  }
}

/**
 * Sets a decision on a candidate, only where it may be made: screened ineligible only off the
 * shortlist; shortlisted only if eligible; off the shortlist only before scoring and with no
 * live award; a recommendation only on the shortlist. The guard names the application.
 */
export const candidateDecision = (
  db: Db,
  competitionId: string,
  applicationId: string,
  field: DecisionField,
  decision: { outcome: string } & Record<string, unknown>,
  /** Whether the field held `outcome` when the funnel's move was worked out (it must still). */
  funnel?: { outcome: string; was: boolean },
) => {
  const condition = decisionCondition(field, decision.outcome)
  const unchanged =
    funnel === undefined
      ? undefined
      : funnel.was
        ? '#field.#prev = :counted'
        : '(attribute_not_exists(#field) OR #field.#prev <> :counted)'
  const expression = [condition && `(${condition.expression})`, unchanged].filter(Boolean).join(' AND ')
  return write(
    {
      Update: {
        TableName: db.tableName,
        Key: key(competitionId, assessKeys.candidate(applicationId)),
        UpdateExpression: 'SET #field = :decision',
        ConditionExpression: `attribute_exists(#pk)${expression ? ` AND ${expression}` : ''}`,
        ExpressionAttributeNames: {
          '#pk': keys.partition,
          '#field': field,
          ...condition?.names,
          ...(unchanged ? { '#prev': 'outcome' } : {}),
        },
        ExpressionAttributeValues: {
          ':decision': decision,
          ...condition?.values,
          ...(funnel ? { ':counted': funnel.outcome } : {}),
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    decisionAllowed(applicationId),
  )
}

/** Writes the rubric if it is still at `expectedVersion` and unlocked (the item as it was on failure). */
export const rubricPut = (db: Db, rubric: Rubric, expectedVersion: number) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: rubricItem(rubric),
        // Version 0 may already exist, holding only settings saved before any criteria.
        ...(expectedVersion === 0
          ? {
              ConditionExpression: 'attribute_not_exists(#pk) OR (#version = :zero AND attribute_not_exists(#locked))',
              ExpressionAttributeNames: { '#pk': keys.partition, '#version': 'version', '#locked': 'lockedAt' },
              ExpressionAttributeValues: { ':zero': 0 },
            }
          : atVersion(expectedVersion, {
              expression: 'attribute_not_exists(#locked)',
              names: { '#locked': 'lockedAt' },
            })),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    'rubric-version',
  )

/** Changes the settings whatever the rubric's state (creating a blank rubric if none). */
export const settingsUpdate = (db: Db, competitionId: string, settings: AssessmentSettings, at: string) => {
  const blank = blankRubric(competitionId)
  return write({
    Update: {
      TableName: db.tableName,
      Key: key(competitionId, assessKeys.rubric),
      UpdateExpression:
        'SET #d = :d, #m = :m, #entity = :entity, #cid = :cid, #updated = :at, #version = if_not_exists(#version, :zero), #scale = if_not_exists(#scale, :scale), #criteria = if_not_exists(#criteria, :criteria)',
      ExpressionAttributeNames: names(
        ['#d', 'discussAbove'],
        ['#m', 'minScorers'],
        ['#entity', 'entity'],
        ['#cid', 'competitionId'],
        ['#updated', 'updatedAt'],
        ['#version', 'version'],
        ['#scale', 'scale'],
        ['#criteria', 'criteria'],
      ),
      ExpressionAttributeValues: {
        ':d': settings.discussAbove,
        ':m': settings.minScorers,
        ':entity': 'rubric',
        ':cid': competitionId,
        ':at': at,
        ':zero': 0,
        ':scale': blank.scale,
        ':criteria': [],
      },
    },
  })
}

/** Locks the rubric at `version` (the first score does this); fails if it has changed. */
export const rubricLock = (db: Db, competitionId: string, version: number, at: string) =>
  write(
    {
      Update: {
        TableName: db.tableName,
        Key: key(competitionId, assessKeys.rubric),
        UpdateExpression: 'SET #locked = if_not_exists(#locked, :at)',
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#locked': 'lockedAt', '#version': 'version' },
        ExpressionAttributeValues: { ':at': at, ':version': version },
      },
    },
    'rubric-unchanged',
  )

/** The candidate is (still) shortlisted. */
export const candidateShortlisted = (db: Db, competitionId: string, applicationId: string) =>
  write(
    {
      ConditionCheck: {
        TableName: db.tableName,
        Key: key(competitionId, assessKeys.candidate(applicationId)),
        ConditionExpression: '#shortlist.#outcome = :shortlisted',
        ExpressionAttributeNames: { '#shortlist': 'shortlist', '#outcome': 'outcome' },
        ExpressionAttributeValues: { ':shortlisted': 'shortlisted' },
      },
    },
    'still-shortlisted',
  )

/** The candidate is shortlisted; marks that scoring has started on it. */
export const candidateScoring = (db: Db, competitionId: string, applicationId: string, at: string) =>
  write(
    {
      Update: {
        TableName: db.tableName,
        Key: key(competitionId, assessKeys.candidate(applicationId)),
        UpdateExpression: 'SET #started = if_not_exists(#started, :at)',
        ConditionExpression: '#shortlist.#outcome = :shortlisted',
        ExpressionAttributeNames: { '#started': 'scoringStartedAt', '#shortlist': 'shortlist', '#outcome': 'outcome' },
        ExpressionAttributeValues: { ':at': at, ':shortlisted': 'shortlisted' },
      },
    },
    'still-shortlisted',
  )

/** The panellist is an accepted member of the panel, under this account. */
export const memberAccepted = (db: Db, competitionId: string, email: string, userId: string) =>
  write(
    {
      ConditionCheck: {
        TableName: db.tableName,
        Key: key(competitionId, assessKeys.member(email)),
        ConditionExpression: '#status = :accepted AND #user = :user',
        ExpressionAttributeNames: { '#status': 'status', '#user': 'userId' },
        ExpressionAttributeValues: { ':accepted': 'accepted', ':user': userId },
      },
    },
    'on-the-panel',
  )

/** The panellist has declared no conflict with this application. */
export const declaredNone = (db: Db, competitionId: string, applicationId: string, panellistId: string) =>
  write(
    {
      ConditionCheck: {
        TableName: db.tableName,
        Key: key(competitionId, assessKeys.declaration(applicationId, panellistId)),
        ConditionExpression: '#type = :none',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':none': 'none' },
      },
    },
    'no-conflict',
  )

/** An invitation: new (or after a decline), or answering one still open (the item as it was on failure). */
export const memberPut = (db: Db, member: PanelMember, expected: 'new-or-declined' | 'invited') =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: memberItem(member),
        ConditionExpression:
          expected === 'invited' ? '#status = :invited' : 'attribute_not_exists(#pk) OR #status = :declined',
        ExpressionAttributeNames:
          expected === 'invited' ? { '#status': 'status' } : { '#pk': keys.partition, '#status': 'status' },
        ExpressionAttributeValues: expected === 'invited' ? { ':invited': 'invited' } : { ':declined': 'declined' },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    'invitation-state',
  )

/**
 * A declaration. A panellist (`byPanellist`) may not replace a conflict with "none", nor
 * change what a programme manager recorded, except to declare a conflict where the manager
 * recorded none; the database checks both (the guard names the application). A programme
 * manager's record replaces anything.
 */
export const declarationPut = (
  db: Db,
  declaration: Declaration,
  email: string,
  { byPanellist }: { byPanellist: boolean },
) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: declarationItem(declaration, email),
        ...(byPanellist
          ? {
              ConditionExpression:
                declaration.type === 'none'
                  ? 'attribute_not_exists(#pk) OR (#byManager = :false AND #type = :none)'
                  : 'attribute_not_exists(#pk) OR #byManager = :false OR #type = :none',
              ExpressionAttributeNames: { '#pk': keys.partition, '#type': 'type', '#byManager': 'recordedByManager' },
              ExpressionAttributeValues: { ':none': 'none', ':false': false },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
            }
          : {}),
      },
    },
    declarationAllowed(declaration.applicationId),
  )

/** Writes a sheet if it is at `expectedVersion` (0: new) and in `expectedStatus` (the item as it was on failure). */
export const sheetPut = (
  db: Db,
  sheet: ScoreSheet,
  email: string,
  expected: { version: number; status?: ScoreSheet['status'] },
) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: sheetItem(sheet, email),
        ...atVersion(expected.version, {
          expression: '#status = :status',
          names: { '#status': 'status' },
          values: { ':status': expected.status ?? 'draft' },
        }),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    'sheet-version',
  )

export const textPut = (db: Db, sheet: ScoreSheet, text: SheetText) =>
  write({ Put: { TableName: db.tableName, Item: textItem(sheet, text) } })

/** The pitch schedule if still at `expectedVersion` (0: none yet). */
export const schedulePut = (db: Db, schedule: PitchSchedule, expectedVersion: number) =>
  write(
    {
      Put: {
        TableName: db.tableName,
        Item: { ...key(schedule.competitionId, assessKeys.slots), entity: 'pitchSchedule', ...schedule },
        ...atVersion(expectedVersion),
      },
    },
    'schedule-version',
  )
