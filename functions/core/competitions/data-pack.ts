// Data-pack items: documents (uploaded straight to the file store), links, datasets and
// videos. A document is visible to the public only once its upload has been checked.
import type { DataPackItem, DataPackItemInput, Upload } from '../../../shared/schemas/competition.js'
import { formatBytes } from '../../../shared/files.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import { isManager, type Caller, type Ctx } from '../context.js'
import { NotFound, RuleViolated, StateConflict } from '../errors.js'
import { newId } from '../ids.js'
import { documentKey } from '../files/file-store.js'
import { assertVisible, changeCompetition } from './aggregate.js'
import { findOr404 } from './challenges.js'

export async function addDataPackItem(
  ctx: Ctx,
  competitionId: string,
  challengeId: string,
  input: DataPackItemInput,
): Promise<{ item: DataPackItem; upload?: Upload }> {
  const item = await changeCompetition(ctx, competitionId, ({ challenges }, now) => {
    findOr404(challenges, challengeId, 'challenge')
    const base = { id: newId(), challengeId, createdAt: now.toISOString() }
    let created: DataPackItem
    if (input.kind === 'document') {
      const { filename, contentType, sizeBytes, ...rest } = input
      created = { ...rest, ...base, file: { filename, contentType, sizeBytes, uploaded: false } }
    } else {
      created = { ...input, ...base }
    }
    return { changes: { puts: [{ entity: 'dataPackItem', value: created }] }, result: created }
  })
  if (item.kind !== 'document') return { item }
  return { item, upload: await ctx.files.createUpload(documentKey(competitionId, item.id), item.file) }
}

/** A fresh upload for a document whose upload expired or failed. */
export async function renewUpload(ctx: Ctx, competitionId: string, itemId: string): Promise<Upload> {
  const aggregate = await getCompetitionAggregate(ctx.db, competitionId, { consistent: true })
  assertVisible(aggregate, true)
  const item = findOr404(aggregate!.items, itemId, 'data-pack item')
  if (item.kind !== 'document') throw new RuleViolated('Only documents have files to upload.')
  if (item.file.uploaded) throw new StateConflict('This document is already uploaded; remove it and add a new one to replace it.')
  return ctx.files.createUpload(documentKey(competitionId, itemId), item.file)
}

/** Checks the uploaded file is there with the promised size, then shows the document. */
export async function completeUpload(ctx: Ctx, competitionId: string, itemId: string): Promise<DataPackItem> {
  return changeCompetition(ctx, competitionId, async ({ items }) => {
    const item = findOr404(items, itemId, 'data-pack item')
    if (item.kind !== 'document') throw new RuleViolated('Only documents have files to upload.')
    if (item.file.uploaded) return { changes: {}, result: item }
    const stored = await ctx.files.head(documentKey(competitionId, itemId))
    if (!stored) throw new RuleViolated('The file has not arrived yet. Upload it, then try again.', [{ field: 'file', message: 'is not uploaded' }])
    if (stored.sizeBytes !== item.file.sizeBytes) {
      throw new RuleViolated(
        `The uploaded file is ${formatBytes(stored.sizeBytes)}, not the ${formatBytes(item.file.sizeBytes)} declared. Upload it again.`,
        [{ field: 'file', message: 'is not the declared size' }],
      )
    }
    const done: DataPackItem = { ...item, file: { ...item.file, uploaded: true } }
    return { changes: { puts: [{ entity: 'dataPackItem', value: done }] }, result: done }
  })
}

export async function removeDataPackItem(ctx: Ctx, competitionId: string, itemId: string): Promise<void> {
  return changeCompetition(ctx, competitionId, ({ items }) => {
    const item = findOr404(items, itemId, 'data-pack item')
    return {
      changes: { deletes: [{ entity: 'dataPackItem', id: itemId }] },
      result: undefined,
      after: item.kind === 'document' ? () => ctx.files.remove([documentKey(competitionId, itemId)]) : undefined,
    }
  })
}

/** A short-lived download address for a document the caller may see. */
export async function documentDownloadUrl(ctx: Ctx, caller: Caller, competitionId: string, itemId: string): Promise<string> {
  const manager = isManager(caller)
  const aggregate = await getCompetitionAggregate(ctx.db, competitionId, { consistent: manager })
  assertVisible(aggregate, manager)
  const item = aggregate!.items.find((i) => i.id === itemId)
  if (!item || item.kind !== 'document' || (!item.file.uploaded && !manager)) throw new NotFound('document')
  if (!item.file.uploaded) throw new StateConflict('This document has not finished uploading.')
  return ctx.files.createDownload(documentKey(competitionId, itemId), item.file)
}
