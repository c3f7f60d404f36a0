// Progress reports: the grantee reports on each milestone of an active grant (what was done,
// evidence files, each indicator's actual value this period with an explanation where a target
// due by then was missed); the programme manager approves it, rejects it with a reason, or
// queries one section, which the grantee then answers alone.
import * as z from 'zod/mini'
import { meta } from './meta.js'
import { Id, IsoInstant, Text } from './common.js'
import { FileView, StoredFile } from './competition.js'

/** Sizes a report may have: bounded before any work is done on a request. */
export const REPORT_LIMITS = {
  progress: 10_000,
  evidenceNote: 2000,
  explanation: 2000,
  files: 10,
  review: 2000,
} as const

/** A report's parts: a query names one, and only that one may change while it is open. */
export const ReportSection = meta(
  z.enum(['progress', 'evidence', 'indicators'], { message: 'must be one of progress, evidence, indicators' }),
  {
    id: 'ReportSection',
    description: '`progress`: what was done; `evidence`: the files and a note on them; `indicators`: the actuals.',
  },
)
export type ReportSection = z.infer<typeof ReportSection>

/**
 * draft (being written) → submitted → approved (fixed), rejected (written again and sent
 * again), or queried (one section answered, then submitted again).
 */
export const ReportStatus = z.enum(['draft', 'submitted', 'queried', 'approved', 'rejected'])
export type ReportStatus = z.infer<typeof ReportStatus>

const IndicatorId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an indicator id of this grant'))

/** A value as reported: finite, within ±10^12, or null while not yet known (a draft). */
const ActualValue = z.nullable(
  z.number({ message: 'must be a number' }).check(z.minimum(-1e12, 'is too small'), z.maximum(1e12, 'is too large')),
)

export const ReportActual = meta(
  z.strictObject({
    indicatorId: IndicatorId,
    value: ActualValue,
    /** Why a target due by the milestone's date was missed (required then, on submission). */
    explanation: z._default(Text(REPORT_LIMITS.explanation), ''),
  }),
  { id: 'ReportActual' },
)
export type ReportActual = z.infer<typeof ReportActual>

/** An evidence file: uploaded straight to storage, counted once its upload is checked and pinned. */
export const ReportFile = meta(z.extend(StoredFile, { id: Id }), { id: 'ReportFile' })
export type ReportFile = z.infer<typeof ReportFile>

/** What the manager decided, each time, oldest first. */
export const ReportReview = meta(
  z.object({
    decision: z.enum(['approved', 'rejected', 'queried']),
    at: IsoInstant,
    by: z.string(),
    byName: z.string(),
    /** Why it was rejected, or the question asked. */
    text: z.optional(z.string()),
    section: z.optional(ReportSection),
    /** The grantee's answer to a query, once sent. */
    answer: z.optional(z.string()),
  }),
  { id: 'ReportReview' },
)
export type ReportReview = z.infer<typeof ReportReview>

/** An open or answered query on one section. */
export const ReportQuery = meta(
  z.object({
    section: ReportSection,
    question: z.string(),
    askedAt: IsoInstant,
    askedBy: z.string(),
    askedByName: z.string(),
    answer: z.optional(z.string()),
    answeredAt: z.optional(IsoInstant),
  }),
  { id: 'ReportQuery' },
)
export type ReportQuery = z.infer<typeof ReportQuery>

export const Report = meta(
  z.object({
    competitionId: Id,
    applicationId: Id,
    milestoneId: z.string(),
    status: ReportStatus,
    progress: z.string(),
    files: z.array(ReportFile),
    evidenceNote: z.string(),
    actuals: z.array(ReportActual),
    version: z.number().check(z.int()),
    createdAt: IsoInstant,
    updatedAt: IsoInstant,
    updatedBy: z.string(),
    updatedByName: z.string(),
    submittedAt: z.optional(IsoInstant),
    /** The query open now (status queried), or the last one, answered. */
    query: z.optional(ReportQuery),
    /** Why it was last rejected. */
    rejection: z.optional(z.object({ reason: z.string(), at: IsoInstant })),
    approvedAt: z.optional(IsoInstant),
    approvedBy: z.optional(z.string()),
    approvedByName: z.optional(z.string()),
    reviews: z.array(ReportReview),
  }),
  { id: 'Report' },
)
export type Report = z.infer<typeof Report>

const ReportFileView = meta(z.extend(FileView, { id: Id }), { id: 'ReportFileView' })

/** The manager's view: everything but where the files are stored. */
export const ManagedReport = meta(z.extend(z.omit(Report, { files: true }), { files: z.array(ReportFileView) }), {
  id: 'ManagedReport',
})
export type ManagedReport = z.infer<typeof ManagedReport>

/** What the grantee sees of their report: no manager ids or names. */
export const GranteeReport = meta(
  z.extend(
    z.pick(Report, {
      applicationId: true,
      milestoneId: true,
      status: true,
      progress: true,
      evidenceNote: true,
      actuals: true,
      version: true,
      updatedAt: true,
      submittedAt: true,
      rejection: true,
      approvedAt: true,
    }),
    {
      files: z.array(ReportFileView),
      query: z.optional(
        z.pick(ReportQuery, {
          section: true,
          question: true,
          askedAt: true,
          answer: true,
          answeredAt: true,
        }),
      ),
    },
  ),
  { id: 'GranteeReport' },
)
export type GranteeReport = z.infer<typeof GranteeReport>

/** A save of the grantee's report: only the sections sent change (while queried, only the queried one may). */
export const ReportInput = meta(
  z.strictObject({
    /** 0 for a report not yet saved; otherwise the version read (a stale one is a 409). */
    version: z.number().check(z.int(), z.minimum(0)),
    progress: z.optional(Text(REPORT_LIMITS.progress)),
    evidenceNote: z.optional(Text(REPORT_LIMITS.evidenceNote)),
    actuals: z.optional(z.array(ReportActual).check(z.maxLength(12, 'must have at most 12'))),
  }),
  {
    id: 'ReportInput',
    description: `The report as the grantee saves it. Each of \`progress\` (at most ${REPORT_LIMITS.progress} characters), \`evidenceNote\` and \`actuals\` is optional: what is left out stays as it is. An actual's \`value\` may be null in a draft.`,
  },
)
export type ReportInput = z.infer<typeof ReportInput>

export const SubmitReportInput = meta(
  z.strictObject({
    version: z.number().check(z.int(), z.minimum(1)),
    /** The reply to an open query (required then). */
    answer: z.optional(Text(REPORT_LIMITS.review)),
  }),
  { id: 'SubmitReportInput' },
)

export const RejectReportInput = meta(
  z.strictObject({
    version: z.number().check(z.int(), z.minimum(1)),
    reason: z.pipe(Text(REPORT_LIMITS.review), z.string().check(z.minLength(1, 'is required'))),
  }),
  { id: 'RejectReportInput' },
)

export const QueryReportInput = meta(
  z.strictObject({
    version: z.number().check(z.int(), z.minimum(1)),
    section: ReportSection,
    question: z.pipe(Text(REPORT_LIMITS.review), z.string().check(z.minLength(1, 'is required'))),
  }),
  { id: 'QueryReportInput' },
)
