// Applicants' organisations.
import { Hono } from 'hono'
import {
  OrganisationInput,
  OrganisationPatch,
  SavedOrganisation,
  YourOrganisation,
} from '../../../shared/schemas/organisation.js'
import { editOrganisation, getMyOrganisation, registerOrganisation } from '../../core/organisations/organisations.js'
import type { Env } from '../env.js'
import { requireRole } from '../middleware/auth.js'
import { access, doc, ok, problems, valid } from '../openapi.js'
import { OrganisationParams } from './params.js'

export const organisations = new Hono<Env>()
  .post(
    '/organisations',
    doc({
      summary: 'Register your organisation',
      description: `${access.applicant} One per person; people without a company register as an individual. A Companies House number another account has registered too is saved with a warning (programme managers see both).`,
      signedIn: true,
      responses: { 201: ok(SavedOrganisation, 'The organisation, with any warnings'), ...problems(400, 401, 403, 409) },
    }),
    requireRole('applicant'),
    valid('json', OrganisationInput),
    async (c) =>
      c.json(SavedOrganisation.parse(await registerOrganisation(c.var.deps, c.var.user!, c.req.valid('json'))), 201),
  )
  .get(
    '/me/organisation',
    doc({
      summary: 'Your organisation',
      description: access.applicant,
      signedIn: true,
      responses: { 200: ok(YourOrganisation, 'The organisation you act for'), ...problems(401, 403, 404) },
    }),
    requireRole('applicant'),
    async (c) => c.json(YourOrganisation.parse(await getMyOrganisation(c.var.deps, c.var.user!)), 200),
  )
  .patch(
    '/organisations/:organisationId',
    doc({
      summary: 'Edit your organisation’s profile',
      description: `${access.applicant} Only your own organisation; any other id is a 404. Send the version you last read. A Companies House number another account has registered too is saved with a warning.`,
      signedIn: true,
      responses: {
        200: ok(SavedOrganisation, 'The profile as saved, with any warnings'),
        ...problems(400, 401, 403, 404, 409),
      },
    }),
    requireRole('applicant'),
    valid('param', OrganisationParams),
    valid('json', OrganisationPatch),
    async (c) =>
      c.json(
        SavedOrganisation.parse(
          await editOrganisation(c.var.deps, c.var.user!, c.req.valid('param').organisationId, c.req.valid('json')),
        ),
        200,
      ),
  )
