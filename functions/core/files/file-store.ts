// Where documents live: S3 in the cloud, a folder locally, behind one interface of
// presigned requests so the browser moves the bytes and the API never holds them.
import type { DocumentType } from '../../../shared/files.js'
import type { DataPackItem, StoredFile, Upload } from '../../../shared/schemas/competition.js'

/** One stored version of an object. Versions never change: new bytes at a key make a new one. */
export type StoredObject = { sizeBytes: number; versionId: string; etag: string }

/** Where a file's bytes are: its upload's key and, once completed, the version pinned then. */
export type ObjectRef = { key: string; versionId?: string }

export interface FileStore {
  /** A presigned PUT for exactly this type and size, accepted only while nothing is stored at the key. */
  createUpload(key: string, file: { contentType: DocumentType; sizeBytes: number }): Promise<Upload>
  /** The latest version stored at the key, if any. */
  head(key: string): Promise<StoredObject | undefined>
  /** Up to `length` bytes from the start of exactly this version. */
  readStart(key: string, versionId: string, length: number): Promise<Uint8Array>
  /** A presigned GET of the pinned version that downloads as an attachment with a safe type and name. */
  createDownload(object: ObjectRef, file: { filename: string; contentType: DocumentType }): Promise<string>
  /** Deletes for good: the pinned version, or whatever is stored at a key never completed. */
  remove(objects: ObjectRef[]): Promise<void>
}

/** Five minutes: long enough to start an upload or a download, too short to keep reusing. */
export const UPLOAD_TTL_SECONDS = 5 * 60
export const DOWNLOAD_TTL_SECONDS = 5 * 60

/** Object keys are ours, never the uploader's file name, and each upload has its own. */
export const documentKey = (competitionId: string, itemId: string, uploadId?: string) =>
  `competitions/${competitionId}/items/${itemId}${uploadId ? `/${uploadId}` : ''}`

/** The object a stored file's bytes are in: its key, and the version pinned on completion. */
export const objectOf = (key: string, file: StoredFile): ObjectRef => ({ key, versionId: file.versionId })

type Document = Extract<DataPackItem, { kind: 'document' }>

/** A data-pack document's upload key. */
export const documentKeyOf = (competitionId: string, item: Document) =>
  documentKey(competitionId, item.id, item.file.uploadId)

/** The objects holding these items' documents (other kinds have none). */
export const documentObjects = (competitionId: string, items: DataPackItem[]): ObjectRef[] =>
  items.filter((i) => i.kind === 'document').map((i) => objectOf(documentKeyOf(competitionId, i), i.file))

/** `attachment; filename="…"; filename*=UTF-8''…`: ASCII fallback plus the exact name. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

/** Text types get a charset so browsers do not guess. */
export function servedContentType(contentType: DocumentType): string {
  return contentType.startsWith('text/') ? `${contentType}; charset=utf-8` : contentType
}
