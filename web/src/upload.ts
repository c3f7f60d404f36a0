// Sends a file's bytes straight to storage through a presigned upload the API gave, with
// progress. Used for data-pack documents (manager) and file answers (applicant).
import { documentTypes, matchesDeclaredType, SNIFF_BYTES, type DocumentType } from '../../shared/files.js'
import type { Upload } from '../../shared/schemas/competition.js'

const byExtension = new Map<string, DocumentType>([
  ...Object.entries(documentTypes).map(([type, extension]) => [extension, type as DocumentType] as const),
  ['jpeg', 'image/jpeg'],
])

/** The content type to declare: the browser's if we accept it, else the one its extension implies. */
export function contentTypeOf(file: File): string {
  if (file.type in documentTypes) return file.type
  const extension = file.name.split('.').pop()?.toLowerCase() ?? ''
  return byExtension.get(extension) ?? (file.type || 'application/octet-stream')
}

export class UploadFailed extends Error {}

/**
 * PUTs the file with exactly the upload's headers; reports progress from 0 to 1. A file whose
 * first bytes are not of its type is refused here, before its bytes are sent (the API refuses
 * it on completion anyway).
 */
export async function putFile(upload: Upload, file: File, onProgress: (fraction: number) => void): Promise<void> {
  const type = upload.headers['Content-Type'] as DocumentType
  if (
    type in documentTypes &&
    !matchesDeclaredType(type, new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()), file.size <= SNIFF_BYTES)
  ) {
    throw new UploadFailed(`its contents are not those of a ${documentTypes[type].toUpperCase()} file`)
  }
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open(upload.method, upload.url)
    for (const [name, value] of Object.entries(upload.headers)) request.setRequestHeader(name, value)
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total)
    }
    request.onload = () =>
      request.status >= 200 && request.status < 300
        ? resolve()
        : reject(
            new UploadFailed(
              `storage refused it (${request.status}${request.responseText ? `: ${request.responseText.slice(0, 200)}` : ''})`,
            ),
          )
    request.onerror = () => reject(new UploadFailed('the connection failed'))
    request.onabort = () => reject(new UploadFailed('it was cancelled'))
    request.send(file)
  })
}
