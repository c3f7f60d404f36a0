// Programmes: a programme manager groups competitions as the rounds of a series; the funnel,
// the organisations' leadership by stage and the D&I survey are reported across its rounds.
import { diQuestions } from '../../../shared/di-questions.js'
import type { ShownCount } from '../../../shared/schemas/di-survey.js'
import {
  type Programme,
  type ProgrammeInput,
  type ProgrammeReport,
  type ProgrammeSurvey,
  type ProgrammeUpdate,
  funnelStages,
} from '../../../shared/schemas/funnel.js'
import { getCompetition } from '../../db/competitions-repo.js'
import { listAnswerSets } from '../../db/di-survey-repo.js'
import { readFunnelCounts } from '../../db/funnel-repo.js'
import {
  getProgramme,
  getProgrammeSurvey,
  listProgrammes,
  publishProgrammeSurvey,
  saveProgramme,
  type PublishedProgrammeSurvey,
} from '../../db/programmes-repo.js'
import { ConditionFailed } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { surveyResults } from '../di-survey/di-survey.js'
import { shownTotal } from '../di-survey/suppress.js'
import { NotFound, RuleViolated, StateConflict, VersionConflict } from '../errors.js'
import { newId } from '../ids.js'
import { suppressAcrossRounds } from './across-rounds.js'
import { type Counts, countsOf, leadershipOf, stepsOf } from './funnel.js'

const surveyFixed = () =>
  new StateConflict(
    'This programme’s survey counts are published, so its rounds are fixed: start a new programme for further rounds.',
  )

async function assertRoundsExist(ctx: Ctx, competitionIds: readonly string[]) {
  const found = await Promise.all(competitionIds.map((id) => getCompetition(ctx.db, id)))
  const missing = found.flatMap((c, i) =>
    c ? [] : [{ field: `competitionIds.${i}`, message: 'is not a competition' }],
  )
  if (missing.length) throw new RuleViolated('Every round must be an existing competition.', missing)
}

async function save(ctx: Ctx, programme: Programme, expectedVersion: number, before: readonly string[]) {
  const dropped = before.filter((id) => !programme.competitionIds.includes(id))
  const added = programme.competitionIds.filter((id) => !before.includes(id))
  await saveProgramme(ctx.db, programme, expectedVersion, dropped, added, {
    'round-free': (taken) =>
      new StateConflict('A competition can be a round of one programme only: take it out of the other first.', [
        {
          field: `competitionIds.${programme.competitionIds.indexOf(String(taken?.competitionId ?? ''))}`,
          message: 'is a round of another programme',
        },
      ]),
    'programme-version': () =>
      expectedVersion === 0 ? new VersionConflict('programme') : surveyFixedOrStale(ctx, programme.id),
    'round-ours': () => new VersionConflict('programme'),
  })
}

async function surveyFixedOrStale(ctx: Ctx, programmeId: string) {
  const now = await getProgramme(ctx.db, programmeId)
  return now?.surveyPublishedAt ? surveyFixed() : new VersionConflict('programme', now?.version)
}

export async function createProgramme(ctx: Ctx, input: ProgrammeInput): Promise<Programme> {
  await assertRoundsExist(ctx, input.competitionIds)
  const at = ctx.now().toISOString()
  const programme: Programme = { id: newId(), ...input, version: 1, createdAt: at, updatedAt: at }
  await save(ctx, programme, 0, [])
  return programme
}

export async function updateProgramme(ctx: Ctx, programmeId: string, input: ProgrammeUpdate): Promise<Programme> {
  const current = await getProgramme(ctx.db, programmeId)
  if (!current) throw new NotFound('programme')
  if (current.surveyPublishedAt) throw surveyFixed()
  if (current.version !== input.version) throw new VersionConflict('programme', current.version)
  await assertRoundsExist(ctx, input.competitionIds)
  const next: Programme = {
    ...current,
    title: input.title,
    competitionIds: input.competitionIds,
    version: current.version + 1,
    updatedAt: ctx.now().toISOString(),
  }
  await save(ctx, next, current.version, current.competitionIds)
  return next
}

export async function readProgramme(ctx: Ctx, programmeId: string): Promise<Programme> {
  const programme = await getProgramme(ctx.db, programmeId)
  if (!programme) throw new NotFound('programme')
  return programme
}

export const allProgrammes = (ctx: Ctx) => listProgrammes(ctx.db)

/**
 * The programme's report: each round's funnel and their sum (one Query of counts per round),
 * the leadership answers by stage over every round, and the D&I survey across rounds once
 * every round's has been published.
 */
export async function programmeReport(ctx: Ctx, programmeId: string): Promise<ProgrammeReport> {
  const programme = await readProgramme(ctx, programmeId)
  const rounds = await Promise.all(
    programme.competitionIds.map(async (competitionId) => {
      const [competition, counts] = await Promise.all([
        getCompetition(ctx.db, competitionId),
        readFunnelCounts(ctx.db, competitionId),
      ])
      return { competitionId, title: competition?.title ?? 'Deleted competition', counts }
    }),
  )
  const summed = new Map<string, number>()
  for (const round of rounds) for (const [k, n] of round.counts) summed.set(k, (summed.get(k) ?? 0) + n)
  const total: Counts = countsOf(summed)
  return {
    programme,
    rounds: rounds.map((r) => ({
      competitionId: r.competitionId,
      title: r.title,
      steps: stepsOf((stage) => countsOf(r.counts)(stage)),
    })),
    steps: stepsOf((stage) => total(stage), funnelStages),
    leadership: leadershipOf(total),
    survey: await programmeSurvey(ctx, programme, rounds),
  }
}

async function programmeSurvey(
  ctx: Ctx,
  programme: Programme,
  rounds: { competitionId: string; title: string }[],
): Promise<ProgrammeSurvey> {
  const published = await getProgrammeSurvey(ctx.db, programme.id)
  if (published) return published
  const results = await Promise.all(rounds.map((r) => surveyResults(ctx, r.competitionId)))
  const waiting = rounds.filter((_, i) => results[i]!.status === 'collecting')
  if (waiting.length) {
    const after = results.flatMap((r) => (r.status === 'collecting' && r.availableAfter ? [r.availableAfter] : []))
    return {
      status: 'collecting',
      availableAfter: after.sort().at(-1),
      waitingFor: waiting.map((r) => ({ competitionId: r.competitionId, title: r.title })),
    }
  }
  const sets = await Promise.all(rounds.map((r) => listAnswerSets(ctx.db, r.competitionId)))
  const survey = countAcrossRounds(
    results.map((r, k) => ({ published: r as Extract<typeof r, { status: 'published' }>, sets: sets[k]! })),
    ctx.now(),
  )
  try {
    await publishProgrammeSurvey(ctx.db, programme, survey)
    return survey
  } catch (error) {
    if (!(error instanceof ConditionFailed)) throw error
    // Published by another look (the same answers, so the same counts), or the rounds changed: read again.
    return (await getProgrammeSurvey(ctx.db, programme.id)) ?? survey
  }
}

type RoundSurvey = {
  published: {
    respondents: ShownCount
    questions: { id: string; options: { id: string; count: ShownCount }[]; notAnswered: ShownCount }[]
  }
  sets: Record<string, string>[]
}

/** The survey's counts over every round that asked each question, suppressed across rounds. */
export function countAcrossRounds(rounds: RoundSurvey[], now: Date): PublishedProgrammeSurvey {
  const respondents = suppressAcrossRounds(
    rounds.map((r) => [r.sets.length]),
    rounds.map((r) => [r.published.respondents]),
  )[0]!
  return {
    status: 'published',
    publishedAt: now.toISOString(),
    rounds: rounds.length,
    respondents: respondents === 'suppressed' ? 'suppressed' : shownTotal(respondents as number),
    questions: diQuestions.flatMap((q) => {
      const asking = rounds.flatMap((r) => {
        const published = r.published.questions.find((pq) => pq.id === q.id)
        return published ? [{ r, published }] : []
      })
      if (!asking.length) return []
      const cells = asking.map(({ r }) => {
        const counts = q.options.map((o) => r.sets.filter((set) => set[q.id] === o.id).length)
        return [...counts, r.sets.length - counts.reduce((s, n) => s + n, 0)]
      })
      const shown = asking.map(({ published }) => [
        ...q.options.map((o) => published.options.find((po) => po.id === o.id)?.count ?? 'suppressed'),
        published.notAnswered,
      ])
      const row = suppressAcrossRounds(cells, shown)
      return [
        {
          id: q.id,
          label: q.label,
          options: q.options.map((o, i) => ({ id: o.id, label: o.label, count: row[i]! })),
          notAnswered: row[q.options.length]!,
        },
      ]
    }),
  }
}
