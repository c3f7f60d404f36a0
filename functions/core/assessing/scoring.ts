// Score sheets. A panellist scores a shortlisted application they have declared no conflict
// with, saving drafts, then submits (which locks the sheet). Each save is one transaction
// that also checks the seat, the declaration and the shortlist, and locks the rubric at the
// version scored against. Until their own sheet is submitted, a panellist sees nobody
// else's scores or comments: the API withholds them. Managers moderate and reopen, and
// every change after submission is kept with who, when and why.
import type {
  AssessmentView,
  FullSheet,
  PanelSheets,
  Rubric,
  ScoreSheet,
  SheetInput,
  SheetText,
} from '../../../shared/schemas/assessing.js'
import type { Answer } from '../../../shared/schemas/application.js'
import type { FieldError } from '../../../shared/schemas/common.js'
import type { User } from '../../../shared/schemas/user.js'
import {
  candidateScoring,
  declaredNone,
  getSheetOf,
  memberAccepted,
  readApplicationScores,
  readPanel,
  rubricLock,
  sheetPut,
  textPut,
} from '../../db/assessing-repo.js'
import { isFileAnswer } from '../applications/answer-rules.js'
import { answerFileKey } from '../applications/file-answers.js'
import type { Ctx } from '../context.js'
import { objectOf } from '../files/file-store.js'
import { Forbidden, NotFound, RuleViolated, StateConflict, VersionConflict } from '../errors.js'
import { aggregate } from './aggregation.js'
import { commitUnlessReleased } from './lock.js'
import { assertMayAssess, assertMayScore, decidedBy, readAssessment, type AssessmentRead } from './seat.js'
import {
  notPartneredWith,
  partneredConflict,
  relationshipConflicts,
  withRelationshipConflicts,
} from '../matching/conflicts.js'

/** The pitch to assess: for panellists who may (see `assertMayAssess`), and managers. */
export async function getAssessment(
  ctx: Ctx,
  user: User,
  competitionId: string,
  applicationId: string,
): Promise<AssessmentView> {
  const read = await readAssessment(ctx, competitionId, {
    applicationId,
    panellist: user.role === 'panellist' ? user : undefined,
  })
  if (user.role === 'panellist') assertMayAssess(read, user)
  else if (!read.candidate) throw new NotFound('submitted expression of interest')
  const { application, competition } = read
  return {
    application: {
      id: application!.id,
      competitionId,
      competitionTitle: competition.title,
      organisationName: application!.organisationName,
      amountRequestedPence: application!.amountRequestedPence,
      themeIds: application!.themeIds,
      answers: application!.answers,
      submittedAt: application!.submittedAt,
    },
    rubric: read.rubric,
    sheet: read.sheet ? fullSheet(read.sheet, read.text) : undefined,
    candidate: user.role === 'manager' ? read.candidate : undefined,
  }
}

/** A file answer of the pitch, for whoever may assess it: a short-lived download address. */
export async function assessmentFileDownload(
  ctx: Ctx,
  user: User,
  competitionId: string,
  applicationId: string,
  questionId: string,
): Promise<string> {
  const view = await getAssessment(ctx, user, competitionId, applicationId)
  const answer = view.application.answers[questionId] as Answer | undefined
  if (!isFileAnswer(answer) || !answer.file.uploaded) throw new NotFound('file')
  return ctx.files.createDownload(
    objectOf(answerFileKey(applicationId, questionId, answer.file), answer.file),
    answer.file,
  )
}

/** Saves the panellist's draft sheet (the whole sheet as it stands). */
export async function saveSheet(
  ctx: Ctx,
  user: User,
  competitionId: string,
  applicationId: string,
  input: SheetInput,
): Promise<FullSheet> {
  const read = await readAssessment(ctx, competitionId, { applicationId, panellist: user })
  assertMayScore(read, user)
  const rubric = usableRubric(read.rubric)
  const problems = sheetProblems(rubric, input)
  if (problems.length) throw new RuleViolated('Some scores cannot be saved.', problems)
  const current = assertEditable(read, input.version)
  const now = ctx.now().toISOString()
  const sheet: ScoreSheet = {
    competitionId,
    applicationId,
    panellistId: user.id,
    panellistName: user.name,
    status: 'draft',
    scores: input.scores,
    rubricVersion: rubric.version,
    version: input.version + 1,
    updatedAt: now,
    history: current?.history ?? [],
  }
  const text: SheetText = {
    comments: input.comments,
    panelNote: input.panelNote,
    applicantFeedback: input.applicantFeedback,
  }
  await commitSheet(ctx, user, read, sheet, { version: input.version, status: 'draft' }, text)
  return fullSheet(sheet, text)
}

/** Submits the sheet: every criterion scored. Locks it; a repeat returns it unchanged. */
export async function submitSheet(
  ctx: Ctx,
  user: User,
  competitionId: string,
  applicationId: string,
  version: number,
): Promise<FullSheet> {
  const read = await readAssessment(ctx, competitionId, { applicationId, panellist: user })
  assertMayScore(read, user)
  const rubric = usableRubric(read.rubric)
  const current = read.sheet
  if (current?.status === 'submitted' && current.version === version + 1) return fullSheet(current, read.text)
  if (!current)
    throw new RuleViolated(
      'Score every criterion before you submit.',
      rubric.criteria.map((c) => ({ field: `scores.${c.id}`, message: `needs a score (${c.title})` })),
    )
  assertEditable(read, version)
  const missing = rubric.criteria.filter((c) => current.scores[c.id] === undefined)
  if (missing.length) {
    throw new RuleViolated(
      `Before you submit: score ${missing.length} more criteri${missing.length === 1 ? 'on' : 'a'}.`,
      missing.map((c) => ({ field: `scores.${c.id}`, message: `needs a score (${c.title})` })),
    )
  }
  const now = ctx.now().toISOString()
  const sheet: ScoreSheet = {
    ...stripEmail(current),
    status: 'submitted',
    submittedAt: now,
    updatedAt: now,
    version: version + 1,
  }
  await commitSheet(ctx, user, read, sheet, { version, status: 'draft' })
  return fullSheet(sheet, read.text)
}

/**
 * Every sheet for an application, with the aggregate. Programme managers always; a
 * panellist only once their own sheet for it is submitted, and then only submitted sheets.
 */
export async function listSheets(
  ctx: Ctx,
  user: User,
  competitionId: string,
  applicationId: string,
): Promise<PanelSheets> {
  const panellist = user.role === 'panellist'
  const [read, written, { members }] = await Promise.all([
    readAssessment(ctx, competitionId, { applicationId, panellist: panellist ? user : undefined }),
    readApplicationScores(ctx.db, competitionId, applicationId),
    readPanel(ctx.db, competitionId),
  ])
  if (panellist) {
    assertMayAssess(read, user)
    if (read.sheet?.status !== 'submitted') {
      throw new Forbidden(
        'Submit your own scores for this application first: until then, other panellists’ scores and comments stay hidden, so every score is independent.',
      )
    }
  } else if (!read.candidate) throw new NotFound('submitted expression of interest')
  // Declared conflicts, and those partner matching made, as the ranking counts them.
  const partnered = await relationshipConflicts(ctx, competitionId, [read.candidate!], members)
  const conflicted = new Set(
    withRelationshipConflicts(written.declarations, partnered)
      .filter((d) => d.type !== 'none')
      .map((d) => d.panellistId),
  )
  const { texts } = written
  const sheets = written.sheets
    .filter((s) => !panellist || (s.status === 'submitted' && !conflicted.has(s.panellistId)))
    .map((s) =>
      fullSheet(
        s,
        texts.find((t) => t.panellistId === s.panellistId),
      ),
    )
  const [row] = aggregate({
    scale: read.rubric.scale,
    criteria: read.rubric.criteria,
    applications: [{ applicationId, organisationName: read.candidate!.organisationName }],
    sheets,
    conflicts: [...conflicted].map((panellistId) => ({ applicationId, panellistId })),
    discussAbove: read.rubric.discussAbove,
    minScorers: read.rubric.minScorers,
  })
  // Calibration needs each panellist's scores across applications: the ranking has it; one
  // application's sheets alone would only repeat the raw mean under another name.
  const { calibrated: _calibrated, rank: _rank, tied: _tied, ...aggregateRow } = row!
  return { sheets, aggregate: aggregateRow }
}

/** A programme manager changes a submitted score after discussion; the old value is kept. */
export async function moderateScore(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  panellistId: string,
  input: { version: number; criterionId: string; score: number; reason: string },
): Promise<FullSheet> {
  const { read, sheet, email } = await submittedSheet(ctx, competitionId, applicationId, panellistId, input.version)
  const criterion = read.rubric.criteria.find((c) => c.id === input.criterionId)
  if (!criterion)
    throw new RuleViolated('Only the rubric’s criteria are scored.', [
      { field: 'criterionId', message: 'is not a criterion of this rubric' },
    ])
  const range = scaleProblem(read.rubric, input.score)
  if (range) throw new RuleViolated('That score is outside the scale.', [{ field: 'score', message: range }])
  const from = sheet.scores[criterion.id]!
  if (from === input.score)
    throw new RuleViolated(`The score for ${criterion.title} is already ${from}.`, [
      { field: 'score', message: 'is the same as the current score' },
    ])
  const now = ctx.now()
  const next: ScoreSheet = {
    ...sheet,
    scores: { ...sheet.scores, [criterion.id]: input.score },
    history: [
      ...sheet.history,
      {
        kind: 'moderated',
        criterionId: criterion.id,
        from,
        to: input.score,
        reason: input.reason,
        ...decidedBy(manager, now),
      },
    ],
    version: sheet.version + 1,
    updatedAt: now.toISOString(),
  }
  await commitManagerChange(ctx, read, next, email, input.version)
  return fullSheet(next, read.text)
}

/** A programme manager reopens a submitted sheet for its panellist, with a reason. */
export async function reopenSheet(
  ctx: Ctx,
  manager: User,
  competitionId: string,
  applicationId: string,
  panellistId: string,
  input: { version: number; reason: string },
): Promise<FullSheet> {
  const { read, sheet, email } = await submittedSheet(ctx, competitionId, applicationId, panellistId, input.version)
  const now = ctx.now()
  const { submittedAt: _submitted, ...rest } = sheet
  const next: ScoreSheet = {
    ...rest,
    status: 'draft',
    history: [...sheet.history, { kind: 'reopened', reason: input.reason, ...decidedBy(manager, now) }],
    version: sheet.version + 1,
    updatedAt: now.toISOString(),
  }
  await commitManagerChange(ctx, read, next, email, input.version)
  return fullSheet(next, read.text)
}

// — Rules —

function usableRubric(rubric: Rubric): Rubric {
  if (!rubric.criteria.length)
    throw new RuleViolated('The programme manager has not set the scoring criteria yet.', [
      { field: 'rubric', message: 'has no criteria yet' },
    ])
  return rubric
}

/** Scores and comments only for the rubric's criteria, scores within its scale. */
export function sheetProblems(rubric: Rubric, input: Pick<SheetInput, 'scores' | 'comments'>): FieldError[] {
  const criteria = new Set(rubric.criteria.map((c) => c.id))
  const problems: FieldError[] = []
  for (const [id, score] of Object.entries(input.scores)) {
    if (!criteria.has(id)) problems.push({ field: `scores.${id}`, message: 'is not a criterion of this rubric' })
    else {
      const range = scaleProblem(rubric, score)
      if (range) problems.push({ field: `scores.${id}`, message: range })
    }
  }
  for (const id of Object.keys(input.comments))
    if (!criteria.has(id)) problems.push({ field: `comments.${id}`, message: 'is not a criterion of this rubric' })
  return problems
}

const scaleProblem = (rubric: Rubric, score: number) =>
  score < rubric.scale.min || score > rubric.scale.max
    ? `must be between ${rubric.scale.min} and ${rubric.scale.max}`
    : undefined

/** The panellist's own sheet may change while a draft, at the version they read. */
function assertEditable(read: AssessmentRead, version: number): ScoreSheet | undefined {
  const current = read.sheet
  if (current?.status === 'submitted') throw alreadySubmitted()
  if ((current?.version ?? 0) !== version)
    throw new VersionConflict('score sheet (saved from another tab or device)', current?.version ?? 0)
  return current
}

const alreadySubmitted = () =>
  new StateConflict(
    'You have submitted your scores for this application. Ask the programme manager to reopen them if something must change.',
  )

/** The sheet, its text, and every check the database must hold at the same moment. */
async function commitSheet(
  ctx: Ctx,
  user: User,
  read: AssessmentRead,
  sheet: ScoreSheet,
  expected: { version: number; status: 'draft' },
  text?: SheetText,
) {
  const { competitionId, applicationId } = sheet
  const at = ctx.now().toISOString()
  const items = [
    sheetPut(ctx.db, sheet, user.email, expected),
    memberAccepted(ctx.db, competitionId, user.email, user.id),
    declaredNone(ctx.db, competitionId, applicationId, user.id),
    // An introduction accepted since the read partners the panellist with the applicant: refused.
    ...notPartneredWith(ctx, competitionId, read.member, read.candidate),
    candidateScoring(ctx.db, competitionId, applicationId, at),
    rubricLock(ctx.db, competitionId, sheet.rubricVersion, at),
    ...(text ? [textPut(ctx.db, sheet, text)] : []),
  ]
  // Off the panel, a conflict declared, or off the shortlist, since the read: as if it never was.
  const gone = () => new NotFound('application')
  await commitUnlessReleased(ctx, competitionId, items, 'scores', {
    'sheet-version': (was) =>
      was?.status === 'submitted'
        ? alreadySubmitted()
        : new VersionConflict('score sheet (saved from another tab or device)'),
    'on-the-panel': gone,
    'not-partnered': () => partneredConflict(read.member?.organisation, read.candidate!.organisationName),
    'no-conflict': gone,
    'still-shortlisted': gone,
    'rubric-unchanged': () =>
      new VersionConflict('rubric (it changed while you were scoring: reload to score against the new criteria)'),
  })
}

async function submittedSheet(
  ctx: Ctx,
  competitionId: string,
  applicationId: string,
  panellistId: string,
  version: number,
) {
  const { sheet: found } = await getSheetOf(ctx.db, competitionId, applicationId, panellistId)
  // The panellist's own items too: their declaration, with any conflict partner matching made.
  const read =
    found &&
    (await readAssessment(ctx, competitionId, {
      applicationId,
      panellist: { id: panellistId, email: found.panellistEmail },
    }))
  if (!read?.candidate || !found) throw new NotFound('score sheet')
  const { text, declaration } = read
  if (declaration?.type !== 'none') {
    throw new RuleViolated(
      `${found.panellistName} has a conflict of interest with this application: their sheet does not count, and is not moderated or reopened.`,
      [{ field: 'panellistId', message: 'has a conflict of interest with this application' }],
    )
  }
  if (found.status !== 'submitted') throw new StateConflict(`${found.panellistName} has not submitted this sheet yet.`)
  if (found.version !== version) throw new VersionConflict('score sheet', found.version)
  return { read: { ...read, text }, sheet: stripEmail(found), email: found.panellistEmail }
}

async function commitManagerChange(ctx: Ctx, read: AssessmentRead, sheet: ScoreSheet, email: string, version: number) {
  const writes = [
    sheetPut(ctx.db, sheet, email, { version, status: 'submitted' }),
    declaredNone(ctx.db, sheet.competitionId, sheet.applicationId, sheet.panellistId),
    ...notPartneredWith(ctx, sheet.competitionId, read.member, read.candidate),
  ]
  const conflicted = () =>
    new StateConflict(`${sheet.panellistName} has just been recorded as conflicted with this application.`)
  await commitUnlessReleased(ctx, sheet.competitionId, writes, 'version', {
    'no-conflict': conflicted,
    'not-partnered': conflicted,
    'sheet-version': () => new VersionConflict('score sheet'),
  })
}

const stripEmail = ({ panellistEmail: _email, ...sheet }: ScoreSheet & { panellistEmail?: string }): ScoreSheet => sheet

function fullSheet(sheet: ScoreSheet & { panellistEmail?: string }, text?: SheetText): FullSheet {
  return {
    ...stripEmail(sheet),
    comments: text?.comments ?? {},
    panelNote: text?.panelNote ?? '',
    applicantFeedback: text?.applicantFeedback ?? '',
  }
}
