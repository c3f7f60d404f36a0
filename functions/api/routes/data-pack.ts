// Data-pack items: adding (documents come back with a presigned upload), completing an
// upload, removing (managers), and downloading a document (anyone who can see it).
import { createRoute, z } from '@hono/zod-openapi'
import { DataPackItem, DataPackItemInput, NewDataPackItem, Upload } from '../../../shared/schemas/competition.js'
import {
  addDataPackItem,
  completeUpload,
  documentDownloadUrl,
  removeDataPackItem,
  renewUpload,
} from '../../core/competitions/data-pack.js'
import { requireRole } from '../middleware/auth.js'
import { access, bearer, json, problems, router } from '../openapi.js'
import { ChallengeParams, ItemParams } from './params.js'

const manager = [requireRole('manager')]

export const dataPack = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/competitions/{competitionId}/challenges/{challengeId}/items',
      summary: 'Add a data-pack item to a challenge',
      description: `${access.manager} A document comes back with a presigned upload: PUT the file there with the given headers, then call complete.`,
      security: bearer,
      middleware: manager,
      request: { params: ChallengeParams, body: { content: { 'application/json': { schema: DataPackItemInput } }, required: true } },
      responses: { 201: json(NewDataPackItem, 'The item, and for a document its upload'), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { competitionId, challengeId } = c.req.valid('param')
      return c.json(await addDataPackItem(c.var.deps, competitionId, challengeId, c.req.valid('json')), 201)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/competitions/{competitionId}/items/{itemId}/upload',
      summary: 'A fresh upload for a document not yet uploaded',
      description: access.manager,
      security: bearer,
      middleware: manager,
      request: { params: ItemParams },
      responses: { 200: json(Upload, 'A new presigned upload'), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { competitionId, itemId } = c.req.valid('param')
      return c.json(await renewUpload(c.var.deps, competitionId, itemId), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/competitions/{competitionId}/items/{itemId}/complete',
      summary: 'Confirm a document upload',
      description: `${access.manager} Checks the file arrived with the declared size; then the document is public with its competition.`,
      security: bearer,
      middleware: manager,
      request: { params: ItemParams },
      responses: { 200: json(DataPackItem, 'The document, now uploaded'), ...problems(401, 403, 404, 409, 422) },
    }),
    async (c) => {
      const { competitionId, itemId } = c.req.valid('param')
      return c.json(await completeUpload(c.var.deps, competitionId, itemId), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/competitions/{competitionId}/items/{itemId}',
      summary: 'Remove a data-pack item',
      description: access.manager,
      security: bearer,
      middleware: manager,
      request: { params: ItemParams },
      responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404, 409) },
    }),
    async (c) => {
      const { competitionId, itemId } = c.req.valid('param')
      await removeDataPackItem(c.var.deps, competitionId, itemId)
      return c.body(null, 204)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/competitions/{competitionId}/items/{itemId}/download',
      summary: 'Download a document',
      description: `${access.anyoneDraftsManagers} Redirects to a short-lived address that serves the file as an attachment.`,
      request: { params: ItemParams },
      responses: {
        302: { description: 'To the file', headers: z.object({ Location: z.string() }) },
        ...problems(401, 404, 409),
      },
    }),
    async (c) => {
      const { competitionId, itemId } = c.req.valid('param')
      return c.redirect(await documentDownloadUrl(c.var.deps, c.var.user, competitionId, itemId), 302)
    },
  )
