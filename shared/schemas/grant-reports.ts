// Progress reports: the grantee reports on each milestone of an active grant (what was done,
// evidence files, each indicator's actual value this period with an explanation where a target
// due by then was missed); the programme manager approves it, rejects it with a reason, or
// queries one section, which the grantee then answers alone.
import * as z from 'zod'
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
export const ReportSection = z
  .enum(['progress', 'evidence', 'indicators'], { message: 'must be one of progress, evidence, indicators' })
  .meta({
    id: 'ReportSection',
    description: '`progress`: what was done; `evidence`: the files and a note on them; `indicators`: the actuals.',
  })
export type ReportSection = z.infer<typeof ReportSection>

/**
 * draft (being written) → submitted → approved (fixed), rejected (written again and sent
 * again), or queried (one section answered, then submitted again).
 */
export const ReportStatus = z.enum(['draft', 'submitted', 'queried', 'approved', 'rejected'])
export type ReportStatus = z.infer<typeof ReportStatus>

const IndicatorId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be an indicator id of this grant')

/** A value as reported: finite, within ±10^12, or null while not yet known (a draft). */
const ActualValue = z
  .number({ message: 'must be a number' })
  .min(-1e12, 'is too small')
  .max(1e12, 'is too large')
  .nullable()

export const ReportActual = z
  .object({
    indicatorId: IndicatorId,
    value: ActualValue,
    /** Why a target due by the milestone's date was missed (required then, on submission). */
    explanation: Text(REPORT_LIMITS.explanation).default(''),
  })
  .strict()
  .meta({ id: 'ReportActual' })
export type ReportActual = z.infer<typeof ReportActual>

/** An evidence file: uploaded straight to storage, counted once its upload is checked and pinned. */
export const ReportFile = StoredFile.extend({ id: Id }).meta({ id: 'ReportFile' })
export type ReportFile = z.infer<typeof ReportFile>

/** What the manager decided, each time, oldest first. */
export const ReportReview = z
  .object({
    decision: z.enum(['approved', 'rejected', 'queried']),
    at: IsoInstant,
    by: z.string(),
    byName: z.string(),
    /** Why it was rejected, or the question asked. */
    text: z.string().optional(),
    section: ReportSection.optional(),
    /** The grantee's answer to a query, once sent. */
    answer: z.string().optional(),
  })
  .meta({ id: 'ReportReview' })
export type ReportReview = z.infer<typeof ReportReview>

/** An open or answered query on one section. */
export const ReportQuery = z
  .object({
    section: ReportSection,
    question: z.string(),
    askedAt: IsoInstant,
    askedBy: z.string(),
    askedByName: z.string(),
    answer: z.string().optional(),
    answeredAt: IsoInstant.optional(),
  })
  .meta({ id: 'ReportQuery' })
export type ReportQuery = z.infer<typeof ReportQuery>

export const Report = z
  .object({
    competitionId: Id,
    applicationId: Id,
    milestoneId: z.string(),
    status: ReportStatus,
    progress: z.string(),
    files: z.array(ReportFile),
    evidenceNote: z.string(),
    actuals: z.array(ReportActual),
    version: z.number().int(),
    createdAt: IsoInstant,
    updatedAt: IsoInstant,
    updatedBy: z.string(),
    updatedByName: z.string(),
    submittedAt: IsoInstant.optional(),
    /** The query open now (status queried), or the last one, answered. */
    query: ReportQuery.optional(),
    /** Why it was last rejected. */
    rejection: z.object({ reason: z.string(), at: IsoInstant }).optional(),
    approvedAt: IsoInstant.optional(),
    approvedBy: z.string().optional(),
    approvedByName: z.string().optional(),
    reviews: z.array(ReportReview),
  })
  .meta({ id: 'Report' })
export type Report = z.infer<typeof Report>

const ReportFileView = FileView.extend({ id: Id }).meta({ id: 'ReportFileView' })

/** The manager's view: everything but where the files are stored. */
export const ManagedReport = Report.omit({ files: true })
  .extend({ files: z.array(ReportFileView) })
  .meta({ id: 'ManagedReport' })
export type ManagedReport = z.infer<typeof ManagedReport>

/** What the grantee sees of their report: no manager ids or names. */
export const GranteeReport = Report.pick({
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
})
  .extend({
    files: z.array(ReportFileView),
    query: ReportQuery.pick({
      section: true,
      question: true,
      askedAt: true,
      answer: true,
      answeredAt: true,
    }).optional(),
  })
  .meta({ id: 'GranteeReport' })
export type GranteeReport = z.infer<typeof GranteeReport>

/** A save of the grantee's report: only the sections sent change (while queried, only the queried one may). */
export const ReportInput = z
  .object({
    /** 0 for a report not yet saved; otherwise the version read (a stale one is a 409). */
    version: z.number().int().min(0),
    progress: Text(REPORT_LIMITS.progress).optional(),
    evidenceNote: Text(REPORT_LIMITS.evidenceNote).optional(),
    actuals: z.array(ReportActual).max(12, 'must have at most 12').optional(),
  })
  .strict()
  .meta({
    id: 'ReportInput',
    description: `The report as the grantee saves it. Each of \`progress\` (at most ${REPORT_LIMITS.progress} characters), \`evidenceNote\` and \`actuals\` is optional: what is left out stays as it is. An actual's \`value\` may be null in a draft.`,
  })
export type ReportInput = z.infer<typeof ReportInput>

export const SubmitReportInput = z
  .object({
    version: z.number().int().min(1),
    /** The reply to an open query (required then). */
    answer: Text(REPORT_LIMITS.review).optional(),
  })
  .strict()
  .meta({ id: 'SubmitReportInput' })

export const RejectReportInput = z
  .object({
    version: z.number().int().min(1),
    reason: Text(REPORT_LIMITS.review).pipe(z.string().min(1, 'is required')),
  })
  .strict()
  .meta({ id: 'RejectReportInput' })

export const QueryReportInput = z
  .object({
    version: z.number().int().min(1),
    section: ReportSection,
    question: Text(REPORT_LIMITS.review).pipe(z.string().min(1, 'is required')),
  })
  .strict()
  .meta({ id: 'QueryReportInput' })
