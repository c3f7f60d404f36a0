// Competitions: drafting, editing, publishing, deleting, and what the public may read.
import type { FieldError, Page } from '../../../shared/schemas/common.js'
import {
  Timeline,
  type Competition,
  type CompetitionPage,
  type CompetitionPatch,
  type CompetitionStatus,
  type CompetitionSummary,
  type NewCompetition,
} from '../../../shared/schemas/competition.js'
import { formatPence } from '../../../shared/money.js'
import { DiQuestionId } from '../../../shared/schemas/di-survey.js'
import { phaseOf } from '../../../shared/phase.js'
import { getCompetitionAggregate, insertCompetition, listCompetitionsByStatus } from '../../db/competitions-repo.js'
import { InvalidCursor } from '../../db/cursor.js'
import { isManager, type Caller, type Ctx } from '../context.js'
import {
  Forbidden,
  PublishBlocked,
  RuleViolated,
  StateConflict,
  Unauthenticated,
  ValidationFailed,
  VersionConflict,
} from '../errors.js'
import { newId } from '../ids.js'
import { assertVisible, changeCompetition } from './aggregate.js'
import { documentObjects } from '../files/file-store.js'
import { missingForPublish } from './publish-rules.js'

/** Starts a draft. Only the title is needed; the rest can follow. */
export async function createCompetition(ctx: Ctx, input: NewCompetition): Promise<Competition> {
  const now = ctx.now().toISOString()
  const competition: Competition = {
    id: newId(),
    status: 'draft',
    title: input.title,
    summary: input.summary ?? '',
    ownerOrganisation: input.ownerOrganisation ?? '',
    potPence: input.potPence ?? 0,
    maxAwardPence: input.maxAwardPence ?? 0,
    committedPence: 0,
    paidPence: 0,
    timeline: input.timeline ?? {},
    eligibility: (input.eligibility ?? []).map(({ text }) => ({ id: newId(), text })),
    diSurveyQuestions: input.diSurveyQuestions ?? [...DiQuestionId.options],
    version: 1,
    createdAt: now,
    updatedAt: now,
  }
  await insertCompetition(ctx.db, competition)
  return competition
}

/** Edits the details. Refused if someone saved since `patch.version`. */
export async function editCompetition(ctx: Ctx, competitionId: string, patch: CompetitionPatch): Promise<Competition> {
  return changeCompetition(ctx, competitionId, ({ competition }) => {
    if (competition.version !== patch.version) throw new VersionConflict('competition', competition.version)
    const { version: _version, eligibility, ...fields } = patch
    const next: Competition = {
      ...competition,
      ...fields,
      eligibility: eligibility ? mergeEligibility(competition.eligibility, eligibility) : competition.eligibility,
      version: competition.version + 1,
    }
    checkDetails(next)
    return { changes: { competition: next }, result: next }
  })
}

/** Publishes a complete draft, or says everything that is missing. */
export async function publishCompetition(ctx: Ctx, competitionId: string, version: number): Promise<Competition> {
  return changeCompetition(ctx, competitionId, (aggregate, now) => {
    const { competition } = aggregate
    if (competition.status !== 'draft') throw new StateConflict('This competition is already published.')
    if (competition.version !== version) throw new VersionConflict('competition', competition.version)
    const missing = missingForPublish(aggregate, now)
    if (missing.length) throw new PublishBlocked(missing)
    const published: Competition = {
      ...competition,
      status: 'published',
      publishedAt: now.toISOString(),
      version: competition.version + 1,
    }
    return { changes: { competition: published }, result: published }
  })
}

/** Deletes a draft and everything in it. Published competitions are kept for the record. */
export async function deleteCompetition(ctx: Ctx, competitionId: string, version: number): Promise<void> {
  return changeCompetition(ctx, competitionId, ({ competition, challenges, themes, items, questions }) => {
    if (competition.status !== 'draft') throw new StateConflict('A published competition cannot be deleted.')
    if (competition.version !== version) throw new VersionConflict('competition', competition.version)
    const documents = documentObjects(competitionId, items)
    return {
      changes: {
        deleteCompetition: true,
        deletes: [
          ...challenges.map((c) => ({ entity: 'challenge' as const, id: c.id })),
          ...themes.map((t) => ({ entity: 'theme' as const, id: t.id })),
          ...items.map((i) => ({ entity: 'dataPackItem' as const, id: i.id })),
          ...questions.map((q) => ({ entity: 'question' as const, id: q.id })),
        ],
      },
      result: undefined,
      after: () => ctx.files.remove(documents),
    }
  })
}

/** A competition with its challenges, data packs and themes. Drafts only for managers. */
export async function getCompetitionPage(ctx: Ctx, caller: Caller, competitionId: string): Promise<CompetitionPage> {
  const manager = isManager(caller)
  // Managers read their own writes (the editor reloads right after a save).
  const aggregate = await getCompetitionAggregate(ctx.db, competitionId, { consistent: manager })
  assertVisible(aggregate, manager)
  const { competition, challenges, themes, items, questions } = aggregate!
  // Documents still being uploaded are the manager's business only.
  const visible = manager ? items : items.filter((item) => item.kind !== 'document' || item.file.uploaded)
  const { committedPence, ...rest } = competition
  return {
    // How much is awarded is decisions: programme managers', until the results are published.
    competition: manager || competition.resultsPublishedAt ? competition : rest,
    phase: phaseOf(competition, ctx.now()),
    challenges: challenges.map((challenge) => ({
      ...challenge,
      dataPack: visible.filter((i) => i.challengeId === challenge.id),
    })),
    themes,
    form: questions,
  }
}

export type CompetitionListQuery = { status: CompetitionStatus; open?: boolean; cursor?: string; limit: number }

/** Published competitions for everyone (optionally only those still open); drafts for managers. */
export async function listCompetitions(
  ctx: Ctx,
  caller: Caller,
  query: CompetitionListQuery,
): Promise<Page<CompetitionSummary>> {
  if (query.status === 'draft' && !caller)
    throw new Unauthenticated('Sign in as a programme manager to list draft competitions.')
  if (query.status === 'draft' && !isManager(caller))
    throw new Forbidden('Only programme managers can list draft competitions.')
  const now = ctx.now()
  try {
    const page = await listCompetitionsByStatus(ctx.db, query.status, {
      limit: query.limit,
      cursor: query.cursor,
      closingAfter: query.open && query.status === 'published' ? now.toISOString() : undefined,
    })
    return { ...page, items: page.items.map((c) => ({ ...summarise(c), phase: phaseOf(c, now) })) }
  } catch (error) {
    if (error instanceof InvalidCursor)
      throw new ValidationFailed([{ field: 'cursor', message: 'is not a cursor from this list' }])
    throw error
  }
}

function summarise({
  id,
  status,
  title,
  summary,
  ownerOrganisation,
  potPence,
  maxAwardPence,
  timeline,
  updatedAt,
}: Competition) {
  return { id, status, title, summary, ownerOrganisation, potPence, maxAwardPence, timeline, updatedAt }
}

/** Rules that hold across fields, checked on the competition as it would be after an edit. */
function checkDetails(next: Competition) {
  const problems: FieldError[] = []
  if (next.maxAwardPence > next.potPence)
    problems.push({ field: 'maxAwardPence', message: 'must not be more than the pot' })
  if (next.potPence < next.committedPence) {
    problems.push({
      field: 'potPence',
      message: `must not be below the ${formatPence(next.committedPence)} already committed to awards`,
    })
  }
  const timeline = Timeline.safeParse(next.timeline)
  if (!timeline.success) {
    for (const issue of timeline.error.issues)
      problems.push({ field: ['timeline', ...issue.path].join('.'), message: issue.message })
  }
  if (problems.length) throw new RuleViolated(problems.map((p) => `${p.field} ${p.message}`).join('; '), problems)
}

/** Keeps ids of statements that were edited in place; new ones get fresh ids. */
function mergeEligibility(current: Competition['eligibility'], edited: { id?: string; text: string }[]) {
  const known = new Set(current.map((s) => s.id))
  return edited.map(({ id, text }) => ({ id: id && known.has(id) ? id : newId(), text }))
}
