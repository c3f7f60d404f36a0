// File answers: the browser uploads straight to the file store through a presigned PUT
// that fixes type and size; the answer counts only once the upload has been checked, and
// from then on serves exactly the bytes checked.
import type { Application, FileAnswerInput } from '../../../shared/schemas/application.js'
import type { StoredFile, Upload } from '../../../shared/schemas/competition.js'
import type { User } from '../../../shared/schemas/user.js'
import { documentTypes, formatBytes, MAX_DOCUMENT_BYTES } from '../../../shared/files.js'
import { applicationPut, getApplication } from '../../db/applications-repo.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import { getMembership } from '../../db/organisations-repo.js'
import { commit } from '../../db/write.js'
import type { Ctx } from '../context.js'
import { DeadlinePassed, NotFound, RuleViolated, StateConflict, VersionConflict } from '../errors.js'
import { objectOf, type ObjectRef } from '../files/file-store.js'
import { pinUpload } from '../files/pin-upload.js'
import { newId } from '../ids.js'
import { log } from '../log.js'
import { formatLondon } from '../../../shared/dates.js'
import { isFileAnswer } from './answer-rules.js'
import { deadlineFor, readApplication } from './applications.js'

/** Each upload has its own key (answers from before per-upload keys have none). */
export const answerFileKey = (applicationId: string, questionId: string, file: StoredFile) =>
  `applications/${applicationId}/answers/${questionId}${file.uploadId ? `/${file.uploadId}` : ''}`

/** Sets a file question's answer (not yet uploaded) and gives the upload to make. */
export async function attachFile(
  ctx: Ctx,
  user: User,
  applicationId: string,
  questionId: string,
  file: FileAnswerInput,
): Promise<{ application: Application; upload: Upload }> {
  const { application, question } = await editableFileQuestion(ctx, user, applicationId, questionId)
  const allowed = question.fileTypes ?? (Object.keys(documentTypes) as (keyof typeof documentTypes)[])
  const maxBytes = question.maxFileBytes ?? MAX_DOCUMENT_BYTES
  if (!allowed.includes(file.contentType)) {
    throw new RuleViolated('That type of file is not accepted for this question.', [
      {
        field: 'contentType',
        message: `must be one of: ${allowed.map((t) => documentTypes[t].toUpperCase()).join(', ')}`,
      },
    ])
  }
  if (file.sizeBytes > maxBytes) {
    throw new RuleViolated('That file is too large for this question.', [
      { field: 'sizeBytes', message: `must be at most ${formatBytes(maxBytes)}` },
    ])
  }
  const stored: StoredFile = { ...file, uploaded: false, uploadId: newId() }
  const next: Application = {
    ...application,
    answers: { ...application.answers, [questionId]: { file: stored } },
    version: application.version + 1,
    updatedAt: ctx.now().toISOString(),
  }
  await save(ctx, next, application.version)
  const replaced = application.answers[questionId]
  if (isFileAnswer(replaced))
    await removeQuietly(ctx, objectOf(answerFileKey(applicationId, questionId, replaced.file), replaced.file))
  return {
    application: next,
    upload: await ctx.files.createUpload(answerFileKey(applicationId, questionId, stored), stored),
  }
}

/** A replaced draft file is nobody's any more; failing to delete it only leaves it stored. */
async function removeQuietly(ctx: Ctx, object: ObjectRef) {
  await ctx.files
    .remove([object])
    .catch((error) => log.warn('Could not remove a replaced file', { key: object.key, error }))
}

/** Checks the upload (size, type) and pins it; then the answer counts. */
export async function completeFile(
  ctx: Ctx,
  user: User,
  applicationId: string,
  questionId: string,
): Promise<Application> {
  const { application } = await editableFileQuestion(ctx, user, applicationId, questionId)
  const answer = application.answers[questionId]
  if (!isFileAnswer(answer)) throw new StateConflict('Choose a file for this question first.')
  if (answer.file.uploaded) return application
  const pinned = await pinUpload(ctx.files, answerFileKey(applicationId, questionId, answer.file), answer.file)
  const next: Application = {
    ...application,
    answers: { ...application.answers, [questionId]: { file: pinned } },
    version: application.version + 1,
    updatedAt: ctx.now().toISOString(),
  }
  await save(ctx, next, application.version)
  return next
}

/** A short-lived download address, for whoever may read the EOI. */
export async function answerFileDownload(
  ctx: Ctx,
  user: User,
  applicationId: string,
  questionId: string,
): Promise<string> {
  const application = await readApplication(ctx, user, applicationId)
  const answer = application.answers[questionId]
  if (!isFileAnswer(answer) || !answer.file.uploaded) throw new NotFound('file')
  return ctx.files.createDownload(
    objectOf(answerFileKey(applicationId, questionId, answer.file), answer.file),
    answer.file,
  )
}

async function editableFileQuestion(ctx: Ctx, user: User, applicationId: string, questionId: string) {
  const [application, organisationId] = await Promise.all([
    getApplication(ctx.db, applicationId),
    getMembership(ctx.db, user.id),
  ])
  if (!application || application.organisationId !== organisationId) throw new NotFound('expression of interest')
  if (application.status !== 'draft')
    throw new StateConflict(`This expression of interest is ${application.status} and can no longer be edited.`)
  const aggregate = await getCompetitionAggregate(ctx.db, application.competitionId)
  const deadline = aggregate ? deadlineFor(aggregate.competition, application) : undefined
  if (deadline && ctx.now() >= new Date(deadline)) throw new DeadlinePassed(formatLondon(deadline))
  const question = aggregate?.questions.find((q) => q.id === questionId)
  if (!question) throw new NotFound('question')
  if (question.kind !== 'file')
    throw new RuleViolated('This question does not take a file.', [
      { field: 'questionId', message: 'is not a file question' },
    ])
  return { application, question }
}

async function save(ctx: Ctx, next: Application, expectedVersion: number) {
  await commit(ctx.db, [applicationPut(ctx.db, next, { version: expectedVersion, status: 'draft' })], {
    'application-version': () => new VersionConflict('expression of interest (saved from another tab or device)'),
  })
}
