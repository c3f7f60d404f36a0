// Data-pack items: adding (documents come back with a presigned upload), completing an
// upload, removing (managers), and downloading a document (anyone who can see it).
import { Hono } from 'hono'
import {
  DataPackItem,
  DataPackItemInput,
  DownloadLink,
  NewDataPackItem,
  Upload,
} from '../../../shared/schemas/competition.js'
import {
  addDataPackItem,
  completeUpload,
  documentDownloadUrl,
  removeDataPackItem,
  renewUpload,
} from '../../core/competitions/data-pack.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { ChallengeParams, ItemParams } from './params.js'

export const dataPack = new Hono<Env>()
  .post(
    '/competitions/:competitionId/challenges/:challengeId/items',
    doc({
      summary: 'Add a data-pack item to a challenge',
      description: `${access.manager} A document comes back with a presigned upload: PUT the file there with the given headers, then call complete.`,
      signedIn: true,
      responses: {
        201: ok(NewDataPackItem, 'The item, and for a document its upload'),
        ...problems(400, 401, 403, 404, 409),
      },
    }),
    requireRole('manager'),
    valid('param', ChallengeParams),
    valid('json', DataPackItemInput),
    async (c) => {
      const { competitionId, challengeId } = c.req.valid('param')
      return c.json(await addDataPackItem(c.var.deps, competitionId, challengeId, c.req.valid('json')), 201)
    },
  )
  .post(
    '/competitions/:competitionId/items/:itemId/upload',
    doc({
      summary: 'A fresh upload for a document not yet uploaded',
      description: `${access.manager} Documents only (422 for links, datasets and videos), and only until the upload is complete (409 after: remove it and add a new one). A new address for a new object: whatever was sent to the last one is deleted and can never become the document.`,
      signedIn: true,
      responses: { 200: ok(Upload, 'A new presigned upload'), ...problems(401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', ItemParams),
    async (c) => {
      const { competitionId, itemId } = c.req.valid('param')
      return c.json(await renewUpload(c.var.deps, competitionId, itemId), 200)
    },
  )
  .post(
    '/competitions/:competitionId/items/:itemId/complete',
    doc({
      summary: 'Confirm a document upload',
      description: `${access.manager} Checks the file arrived with the declared size and that its first bytes are of the declared type (else 422 naming \`file\`), and pins that stored version: downloads serve exactly it, whatever is sent later. Then the document is public with its competition.`,
      signedIn: true,
      responses: { 200: ok(DataPackItem, 'The document, now uploaded'), ...problems(401, 403, 404, 409, 422) },
    }),
    requireRole('manager'),
    valid('param', ItemParams),
    async (c) => {
      const { competitionId, itemId } = c.req.valid('param')
      return c.json(await completeUpload(c.var.deps, competitionId, itemId), 200)
    },
  )
  .delete(
    '/competitions/:competitionId/items/:itemId',
    doc({
      summary: 'Remove a data-pack item',
      description: `${access.manager} Of a draft or published competition; a document's file is deleted with it.`,
      signedIn: true,
      responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404, 409) },
    }),
    requireRole('manager'),
    valid('param', ItemParams),
    async (c) => {
      const { competitionId, itemId } = c.req.valid('param')
      await removeDataPackItem(c.var.deps, competitionId, itemId)
      return c.body(null, 204)
    },
  )
  .get(
    '/competitions/:competitionId/items/:itemId/download',
    doc({
      summary: 'Download a document',
      description: `${access.anyoneDraftsManagers} Redirects (302) to a short-lived address that serves the file as an attachment; with \`Accept: application/json\` answers that address instead, so a signed-in page can follow it (a plain link sends no token).`,
      responses: {
        200: ok(DownloadLink, 'The short-lived address (Accept: application/json)'),
        302: { description: 'To the file (Location header)' },
        ...problems(401, 404, 409),
      },
    }),
    valid('param', ItemParams),
    async (c) => {
      const { competitionId, itemId } = c.req.valid('param')
      const url = await documentDownloadUrl(c.var.deps, c.var.user, competitionId, itemId)
      return c.req.header('accept')?.includes('application/json') ? c.json({ url }, 200) : c.redirect(url, 302)
    },
  )
