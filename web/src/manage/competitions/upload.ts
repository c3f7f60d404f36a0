// A data-pack document's upload: the bytes go straight to storage (see ../upload.ts), then
// the API is asked to check they arrived.
import type { DataPackItem, Upload } from '../../../../shared/schemas/competition.js'
import { api, call } from '../../api.js'
import { putFile } from '../../upload.js'

export { contentTypeOf, UploadFailed } from '../../upload.js'

/** Uploads the file for a document item and confirms it; returns the item, now uploaded. */
export async function uploadDocument(
  competitionId: string,
  itemId: string,
  upload: Upload,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<DataPackItem> {
  await putFile(upload, file, onProgress)
  return call(api.competitions[':competitionId'].items[':itemId'].complete.$post({ param: { competitionId, itemId } }))
}

/** A fresh upload for a document whose first upload did not finish. */
export function renewUpload(competitionId: string, itemId: string): Promise<Upload> {
  return call(api.competitions[':competitionId'].items[':itemId'].upload.$post({ param: { competitionId, itemId } }))
}
