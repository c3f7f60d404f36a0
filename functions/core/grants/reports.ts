// Progress reports on a grant's milestones. The grantee writes one per milestone of an active
// grant (what was done, evidence files, each indicator's actual this period), saves it as often
// as they like, and submits it; the programme manager approves it, rejects it with a reason
// (the grantee sends it again), or queries one section (the grantee changes that section alone
// and answers). Approval is final: the milestone is approved, the tranches it triggers fall due,
// authorised by the approver, and the actuals join the grant's (and with nothing left to pay,
// the grant is completed), all in one transaction.
//
//   draft ──submit──▶ submitted ──approve──▶ approved (fixed)
//     ▲                 │   ▲  │
//     │        reject ◀─┘   │  └─query(section)──▶ queried ──answer + submit──┐
//   rejected ──submit───────┘◀─────────────────────────────────────────────────┘
//
// Every submission and decision writes the report under its version guard and the grant (the
// milestone's status) under the grant's; a lost race reads both again and decides again, so a
// decision racing another action on the same grant both land, and two reviewers racing leave one
// decision (the other is told who decided first).
import { grantMoves } from '../funnel/funnel.js'
import type { FileAnswerInput } from '../../../shared/schemas/application.js'
import type { FieldError } from '../../../shared/schemas/common.js'
import type { Upload } from '../../../shared/schemas/competition.js'
import {
  REPORT_LIMITS,
  type Report,
  type ReportActual,
  type ReportFile,
  type ReportInput,
  type ReportSection,
} from '../../../shared/schemas/grant-reports.js'
import type { Grant, Indicator, IndicatorActual, MilestoneProgress, Tranche } from '../../../shared/schemas/grants.js'
import type { User } from '../../../shared/schemas/user.js'
import { formatLondon } from '../../../shared/dates.js'
import { misses, targetDueBy } from '../../../shared/grant-reports.js'
import { getReport, reportPut } from '../../db/grant-reports-repo.js'
import { getGrant, grantPut } from '../../db/grants-repo.js'
import { commit, ConditionFailed, Contended, type Write } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { NotFound, RuleViolated, StateConflict, VersionConflict } from '../errors.js'
import { objectOf } from '../files/file-store.js'
import { pinUpload } from '../files/pin-upload.js'
import { newId } from '../ids.js'
import { log } from '../log.js'
import { reportDecisionEmail, reportSubmittedEmail } from './grant-emails.js'
import { getOwnGrant, isAccepted } from './grants.js'
import { isComplete, isTrancheDue, londonToday } from './payments.js'

/** How many times a write that lost a race reads again and decides again. */
const ATTEMPTS = 6

const sectionNames: Record<ReportSection, string> = {
  progress: 'progress',
  evidence: 'evidence',
  indicators: 'indicators',
}

/** The grant, one of its milestones and that milestone's report, as read now. */
type Scope = { grant: Grant; milestoneId: string; progress: MilestoneProgress; report: Report | undefined }

/** Each upload of an evidence file has its own key. */
export const reportFileKey = (
  report: Pick<Report, 'competitionId' | 'applicationId' | 'milestoneId'>,
  file: ReportFile,
) => `grants/${report.competitionId}/${report.applicationId}/reports/${report.milestoneId}/${file.uploadId ?? file.id}`

// — The grantee —

/** The grantee's report on a milestone: the one saved, or a blank one (version 0) to start from. */
export async function getOwnReport(ctx: Ctx, applicant: User, applicationId: string, milestoneId: string) {
  const scope = await ownScope(ctx, applicant, applicationId, milestoneId)
  return scope.report ?? blankReport(ctx, scope, applicant)
}

/**
 * Saves the sections sent, at the version read. A report sent for review or approved cannot
 * be changed (409); while one section is queried, only that section may change.
 */
export async function saveReport(
  ctx: Ctx,
  applicant: User,
  applicationId: string,
  milestoneId: string,
  input: ReportInput,
): Promise<Report> {
  const scope = await ownScope(ctx, applicant, applicationId, milestoneId)
  assertActive(scope.grant)
  const current = scope.report ?? blankReport(ctx, scope, applicant)
  if (input.version !== current.version) throw new VersionConflict('progress report', current.version)
  const changed: Partial<Pick<Report, 'progress' | 'evidenceNote' | 'actuals'>> = {}
  if (input.progress !== undefined && input.progress !== current.progress) changed.progress = input.progress
  if (input.evidenceNote !== undefined && input.evidenceNote !== current.evidenceNote)
    changed.evidenceNote = input.evidenceNote
  if (input.actuals !== undefined) {
    const actuals = checkActuals(scope.grant.indicators, input.actuals)
    if (JSON.stringify(actuals) !== JSON.stringify(current.actuals)) changed.actuals = actuals
  }
  const touched = new Set<ReportSection>(
    Object.keys(changed).map((field) =>
      field === 'actuals' ? 'indicators' : field === 'progress' ? 'progress' : 'evidence',
    ),
  )
  for (const section of touched) assertEditable(current, section)
  if (!touched.size && scope.report) return current
  const next: Report = { ...current, ...changed, ...edited(ctx, current, applicant) }
  await commit(ctx.db, [reportPut(ctx.db, next, scope.report ? expectedOf(scope.report) : 'new')], {
    'report-version': () => new VersionConflict('progress report (saved from another tab or device)'),
  })
  return next
}

/** Adds an evidence file (not yet uploaded) and gives the upload to make. */
export async function attachReportFile(
  ctx: Ctx,
  applicant: User,
  applicationId: string,
  milestoneId: string,
  file: FileAnswerInput,
): Promise<{ report: Report; upload: Upload }> {
  const stored: ReportFile = { ...file, id: newId(), uploaded: false, uploadId: newId() }
  const report = await changeOwnReport(ctx, applicant, applicationId, milestoneId, (current) => {
    assertEditable(current, 'evidence')
    if (current.files.length >= REPORT_LIMITS.files)
      throw new RuleViolated(`A report can have at most ${REPORT_LIMITS.files} evidence files. Remove one first.`, [
        { field: 'files', message: `must be at most ${REPORT_LIMITS.files}` },
      ])
    return { ...current, files: [...current.files, stored] }
  })
  return { report, upload: await ctx.files.createUpload(reportFileKey(report, stored), stored) }
}

/** Checks an evidence file's upload (size, type) and pins it; then it counts. */
export async function completeReportFile(
  ctx: Ctx,
  applicant: User,
  applicationId: string,
  milestoneId: string,
  fileId: string,
): Promise<Report> {
  const scope = await ownScope(ctx, applicant, applicationId, milestoneId)
  const file = scope.report?.files.find((f) => f.id === fileId)
  if (!scope.report || !file) throw new NotFound('evidence file')
  if (file.uploaded) return scope.report
  const pinned = await pinUpload(ctx.files, reportFileKey(scope.report, file), file)
  return changeOwnReport(ctx, applicant, applicationId, milestoneId, (current) => {
    assertEditable(current, 'evidence')
    if (!current.files.some((f) => f.id === fileId)) throw new NotFound('evidence file')
    return { ...current, files: current.files.map((f) => (f.id === fileId ? { ...pinned, id: fileId } : f)) }
  })
}

/** Takes an evidence file off the report (while the evidence can be changed) and deletes it. */
export async function removeReportFile(
  ctx: Ctx,
  applicant: User,
  applicationId: string,
  milestoneId: string,
  fileId: string,
): Promise<Report> {
  let removed: ReportFile | undefined
  const report = await changeOwnReport(ctx, applicant, applicationId, milestoneId, (current) => {
    removed = current.files.find((f) => f.id === fileId)
    if (!removed) throw new NotFound('evidence file')
    assertEditable(current, 'evidence')
    return { ...current, files: current.files.filter((f) => f.id !== fileId) }
  })
  if (removed)
    await ctx.files
      .remove([objectOf(reportFileKey(report, removed), removed)])
      .catch((error) => log.warn('Could not remove an evidence file', { fileId, error }))
  return report
}

/** A short-lived download address for an evidence file: for the grantee, or (`managed`) a manager. */
export async function reportFileDownload(
  ctx: Ctx,
  who: { applicant: User; applicationId: string } | { competitionId: string; applicationId: string },
  milestoneId: string,
  fileId: string,
): Promise<string> {
  const report =
    'applicant' in who
      ? (await ownScope(ctx, who.applicant, who.applicationId, milestoneId)).report
      : await getManagedReport(ctx, who.competitionId, who.applicationId, milestoneId)
  const file = report?.files.find((f) => f.id === fileId)
  if (!report || !file?.uploaded) throw new NotFound('evidence file')
  return ctx.files.createDownload(objectOf(reportFileKey(report, file), file), file)
}

/**
 * Sends the report for review (draft or rejected → submitted), or answers the open query
 * (queried → submitted, `answer` required). It must be complete: what was done, some evidence
 * (every file uploaded), every indicator's actual, and an explanation for each target missed.
 */
export async function submitReport(
  ctx: Ctx,
  applicant: User,
  applicationId: string,
  milestoneId: string,
  input: { version: number; answer?: string },
): Promise<Report> {
  return decide(
    () => ownScope(ctx, applicant, applicationId, milestoneId),
    (scope) => {
      assertActive(scope.grant)
      const report = scope.report
      // A repeat of the submission that made this version (a double click, a retry).
      if (report?.status === 'submitted' && report.version === input.version + 1) return { done: report }
      if (!report || report.version !== input.version)
        throw new VersionConflict('progress report', report?.version ?? 0)
      if (report.status === 'approved') throw approvedAlready(report)
      if (report.status === 'submitted')
        throw new StateConflict(
          'This report has been sent for review: it can be changed only if the programme team asks.',
        )
      const now = ctx.now().toISOString()
      const problems = incomplete(scope.grant, scope.progress, report)
      let query = report.query
      let reviews = report.reviews
      if (report.status === 'queried') {
        if (!input.answer)
          problems.push({ field: 'answer', message: 'is required: answer the programme team’s question' })
        else {
          query = { ...report.query!, answer: input.answer, answeredAt: now }
          // Kept with the query in the history too, so a later query does not lose it.
          reviews = reviews.map((r, i) => (i === reviews.length - 1 ? { ...r, answer: input.answer } : r))
        }
      }
      if (problems.length)
        throw new RuleViolated(
          `The report cannot be sent yet: ${problems
            .slice(0, 5)
            .map((p) => `${p.field} ${p.message}`)
            .join('; ')}.`,
          problems,
        )
      const next: Report = {
        ...report,
        ...edited(ctx, report, applicant),
        status: 'submitted',
        submittedAt: now,
        reviews,
        ...(query ? { query } : {}),
      }
      return { report: next, grant: withMilestone(scope, { status: 'submitted' }) }
    },
    ctx,
    // The manager who sent the agreement is told it is in for review.
    (scope, decided) =>
      reportSubmittedEmail(ctx, decided.grant ?? scope.grant, decided.report, decided.report.submittedAt!),
  )
}

// — The programme manager —

/** A report as the manager reviews it: only once it has been sent (a draft, or none, is a 404). */
export async function getManagedReport(
  ctx: Ctx,
  competitionId: string,
  applicationId: string,
  milestoneId: string,
): Promise<Report> {
  const scope = await managedScope(ctx, competitionId, applicationId, milestoneId)
  if (!scope.report) throw new NotFound('progress report')
  return scope.report
}

/**
 * Approves a report sent for review, at the version read: the report and the milestone are
 * approved, each tranche the milestone triggers falls due, authorised by the approver, and the
 * actuals join the grant's, in one transaction. Approving again returns it; a report another
 * manager has decided on meanwhile is a 409 naming them.
 */
export async function approveReport(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  milestoneId: string,
  input: { version: number },
): Promise<Report> {
  return review(
    ctx,
    manager,
    competitionId,
    applicationId,
    milestoneId,
    input.version,
    'approved',
    (scope, report, now) => {
      const next: Report = {
        ...report,
        status: 'approved',
        version: report.version + 1,
        approvedAt: now,
        approvedBy: manager.id,
        approvedByName: manager.name,
        reviews: [...report.reviews, { decision: 'approved', at: now, by: manager.id, byName: manager.name }],
      }
      const grant = withMilestone(scope, {
        status: 'approved',
        approvedAt: now,
        approvedBy: manager.id,
        approvedByName: manager.name,
      })
      const progress = grant.progress!
      for (const tranche of grant.tranches) {
        const state = progress.tranches[tranche.id]
        if (
          tranche.trigger.kind === 'milestone' &&
          tranche.trigger.milestoneId === milestoneId &&
          state?.status === 'scheduled'
        )
          progress.tranches[tranche.id] = { ...state, status: 'due', dueAt: now, authorisedBy: manager.id }
      }
      progress.actuals = withActuals(progress.actuals, report.actuals, scope.progress.dueOn)
      // The last milestone approved with nothing left to pay (every tranche paid, or cancelled by a reduction): completed.
      return { report: next, grant: isComplete(grant) ? { ...grant, status: 'completed' } : grant }
    },
  )
}

/** Rejects a report sent for review, with the reason: the grantee changes it and sends it again. */
export async function rejectReport(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  milestoneId: string,
  input: { version: number; reason: string },
): Promise<Report> {
  return review(
    ctx,
    manager,
    competitionId,
    applicationId,
    milestoneId,
    input.version,
    'rejected',
    (scope, report, now) => ({
      report: {
        ...report,
        status: 'rejected',
        version: report.version + 1,
        rejection: { reason: input.reason, at: now },
        reviews: [
          ...report.reviews,
          { decision: 'rejected', at: now, by: manager.id, byName: manager.name, text: input.reason },
        ],
      },
      grant: withMilestone(scope, { status: 'rejected' }),
    }),
  )
}

/** Queries one section of a report sent for review: the grantee answers it, changing that section alone. */
export async function queryReport(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  milestoneId: string,
  input: { version: number; section: ReportSection; question: string },
): Promise<Report> {
  return review(
    ctx,
    manager,
    competitionId,
    applicationId,
    milestoneId,
    input.version,
    'queried',
    (scope, report, now) => ({
      report: {
        ...report,
        status: 'queried',
        version: report.version + 1,
        query: {
          section: input.section,
          question: input.question,
          askedAt: now,
          askedBy: manager.id,
          askedByName: manager.name,
        },
        reviews: [
          ...report.reviews,
          {
            decision: 'queried',
            at: now,
            by: manager.id,
            byName: manager.name,
            text: input.question,
            section: input.section,
          },
        ],
      },
      grant: withMilestone(scope, { status: 'queried' }),
    }),
  )
}

/** A decision on a report sent for review; a repeat by the same manager returns what it decided. */
function review(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  milestoneId: string,
  version: number,
  decision: 'approved' | 'rejected' | 'queried',
  make: (scope: Scope, report: Report, now: string) => { report: Report; grant: Grant },
): Promise<Report> {
  return decide(
    () => managedScope(ctx, competitionId, applicationId, milestoneId),
    (scope) => {
      const report = scope.report
      if (!report) throw new NotFound('progress report')
      const last = report.reviews.at(-1)
      if (report.version === version + 1 && last?.decision === decision && last.by === manager.id)
        return { done: report }
      if (report.status === 'approved') throw approvedAlready(report)
      assertActive(scope.grant)
      if (report.version !== version) {
        if (last && report.version === version + 1 && last.by !== manager.id)
          throw new StateConflict(
            `${last.byName} ${last.decision === 'queried' ? 'queried' : last.decision} this report on ${formatLondon(last.at)}, while you were reviewing it. Reload it to see where it is.`,
            [{ field: 'version', message: 'is out of date' }],
          )
        throw new VersionConflict('progress report', report.version)
      }
      if (report.status !== 'submitted')
        throw new StateConflict(
          report.status === 'queried'
            ? `This report is queried (${sectionNames[report.query!.section]}): it can be reviewed again once the grantee answers.`
            : report.status === 'rejected'
              ? 'This report was rejected: it can be reviewed again once the grantee sends it again.'
              : 'This report has not been sent for review.',
        )
      return make(scope, report, ctx.now().toISOString())
    },
    ctx,
    // The grantee is told, in the decision's transaction: a repeat or a lost race sends nothing.
    (scope, decided) => {
      const grant = decided.grant ?? scope.grant
      const at = decided.report.reviews.at(-1)!.at
      return reportDecisionEmail(ctx, grant, decided.report, fallenDue(scope.grant, grant, at), at)
    },
  )
}

// — Reading and writing —

/**
 * Reads, decides and writes the report (and the grant, where the decision changes it) under
 * their version guards; a write that lost a race reads again and decides again on what won.
 */
async function decide(
  read: () => Promise<Scope>,
  decision: (scope: Scope) => { done: Report } | { report: Report; grant?: Grant },
  ctx: Pick<Ctx, 'db'>,
  emails?: (scope: Scope, decided: { report: Report; grant?: Grant }) => Promise<Write[]>,
): Promise<Report> {
  for (let attempt = 1; ; attempt++) {
    const scope = await read()
    const decided = decision(scope)
    if ('done' in decided) return decided.done
    try {
      await commit(ctx.db, [
        ...(decided.grant
          ? [grantPut(ctx.db, decided.grant, { version: scope.grant.version, status: scope.grant.status })]
          : []),
        reportPut(ctx.db, decided.report, scope.report ? expectedOf(scope.report) : 'new'),
        ...(emails ? await emails(scope, decided) : []),
        ...(decided.grant
          ? await grantMoves(
              ctx,
              scope.grant.competitionId,
              scope.grant.applicationId,
              scope.grant.status,
              decided.grant.status,
            )
          : []),
      ])
      return decided.report
    } catch (error) {
      const raced =
        (error instanceof ConditionFailed && (error.failed('grant-version') || error.failed('report-version'))) ||
        error instanceof Contended
      if (!raced) throw error
      if (attempt >= ATTEMPTS)
        throw new StateConflict('This grant is being changed by someone else right now. Try again in a moment.')
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt))
    }
  }
}

/** A change of the grantee's own report that does not touch the grant (files), decided again after a race. */
function changeOwnReport(
  ctx: Ctx,
  applicant: User,
  applicationId: string,
  milestoneId: string,
  change: (current: Report) => Report,
): Promise<Report> {
  return decide(
    () => ownScope(ctx, applicant, applicationId, milestoneId),
    (scope) => {
      assertActive(scope.grant)
      const current = scope.report ?? blankReport(ctx, scope, applicant)
      return { report: { ...change(current), ...edited(ctx, current, applicant) } }
    },
    ctx,
  )
}

/** The grantee's own grant (else the same 404 as none), accepted, and one of its milestones. */
async function ownScope(ctx: Ctx, applicant: User, applicationId: string, milestoneId: string): Promise<Scope> {
  const grant = await getOwnGrant(ctx, applicant, applicationId)
  return scopeOf(ctx, grant, milestoneId)
}

async function managedScope(ctx: Ctx, competitionId: string, applicationId: string, milestoneId: string) {
  const grant = await getGrant(ctx.db, competitionId, applicationId)
  if (!grant) throw new NotFound('grant agreement')
  const scope = await scopeOf(ctx, grant, milestoneId)
  // The manager sees a report once it has been sent, never a first draft.
  return scope.report?.submittedAt ? scope : { ...scope, report: undefined }
}

async function scopeOf(ctx: Ctx, grant: Grant, milestoneId: string): Promise<Scope> {
  const progress = grant.progress?.milestones[milestoneId]
  if (!grant.milestones.some((m) => m.id === milestoneId)) throw new NotFound('milestone')
  if (!isAccepted(grant) || !progress)
    throw new StateConflict('Progress reports start once the grant agreement has been accepted.')
  const report = await getReport(ctx.db, grant.competitionId, grant.applicationId, milestoneId)
  return { grant, milestoneId, progress, report }
}

function blankReport(ctx: Pick<Ctx, 'now'>, scope: Scope, applicant: User): Report {
  const now = ctx.now().toISOString()
  return {
    competitionId: scope.grant.competitionId,
    applicationId: scope.grant.applicationId,
    milestoneId: scope.milestoneId,
    status: 'draft',
    progress: '',
    files: [],
    evidenceNote: '',
    actuals: scope.grant.indicators.map((i) => ({ indicatorId: i.id, value: null, explanation: '' })),
    version: 0,
    createdAt: now,
    updatedAt: now,
    updatedBy: applicant.id,
    updatedByName: applicant.name,
    reviews: [],
  }
}

const edited = (ctx: Pick<Ctx, 'now'>, current: Report, applicant: User) => ({
  version: current.version + 1,
  updatedAt: ctx.now().toISOString(),
  updatedBy: applicant.id,
  updatedByName: applicant.name,
})

const expectedOf = (report: Report) => ({ version: report.version, status: report.status })

/** The grant as read, with the milestone's progress changed and its version moved on. */
function withMilestone(scope: Scope, change: Partial<MilestoneProgress>): Grant {
  const { grant } = scope
  const progress = grant.progress!
  return {
    ...grant,
    version: grant.version + 1,
    progress: {
      ...progress,
      milestones: { ...progress.milestones, [scope.milestoneId]: { ...scope.progress, ...change } },
      tranches: { ...progress.tranches },
      actuals: { ...progress.actuals },
    },
  }
}

/** The tranches due after a decision that were not before: its own, and a share held back on a date that waited for it. */
function fallenDue(before: Grant, after: Grant, at: string): Tranche[] {
  const today = londonToday(new Date(at))
  const dueIn = (grant: Grant, tranche: Tranche) => {
    const state = grant.progress?.tranches[tranche.id]
    return !!state && isTrancheDue(grant, tranche, state, today)
  }
  return after.tranches.filter((t) => dueIn(after, t) && !dueIn(before, t))
}

// — Rules —

function assertActive(grant: Grant) {
  if (grant.status !== 'active')
    throw new StateConflict(`This grant is ${grant.status}: its progress reports can no longer be changed or reviewed.`)
}

/** Whether a section can change now: in a draft or a rejected report, or the one section queried. */
function assertEditable(report: Report, section: ReportSection) {
  const field = section === 'indicators' ? 'actuals' : section === 'evidence' ? 'files' : 'progress'
  if (report.status === 'approved') throw approvedAlready(report)
  if (report.status === 'submitted')
    throw new StateConflict(
      'This report has been sent for review: it can be changed only if the programme team rejects or queries it.',
      [{ field, message: 'cannot be changed while the report is being reviewed' }],
    )
  if (report.status === 'queried' && report.query!.section !== section)
    throw new StateConflict(
      `Only the ${sectionNames[report.query!.section]} section is queried: the rest of the report stays as it was sent.`,
      [{ field, message: `cannot be changed while the ${sectionNames[report.query!.section]} section is queried` }],
    )
}

const approvedAlready = (report: Report) =>
  new StateConflict(
    `This report was approved${report.approvedByName ? ` by ${report.approvedByName}` : ''}${report.approvedAt ? ` on ${formatLondon(report.approvedAt)}` : ''}: it is fixed, and can no longer be changed.`,
  )

/** One actual per indicator of the grant, in the grant's order; unknown or repeated ids are a 422 naming them. */
function checkActuals(indicators: Indicator[], input: ReportActual[]): ReportActual[] {
  const problems: FieldError[] = []
  const byId = new Map<string, ReportActual>()
  input.forEach((actual, i) => {
    if (!indicators.some((x) => x.id === actual.indicatorId))
      problems.push({ field: `actuals.${i}.indicatorId`, message: 'names no indicator of this grant' })
    else if (byId.has(actual.indicatorId))
      problems.push({ field: `actuals.${i}.indicatorId`, message: 'is used twice' })
    byId.set(actual.indicatorId, actual)
  })
  if (problems.length) throw new RuleViolated('The indicators reported are not this grant’s.', problems)
  return indicators.map((x) => byId.get(x.id) ?? { indicatorId: x.id, value: null, explanation: '' })
}

/** What a report still needs before it can be sent, naming each field. */
function incomplete(grant: Grant, progress: MilestoneProgress, report: Report): FieldError[] {
  const problems: FieldError[] = []
  if (!report.progress.trim()) problems.push({ field: 'progress', message: 'is required: say what was done' })
  const uploaded = report.files.filter((f) => f.uploaded)
  report.files.forEach((f, i) => {
    if (!f.uploaded) problems.push({ field: `files.${i}`, message: `(${f.filename}) has not finished uploading` })
  })
  if (!uploaded.length && !report.evidenceNote.trim())
    problems.push({ field: 'files', message: 'are required: add an evidence file or say where the evidence is' })
  grant.indicators.forEach((indicator, i) => {
    const actual = report.actuals.find((a) => a.indicatorId === indicator.id)
    if (actual?.value === null || actual?.value === undefined) {
      problems.push({ field: `actuals.${i}.value`, message: `is required: the ${indicator.measure} this period` })
      return
    }
    const target = targetDueBy(indicator, progress.dueOn)
    if (target && misses(indicator, actual.value, target.value) && !actual.explanation.trim())
      problems.push({
        field: `actuals.${i}.explanation`,
        message: `is required: ${actual.value} ${indicator.unit} misses the target of ${target.value} (${indicator.better} is better)`,
      })
  })
  return problems
}

/** The grant's actuals with a report's added for the period ending `on` (replacing any for that date), oldest first. */
function withActuals(
  actuals: Record<string, IndicatorActual[]>,
  reported: ReportActual[],
  on: string,
): Record<string, IndicatorActual[]> {
  const next = { ...actuals }
  for (const { indicatorId, value } of reported) {
    if (value === null) continue
    next[indicatorId] = [...(next[indicatorId] ?? []).filter((a) => a.on !== on), { on, value }].sort((a, b) =>
      a.on.localeCompare(b.on),
    )
  }
  return next
}
