// Reads for CSV exports: each a competition's items of one kind, a page at a time (a Query with
// `Limit`, then at most one BatchGetItem of what the page's rows need beside them), so an export
// streams rows as they come and makes the same few calls per page however large the competition.
import { QueryCommand, type NativeAttributeValue, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import { Application } from '../../shared/schemas/application.js'
import { Candidate, type Declaration, ScoreSheet, type SheetText } from '../../shared/schemas/assessing.js'
import { Award, LedgerEntry } from '../../shared/schemas/awards.js'
import { FeedbackCall } from '../../shared/schemas/feedback.js'
import { Grant } from '../../shared/schemas/grants.js'
import type { Organisation } from '../../shared/schemas/organisation.js'
import type { Db } from './client.js'
import { applicationKeys } from './applications-repo.js'
import { assessKeys, getItems, parseAssessItem } from './assessing-repo.js'
import { awardKeys } from './awards-repo.js'
import { feedbackKeys } from './feedback-repo.js'
import { grantKeys } from './grants-repo.js'
import { getOrganisations } from './organisations-repo.js'
import { indexes, keys } from './table.js'

/** Rows a page: one Query of this many items, and at most one BatchGetItem (≤ 100 keys) of each kind they need. */
export const EXPORT_PAGE_SIZE = 100
/** Score sheets a page: their text, declaration and candidate make 3 keys a sheet, ≤ 100 in one BatchGetItem. */
export const SHEET_PAGE_SIZE = 33

type Item = Record<string, unknown>

/** A query's items a page (`limit` items) at a time, in key order. */
async function* queryPages(
  db: Db,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit' | 'TableName'>,
  limit: number,
): AsyncGenerator<Item[]> {
  let startKey: Record<string, NativeAttributeValue> | undefined
  do {
    const page = await db.doc.send(
      new QueryCommand({ ...input, TableName: db.tableName, Limit: limit, ExclusiveStartKey: startKey }),
    )
    const items = (page.Items ?? []) as Item[]
    if (items.length) yield items
    startKey = page.LastEvaluatedKey
  } while (startKey)
}

/** `pk = :pk AND begins_with(sk, :prefix)` on the table. */
const prefixQuery = (pk: string, prefix: string) => ({
  KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
  ExpressionAttributeNames: { '#pk': keys.partition, '#sk': keys.sort } as Record<string, string>,
  ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix } as Record<string, NativeAttributeValue>,
})

/** Candidates by application id, read eventually consistently in one batch (≤ 100 ids). */
async function candidatesOf(db: Db, competitionId: string, applicationIds: string[]) {
  const wanted = [...new Set(applicationIds)].map((id) => ({
    [keys.partition]: assessKeys.pk(competitionId),
    [keys.sort]: assessKeys.candidate(id),
  })) as { pk: string; sk: string }[]
  const found = new Map<string, Candidate>()
  for (const item of await getItems(db, wanted, false)) {
    const candidate = Candidate.parse(item)
    found.set(candidate.applicationId, candidate)
  }
  return found
}

export type ApplicationRow = { application: Application; organisation?: Organisation; candidate?: Candidate }

/**
 * Every EOI of a competition (drafts, submitted, withdrawn: GSI1 `APPS#<competitionId>`), a page
 * at a time, each with its organisation and its candidate (screening, shortlist, award) if it has
 * one: per page one Query, one BatchGetItem of the organisations and one of the candidates.
 */
export async function* applicationPagesOfCompetition(
  db: Db,
  competitionId: string,
  size = EXPORT_PAGE_SIZE,
): AsyncGenerator<ApplicationRow[]> {
  for await (const items of queryPages(
    db,
    {
      IndexName: indexes.byKind.name,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': indexes.byKind.partition },
      ExpressionAttributeValues: { ':pk': applicationKeys.byCompetition(competitionId) },
    },
    size,
  )) {
    const applications = items.map((item) => Application.parse(item))
    const [organisations, candidates] = await Promise.all([
      getOrganisations(
        db,
        applications.map((a) => a.organisationId),
      ),
      candidatesOf(
        db,
        competitionId,
        applications.filter((a) => a.status !== 'draft').map((a) => a.id),
      ),
    ])
    const organisationOf = new Map(organisations.map((o) => [o.id, o]))
    yield applications.map((application) => ({
      application,
      organisation: organisationOf.get(application.organisationId),
      candidate: candidates.get(application.id),
    }))
  }
}

export type SheetRow = {
  sheet: ScoreSheet & { panellistEmail: string }
  text?: SheetText
  declaration?: Declaration
  candidate?: Candidate
}

/**
 * Every score sheet of a competition (`begins_with(sk, SCORE#)`), a page at a time, each with its
 * text, its panellist's declaration and its application's candidate: one Query and one
 * BatchGetItem (at most 3 keys a sheet) per page.
 */
export async function* sheetPagesOfCompetition(
  db: Db,
  competitionId: string,
  size = SHEET_PAGE_SIZE,
): AsyncGenerator<SheetRow[]> {
  for await (const items of queryPages(db, prefixQuery(assessKeys.pk(competitionId), 'SCORE#'), size)) {
    const sheets = items.map((item) => ({
      ...ScoreSheet.parse(item),
      panellistEmail: String(item.panellistEmail ?? ''),
    }))
    const sks = new Set<string>()
    for (const s of sheets) {
      sks.add(assessKeys.text(s.applicationId, s.panellistId))
      sks.add(assessKeys.declaration(s.applicationId, s.panellistId))
      sks.add(assessKeys.candidate(s.applicationId))
    }
    const found = await getItems(
      db,
      [...sks].map((sk) => ({ [keys.partition]: assessKeys.pk(competitionId), [keys.sort]: sk })) as {
        pk: string
        sk: string
      }[],
      false,
    )
    const texts = new Map<string, SheetText>()
    const declarations = new Map<string, Declaration>()
    const candidates = new Map<string, Candidate>()
    for (const item of found) {
      const parsed = parseAssessItem(item)
      if (parsed?.kind === 'text') texts.set(`${parsed.value.applicationId}#${parsed.value.panellistId}`, parsed.value)
      else if (parsed?.kind === 'declaration')
        declarations.set(`${parsed.value.applicationId}#${parsed.value.panellistId}`, parsed.value)
      else if (parsed?.kind === 'candidate') candidates.set(parsed.value.applicationId, parsed.value)
    }
    yield sheets.map((sheet) => ({
      sheet,
      text: texts.get(`${sheet.applicationId}#${sheet.panellistId}`),
      declaration: declarations.get(`${sheet.applicationId}#${sheet.panellistId}`),
      candidate: candidates.get(sheet.applicationId),
    }))
  }
}

export type AwardRow = { award: Award; candidate?: Candidate }

/** A competition's awards (`begins_with(sk, AWARD#)`), a page at a time, each with its candidate (the EOI's reference). */
export async function* awardPagesOfCompetition(
  db: Db,
  competitionId: string,
  size = EXPORT_PAGE_SIZE,
): AsyncGenerator<AwardRow[]> {
  for await (const items of queryPages(db, prefixQuery(awardKeys.pk(competitionId), awardKeys.award('')), size)) {
    const awards = items.map((item) => Award.parse(item))
    const candidates = await candidatesOf(
      db,
      competitionId,
      awards.map((a) => a.applicationId),
    )
    yield awards.map((award) => ({ award, candidate: candidates.get(award.applicationId) }))
  }
}

/** A competition's ledger in commit order (`begins_with(sk, LEDGER#)`), a page at a time: one Query each. */
export async function* ledgerPagesOfCompetition(
  db: Db,
  competitionId: string,
  size = EXPORT_PAGE_SIZE,
): AsyncGenerator<LedgerEntry[]> {
  for await (const items of queryPages(db, prefixQuery(awardKeys.pk(competitionId), 'LEDGER#'), size))
    yield items.map((item) => LedgerEntry.parse(item))
}

/**
 * A competition's grant agreements (`begins_with(sk, GRANT#)`, keeping `entity = grant`: reports,
 * changes and check-ins sort among them), a page at a time: one Query each.
 */
export async function* grantPagesOfCompetition(
  db: Db,
  competitionId: string,
  size = EXPORT_PAGE_SIZE,
): AsyncGenerator<Grant[]> {
  const query = prefixQuery(grantKeys.pk(competitionId), grantKeys.grant(''))
  for await (const items of queryPages(
    db,
    {
      ...query,
      FilterExpression: '#entity = :grant',
      ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#entity': 'entity' },
      ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ':grant': 'grant' },
    },
    size,
  ))
    yield items.map((item) => Grant.parse(item))
}

export type CallRow = { call: FeedbackCall; candidate?: Candidate }

/** A competition's feedback calls (`begins_with(sk, CALL#)`), a page at a time, each with its candidate (the contact). */
export async function* callPagesOfCompetition(
  db: Db,
  competitionId: string,
  size = EXPORT_PAGE_SIZE,
): AsyncGenerator<CallRow[]> {
  for await (const items of queryPages(db, prefixQuery(feedbackKeys.pk(competitionId), feedbackKeys.call('')), size)) {
    const calls = items.map((item) => FeedbackCall.parse(item))
    const candidates = await candidatesOf(
      db,
      competitionId,
      calls.map((c) => c.applicationId),
    )
    yield calls.map((call) => ({ call, candidate: candidates.get(call.applicationId) }))
  }
}
