// Feedback and signposting: the competition's directory of support services, the feedback
// the programme manager composes for every applicant from the platform's draft, its release
// to all applicants at once (now or at a set time), what an applicant reads afterwards, and
// their requests for a feedback call.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Offer } from './awards.js'
import { Id, IsoInstant, Line, Text, WebUrl } from './common.js'

const filled = (max: number) => z.pipe(Text(max), z.string().check(z.minLength(1, 'must not be empty')))
const Version = z
  .number({ message: 'must be a whole number' })
  .check(z.int('must be a whole number'), z.minimum(0, 'must not be negative'))

// — The signposting directory —

// In labels.ts, which the web imports at run time without zod.
export { SHORT_FEEDBACK_WORDS, SUGGESTED_TAGS } from '../labels.js'

const Tag = z.pipe(
  Line(40),
  z.transform((tag) => tag.toLowerCase().replace(/\s+/g, ' ')),
)

/** Who a service is for: applicants not eligible, not shortlisted, or shortlisted but not funded. */
export const SignpostAudience = z.enum(['ineligible', 'not-shortlisted', 'not-funded'])
export type SignpostAudience = z.infer<typeof SignpostAudience>
/** Every unsuccessful applicant: the audience of a service that does not say (as services saved before audiences were). */
export const EVERY_UNSUCCESSFUL: SignpostAudience[] = ['ineligible', 'not-shortlisted', 'not-funded']
/** At most as many topics as a rubric has criteria. */
export const MAX_TOPICS = 12

export const Signpost = meta(
  z.object({
    id: Id,
    competitionId: Id,
    name: z.string(),
    /** What they help with, in a sentence or two. */
    helpsWith: z.string(),
    url: z.optional(z.string()),
    /** An email address, telephone number or person to ask for. */
    contact: z.optional(z.string()),
    tags: z.array(z.string()),
    /** Who it is for; every unsuccessful applicant where a service saved before audiences does not say. */
    audience: z._default(z.array(SignpostAudience), () => [...EVERY_UNSUCCESSFUL]),
    /** The rubric's criteria (by id) it helps with: suggested where one of them is among an applicant's weakest. */
    topics: z._default(z.array(z.string()), () => []),
    version: z.number().check(z.int()),
    updatedAt: IsoInstant,
  }),
  { id: 'Signpost' },
)
export type Signpost = z.infer<typeof Signpost>

const signpostFields = {
  name: Line(120),
  helpsWith: filled(1000),
  url: z.optional(WebUrl),
  contact: z.optional(Line(200)),
  tags: z.array(Tag).check(
    z.maxLength(12, 'must have at most 12 tags'),
    z.refine((tags) => new Set(tags).size === tags.length, 'must not list a tag twice'),
  ),
  audience: meta(
    z._default(
      z.array(SignpostAudience, { message: 'must list who the service is for' }).check(
        z.minLength(1, 'must name at least one group of applicants'),
        // Three groups at most: each may be listed once.
        z.refine((groups) => new Set(groups).size === groups.length, 'must not list a group twice'),
      ),
      () => [...EVERY_UNSUCCESSFUL],
    ),
    {
      description:
        'Who it is for: not eligible, not shortlisted, shortlisted but not funded (every unsuccessful applicant if absent).',
    },
  ),
  topics: meta(
    z._default(
      z.array(Id).check(
        z.maxLength(MAX_TOPICS, `must have at most ${MAX_TOPICS} topics`),
        z.refine((ids) => new Set(ids).size === ids.length, 'must not list a criterion twice'),
      ),
      () => [],
    ),
    {
      description:
        'Ids of this competition’s rubric criteria the service helps with; each must be a criterion of the rubric (422 otherwise).',
    },
  ),
}

export const SignpostInput = meta(z.strictObject(signpostFields), {
  id: 'SignpostInput',
  description:
    'A support service: name, what it helps with, a link or a contact, who it is for, and the rubric criteria (topics) it helps with. A draft suggests it to an applicant it is for where a topic is among their weakest criteria, a tag fits the reason against them or the panel’s words for them, or it has neither topics nor tags.',
})
export type SignpostInput = z.infer<typeof SignpostInput>

export const SignpostUpdate = meta(
  z.strictObject({ version: Version.check(z.minimum(1, 'must be the version last read')), ...signpostFields }),
  { id: 'SignpostUpdate', description: 'The whole service as it should be, with the version last read.' },
)
export type SignpostUpdate = z.infer<typeof SignpostUpdate>

export const CopySignpostsInput = meta(z.strictObject({ fromCompetitionId: Id }), {
  id: 'CopySignpostsInput',
  description: 'Copies every service of another competition’s directory that this one does not have yet (by name).',
})
export type CopySignpostsInput = z.infer<typeof CopySignpostsInput>

/** A service as it was when chosen for someone's feedback: later edits to the directory do not rewrite released feedback. */
export const ChosenSignpost = z.pick(Signpost, { id: true, name: true, helpsWith: true, url: true, contact: true })
export type ChosenSignpost = z.infer<typeof ChosenSignpost>

// — Feedback —

/** The decision an applicant is told, from screening, shortlisting and awards. */
export const Outcome = z.enum(['ineligible', 'not-shortlisted', 'not-funded', 'funded'])
export type Outcome = z.infer<typeof Outcome>

/** One criterion's mean score for the application, and the mean of the funded ones. */
export const CriterionScore = z.object({
  criterionId: z.string(),
  title: z.string(),
  score: z.number(),
  /** Present only where at least two other applications were funded, so no one's scores can be worked out. */
  fundedAverage: z.optional(z.number()),
  /** The mean over every scored shortlisted application (this one too); present only where at least two others were scored. */
  shortlistAverage: z.optional(z.number()),
  min: z.number().check(z.int()),
  max: z.number().check(z.int()),
})
export type CriterionScore = z.infer<typeof CriterionScore>

const feedbackText = {
  /** Why this decision: the screening or shortlisting reason, in the manager's words. */
  decision: Text(3000),
  /** What the panel wrote for the applicant, without names. */
  panelComments: Text(10000),
  strengths: Text(5000),
  improvements: Text(5000),
}

export const FeedbackInput = meta(
  z.strictObject({
    version: Version,
    ...feedbackText,
    signpostIds: z.array(Id).check(
      z.maxLength(12, 'must have at most 12 services'),
      z.refine((ids) => new Set(ids).size === ids.length, 'must not list a service twice'),
    ),
  }),
  {
    id: 'FeedbackInput',
    description:
      'The whole feedback as it should read, with the version last read (0 for the first save); services by id from this competition’s directory.',
  },
)
export type FeedbackInput = z.infer<typeof FeedbackInput>

/** A draft to start from: what FeedbackInput takes, without the version. */
export const FeedbackDraft = meta(z.omit(FeedbackInput, { version: true }), { id: 'FeedbackDraft' })
export type FeedbackDraft = z.infer<typeof FeedbackDraft>

export const Feedback = meta(
  z.object({
    competitionId: Id,
    applicationId: Id,
    organisationName: z.string(),
    decision: z.string(),
    panelComments: z.string(),
    strengths: z.string(),
    improvements: z.string(),
    signposts: z.array(ChosenSignpost),
    /** The application's scores by criterion when last saved; the applicant sees them only where the competition shows scores. */
    scores: z.array(CriterionScore),
    version: z.number().check(z.int()),
    updatedAt: IsoInstant,
    updatedBy: z.string(),
    updatedByName: z.string(),
    /** Edits made after release, each a new version the applicant then reads (the one replaced is kept). */
    changes: z.array(z.object({ version: z.number().check(z.int()), at: IsoInstant, byName: z.string() })),
  }),
  { id: 'Feedback' },
)
export type Feedback = z.infer<typeof Feedback>

export const FeedbackState = z.enum(['missing', 'empty', 'short', 'ready'])
export type FeedbackState = z.infer<typeof FeedbackState>

// — Release —

export const ReleaseStatus = z.enum(['draft', 'scheduled', 'releasing', 'released'])
export type ReleaseStatus = z.infer<typeof ReleaseStatus>

/** The competition's feedback settings and its one release of decisions and feedback. */
export const FeedbackRelease = meta(
  z.object({
    competitionId: Id,
    /** Show each applicant their scores by criterion against the funded average. */
    showScores: z.boolean(),
    status: ReleaseStatus,
    scheduledAt: z.optional(IsoInstant),
    /** From this moment applicants see their decision and feedback. */
    releasedAt: z.optional(IsoInstant),
    releasedBy: z.optional(z.string()),
    releasedByName: z.optional(z.string()),
    /** Applicants emailed so far, and the last one (by application id) whose email was written. */
    emailed: z.number().check(z.int()),
    cursor: z.optional(z.string()),
    /** Why the release went ahead while seated panellists had not submitted their scores (kept with it). */
    withoutSheetsReason: z.optional(z.string()),
    /** How many months after the release unsuccessful applicants' EOIs are kept (absent: DEFAULT_UNSUCCESSFUL_RETENTION_MONTHS). */
    unsuccessfulRetentionMonths: z.optional(z.number().check(z.int())),
    /** When the retention sweep erased the unsuccessful applicants' EOIs. */
    unsuccessfulEoisErasedAt: z.optional(IsoInstant),
    version: z.number().check(z.int()),
  }),
  { id: 'FeedbackRelease' },
)
export type FeedbackRelease = z.infer<typeof FeedbackRelease>

/** Unsuccessful applicants' EOIs are kept this many months after decisions are released, unless the manager sets otherwise. */
export const DEFAULT_UNSUCCESSFUL_RETENTION_MONTHS = 24

export const FeedbackSettingsInput = meta(
  z.strictObject({
    version: Version,
    showScores: z.boolean(),
    unsuccessfulRetentionMonths: meta(
      z.optional(
        z
          .number()
          .check(
            z.int('must be a whole number of months'),
            z.minimum(1, 'must be at least 1 month'),
            z.maximum(120, 'must be at most 120 months'),
          ),
      ),
      {
        description: `Months after the release that unsuccessful applicants' EOIs are kept before their answers and contact are erased (default ${DEFAULT_UNSUCCESSFUL_RETENTION_MONTHS}).`,
      },
    ),
  }),
  { id: 'FeedbackSettingsInput' },
)
export type FeedbackSettingsInput = z.infer<typeof FeedbackSettingsInput>

export const ReleaseInput = meta(
  z.strictObject({
    version: Version,
    /** A time to release at; now if absent. */
    at: z.optional(IsoInstant),
    /** Release although some applications have no feedback (they see their decision only). */
    confirmMissing: z._default(z.boolean(), false),
    /** Release although seated panellists have not submitted their scores for a shortlisted application: why (kept with the release). */
    withoutSheetsReason: z.optional(Line(1000)),
  }),
  {
    id: 'ReleaseInput',
    description:
      'Releases every decision and feedback at once, now or at `at`, and from then locks scores, moderation, conflicts, the pitch schedule and every decision (409). Refused (422) while an application has no final decision; while a shortlisted application’s pitch slot has not ended by the release time (`pitches` now, `at` when scheduled: a scheduled release must be after the last pitch); while a seated panellist (accepted, with no conflict declared) has not submitted a sheet for a shortlisted application, unless `withoutSheetsReason` says why to go ahead; while an application has no feedback unless `confirmMissing`; and where an offer would leave less than a day to answer. 409 if a score or decision changed while it was being checked.',
  },
)
export type ReleaseInput = z.infer<typeof ReleaseInput>

export const CancelReleaseInput = meta(z.strictObject({ version: Version }), { id: 'CancelReleaseInput' })

// — Feedback calls —

export const CallStatus = z.enum(['requested', 'arranged', 'done'])
export type CallStatus = z.infer<typeof CallStatus>

export const FeedbackCall = meta(
  z.object({
    competitionId: Id,
    applicationId: Id,
    organisationName: z.string(),
    preferredTimes: z.string(),
    question: z.string(),
    status: CallStatus,
    requestedAt: IsoInstant,
    /** When and how, as the manager arranged it. */
    arrangement: z.optional(z.string()),
    arrangedAt: z.optional(IsoInstant),
    doneAt: z.optional(IsoInstant),
    /** Calls this applicant had before this one. */
    earlier: z.number().check(z.int()),
    version: z.number().check(z.int()),
  }),
  { id: 'FeedbackCall' },
)
export type FeedbackCall = z.infer<typeof FeedbackCall>

export const CallRequestInput = meta(z.strictObject({ preferredTimes: filled(500), question: filled(2000) }), {
  id: 'CallRequestInput',
  description: 'When suits you, and what you would like to ask. One call at a time.',
})
export type CallRequestInput = z.infer<typeof CallRequestInput>

export const CallUpdateInput = meta(
  z
    .strictObject({
      version: Version.check(z.minimum(1, 'must be the version last read')),
      status: z.enum(['arranged', 'done']),
      arrangement: z._default(Text(500), ''),
    })
    .check(
      z.superRefine((input, ctx) => {
        if (input.status === 'arranged' && !input.arrangement)
          ctx.addIssue({
            code: 'custom',
            path: ['arrangement'],
            message: 'must say when and how (the applicant is emailed it)',
          })
      }),
    ),
  {
    id: 'CallUpdateInput',
    description: 'Mark a call arranged (with when and how: the applicant is emailed) or done.',
  },
)
export type CallUpdateInput = z.infer<typeof CallUpdateInput>

// — What the programme manager works from —

export const FeedbackRow = z.object({
  applicationId: Id,
  organisationName: z.string(),
  /** Absent while the application has no final decision. */
  outcome: z.optional(Outcome),
  state: FeedbackState,
  words: z.number().check(z.int()),
  version: z.number().check(z.int()),
  updatedAt: z.optional(IsoInstant),
  call: z.optional(CallStatus),
  /** Services named in the saved feedback: an unsuccessful applicant with none is told of no support. */
  signposts: z.number().check(z.int()),
})
export type FeedbackRow = z.infer<typeof FeedbackRow>

export const FeedbackOverview = meta(
  z.object({
    competitionId: Id,
    competitionTitle: z.string(),
    release: FeedbackRelease,
    rows: z.array(FeedbackRow),
    signposts: z.number().check(z.int()),
    calls: z.array(FeedbackCall),
  }),
  { id: 'FeedbackOverview' },
)
export type FeedbackOverview = z.infer<typeof FeedbackOverview>

export const FeedbackWorkspace = meta(
  z.object({
    competitionId: Id,
    competitionTitle: z.string(),
    applicationId: Id,
    organisationName: z.string(),
    outcome: z.optional(Outcome),
    /** As saved; absent until the first save. */
    feedback: z.optional(Feedback),
    /** What the platform prepares from the decisions, the panel's applicant-facing comments and the scores. */
    draft: FeedbackDraft,
    scores: z.array(CriterionScore),
    /** The directory, to choose from. */
    signposts: z.array(Signpost),
    /** Earlier released versions, replaced by edits after release (oldest first). */
    previousVersions: z.array(Feedback),
    release: FeedbackRelease,
  }),
  { id: 'FeedbackWorkspace' },
)
export type FeedbackWorkspace = z.infer<typeof FeedbackWorkspace>

// — What the applicant reads —

export const ApplicantCall = z.pick(FeedbackCall, {
  preferredTimes: true,
  question: true,
  status: true,
  requestedAt: true,
  arrangement: true,
  arrangedAt: true,
  doneAt: true,
})
export type ApplicantCall = z.infer<typeof ApplicantCall>

export const ReleasedFeedback = z.object({
  decision: z.string(),
  panelComments: z.string(),
  strengths: z.string(),
  improvements: z.string(),
  signposts: z.array(ChosenSignpost),
  /** Only where the competition shows scores. */
  scores: z.optional(z.array(CriterionScore)),
  version: z.number().check(z.int()),
  /** Set when the feedback was changed after release. */
  updatedAt: z.optional(IsoInstant),
})
export type ReleasedFeedback = z.infer<typeof ReleasedFeedback>

export const ApplicantDecision = meta(
  z.discriminatedUnion('released', [
    z.object({ released: z.literal(false), competitionId: Id, competitionTitle: z.string(), applicationId: Id }),
    z.object({
      released: z.literal(true),
      competitionId: Id,
      competitionTitle: z.string(),
      applicationId: Id,
      organisationName: z.string(),
      releasedAt: IsoInstant,
      outcome: Outcome,
      /** Absent where the programme manager released without feedback for this application. */
      feedback: z.optional(ReleasedFeedback),
      /** For an award: the offer, to accept or decline. */
      offer: z.optional(Offer),
      call: z.optional(ApplicantCall),
    }),
  ]),
  {
    id: 'ApplicantDecision',
    description: '`released: false` until decisions are released: nothing else is shown before then.',
  },
)
export type ApplicantDecision = z.infer<typeof ApplicantDecision>
