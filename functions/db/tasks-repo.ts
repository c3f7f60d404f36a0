// What the task list reads: one projected query per partition of the competition's work
// (clarifications, assessment up to the pitch slots, awards, feedback, grants), run at once.
// Each asks only for the state attributes it counts, so no answers, score text, feedback or
// grant details cross the wire, and no application item is read.
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb'
import type { Db } from './client.js'
import { assessKeys } from './assessing-repo.js'
import { awardKeys } from './awards-repo.js'
import { clarificationKeys } from './clarifications-repo.js'
import { feedbackKeys } from './feedback-repo.js'
import { grantKeys } from './grants-repo.js'
import { queryEvery } from './query-page.js'
import { keys } from './table.js'

type Row = Record<string, unknown>

/** The states the task list counts, one small record per item; no text, no personal data. */
export type TaskFacts = {
  questions: { status: string }[]
  candidates: {
    screening?: string
    shortlist?: string
    recommendation?: string
    award?: string
    scoringStarted: boolean
  }[]
  members: { status: string }[]
  declarations: { type: string }[]
  sheets: { status: string }[]
  rubric?: { criteria: number; lockedAt?: string }
  slots: { startsAt: string; minutes: number; invitedAt?: string }[]
  awards: { status: string }[]
  release?: { status: string; scheduledAt?: string; releasedAt?: string; emailed: number }
  feedback: number
  calls: { status: string }[]
  signposts: number
  grants: { status: string }[]
  /** Queries sent, counting each page: what the bench and tests hold to. */
  queries: number
}

async function project(
  db: Db,
  pk: string,
  attributes: string[],
  range?: { op: string; value: string },
): Promise<{ items: Row[]; pages: number }> {
  const names: Record<string, string> = { '#pk': keys.partition, '#sk': keys.sort }
  const paths = attributes.map((path) =>
    path
      .split('.')
      .map((part) => {
        const name = `#${part}`
        names[name] = part
        return name
      })
      .join('.'),
  )
  const values: Record<string, NativeAttributeValue> = { ':pk': pk }
  if (range) values[':sk'] = range.value
  return queryEvery(db, {
    TableName: db.tableName,
    KeyConditionExpression: range ? `#pk = :pk AND ${range.op}` : '#pk = :pk',
    ProjectionExpression: ['#sk', ...paths].join(', '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  })
}

const sk = (row: Row) => String(row[keys.sort])
const str = (value: unknown) => (typeof value === 'string' ? value : undefined)
const outcome = (value: unknown) => str((value as { outcome?: unknown } | undefined)?.outcome)

/** Everything the task list counts for one competition, in five queries (more only past 1 MB a partition). */
export async function readTaskFacts(db: Db, competitionId: string): Promise<TaskFacts> {
  const [clar, assess, awards, feedback, grants] = await Promise.all([
    project(db, clarificationKeys.pk(competitionId), ['status'], { op: 'begins_with(#sk, :sk)', value: 'Q#' }),
    // Up to and including SLOTS: candidates, declarations, members, the rubric, sheets' numbers; never their text.
    project(
      db,
      assessKeys.pk(competitionId),
      [
        'status',
        'type',
        'screening.outcome',
        'shortlist.outcome',
        'recommendation.outcome',
        'award.status',
        'scoringStartedAt',
        'criteria',
        'lockedAt',
        'slots',
      ],
      { op: '#sk <= :sk', value: assessKeys.slots },
    ),
    project(db, awardKeys.pk(competitionId), ['status'], { op: 'begins_with(#sk, :sk)', value: 'AWARD#' }),
    project(db, feedbackKeys.pk(competitionId), ['status', 'scheduledAt', 'releasedAt', 'emailed']),
    project(db, grantKeys.pk(competitionId), ['status'], { op: 'begins_with(#sk, :sk)', value: 'GRANT#' }),
  ])
  const of = (rows: Row[], prefix: string) => rows.filter((row) => sk(row).startsWith(prefix))
  const rubric = assess.items.find((row) => sk(row) === assessKeys.rubric)
  const slots = assess.items.find((row) => sk(row) === assessKeys.slots)
  const release = feedback.items.find((row) => sk(row) === feedbackKeys.release)
  return {
    questions: clar.items.map((row) => ({ status: String(row.status) })),
    candidates: of(assess.items, 'CAND#').map((row) => ({
      screening: outcome(row.screening),
      shortlist: outcome(row.shortlist),
      recommendation: outcome(row.recommendation),
      award: str((row.award as { status?: unknown } | undefined)?.status),
      scoringStarted: typeof row.scoringStartedAt === 'string',
    })),
    members: of(assess.items, 'MEMBER#').map((row) => ({ status: String(row.status) })),
    declarations: of(assess.items, 'COI#').map((row) => ({ type: String(row.type) })),
    sheets: of(assess.items, 'SCORE#').map((row) => ({ status: String(row.status) })),
    rubric: rubric && {
      criteria: Array.isArray(rubric.criteria) ? rubric.criteria.length : 0,
      lockedAt: str(rubric.lockedAt),
    },
    slots: ((slots?.slots as Row[] | undefined) ?? []).map((slot) => ({
      startsAt: String(slot.startsAt),
      minutes: Number(slot.minutes),
      invitedAt: str(slot.invitedAt),
    })),
    awards: awards.items.map((row) => ({ status: String(row.status) })),
    release: release && {
      status: String(release.status),
      scheduledAt: str(release.scheduledAt),
      releasedAt: str(release.releasedAt),
      emailed: Number(release.emailed ?? 0),
    },
    feedback: of(feedback.items, 'FB#').length,
    calls: of(feedback.items, 'CALL#').map((row) => ({ status: String(row.status) })),
    signposts: of(feedback.items, 'SIGNPOST#').length,
    // GRANT#<applicationId> only: other features keep items under GRANT#<applicationId>#….
    grants: grants.items
      .filter((row) => sk(row).split('#').length === 2)
      .map((row) => ({ status: String(row.status) })),
    queries: clar.pages + assess.pages + awards.pages + feedback.pages + grants.pages,
  }
}
