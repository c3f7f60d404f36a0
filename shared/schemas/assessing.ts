// Assessing: the scoring rubric, screening and shortlisting decisions, the panel and its
// conflicts of interest, score sheets, pitch slots, and the ranking built from them.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Id, IsoInstant, Line, Pence, Text, WebUrl } from './common.js'

// — The rubric —

/** Scores are whole numbers on a scale such as 0–5. */
export const Scale = z
  .object({
    min: z.number().check(z.int(), z.minimum(0), z.maximum(10)),
    max: z.number().check(z.int(), z.minimum(1), z.maximum(10)),
  })
  .check(z.refine((s) => s.max > s.min, { path: ['max'], message: 'must be more than the lowest score' }))
export type Scale = z.infer<typeof Scale>

/** Guidance for a band of scores, e.g. 4–5 "Strong: …". */
const BandScore = z
  .number()
  .check(z.int('must be a whole number'), z.minimum(0, 'must not be negative'), z.maximum(10, 'must be at most 10'))
export const ScoreBand = z.object({ from: BandScore, to: BandScore, guidance: Line(500) })
export type ScoreBand = z.infer<typeof ScoreBand>

const criterionFields = {
  title: Line(120),
  /** What good looks like. */
  description: Text(2000),
  /** Relative weight; only the ratios between weights matter. */
  weight: z.number().check(z.minimum(0.1, 'must be at least 0.1'), z.maximum(100, 'must be at most 100')),
  bands: z.array(ScoreBand).check(z.maxLength(11, 'must have at most 11 bands')),
}

export const Criterion = z.object({ id: Id, ...criterionFields })
export type Criterion = z.infer<typeof Criterion>

export const Rubric = meta(
  z.object({
    competitionId: Id,
    scale: Scale,
    criteria: z.array(Criterion),
    /** Flag an application to discuss when its panellists' scores differ by more than this (max − min). */
    discussAbove: z.number(),
    /** Warn where an application has fewer unconflicted scorers than this. */
    minScorers: z.number().check(z.int()),
    /** 0 until first saved. Send it back with a change. */
    version: z.number().check(z.int()),
    /** Set by the first score saved: from then on the criteria, weights and scale cannot change. */
    lockedAt: z.optional(IsoInstant),
    updatedAt: z.optional(IsoInstant),
  }),
  { id: 'Rubric' },
)
export type Rubric = z.infer<typeof Rubric>

export const RubricInput = meta(
  z
    .strictObject({
      version: z.number().check(z.int(), z.minimum(0)),
      scale: Scale,
      criteria: z.array(z.strictObject({ id: z.optional(Id), ...criterionFields })).check(
        z.minLength(1, 'must have at least one criterion'),
        z.maxLength(12, 'must have at most 12 criteria'),
        z.refine(
          (cs) => new Set(cs.flatMap((c) => (c.id ? [c.id] : []))).size === cs.filter((c) => c.id).length,
          'must not list a criterion twice',
        ),
      ),
    })
    .check(
      z.superRefine((rubric, ctx) => {
        rubric.criteria.forEach((criterion, i) => {
          const taken = new Set<number>()
          criterion.bands.forEach((band, j) => {
            const path = ['criteria', i, 'bands', j]
            if (band.from > band.to)
              ctx.addIssue({ code: 'custom', path: [...path, 'to'], message: 'must not be below “from”' })
            if (band.from < rubric.scale.min || band.to > rubric.scale.max) {
              ctx.addIssue({
                code: 'custom',
                path: [...path, 'from'],
                message: `must lie within the scale (${rubric.scale.min} to ${rubric.scale.max})`,
              })
            }
            // Bounded before iterating: the number checks above still let a refinement run.
            const first = Math.max(band.from, rubric.scale.min)
            const last = Math.min(band.to, rubric.scale.max)
            if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || last - first > 10) return
            for (let score = first; score <= last; score++) {
              if (taken.has(score)) {
                ctx.addIssue({ code: 'custom', path: [...path, 'from'], message: `overlaps another band at ${score}` })
                break
              }
              taken.add(score)
            }
          })
        })
      }),
    ),
  {
    id: 'RubricInput',
    description:
      'The whole rubric, with the version last read (0 for the first save). Refused once scoring has started.',
  },
)
export type RubricInput = z.infer<typeof RubricInput>

export const AssessmentSettings = meta(
  z.strictObject({
    discussAbove: z.number().check(z.minimum(0, 'must not be negative'), z.maximum(10, 'must be at most 10')),
    minScorers: z
      .number()
      .check(z.int('must be a whole number'), z.minimum(1, 'must be at least 1'), z.maximum(20, 'must be at most 20')),
  }),
  {
    id: 'AssessmentSettings',
    description: 'How the ranking flags disagreement and thin coverage; may change at any time.',
  },
)
export type AssessmentSettings = z.infer<typeof AssessmentSettings>

// — Screening and shortlisting —

export const ScreeningOutcome = z.enum(['eligible', 'ineligible'])
export type ScreeningOutcome = z.infer<typeof ScreeningOutcome>
export const ShortlistOutcome = z.enum(['shortlisted', 'not-shortlisted'])
export type ShortlistOutcome = z.infer<typeof ShortlistOutcome>
export const Recommendation = z.enum(['fund', 'reserve', 'do-not-fund'])
export type Recommendation = z.infer<typeof Recommendation>

const decided = { reason: z.string(), by: z.string(), byName: z.string(), at: IsoInstant }

/** A submitted EOI as the assessment sees it. Applicants never see this. */
export const Candidate = meta(
  z.object({
    applicationId: Id,
    competitionId: Id,
    organisationId: Id,
    organisationName: z.string(),
    amountRequestedPence: z.optional(Pence),
    themeIds: z.array(z.string()),
    submittedAt: IsoInstant,
    receiptNumber: z.optional(z.string()),
    /** Who submitted it: where a pitch invitation goes. */
    contactEmail: z.optional(z.email()),
    screening: z.optional(z.object({ outcome: ScreeningOutcome, ...decided })),
    shortlist: z.optional(z.object({ outcome: ShortlistOutcome, ...decided })),
    /** When the first score for it was saved: it can no longer leave the shortlist. */
    scoringStartedAt: z.optional(IsoInstant),
    /** The panel's agreed outcome after discussion. */
    recommendation: z.optional(z.object({ outcome: Recommendation, ...decided })),
    /** Its award, as it stands (written with the award, in the same transaction). */
    award: z.optional(
      z.object({ status: z.enum(['offered', 'accepted', 'declined', 'withdrawn', 'lapsed']), amountPence: Pence }),
    ),
  }),
  { id: 'Candidate' },
)
export type Candidate = z.infer<typeof Candidate>

const needsReasonWhen =
  (negative: string) => (decision: { outcome: string; reason: string }, ctx: z.core.$RefinementCtx) => {
    if (decision.outcome === negative && !decision.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'must say why (it feeds the applicant’s feedback)' })
  }

/** Many EOIs at once (bulk actions), all or none. */
const bulk = <T extends z.ZodMiniType>(decision: T) =>
  z.strictObject({
    decisions: z.array(decision).check(
      z.minLength(1, 'must have at least one decision'),
      z.maxLength(25, 'must have at most 25 decisions'),
      z.refine(
        (ds) => new Set(ds.map((d) => (d as { applicationId: string }).applicationId)).size === ds.length,
        'must not decide on an EOI twice',
      ),
    ),
  })

export const ScreeningInput = meta(
  bulk(
    z
      .strictObject({ applicationId: Id, outcome: ScreeningOutcome, reason: Text(2000) })
      .check(z.superRefine(needsReasonWhen('ineligible'))),
  ),
  { id: 'ScreeningInput', description: 'A reason is needed for “ineligible”.' },
)
export type ScreeningInput = z.infer<typeof ScreeningInput>

export const ShortlistInput = meta(
  bulk(
    z
      .strictObject({ applicationId: Id, outcome: ShortlistOutcome, reason: Text(2000) })
      .check(z.superRefine(needsReasonWhen('not-shortlisted'))),
  ),
  {
    id: 'ShortlistInput',
    description: 'Only eligible EOIs can be shortlisted; a reason is needed for “not-shortlisted”.',
  },
)
export type ShortlistInput = z.infer<typeof ShortlistInput>

export const RecommendationInput = meta(
  z.strictObject({
    outcome: Recommendation,
    reason: z.pipe(Text(2000), z.string().check(z.minLength(1, 'must not be empty'))),
  }),
  { id: 'RecommendationInput' },
)
export type RecommendationInput = z.infer<typeof RecommendationInput>

// — The panel —

export const PanelMemberStatus = z.enum(['invited', 'accepted', 'declined'])
export type PanelMemberStatus = z.infer<typeof PanelMemberStatus>

export const PanelMember = meta(
  z.object({
    competitionId: Id,
    competitionTitle: z.string(),
    email: z.email(),
    /** As shown to shortlisted applicants in "who's at the table". */
    name: z.string(),
    role: z.optional(z.string()),
    /** Where the panellist works: an organisation partnered through matching with an applicant conflicts them from it. */
    organisation: z.optional(z.string()),
    status: PanelMemberStatus,
    /** The account that accepted. */
    userId: z.optional(z.string()),
    invitedAt: IsoInstant,
    invitedBy: z.string(),
    respondedAt: z.optional(IsoInstant),
  }),
  { id: 'PanelMember' },
)
export type PanelMember = z.infer<typeof PanelMember>

export const PanelInvite = meta(
  z.strictObject({
    email: z.email('must be an email address').check(z.maxLength(254)),
    name: Line(120),
    role: z.optional(Line(200)),
    /** Where the panellist works: a partner (by an accepted matching introduction) of an applicant makes them conflicted for it. */
    organisation: z.optional(Line(200)),
  }),
  {
    id: 'PanelInvite',
    description: 'The name and role are shown to shortlisted applicants in “who’s at the table”.',
  },
)
export type PanelInvite = z.infer<typeof PanelInvite>

export const PanelResponse = meta(z.strictObject({ accept: z.boolean() }), { id: 'PanelResponse' })

const panellistIdDescription =
  'The panellist’s user id: `userId` in the panel list (GET /competitions/{competitionId}/panel), `id` from GET /me.'

/** Who a declaration or score sheet is by: the panellist's user id (`userId` on the panel list, `id` from GET /me). */
export const PanellistId = meta(z.string().check(z.minLength(1), z.maxLength(128)), {
  description: panellistIdDescription,
})
const StoredPanellistId = meta(z.string(), { description: panellistIdDescription })

// — Conflicts of interest —

export const ConflictType = z.enum(['none', 'employment', 'financial', 'advisory', 'personal', 'other'])
export type ConflictType = z.infer<typeof ConflictType>

export const Declaration = meta(
  z.object({
    competitionId: Id,
    applicationId: Id,
    panellistId: StoredPanellistId,
    type: ConflictType,
    note: z.string(),
    /** Who recorded it: the panellist, or a programme manager. */
    recordedBy: z.string(),
    recordedByManager: z.boolean(),
    at: IsoInstant,
  }),
  { id: 'Declaration' },
)
export type Declaration = z.infer<typeof Declaration>

/** A competition's panel as its programme manager reads it: the members and every declaration. */
export const Panel = meta(z.object({ members: z.array(PanelMember), declarations: z.array(Declaration) }), {
  id: 'Panel',
})
export type Panel = z.infer<typeof Panel>

const declarationFields = { applicationId: Id, type: ConflictType, note: Text(1000) }
const conflictNeedsNote = (d: { type: ConflictType; note: string }, ctx: z.core.$RefinementCtx) => {
  if (d.type !== 'none' && !d.note)
    ctx.addIssue({ code: 'custom', path: ['note'], message: 'must describe the conflict' })
}

export const DeclarationsInput = meta(
  z.strictObject({
    declarations: z.array(z.strictObject(declarationFields).check(z.superRefine(conflictNeedsNote))).check(
      z.minLength(1, 'must have at least one declaration'),
      // One transaction holds them with the panellist's seat: at most 100 items.
      z.maxLength(99, 'must have at most 99 declarations: send the rest separately'),
      z.refine(
        (ds) => new Set(ds.map((d) => d.applicationId)).size === ds.length,
        'must not declare twice for one application',
      ),
    ),
  }),
  {
    id: 'DeclarationsInput',
    description: '“none”, or a conflict with a note. A declared conflict can only be withdrawn by a programme manager.',
  },
)
export type DeclarationsInput = z.infer<typeof DeclarationsInput>

export const ManagerDeclarationInput = meta(
  z.strictObject({
    panellistId: PanellistId,
    ...declarationFields,
    note: z.pipe(Text(1000), z.string().check(z.minLength(1, 'must say why'))),
  }),
  {
    id: 'ManagerDeclarationInput',
    description: 'A programme manager records (or clears, with type “none”) a conflict, with a note.',
  },
)
export type ManagerDeclarationInput = z.infer<typeof ManagerDeclarationInput>

// — Score sheets —

export const SheetStatus = z.enum(['draft', 'submitted'])
export type SheetStatus = z.infer<typeof SheetStatus>

export const SheetChange = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('moderated'),
    criterionId: z.string(),
    from: z.number().check(z.int()),
    to: z.number().check(z.int()),
    reason: z.string(),
    by: z.string(),
    byName: z.string(),
    at: IsoInstant,
  }),
  z.object({ kind: z.literal('reopened'), reason: z.string(), by: z.string(), byName: z.string(), at: IsoInstant }),
])
export type SheetChange = z.infer<typeof SheetChange>

/** One panellist's scores for one application: the numbers the ranking reads. */
export const ScoreSheet = meta(
  z.object({
    competitionId: Id,
    applicationId: Id,
    panellistId: StoredPanellistId,
    panellistName: z.string(),
    status: SheetStatus,
    /** By criterion id. */
    scores: z.record(z.string(), z.number().check(z.int())),
    rubricVersion: z.number().check(z.int()),
    version: z.number().check(z.int()),
    updatedAt: IsoInstant,
    submittedAt: z.optional(IsoInstant),
    /** Every change after submission: moderation and reopening, with who, when and why. */
    history: z.array(SheetChange),
  }),
  { id: 'ScoreSheet' },
)
export type ScoreSheet = z.infer<typeof ScoreSheet>

/** What a panellist wrote alongside the numbers. */
export const SheetText = z.object({
  /** By criterion id. */
  comments: z.record(z.string(), z.string()),
  /** Private to the panel. */
  panelNote: z.string(),
  /** Meant for the applicant (released with feedback later). */
  applicantFeedback: z.string(),
})
export type SheetText = z.infer<typeof SheetText>

export const FullSheet = meta(z.extend(ScoreSheet, SheetText.shape), { id: 'FullSheet' })
export type FullSheet = z.infer<typeof FullSheet>

export const SheetInput = meta(
  z.strictObject({
    version: z.number().check(z.int(), z.minimum(0)),
    scores: z.record(
      z.string().check(z.maxLength(64)),
      z.number({ message: 'must be a whole number' }).check(z.int('must be a whole number')),
    ),
    comments: z._default(z.record(z.string().check(z.maxLength(64)), Text(3000)), {}),
    panelNote: z._default(Text(5000), ''),
    applicantFeedback: z._default(Text(5000), ''),
  }),
  {
    id: 'SheetInput',
    description: 'The whole sheet as it stands, with the version last read (0 for the first save).',
  },
)
export type SheetInput = z.infer<typeof SheetInput>

export const ModerationInput = meta(
  z.strictObject({
    version: z.number().check(z.int(), z.minimum(1)),
    criterionId: z.string().check(z.minLength(1), z.maxLength(64)),
    score: z.number({ message: 'must be a whole number' }).check(z.int('must be a whole number')),
    reason: Line(1000),
  }),
  {
    id: 'ModerationInput',
    description: 'A score changed after discussion, with why; the old value is kept.',
  },
)
export type ModerationInput = z.infer<typeof ModerationInput>

export const ReopenInput = meta(
  z.strictObject({ version: z.number().check(z.int(), z.minimum(1)), reason: Line(1000) }),
  { id: 'ReopenInput' },
)
export type ReopenInput = z.infer<typeof ReopenInput>

// — Ranking —

/** One application's aggregate: raw and calibrated side by side, never one in place of the other. */
export const RankingRow = meta(
  z.object({
    applicationId: Id,
    organisationName: z.string(),
    /** 1-based; tied applications share a rank. Absent until it has a submitted, unconflicted score. */
    rank: z.optional(z.number().check(z.int())),
    tied: z.boolean(),
    /** Mean over scorers of each sheet's weighted score, on the rubric's scale. */
    weightedMean: z.optional(z.number()),
    /** The same after removing each panellist's leniency or harshness. */
    calibrated: z.optional(z.number()),
    /** Population standard deviation and max − min of the sheets' weighted scores. */
    standardDeviation: z.optional(z.number()),
    range: z.optional(z.number()),
    discuss: z.boolean(),
    /** Submitted, unconflicted sheets counted. */
    scorers: z.number().check(z.int()),
    tooFewScorers: z.boolean(),
    /** Mean per criterion, by criterion id. */
    criterionMeans: z.record(z.string(), z.number()),
  }),
  { id: 'RankingRow' },
)
export type RankingRow = z.infer<typeof RankingRow>

/** Every submitted, unconflicted sheet on one application, with its aggregate (raw only). */
export const PanelSheets = meta(
  z.object({ sheets: z.array(FullSheet), aggregate: z.omit(RankingRow, { calibrated: true, rank: true, tied: true }) }),
  { id: 'PanelSheets' },
)
export type PanelSheets = z.infer<typeof PanelSheets>

export const SheetProgress = z.enum(['not-started', 'draft', 'submitted', 'conflicted', 'undeclared'])
export type SheetProgress = z.infer<typeof SheetProgress>

export const Ranking = meta(
  z.object({
    rubric: Rubric,
    rows: z.array(
      z.extend(RankingRow, {
        recommendation: Candidate.shape.recommendation,
        amountRequestedPence: Candidate.shape.amountRequestedPence,
        themeIds: Candidate.shape.themeIds,
        award: Candidate.shape.award,
        /** Each accepted panellist's progress on it, by panellist id. */
        progress: z.record(z.string(), SheetProgress),
        moderated: z.boolean(),
        /** The weighted score of each sheet the mean counts, lowest first, without who gave it. */
        sheetScores: z.array(z.number()),
      }),
    ),
    panellists: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        submitted: z.number().check(z.int()),
        draft: z.number().check(z.int()),
        notStarted: z.number().check(z.int()),
        conflicted: z.number().check(z.int()),
        undeclared: z.number().check(z.int()),
      }),
    ),
  }),
  { id: 'Ranking' },
)
export type Ranking = z.infer<typeof Ranking>

// — Pitch slots —

export const PitchSlot = z.object({
  id: Id,
  applicationId: Id,
  organisationName: z.string(),
  startsAt: IsoInstant,
  minutes: z.number().check(z.int()),
  /** A room and address, or a video link. */
  place: z.optional(z.string()),
  link: z.optional(z.string()),
  invitedAt: z.optional(IsoInstant),
})
export type PitchSlot = z.infer<typeof PitchSlot>

export const PitchSchedule = meta(
  z.object({
    competitionId: Id,
    slots: z.array(PitchSlot),
    version: z.number().check(z.int()),
    updatedAt: z.optional(IsoInstant),
  }),
  { id: 'PitchSchedule' },
)
export type PitchSchedule = z.infer<typeof PitchSchedule>

export const PitchScheduleInput = meta(
  z
    .strictObject({
      version: z.number().check(z.int(), z.minimum(0)),
      slots: z
        .array(
          z
            .strictObject({
              id: z.optional(Id),
              applicationId: Id,
              startsAt: IsoInstant,
              minutes: z
                .number()
                .check(
                  z.int('must be a whole number'),
                  z.minimum(5, 'must be at least 5'),
                  z.maximum(240, 'must be at most 240'),
                ),
              place: z.optional(Line(300)),
              link: z.optional(WebUrl),
            })
            .check(z.refine((s) => s.place || s.link, { path: ['place'], message: 'needs a place or a video link' })),
        )
        // Sending invitations checks each slot's shortlisting with its email in one transaction.
        .check(z.maxLength(40, 'must have at most 40 slots')),
    })
    .check(
      z.superRefine((input, ctx) => {
        const sorted = input.slots
          .map((slot, i) => ({ slot, i }))
          .sort((a, b) => a.slot.startsAt.localeCompare(b.slot.startsAt))
        for (let k = 1; k < sorted.length; k++) {
          const before = sorted[k - 1]!.slot
          if (Date.parse(before.startsAt) + before.minutes * 60_000 > Date.parse(sorted[k]!.slot.startsAt)) {
            ctx.addIssue({
              code: 'custom',
              path: ['slots', sorted[k]!.i, 'startsAt'],
              message: 'overlaps the slot before it',
            })
          }
        }
        const seen = new Set<string>()
        input.slots.forEach((s, i) => {
          if (seen.has(s.applicationId))
            ctx.addIssue({ code: 'custom', path: ['slots', i, 'applicationId'], message: 'already has a slot' })
          seen.add(s.applicationId)
        })
      }),
    ),
  {
    id: 'PitchScheduleInput',
    description: 'The whole schedule, with the version last read (0 for the first save). Slots must not overlap.',
  },
)
export type PitchScheduleInput = z.infer<typeof PitchScheduleInput>

// — What a panellist sees —

/** An EOI as the panel reads it: the answers, without the applicant's contact details. */
export const PanelApplication = meta(
  z.object({
    id: Id,
    competitionId: Id,
    competitionTitle: z.string(),
    organisationName: z.string(),
    amountRequestedPence: z.optional(Pence),
    themeIds: z.array(z.string()),
    answers: z.record(z.string(), z.unknown()),
    submittedAt: z.optional(IsoInstant),
  }),
  { id: 'PanelApplication' },
)
export type PanelApplication = z.infer<typeof PanelApplication>

/** A pitch opened to assess: the application, the rubric, and the caller's own sheet (panellists) or its decisions (programme managers). */
export const AssessmentView = meta(
  z.object({
    application: PanelApplication,
    rubric: Rubric,
    sheet: z.optional(FullSheet),
    candidate: z.optional(Candidate),
  }),
  { id: 'AssessmentView' },
)
export type AssessmentView = z.infer<typeof AssessmentView>

export const Assignment = z.object({
  applicationId: Id,
  organisationName: z.string(),
  declaration: z.optional(ConflictType),
  sheet: z.optional(SheetStatus),
})
export type Assignment = z.infer<typeof Assignment>

/** A panellist's page: invitations, and for each panel they sit on, what to declare and score. */
export const MyPanels = meta(
  z.object({
    panels: z.array(
      z.object({
        member: PanelMember,
        /** Shortlisted applications (empty until accepted). */
        assignments: z.array(Assignment),
      }),
    ),
  }),
  { id: 'MyPanels' },
)
export type MyPanels = z.infer<typeof MyPanels>
