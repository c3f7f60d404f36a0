// Completing an upload: check what arrived at the upload's key and pin that one version, so
// whatever is stored there later is never what gets served.
import { documentTypes, formatBytes, matchesDeclaredType, SNIFF_BYTES } from '../../../shared/files.js'
import type { StoredFile } from '../../../shared/schemas/competition.js'
import { RuleViolated } from '../errors.js'
import type { FileStore } from './file-store.js'

/**
 * The file, uploaded: the latest version at the key must be the declared size and start as
 * the declared type does; its version and ETag are recorded, and downloads serve only it.
 */
export async function pinUpload(files: FileStore, key: string, file: StoredFile): Promise<StoredFile> {
  const stored = await files.head(key)
  if (!stored)
    throw new RuleViolated('The file has not arrived yet. Upload it, then try again.', [
      { field: 'file', message: 'is not uploaded' },
    ])
  if (stored.sizeBytes !== file.sizeBytes) {
    throw new RuleViolated(
      `The uploaded file is ${formatBytes(stored.sizeBytes)}, not the ${formatBytes(file.sizeBytes)} declared. Upload it again.`,
      [{ field: 'file', message: 'is not the declared size' }],
    )
  }
  const start = await files.readStart(key, stored.versionId, SNIFF_BYTES)
  if (!matchesDeclaredType(file.contentType, start, stored.sizeBytes <= SNIFF_BYTES)) {
    const type = documentTypes[file.contentType].toUpperCase()
    throw new RuleViolated(
      `${file.filename} is not a ${type} file: its contents do not match its type. Check it is the right file, then upload it again.`,
      [{ field: 'file', message: `is not a ${type} file` }],
    )
  }
  return { ...file, uploaded: true, versionId: stored.versionId, etag: stored.etag }
}
