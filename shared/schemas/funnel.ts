// The engagement funnel of a competition and of a programme (competitions grouped as rounds),
// organisations' optional leadership answers, and the programme's reports.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { leadershipAnswers, leadershipCells, leadershipQuestions } from '../leadership-questions.js'
import { Id, IsoInstant, Line } from './common.js'
import { DiSurveyCollecting, ShownCount } from './di-survey.js'
import { EventFunnelRow } from './events.js'

/** The steps of the funnel, in order. */
export const funnelStages = [
  'engaged',
  'submitted',
  'eligible',
  'shortlisted',
  'awarded',
  'accepted',
  'completed',
] as const
export const FunnelStage = z.enum(funnelStages)
export type FunnelStage = z.infer<typeof FunnelStage>

/** The stages counted by challenge, theme and leadership: from an EOI on (engagement has no theme yet). */
export const appliedStages = funnelStages.slice(1) as Exclude<FunnelStage, 'engaged'>[]

export const FunnelStep = z.object({
  stage: FunnelStage,
  count: z.number().check(z.int()),
  /** This step's count as a percentage of the step before, to one decimal place; null at the first step or after a 0. */
  conversionPercent: z.nullable(z.number()),
})
export type FunnelStep = z.infer<typeof FunnelStep>

export const FunnelBreakdown = z.object({ id: z.string(), title: z.string(), steps: z.array(FunnelStep) })
export type FunnelBreakdown = z.infer<typeof FunnelBreakdown>

/** One leadership question by stage: each cell a count of organisations, under 5 suppressed. */
export const LeadershipByStage = z.object({
  questionId: z.string(),
  label: z.string(),
  stages: z.array(
    z.object({
      stage: FunnelStage,
      yes: ShownCount,
      no: ShownCount,
      declined: ShownCount,
      notAsked: ShownCount,
    }),
  ),
})
export type LeadershipByStage = z.infer<typeof LeadershipByStage>

export const FollowUp = z.object({
  /** The organisation's name as it was first given. */
  name: z.string(),
  /** `organisationKey(name)`: how names from different sources (questions, EOIs, event sign-ups) are matched. */
  organisationKey: z.string(),
  engagedAt: IsoInstant,
  /** How it engaged: asked a question, started an EOI, registered for or attended an event. */
  via: z.array(z.enum(['question', 'eoi', 'event'])),
})
export type FollowUp = z.infer<typeof FollowUp>

/**
 * A competition's funnel: event sign-ups join `engaged` and `followUp` through `organisationKey`,
 * and `events` has views → registrations → attendance for each of its events.
 */
export const Funnel = meta(
  z.object({
    competitionId: Id,
    title: z.string(),
    steps: z.array(FunnelStep),
    byChallenge: z.array(FunnelBreakdown),
    byTheme: z.array(FunnelBreakdown),
    leadership: z.array(LeadershipByStage),
    /** Each event's page views, confirmed registrations and attendance, from its counters, soonest first. */
    events: z.array(EventFunnelRow),
    /** Organisations that engaged but have not submitted an EOI, oldest engagement first (a page). */
    followUp: z.object({ items: z.array(FollowUp), nextCursor: z.optional(z.string()) }),
  }),
  { id: 'Funnel' },
)
export type Funnel = z.infer<typeof Funnel>

// — Organisations' leadership —

export const LeadershipInput = meta(
  z.strictObject({
    /** Must be true to record answers; false records that the organisation declined every question. */
    consent: z.boolean(),
    answers: z._default(z.partialRecord(z.enum(leadershipQuestions.map((q) => q.id)), z.enum(leadershipAnswers)), {}),
    /** The version last read (0 when never answered). */
    version: z.number().check(z.int(), z.minimum(0)),
  }),
  { id: 'LeadershipInput' },
)
export type LeadershipInput = z.infer<typeof LeadershipInput>

export const Leadership = meta(
  z.object({
    /** Every question, as it stands: yes, no, declined, or not-asked (never saved). */
    answers: z.record(z.string(), z.enum(leadershipCells)),
    consentGiven: z.boolean(),
    savedAt: z.optional(IsoInstant),
    version: z.number().check(z.int()),
  }),
  { id: 'Leadership' },
)
export type Leadership = z.infer<typeof Leadership>

// — Programmes —

export const MAX_ROUNDS = 20

const RoundIds = z.array(Id).check(
  z.minLength(1, 'must name at least one competition'),
  z.maxLength(MAX_ROUNDS, `must be at most ${MAX_ROUNDS} competitions`),
  z.refine((ids) => new Set(ids).size === ids.length, 'must not name a competition twice'),
)

export const ProgrammeInput = meta(z.strictObject({ title: Line(120), competitionIds: RoundIds }), {
  id: 'RoundsProgrammeInput',
})
export type ProgrammeInput = z.infer<typeof ProgrammeInput>

export const ProgrammeUpdate = meta(
  z.strictObject(z.extend(ProgrammeInput, { version: z.number().check(z.int(), z.minimum(1)) }).shape),
  { id: 'RoundsProgrammeUpdate' },
)
export type ProgrammeUpdate = z.infer<typeof ProgrammeUpdate>

export const Programme = meta(
  z.object({
    id: Id,
    title: z.string(),
    /** Its rounds, in the order given. */
    competitionIds: z.array(Id),
    version: z.number().check(z.int()),
    createdAt: IsoInstant,
    updatedAt: IsoInstant,
    /** Once the programme's survey counts are published its rounds are fixed. */
    surveyPublishedAt: z.optional(IsoInstant),
  }),
  { id: 'RoundsProgramme' },
)
export type Programme = z.infer<typeof Programme>

export const ProgrammeList = meta(z.object({ items: z.array(Programme) }), { id: 'RoundsProgrammeList' })

/** The D&I survey across rounds: published once every round's is, suppressed across rounds too. */
export const ProgrammeSurvey = z.discriminatedUnion('status', [
  z.extend(DiSurveyCollecting, {
    /** The rounds whose survey is still collecting. */
    waitingFor: z.array(z.object({ competitionId: Id, title: z.string() })),
  }),
  z.object({
    status: z.literal('published'),
    publishedAt: IsoInstant,
    rounds: z.number().check(z.int()),
    respondents: ShownCount,
    questions: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        options: z.array(z.object({ id: z.string(), label: z.string(), count: ShownCount })),
        notAnswered: ShownCount,
      }),
    ),
  }),
])
export type ProgrammeSurvey = z.infer<typeof ProgrammeSurvey>

export const ProgrammeReport = meta(
  z.object({
    programme: Programme,
    rounds: z.array(z.object({ competitionId: Id, title: z.string(), steps: z.array(FunnelStep) })),
    /** Every round added up, with the conversion between the sums. */
    steps: z.array(FunnelStep),
    leadership: z.array(LeadershipByStage),
    survey: ProgrammeSurvey,
  }),
  { id: 'RoundsProgrammeReport' },
)
export type ProgrammeReport = z.infer<typeof ProgrammeReport>
