// The cloud FileStore: a private S3 bucket reached only through presigned requests.
import { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import {
  contentDisposition,
  DOWNLOAD_TTL_SECONDS,
  servedContentType,
  UPLOAD_TTL_SECONDS,
  type FileStore,
} from '../core/files/file-store.js'

export function createS3FileStore(bucket: string, client = new S3Client({})): FileStore {
  return {
    async createUpload(key, { contentType, sizeBytes }) {
      const command = new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: sizeBytes })
      // Signing content-length makes S3 refuse a body of any other size.
      const url = await getSignedUrl(client, command, {
        expiresIn: UPLOAD_TTL_SECONDS,
        signableHeaders: new Set(['content-type', 'content-length']),
      })
      return {
        method: 'PUT',
        url,
        headers: { 'Content-Type': contentType },
        expiresAt: new Date(Date.now() + UPLOAD_TTL_SECONDS * 1000).toISOString(),
      }
    },
    async head(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
        return { sizeBytes: head.ContentLength ?? 0, contentType: head.ContentType }
      } catch (error) {
        if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return undefined
        throw error
      }
    },
    async createDownload(key, { filename, contentType }) {
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentType: servedContentType(contentType),
        ResponseContentDisposition: contentDisposition(filename),
      })
      return getSignedUrl(client, command, { expiresIn: DOWNLOAD_TTL_SECONDS })
    },
    async remove(keys) {
      for (let i = 0; i < keys.length; i += 1000) {
        await client.send(
          new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }),
        )
      }
    },
  }
}
