// Where documents live: S3 in the cloud, a folder locally, behind one interface of
// presigned requests so the browser moves the bytes and the API never holds them.
import type { DocumentType } from '../../../shared/files.js'
import type { Upload } from '../../../shared/schemas/competition.js'

export type StoredObject = { sizeBytes: number; contentType?: string }

export interface FileStore {
  /** A presigned PUT for exactly this type and size. */
  createUpload(key: string, file: { contentType: DocumentType; sizeBytes: number }): Promise<Upload>
  /** What is stored at the key, if anything. */
  head(key: string): Promise<StoredObject | undefined>
  /** A presigned GET that downloads as an attachment with a safe type and name. */
  createDownload(key: string, file: { filename: string; contentType: DocumentType }): Promise<string>
  remove(keys: string[]): Promise<void>
}

export const UPLOAD_TTL_SECONDS = 15 * 60
export const DOWNLOAD_TTL_SECONDS = 5 * 60

/** Object keys are ours, never the uploader's file name. */
export const documentKey = (competitionId: string, itemId: string) => `competitions/${competitionId}/items/${itemId}`

/** `attachment; filename="…"; filename*=UTF-8''…`: ASCII fallback plus the exact name. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

/** Text types get a charset so browsers do not guess. */
export function servedContentType(contentType: DocumentType): string {
  return contentType.startsWith('text/') ? `${contentType}; charset=utf-8` : contentType
}

