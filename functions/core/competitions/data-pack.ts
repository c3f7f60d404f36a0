// Data-pack items: documents (uploaded straight to the file store), links, datasets and
// videos. A document is visible to the public only once its upload has been checked, and
// from then on serves exactly the bytes checked.
import type { DataPackItem, DataPackItemInput, Upload } from '../../../shared/schemas/competition.js'
import { getCompetitionAggregate } from '../../db/competitions-repo.js'
import { isManager, type Caller, type Ctx } from '../context.js'
import { NotFound, RuleViolated, StateConflict } from '../errors.js'
import { newId } from '../ids.js'
import { documentKeyOf, documentObjects, objectOf } from '../files/file-store.js'
import { pinUpload } from '../files/pin-upload.js'
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
      created = { ...rest, ...base, file: { filename, contentType, sizeBytes, uploaded: false, uploadId: newId() } }
    } else {
      created = { ...input, ...base }
    }
    return { changes: { puts: [{ entity: 'dataPackItem', value: created }] }, result: created }
  })
  if (item.kind !== 'document') return { item }
  return { item, upload: await ctx.files.createUpload(documentKeyOf(competitionId, item), item.file) }
}

type Document = Extract<DataPackItem, { kind: 'document' }>

/**
 * A fresh upload for a document whose upload expired or failed: a new key, so nothing sent
 * to the last one (whole, partial or wrong) can become this document.
 */
export async function renewUpload(ctx: Ctx, competitionId: string, itemId: string): Promise<Upload> {
  const renewed = await changeCompetition(ctx, competitionId, ({ items }) => {
    const item = findOr404(items, itemId, 'data-pack item')
    if (item.kind !== 'document') throw new RuleViolated('Only documents have files to upload.')
    if (item.file.uploaded)
      throw new StateConflict('This document is already uploaded; remove it and add a new one to replace it.')
    const next: Document = { ...item, file: { ...item.file, uploadId: newId() } }
    return {
      changes: { puts: [{ entity: 'dataPackItem', value: next }] },
      result: next,
      after: () => ctx.files.remove([objectOf(documentKeyOf(competitionId, item), item.file)]),
    }
  })
  return ctx.files.createUpload(documentKeyOf(competitionId, renewed), renewed.file)
}

/** Checks the uploaded file (size, type) and pins it, then shows the document. */
export async function completeUpload(ctx: Ctx, competitionId: string, itemId: string): Promise<DataPackItem> {
  return changeCompetition(ctx, competitionId, async ({ items }) => {
    const item = findOr404(items, itemId, 'data-pack item')
    if (item.kind !== 'document') throw new RuleViolated('Only documents have files to upload.')
    if (item.file.uploaded) return { changes: {}, result: item }
    const done: DataPackItem = {
      ...item,
      file: await pinUpload(ctx.files, documentKeyOf(competitionId, item), item.file),
    }
    return { changes: { puts: [{ entity: 'dataPackItem', value: done }] }, result: done }
  })
}

export async function removeDataPackItem(ctx: Ctx, competitionId: string, itemId: string): Promise<void> {
  return changeCompetition(ctx, competitionId, ({ items }) => {
    const item = findOr404(items, itemId, 'data-pack item')
    return {
      changes: { deletes: [{ entity: 'dataPackItem', id: itemId }] },
      result: undefined,
      after: item.kind === 'document' ? () => ctx.files.remove(documentObjects(competitionId, [item])) : undefined,
    }
  })
}

/** A short-lived download address for a document the caller may see. */
export async function documentDownloadUrl(
  ctx: Ctx,
  caller: Caller,
  competitionId: string,
  itemId: string,
): Promise<string> {
  const manager = isManager(caller)
  const aggregate = await getCompetitionAggregate(ctx.db, competitionId, { consistent: manager })
  assertVisible(aggregate, manager)
  const item = aggregate!.items.find((i) => i.id === itemId)
  if (item?.kind !== 'document' || (!item.file.uploaded && !manager)) throw new NotFound('document')
  if (!item.file.uploaded) throw new StateConflict('This document has not finished uploading.')
  return ctx.files.createDownload(objectOf(documentKeyOf(competitionId, item), item.file), item.file)
}
